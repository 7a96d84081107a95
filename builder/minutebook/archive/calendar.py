"""PLAN the iCalendar files: the meetings held (with their time and place, when the minutes give
them) and every next meeting the minutes announce, of the site and of each organisation. Plain
data, like the pages: output/formats.py writes them with `icalendar`. One family of the
planner's files: see views for how the planner is put together."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from minutebook.archive.views import Context, PageSpec, PlannerBase
from minutebook.core.model import MeetingId, NextMeeting, OrganisationSlug, body_of

ICALENDAR = "@ical"  # the "template" of a calendar: written by output/formats.py


class Calendars(PlannerBase):
    """The iCalendar files (config `calendar`)."""

    __slots__ = ()

    def site_calendar(self) -> PageSpec:
        return self.calendar_spec("", self.archive.config.title, self.archive.meetings)

    def organisation_calendar(self, slug: OrganisationSlug) -> PageSpec:
        name = self.archive.organisations[slug].name
        held = reversed(self.archive.held_by.get(slug, ()))  # (oldest first, like the site's)
        return self.calendar_spec(self.urls.organisation(slug), name, held)

    def calendar_inputs(self, slug: str | None) -> list[MeetingId]:
        """The meetings a calendar shows (see Planner.inputs): held, or announcing the next."""
        if slug is None:
            return list(self.archive.meetings)
        return list(reversed(self.archive.held_by.get(OrganisationSlug(slug), ())))

    def calendar_spec(self, page_url: str, name: str, meetings: Iterable[MeetingId]) -> PageSpec:
        url = self.urls.calendar(page_url)
        ids = list(meetings)
        held = {(body_of(i), self.archive.meetings[i].date) for i in ids}
        events = [self.held_event(i) for i in ids]
        announced: dict[tuple[OrganisationSlug, str], Context] = {}
        for meeting_id in ids:  # (oldest first: the latest word on a next meeting wins)
            next_meeting = self.archive.next_meetings.get(meeting_id)
            if next_meeting is None or (body_of(meeting_id), next_meeting.date) in held:
                continue
            key = (body_of(meeting_id), next_meeting.date.isoformat())
            announced[key] = self.announced_event(meeting_id, next_meeting)
        events += [announced[key] for key in sorted(announced)]
        calendar: Context = {
            "name": name,
            "url": self.urls.absolute(page_url or self.urls.home()),
            "time_zone": self.archive.config.publishing.time_zone,
            "stamp": self.archive.build_date.isoformat(),
            "language": self.archive.config.language,
            "events": events,
        }
        return PageSpec(url, self.urls.output_path(url), ICALENDAR, {"calendar": calendar})

    def held_event(self, meeting_id: MeetingId) -> Context:
        meeting = self.published(meeting_id)
        url = self.urls.absolute(self.urls.meeting(meeting))
        return {
            "uid": self.uid(meeting_id),
            "summary": self.title(meeting),
            "when": self.when(meeting.date, meeting.time),
            "location": meeting.location,
            "url": url,
            "description": url,
            "status": "CONFIRMED",
            "organiser": self.archive.organisations[meeting.organisation].name,
        }

    def announced_event(self, meeting_id: MeetingId, next_meeting: NextMeeting) -> Context:
        """A next meeting the minutes of `meeting_id` announce (no minutes of it yet)."""
        body = body_of(meeting_id)
        name = self.archive.organisations[body].name
        announced_in = self.urls.absolute(self.urls.meeting(self.archive.meetings[meeting_id]))
        words = self.words("feeds")
        return {
            "uid": self.uid(f"{body}/{next_meeting.date.isoformat()}/announced"),
            "summary": words["next_meeting"].format(organisation=name),
            "when": self.when(next_meeting.date, next_meeting.time),
            "location": next_meeting.location,
            "url": announced_in,
            "description": words["announced_in"].format(url=announced_in),
            "status": "TENTATIVE",
            "organiser": name,
        }

    def uid(self, key: str) -> str:
        """A UID that stays the same from build to build: the meeting's id at the site's host."""
        host = urlsplit(self.archive.config.base_url).netloc or "minutebook.invalid"
        return f"{key}@{host}"
