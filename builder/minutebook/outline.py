"""What a build leaves for the next one: enough to remake the pages of meetings whose text alone
changed, without loading the archive.

Most saves change a meeting's text, or what only its own page shows (its location, time…), and
nothing a list shows (its date, body, people, items' titles and topics…: see
check.listing_digest). Then no page but that meeting's own can change, and its page needs only a
handful of meetings: the meeting, the ones it links to and the ones next to it. Loading all
10,000 meetings of a large archive to find that out takes a second; the outline takes
milliseconds.

The outline holds the archive without its meetings and lists (the skeleton), each meeting
file's digest and listing digest, the files copied as they are, the last build's problems, and
a digest of every other input (the frame). When the frame is the same and every changed meeting
file lists as it did, the pages of the changed meetings are made from the skeleton and those
few meetings, changed static files and documents are copied again, and every other file of the
output is kept as it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from minutebook import cache
from minutebook.diagnostics import Diagnostic, sort_diagnostics
from minutebook.indexes import Archive
from minutebook.model import Meeting, MeetingId
from minutebook.pages import PageRef, planner
from minutebook.sources import Stamp

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
    drafts: frozenset[str]  # the files of draft minutes (a link to one is a slip)
    diagnostics: tuple[Diagnostic, ...]  # what `check` found, sorted
    manifest: Stamp  # the output's manifest as the build left it: no other build wrote since
    pages: int


def skeleton_of(archive: Archive) -> Archive:
    """The archive without its meetings or lists: its config, organisations and topics, and
    which meetings are next to, approve, or are found at which file (a meeting page shows
    those, and nothing else of other meetings)."""
    return replace(archive, meetings={}, by_year={}, held_by={}, attended_by={}, by_topic={})


def outline_of(
    frame: str,
    copied: Mapping[str, tuple[str, Stamp | None]],
    output: str,
    archive: Archive,
    digests: Mapping[str, str],
    listings: Mapping[str, str],
    drafts: Iterable[str],
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
        frozenset(drafts),
        tuple(diagnostics),
        manifest,
        pages,
    )


def shown_with(skeleton: Archive, meeting: Meeting) -> set[MeetingId]:
    """The meetings the page of `meeting` is made from: itself, those next to it or approving
    it or approved by it, and those its minutes link to."""
    ref = PageRef("meeting", (meeting.id,))
    shown = set(planner(skeleton).inputs(ref) or ())
    linked = (skeleton.by_source.get(link.target) for link in meeting.links)
    return shown | {meeting_id for meeting_id in linked if meeting_id is not None}


def around(outline: Outline, meetings: Mapping[MeetingId, Meeting]) -> Archive:
    """The skeleton with `meetings` (each meeting changed and those `shown_with` it)."""
    ordered = {i: meetings[i] for i in outline.sources if i in meetings}
    return replace(outline.skeleton, meetings=ordered)


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
