"""PLAN a meeting's own page: who came, its agenda with each item's text, topics and actions,
its documents, and the meetings next to it. One family of the planner's pages: see views for
how the planner is put together."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from minutebook.archive.views import (
    Context,
    PageSpec,
    PlannerBase,
    count_text,
    moment,
    time_text,
)
from minutebook.core.model import (
    AgendaItem,
    Attendee,
    LinkKind,
    Meeting,
    MeetingId,
    MeetingLink,
    OrganisationSlug,
)
from minutebook.reading.markdown import resolve_meeting_links, wrap_tables

# The people present from one organisation as the minutes write it (its entry and the words), or
# (None) from none.
_Group = tuple[OrganisationSlug, str] | None


def exempt_notice(paragraphs: tuple[int, ...], words: Mapping[str, Any]) -> str:
    """The standard notice shown in place of an item considered in private (Schedule 12A)."""
    numbers = [str(n) for n in paragraphs]
    if not numbers:
        return str(words["exempt_private"])
    if len(numbers) == 1:
        return str(words["exempt_one"].format(paragraph=numbers[0]))
    return str(words["exempt_many"].format(paragraphs=", ".join(numbers[:-1]), last=numbers[-1]))


class MeetingPage(PlannerBase):
    """A meeting's page, and the views of its people, items and links."""

    __slots__ = ()

    def meeting_page(self, meeting_id: MeetingId) -> PageSpec:
        archive = self.archive
        meeting = archive.meetings[meeting_id]
        if self.texts is not None:
            meeting = self.texts(meeting)
        url = self.urls.meeting(meeting)
        organisation = self.organisation_link(meeting.organisation)
        body = self.as_written(meeting.organisation, meeting.organisation_as_written)
        title = self.title(meeting)
        neighbours = {
            "previous": archive.previous.get(meeting.id),
            "next": archive.next.get(meeting.id),
            "approved_by": archive.approved_by.get(meeting.id),
        }
        crumbs = [
            (self.words("site")["organisations"], self.urls.organisations()),
            (organisation["name"], organisation["url"]),
        ]
        view: Context = {
            "title": title,
            "date": meeting.date.isoformat(),
            "date_text": self.date_text(meeting.date),
            "year": {"year": meeting.date.year, "url": self.urls.year(meeting.date.year)},
            "month": {
                "name": self.month_text(meeting.date.year, meeting.date.month),
                "url": self.urls.month(meeting.date.year, meeting.date.month),
            },
            "organisation": organisation,
            "organisation_as_written": body,
            "time": time_text(meeting.time, self.strings["time_range"]),
            "location": meeting.location,
            "status": meeting.status.value,
            "present": self.groups(meeting.id, meeting.present),
            "present_grouped": any(p.organisation for p in meeting.present),
            "in_attendance": [self.person(meeting.id, p) for p in meeting.in_attendance],
            "apologies": [self.person(meeting.id, p) for p in meeting.apologies],
            "topics": [self.topic_link(t) for t in meeting.topics],
            "intro_html": self.tables(self.body_html(meeting, meeting.intro_html), title),
            "agenda": [self.item(meeting, item) for item in meeting.items],
            "documents": [
                {
                    "title": doc.title,
                    "url": doc.url or self.urls.document(meeting, doc.file or ""),
                    "address": doc.url
                    or self.urls.absolute(self.urls.document(meeting, doc.file or "")),
                    "external": doc.url is not None,
                }
                for doc in meeting.documents
            ],
            "next_meeting": self.next_meeting(meeting.next_meeting)
            if meeting.next_meeting
            else None,
            "approved_at": self.date_view(meeting.approved_at),
            "approves": [self.meeting_link(i) for i in archive.approves.get(meeting.id, ())],
            "source_url": (
                f"{archive.config.repo_url.rstrip('/')}/blob/HEAD/{meeting.source}"
                if archive.config.repo_url
                else None
            ),
            "extra": dict(meeting.extra),
        } | {key: self.meeting_link(i) if i else None for key, i in neighbours.items()}
        words = self.words("meeting")
        description = words["description_with_items" if meeting.items else "description"].format(
            organisation=organisation["name"],
            date=self.date_text(meeting.date),
            agenda_items=count_text(self.words("counts")["agenda_items"], len(meeting.items)),
        )
        return self.spec(
            url,
            "meeting.html",
            self.page(
                title,
                url,
                [*crumbs, (self.date_text(meeting.date), url)],
                description,
                running_head=words["title"].format(
                    organisation=organisation["name"], date=self.date_text(meeting.date)
                ),
                og_type="article",
                json_ld=self.event_json_ld(meeting, url),
            ),
            meeting=view,
        )

    def event_json_ld(self, meeting: Meeting, url: str) -> Context:
        """The meeting as a schema.org Event, for search engines: serialised (and escaped for
        its <script> block) by the `json_ld` filter, output/formats.py."""
        organisations = self.archive.organisations
        when = self.when(meeting.date, meeting.time)
        guests = dict.fromkeys(p.organisation for p in meeting.attendees() if p.organisation)
        guests.pop(meeting.organisation, None)

        def organisation(slug: OrganisationSlug) -> Context:
            link = self.urls.absolute(self.urls.organisation(slug))
            return {"@type": "Organization", "name": organisations[slug].name, "url": link}

        event: Context = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": self.title(meeting),
            "startDate": moment(when).isoformat() if meeting.time else when["date"],
            "eventStatus": "https://schema.org/EventScheduled",
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "organizer": organisation(meeting.organisation),
            "url": self.urls.absolute(url),
        }
        if meeting.time and meeting.time.end:
            event["endDate"] = moment(when, "end").isoformat()
        if meeting.location:
            event["location"] = {"@type": "Place", "name": meeting.location}
        if guests:
            event["attendee"] = [organisation(slug) for slug in sorted(guests)]
        if topics := meeting.all_topics():
            event["about"] = [
                {
                    "@type": "Thing",
                    "name": self.archive.topics[t].name,
                    "url": self.urls.absolute(self.urls.topic(t)),
                }
                for t in topics
            ]
        return event

    def as_written(self, slug: OrganisationSlug, written: str | None) -> Context:
        """An organisation as the minutes write it, linked to the entry it resolves to, which
        may be listed under another name (`listed_as`, None when it is the same): minutes are
        a record approved as written, so a meeting's page never puts the archive's name in
        place of the clerk's."""
        link = self.organisation_link(slug)
        name = link["name"]
        if written is None or written == name:
            return link | {"listed_as": None}
        return link | {"name": written, "listed_as": name}

    def person(self, meeting_id: MeetingId, person: Attendee) -> Context:
        """A person as the minutes list them, their name linked to their page (if published)."""
        slug = self.archive.people.page_of(meeting_id, person.name)
        return {
            "name": person.name,
            "url": self.urls.person(slug) if slug is not None else None,
            "role": person.role,
            "chair": person.is_chair,
            "organisation": self.as_written(person.organisation, person.organisation_as_written)
            if person.organisation
            else None,
        }

    def groups(self, meeting_id: MeetingId, people: tuple[Attendee, ...]) -> list[Context]:
        """Present members grouped by organisation as written (each linked to the entry it
        resolves to), A–Z, people without one last: two spellings of one body are two groups,
        as the minutes record them."""
        grouped: dict[_Group, list[Attendee]] = defaultdict(list)
        for person in people:
            slug = person.organisation
            if slug is None:
                grouped[None].append(person)
                continue
            written = person.organisation_as_written or self.archive.organisations[slug].name
            grouped[(slug, written)].append(person)
        order = sorted(
            grouped,
            key=lambda group: (
                (False, group[1].casefold(), group[1], group[0]) if group else (True, "", "", "")
            ),
        )
        return [
            {
                "organisation": self.as_written(*group) if group else None,
                "people": [self.person(meeting_id, p) for p in grouped[group]],
            }
            for group in order
        ]

    def item(self, meeting: Meeting, item: AgendaItem) -> Context:
        heading = f"{item.number} {item.title}" if item.number else item.title
        return {
            "number": item.number,
            "title": item.title,
            "anchor": item.anchor,
            "html": self.tables(self.body_html(meeting, item.html), heading),
            "topics": [self.topic_link(t) for t in item.topics],
            "actions": list(item.actions),
            "subheadings": [{"title": s.title, "anchor": s.anchor} for s in item.subheadings],
            "procedural": item.is_procedural,
            "approves": [self.meeting_link(i) for i in self.approved_by_words(meeting)]
            if item.anchor == meeting.approval_item
            else [],
            "exempt_notice": exempt_notice(item.exempt_paragraphs, self.words("meeting"))
            if item.exempt_paragraphs is not None
            else None,
        }

    def approved_by_words(self, meeting: Meeting) -> list[MeetingId]:
        """The minutes a meeting approves that its words name (see reading/approvals.py): those
        of the days they name, or else the last meeting's (not those whose `approved_at:` names
        this meeting, which the page lists apart)."""
        archive = self.archive
        approved = archive.approves.get(meeting.id, ())
        if meeting.approves_minutes_of:
            days = set(meeting.approves_minutes_of)
            return [i for i in approved if archive.meetings[i].date in days]
        return [i for i in approved if i == archive.previous.get(meeting.id)]

    def tables(self, html: str, heading: str) -> str:
        """The minutes' tables, each in a region named after the item (or, in the introduction,
        the meeting) that holds it, for a keyboard to reach and a screen reader to announce."""
        if "<table" not in html:
            return html
        words = self.words("meeting")

        def label(number: int, count: int) -> str:
            if count == 1:
                return str(words["table"].format(heading=heading))
            return str(words["table_of_several"].format(heading=heading, number=number))

        return wrap_tables(html, label)

    def body_html(self, meeting: Meeting, html: str) -> str:
        """The minutes' HTML with each link and image into the site pointing where it leads."""
        if not meeting.links:
            return html
        return resolve_meeting_links(
            html, lambda index: self.linked_url(meeting, meeting.links[index])
        )

    def linked_url(self, meeting: Meeting, link: MeetingLink) -> str | None:
        """Where a link in a meeting's minutes leads, or None when that is not published (a
        draft, a file that is not one of the meeting's documents: see archive/links.py)."""
        fragment = f"#{link.fragment}" if link.fragment else ""
        if link.kind is LinkKind.ANCHOR:
            return fragment
        if link.kind is LinkKind.SERVER:
            return link.target
        if link.kind is LinkKind.FILE:
            if not any(document.file == link.target for document in meeting.documents):
                return None
            return self.urls.document(meeting, link.target) + fragment
        linked = self.archive.by_source.get(link.target)
        if linked is None:
            return None
        return self.urls.meeting(self.archive.meetings[linked]) + fragment
