"""The meeting files changed since the last build, read again and compared with what the last
build's outline holds of them: which pages they are on, and whether one moved in the archive.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from minutebook.archive.indexes import attendances
from minutebook.archive.links import Targets, problems_in_context
from minutebook.archive.people import PeopleListed, people_of
from minutebook.core import cache
from minutebook.core.diagnostics import Diagnostic
from minutebook.core.model import Meeting, MeetingId, OrganisationSlug, Status, meeting_id
from minutebook.incremental.outline import Outline, links_of
from minutebook.reading.loading import (
    LoadState,
    Parsed,
    build_date,
    cached_meeting,
    reread_meeting,
)


@dataclass(frozen=True, slots=True)
class Reread:
    """The changed meeting files, read again."""

    meetings: dict[MeetingId, Meeting]
    gone: list[Diagnostic]  # their problems as they were
    found: list[Diagnostic]  # … and as they are
    listings: dict[str, str]  # file → what lists show of it now
    summaries: dict[str, str]  # … and what every list shows of it (Parsed.summary)
    # (before, after) of each published meeting whose listing, summary or attendance changed
    relisted: list[tuple[Meeting, Meeting]]
    resummarised: list[tuple[Meeting, Meeting]]  # … those of them whose summary changed
    placings: dict[str, str] = field(default_factory=dict)  # file → where it is now
    # (before, after) of a meeting whose placing changed (see _movable): None before if it
    # was not published, after if it no longer is
    moved: list[tuple[Meeting | None, Meeting | None]] = field(default_factory=list)
    drafts: frozenset[str] = frozenset()  # the files of drafts now
    links: dict[str, tuple[str, ...]] = field(default_factory=dict)  # see Outline.links
    # (before, after) of each published meeting whose people changed (archive/people.py); None
    # before if it was not published, after if it no longer is
    people: list[tuple[PeopleListed | None, PeopleListed | None]] = field(default_factory=list)


def reread_changed(
    store: cache.Store,
    state: LoadState,
    named: Callable[[str, str], str],
    last: Outline,
    changed: Sequence[str],
    digests: Mapping[str, str],
    files: AbstractSet[str],
    *,
    drafts: bool,
) -> Reread | None:
    """The changed meeting files (new, edited or deleted: not in `digests`) read again, and
    kept in the cache for any build to use; None if one cannot be read at all, or its last
    reading (or that of a file linking to it, or linked to) is not in the cache, or if its
    placing changed in a way a quick build does not follow (see _movable). `files`: the other
    files under content/ (the same as at the last build: they are in the outline's frame).
    `drafts`: drafts are published (build --drafts)."""
    earlier = [
        (
            name,
            cached_meeting(store, named(name, last.digests[name]))
            if name in last.digests
            else None,
        )
        for name in changed
    ]
    again = [
        reread_meeting(store, state, name, named(name, digests[name])) if name in digests else None
        for name in changed
    ]
    if _among_unnamed(store, named, last, earlier, again, drafts=drafts):
        return None
    draft_files = set(last.drafts) - set(changed)
    links = {source: targets for source, targets in last.links.items() if source not in changed}
    readings = {name: (before, now) for (name, before), now in zip(earlier, again, strict=True)}
    for name, (_, now) in readings.items():
        meeting = now.meeting if now is not None else None
        if meeting is not None and meeting.status is Status.DRAFT:
            draft_files.add(name)
        if meeting is not None and links_of(meeting):
            links[name] = links_of(meeting)
    reread = Reread({}, [], [], {}, {}, [], [], drafts=frozenset(draft_files), links=links)
    today = build_date()

    def anchors(source: str, now: bool) -> tuple[str, ...] | None:
        """The anchors of a meeting file's minutes, as at the last build or `now`."""
        if source in readings:
            parsed = readings[source][1 if now else 0]
        elif source in digests:  # unchanged: as read then
            parsed = cached_meeting(store, named(source, digests[source]))
            if parsed is None:
                raise _Unread(source)
        else:
            parsed = None
        return None if parsed is None or parsed.meeting is None else parsed.meeting.anchors

    targets = {
        False: Targets(set(last.digests), last.drafts, files, lambda s: anchors(s, False)),
        True: Targets(set(digests), reread.drafts, files, lambda s: anchors(s, True)),
    }

    def in_context(meeting: Meeting, now: bool) -> list[Diagnostic]:
        """The checks of the whole site that point into a meeting's file, as the files were
        at the last build, or as they are `now`."""
        return problems_in_context(meeting, targets[now], today)

    try:
        return _reread(store, named, last, changed, digests, readings, reread, in_context, drafts)
    except _Unread:
        return None


class _Unread(Exception):
    """A meeting file's last reading is not in the cache: a full build reads it."""


def _reread(
    store: cache.Store,
    named: Callable[[str, str], str],
    last: Outline,
    changed: Sequence[str],
    digests: Mapping[str, str],
    readings: Mapping[str, tuple[Parsed | None, Parsed | None]],
    reread: Reread,
    in_context: Callable[[Meeting, bool], list[Diagnostic]],
    drafts: bool,
) -> Reread | None:
    """reread_changed, once each changed file is read again (`readings`: before and now)."""
    files_then, files_now = set(last.digests), set(digests)
    anchored: set[str] = set()  # files whose minutes' anchors changed
    for name, (before, now) in readings.items():
        if (before is None and name in last.digests) or (now is None and name in digests):
            return None  # its last reading is not in the cache, or it cannot be read now
        was = before.meeting if before is not None else None
        meeting = now.meeting if now is not None else None
        if (before is not None and was is None) or (now is not None and meeting is None):
            return None  # it could not be parsed, or cannot now: the full build says why
        if was is not None and meeting is not None and was.anchors != meeting.anchors:
            anchored.add(name)
        placing = now.placing if now is not None else None
        moving = placing != last.placings.get(name)
        if moving and not _movable(was, meeting):
            return None
        # The file's own problems, and the checks of the whole site that point into it (the
        # others point at other files, or at what the placing holds, or at whether it is a
        # draft or there at all: see below).
        if before is not None and was is not None:
            reread.gone.extend([*before.diagnostics, *before.reviews])
            reread.gone.extend(in_context(was, False))
        if now is not None and meeting is not None:
            reread.found.extend([*now.diagnostics, *now.reviews])
            reread.found.extend(in_context(meeting, True))
            reread.meetings[meeting.id] = meeting
            reread.listings[name] = now.listing
            reread.summaries[name] = now.summary
            reread.placings[name] = now.placing
        published = (
            was is not None and was.id in last.sources,
            meeting is not None and meeting.is_published(drafts=drafts),
        )
        if published == (False, False):
            continue  # on no page
        people = [
            people_of(m) if shown else None
            for m, shown in zip((was, meeting), published, strict=True)
        ]
        if people[0] != people[1]:  # (who is who is worked out again: see quick._people)
            reread.people.append((people[0], people[1]))
        if moving:
            reread.moved.append((was if published[0] else None, meeting if published[1] else None))
            continue
        assert was is not None and meeting is not None and now is not None
        pair = (was, meeting)
        attended = attendances(was) != attendances(meeting)
        summarised = now.summary != last.summaries[name]
        if now.listing != last.listings[name] or attended or summarised:
            reread.relisted.append(pair)
        if summarised:
            reread.resummarised.append(pair)
    if reread.moved and len(changed) > 1:
        renamed = _renamed(reread.moved) if len(changed) == 2 else None
        if renamed is None:
            return None  # one at a time (a full build is not much slower than many)
        reread.moved[:] = [renamed]
    touched = (last.drafts ^ reread.drafts) | (files_then ^ files_now) | anchored
    if not _rechecked(store, named, reread, changed, digests, touched, in_context):
        return None
    return reread


def _renamed(
    moved: Sequence[tuple[Meeting | None, Meeting | None]],
) -> tuple[Meeting, Meeting] | None:
    """A meeting file renamed, or moved to another folder: its meeting left with one file and
    came with the other (its id is its body, date and page name, not its file's name). One
    move, where two are left to a full build (at 10,000 meetings, 1 s in serve and 2 s from
    the command line, against 0.34 s in serve for the move)."""
    if len(moved) != 2:
        return None
    gone = next((before for before, after in moved if after is None), None)
    came = next((after for before, after in moved if before is None), None)
    if gone is None or came is None or gone.id != came.id:
        return None
    return gone, came


def _rechecked(
    store: cache.Store,
    named: Callable[[str, str], str],
    reread: Reread,
    changed: Sequence[str],
    digests: Mapping[str, str],
    touched: AbstractSet[str],
    in_context: Callable[[Meeting, bool], list[Diagnostic]],
) -> bool:
    """`reread` with the problems of the other files whose links point at a `touched` file (new,
    deleted, a draft now and was not or the other way round, or whose anchors changed): the
    linking file says whether a link leads to a file, to a draft, and to an anchor it has (see
    links.link_problems). False if the last reading of one is not in the cache."""
    for source, targets in reread.links.items():
        if source in changed or touched.isdisjoint(targets):
            continue
        parsed = cached_meeting(store, named(source, digests[source]))
        if parsed is None or parsed.meeting is None:
            return False
        reread.gone.extend(in_context(parsed.meeting, False))
        reread.found.extend(in_context(parsed.meeting, True))
    return True


def _among_unnamed(
    store: cache.Store,
    named: Callable[[str, str], str],
    last: Outline,
    files: Sequence[tuple[str, Parsed | None]],
    again: Sequence[Parsed | None],
    *,
    drafts: bool,
) -> bool:
    """Was a changed meeting, or is it now, one of two published meetings of a body on one day
    without a slug? Then the page names of that day's meetings come from their files' names,
    or did, or will (see indexes.named_after_files): a full build names them. Otherwise every
    meeting is named by its own file, as read here."""
    changed = {name for name, _ in files}
    before: dict[tuple[OrganisationSlug, dt.date], set[str]] = defaultdict(set)
    now: dict[tuple[OrganisationSlug, dt.date], set[str]] = defaultdict(set)
    for (name, then), read in zip(files, again, strict=True):
        was = then.meeting if then is not None else None
        if was is not None and was.slug is None and name in last.skeleton.by_source:
            before[(was.organisation, was.date)].add(name)
        meeting = read.meeting if read is not None else None
        if meeting is not None and meeting.slug is None and meeting.is_published(drafts=drafts):
            now[(meeting.organisation, meeting.date)].add(name)
    for organisation, day in before.keys() | now.keys():
        held = meeting_id(organisation, day, None)  # (the ids of that day start with it)
        for filed_as, source in last.sources.items():
            if not filed_as.startswith(held) or source in changed:
                continue
            parsed = cached_meeting(store, named(source, last.digests[source]))
            if parsed is None or parsed.meeting is None:
                return True  # not in the cache: a full build reads it
            if parsed.meeting.slug is None:
                before[(organisation, day)].add(source)
                now[(organisation, day)].add(source)
        if len(before[(organisation, day)]) > 1 or len(now[(organisation, day)]) > 1:
            return True
    return False


def _movable(before: Meeting | None, after: Meeting | None) -> bool:
    """Can a quick build follow a meeting whose placing changed (see lists.moved), or that is
    new or deleted? Not if it has documents (they are published beside its page)."""
    return not any(meeting.documents for meeting in (before, after) if meeting is not None)
