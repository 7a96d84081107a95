"""What a build leaves for the next one: enough to remake the pages an edit to a few meetings
changes, without loading the archive.

Most saves change a meeting's text, or what only its own page shows (its location, time…), and
nothing a list shows (see check.listing_digest). Then no page but that meeting's own can change,
and its page needs only a handful of meetings: the meeting, the ones it links to and the ones
next to it. Loading all 10,000 meetings of a large archive to find that out takes a second; the
outline takes milliseconds.

Many other saves change what lists show, or what the pages of the whole archive show (the title,
the status, when the minutes were approved, the next meeting), but not where the meeting is in
the archive (its placing, see check.placing_digest: where and when it is filed, whether it is a
draft, which organisations attended, its topics…). Then the meeting is on the same lists as
before, in the same places. The outline's lists (kept apart, see Lists) are patched for the
meeting, and so are the approvals and next meetings the skeleton holds; the pages listing it
(pages.Planner.pages_listing), the meeting that approved it before, and, if its summary changed,
the pages of the whole archive are remade when their keys changed, with the meetings they show
read from the cache as each page asks for them.

Other saves move a meeting: they change its placing (its date, body or page name, its topics,
which organisations attended, the names it writes that the config does not list, whether it is
published), or add or delete its file. Then it leaves the lists it was on and joins others (see
moved), and the relations between meetings (neighbours, approvals) are worked out again from
every meeting's body and dates (see placed); the pages it left or joined, those of the meetings
linking to it or whose relations changed, and the pages of the whole archive are remade when
their keys changed, pages it left empty are removed, and pages new to the archive are made. A
meeting with documents, or several moved at once, are left to a full build (see build._movable).

The outline holds the archive without its meetings and lists (the skeleton), each meeting
file's digest, listing, summary and placing digests, the files copied as they are, the last
build's problems, and a digest of every other input (the frame). When the frame is the same,
the pages are remade as above, changed static files and documents are copied again, and every
other file of the output is kept as it is.
"""

from __future__ import annotations

import bisect
import datetime as dt
import pickle
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Sized
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from typing import Any, TypeVar, cast

from minutebook.archive.indexes import (
    Archive,
    Attendance,
    Held,
    ItemRef,
    approver_of,
    attendances,
    attendances_of,
    filed_under,
    item_refs,
    items_filed,
    named_in,
    relations,
    unlisted_of,
)
from minutebook.core import cache
from minutebook.core.diagnostics import Diagnostic, sort_diagnostics
from minutebook.core.model import Meeting, MeetingId, OrganisationSlug, TopicSlug, body_of
from minutebook.reading.sources import Stamp

OUTLINE_CACHE = "outlines"  # a folder in .minutebook-cache/, one outline per output folder


def outline_name(output: str) -> str:
    """Where the outline of the build into `output` (resolved) is kept: `build` and `serve`
    write to different folders, and each keeps its own."""
    return f"{OUTLINE_CACHE}/{cache.digest_of(output)[:24]}.pickle"


# More changed files than this, and a full build is about as quick (and does not read each
# changed file twice when one of them lists differently).
MOST_CHANGED = 50


@dataclass(frozen=True, slots=True)
class Outline:
    frame: str  # every input but the meeting files' and copied files' contents (see below)
    # the files copied as they are (the themes' static files, the documents): source path →
    # (output, stamp when last copied)
    copied: Mapping[str, tuple[str, Stamp | None]]
    output: str  # the output folder it describes, resolved
    skeleton: Archive  # the archive without meetings or lists: see skeleton_of
    sources: Mapping[MeetingId, str]  # every published meeting's file, in archive order
    digests: Mapping[str, str]  # every meeting file → its content's digest
    listings: Mapping[str, str]  # every meeting file → what lists show of it (Parsed.listing)
    summaries: Mapping[str, str]  # … and what every list shows of it (Parsed.summary)
    placings: Mapping[str, str]  # … and where it is in the archive (Parsed.placing)
    drafts: frozenset[str]  # the files of draft minutes (a link to one is a slip)
    # every meeting file whose minutes link to others → those files (see linking)
    links: Mapping[str, tuple[str, ...]]
    diagnostics: tuple[Diagnostic, ...]  # what `check` found, sorted
    manifest: Stamp  # the output's manifest as the build left it: no other build wrote since
    pages: int
    lists: str = ""  # which lists (kept apart, see Lists) go with it: see lists_made_from


def skeleton_of(archive: Archive) -> Archive:
    """The archive without its meetings or lists: its config, organisations and topics, and
    which meetings are next to, approve, or are found at which file (a meeting page shows
    those, and nothing else of other meetings)."""
    return replace(
        archive, meetings={}, by_year={}, held_by={}, attended_by={}, by_topic={}, dates={}
    )


# ItemRef and Attendance as kept: the meeting by its number in Lists.ids (pickled, a number
# takes 2 or 3 bytes, an id 40 or more).
PlainRef = tuple[int, str | None]
PlainAttendance = tuple[int, tuple[str, ...]]


def _packed(entries: Iterable[tuple[Any, ...]]) -> bytes:
    """A list's entries as plain tuples (equal to the named ones), pickled."""
    return pickle.dumps(tuple(map(tuple, entries)), protocol=pickle.HIGHEST_PROTOCOL)


def _measured(packed: bytes) -> int:
    return len(_unpacked(packed))


def _unpacked(packed: bytes) -> tuple[Any, ...]:
    # Only ever bytes from within a cache file whose signature was checked (see cache.load),
    # or from this process (serve).
    entries: tuple[Any, ...] = pickle.loads(packed)
    return entries


@dataclass(frozen=True, slots=True)
class Lists:
    """The archive's lists, which the skeleton leaves out: kept apart from the outline, as only
    an edit to what lists show needs them. The long ones (attended by, by topic) are kept one
    pickle per organisation or topic, of plain tuples: each is read only if a page asks for it,
    and a build of 100,000 meetings never holds a copy of them all (nor pickle's memo of it).

    In those, a meeting is a number: its place in `ids`, which is the archive's order when a
    full build made the lists. A meeting that moves later keeps its number (or, with a new id,
    gets the next), so that only the lists it leaves or joins change (see moved)."""

    ids: tuple[MeetingId, ...]  # each meeting's number → its id (some may have left since)
    by_year: Mapping[int, tuple[MeetingId, ...]]
    held_by: Mapping[OrganisationSlug, tuple[MeetingId, ...]]
    attended_by: Mapping[OrganisationSlug, bytes]  # of tuple[PlainAttendance, ...]
    by_topic: Mapping[TopicSlug, bytes]  # of tuple[PlainRef, ...]
    dates: Mapping[MeetingId, dt.date]
    approved_at: Mapping[MeetingId, dt.date]  # of the meetings whose minutes say so

    @classmethod
    def of(cls, archive: Archive) -> Lists:
        place = {meeting_id: n for n, meeting_id in enumerate(archive.meetings)}
        return cls(
            tuple(archive.meetings),
            archive.by_year,
            archive.held_by,
            {
                slug: _packed((place[a.meeting], a.people) for a in entries)
                for slug, entries in archive.attended_by.items()
            },
            {
                slug: _packed((place[r.meeting], r.anchor) for r in refs)
                for slug, refs in archive.by_topic.items()
            },
            archive.dates,
            {i: m.approved_at for i, m in archive.meetings.items() if m.approved_at is not None},
        )


T = TypeVar("T")
K = TypeVar("K")
V = TypeVar("V")
P = TypeVar("P")


class Restored(Mapping[K, V]):
    """A mapping with the keys of `plain`, each value made (from its key and its plain value)
    when first asked for: a quick build asks for few. `keep`: how many values made are kept
    (the latest), if not all. `measure`: the length of the value a plain value makes, for
    `size` (see indexes.list_size)."""

    __slots__ = ("_keep", "_made", "_make", "_measure", "_plain", "_sizes")

    def __init__(
        self,
        plain: Mapping[K, P],
        make: Callable[[K, P], V],
        keep: int | None = None,
        measure: Callable[[P], int] | None = None,
    ) -> None:
        self._plain: Mapping[K, Any] = plain
        self._make: Callable[[K, Any], V] = make
        self._made: dict[K, V] = {}
        self._keep = keep
        self._measure = measure
        self._sizes: dict[K, int] = {}

    def size(self, key: K) -> int:
        """The length of the value of `key` (0 if there is none), without making it."""
        if key in self._made:
            return len(cast("Sized", self._made[key]))
        if key not in self._plain:
            return 0
        if self._measure is None:
            return len(cast("Sized", self[key]))
        if key not in self._sizes:
            self._sizes[key] = self._measure(self._plain[key])
        return self._sizes[key]

    def __getitem__(self, key: K) -> V:
        if key not in self._made:
            if self._keep is not None and len(self._made) >= self._keep:
                del self._made[next(iter(self._made))]  # the one made first
            self._made[key] = self._make(key, self._plain[key])
        return self._made[key]

    def __contains__(self, key: object) -> bool:
        return key in self._plain

    def __iter__(self) -> Iterator[K]:
        return iter(self._plain)

    def __len__(self) -> int:
        return len(self._plain)


def numbers(lists: Lists) -> dict[MeetingId, int]:
    """Each meeting's number in the lists (see Lists)."""
    return {meeting_id: n for n, meeting_id in enumerate(lists.ids)}


def lists_made_from(outline: Outline) -> str:
    """What the lists of the archive an outline describes are made from: the config and every
    published meeting file. Kept with the lists, and named by the outline: lists kept by a
    build stopped before it kept its outline are of no use to the next, and lists that are the
    same need not be kept again (a template edited)."""
    files = [(source, outline.digests[source]) for source in outline.sources.values()]
    return cache.digest_of(outline.skeleton.config, files)


def lists_name(output: str) -> str:
    """Where the lists of the outline of the build into `output` are kept."""
    return outline_name(output).replace(".pickle", ".lists.pickle")


def relist(
    lists: Lists, numbered: Mapping[MeetingId, int], before: Meeting, after: Meeting
) -> Lists | None:
    """The lists with a meeting as it lists now, where it listed before; None if it is not on
    the same lists in the same places (its placing, check.placing_digest, says it is).
    `numbered`: each meeting's number (see numbers)."""
    place = numbered[after.id]

    def attending(meeting: Meeting) -> dict[OrganisationSlug, list[PlainAttendance]]:
        return {slug: [(place, a.people)] for slug, a in attendances(meeting).items()}

    def filed(meeting: Meeting) -> dict[TopicSlug, list[PlainRef]]:
        refs = filed_under(meeting).items()
        return {slug: [(place, r.anchor) for r in entries] for slug, entries in refs}

    attended = _swapped(lists.attended_by, place, attending(before), attending(after))
    by_topic = _swapped(lists.by_topic, place, filed(before), filed(after))
    if attended is None or by_topic is None:
        return None
    return replace(
        lists,
        attended_by=attended,
        by_topic=by_topic,
        approved_at=_approved_at(lists.approved_at, before, after),
    )


def _approved_at(
    approved_at: Mapping[MeetingId, dt.date], before: Meeting | None, after: Meeting | None
) -> dict[MeetingId, dt.date]:
    kept = {i: day for i, day in approved_at.items() if before is None or i != before.id}
    if after is not None and after.approved_at is not None:
        kept[after.id] = after.approved_at
    return kept


def moved(
    lists: Lists, ranks: Mapping[MeetingId, int], before: Meeting | None, after: Meeting | None
) -> Lists:
    """The lists with a meeting that moved (its placing changed: its date, its body, its
    topics, the organisations attending…) off every list it was on, and on every list it is on
    now, where a full build would list it. Without `before`, the meeting was not published;
    without `after`, it no longer is. `ranks`: each meeting's place in the archive now."""
    numbered = numbers(lists)
    ids = lists.ids
    if after is not None and after.id not in numbered:
        ids = (*ids, after.id)
    old = numbered[before.id] if before is not None else -1
    new = numbered.get(after.id, len(lists.ids)) if after is not None else -1

    def newest_first(number: int) -> int:
        return -ranks[ids[number]]

    def attending(meeting: Meeting | None, number: int) -> dict[Any, list[PlainAttendance]]:
        found = attendances(meeting).items() if meeting is not None else ()
        return {slug: [(number, a.people)] for slug, a in found}

    def filed(meeting: Meeting | None, number: int) -> dict[Any, list[PlainRef]]:
        found = filed_under(meeting).items() if meeting is not None else ()
        return {slug: [(number, r.anchor) for r in refs] for slug, refs in found}

    def rank(meeting_id: MeetingId) -> int:
        return ranks[meeting_id]

    def reverse_rank(meeting_id: MeetingId) -> int:
        return -ranks[meeting_id]

    def year(meeting: Meeting) -> int:
        return meeting.date.year

    def body(meeting: Meeting) -> OrganisationSlug:
        return meeting.organisation

    dates = {i: day for i, day in lists.dates.items() if before is None or i != before.id}
    return replace(
        lists,
        ids=ids,
        by_year=_moved_id(lists.by_year, year, before, after, rank),
        held_by=_moved_id(lists.held_by, body, before, after, reverse_rank),
        attended_by=_moved_entries(
            lists.attended_by, old, attending(before, old), attending(after, new), newest_first
        ),
        by_topic=_moved_entries(
            lists.by_topic, old, filed(before, old), filed(after, new), newest_first
        ),
        dates=dates if after is None else {**dates, after.id: after.date},
        approved_at=_approved_at(lists.approved_at, before, after),
    )


def _moved_id(
    index: Mapping[Any, tuple[MeetingId, ...]],
    listed_under: Callable[[Meeting], Any],
    before: Meeting | None,
    after: Meeting | None,
    key: Callable[[MeetingId], int],
) -> dict[Any, tuple[MeetingId, ...]]:
    """`index` with the meeting out of its list (under `listed_under(before)`) and into its
    list now, at its place by `key` (each list is sorted by it); an emptied list goes, and the
    keys stay sorted as a full build sorts them."""
    changed = dict(index)
    if before is not None:
        was = listed_under(before)
        rest = tuple(i for i in changed[was] if i != before.id)
        if rest:
            changed[was] = rest
        else:
            del changed[was]
    if after is not None:
        listed = list(changed.get(listed_under(after), ()))
        listed.insert(bisect.bisect_left(listed, key(after.id), key=key), after.id)
        changed[listed_under(after)] = tuple(listed)
    return dict(sorted(changed.items()))


def _moved_entries(
    index: Mapping[Any, bytes],
    number: int,
    old: Mapping[Any, Sequence[tuple[Any, ...]]],
    new: Mapping[Any, Sequence[tuple[Any, ...]]],
    key: Callable[[int], int],
) -> dict[Any, bytes]:
    """`index` without the meeting's `old` entries (numbered `number`), with its `new` ones
    where they belong by `key` (of an entry's number: each list is sorted by it); an emptied
    list goes, and the keys stay sorted as a full build sorts them."""
    changed = dict(index)
    for slug in dict.fromkeys([*old, *new]):  # each list unpacked and packed once
        entries = list(_unpacked(changed[slug])) if slug in changed else []
        if slug in old:
            entries = [entry for entry in entries if entry[0] != number]
        if slug in new:
            fresh = new[slug]
            at = bisect.bisect_left(entries, key(fresh[0][0]), key=lambda entry: key(entry[0]))
            entries[at:at] = fresh
        if entries:
            changed[slug] = _packed(entries)
        else:
            del changed[slug]
    return dict(sorted(changed.items()))


def reordered(
    sources: Mapping[MeetingId, str],
    lists: Lists,
    before: Meeting | None,
    after: Meeting | None,
) -> dict[MeetingId, str]:
    """Every published meeting's file, in archive order (see indexes.build_archive), with a
    meeting that moved out of its old place (if it was published) and in at its new one (if it
    is). `lists`: as before."""
    order = [i for i in sources if before is None or i != before.id]
    if after is None:
        return {i: sources[i] for i in order}

    def key(meeting_id: MeetingId) -> tuple[dt.date, str, str]:
        if meeting_id == after.id:
            return (after.date, after.id, after.source)
        return (lists.dates[meeting_id], meeting_id, sources[meeting_id])

    order.insert(bisect.bisect_left(order, key(after.id), key=key), after.id)
    return {i: after.source if i == after.id else sources[i] for i in order}


def _of_others(
    relation: Mapping[MeetingId, T], bodies: AbstractSet[OrganisationSlug]
) -> dict[MeetingId, T]:
    """A relation between meetings, but for the meetings of `bodies`."""
    return {i: v for i, v in relation.items() if body_of(i) not in bodies}


def placed(
    skeleton: Archive,
    lists: Lists,
    sources: Mapping[MeetingId, str],
    before: Meeting | None,
    after: Meeting | None,
) -> Archive:
    """The skeleton with a meeting that moved where it is now (see moved): the relations
    between meetings worked out again (see indexes.relations), its file, the next meeting it
    names, the topics its body's items are filed under, and the names it writes that the
    config does not list. `lists` and `sources` (in archive order): as they are now."""
    # Relations hold between meetings of one body: only those of its bodies before and now
    # change, and only theirs are worked out again.
    bodies = {m.organisation for m in (before, after) if m is not None}
    held = (
        Held(i, body, lists.dates[i], lists.approved_at.get(i))
        for i in sources
        if (body := body_of(i)) in bodies
    )
    previous, following, approved_by, approves = relations(held)
    gone = before.id if before is not None else None
    named = {i: n for i, n in skeleton.next_meetings.items() if i != gone}
    unlisted = {i: names for i, names in skeleton.unlisted.items() if i != gone}
    topics = {slug: Counter(counts) for slug, counts in skeleton.held_topics.items()}
    if before is not None:
        topics.setdefault(before.organisation, Counter()).subtract(items_filed(before))
    if after is not None:
        topics.setdefault(after.organisation, Counter()).update(items_filed(after))
        if after.next_meeting is not None:
            named[after.id] = after.next_meeting
        if (names := unlisted_of(after)) is not None:
            unlisted[after.id] = names
    unlisted = {i: unlisted[i] for i in sources if i in unlisted}  # (archive order)
    organisations, vocabulary = named_in(skeleton.config, unlisted.values())
    return replace(
        skeleton,
        organisations=organisations,
        topics=vocabulary,
        unlisted=unlisted,
        previous=_of_others(skeleton.previous, bodies) | previous,
        next=_of_others(skeleton.next, bodies) | following,
        approved_by=_of_others(skeleton.approved_by, bodies) | approved_by,
        approves=_of_others(skeleton.approves, bodies) | approves,
        by_source={source: i for i, source in sources.items()},
        next_meetings={i: named[i] for i in sources if i in named},
        held_topics={
            slug: {topic: n for topic, n in counts.items() if n > 0}
            for slug, counts in sorted(topics.items())
            if slug in lists.held_by
        },
    )


def resummarised(
    skeleton: Archive,
    lists: Lists,
    order: Mapping[MeetingId, int],
    before: Meeting,
    after: Meeting,
) -> Archive:
    """The skeleton with a meeting's approval and the next meeting it names as they are now
    (what else its summary holds is the same: see check.placing_digest). `order`: each
    meeting's place in the archive."""
    next_meetings = {i: n for i, n in skeleton.next_meetings.items() if i != after.id}
    if after.next_meeting is not None:
        next_meetings[after.id] = after.next_meeting
    approved_by = dict(skeleton.approved_by)
    approves = {i: list(approved) for i, approved in skeleton.approves.items()}
    old = approved_by.pop(before.id, None)
    if old is not None:
        approves[old].remove(before.id)

    def first_held(slug: OrganisationSlug, day: dt.date) -> MeetingId | None:
        held = reversed(lists.held_by.get(slug, ()))  # in archive order (held_by is newest first)
        return next((i for i in held if lists.dates[i] == day), None)

    new = approver_of(after, first_held)
    if new is not None:
        approved_by[after.id] = new
        approves[new] = sorted([*approves.get(new, []), after.id], key=order.__getitem__)
    return replace(
        skeleton,
        next_meetings=next_meetings,
        approved_by=approved_by,
        approves={i: tuple(approved) for i, approved in approves.items() if approved},
    )


def _swapped(
    index: Mapping[Any, bytes],
    place: int,
    old: Mapping[Any, Sequence[tuple[Any, ...]]],
    new: Mapping[Any, Sequence[tuple[Any, ...]]],
) -> dict[Any, bytes] | None:
    """`index` with the meeting's `old` entries under each key replaced by its `new` ones,
    where the old ones were; None unless the same keys hold as many entries, one run each."""
    if old.keys() != new.keys():
        return None
    swapped = dict(index)
    for key, fresh in new.items():
        listed = _unpacked(swapped[key]) if key in swapped else ()
        places: list[int] = [n for n, entry in enumerate(listed) if entry[0] == place]
        first = places[0] if places else 0
        if len(places) != len(old[key]) or places != list(range(first, first + len(fresh))):
            return None
        swapped[key] = _packed([*listed[:first], *fresh, *listed[first + len(places) :]])
    return swapped


def outline_of(
    frame: str,
    copied: Mapping[str, tuple[str, Stamp | None]],
    output: str,
    archive: Archive,
    digests: Mapping[str, str],
    listings: Mapping[str, str],
    summaries: Mapping[str, str],
    placings: Mapping[str, str],
    drafts: Iterable[str],
    links: Mapping[str, tuple[str, ...]],
    diagnostics: Sequence[Diagnostic],
    manifest: Stamp,
    pages: int,
) -> Outline:
    sources = {meeting_id: meeting.source for meeting_id, meeting in archive.meetings.items()}
    return Outline(
        frame,
        dict(copied),
        output,
        skeleton_of(archive),
        sources,
        dict(digests),
        dict(listings),
        dict(summaries),
        dict(placings),
        frozenset(drafts),
        dict(links),
        tuple(diagnostics),
        manifest,
        pages,
    )


def links_of(meeting: Meeting) -> tuple[str, ...]:
    """The meeting files a meeting's minutes link to, each once."""
    return tuple(dict.fromkeys(link.target for link in meeting.links))


def linking(links: Mapping[str, tuple[str, ...]], target: str) -> list[str]:
    """The meeting files whose minutes link to `target` (a draft or not, published or not,
    the pages of those published show where it is, and the checks of the others say whether it
    is a draft: see check.link_problems)."""
    return [source for source, targets in links.items() if target in targets]


def archive_of(
    outline: Outline, read: Callable[[MeetingId, str], Meeting], lists: Lists | None = None
) -> Archive:
    """The skeleton with its meetings, each `read` (from its id and file) when a page asks for
    it, and with `lists` (without them, only meeting pages can be made)."""
    archive = replace(outline.skeleton, meetings=Restored(outline.sources, read))
    if lists is None:
        return archive
    ids = lists.ids

    def attended(_: OrganisationSlug, kept: bytes) -> tuple[Attendance, ...]:
        return attendances_of((ids[n], people) for n, people in _unpacked(kept))

    def filed(_: TopicSlug, kept: bytes) -> tuple[ItemRef, ...]:
        return item_refs((ids[n], anchor) for n, anchor in _unpacked(kept))

    return replace(
        archive,
        by_year=lists.by_year,
        held_by=lists.held_by,
        attended_by=Restored(lists.attended_by, attended, measure=_measured),
        by_topic=Restored(lists.by_topic, filed, measure=_measured),
        dates=lists.dates,
    )


def patched(
    diagnostics: Iterable[Diagnostic], gone: Iterable[Diagnostic], new: Iterable[Diagnostic]
) -> list[Diagnostic] | None:
    """The last build's problems, with a changed file's old ones replaced by its new ones; None
    if one of the old is not among them (the outline does not match the cache). The problems
    are a set (see sort_diagnostics): a check of the whole site never words a problem exactly
    as a file's own checks do, so removing one of those removes nothing else."""
    kept, old = set(diagnostics), set(gone)
    if not old <= kept:
        return None
    return sort_diagnostics((kept - old) | set(new))
