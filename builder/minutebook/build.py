"""The build: gather everything (load → model → index → plan), then write it all at once."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from minutebook import assets, render, workers
from minutebook.config import BASE_URL_FIX, CONFIG_NAME, normalise_base_url, parse_config
from minutebook.diagnostics import Diagnostic, SourceSpan, error, has_errors, sort_diagnostics
from minutebook.indexes import build_archive
from minutebook.meeting import parse_meeting
from minutebook.model import Meeting, SiteConfig
from minutebook.pages import PageRef, Planner, planner
from minutebook.sources import MAX_BYTES, MIB, decode, discover, read_source
from minutebook.vocabulary import Lexicon
from minutebook.write import (
    OutputProblem,
    Writer,
    check_output_dir,
    finish_interrupted,
    output_lock,
)


@dataclass(frozen=True, slots=True)
class BuildOptions:
    site_root: Path
    output: Path | None = None  # default: the config's `output`, relative to the site root
    drafts: bool = False
    base_url: str | None = None
    jobs: int = 0  # 0: one per core
    strict: bool = False
    force: bool = False  # adopt a non-empty output folder that Minutebook did not write


@dataclass(frozen=True, slots=True)
class BuildReport:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    output: Path | None = None
    pages: int = 0
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    seconds: float = 0.0
    published: bool = False

    def summary(self) -> str:
        return (
            f"{self.pages} pages: {self.written} written, {self.unchanged} unchanged, "
            f"{self.removed} removed in {self.seconds:.2f} s"
        )


@dataclass(frozen=True, slots=True)
class Site:
    """Everything gathered from the site folder, before anything is written."""

    root: Path
    config: SiteConfig | None
    meetings: tuple[Meeting, ...]
    diagnostics: list[Diagnostic]


def build_date() -> dt.date:
    """Today, or the day of SOURCE_DATE_EPOCH, so that builds can be reproduced."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.date.today()


def load_config(site_root: Path) -> tuple[SiteConfig | None, list[Diagnostic]]:
    path = site_root / CONFIG_NAME
    if not path.is_file():
        return None, [
            error(
                SourceSpan(CONFIG_NAME),
                f"there is no {CONFIG_NAME} in {site_root}",
                "run minutebook in the folder that holds minutebook.yaml, or name that folder",
            )
        ]
    if path.stat().st_size > MAX_BYTES:
        return None, [
            error(
                SourceSpan(CONFIG_NAME),
                f"{CONFIG_NAME} is {path.stat().st_size // 1024} KiB; it may be at most "
                f"{MAX_BYTES // MIB} MiB",
                "the configuration holds settings and names only: remove what is not one",
            )
        ]
    text, diagnostics = decode(CONFIG_NAME, path.read_bytes())
    if text is None:
        return None, diagnostics
    config, problems = parse_config(text)
    return config, diagnostics + problems


def load_site(site_root: Path, base_url: str | None = None, jobs: int = 1) -> Site:
    """LOAD and MODEL: read the config and every meeting, collecting every problem."""
    config, diagnostics = load_config(site_root)
    if config is None:
        return Site(site_root, None, (), diagnostics)
    if base_url:
        normalised = normalise_base_url(base_url)
        if normalised is None:
            problem = error(
                SourceSpan(CONFIG_NAME),
                f"--base-url is not a web address: '{base_url}'",
                BASE_URL_FIX.replace("base_url: ", "--base-url "),
                "base_url",
            )
            return Site(site_root, None, (), [*diagnostics, problem])
        config = replace(config, base_url=normalised)
    meetings: list[Meeting] = []
    state = LoadState(site_root, Lexicon.of(config), config.max_file_size * MIB, config.allow_html)
    paths, problems = discover(site_root)
    diagnostics.extend(problems)
    for meeting, problems in workers.ordered_map(_load_meeting, state, paths, jobs=jobs):
        diagnostics.extend(problems)
        if meeting is not None:
            meetings.append(meeting)
    return Site(site_root, config, tuple(meetings), diagnostics)


@dataclass(frozen=True, slots=True)
class LoadState:
    """What every worker needs to read a meeting file (inherited through fork)."""

    site_root: Path
    lexicon: Lexicon
    max_bytes: int
    allow_html: bool


def _load_meeting(state: LoadState, path: Path) -> tuple[Meeting | None, list[Diagnostic]]:
    source, diagnostics = read_source(state.site_root, path, state.max_bytes)
    if source is None:
        return None, diagnostics
    meeting, problems = parse_meeting(source, state.lexicon, allow_html=state.allow_html)
    return meeting, diagnostics + problems


def build(options: BuildOptions) -> BuildReport:
    started = time.perf_counter()
    jobs = options.jobs or workers.default_jobs()
    site = load_site(options.site_root, options.base_url, jobs)
    diagnostics = list(site.diagnostics)
    if site.config is None:
        return BuildReport(sort_diagnostics(diagnostics))
    config = site.config
    output = output_folder(options, config)
    archive, problems = build_archive(
        config, site.meetings, drafts=options.drafts, build_date=build_date()
    )
    diagnostics += problems
    dirs = render.theme_dirs(options.site_root, config.theme)
    diagnostics += render.check_theme(options.site_root, config.theme)
    documents, problems = assets.document_assets(options.site_root, archive)
    diagnostics += problems
    theme_files, problems = assets.theme_assets(dirs)
    diagnostics += problems
    output_problems = check_output_dir(options.site_root, output, force=options.force)
    diagnostics += output_problems
    if has_errors(diagnostics, strict=options.strict):
        if not output_problems:  # still finish a commit an earlier build was stopped in
            diagnostics += finish_interrupted(output)
        return BuildReport(sort_diagnostics(diagnostics), output)
    pages = planner(archive)
    refs = pages.plan()
    try:
        report = write_site(output, pages, dirs, refs, [*theme_files, *documents], jobs)
    except (render.TemplateProblem, OutputProblem) as problem:
        return BuildReport(sort_diagnostics([*diagnostics, problem.diagnostic]), output)
    return replace(
        report, diagnostics=sort_diagnostics(diagnostics), seconds=time.perf_counter() - started
    )


def output_folder(options: BuildOptions, config: SiteConfig) -> Path:
    """--output, or the config's `output` relative to the site root; `~` is the home folder."""
    if options.output is not None:
        return options.output.expanduser()
    return options.site_root / Path(config.output).expanduser()


def write_site(
    output: Path,
    pages: Planner,
    dirs: Sequence[Path],
    refs: Sequence[PageRef],
    files: Iterable[assets.Asset],
    jobs: int,
) -> BuildReport:
    """RENDER and WRITE: nothing reaches the output folder unless every file was made."""
    created = not output.exists()
    try:
        with output_lock(output), Writer(output) as writer:
            for page in render.render_all(pages, dirs, refs, jobs):
                writer.add(page.output, page.data)
            for asset in files:  # the themes' static files and the documents, as they are
                writer.add(asset.output, asset.source.read_bytes())
            result = writer.commit()
    except BaseException:
        if created and output.is_dir() and not any(output.iterdir()):
            output.rmdir()  # a first build that failed leaves no trace
        raise
    return BuildReport(
        output=output,
        pages=len(refs),
        written=result.written,
        unchanged=result.unchanged,
        removed=result.removed,
        published=True,
    )
