"""Problems for clerks, as values: where (file, line, column), what, and how to fix it."""

from __future__ import annotations

import enum
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, order=True)
class SourceSpan:
    """A place in a source file. `path` is relative to the site root, lines and columns 1-based."""

    path: str
    line: int = 0
    column: int = 0

    def __reduce__(self) -> tuple[type, tuple[str, int, int]]:
        return (SourceSpan, (self.path, self.line, self.column))  # fast to load from a cache

    def __str__(self) -> str:
        if self.line <= 0:
            return self.path
        if self.column <= 0:
            return f"{self.path}:{self.line}"
        return f"{self.path}:{self.line}:{self.column}"


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"

    def is_failure(self, *, strict: bool) -> bool:
        return self is Severity.ERROR or strict


@dataclass(frozen=True, slots=True)
class Diagnostic:
    severity: Severity
    span: SourceSpan
    message: str
    fix: str = ""
    field: str | None = None

    def headline(self) -> str:
        return f"{self.span}: {self.severity.value}: {self.message}"

    def sort_key(self) -> tuple[str, int, int, str, str, str, str]:
        """By file and place, then wholly: two problems at one place with one message (an
        error and a warning) come out in the same order every time."""
        span = self.span
        extra = (self.severity.value, self.fix, self.field or "")
        return (span.path, span.line, span.column, self.message, *extra)


def error(span: SourceSpan, message: str, fix: str = "", field: str | None = None) -> Diagnostic:
    return Diagnostic(Severity.ERROR, span, message, fix, field)


def warning(span: SourceSpan, message: str, fix: str = "", field: str | None = None) -> Diagnostic:
    return Diagnostic(Severity.WARNING, span, message, fix, field)


def has_errors(diagnostics: Iterable[Diagnostic], *, strict: bool = False) -> bool:
    return any(d.severity.is_failure(strict=strict) for d in diagnostics)


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Sorted by file and line, with exact repeats removed (one problem, one message)."""
    return sorted(set(diagnostics), key=Diagnostic.sort_key)


def excerpt(lines: Sequence[str], span: SourceSpan) -> list[str]:
    """The offending source line with a gutter and, when the column is known, a caret."""
    if not 1 <= span.line <= len(lines):
        return []
    gutter = f"{span.line:>5} | "
    shown = [gutter + lines[span.line - 1].rstrip("\n")]
    if span.column > 0:
        shown.append(" " * (len(gutter) + span.column - 1) + "^")
    return shown


def context_lines(lines: Sequence[str], span: SourceSpan, around: int = 2) -> list[tuple[int, str]]:
    """The problem's line and a few on either side, as (line number, text)."""
    if not 1 <= span.line <= len(lines):
        return []
    first, last = max(1, span.line - around), min(len(lines), span.line + around)
    return [(number, lines[number - 1].rstrip("\n")) for number in range(first, last + 1)]


WARNINGS_IN_FULL = 3  # warnings of one kind shown with their source line and fix


def render_text(
    diagnostics: Iterable[Diagnostic],
    read_lines: Callable[[str], Sequence[str] | None],
    *,
    in_full: int | None = WARNINGS_IN_FULL,
) -> str:
    """Compiler-style text, so editors can jump to each problem, then the line and the fix.

    Every problem gets its own `path:line:col` line. Past the first `in_full` warnings of one
    kind (the same field and fix, as when every meeting repeats a slip) only that line is
    shown, and a last line says the fix above applies to them too (Pelican's LimitFilter,
    without hiding any place). `minutebook check`, whose job is the full report, passes None.
    """
    blocks: list[str] = []
    seen: dict[tuple[str | None, str], int] = {}
    shortened = 0
    for diagnostic in sort_diagnostics(diagnostics):
        if diagnostic.severity is Severity.WARNING:
            kind = (diagnostic.field, diagnostic.fix)
            seen[kind] = seen.get(kind, 0) + 1
            if in_full is not None and seen[kind] > in_full:
                blocks.append(diagnostic.headline())
                shortened += 1
                continue
        block = [diagnostic.headline()]
        lines = read_lines(diagnostic.span.path)
        if lines is not None:
            block.extend(excerpt(lines, diagnostic.span))
        if diagnostic.fix:
            block.append(f"  fix: {diagnostic.fix}")
        blocks.append("\n".join(block))
    if shortened:
        blocks.append(
            f"({shortened} warning{'s' * (shortened != 1)} shown on one line: each is like one "
            "shown in full above, and the same fix applies)"
        )
    return "\n".join(blocks)


def summarise(diagnostics: Sequence[Diagnostic]) -> str:
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    warnings = len(diagnostics) - errors
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


def to_record(diagnostic: Diagnostic) -> dict[str, str | int | None]:
    """One problem as plain data (`check --format json`): unknown lines and columns are null."""
    span = diagnostic.span
    return {
        "path": span.path,
        "line": span.line or None,
        "column": span.column or None,
        "severity": diagnostic.severity.value,
        "field": diagnostic.field,
        "message": diagnostic.message,
        "fix": diagnostic.fix or None,
    }


def render_json(diagnostics: Iterable[Diagnostic]) -> str:
    return json.dumps(
        [to_record(d) for d in sort_diagnostics(diagnostics)], ensure_ascii=False, indent=2
    )


def render_github(diagnostics: Iterable[Diagnostic], path_prefix: str = "") -> str:
    """GitHub workflow commands, one line a problem, shown as annotations on the changed files.

    `path_prefix` is the site folder relative to the repository root ("" at the top), since
    annotations name files from the root of the repository.
    """
    lines: list[str] = []
    for diagnostic in sort_diagnostics(diagnostics):
        span = diagnostic.span
        properties = {"file": path_prefix + span.path}
        if span.line > 0:
            properties["line"] = str(span.line)
        if span.column > 0:
            properties["col"] = str(span.column)
        properties["title"] = "minutebook" + (f": {diagnostic.field}" if diagnostic.field else "")
        message = diagnostic.message + (f"\nfix: {diagnostic.fix}" if diagnostic.fix else "")
        listed = ",".join(f"{key}={_escape_property(value)}" for key, value in properties.items())
        lines.append(f"::{diagnostic.severity.value} {listed}::{_escape_data(message)}")
    return "\n".join(lines)


def _escape_data(text: str) -> str:
    """GitHub's rule for a command's message: %, CR and LF are percent-encoded."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """A property value also may not hold ':' or ',' (they separate the properties)."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
