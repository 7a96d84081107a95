"""PLAN the pages of what meetings are held by and about: the organisations' and the topics'
indexes (A–Z), and each one's page, split into pages of five years or of one when its list
is long (see periods.py). Two families of the planner's pages: see views for how the planner
is put together."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

from minutebook.archive.indexes import Attendance, ItemRef, list_size
from minutebook.archive.periods import Period, by_period
from minutebook.archive.views import Context, PageSpec, PlannerBase
from minutebook.core.model import AgendaItem, MeetingId, OrganisationSlug, TopicSlug

TOPICS_ON_ORGANISATION = 10

YearLists = tuple[list[MeetingId], list[Attendance]]


class OrganisationPages(PlannerBase):
    """The organisations' index, and each organisation's page and pages by year: the
    meetings it held and those it attended."""

    __slots__ = ()

    def organisations_index(self) -> PageSpec:
        url = self.urls.organisations()
        entries = [
            self.organisation_link(slug)
            | {
                "held": len(self.archive.held_by.get(slug, ())),
                "attended": list_size(self.archive.attended_by, slug),
            }
            for slug in self.active_organisations()
        ]
        words = self.words("organisations")
        return self.spec(
            url,
            "organisations.html",
            self.page(words["title"], url, [], words["intro"]),
            letters=alphabetical(entries),
        )

    def organisation_years(self, slug: OrganisationSlug) -> dict[int, YearLists]:
        """Meetings held and attended by an organisation, by year, newest first."""
        return self._remember("organisation_years", slug, lambda: self._organisation_years(slug))

    def _organisation_years(self, slug: OrganisationSlug) -> dict[int, YearLists]:
        archive = self.archive
        by_year: dict[int, YearLists] = defaultdict(lambda: ([], []))
        for meeting_id in archive.held_by.get(slug, ()):
            by_year[archive.dates[meeting_id].year][0].append(meeting_id)
        for attendance in archive.attended_by.get(slug, ()):
            by_year[archive.dates[attendance.meeting].year][1].append(attendance)
        return dict(sorted(by_year.items(), reverse=True))

    def organisation_periods(self, slug: OrganisationSlug) -> dict[Period, list[int]]:
        """The pages of an organisation's split list, newest first, with their years."""
        return self._remember(
            "organisation_periods",
            slug,
            lambda: by_period(
                {year: len(h) + len(a) for year, (h, a) in self.organisation_years(slug).items()}
            ),
        )

    def organisation_period(self, slug: OrganisationSlug, year: int) -> Period:
        return next(p for p, years in self.organisation_periods(slug).items() if year in years)

    def organisation_page(self, slug: OrganisationSlug) -> PageSpec:
        archive = self.archive
        organisation = archive.organisations[slug]
        held = archive.held_by.get(slug, ())
        attended = archive.attended_by.get(slug, ())
        inline = self.is_organisation_inline(slug)
        url = self.urls.organisation(slug)
        years = [
            {
                "year": year,
                "url": None
                if inline
                else self.year_on_page(
                    self.urls.organisation(slug, self.organisation_period(slug, year)), year
                ),
                "held_count": len(held_ids),
                "attended_count": len(attendances),
                "held": [self.meeting_link(i) for i in held_ids] if inline else [],
                "attended": [self.attendance(a) for a in attendances] if inline else [],
            }
            for year, (held_ids, attendances) in self.organisation_years(slug).items()
        ]
        return self.spec(
            url,
            "organisation.html",
            self.page(
                organisation.name,
                url,
                [(self.words("site")["organisations"], self.urls.organisations())],
                self.words("organisations")["page_description"].format(name=organisation.name),
                **(self.subscriptions(url, calendar=True) if held else {}),
            ),
            organisation=self.organisation_link(slug)
            | {
                "aliases": [n for n in organisation.names() if n != organisation.name],
                "website": organisation.website,
            },
            held_count=len(held),
            attended_count=len(attended),
            years=years,
            topics=[
                self.topic_link(topic) | {"count": count} for topic, count in self.top_topics(slug)
            ],
        )

    def organisation_year_page(self, slug: OrganisationSlug, period: Period) -> PageSpec:
        organisation = self.archive.organisations[slug]
        by_year = self.organisation_years(slug)
        url = self.urls.organisation(slug, period)
        crumbs = [
            (self.words("site")["organisations"], self.urls.organisations()),
            (organisation.name, self.urls.organisation(slug)),
        ]
        words = self.words("organisations")
        return self.spec(
            url,
            "organisation_year.html",
            self.page(
                words["year_title"].format(name=organisation.name, year=period.label),
                url,
                crumbs,
                words["page_description"].format(name=organisation.name),
            ),
            organisation=self.organisation_link(slug),
            period=period.label,
            years=[
                {
                    "year": year,
                    "url": None,
                    "held": [self.meeting_link(i) for i in by_year[year][0]],
                    "attended": [self.attendance(a) for a in by_year[year][1]],
                }
                for year in self.organisation_periods(slug)[period]
            ],
        )

    def attendance(self, attendance: Attendance) -> Context:
        return self.meeting_link(attendance.meeting) | {"people": list(attendance.people)}

    def top_topics(self, slug: OrganisationSlug) -> list[tuple[TopicSlug, int]]:
        """The topics an organisation's page names: those most discussed at its meetings."""
        return self.archive.organisation_topics(slug)[:TOPICS_ON_ORGANISATION]


class TopicPages(PlannerBase):
    """The topics' index, and each topic's page and pages by year: the items about it."""

    __slots__ = ()

    def topics_index(self) -> PageSpec:
        url = self.urls.topics()
        entries = [
            self.topic_link(slug) | {"count": count}
            for slug in self.archive.topics
            if (count := list_size(self.archive.by_topic, slug))
        ]
        words = self.words("topics")
        return self.spec(
            url,
            "topics.html",
            self.page(words["title"], url, [], words["intro"]),
            letters=alphabetical(entries),
        )

    def topic_years(self, slug: TopicSlug) -> dict[int, list[ItemRef]]:
        return self._remember("topic_years", slug, lambda: self._topic_years(slug))

    def _topic_years(self, slug: TopicSlug) -> dict[int, list[ItemRef]]:
        dates = self.archive.dates
        return dict(grouped_by_year(self.archive.by_topic[slug], lambda r: dates[r.meeting].year))

    def topic_periods(self, slug: TopicSlug) -> dict[Period, list[int]]:
        """The pages of a topic's split list, newest first, with their years."""
        return self._remember(
            "topic_periods",
            slug,
            lambda: by_period({year: len(refs) for year, refs in self.topic_years(slug).items()}),
        )

    def topic_period(self, slug: TopicSlug, year: int) -> Period:
        return next(p for p, years in self.topic_periods(slug).items() if year in years)

    def topic_page(self, slug: TopicSlug) -> PageSpec:
        topic = self.archive.topics[slug]
        refs = self.archive.by_topic[slug]
        url = self.urls.topic(slug)
        inline = self.is_topic_inline(slug)
        years = [
            {
                "year": year,
                "count": len(year_refs),
                "url": None
                if inline
                else self.year_on_page(self.urls.topic(slug, self.topic_period(slug, year)), year),
                "entries": self.topic_entries(year_refs) if inline else None,
            }
            for year, year_refs in self.topic_years(slug).items()
        ]
        return self.spec(
            url,
            "topic.html",
            self.page(
                topic.name,
                url,
                [(self.words("site")["topics"], self.urls.topics())],
                self.words("topics")["page_description"].format(topic=topic.name.lower()),
                **self.subscriptions(url, calendar=False),
            ),
            topic=self.topic_link(slug) | {"aliases": list(topic.aliases), "count": len(refs)},
            years=years,
        )

    def topic_year_page(self, slug: TopicSlug, period: Period) -> PageSpec:
        topic = self.archive.topics[slug]
        by_year = self.topic_years(slug)
        url = self.urls.topic(slug, period)
        crumbs = [
            (self.words("site")["topics"], self.urls.topics()),
            (topic.name, self.urls.topic(slug)),
        ]
        words = self.words("topics")
        return self.spec(
            url,
            "topic_year.html",
            self.page(
                words["year_title"].format(name=topic.name, year=period.label),
                url,
                crumbs,
                words["page_description"].format(topic=topic.name.lower()),
            ),
            topic=self.topic_link(slug),
            period=period.label,
            years=[
                {
                    "year": year,
                    "url": None,
                    "count": len(by_year[year]),
                    "entries": self.topic_entries(by_year[year]),
                }
                for year in self.topic_periods(slug)[period]
            ],
        )

    def topic_entries(self, refs: Sequence[ItemRef]) -> list[Context]:
        """A topic's list. Each meeting's items are looked up by anchor once per list, and not
        kept for other pages: kept for the whole build (1dbb47e), they raised the peak memory
        by 26 MiB at 10,000 meetings, and by 270 MiB at 100,000, over the 2 GiB limit."""
        items: dict[MeetingId, dict[str, AgendaItem]] = {}
        entries = []
        for ref in refs:
            link = self.meeting_link(ref.meeting)
            item = None
            if ref.anchor is not None:
                if ref.meeting not in items:
                    listed = self.archive.meetings[ref.meeting].items
                    items[ref.meeting] = {listed_item.anchor: listed_item for listed_item in listed}
                if found := items[ref.meeting].get(ref.anchor):
                    item = {"number": found.number, "title": found.title}
            url = self.urls.at_item(link["url"], ref.anchor)
            entries.append(link | {"item_url": url, "item": item})
        return entries


def grouped_by_year(
    refs: Iterable[ItemRef], year_of: Callable[[ItemRef], int]
) -> list[tuple[int, list[ItemRef]]]:
    return [(year, list(group)) for year, group in itertools.groupby(refs, key=year_of)]


def alphabetical(entries: list[Context]) -> list[Context]:
    """A–Z sections: [{letter, entries}], by the first letter of each name."""
    entries = sorted(entries, key=lambda entry: entry["name"].casefold())
    sections: dict[str, list[Context]] = {}
    for entry in entries:
        first = entry["name"][:1].upper()
        letter = first if first.isalpha() and first.isascii() else "#"
        sections.setdefault(letter, []).append(entry)
    return [{"letter": letter, "entries": items} for letter, items in sections.items()]
