"""PLAN the meetings by date: the index of the years, each year's page and each month's. One
family of the planner's pages: see views for how the planner is put together."""

from __future__ import annotations

from collections import defaultdict

from minutebook.archive.views import Context, PageSpec, PlannerBase
from minutebook.core.model import MeetingId


class DatePages(PlannerBase):
    """The meetings index, the years' and the months' pages."""

    __slots__ = ()

    def meetings_index(self) -> PageSpec:
        url = self.urls.meetings()
        words = self.words("dates")
        return self.spec(
            url,
            "meetings.html",
            self.page(words["title"], url, [], words["description"]),
            years=self.year_counts(),
        )

    def months(self, year: int) -> dict[int, list[MeetingId]]:
        return self._remember("months", year, lambda: self._months(year))

    def _months(self, year: int) -> dict[int, list[MeetingId]]:
        months: dict[int, list[MeetingId]] = defaultdict(list)
        for meeting_id in self.archive.by_year[year]:
            months[self.archive.dates[meeting_id].month].append(meeting_id)
        return dict(sorted(months.items()))

    def year_page(self, year: int) -> PageSpec:
        inline = self.is_year_inline(year)
        url = self.urls.year(year)
        words = self.words("dates")
        return self.spec(
            url,
            "year.html",
            self.page(
                words["year_title"].format(year=year),
                url,
                [(self.words("site")["meetings"], self.urls.meetings())],
                words["year_description"].format(year=year),
            ),
            year=year,
            months=[
                {
                    "name": self.month_name(month),
                    "url": self.urls.month(year, month),
                    "count": len(month_ids),
                    "meetings": [self.meeting_link(i) for i in month_ids] if inline else None,
                }
                for month, month_ids in self.months(year).items()
            ],
            previous_year=self.neighbour_year(year, -1),
            next_year=self.neighbour_year(year, +1),
        )

    def month_page(self, year: int, month: int) -> PageSpec:
        ids = self.months(year)[month]
        url = self.urls.month(year, month)
        words = self.words("dates")
        name = self.month_name(month)
        crumbs = [
            (self.words("site")["meetings"], self.urls.meetings()),
            (str(year), self.urls.year(year)),
        ]
        return self.spec(
            url,
            "month.html",
            self.page(
                words["month_title"].format(month=name, year=year),
                url,
                crumbs,
                words["month_description"].format(month=name, year=year),
            ),
            year=year,
            month_name=self.month_text(year, month),
            meetings=[self.meeting_link(i) for i in ids],
        )

    def neighbour_year(self, year: int, step: int) -> Context | None:
        found = self.years_around(year)[0 if step < 0 else 1]
        return {"year": found, "url": self.urls.year(found)} if found is not None else None

    def years_around(self, year: int) -> tuple[int | None, int | None]:
        """The years before and after `year` that have meetings, if any."""
        years = sorted(self.archive.by_year)
        at = years.index(year)
        return (years[at - 1] if at else None, years[at + 1] if at + 1 < len(years) else None)
