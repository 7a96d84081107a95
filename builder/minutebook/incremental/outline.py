"""What a build leaves for the next one: enough to remake the pages an edit to a few meetings
changes, without loading the archive.

Most saves change a meeting's text, or what only its own page shows (its location, time…), and
nothing a list shows (see digests.listing_digest). Then no page but that meeting's own can change,
and its page needs only a handful of meetings: the meeting, the ones it links to and the ones
next to it. Loading all 10,000 meetings of a large archive to find that out takes a second; the
outline takes milliseconds.

Many other saves change what lists show, or what the pages of the whole archive show (the title,
the status, when the minutes were approved, the next meeting), but not where the meeting is in
the archive (its placing, see digests.placing_digest: where and when it is filed, whether it is a
draft, which organisations attended, its topics…). Then the meeting is on the same lists as
before, in the same places. The outline's lists (kept apart, see lists.py) are patched for the
meeting, and so are the approvals and next meetings the skeleton holds; the pages listing it
(pages.Planner.pages_listing), the meeting that approved it before, and, if its summary changed,
the pages of the whole archive are remade when their keys changed, with the meetings they show
read from the cache as each page asks for them.

Other saves move a meeting: they change its placing (its date, body or page name, its topics,
which organisations attended, the names it writes that the config does not list, whether it is
published), or add or delete its file. Then it leaves the lists it was on and joins others
(see lists.moved), and the relations between meetings (neighbours, approvals) are worked out
again from every meeting's body and dates (see placed); the pages it left or joined, those of
the meetings linking to it or whose relations changed, and the pages of the whole archive are
remade when their keys changed, pages it left empty are removed, and pages new to the archive
are made. A meeting with documents, or several moved at once, are left to a full build (see
reread._movable).

The outline holds the archive without its meetings and lists (the skeleton), each meeting
file's digest, listing, summary and placing digests, the files copied as they are, the last
build's problems, and a digest of every other input (the frame). When the frame is the same,
the pages are remade as above, changed static files and documents are copied again, and every
other file of the output is kept as it is.
"""

from __future__ import annotations

import datetime as dt
import pickle
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, fields, replace
from typing import Any, TypeVar

from minutebook.archive.indexes import (
    Archive,
    Attendance,
    Held,
    ItemRef,
    approves_of,
    attendances_of,
    item_refs,
    named_in,
    relations,
    unlisted_of,
)
from minutebook.core import cache
from minutebook.core.diagnostics import Diagnostic, sort_diagnostics
from minutebook.core.model import (
    LinkKind,
    Meeting,
    MeetingId,
    OrganisationSlug,
    TopicSlug,
    body_of,
    items_filed,
)
from minutebook.incremental.lists import Lists, Restored, measured, unpacked
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

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickled with its skeleton's pickle as it was loaded, when the skeleton is the one
        loaded: an edit that moves no meeting keeps it, and pickling it again was 0.6 of the
        3 s of a quick build at 10,000 meetings (its 8 MiB are most of the outline's)."""
        values = tuple(getattr(self, f.name) for f in fields(self) if f.name != "skeleton")
        return (_outline, (_skeleton_pickle(self.skeleton), values))


# The skeleton last loaded or saved in this process, and its pickle (see Outline.__reduce__).
_SKELETON: list[tuple[Archive, bytes]] = []


def _skeleton_pickle(skeleton: Archive) -> bytes:
    if _SKELETON and _SKELETON[0][0] is skeleton:
        return _SKELETON[0][1]
    payload = pickle.dumps(skeleton, protocol=pickle.HIGHEST_PROTOCOL)
    _SKELETON[:] = [(skeleton, payload)]
    return payload


def _outline(skeleton_pickle: bytes, values: tuple[Any, ...]) -> Outline:
    skeleton: Archive = pickle.loads(skeleton_pickle)
    _SKELETON[:] = [(skeleton, skeleton_pickle)]
    names = [f.name for f in fields(Outline) if f.name != "skeleton"]
    return Outline(skeleton=skeleton, **dict(zip(names, values, strict=True)))


def skeleton_of(archive: Archive) -> Archive:
    """The archive without its meetings or lists: its config, organisations and topics, and
    which meetings are next to, approve, or are found at which file (a meeting page shows
    those, and nothing else of other meetings)."""
    return replace(
        archive, meetings={}, by_year={}, held_by={}, attended_by={}, by_topic={}, dates={}
    )


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


T = TypeVar("T")


def _of_others(
    relation: Mapping[MeetingId, T], bodies: AbstractSet[OrganisationSlug]
) -> dict[MeetingId, T]:
    """A relation between meetings, but for the meetings of `bodies`."""
    return {i: v for i, v in relation.items() if body_of(i) not in bodies}


def _approvals_written(
    skeleton: Archive, before: Meeting | None, after: Meeting | None
) -> dict[MeetingId, tuple[dt.date, ...]]:
    """What the meetings' words approve (see indexes.Held.approves), with one meeting's as it
    was `before` and is now `after`."""
    written = dict(skeleton.approvals_written)
    if before is not None:
        written.pop(before.id, None)
    if after is not None and (days := approves_of(after)) is not None:
        written[after.id] = days
    return written


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
    written = _approvals_written(skeleton, before, after)
    held = (
        Held(i, body, lists.dates[i], lists.approved_at.get(i), written.get(i))
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
        approvals_written={i: written[i] for i in sources if i in written},
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
    (what else its summary holds is the same: see digests.placing_digest). `order`: each
    meeting's place in the archive."""
    next_meetings = {i: n for i, n in skeleton.next_meetings.items() if i != after.id}
    if after.next_meeting is not None:
        next_meetings[after.id] = after.next_meeting
    # The approvals between the body's meetings worked out again: its own approval, and what
    # its words approve, may have changed (see indexes.relations).
    body = after.organisation
    written = _approvals_written(skeleton, before, after)
    in_order = sorted(lists.held_by.get(body, ()), key=order.__getitem__)
    held = (
        Held(i, body, lists.dates[i], lists.approved_at.get(i), written.get(i)) for i in in_order
    )
    _, _, approved_by, approves = relations(held)
    return replace(
        skeleton,
        next_meetings=next_meetings,
        approved_by=_of_others(skeleton.approved_by, {body}) | approved_by,
        approves=_of_others(skeleton.approves, {body}) | approves,
        approvals_written={i: written[i] for i in order if i in written},
    )


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
    """The meeting files a meeting's minutes link to, each once. (Its other links lead to its
    own file, to files that are not meetings, whose names are in the outline's frame, or out of
    the site: a quick build has nothing to follow there.)"""
    return tuple(
        dict.fromkeys(link.target for link in meeting.links if link.kind is LinkKind.MEETING)
    )


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
        return attendances_of((ids[n], people) for n, people in unpacked(kept))

    def filed(_: TopicSlug, kept: bytes) -> tuple[ItemRef, ...]:
        return item_refs((ids[n], anchor) for n, anchor in unpacked(kept))

    return replace(
        archive,
        by_year=lists.by_year,
        held_by=lists.held_by,
        attended_by=Restored(lists.attended_by, attended, measure=measured),
        by_topic=Restored(lists.by_topic, filed, measure=measured),
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
