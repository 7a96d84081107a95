"""The archive's lists as the outline keeps them, apart from it (see Lists), and how a quick
build changes them for an edited meeting.

An edit that changes what lists show of a meeting, but not where it is in the archive (its
placing, see digests.placing_digest), leaves it on the same lists in the same places: its entries
are swapped where they were (see relist). An edit that moves it takes it off every list it was
on and puts it on every list it is on now, where a full build would list it (see moved), and
at its new place in the archive's order (see reordered).
"""

from __future__ import annotations

import bisect
import datetime as dt
import pickle
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Sized
from dataclasses import dataclass, replace
from typing import Any, TypeVar, cast

from minutebook.archive.indexes import (
    Archive,
    attendances,
    filed_under,
)
from minutebook.core.model import Meeting, MeetingId, OrganisationSlug, TopicSlug

# ItemRef and Attendance as kept: the meeting by its number in Lists.ids (pickled, a number
# takes 2 or 3 bytes, an id 40 or more).
PlainRef = tuple[int, str | None]
PlainAttendance = tuple[int, tuple[str, ...]]


def _packed(entries: Iterable[tuple[Any, ...]]) -> bytes:
    """A list's entries as plain tuples (equal to the named ones), pickled."""
    return pickle.dumps(tuple(map(tuple, entries)), protocol=pickle.HIGHEST_PROTOCOL)


def measured(packed: bytes) -> int:
    """How many entries a packed list holds (see Restored.size)."""
    return len(unpacked(packed))


def unpacked(packed: bytes) -> tuple[Any, ...]:
    """A packed list's entries, as plain tuples."""
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


def relist(
    lists: Lists, numbered: Mapping[MeetingId, int], before: Meeting, after: Meeting
) -> Lists | None:
    """The lists with a meeting as it lists now, where it listed before; None if it is not on
    the same lists in the same places (its placing, digests.placing_digest, says it is).
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
        entries = list(unpacked(changed[slug])) if slug in changed else []
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
        listed = unpacked(swapped[key]) if key in swapped else ()
        places: list[int] = [n for n, entry in enumerate(listed) if entry[0] == place]
        first = places[0] if places else 0
        if len(places) != len(old[key]) or places != list(range(first, first + len(fresh))):
            return None
        swapped[key] = _packed([*listed[:first], *fresh, *listed[first + len(places) :]])
    return swapped
