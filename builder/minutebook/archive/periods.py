"""How a long list is split over pages: an organisation's meetings, a topic's items.

A list of up to LIST_LIMIT entries is one page. A longer one has a page per era of ERA_YEARS
years, fixed in the calendar (2005–2009, 2010–2014, …), and an era of more than LIST_LIMIT
entries a page per year instead. The list's own page then shows each year with its count,
linked to the year's section on its era's (or its own) page.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

# A list of more entries than this (an organisation's meetings, a topic's items, a year's
# meetings) is split over pages: see periods_of.
LIST_LIMIT = 200
ERA_YEARS = 5  # a split list's pages are eras of five years (2005–2009, …), or single years


def fits_one_page(entries: int) -> bool:
    """Is a list of this many entries shown whole on its page (not split)?"""
    return entries <= LIST_LIMIT


class Period(NamedTuple):
    """The years one page of a split list shows: an era (2005–2009) or a single year."""

    first: int
    last: int

    @property
    def slug(self) -> str:
        """The end of the page's address: 2019, or 2005-2009."""
        return str(self.first) if self.first == self.last else f"{self.first}-{self.last}"

    @property
    def label(self) -> str:
        return str(self.first) if self.first == self.last else f"{self.first}–{self.last}"


def periods_of(counts: Mapping[int, int]) -> dict[int, Period]:
    """Each year of a split list (year → entries), with the page it is on.

    The rule: years are grouped in fixed eras of ERA_YEARS (2005–2009, 2010–2014, …), one page
    an era; an era of more than LIST_LIMIT entries has a page a year instead. Eras are fixed in
    the calendar, so a meeting added never moves another to a different page, unless its era
    grows past the limit: then that era's years get pages of their own, and its old address is
    kept by the redirects of addresses that are gone. A page a year for every year, as before,
    made dozens of pages of one to four entries for a list just over the limit; eras give such a
    list pages of about 20 to 200 entries and a fifth of the pages.
    """
    eras: dict[int, int] = {}
    for year, count in counts.items():
        start = year - year % ERA_YEARS
        eras[start] = eras.get(start, 0) + count
    periods = {}
    for year in counts:
        start = year - year % ERA_YEARS
        whole = fits_one_page(eras[start])
        periods[year] = Period(start, start + ERA_YEARS - 1) if whole else Period(year, year)
    return periods


def by_period(counts: dict[int, int]) -> dict[Period, list[int]]:
    """Each page of a split list (see periods_of) with its years, in the order of
    `counts` (newest first)."""
    pages: dict[Period, list[int]] = {}
    for year, period in periods_of(counts).items():
        pages.setdefault(period, []).append(year)
    return pages
