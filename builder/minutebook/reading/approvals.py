"""What an agenda item says of earlier minutes: "The minutes of the last meeting held on 10th
November 2010 were agreed as a correct record", "Minutes from 17th July 2019 agreed with the
addition of …", "The minutes of the previous meeting were approved subject to the following
amendment". The archive links such an item to the meeting it approves (see
archive/indexes.relations); an explicit `approved_at:` on the earlier minutes always wins.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable
from typing import NamedTuple

from minutebook.core.model import AgendaItem

MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTH = {name: n for n, name in enumerate(MONTHS, 1)} | {
    name[:3]: n for n, name in enumerate(MONTHS, 1)
}
_MONTH["sept"] = 9
_MONTH_NAMES = "|".join(sorted(_MONTH, key=len, reverse=True))
# 10th November 2010, 10 Nov. 2010, 10th of November, 2010
_LONG_DATE = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_NAMES})\.?,?\s+(\d{{4}})\b", re.I
)
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})\b")  # 10/11/2010 (UK)
_VERB = r"(?:agreed|approved|confirmed|accepted|signed|adopted)"
# The minutes … agreed/approved/confirmed/signed (as a correct/true record), in one sentence.
_APPROVES = re.compile(
    rf"\bminutes\b[^.;]*?\b{_VERB}\b|\b{_VERB}\b[^.;]*?\bas\s+an?\s+(?:correct|true|accurate)\s+record\b",
    re.I,
)
_TAG = re.compile(r"<[^>]+>")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


class Approval(NamedTuple):
    """An item that approves earlier minutes: the days it names (none: the last meeting's)."""

    anchor: str
    dates: tuple[dt.date, ...]


def dates_in(text: str) -> list[dt.date]:
    """The days a text names, as UK minutes write them, in the order written."""
    found: list[tuple[int, dt.date]] = []
    for match in _LONG_DATE.finditer(text):
        day, month, year = match.groups()
        found += _day(match.start(), int(year), _MONTH[month.casefold()], int(day))
    for match in _NUMERIC_DATE.finditer(text):
        day, month, year = match.groups()
        full = int(year) + (2000 if len(year) == 2 and int(year) < 70 else 0)
        full += 1900 if len(year) == 2 and full < 100 else 0
        found += _day(match.start(), full, int(month), int(day))
    return [day for _, day in sorted(found)]


def _day(at: int, year: int, month: int, day: int) -> list[tuple[int, dt.date]]:
    try:
        return [(at, dt.date(year, month, day))]
    except ValueError:
        return []  # (not a day: 31st June)


def approval_in(items: Iterable[AgendaItem], held: dt.date) -> Approval | None:
    """The first item whose words approve earlier minutes, with the days it names before
    `held` (the day of the meeting). Exempt items say nothing here."""
    for item in items:
        text = html.unescape(_TAG.sub(" ", item.html))
        for sentence in _SENTENCE.split(" ".join(f"{item.title}. {text}".split())):
            if not _APPROVES.search(sentence):
                continue
            days = tuple(dict.fromkeys(d for d in dates_in(sentence) if d < held))
            return Approval(item.anchor, days)
    return None
