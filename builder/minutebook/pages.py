"""PLAN: Archive → the list of pages to render, each with its template and a plain context.

Every function here is pure: the same Archive gives the same pages, in the same order, so pages
can be rendered in parallel and compared byte for byte. Templates receive plain data only.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from minutebook.indexes import Archive, Attendance, ItemRef
from minutebook.model import (
    AgendaItem,
    Attendee,
    Meeting,
    MeetingId,
    NextMeeting,
    OrganisationSlug,
    Status,
    TimeRange,
    TopicSlug,
)
from minutebook.urls import Urls

LIST_LIMIT = 100  # longer lists are split into one page per year
LATEST_ON_HOME = 10
TOPICS_ON_ORGANISATION = 10
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
STATUS_NOTICES = {
    Status.UNCONFIRMED: (
        "Draft minutes, not yet approved. These minutes will be confirmed, and may be "
        "corrected, at a later meeting."
    ),
    Status.DRAFT: "DRAFT: these minutes are not published. This preview shows work in progress.",
}

Context = dict[str, Any]


@dataclass(frozen=True, slots=True)
class PageSpec:
    url: str
    output: str  # relative to the output folder
    template: str
    context: Mapping[str, Any]
    inputs: tuple[str, ...] = field(default=())  # source files the page is made from


def long_date(day: dt.date) -> str:
    """15 February 2011, whatever the machine's locale."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def time_text(time: TimeRange | None) -> str | None:
    if time is None:
        return None
    start = time.start.strftime("%H:%M")
    return f"{start} to {time.end.strftime('%H:%M')}" if time.end else start


@dataclass(frozen=True, slots=True)
class Planner:
    archive: Archive
    urls: Urls

    # -- small views ------------------------------------------------------------------------

    def site(self) -> Context:
        config = self.archive.config
        return {
            "title": config.title,
            "description": config.description,
            "language": config.language,
            "home": self.urls.home(),
            "meetings": self.urls.meetings(),
            "organisations": self.urls.organisations(),
            "topics": self.urls.topics(),
            "stylesheet": self.urls.static("style.css"),
            "repo_url": config.repo_url,
        }

    def organisation_link(self, slug: OrganisationSlug) -> Context:
        organisation = self.archive.organisations[slug]
        return {
            "name": organisation.name,
            "short_name": organisation.short_name,
            "url": self.urls.organisation(slug),
        }

    def topic_link(self, slug: TopicSlug) -> Context:
        return {"name": self.archive.topics[slug].name, "url": self.urls.topic(slug)}

    def title(self, meeting: Meeting) -> str:
        if meeting.title:
            return meeting.title
        name = self.archive.organisations[meeting.organisation].name
        return f"{name}, {long_date(meeting.date)}"

    def meeting_link(self, meeting_id: MeetingId) -> Context:
        meeting = self.archive.meetings[meeting_id]
        return {
            "url": self.urls.meeting(meeting),
            "title": self.title(meeting),
            "date": meeting.date.isoformat(),
            "date_text": long_date(meeting.date),
            "organisation": self.organisation_link(meeting.organisation),
            "status": meeting.status.value,
        }

    def page(
        self, title: str, url: str, crumbs: Iterable[tuple[str, str]], description: str = ""
    ) -> Context:
        return {
            "title": title,
            "url": url,
            "canonical": self.urls.absolute(url),
            "description": description or self.archive.config.description,
            "breadcrumbs": [{"label": "Home", "url": self.urls.home()}]
            + [{"label": label, "url": link} for label, link in crumbs],
        }

    def spec(
        self, url: str, template: str, page: Context, inputs: Iterable[str] = (), **context: Any
    ) -> PageSpec:
        return PageSpec(
            url,
            self.urls.output_path(url),
            template,
            {"site": self.site(), "page": page, **context},
            tuple(sorted(set(inputs))),
        )

    def sources(self, ids: Iterable[MeetingId]) -> list[str]:
        return [self.archive.meetings[i].source for i in ids]

    # -- the pages ----------------------------------------------------------------------------

    def plan(self) -> list[PageSpec]:
        pages = [self.home(), self.not_found(), self.meetings_index()]
        pages += [self.meeting_page(m) for m in self.archive.meetings.values()]
        pages += self.date_pages()
        pages.append(self.organisations_index())
        for organisation in self.active_organisations():
            pages += self.organisation_pages(organisation)
        pages.append(self.topics_index())
        for topic in self.archive.by_topic:
            pages += self.topic_pages(topic)
        return pages

    def home(self) -> PageSpec:
        archive = self.archive
        latest = list(archive.meetings)[-LATEST_ON_HOME:][::-1]
        upcoming = sorted(
            (
                (meeting.next_meeting, meeting)
                for meeting in archive.meetings.values()
                if meeting.next_meeting and meeting.next_meeting.date >= archive.build_date
            ),
            key=lambda pair: (pair[0].date, pair[1].id),
        )
        bodies = [
            self.organisation_link(slug) | {"count": len(ids)}
            for slug, ids in archive.held_by.items()
        ]
        bodies.sort(key=lambda link: link["name"].casefold())
        return self.spec(
            self.urls.home(),
            "home.html",
            self.page(archive.config.title, self.urls.home(), []) | {"breadcrumbs": []},
            self.sources(latest),
            latest=[self.meeting_link(i) for i in latest],
            upcoming=[
                self.next_meeting(next_meeting)
                | {"organisation": self.organisation_link(m.organisation)}
                for next_meeting, m in upcoming
            ],
            bodies=bodies,
            years=self.year_counts(),
            topic_count=len(archive.by_topic),
            organisation_count=len(self.active_organisations()),
            meeting_count=len(archive.meetings),
        )

    def not_found(self) -> PageSpec:
        url = self.urls.not_found()
        return self.spec(url, "404.html", self.page("Page not found", url, []))

    def year_counts(self) -> list[Context]:
        return [
            {"year": year, "count": len(ids), "url": self.urls.year(year)}
            for year, ids in sorted(self.archive.by_year.items(), reverse=True)
        ]

    def meetings_index(self) -> PageSpec:
        url = self.urls.meetings()
        return self.spec(
            url, "meetings.html", self.page("Meetings by date", url, []), years=self.year_counts()
        )

    def date_pages(self) -> list[PageSpec]:
        pages: list[PageSpec] = []
        for year, ids in self.archive.by_year.items():
            months: dict[int, list[MeetingId]] = defaultdict(list)
            for meeting_id in ids:
                months[self.archive.meetings[meeting_id].date.month].append(meeting_id)
            inline = len(ids) <= LIST_LIMIT
            year_url = self.urls.year(year)
            crumbs = [("Meetings", self.urls.meetings())]
            pages.append(
                self.spec(
                    year_url,
                    "year.html",
                    self.page(f"Meetings in {year}", year_url, crumbs),
                    self.sources(ids) if inline else (),
                    year=year,
                    months=[
                        {
                            "name": MONTHS[month - 1],
                            "url": self.urls.month(year, month),
                            "count": len(month_ids),
                            "meetings": [self.meeting_link(i) for i in month_ids]
                            if inline
                            else None,
                        }
                        for month, month_ids in sorted(months.items())
                    ],
                    previous_year=self.neighbour_year(year, -1),
                    next_year=self.neighbour_year(year, +1),
                )
            )
            for month, month_ids in sorted(months.items()):
                month_url = self.urls.month(year, month)
                name = f"{MONTHS[month - 1]} {year}"
                pages.append(
                    self.spec(
                        month_url,
                        "month.html",
                        self.page(
                            f"Meetings in {name}", month_url, [*crumbs, (str(year), year_url)]
                        ),
                        self.sources(month_ids),
                        year=year,
                        month_name=name,
                        meetings=[self.meeting_link(i) for i in month_ids],
                    )
                )
        return pages

    def neighbour_year(self, year: int, step: int) -> Context | None:
        years = sorted(self.archive.by_year)
        index = years.index(year) + step
        if 0 <= index < len(years):
            return {"year": years[index], "url": self.urls.year(years[index])}
        return None

    # -- meetings -----------------------------------------------------------------------------

    def meeting_page(self, meeting: Meeting) -> PageSpec:
        archive = self.archive
        url = self.urls.meeting(meeting)
        organisation = self.organisation_link(meeting.organisation)
        title = self.title(meeting)
        neighbours = {
            "previous": archive.previous.get(meeting.id),
            "next": archive.next.get(meeting.id),
            "approved_by": archive.approved_by.get(meeting.id),
        }
        crumbs = [
            ("Organisations", self.urls.organisations()),
            (organisation["name"], organisation["url"]),
        ]
        related = [i for i in (*neighbours.values(), *archive.approves.get(meeting.id, ())) if i]
        view: Context = {
            "title": title,
            "date": meeting.date.isoformat(),
            "date_text": long_date(meeting.date),
            "year": {"year": meeting.date.year, "url": self.urls.year(meeting.date.year)},
            "month": {
                "name": f"{MONTHS[meeting.date.month - 1]} {meeting.date.year}",
                "url": self.urls.month(meeting.date.year, meeting.date.month),
            },
            "organisation": organisation,
            "time": time_text(meeting.time),
            "location": meeting.location,
            "status": meeting.status.value,
            "status_notice": STATUS_NOTICES.get(meeting.status),
            "present": self.groups(meeting.present),
            "in_attendance": [self.person(p) for p in meeting.in_attendance],
            "apologies": [self.person(p) for p in meeting.apologies],
            "topics": [self.topic_link(t) for t in meeting.topics],
            "intro_html": meeting.intro_html,
            "agenda": [self.item(item) for item in meeting.items],
            "documents": [
                {
                    "title": doc.title,
                    "url": doc.url or self.urls.document(meeting, doc.file or ""),
                    "external": doc.url is not None,
                }
                for doc in meeting.documents
            ],
            "next_meeting": self.next_meeting(meeting.next_meeting)
            if meeting.next_meeting
            else None,
            "approved_at": long_date(meeting.approved_at) if meeting.approved_at else None,
            "approves": [self.meeting_link(i) for i in archive.approves.get(meeting.id, ())],
            "source_url": (
                f"{archive.config.repo_url.rstrip('/')}/blob/HEAD/{meeting.source}"
                if archive.config.repo_url
                else None
            ),
            "extra": dict(meeting.extra),
        } | {key: self.meeting_link(i) if i else None for key, i in neighbours.items()}
        description = (
            f"Minutes of the {organisation['name']} meeting on {long_date(meeting.date)}"
            + (f": {len(meeting.items)} agenda items." if meeting.items else ".")
        )
        return self.spec(
            url,
            "meeting.html",
            self.page(title, url, [*crumbs, (long_date(meeting.date), url)], description),
            [meeting.source, *self.sources(related)],
            meeting=view,
        )

    def person(self, person: Attendee) -> Context:
        return {
            "name": person.name,
            "role": person.role,
            "chair": person.is_chair,
            "organisation": self.organisation_link(person.organisation)
            if person.organisation
            else None,
        }

    def groups(self, people: tuple[Attendee, ...]) -> list[Context]:
        """Present members grouped by organisation, A–Z, people without one last."""
        grouped: dict[OrganisationSlug | None, list[Attendee]] = defaultdict(list)
        for person in people:
            grouped[person.organisation].append(person)
        order = sorted(
            grouped,
            key=lambda slug: (
                slug is None,
                self.archive.organisations[slug].name.casefold() if slug else "",
            ),
        )
        return [
            {
                "organisation": self.organisation_link(slug) if slug else None,
                "people": [self.person(p) for p in grouped[slug]],
            }
            for slug in order
        ]

    def item(self, item: AgendaItem) -> Context:
        return {
            "number": item.number,
            "title": item.title,
            "anchor": item.anchor,
            "html": item.html,
            "topics": [self.topic_link(t) for t in item.topics],
            "actions": list(item.actions),
            "subheadings": [{"title": s.title, "anchor": s.anchor} for s in item.subheadings],
            "procedural": item.is_procedural,
        }

    def next_meeting(self, next_meeting: NextMeeting) -> Context:
        return {
            "date": next_meeting.date.isoformat(),
            "date_text": long_date(next_meeting.date),
            "time": time_text(next_meeting.time),
            "location": next_meeting.location,
        }

    # -- organisations ------------------------------------------------------------------------

    def active_organisations(self) -> list[OrganisationSlug]:
        """Organisations that held or attended a published meeting, A–Z."""
        active = set(self.archive.held_by) | set(self.archive.attended_by)
        return [slug for slug in self.archive.organisations if slug in active]

    def organisations_index(self) -> PageSpec:
        url = self.urls.organisations()
        entries = [
            self.organisation_link(slug)
            | {
                "held": len(self.archive.held_by.get(slug, ())),
                "attended": len(self.archive.attended_by.get(slug, ())),
            }
            for slug in self.active_organisations()
        ]
        return self.spec(
            url,
            "organisations.html",
            self.page("Organisations", url, []),
            letters=alphabetical(entries),
        )

    def organisation_pages(self, slug: OrganisationSlug) -> list[PageSpec]:
        archive = self.archive
        link = self.organisation_link(slug)
        organisation = archive.organisations[slug]
        held = list(archive.held_by.get(slug, ()))
        attended = list(archive.attended_by.get(slug, ()))
        by_year: dict[int, Context] = defaultdict(lambda: {"held": [], "attended": []})
        for meeting_id in held:
            by_year[archive.meetings[meeting_id].date.year]["held"].append(
                self.meeting_link(meeting_id)
            )
        for attendance in attended:
            by_year[archive.meetings[attendance.meeting].date.year]["attended"].append(
                self.attendance(attendance)
            )
        inline = len(held) + len(attended) <= LIST_LIMIT
        url = self.urls.organisation(slug)
        crumbs = [("Organisations", self.urls.organisations())]
        years = [
            {
                "year": year,
                "url": None if inline else self.urls.organisation(slug, year),
                "held_count": len(lists["held"]),
                "attended_count": len(lists["attended"]),
                **(lists if inline else {}),
            }
            for year, lists in sorted(by_year.items(), reverse=True)
        ]
        everything = held + [a.meeting for a in attended]
        pages = [
            self.spec(
                url,
                "organisation.html",
                self.page(
                    organisation.name,
                    url,
                    crumbs,
                    f"Meetings held and attended by {organisation.name}.",
                ),
                self.sources(everything if inline else held[:1]),
                organisation=link
                | {
                    "aliases": [n for n in organisation.names() if n != organisation.name],
                    "website": organisation.website,
                },
                held_count=len(held),
                attended_count=len(attended),
                years=years,
                topics=[
                    self.topic_link(topic) | {"count": count}
                    for topic, count in archive.organisation_topics(slug)[:TOPICS_ON_ORGANISATION]
                ],
            )
        ]
        if not inline:
            for year, lists in sorted(by_year.items(), reverse=True):
                year_url = self.urls.organisation(slug, year)
                pages.append(
                    self.spec(
                        year_url,
                        "organisation_year.html",
                        self.page(
                            f"{organisation.name}: {year}",
                            year_url,
                            [*crumbs, (organisation.name, url)],
                        ),
                        (),
                        organisation=link,
                        year=year,
                        held=lists["held"],
                        attended=lists["attended"],
                    )
                )
        return pages

    def attendance(self, attendance: Attendance) -> Context:
        return self.meeting_link(attendance.meeting) | {"people": list(attendance.people)}

    # -- topics -------------------------------------------------------------------------------

    def topics_index(self) -> PageSpec:
        url = self.urls.topics()
        entries = [
            self.topic_link(slug) | {"count": len(refs)}
            for slug in self.archive.topics
            if (refs := self.archive.by_topic.get(slug))
        ]
        return self.spec(
            url, "topics.html", self.page("Topics", url, []), letters=alphabetical(entries)
        )

    def topic_pages(self, slug: TopicSlug) -> list[PageSpec]:
        topic = self.archive.topics[slug]
        refs = self.archive.by_topic[slug]
        url = self.urls.topic(slug)
        crumbs = [("Topics", self.urls.topics())]
        by_year = grouped_by_year(refs, lambda ref: self.archive.meetings[ref.meeting].date.year)
        inline = len(refs) <= LIST_LIMIT
        years = [
            {
                "year": year,
                "count": len(year_refs),
                "url": None if inline else self.urls.topic(slug, year),
                "entries": [self.topic_entry(ref) for ref in year_refs] if inline else None,
            }
            for year, year_refs in by_year
        ]
        description = f"Agenda items about {topic.name.lower()}, newest first."
        pages = [
            self.spec(
                url,
                "topic.html",
                self.page(topic.name, url, crumbs, description),
                self.sources(r.meeting for r in refs) if inline else (),
                topic=self.topic_link(slug) | {"aliases": list(topic.aliases), "count": len(refs)},
                years=years,
            )
        ]
        if not inline:
            for year, year_refs in by_year:
                year_url = self.urls.topic(slug, year)
                pages.append(
                    self.spec(
                        year_url,
                        "topic_year.html",
                        self.page(f"{topic.name}: {year}", year_url, [*crumbs, (topic.name, url)]),
                        self.sources(r.meeting for r in year_refs),
                        topic=self.topic_link(slug),
                        year=year,
                        entries=[self.topic_entry(ref) for ref in year_refs],
                    )
                )
        return pages

    def topic_entry(self, ref: ItemRef) -> Context:
        meeting = self.archive.meetings[ref.meeting]
        item = next((i for i in meeting.items if i.anchor == ref.anchor), None)
        return self.meeting_link(ref.meeting) | {
            "item_url": self.urls.item(meeting, ref.anchor),
            "item": {"number": item.number, "title": item.title} if item else None,
        }


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


def plan_pages(archive: Archive) -> list[PageSpec]:
    return Planner(archive, Urls(archive.config.base_url)).plan()
