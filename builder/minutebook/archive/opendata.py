"""PLAN the open data: the archive as JSON (an index, one file per meeting shaped after Open
Civic Data's Event, with attendance as Popolo memberships, and the vocabularies) and as CSV
tables, with their JSON Schemas and a page describing them (/data/). Plain data, like the pages:
output/formats.py writes JSON and CSV (escaped and neutralised for spreadsheets there). Only what
the pages publish is here: the archive holds published meetings only, and an exempt item's text
is not kept at all. One family of the planner's files: see views for how it is put together."""

from __future__ import annotations

from minutebook.archive import data_schemas
from minutebook.archive.views import Context, PageSpec, PlannerBase
from minutebook.core.model import Attendee, Meeting, MeetingId

JSON = "@json"  # the "templates" of data files: written by output/formats.py
CSV = "@csv"
# The data files of the whole archive (each a PageRef kind "data_file" with its name).
TABLES = ("meetings.csv", "attendance.csv", "items.csv")
INDEXES = ("meetings.json", "organisations.json", "topics.json")
VOCABULARIES = frozenset(INDEXES[1:])  # (they list every name, not only their meetings')
ATTENDANCE = (
    ("present", "present"),
    ("in_attendance", "in attendance"),
    ("apologies", "apologies"),
)


def published_facts(meeting: Meeting) -> tuple[object, ...]:
    """All the feeds, calendars and data files show of a meeting, beyond where it is and what
    lists show of it (see reading/digests.py): an edit that leaves these as they were (to the
    minutes' text, or a line moved) leaves every one of those files as it was."""
    people = [
        [(p.name, p.organisation, p.organisation_as_written, p.role, p.is_chair) for p in group]
        for group in (meeting.present, meeting.in_attendance, meeting.apologies)
    ]
    return (
        meeting.time,
        meeting.location,
        meeting.next_meeting,
        people,
        [(d.title, d.file, d.url) for d in meeting.documents],
        [(i.number, i.title, i.anchor, i.topics, i.is_exempt) for i in meeting.items],
    )


class OpenData(PlannerBase):
    """The data files (config `data`), their schemas and the page that describes them."""

    __slots__ = ()

    def data_file(self, name: str) -> PageSpec:
        url = self.urls.data(name)
        if name.startswith("schemas/"):
            schema = data_schemas.SCHEMAS[name.removeprefix("schemas/")]
            return PageSpec(url, self.urls.output_path(url), JSON, {"data": schema})
        if name in TABLES:
            rows = getattr(self, "rows_" + name.removesuffix(".csv"))()
            return PageSpec(url, self.urls.output_path(url), CSV, {"rows": rows})
        data = getattr(self, "index_" + name.removesuffix(".json"))()
        return PageSpec(url, self.urls.output_path(url), JSON, {"data": data})

    def meeting_data(self, meeting_id: MeetingId) -> PageSpec:
        meeting = self.as_published(meeting_id)  # (read once: not kept, see published)
        url = self.urls.meeting_data(meeting_id)
        data = {"meta": self.meta("event.schema.json"), "event": self.event(meeting)}
        return PageSpec(url, self.urls.output_path(url), JSON, {"data": data})

    def data_page(self) -> PageSpec:
        url = self.urls.data()
        words = self.words("data")
        files = [
            {
                "name": name,
                # (meetings/ is a folder of files, each named in meetings.json: no page)
                "url": self.urls.data(name) if not name.endswith("/") else None,
                "about": words["files"][key],
            }
            for name, key in [
                *((n, n.replace(".", "_")) for n in INDEXES),
                ("meetings/", "meeting_files"),
                *((n, n.replace(".", "_")) for n in TABLES),
            ]
        ]
        schemas = [
            {"name": name, "url": self.urls.data("schemas/" + name)}
            for name in data_schemas.SCHEMAS
        ]
        licence = self.archive.config.publishing.licence
        return self.spec(
            url,
            "data.html",
            self.page(words["title"], url, [(words["title"], url)], words["description"]),
            files=files,
            schemas=schemas,
            licence={"name": licence.name, "url": licence.url, "attribution": licence.attribution},
            personal_names=self.archive.config.publishing.personal_names,
            feed=self.urls.feed() if self.archive.config.publishing.feeds else None,
            calendar=self.urls.calendar() if self.archive.config.publishing.calendar else None,
        )

    # -- JSON ---------------------------------------------------------------------------------

    def meta(self, schema: str) -> Context:
        licence = self.archive.config.publishing.licence
        return {
            "schema": self.urls.absolute(self.urls.data("schemas/" + schema)),
            "licence": {
                "name": licence.name,
                "url": licence.url,
                "attribution": licence.attribution,
            },
            "personal_data": self.words("data")["personal_data"],
        }

    def index_meetings(self) -> Context:
        meetings = []
        for meeting_id, meeting in self.archive.meetings.items():
            meetings.append(
                {
                    "id": meeting_id,
                    "name": self.title(meeting),
                    "start_date": meeting.date.isoformat(),
                    "organisation": meeting.organisation,
                    "status": meeting.status.value,
                    "url": self.urls.absolute(self.urls.meeting(meeting)),
                    "data": self.urls.absolute(self.urls.meeting_data(meeting_id)),
                }
            )
        return {"meta": self.meta("meetings.schema.json"), "meetings": meetings}

    def index_organisations(self) -> Context:
        entries = [
            {
                "id": slug,
                "name": entry.name,
                "short_name": entry.short_name,
                "aliases": list(entry.aliases),
                "website": entry.website,
                "url": self.urls.absolute(self.urls.organisation(slug))
                if slug in self.active_organisations()
                else None,
            }
            for slug, entry in self.archive.organisations.items()
        ]
        return {"meta": self.meta("vocabulary.schema.json"), "organisations": entries}

    def index_topics(self) -> Context:
        entries = [
            {
                "id": slug,
                "name": entry.name,
                "aliases": list(entry.aliases),
                "url": self.urls.absolute(self.urls.topic(slug))
                if slug in self.archive.by_topic
                else None,
            }
            for slug, entry in self.archive.topics.items()
        ]
        return {"meta": self.meta("vocabulary.schema.json"), "topics": entries}

    def event(self, meeting: Meeting) -> Context:
        """A meeting after Open Civic Data's Event: its items as the agenda, its body and the
        organisations that attended as participants, its people as Popolo memberships."""
        url = self.urls.absolute(self.urls.meeting(meeting))
        when = self.when(meeting.date, meeting.time)
        organisations = self.archive.organisations
        guests = dict.fromkeys(p.organisation for p in meeting.attendees() if p.organisation)
        guests.pop(meeting.organisation, None)
        return {
            "id": meeting.id,
            "name": self.title(meeting),
            "classification": "meeting",
            "start_date": when["date"],
            "start_time": when["start"],
            "end_time": when["end"],
            "timezone": when["time_zone"],
            "all_day": meeting.time is None,
            "status": "passed",
            "minutes_status": meeting.status.value,
            "approved_at": meeting.approved_at.isoformat() if meeting.approved_at else None,
            "location": {"name": meeting.location} if meeting.location else None,
            "participants": [
                {
                    "entity_type": "organization",
                    "entity_id": slug,
                    "entity_name": organisations[slug].name,
                    "note": "host" if slug == meeting.organisation else "attendee",
                }
                for slug in [meeting.organisation, *sorted(guests)]
            ],
            "attendance": [
                self.membership(person, state)
                for field, state in ATTENDANCE
                for person in getattr(meeting, field)
            ],
            "topics": [
                {"id": t, "name": self.archive.topics[t].name} for t in meeting.all_topics()
            ],
            "agenda": [
                {
                    "order": order,
                    "number": item.number,
                    "description": item.title,
                    "exempt": item.is_exempt,
                    "subjects": [self.archive.topics[t].name for t in item.topics],
                    "url": self.urls.absolute(self.urls.item(meeting, item.anchor)),
                }
                for order, item in enumerate(meeting.items, 1)
            ],
            "documents": [
                {
                    "note": document.title,
                    "url": document.url
                    or self.urls.absolute(self.urls.document(meeting, document.file or "")),
                }
                for document in meeting.documents
            ],
            "next_meeting": self.when(meeting.next_meeting.date, meeting.next_meeting.time)
            | {"location": meeting.next_meeting.location}
            if meeting.next_meeting
            else None,
            "links": [{"note": "minutes", "url": url}],
        }

    def membership(self, person: Attendee, state: str) -> Context:
        """A Popolo Membership: the person (unless `data.personal_names: false`), the
        organisation as the minutes write it and its entry, the role, and the attendance."""
        organisation = None
        if person.organisation is not None:
            entry = self.archive.organisations[person.organisation]
            organisation = {
                "id": entry.slug,
                "name": entry.name,
                "name_as_written": person.organisation_as_written or entry.name,
            }
        membership: Context = {}
        if self.archive.config.publishing.personal_names:
            membership["person"] = {"name": person.name}
        return membership | {
            "organization": organisation,
            "role": person.role,
            "chair": person.is_chair,
            "attendance": state,
        }

    # -- CSV ----------------------------------------------------------------------------------

    def rows_meetings(self) -> list[list[str]]:
        rows = [
            ["id", "date", "start", "end", "title", "organisation", "status", "location", "url"]
        ]
        for meeting_id in self.archive.meetings:
            meeting = self.published(meeting_id)
            when = self.when(meeting.date, meeting.time)
            rows.append(
                [
                    meeting_id,
                    when["date"],
                    when["start"] or "",
                    when["end"] or "",
                    self.title(meeting),
                    self.archive.organisations[meeting.organisation].name,
                    meeting.status.value,
                    meeting.location or "",
                    self.urls.absolute(self.urls.meeting(meeting)),
                ]
            )
        return rows

    def rows_attendance(self) -> list[list[str]]:
        names = self.archive.config.publishing.personal_names
        head = ["meeting", "date", *(["person"] if names else [])]
        rows = [[*head, "organisation_as_written", "organisation", "role", "attendance"]]
        for meeting_id in self.archive.meetings:
            meeting = self.published(meeting_id)
            for field, state in ATTENDANCE:
                person: Attendee
                for person in getattr(meeting, field):
                    slug = person.organisation
                    entry = self.archive.organisations[slug] if slug is not None else None
                    rows.append(
                        [
                            meeting_id,
                            meeting.date.isoformat(),
                            *([person.name] if names else []),
                            (person.organisation_as_written or entry.name) if entry else "",
                            entry.name if entry else "",
                            person.role or "",
                            state,
                        ]
                    )
        return rows

    def rows_items(self) -> list[list[str]]:
        rows = [["meeting", "date", "order", "number", "title", "topics", "exempt", "url"]]
        for meeting_id, meeting in self.archive.meetings.items():
            for order, item in enumerate(meeting.items, 1):
                rows.append(
                    [
                        meeting_id,
                        meeting.date.isoformat(),
                        str(order),
                        item.number or "",
                        item.title,
                        "; ".join(self.archive.topics[t].name for t in item.topics),
                        "yes" if item.is_exempt else "no",
                        self.urls.absolute(self.urls.item(meeting, item.anchor)),
                    ]
                )
        return rows
