"""Files copied as they are: the theme's static files and the documents beside the minutes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from minutebook.diagnostics import Diagnostic, SourceSpan, error
from minutebook.indexes import Archive
from minutebook.sources import CONTENT_DIR, leads_out
from minutebook.urls import Urls


@dataclass(frozen=True, slots=True)
class Asset:
    output: str  # relative to the output folder
    source: Path


def theme_assets(dirs: Sequence[Path]) -> list[Asset]:
    """Every file under the themes' static/ folders; a site's own file wins over the bundled one."""
    chosen: dict[str, Path] = {}
    for theme in dirs:
        static = theme / "static"
        if not static.is_dir():
            continue
        for path in sorted(static.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                chosen.setdefault("static/" + path.relative_to(static).as_posix(), path)
    return [Asset(output, source) for output, source in sorted(chosen.items())]


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
            other = taken.setdefault(name.casefold(), document.file)
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
