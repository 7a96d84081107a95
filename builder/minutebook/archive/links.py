"""The checks that look across meeting files: where the links in one meeting's minutes to
other meeting files lead (a missing file, a draft), and its approval date against the day.
"""

from __future__ import annotations

import datetime as dt
import difflib
import posixpath
from collections.abc import Iterable
from collections.abc import Set as AbstractSet

from minutebook.core.diagnostics import Diagnostic, error, warning
from minutebook.core.model import Meeting, MeetingLink, Status
from minutebook.reading.review import approved_in_the_future
from minutebook.reading.sources import CONTENT_DIR


def problems_in_context(
    meeting: Meeting, sources: AbstractSet[str], drafts: AbstractSet[str], today: dt.date
) -> list[Diagnostic]:
    """The checks of the whole site that point into one meeting's file: its links to other
    meeting files, and its approval date against today. `check_site` runs these for every
    meeting, and a quick build (see outline.py) for the files it reads again: a check added
    here is found again by both."""
    return [*link_problems(meeting, sources, drafts), *approved_in_the_future(meeting, today)]


def draft_sources(meetings: Iterable[Meeting]) -> set[str]:
    return {m.source for m in meetings if m.status is Status.DRAFT}


def link_problems(
    meeting: Meeting, sources: AbstractSet[str], drafts: AbstractSet[str]
) -> list[Diagnostic]:
    """The problems of the links in one meeting's minutes to other meeting files."""
    found = (_link_problem(meeting, link, sources, drafts) for link in meeting.links)
    return [problem for problem in found if problem is not None]


def _link_problem(
    meeting: Meeting, link: MeetingLink, sources: AbstractSet[str], drafts: AbstractSet[str]
) -> Diagnostic | None:
    if not link.target.startswith(CONTENT_DIR + "/"):
        return error(
            link.span,
            f"the link '{link.written}' points outside the content folder",
            "link only to meeting files under content/, e.g.  [last meeting](2011-02-15.md)",
        )
    if link.target not in sources:
        near = _nearest_file(link.target, sources)
        return error(
            link.span,
            f"the link '{link.written}' points to a meeting file that does not exist: "
            f"{link.target}",
            f"correct the file name, perhaps to "
            f"'{posixpath.relpath(near, posixpath.dirname(meeting.source))}', or remove the link"
            if near
            else "correct the file name (names are case-sensitive), or remove the link",
        )
    if link.target in drafts and meeting.status is not Status.DRAFT:
        return warning(
            link.span,
            f"the link '{link.written}' points to draft minutes, which are not published: "
            "it shows as plain text until they are",
            "give the linked minutes  status: unconfirmed  or  approved  when they are ready, "
            "or remove the link",
        )
    return None


def _nearest_file(target: str, sources: AbstractSet[str]) -> str | None:
    """The meeting file in the same folder whose name is closest to `target`'s, if any is close."""
    folder, name = posixpath.split(target)
    names = sorted(posixpath.basename(s) for s in sources if posixpath.dirname(s) == folder)
    near = difflib.get_close_matches(name, names, n=1, cutoff=0.8)
    return posixpath.join(folder, near[0]) if near else None
