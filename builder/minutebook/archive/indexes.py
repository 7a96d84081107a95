"""INDEX: the published meetings, and every way into them (date, organisation, topic).

Indexes hold ids, never objects. Unpublished meetings are removed here, before anything is
indexed, so no page, count or export planned from the Archive can ever include them.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import posixpath
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sized
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeVar

from minutebook.archive.people import (
    NO_PEOPLE,
    People,
    PeopleListed,
    index_people,
    people_of,
)
from minutebook.core.diagnostics import Diagnostic, SourceSpan, error, sort_diagnostics
from minutebook.core.model import (
    Entry,
    Meeting,
    MeetingId,
    NextMeeting,
    Organisation,
    OrganisationSlug,
    SiteConfig,
    Topic,
    TopicSlug,
    items_filed,
    unplaced,
)
from minutebook.reading.sources import MEETING_SUFFIX
from minutebook.reading.vocabulary import slugify


class ItemRef(NamedTuple):
    """An agenda item (or, with anchor None, a whole meeting) filed under a topic.

    Named tuples, not dataclasses: an index of 10,000 meetings holds some 200,000 of these,
    and a tuple is made several times faster.
    """

    meeting: MeetingId
    anchor: str | None


class Attendance(NamedTuple):
    """A meeting of another body attended by an organisation's people."""

    meeting: MeetingId
    people: tuple[str, ...]


# Made straight from a tuple, without the named tuple's Python-level __new__ (a fifth of the
# indexing time at 10,000 meetings).
_new_ref = functools.partial(tuple.__new__, ItemRef)
_new_attendance = functools.partial(tuple.__new__, Attendance)


def item_refs(plain: Iterable[tuple[MeetingId, str | None]]) -> tuple[ItemRef, ...]:
    return tuple(map(_new_ref, plain))


def attendances_of(plain: Iterable[tuple[MeetingId, tuple[str, ...]]]) -> tuple[Attendance, ...]:
    return tuple(map(_new_attendance, plain))


# Organisations and topics a meeting names that the config does not list, as entries of the
# archive (without where the meeting wrote them: the first meeting to write a name, in archive
# order, spells its entry).
Unlisted = tuple[tuple[Organisation, ...], tuple[Topic, ...]]


def unlisted_of(meeting: Meeting) -> Unlisted | None:
    if not (meeting.unlisted_organisations or meeting.unlisted_topics):
        return None
    return (
        tuple(map(unplaced, meeting.unlisted_organisations)),
        tuple(map(unplaced, meeting.unlisted_topics)),
    )


def named_in(
    config: SiteConfig, unlisted: Iterable[Unlisted]
) -> tuple[dict[OrganisationSlug, Organisation], dict[TopicSlug, Topic]]:
    """The organisations and topics of the archive: the config's, and those meetings name
    (`unlisted`, in archive order), A–Z."""
    written = list(unlisted)
    organisations = _entries(config.organisations, (o for names in written for o in names[0]))
    return organisations, _entries(config.topics, (t for names in written for t in names[1]))


@dataclass(frozen=True, slots=True)
class Archive:
    config: SiteConfig
    build_date: dt.date
    meetings: Mapping[MeetingId, Meeting]  # published only, oldest first
    organisations: Mapping[OrganisationSlug, Organisation]  # A-Z
    topics: Mapping[TopicSlug, Topic]  # A-Z
    by_year: Mapping[int, tuple[MeetingId, ...]]  # oldest first within a year
    held_by: Mapping[OrganisationSlug, tuple[MeetingId, ...]]  # newest first
    attended_by: Mapping[OrganisationSlug, tuple[Attendance, ...]]  # newest first
    by_topic: Mapping[TopicSlug, tuple[ItemRef, ...]]  # newest first
    previous: Mapping[MeetingId, MeetingId]  # same organisation
    next: Mapping[MeetingId, MeetingId]
    approved_by: Mapping[MeetingId, MeetingId]  # these minutes → the meeting that approved them
    approves: Mapping[MeetingId, tuple[MeetingId, ...]]
    by_source: Mapping[str, MeetingId]  # a meeting file (relative to the site root) → its id
    # Every meeting's date: the pages grouped by year or month need no more of a meeting, and
    # a quick build (see outline.py) holds only the meetings it shows.
    dates: Mapping[MeetingId, dt.date]
    # How many items of its meetings each organisation filed under each topic.
    held_topics: Mapping[OrganisationSlug, Mapping[TopicSlug, int]]
    # The next meeting each meeting names, for those that name one (the home page's upcoming).
    next_meetings: Mapping[MeetingId, NextMeeting]
    # The names each meeting writes that the config does not list, for those that write some.
    unlisted: Mapping[MeetingId, Unlisted]
    # Who is who among the people the meetings list (see people.py).
    people: People = NO_PEOPLE
    people_lists: Mapping[MeetingId, PeopleListed] = field(default_factory=dict)
    people_problems: tuple[Diagnostic, ...] = ()  # what index_people says (see people.py)
    # The days of the minutes each meeting's words approve, of those whose words do (see
    # Held.approves): a quick build works the approvals out again from them (outline.py).
    approvals_written: Mapping[MeetingId, tuple[dt.date, ...]] = field(default_factory=dict)

    def meeting(self, meeting_id: MeetingId) -> Meeting:
        return self.meetings[meeting_id]

    def organisation_topics(self, slug: OrganisationSlug) -> list[tuple[TopicSlug, int]]:
        """Topics most discussed at this organisation's meetings: (topic, items), most first."""
        counts = self.held_topics.get(slug, {})
        return sorted(counts.items(), key=lambda pair: (-pair[1], self.topics[pair[0]].name))


def published(meetings: Iterable[Meeting], *, drafts: bool) -> list[Meeting]:
    """The one place that decides what may be published: never a confidential meeting, and a
    draft only in a `--drafts` preview. Everything after this sees only what it returns."""
    return [m for m in meetings if m.is_published(drafts=drafts)]


def build_archive(
    config: SiteConfig, meetings: Iterable[Meeting], *, drafts: bool, build_date: dt.date
) -> tuple[Archive, list[Diagnostic]]:
    chosen = sorted(
        named_after_files(published(meetings, drafts=drafts)),
        key=lambda m: (m.date, m.id, m.source),
    )
    diagnostics = _collisions(chosen)
    ordered = {m.id: m for m in chosen}
    unlisted = {m.id: names for m in chosen if (names := unlisted_of(m)) is not None}
    organisations, topics = named_in(config, unlisted.values())
    by_body: dict[OrganisationSlug, list[MeetingId]] = defaultdict(list)
    by_year: dict[int, list[MeetingId]] = defaultdict(list)
    for meeting in ordered.values():
        by_body[meeting.organisation].append(meeting.id)
        by_year[meeting.date.year].append(meeting.id)
    previous, following, approved_by, approves = relations(map(held, ordered.values()))
    people_lists = {m.id: found for m in ordered.values() if (found := people_of(m)) is not None}
    people, people_problems = index_people(config.people, people_lists.values())
    diagnostics += people_problems
    archive = Archive(
        config=config,
        build_date=build_date,
        meetings=ordered,
        organisations=organisations,
        topics=topics,
        by_year=dict(sorted((year, tuple(ids)) for year, ids in by_year.items())),
        held_by={slug: tuple(reversed(ids)) for slug, ids in sorted(by_body.items())},
        attended_by=_attendance(ordered),
        by_topic=_topic_index(ordered),
        previous=previous,
        next=following,
        approved_by=approved_by,
        approves=approves,
        by_source={meeting.source: meeting.id for meeting in ordered.values()},
        dates={meeting.id: meeting.date for meeting in ordered.values()},
        held_topics=_held_topics(ordered),
        next_meetings={m.id: m.next_meeting for m in ordered.values() if m.next_meeting},
        unlisted=unlisted,
        people=people,
        people_lists=people_lists,
        people_problems=tuple(sort_diagnostics(people_problems)),
        approvals_written={
            m.id: days for m in ordered.values() if (days := approves_of(m)) is not None
        },
    )
    return archive, diagnostics


# A date in a meeting file's name, and what may follow it: "2009-02-23-evening.md".
_DATE_IN_NAME = re.compile(r"\d{4}-\d{2}-\d{2}")
_NAME_SEPARATORS = "-_"
_COPY = "copy"


def slug_in_name(source: str) -> str | None:
    """What a meeting file's name says sets the meeting apart from others that day: what
    follows the date and a '-' or '_', as a slug ("2009-02-23-evening.md" → "evening",
    "2009-02-23-2.md" → "2"). None when the name says nothing more than the date
    ("2009-02-23.md") or holds no date, and when it says the file is a copy: the copies file
    managers make go on after a space ("2009-02-23 (copy).md", "2009-02-23 - Copy.md"), and
    a copy made by hand says so ("2009-02-23-copy.md"). A copy is no second meeting."""
    stem = posixpath.basename(source).removesuffix(MEETING_SUFFIX)
    found = _DATE_IN_NAME.search(stem)
    if found is None:
        return None
    rest = stem[found.end() :]
    if rest[:1] not in _NAME_SEPARATORS or not rest.strip(_NAME_SEPARATORS + " "):
        return None
    slug = slugify(rest[1:])
    return None if _COPY in slug.split("-") else slug


def named_after_files(meetings: Iterable[Meeting]) -> list[Meeting]:
    """The published meetings, each named as its page is: by its `slug:` if it has one, or else,
    when another published meeting of its body that day has none either, by what its file's
    name gives (slug_in_name). So a body's second meeting of a day needs no slug when its file
    says which it is, and the first, named by the date alone, keeps its page; a meeting alone
    on its day keeps its page, whatever its file is called (a page's address is a promise).
    Drafts count only when they are published, as in a --drafts preview: the published site's
    addresses change only when what is published does. Meetings still not told apart share a
    page: an error (see _collisions)."""
    listed = list(meetings)
    unnamed = Counter((m.organisation, m.date) for m in listed if m.slug is None)
    return [
        meeting.with_slug(slug_in_name(meeting.source))
        if meeting.slug is None and unnamed[(meeting.organisation, meeting.date)] > 1
        else meeting
        for meeting in listed
    ]


def _collisions(meetings: list[Meeting]) -> list[Diagnostic]:
    """Meetings that would share one page: same day and same page name (body and slug)."""
    files: dict[tuple[dt.date, str], list[Meeting]] = defaultdict(list)
    for meeting in meetings:
        files[(meeting.date, meeting.page_name)].append(meeting)
    diagnostics: list[Diagnostic] = []
    for (day, name), same in files.items():
        if len(same) < 2:
            continue
        names = ", ".join(m.source for m in same)
        example = f"{day.isoformat()}-evening{MEETING_SUFFIX}"
        for meeting in same:
            diagnostics.append(
                error(
                    meeting.span or SourceSpan(meeting.source),
                    f"two meetings on {day.isoformat()} would share one page ({name}): {names}",
                    "if the body met twice that day, end one file's name with what sets that "
                    f"meeting apart (e.g. {example}) or give it a slug of its own "
                    "(e.g. slug: evening); if one file is a copy, delete it",
                    "date",
                )
            )
    return diagnostics


Key = TypeVar("Key", OrganisationSlug, TopicSlug)


def _entries(declared: tuple[Entry, ...], unlisted: Iterable[Entry]) -> dict[Any, Entry]:
    """Declared entries plus the unlisted names meetings used, A–Z by name."""
    entries: dict[Any, Entry] = {entry.slug: entry for entry in declared}
    for entry in unlisted:
        entries.setdefault(entry.slug, entry)
    return dict(sorted(entries.items(), key=lambda pair: (pair[1].name.casefold(), pair[0])))


def _neighbours(
    held: Mapping[OrganisationSlug, list[MeetingId]],
) -> tuple[dict[MeetingId, MeetingId], dict[MeetingId, MeetingId]]:
    previous: dict[MeetingId, MeetingId] = {}
    following: dict[MeetingId, MeetingId] = {}
    for ids in held.values():
        for earlier, later in itertools.pairwise(ids):
            previous[later] = earlier
            following[earlier] = later
    return previous, following


class Held(NamedTuple):
    """What the relations between meetings are worked out from: a meeting's body, its date, and
    the day its minutes were approved (see relations)."""

    meeting: MeetingId
    organisation: OrganisationSlug
    date: dt.date
    approved_at: dt.date | None
    # The days of the minutes an item says it approves (empty: the last meeting's), None when
    # none does (see Meeting.approval_item).
    approves: tuple[dt.date, ...] | None = None


def held(meeting: Meeting) -> Held:
    return Held(
        meeting.id, meeting.organisation, meeting.date, meeting.approved_at, approves_of(meeting)
    )


def approves_of(meeting: Meeting) -> tuple[dt.date, ...] | None:
    return meeting.approves_minutes_of if meeting.approval_item is not None else None


Relations = tuple[
    dict[MeetingId, MeetingId],  # previous
    dict[MeetingId, MeetingId],  # next
    dict[MeetingId, MeetingId],  # approved by
    dict[MeetingId, tuple[MeetingId, ...]],  # approves
]


def relations(meetings: Iterable[Held]) -> Relations:
    """Which meeting of a body comes before and after which, and which meeting approved whose
    minutes, from every published meeting in archive order (a quick build works them out again
    when a meeting moves, without the meetings: see outline.py)."""
    listed = list(meetings)
    by_body: dict[OrganisationSlug, list[MeetingId]] = defaultdict(list)
    on_date: dict[tuple[OrganisationSlug, dt.date], MeetingId] = {}
    for meeting in listed:
        by_body[meeting.organisation].append(meeting.meeting)
        on_date.setdefault((meeting.organisation, meeting.date), meeting.meeting)
    previous, following = _neighbours(by_body)
    approved_by: dict[MeetingId, MeetingId] = {}
    approves: dict[MeetingId, list[MeetingId]] = defaultdict(list)
    for meeting in listed:
        approver = _approver(meeting, lambda slug, day: on_date.get((slug, day)))
        if approver is not None:
            approved_by[meeting.meeting] = approver
            approves[approver].append(meeting.meeting)
    _approved_as_written(listed, on_date, previous, approved_by, approves)
    order = {meeting.meeting: n for n, meeting in enumerate(listed)}
    return (
        previous,
        following,
        approved_by,
        {k: tuple(sorted(v, key=order.__getitem__)) for k, v in approves.items()},
    )


def _approved_as_written(
    listed: list[Held],
    on_date: Mapping[tuple[OrganisationSlug, dt.date], MeetingId],
    previous: Mapping[MeetingId, MeetingId],
    approved_by: dict[MeetingId, MeetingId],
    approves: dict[MeetingId, list[MeetingId]],
) -> None:
    """The approvals the items' words make ("The minutes of the meeting held on 10th November
    2010 were agreed"): of the body's meeting on each day they name, or of its last meeting
    when they name none. Minutes that say `approved_at:`, or that an earlier meeting (in
    archive order) approved, keep their approver; a day with no meeting is no link."""
    explicit = {meeting.meeting for meeting in listed if meeting.approved_at is not None}
    order = {meeting.meeting: n for n, meeting in enumerate(listed)}
    for meeting in listed:
        if meeting.approves is None:
            continue
        days = meeting.approves
        named = [on_date.get((meeting.organisation, day)) for day in days]
        targets = named if days else [previous.get(meeting.meeting)]
        for target in targets:
            if target is None or target in explicit or target in approved_by:
                continue
            if order[target] < order[meeting.meeting]:  # (earlier minutes only)
                approved_by[target] = meeting.meeting
                approves[meeting.meeting].append(target)


def approver_of(
    meeting: Meeting, first_held: Callable[[OrganisationSlug, dt.date], MeetingId | None]
) -> MeetingId | None:
    """The meeting that approved these minutes: the body's first meeting (in archive order) on
    the day they were approved, unless that is this meeting."""
    return _approver(held(meeting), first_held)


def _approver(
    meeting: Held, first_held: Callable[[OrganisationSlug, dt.date], MeetingId | None]
) -> MeetingId | None:
    if meeting.approved_at is None:
        return None
    approver = first_held(meeting.organisation, meeting.approved_at)
    return approver if approver != meeting.meeting else None


def _held_topics(
    meetings: Mapping[MeetingId, Meeting],
) -> dict[OrganisationSlug, dict[TopicSlug, int]]:
    counts: dict[OrganisationSlug, Counter[TopicSlug]] = defaultdict(Counter)
    for meeting in meetings.values():
        counts[meeting.organisation].update(items_filed(meeting))
    return {slug: dict(counted) for slug, counted in sorted(counts.items())}


def _attendance(
    meetings: Mapping[MeetingId, Meeting],
) -> dict[OrganisationSlug, tuple[Attendance, ...]]:
    found: dict[OrganisationSlug, list[Attendance]] = defaultdict(list)
    for meeting in reversed(list(meetings.values())):
        for slug, attendance in attendances(meeting).items():
            found[slug].append(attendance)
    return {slug: tuple(found[slug]) for slug in sorted(found)}


def attendances(meeting: Meeting) -> dict[OrganisationSlug, Attendance]:
    """The meeting as each organisation whose people attended it lists it (attended_by)."""
    people: dict[OrganisationSlug, list[str]] = defaultdict(list)
    for person in meeting.attendees():
        if person.organisation is not None:
            people[person.organisation].append(person.name)
    return {slug: _new_attendance((meeting.id, tuple(names))) for slug, names in people.items()}


def _topic_index(meetings: Mapping[MeetingId, Meeting]) -> dict[TopicSlug, tuple[ItemRef, ...]]:
    found: dict[TopicSlug, list[ItemRef]] = defaultdict(list)
    for meeting in reversed(list(meetings.values())):
        for slug, refs in filed_under(meeting).items():
            found[slug] += refs
    return {slug: tuple(found[slug]) for slug in sorted(found)}


def filed_under(meeting: Meeting) -> dict[TopicSlug, list[ItemRef]]:
    """The meeting and its items as each topic lists them (by_topic), in the order listed."""
    found: dict[TopicSlug, list[ItemRef]] = defaultdict(list)
    for topic in meeting.topics:
        found[topic].append(_new_ref((meeting.id, None)))
    for item in meeting.items:
        for topic in item.topics:
            found[topic].append(_new_ref((meeting.id, item.anchor)))
    return found


def list_size(lists: Mapping[Any, Sized], key: Any) -> int:
    """How long one of the archive's lists is (0 if there is none), without making it: a quick
    build makes its long lists when first asked for (see lists.Restored), and all the A–Z
    indexes need of most of them is how long they are."""
    size = getattr(lists, "size", None)
    return int(size(key)) if size is not None else len(lists.get(key, ()))
