"""LOAD: find the meeting files, read them, and split the front matter from the body.

Reading is the only IO here; splitting works on text, so tests never need the disk.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from minutebook.diagnostics import Diagnostic, SourceSpan, error, warning

CONTENT_DIR = "content"
MEETING_SUFFIX = ".md"
MAX_BYTES = 5 * 1024 * 1024
FENCES = ("---",)


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A meeting file as read: its text split into front matter and body, with file lines."""

    path: str  # relative to the site root, posix
    digest: str
    front_matter: str
    front_matter_line: int  # file line of the front matter's first line (1-based)
    body: str
    body_line: int  # file line of the body's first line (1-based)


def is_meeting_file(relative: Path) -> bool:
    """Markdown files, but not editor backups, hidden files or `_`-prefixed notes.

    `relative` is the path below content/: only those folders' names count, so a site that
    lives under a hidden folder of its own (~/.sites/minutes) still finds its meetings.
    """
    name = relative.name
    return (
        name.endswith(MEETING_SUFFIX)
        and not name.startswith((".", "_", "#"))
        and not any(part.startswith((".", "_")) for part in relative.parts[:-1])
    )


def discover(site_root: Path) -> list[Path]:
    """Every meeting file under content/, sorted so that builds are reproducible."""
    content = site_root / CONTENT_DIR
    if not content.is_dir():
        return []
    return sorted(
        (
            p
            for p in content.rglob(f"*{MEETING_SUFFIX}")
            if is_meeting_file(p.relative_to(content)) and p.is_file()
        ),
        key=lambda p: p.relative_to(site_root).as_posix(),
    )


def read_source(site_root: Path, path: Path) -> tuple[SourceFile | None, list[Diagnostic]]:
    relative = path.relative_to(site_root).as_posix()
    data = path.read_bytes()
    if len(data) > MAX_BYTES:
        return None, [
            error(
                SourceSpan(relative),
                f"the file is {len(data) // 1024} KiB; meeting files may be at most "
                f"{MAX_BYTES // (1024 * 1024)} MiB",
                "move large material into a document (documents: - file: …) and link it",
            )
        ]
    return split_source(relative, data)


def decode(relative: str, data: bytes) -> tuple[str | None, list[Diagnostic]]:
    diagnostics: list[Diagnostic] = []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            error(
                SourceSpan(relative, line, column),
                f"the file is not valid UTF-8 text (byte {exc.start} is 0x{data[exc.start]:02x})",
                "save the file as UTF-8 in your editor (often 'Save with encoding' → UTF-8)",
            )
        ]
    if text.startswith("\ufeff"):
        text = text[1:]  # a byte-order mark is harmless: Windows editors add it
    return text.replace("\r\n", "\n").replace("\r", "\n"), diagnostics


def split_source(relative: str, data: bytes) -> tuple[SourceFile | None, list[Diagnostic]]:
    text, diagnostics = decode(relative, data)
    if text is None:
        return None, diagnostics
    lines = text.split("\n")
    first = _first_content_line(lines)
    if first is None or lines[first].rstrip() not in FENCES:
        return None, [_missing_front_matter(relative, lines, first)]
    if first > 0:
        diagnostics.append(
            warning(
                SourceSpan(relative, first + 1),
                "there are blank lines before the opening '---'",
                "start the file with the '---' line",
            )
        )
    close = next((i for i in range(first + 1, len(lines)) if lines[i].rstrip() in FENCES), None)
    if close is None:
        return None, [
            error(
                SourceSpan(relative, first + 1, 1),
                "the front matter is opened with '---' but never closed",
                "add a line with just '---' after the last field, before the minutes' text",
            )
        ]
    return (
        SourceFile(
            path=relative,
            digest=hashlib.sha256(data).hexdigest(),
            front_matter="\n".join(lines[first + 1 : close]),
            front_matter_line=first + 2,
            body="\n".join(lines[close + 1 :]),
            body_line=close + 2,
        ),
        diagnostics,
    )


def _first_content_line(lines: list[str]) -> int | None:
    return next((i for i, line in enumerate(lines) if line.strip()), None)


def _missing_front_matter(relative: str, lines: list[str], first: int | None) -> Diagnostic:
    line = (first or 0) + 1
    return error(
        SourceSpan(relative, line, 1),
        "the file does not start with front matter (a '---' line, the fields, then '---')",
        "begin the file with:\n    ---\n    organisation: <the body that met>\n"
        "    date: YYYY-MM-DD\n    ---",
    )
