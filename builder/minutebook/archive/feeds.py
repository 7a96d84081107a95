"""PLAN the Atom feeds: the latest meetings of the site and of each organisation, and the latest
items filed under each topic. Plain data, like the pages: output/formats.py writes the XML (with
a library that escapes every value for where it lands). One family of the planner's files: see
views for how the planner is put together."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from minutebook.archive.indexes import ItemRef
from minutebook.archive.views import Context, PageSpec, PlannerBase
from minutebook.core.model import Meeting, MeetingId, OrganisationSlug, TopicSlug

FEED_SIZE = 50  # entries in a feed, newest first
ATOM = "@atom"  # the "template" of a feed: written by output/formats.py, not by Jinja


class Feeds(PlannerBase):
    """The Atom feeds (config `feeds`)."""

    __slots__ = ()

    def site_feed(self) -> PageSpec:
        config = self.archive.config
        latest = self.newest(self.archive.meetings)
        entries = [self.meeting_entry(meeting_id) for meeting_id in latest]
        return self.feed_spec(self.urls.home(), config.title, config.description, entries)

    def organisation_feed(self, slug: OrganisationSlug) -> PageSpec:
        held = self.archive.held_by.get(slug, ())[:FEED_SIZE]  # (newest first)
        entries = [self.meeting_entry(meeting_id) for meeting_id in held]
        name = self.archive.organisations[slug].name
        words = self.words("feeds")
        return self.feed_spec(
            self.urls.organisation(slug), words["organisation"].format(name=name), "", entries
        )

    def topic_feed(self, slug: TopicSlug) -> PageSpec:
        refs = self.archive.by_topic.get(slug, ())[:FEED_SIZE]  # (newest first)
        entries = [self.item_entry(ref) for ref in refs]
        name = self.archive.topics[slug].name
        words = self.words("feeds")
        return self.feed_spec(self.urls.topic(slug), words["topic"].format(name=name), "", entries)

    def feed_inputs(self, kind: str, slug: str) -> list[MeetingId]:
        """The meetings a feed shows (see Planner.inputs)."""
        if kind == "feed":
            return self.newest(self.archive.meetings)
        if kind == "organisation_feed":
            return list(self.archive.held_by.get(OrganisationSlug(slug), ())[:FEED_SIZE])
        refs = self.archive.by_topic.get(TopicSlug(slug), ())[:FEED_SIZE]
        return list(dict.fromkeys(ref.meeting for ref in refs))

    def newest(self, meetings: Iterable[MeetingId]) -> list[MeetingId]:
        """The latest meetings, newest first (by date, then as the archive orders a day's)."""
        ordered = list(meetings)  # oldest first
        return ordered[::-1][:FEED_SIZE]

    # -- entries ------------------------------------------------------------------------------

    def feed_spec(
        self, page_url: str, title: str, subtitle: str, entries: list[Context]
    ) -> PageSpec:
        url = self.urls.feed(page_url)
        config = self.archive.config
        updated = max((entry["updated"] for entry in entries), key=_moment_key, default=None)
        feed: Context = {
            "id": self.identifier(url),
            "title": title,
            "subtitle": subtitle,
            "updated": updated or self.when(self.archive.build_date, None),
            "self": self.urls.absolute(url),
            "alternate": self.urls.absolute(page_url),
            "author": config.title,
            "rights": self.licence_text(),
            "language": config.language,
            "entries": entries,
        }
        return PageSpec(url, self.urls.output_path(url), ATOM, {"feed": feed})

    def meeting_entry(self, meeting_id: MeetingId) -> Context:
        meeting = self.archive.meetings[meeting_id]
        url = self.urls.meeting(meeting)
        organisation = self.archive.organisations[meeting.organisation].name
        return {
            "id": self.identifier(url),
            "title": self.title(meeting),
            "link": self.urls.absolute(url),
            "published": self.when(meeting.date, None),
            "updated": self.changed(meeting),
            "author": organisation,
            "summary": self.items_summary(meeting),
            "categories": [self.archive.topics[t].name for t in meeting.all_topics()],
        }

    def item_entry(self, ref: ItemRef) -> Context:
        meeting = self.archive.meetings[ref.meeting]
        if ref.anchor is None:
            return self.meeting_entry(ref.meeting)
        item = next(item for item in meeting.items if item.anchor == ref.anchor)
        url = self.urls.item(meeting, ref.anchor)
        heading = f"{item.number} {item.title}" if item.number else item.title
        return {
            "id": self.identifier(url),
            "title": f"{heading} ({self.title(meeting)})",
            "link": self.urls.absolute(url),
            "published": self.when(meeting.date, None),
            "updated": self.changed(meeting),
            "author": self.archive.organisations[meeting.organisation].name,
            "summary": self.title(meeting),
            "categories": [self.archive.topics[t].name for t in item.topics],
        }

    def changed(self, meeting: Meeting) -> Context:
        """When a meeting's minutes last changed as far as the archive knows: the day they were
        approved, else the day of the meeting (never the build's day: the same minutes give
        the same feed)."""
        day = max(meeting.date, meeting.approved_at or meeting.date)
        return self.when(day, None)

    def items_summary(self, meeting: Meeting) -> str:
        """The agenda as one line per item (the titles only: an exempt item's title is public,
        its text is not kept at all)."""
        return "\n".join(
            f"{item.number} {item.title}" if item.number else item.title for item in meeting.items
        )

    def identifier(self, url: str) -> str:
        """An Atom id: the full address, or (when base_url is a path only) a name-based UUID of
        the site's title and the path, the same from build to build."""
        address = self.urls.absolute(url)
        if not address.startswith("/"):
            return address
        return uuid.uuid5(uuid.NAMESPACE_URL, f"{self.archive.config.title}\n{url}").urn

    def licence_text(self) -> str:
        licence = self.archive.config.publishing.licence
        return " ".join(part for part in (licence.attribution or licence.name, licence.url) if part)


def _moment_key(when: Context) -> tuple[str, str]:
    return (when["date"], when["start"] or "")
