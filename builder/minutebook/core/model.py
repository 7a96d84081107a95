"""The archive's data model: frozen values only. No IO, no YAML, no templates.

Identity is by stable string ids; indexes (see `indexes.py`) map keys to ids, never objects to
objects, so nothing forms a cycle and everything can be hashed, cached and sent to workers.
"""

from __future__ import annotations

import datetime as dt
import enum
import sys
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, NewType, TypeVar

from minutebook.core.diagnostics import SourceSpan

MeetingId = NewType("MeetingId", str)  # e.g. "safer-halton-partnership/2011-02-15"
OrganisationSlug = NewType("OrganisationSlug", str)
TopicSlug = NewType("TopicSlug", str)
PersonSlug = NewType("PersonSlug", str)  # e.g. "david-parr": a person's page, /people/david-parr/


def meeting_id(organisation: str, date: dt.date, slug: str | None) -> MeetingId:
    return MeetingId(f"{organisation}/{date.isoformat()}" + (f"-{slug}" if slug else ""))


def body_of(meeting_id: MeetingId) -> OrganisationSlug:
    """The organisation that held a meeting, from its id (see meeting_id)."""
    return OrganisationSlug(meeting_id.partition("/")[0])


class Record:
    """Pickles as a call to its constructor: loading a cache of 10,000 meetings (640,000
    objects) takes a fifth of the time that dataclasses' slot-state pickling takes."""

    __slots__ = ()
    __match_args__: tuple[str, ...]

    def __reduce__(self) -> tuple[type, tuple[Any, ...]]:
        return (type(self), tuple(getattr(self, name) for name in self.__match_args__))


class Status(enum.Enum):
    APPROVED = "approved"
    UNCONFIRMED = "unconfirmed"
    DRAFT = "draft"

    def is_published(self, *, drafts: bool) -> bool:
        return self is not Status.DRAFT or drafts

    def needs_notice(self) -> bool:
        return self is not Status.APPROVED


@dataclass(frozen=True, slots=True)
class Organisation(Record):
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
class Topic(Record):
    slug: TopicSlug
    name: str
    aliases: tuple[str, ...] = ()
    span: SourceSpan | None = None

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class AccessibilityConfig(Record):
    """What the accessibility statement says beyond the theme's defaults (all optional)."""

    organisation: str | None = None  # who runs the site; default: the site title
    email: str | None = None
    phone: str | None = None
    prepared: dt.date | None = None
    last_reviewed: dt.date | None = None
    known_issues: tuple[str, ...] = ()
    enforcement: str | None = None  # default: the theme's words (the UK enforcement procedure)


DEFAULT_TIME_ZONE = "Europe/London"
OGL_NAME = "Open Government Licence v3.0"
OGL_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
OGL_ATTRIBUTION = (
    "Contains public sector information licensed under the Open Government Licence v3.0."
)


@dataclass(frozen=True, slots=True)
class Licence(Record):
    """The licence the archive's pages and data files are published under (config `licence`)."""

    name: str = OGL_NAME
    url: str | None = OGL_URL
    attribution: str | None = OGL_ATTRIBUTION


@dataclass(frozen=True, slots=True)
class Publishing(Record):
    """Which files beyond the pages a build publishes (config `feeds`, `calendar`, `data`), and
    in which time zone meetings' times are given in them (config `time_zone`)."""

    feeds: bool = True  # Atom feeds
    calendar: bool = True  # iCalendar files
    data: bool = True  # JSON and CSV open data
    personal_names: bool = True  # people's names in the data files (`data.personal_names`)
    time_zone: str = DEFAULT_TIME_ZONE  # an IANA name, checked by the config reader
    licence: Licence = Licence()


@dataclass(frozen=True, slots=True)
class SearchConfig(Record):
    """The site's search (`search:` in minutebook.yaml): off unless `search: true` (or its
    fields). Pagefind indexes about as fast as a cold build of the same archive builds, and
    cannot add one meeting to an index: with search on, every edit is a full build (see
    docs/content-format.md#search-the-search-page)."""

    enabled: bool = False
    # An outside search engine's address, for readers without JavaScript: the search page
    # sends their words there, restricted to this site.
    fallback_url: str | None = None


@dataclass(frozen=True, slots=True)
class PersonEntry(Record):
    """A person the config names (`people:`): the spellings the minutes use for them, in any
    body (or only in `bodies`), the spellings that are someone else (`distinct`), and whether
    their page is published."""

    name: str
    aliases: tuple[str, ...] = ()
    distinct: tuple[str, ...] = ()
    bodies: tuple[OrganisationSlug, ...] = ()  # empty: every body's minutes
    publish: bool = True
    span: SourceSpan | None = None

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class PeopleConfig(Record):
    """The config's `people:`: whether person pages are published at all, and who is who."""

    pages: bool = True
    entries: tuple[PersonEntry, ...] = ()


@dataclass(frozen=True, slots=True)
class SiteConfig(Record):
    title: str
    base_url: str = "/"
    language: str = "en-GB"
    description: str = ""
    theme: str = "default"
    output: str = "output"
    repo_url: str | None = None
    max_file_size: int = 5  # MiB: larger meeting files are refused
    allow_html: bool = False  # raw HTML in minutes: kept and sanitised (nh3), else escaped
    organisations: tuple[Organisation, ...] = ()
    topics: tuple[Topic, ...] = ()
    accessibility: AccessibilityConfig = AccessibilityConfig()
    search: SearchConfig = SearchConfig()
    people: PeopleConfig = PeopleConfig()
    publishing: Publishing = Publishing()


@dataclass(frozen=True, slots=True)
class Attendee(Record):
    name: str
    organisation: OrganisationSlug | None = None
    role: str | None = None
    is_chair: bool = False
    span: SourceSpan | None = None
    # The organisation as the minutes write it ("Halton Housing Trust"), which the meeting's own
    # page shows, linked to the entry it resolves to (`organisation`: halton-housing). None: not
    # kept (as listed, see Meeting.as_listed) or no organisation.
    organisation_as_written: str | None = None

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (
            _attendee,
            (
                self.name,
                self.organisation,
                self.role,
                self.is_chair,
                self.span,
                self.organisation_as_written,
            ),
        )


def _attendee(
    name: str,
    organisation: OrganisationSlug | None,
    role: str | None,
    is_chair: bool,
    span: SourceSpan | None,
    organisation_as_written: str | None = None,
) -> Attendee:
    """An attendee unpickled: the same people, bodies and roles come back meeting after meeting,
    and each name is held once per process (sys.intern) instead of once per meeting (with the
    item titles below: 6.6 KiB a meeting as listed, against 10.6 KiB, over 2,000 generated
    meetings). So is each attendee as listed (a name and a body, see Meeting.as_listed):
    frozen, one can stand in every meeting that person attended."""
    listed = span is None and organisation_as_written is None
    if listed:
        found = _LISTED_PEOPLE.get((name, organisation, role, is_chair))
        if found is not None:
            return found
    body = None if organisation is None else OrganisationSlug(sys.intern(organisation))
    written = organisation_as_written and sys.intern(organisation_as_written)
    person = Attendee(sys.intern(name), body, role and sys.intern(role), is_chair, span, written)
    if listed:
        _LISTED_PEOPLE[(person.name, body, person.role, is_chair)] = person
    return person


# Each attendee as listed, once per process (see _attendee): a few thousand people.
_LISTED_PEOPLE: dict[tuple[str, OrganisationSlug | None, str | None, bool], Attendee] = {}


@dataclass(frozen=True, slots=True)
class Document(Record):
    title: str
    file: str | None = None  # relative to the site root, posix
    url: str | None = None
    span: SourceSpan | None = None


@dataclass(frozen=True, slots=True)
class TimeRange(Record):
    start: dt.time
    end: dt.time | None = None


@dataclass(frozen=True, slots=True)
class NextMeeting(Record):
    date: dt.date
    time: TimeRange | None = None
    location: str | None = None


@dataclass(frozen=True, slots=True)
class SubHeading(Record):
    title: str
    anchor: str


@dataclass(frozen=True, slots=True)
class AgendaItem(Record):
    number: str | None
    title: str
    anchor: str
    html: str
    line: int
    number_format: str = "{}"  # the number as written around it: "{})" for "5)", "Item {}:"
    topics: tuple[TopicSlug, ...] = ()
    actions: tuple[str, ...] = ()
    subheadings: tuple[SubHeading, ...] = ()
    is_procedural: bool = False
    # Considered in private: only the number and title are kept (html, subheadings, actions and
    # topics are empty), with the paragraphs of Schedule 12A (LGA 1972) that exempt it.
    exempt_paragraphs: tuple[int, ...] | None = None

    @property
    def is_exempt(self) -> bool:
        return self.exempt_paragraphs is not None

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (_agenda_item, tuple(getattr(self, name) for name in self.__match_args__))


def _agenda_item(number: str | None, title: str, *rest: Any) -> AgendaItem:
    """An agenda item unpickled, its title held once per process: most meetings have the
    same few procedural items (apologies, the minutes of the last meeting, any other business)."""
    return AgendaItem(number, sys.intern(title), *rest)


class LinkKind(enum.Enum):
    """What a link in the minutes' text leads to (see MeetingLink)."""

    MEETING = "meeting"  # another meeting's file: [last meeting](2011-02-15.md#item-shp41)
    FILE = "file"  # any other file beside the minutes: [report](report-q1.pdf), ![](chart.png)
    ANCHOR = "anchor"  # a place in these minutes: [budget](#item-shp42)
    SERVER = "server"  # a path on the web server, outside what Minutebook knows: [x](/papers/)


@dataclass(frozen=True, slots=True)
class MeetingLink(Record):
    """A link (or image) in the minutes' text to anything but a web address: another meeting's
    file, a file beside the minutes, an anchor of these minutes, a path on the web server.

    The meeting's HTML holds a placeholder for it (see markdown.resolve_meeting_links), which the
    pages replace with where it leads once the archive is known; `check` says where it cannot
    lead anywhere (see archive/links.py).
    """

    target: str  # the linked file, relative to the site root, posix (SERVER: the address)
    fragment: str | None  # "item-shp41" in 2011-02-15.md#item-shp41, as markdown-it encoded it
    written: str  # the link target as the clerk wrote it
    span: SourceSpan
    kind: LinkKind = LinkKind.MEETING


@dataclass(frozen=True, slots=True)
class Meeting(Record):
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
    links: tuple[MeetingLink, ...] = ()  # the n-th is placeholder n in intro_html and items' html
    extra: Mapping[str, Any] = field(default_factory=dict)
    span: SourceSpan | None = None
    confidential: bool = False  # withheld from every build, drafts or not
    # The body that met as the minutes write it ("SHP"), which the meeting's own page shows,
    # linked to the entry it resolves to (`organisation`). None: not kept (as listed).
    organisation_as_written: str | None = None
    # Names used here that minutebook.yaml does not list: they become entries of their own.
    unlisted_organisations: tuple[Organisation, ...] = ()
    unlisted_topics: tuple[Topic, ...] = ()
    # Where each front-matter field's value was written, so later checks can point at it.
    field_spans: Mapping[str, SourceSpan] = field(default_factory=dict)
    # Every anchor the minutes' text gives (agenda items, sub-headings, ids of raw HTML): what
    # a link's #fragment may name. Kept as listed, for the checks across files.
    anchors: tuple[str, ...] = ()  # sorted
    # The item whose words approve earlier minutes of the body (reading/approvals.py: "The
    # minutes of the meeting held on 10th November 2010 were agreed as a correct record"), and
    # the days it names (none: the last meeting's). Kept as listed: the archive links the two
    # meetings (indexes.relations), unless the earlier minutes say `approved_at:`.
    approval_item: str | None = None
    approves_minutes_of: tuple[dt.date, ...] = ()

    def is_published(self, *, drafts: bool) -> bool:
        """Confidential minutes are never published; drafts only in a --drafts preview."""
        return not self.confidential and self.status.is_published(drafts=drafts)

    @property
    def page_name(self) -> str:
        """The last part of the meeting's URL: two meetings on one day may not share it."""
        return self.organisation + (f"-{self.slug}" if self.slug else "")

    def attendees(self) -> tuple[Attendee, ...]:
        return self.present + self.in_attendance

    def with_slug(self, slug: str | None) -> Meeting:
        """The meeting with another page name (and so another id): see
        indexes.named_after_files."""
        if slug == self.slug:
            return self
        return replace(self, slug=slug, id=meeting_id(self.organisation, self.date, slug))

    def as_filed(self, filed_as: MeetingId) -> Meeting:
        """The meeting read from its file alone, under the id the archive files it as: its
        own, or one with the slug its file's name gives it, which depends on the other
        meetings of its day (see indexes.named_after_files). Unchanged if `filed_as` is not an
        id of its body and day (the caller finds the ids differ)."""
        if filed_as == self.id:
            return self
        day = meeting_id(self.organisation, self.date, None)
        if filed_as == day:
            return self.with_slug(None)
        if not filed_as.startswith(day + "-"):
            return self
        return self.with_slug(filed_as[len(day) + 1 :])

    def as_listed(self) -> Meeting:
        """The meeting as a build holds it while it makes every page (its own page reads it
        back whole, see reading/loading.py): without its HTML and without what only its own
        page shows (the organisations as written, each item's actions and sub-headings, the time,
        the location, extra fields): 10.6 KiB a meeting, against 15.9 KiB whole without its
        HTML (over 2,000 generated meetings, before sys.intern).
        Kept: what the indexes and the lists show, and what the checks across files point at
        (links, documents, the date and status, see links.problems_in_context)."""
        return replace(
            self,
            time=None,
            location=None,
            organisation_as_written=None,
            present=tuple(_as_listed(person) for person in self.present),
            in_attendance=tuple(_as_listed(person) for person in self.in_attendance),
            apologies=tuple(_as_listed(person) for person in self.apologies),
            intro_html="",
            items=tuple(
                replace(item, html="", number_format="{}", actions=(), subheadings=())
                for item in self.items
            ),
            extra={},
            field_spans={k: v for k, v in self.field_spans.items() if k in _SPANS_LISTED},
        )

    def all_topics(self) -> tuple[TopicSlug, ...]:
        """Meeting-level topics and every item's topics, each once, in first-seen order."""
        seen = dict.fromkeys(self.topics)
        for item in self.items:
            seen.update(dict.fromkeys(item.topics))
        return tuple(seen)


# The fields whose place the checks across files name (see review.approved_in_the_future).
# (and the lists of people, at which the checks of who is who point: see archive/people.py)
_SPANS_LISTED = frozenset({"status", "date", "present", "in_attendance", "apologies"})


def _as_listed(person: Attendee) -> Attendee:
    """Who attended, for whom, in which role and whether in the chair, as the indexes list them
    (indexes.attendances, archive/people.py: a person's page shows the roles held over time)."""
    return Attendee(person.name, person.organisation, person.role, person.is_chair)


Entry = TypeVar("Entry", Organisation, Topic)


def unplaced(entry: Entry) -> Entry:
    """An organisation or topic without where it was first written, which no page shows (nor
    any digest of what pages show: a line typed above it moves it)."""
    return replace(entry, span=None)


def items_filed(meeting: Meeting) -> Counter[TopicSlug]:
    """How many of the meeting's items are filed under each topic."""
    return Counter(topic for item in meeting.items for topic in item.topics)
