"""Inputs → outcomes: each file read, recognised, named, checked and (unless a dry run) written.

The rules a clerk relies on: nothing is overwritten; minutes already in the archive for that
body and date are skipped; a second input for the same body and date is skipped as a copy,
unless it says it is another meeting (a different time, or "extraordinary", "evening"…), when
it is named as a second meeting of the day (`2011-02-15-extraordinary.md`, `…-2.md`).
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from minutebook.core.model import Meeting, SiteConfig
from minutebook.importing.extracting import MIB, extract, kind_of
from minutebook.importing.recognising import Doubt, Recognised, recognise
from minutebook.importing.writing import meeting_text, problems_on_reading, write_new
from minutebook.reading.sources import CONTENT_DIR
from minutebook.reading.vocabulary import Vocabulary, slugify

_SECOND_MEETING = re.compile(
    r"\b(extraordinary|special|annual|emergency|morning|afternoon|evening|reconvened)\b",
    re.IGNORECASE,
)


@dataclass
class Outcome:
    """What became of one input: the report's row."""

    source: str
    status: str  # imported, would import (dry run), skipped, failed
    reason: str | None = None
    written: str | None = None  # the meeting file, relative to the site
    organisation: str | None = None
    date: dt.date | None = None
    items: int = 0
    present: int = 0
    doubts: list[Doubt] = field(default_factory=list)
    check_errors: list[str] = field(default_factory=list)  # what `minutebook check` then found

    @property
    def is_imported(self) -> bool:
        return self.status in {"imported", "would import"}


@dataclass
class _Taken:
    """The meetings already in the archive, and those this run has named, by body and date."""

    archive: dict[tuple[str, dt.date], str]  # → the file that holds them
    folders: dict[str, str]  # body slug → the folder its minutes are in
    this_run: dict[tuple[str, dt.date], tuple[str, str | None]] = field(default_factory=dict)


def input_files(paths: Sequence[Path]) -> Iterator[Path]:
    """The files named, and the importable files in the folders named (walked, sorted)."""
    for path in paths:
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in found.relative_to(path).parts)
                if found.is_file() and not hidden and kind_of(found):
                    yield found
        else:
            yield path


def import_files(
    files: Iterable[Path],
    site: Path,
    config: SiteConfig,
    meetings: Sequence[Meeting],
    *,
    organisation: str | None = None,
    dry_run: bool = False,
) -> list[Outcome]:
    taken = _Taken(
        {(m.organisation, m.date): m.source for m in meetings},
        {m.organisation: posixpath.dirname(m.source) for m in meetings},
    )
    return [
        import_file(path, site, config, taken, organisation=organisation, dry_run=dry_run)
        for path in files
    ]


def import_file(
    path: Path,
    site: Path,
    config: SiteConfig,
    taken: _Taken,
    *,
    organisation: str | None,
    dry_run: bool,
) -> Outcome:
    shown = path.as_posix()
    extracted = extract(path, config.max_file_size * MIB)
    if extracted.problem is not None:
        return Outcome(shown, "skipped", extracted.problem)
    found = recognise(
        extracted.lines,
        is_markdown=extracted.kind == "markdown",
        config=config,
        organisation=organisation,
        file_name=path.name,
    )
    notes = [Doubt("encoding", 0, note) for note in extracted.notes]
    outcome = Outcome(
        shown,
        "failed",
        organisation=found.organisation,
        date=found.date,
        items=len(found.items),
        present=len(found.present) + len(found.in_attendance),
        doubts=notes + found.doubts,
    )
    if found.organisation is None or found.date is None:
        outcome.reason = "the body that met is not named" if found.date else "no date was found"
        return outcome
    relative = _file_name(found, config, taken, outcome)
    if relative is None:
        outcome.status = "skipped"
        return outcome
    text = meeting_text(found, path.name)
    problems = problems_on_reading(relative, text, config)
    if problems:
        outcome.reason = "the file made would not pass minutebook check: " + problems[0].message
        return outcome
    if dry_run:
        outcome.status, outcome.written = "would import", relative
        return outcome
    problem = write_new(site / relative, text)
    if problem is not None:
        outcome.status, outcome.reason = "skipped", f"{relative}: {problem}"
        return outcome
    outcome.status, outcome.written = "imported", relative
    return outcome


def _file_name(
    found: Recognised, config: SiteConfig, taken: _Taken, outcome: Outcome
) -> str | None:
    """content/<body>/<date>.md, or a second meeting's name; None (with the reason) to skip."""
    assert found.organisation is not None and found.date is not None
    organisations = Vocabulary.of(config.organisations)
    slug = organisations.resolve(found.organisation) or slugify(found.organisation)
    key = (slug, found.date)
    folder = taken.folders.get(slug, f"{CONTENT_DIR}/{slug}")
    if key in taken.archive:
        outcome.reason = (
            f"the minutes of {found.organisation} on {found.date.isoformat()} are already in "
            f"{taken.archive[key]}"
        )
        return None
    day = found.date.isoformat()
    earlier = taken.this_run.get(key)
    if earlier is None:
        taken.this_run[key] = (outcome.source, found.time)
        return f"{folder}/{day}.md"
    heading = " ".join([found.title or "", *found.intro[:3]])
    word = _SECOND_MEETING.search(heading)
    if word is None and (found.time is None or found.time == earlier[1]):
        outcome.reason = (
            f"{earlier[0]} already gives the minutes of {found.organisation} on {day} "
            "(a copy?); if this is a second meeting that day, import it on its own and rename "
            f"the file {day}-<what sets it apart>.md"
        )
        return None
    suffix = slugify(word.group(1)) if word else "2"
    return f"{folder}/{day}-{suffix}.md"
