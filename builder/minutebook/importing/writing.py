"""What was recognised → the text of a meeting file (status: draft), read back through
`reading/` to prove it loads, and written without ever overwriting a file.

This is the importer's only module that writes (tests/unit/test_architecture.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from minutebook.core.diagnostics import Diagnostic, Severity
from minutebook.core.model import SiteConfig
from minutebook.importing.people import Person
from minutebook.importing.recognising import Recognised
from minutebook.reading.meeting import parse_meeting
from minutebook.reading.sources import split_source
from minutebook.reading.vocabulary import Lexicon
from minutebook.reading.yamlnodes import person_lines, yaml_text


def meeting_text(found: Recognised, source: str) -> str:
    """The meeting file: front matter (status: draft, the source in a comment), then items."""
    assert found.organisation is not None and found.date is not None
    lines = [
        "---",
        f"# Imported from {' '.join(source.split())} by minutebook import: check it against",
        "# the original, then change status: draft to approved (docs/importing.md).",
        f"organisation: {yaml_text(found.organisation)}",
        f"date: {found.date.isoformat()}",
    ]
    lines += [f"{key}: {yaml_text(value)}" for key, value in _optional(found) if value]
    lines.append("status: draft")
    for field, people in (
        ("present", found.present),
        ("in_attendance", found.in_attendance),
        ("apologies", found.apologies),
    ):
        if people:
            lines.append(f"{field}:")
            lines += [line for person in people for line in _person_lines(person)]
    if found.next_meeting is not None:
        upcoming = found.next_meeting
        lines += ["next_meeting:", f"  date: {upcoming.date.isoformat()}"]
        if upcoming.time:
            lines.append(f"  time: {yaml_text(upcoming.time)}")
        if upcoming.location:
            lines.append(f"  location: {yaml_text(upcoming.location)}")
    lines += ["---", ""]
    if found.intro:
        lines += [*found.intro, ""]
    for item in found.items:
        lines += [f"## {item.heading}", ""]
        if item.actions:
            lines += [f"Action: {', '.join(item.actions)}", ""]
        if item.text:
            lines += [*item.text, ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _optional(found: Recognised) -> Iterable[tuple[str, str | None]]:
    return (("title", found.title), ("time", found.time), ("location", found.location))


def _person_lines(person: Person) -> list[str]:
    return person_lines(person.name, person.organisation, person.role, is_chair=person.is_chair)


def problems_on_reading(relative: str, text: str, config: SiteConfig) -> list[Diagnostic]:
    """The errors `minutebook check` would find reading the file on its own (none expected)."""
    source, problems = split_source(relative, text.encode("utf-8"))
    if source is not None:
        _meeting, more = parse_meeting(source, Lexicon.of(config), allow_html=config.allow_html)
        problems += more
    return [p for p in problems if p.severity is Severity.ERROR]


def write_new(path: Path, text: str) -> str | None:
    """Write `text` to a new file at `path`; or why not (nothing is then written)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as file:  # "x": never overwrite, even in a race
            file.write(text)
    except FileExistsError:
        return "it already exists"
    except OSError as exc:  # a folder that cannot be written, a full disk
        return f"it cannot be written ({exc.strerror or exc})"
    return None
