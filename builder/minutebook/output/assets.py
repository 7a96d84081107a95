"""Files copied as they are: the theme's static files and the documents beside the minutes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from minutebook.archive.indexes import Archive
from minutebook.archive.urls import Urls
from minutebook.core.diagnostics import Diagnostic, SourceSpan, error
from minutebook.reading.sources import CONTENT_DIR, leads_out
from minutebook.reading.vocabulary import fold_case, portable_name_problem


@dataclass(frozen=True, slots=True)
class Asset:
    output: str  # relative to the output folder
    source: Path


def theme_assets(dirs: Sequence[Path]) -> tuple[list[Asset], list[Diagnostic]]:
    """Every file under the themes' static/ folders; a site's own file wins over the bundled one.

    Names that some computers cannot store, or that differ only by case (one would overwrite
    the other on Windows and macOS), are errors naming the files.
    """
    chosen: dict[str, Path] = {}
    for theme in dirs:
        static = theme / "static"
        if not static.is_dir():
            continue
        for path in sorted(static.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                chosen.setdefault("static/" + path.relative_to(static).as_posix(), path)
    diagnostics: list[Diagnostic] = []
    by_case: dict[str, Path] = {}
    for output, source in sorted(chosen.items()):
        span = SourceSpan(_shown(source))
        problem = next(filter(None, map(portable_name_problem, output.split("/"))), None)
        other = by_case.setdefault(fold_case(output), source)
        if problem is not None:
            diagnostics.append(
                error(
                    span,
                    f"the theme file name cannot be published to every computer: {problem}",
                    "rename the file (letters, digits, '-', '_' and '.' are safe everywhere)",
                )
            )
        elif other != source:
            diagnostics.append(
                error(
                    span,
                    f"the theme file {_shown(source)} and {_shown(other)} differ only by case, "
                    "so one would overwrite the other on Windows and macOS",
                    "rename one of them (or remove your copy, to use the bundled file)",
                )
            )
    return [Asset(output, source) for output, source in sorted(chosen.items())], diagnostics


def _shown(path: Path) -> str:
    """themes/… for a theme's file, wherever the theme lives."""
    parts = path.parts
    return "/".join(parts[len(parts) - parts[::-1].index("themes") - 1 :])


def document_assets(site_root: Path, archive: Archive) -> tuple[list[Asset], list[Diagnostic]]:
    urls = Urls(archive.config.base_url)
    assets: list[Asset] = []
    diagnostics: list[Diagnostic] = []
    content = (site_root / CONTENT_DIR).resolve()
    for meeting in archive.meetings.values():
        taken = {"index.html": "the meeting page itself"}  # names, compared ignoring case
        for document in meeting.documents:
            if document.file is None:
                continue
            source = site_root / document.file
            span = document.span or SourceSpan(meeting.source)
            name = Path(document.file).name
            other = taken.setdefault(fold_case(name), document.file)
            if other != document.file:
                diagnostics.append(
                    error(
                        span,
                        f"the document '{document.file}' would be published under the same "
                        f"name as {other if ' ' in other else repr(other)}",
                        "rename one of the files: documents of one meeting are published "
                        "side by side, so each needs its own name",
                        "documents",
                    )
                )
            elif not source.is_file():
                diagnostics.append(
                    error(
                        span,
                        f"the document file '{document.file}' does not exist",
                        "put the file beside the minutes file, or correct its name "
                        "(names are case-sensitive)",
                        "documents",
                    )
                )
            elif leads_out(source, content):
                diagnostics.append(
                    error(
                        span,
                        f"the document file '{document.file}' is a link to a file outside the "
                        "content folder",
                        "copy the document into content/ instead of linking to it",
                        "documents",
                    )
                )
            else:
                assets.append(Asset(urls.document_output(meeting, document.file), source))
    return assets, diagnostics
