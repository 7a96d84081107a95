"""The checks that look across files: where the links in one meeting's minutes lead (another
meeting's file, missing or a draft; a file beside the minutes that is not there or not
published; an anchor that neither these nor the linked minutes have), and its approval date
against the day.

What a link leads to on the page (see meeting_page.MeetingPage.linked_url) and what is said of it
here follow one rule: a link to a file that is not published shows as its text, and is a
warning; a link whose page is published but whose anchor is not on it, or to a path on the web
server, is kept as written, and is a warning too.
"""

from __future__ import annotations

import datetime as dt
import difflib
import posixpath
from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import unquote

from minutebook.core.diagnostics import Diagnostic, error, warning
from minutebook.core.model import LinkKind, Meeting, MeetingLink, Status
from minutebook.reading.review import approved_in_the_future
from minutebook.reading.sources import CONTENT_DIR

SHOWN_AS_TEXT = "until then it shows as plain text"


@dataclass(frozen=True)
class Targets:
    """What the links in minutes may lead to, as one build finds the site."""

    sources: AbstractSet[str]  # every meeting file
    drafts: AbstractSet[str]  # the files of draft minutes
    files: AbstractSet[str]  # every other file under content/ (see sources.content_files)
    # A meeting file → the anchors its minutes give (Meeting.anchors); None if it cannot be read.
    anchors: Callable[[str], Iterable[str] | None]

    @cached_property
    def _by_folder(self) -> dict[str, tuple[list[str], list[str]]]:
        """Folder → the names of its meeting files and of its other files: made when a link
        first leads to no file, rather than a look through every file for each such link."""
        folders: dict[str, tuple[list[str], list[str]]] = {}
        for kind, names in enumerate((self.sources, self.files)):
            for name in sorted(names):
                folder, base = posixpath.split(name)
                folders.setdefault(folder, ([], []))[kind].append(base)
        return folders

    def meetings_in(self, folder: str) -> list[str]:
        return self._by_folder.get(folder, ([], []))[0]

    def files_in(self, folder: str) -> list[str]:
        return self._by_folder.get(folder, ([], []))[1]

    def is_folder(self, path: str) -> bool:
        """Whether a file under content/ is in the folder `path`, or in one below it."""
        return any(f == path or f.startswith(path + "/") for f in self._by_folder)


def problems_in_context(meeting: Meeting, targets: Targets, today: dt.date) -> list[Diagnostic]:
    """The checks of the whole site that point into one meeting's file: its links, and its
    approval date against today. `check_site` runs these for every meeting, and a quick build
    (see reread.py) for the files it reads again and those linking to them: a check added here
    is found again by both."""
    return [*link_problems(meeting, targets), *approved_in_the_future(meeting, today)]


def draft_sources(meetings: Iterable[Meeting]) -> set[str]:
    return {m.source for m in meetings if m.status is Status.DRAFT}


def link_problems(meeting: Meeting, targets: Targets) -> list[Diagnostic]:
    """The problems of the links in one meeting's minutes."""
    found = (_link_problem(meeting, link, targets) for link in meeting.links)
    return [problem for problem in found if problem is not None]


def _link_problem(meeting: Meeting, link: MeetingLink, targets: Targets) -> Diagnostic | None:
    if link.kind is LinkKind.MEETING:
        return _meeting_link_problem(meeting, link, targets)
    if link.kind is LinkKind.FILE:
        return _file_link_problem(meeting, link, targets)
    if link.kind is LinkKind.ANCHOR:
        return _anchor_problem(link, meeting.anchors, "these minutes")
    return warning(
        link.span,
        f"the link '{link.written}' is a path on the web server, outside what Minutebook "
        "publishes, so it cannot be checked",
        "link to a file beside the minutes (listed under documents:), to a meeting's file "
        "(e.g.  [last meeting](2011-02-15.md)), or give the whole web address (https://…)",
    )


def _meeting_link_problem(
    meeting: Meeting, link: MeetingLink, targets: Targets
) -> Diagnostic | None:
    if not link.target.startswith(CONTENT_DIR + "/"):
        return error(
            link.span,
            f"the link '{link.written}' points outside the content folder",
            "link only to meeting files under content/, e.g.  [last meeting](2011-02-15.md)",
        )
    if link.target not in targets.sources:
        near = _nearest_file(link.target, targets.meetings_in(posixpath.dirname(link.target)))
        return error(
            link.span,
            f"the link '{link.written}' points to a meeting file that does not exist: "
            f"{link.target}",
            f"correct the file name, perhaps to '{_from(meeting, near)}', or remove the link"
            if near
            else "correct the file name (names are case-sensitive), or remove the link",
        )
    if link.target in targets.drafts and meeting.status is not Status.DRAFT:
        return warning(
            link.span,
            f"the link '{link.written}' points to draft minutes, which are not published: "
            "it shows as plain text until they are",
            "give the linked minutes  status: unconfirmed  or  approved  when they are ready, "
            "or remove the link",
        )
    anchors = targets.anchors(link.target)
    if anchors is None:
        return None  # the linked file cannot be read: its own problems say why
    return _anchor_problem(link, anchors, f"the minutes in {link.target}")


def _anchor_problem(link: MeetingLink, anchors: Iterable[str], where: str) -> Diagnostic | None:
    """A link's #anchor that the minutes it leads to (`where`) do not give."""
    if link.fragment is None:
        return None
    anchor, known = unquote(link.fragment), set(anchors)
    if anchor in known:
        return None
    near = difflib.get_close_matches(anchor, sorted(known), n=1, cutoff=0.6)
    written = link.written.rpartition("#")[0]
    return warning(
        link.span,
        f"the link '{link.written}' points to an anchor that {where} do not have: #{anchor}",
        f"correct it, perhaps to '{written}#{near[0]}', or remove the '#{anchor}'"
        if near
        else "link to an agenda item's anchor (what its address in the contents ends with, "
        f"e.g. #item-5), or remove the '#{anchor}'",
    )


def _file_link_problem(meeting: Meeting, link: MeetingLink, targets: Targets) -> Diagnostic | None:
    if any(document.file == link.target for document in meeting.documents):
        return None  # published beside the minutes (and checked as a document)
    written, target = link.written, link.target
    if not target.startswith(CONTENT_DIR + "/"):
        return warning(
            link.span,
            f"the link '{written}' points outside the content folder, which is not published: "
            "it shows as plain text",
            "put the file beside the minutes and list it under  documents:  or remove the link",
        )
    if target in targets.files:
        return warning(
            link.span,
            f"the link '{written}' points to a file that is not published with these minutes: "
            f"{target}",
            f"list it under the meeting's  documents:  (- title: …  file: "
            f"{_from(meeting, target)}), or remove the link; {SHOWN_AS_TEXT}",
        )
    if targets.is_folder(target):
        return warning(
            link.span,
            f"the link '{written}' points to a folder, not a file: {target}",
            f"link to a file in it that is listed under  documents:  or remove the link; "
            f"{SHOWN_AS_TEXT}",
        )
    near = _nearest_file(target, targets.files_in(posixpath.dirname(target)))
    perhaps = f", perhaps to '{_from(meeting, near)}'," if near else " (names are case-sensitive)"
    return warning(
        link.span,
        f"the link '{written}' points to a file that does not exist: {target}",
        f"correct the file name{perhaps} or remove the link; {SHOWN_AS_TEXT}",
    )


def _from(meeting: Meeting, target: str) -> str:
    """`target` as the meeting's file would name it in a link."""
    return posixpath.relpath(target, posixpath.dirname(meeting.source))


def _nearest_file(target: str, names: Iterable[str]) -> str | None:
    """The file whose name is closest to `target`'s among `names` (in the same folder), if any
    is close: first one that differs only by case."""
    folder, name = posixpath.split(target)
    names = sorted(names)
    same = [n for n in names if n.casefold() == name.casefold()]
    near = same or difflib.get_close_matches(name, names, n=1, cutoff=0.8)
    return posixpath.join(folder, near[0]) if near else None
