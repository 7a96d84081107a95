"""The archive's data model: frozen values only. No IO, no YAML, no templates.

Identity is by stable string ids; indexes (see `indexes.py`) map keys to ids, never objects to
objects, so nothing forms a cycle and everything can be hashed, cached and sent to workers.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NewType

from minutebook.diagnostics import SourceSpan

MeetingId = NewType("MeetingId", str)  # e.g. "safer-halton-partnership/2011-02-15"
OrganisationSlug = NewType("OrganisationSlug", str)
TopicSlug = NewType("TopicSlug", str)


class Status(enum.Enum):
    APPROVED = "approved"
    UNCONFIRMED = "unconfirmed"
    DRAFT = "draft"

    def is_published(self, *, drafts: bool) -> bool:
        return self is not Status.DRAFT or drafts

    def needs_notice(self) -> bool:
        return self is not Status.APPROVED


@dataclass(frozen=True, slots=True)
class Organisation:
    slug: OrganisationSlug
    name: str
    short_name: str | None = None
    aliases: tuple[str, ...] = ()
    website: str | None = None
    span: SourceSpan | None = None

    def names(self) -> tuple[str, ...]:
        extra = (self.short_name,) if self.short_name else ()
        return (self.name, *extra, *self.aliases)


@dataclass(frozen=True, slots=True)
class Topic:
    slug: TopicSlug
    name: str
    aliases: tuple[str, ...] = ()
    span: SourceSpan | None = None

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class AccessibilityConfig:
    """What the accessibility statement says beyond the theme's defaults (all optional)."""

    organisation: str | None = None  # who runs the site; default: the site title
    email: str | None = None
    phone: str | None = None
    prepared: dt.date | None = None
    last_reviewed: dt.date | None = None
    known_issues: tuple[str, ...] = ()
    enforcement: str | None = None  # default: the theme's words (the UK enforcement procedure)


@dataclass(frozen=True, slots=True)
class SiteConfig:
    title: str
    base_url: str = "/"
    language: str = "en-GB"
    description: str = ""
    theme: str = "default"
    output: str = "output"
    repo_url: str | None = None
    organisations: tuple[Organisation, ...] = ()
    topics: tuple[Topic, ...] = ()
    accessibility: AccessibilityConfig = AccessibilityConfig()


@dataclass(frozen=True, slots=True)
class Attendee:
    name: str
    organisation: OrganisationSlug | None = None
    role: str | None = None
    is_chair: bool = False
    span: SourceSpan | None = None


@dataclass(frozen=True, slots=True)
class Document:
    title: str
    file: str | None = None  # relative to the site root, posix
    url: str | None = None
    span: SourceSpan | None = None


@dataclass(frozen=True, slots=True)
class TimeRange:
    start: dt.time
    end: dt.time | None = None


@dataclass(frozen=True, slots=True)
class NextMeeting:
    date: dt.date
    time: TimeRange | None = None
    location: str | None = None


@dataclass(frozen=True, slots=True)
class SubHeading:
    title: str
    anchor: str


@dataclass(frozen=True, slots=True)
class AgendaItem:
    number: str | None
    title: str
    anchor: str
    html: str
    line: int
    topics: tuple[TopicSlug, ...] = ()
    actions: tuple[str, ...] = ()
    subheadings: tuple[SubHeading, ...] = ()
    is_procedural: bool = False


@dataclass(frozen=True, slots=True)
class Meeting:
    id: MeetingId
    source: str  # path relative to the site root, posix
    organisation: OrganisationSlug
    date: dt.date
    title: str | None = None  # None: the pages build one from organisation and date
    status: Status = Status.APPROVED
    slug: str | None = None
    time: TimeRange | None = None
    location: str | None = None
    approved_at: dt.date | None = None
    present: tuple[Attendee, ...] = ()
    in_attendance: tuple[Attendee, ...] = ()
    apologies: tuple[Attendee, ...] = ()
    topics: tuple[TopicSlug, ...] = ()
    next_meeting: NextMeeting | None = None
    documents: tuple[Document, ...] = ()
    intro_html: str = ""
    items: tuple[AgendaItem, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)
    span: SourceSpan | None = None
    # Names used here that minutebook.yaml does not list: they become entries of their own.
    unlisted_organisations: tuple[Organisation, ...] = ()
    unlisted_topics: tuple[Topic, ...] = ()

    def attendees(self) -> tuple[Attendee, ...]:
        return self.present + self.in_attendance

    def all_topics(self) -> tuple[TopicSlug, ...]:
        """Meeting-level topics and every item's topics, each once, in first-seen order."""
        seen = dict.fromkeys(self.topics)
        for item in self.items:
            seen.update(dict.fromkeys(item.topics))
        return tuple(seen)
