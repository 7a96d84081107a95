"""The build: check everything (load → model → index), plan, then write it all at once."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from minutebook import assets, render, workers
from minutebook.check import check_site
from minutebook.diagnostics import Diagnostic, has_errors, sort_diagnostics
from minutebook.pages import PageRef, Planner, planner
from minutebook.write import Writer, check_output_dir


@dataclass(frozen=True, slots=True)
class BuildOptions:
    site_root: Path
    output: Path | None = None  # default: the config's `output`, relative to the site root
    drafts: bool = False
    base_url: str | None = None
    jobs: int = 0  # 0: one per core
    strict: bool = False


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


def build(options: BuildOptions) -> BuildReport:
    """CHECK (exactly what `minutebook check` runs) and the output folder, then RENDER, WRITE."""
    started = time.perf_counter()
    jobs = options.jobs or workers.default_jobs()
    checked = check_site(
        options.site_root, drafts=options.drafts, base_url=options.base_url, jobs=jobs
    )
    if checked.archive is None:
        return BuildReport(checked.diagnostics)
    output = options.output or options.site_root / checked.archive.config.output
    diagnostics = sort_diagnostics(
        [*checked.diagnostics, *check_output_dir(options.site_root, output)]
    )
    if has_errors(diagnostics, strict=options.strict):
        return BuildReport(diagnostics, output)
    pages = planner(checked.archive)
    refs = pages.plan()
    try:
        report = write_site(output, pages, checked.theme_dirs, refs, checked.documents, jobs)
    except render.TemplateProblem as problem:
        return BuildReport(sort_diagnostics([*diagnostics, problem.diagnostic]), output)
    return replace(report, diagnostics=diagnostics, seconds=time.perf_counter() - started)


def write_site(
    output: Path,
    pages: Planner,
    dirs: Sequence[Path],
    refs: Sequence[PageRef],
    documents: Iterable[assets.Asset],
    jobs: int,
) -> BuildReport:
    """RENDER and WRITE: nothing reaches the output folder unless every file was made."""
    created = not output.exists()
    output.mkdir(parents=True, exist_ok=True)
    try:
        with Writer(output) as writer:
            for page in render.render_all(pages, dirs, refs, jobs):
                writer.add(page.output, page.data)
            for asset in [*assets.theme_assets(dirs), *documents]:
                writer.add(asset.output, asset.source.read_bytes())
            result = writer.commit()
    except BaseException:
        if created and not any(output.iterdir()):
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
