"""CHECK: read the whole site and find every problem in it, without writing anything.

`minutebook check` stops here. `minutebook build` runs exactly this first (the same function, so
the two can never disagree about a meeting) and writes only when it finds no errors.

The checks, in order: the config and every meeting file (LOAD and MODEL), then what only the whole
archive can tell (two meetings on one page, missing documents, links in the minutes that lead
nowhere, the theme), then what is allowed but probably a slip (see `review_meeting`).
"""

from __future__ import annotations

import datetime as dt
import gc
from dataclasses import dataclass
from pathlib import Path

from minutebook.archive.indexes import Archive, build_archive
from minutebook.archive.links import Targets, draft_sources, problems_in_context
from minutebook.core import cache
from minutebook.core.diagnostics import Diagnostic, has_errors, sort_diagnostics
from minutebook.output import assets, render
from minutebook.reading.loading import Found, Progress, Site, build_date, load_site
from minutebook.reading.review import review_as_written


@dataclass(frozen=True, slots=True)
class CheckedSite:
    """A site with every problem found in it; `archive` is None when there is no usable config."""

    site: Site
    archive: Archive | None
    documents: tuple[assets.Asset, ...]
    theme_dirs: tuple[Path, ...]
    diagnostics: list[Diagnostic]  # sorted by file and line
    theme_files: tuple[assets.Asset, ...] = ()  # the themes' static files, copied as they are

    def is_failure(self, *, strict: bool) -> bool:
        return self.archive is None or has_errors(self.diagnostics, strict=strict)


def check_site(
    site_root: Path,
    *,
    drafts: bool = True,
    base_url: str | None = None,
    jobs: int = 1,
    today: dt.date | None = None,
    store: cache.Store | None = None,
    progress: Progress | None = None,
    found: Found | None = None,
) -> CheckedSite:
    """Every problem in the site, without writing anything.

    `drafts` decides what the archive holds, as in `build --drafts`: `minutebook check` looks at
    drafts too, so a draft's mistakes are found before it is approved.
    """
    today = today or build_date()
    site = load_site(site_root, base_url, jobs, store=store, progress=progress, found=found)
    # The archive lives until the build ends (in `serve`, longer). Frozen, the 2.5 million
    # objects of 10,000 meetings are left out of every garbage collection, each of which would
    # otherwise walk them all (about half a second at a time while the indexes are made).
    gc.freeze()
    if site.config is None:
        return CheckedSite(site, None, (), (), sort_diagnostics(site.diagnostics))
    archive, problems = build_archive(site.config, site.meetings, drafts=drafts, build_date=today)
    diagnostics = [*site.diagnostics, *problems]
    dirs = render.theme_dirs(site_root, site.config.theme)
    diagnostics += render.check_theme(site_root, site.config.theme)
    documents, problems = assets.document_assets(site_root, archive)
    diagnostics += problems
    theme_files, problems = assets.theme_assets(dirs)
    diagnostics += problems
    targets = link_targets(site)
    for meeting in site.meetings:
        diagnostics += problems_in_context(meeting, targets, today)
        written = site.reviews.get(meeting.source)
        diagnostics += review_as_written(meeting) if written is None else written
    return CheckedSite(
        site.filed_as(archive.meetings.values()),
        archive,
        tuple(documents),
        tuple(dirs),
        sort_diagnostics(diagnostics),
        tuple(theme_files),
    )


def link_targets(site: Site) -> Targets:
    """Where the links in the site's minutes may lead (see archive/links.py)."""
    by_source = {meeting.source: meeting for meeting in site.meetings}

    def anchors(source: str) -> tuple[str, ...] | None:
        meeting = by_source.get(source)
        return None if meeting is None else meeting.anchors

    return Targets(set(site.sources), draft_sources(site.meetings), site.files, anchors)
