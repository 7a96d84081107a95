"""The build: check everything (load → model → index), plan, then write it all at once."""

from __future__ import annotations

import gc
import hashlib
import os
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from minutebook import assets, cache, render, workers
from minutebook.check import Progress, Site, build_date, check_site, counted, load_config
from minutebook.config import CONFIG_NAME
from minutebook.diagnostics import Diagnostic, has_errors, sort_diagnostics
from minutebook.model import MeetingId, SiteConfig
from minutebook.pages import PageRef, Planner, planner
from minutebook.sources import CONTENT_DIR, Stamp
from minutebook.write import (
    MANIFEST,
    STAGING,
    OutputProblem,
    Writer,
    check_output_dir,
    finish_interrupted,
    output_lock,
)

PAGES_CACHE = "pages.pickle"
LAST_BUILD_CACHE = "last-build.pickle"


@dataclass(frozen=True, slots=True)
class BuildOptions:
    site_root: Path
    output: Path | None = None  # default: the config's `output`, relative to the site root
    drafts: bool = False
    base_url: str | None = None
    jobs: int = 0  # 0: one per core
    strict: bool = False
    use_cache: bool = True
    store: cache.Store | None = None  # default: the site's cache on disk (when use_cache)
    progress: Progress | None = None  # told (stage, done, total) as work goes on
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
        files = self.written + self.unchanged
        return (
            f"{files} files ({self.pages} pages): {self.written} written, "
            f"{self.unchanged} unchanged, {self.removed} removed, in {self.seconds:.2f} s"
        )


def build(options: BuildOptions) -> BuildReport:
    started = time.perf_counter()
    # No garbage collection while building: each would walk the hundreds of thousands of
    # objects the indexes are made of (the archive itself is frozen out of it, see
    # check_site), and a build makes few reference cycles. What the last build left (in
    # `serve`) is collected first, while little is there to walk.
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _build_timed(options, started)
    finally:
        if was_enabled:
            gc.enable()


def _build_timed(options: BuildOptions, started: float) -> BuildReport:
    if options.store is None:
        options = replace(options, store=cache.Store(options.site_root, options.use_cache))
    before = _unchanged_since_last_build(options)
    if isinstance(before, BuildReport):
        return replace(before, seconds=time.perf_counter() - started)
    report = _build(options)
    if before is not None and report.published and report.output is not None:
        _remember_build(options, report.output, before, report)
    return replace(report, seconds=time.perf_counter() - started)


def output_folder(options: BuildOptions, config: SiteConfig) -> Path:
    """--output, or the config's `output` relative to the site root; `~` is the home folder."""
    if options.output is not None:
        return options.output.expanduser()
    return options.site_root / Path(config.output).expanduser()


def sources_snapshot(options: BuildOptions, output: Path) -> str:
    """Everything a build reads, by name and stamp (no file is read)."""
    site = options.site_root
    roots = [site / CONFIG_NAME, site / CONTENT_DIR, site / "themes", render.bundled_themes()]
    entries: list[tuple[str, Stamp]] = []
    for root in roots:
        entries += _file_stamps(root)
    return cache.digest_of(
        cache.FORMAT,
        options.drafts,
        options.base_url,
        options.strict,
        build_date(),
        str(output.resolve()),
        entries,
    )


def _file_stamps(root: Path) -> list[tuple[str, Stamp]]:
    """(path, stamp) of every file below root, hidden ones left out. The stamp has the change
    time and inode too: an edit that keeps the size and sets the modification time back (as
    `cp -p`, `rsync -t` or `touch -r` can) still changes them."""
    if root.is_file():
        return [(str(root), Stamp.of(root.stat()))]
    stamps: list[tuple[str, Stamp]] = []
    folders = [str(root)] if root.is_dir() else []
    while folders:  # os.scandir: one system call per folder, stat results come with it
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                elif entry.is_file():
                    stamps.append((entry.path, Stamp.of(entry.stat())))
    return sorted(stamps)


def _output_stamp(output: Path) -> str:
    """What the output folder holds now: a file deleted or edited by hand is noticed."""
    manifest = output / MANIFEST
    extra = _file_stamps(manifest) if manifest.is_file() else []
    return cache.digest_of(_file_stamps(output), extra)


def _unchanged_since_last_build(options: BuildOptions) -> BuildReport | str | None:
    """The last build's report when nothing it read or wrote has changed since (a no-op
    rebuild of 10,000 meetings then reads no file); else this build's sources snapshot."""
    if options.store is None or not options.store.enabled or options.store.in_memory:
        # `serve` rebuilds only when a file was saved, into its own folder: looking at every
        # file and page twice more would cost a third of the time it takes to show an edit.
        return None
    config, _ = load_config(options.site_root)
    if config is None:
        return None
    output = output_folder(options, config)
    snapshot = sources_snapshot(options, output)
    last = options.store.load(LAST_BUILD_CACHE)
    if (
        isinstance(last, dict)
        and not (output / STAGING).exists()  # an interrupted commit is finished by a real build
        and last.get("sources") == snapshot
        and last.get("output") == _output_stamp(output)
        and isinstance(last.get("report"), BuildReport)
    ):
        report: BuildReport = last["report"]
        files = report.written + report.unchanged
        return replace(report, written=0, unchanged=files, removed=0)
    return snapshot


def _remember_build(
    options: BuildOptions, output: Path, snapshot: str, report: BuildReport
) -> None:
    # Only when no file changed while building: otherwise the next build must look again.
    if sources_snapshot(options, output) == snapshot:
        record = {"sources": snapshot, "output": _output_stamp(output), "report": report}
        assert options.store is not None
        options.store.save(LAST_BUILD_CACHE, record)


def _build(options: BuildOptions) -> BuildReport:
    """CHECK (exactly what `minutebook check` runs) and the output folder, then RENDER, WRITE."""
    jobs = options.jobs or workers.default_jobs()
    checked = check_site(
        options.site_root,
        drafts=options.drafts,
        base_url=options.base_url,
        jobs=jobs,
        store=options.store,
        progress=options.progress,
    )
    if checked.archive is None:
        return BuildReport(checked.diagnostics)
    output = output_folder(options, checked.archive.config)
    output_problems = check_output_dir(options.site_root, output, force=options.force)
    diagnostics = sort_diagnostics([*checked.diagnostics, *output_problems])
    if has_errors(diagnostics, strict=options.strict):
        if not output_problems:  # still finish a commit an earlier build was stopped in
            diagnostics = sort_diagnostics([*diagnostics, *finish_interrupted(output)])
        return BuildReport(diagnostics, output)
    pages = replace(planner(checked.archive), texts=checked.site.texts)
    refs = pages.plan()
    dirs = checked.theme_dirs
    files = [*checked.theme_files, *checked.documents]
    try:
        fingerprints = Fingerprints.of(checked.site, pages, dirs, options, output)
        report = write_site(output, pages, dirs, refs, files, jobs, fingerprints, options.progress)
    except (render.TemplateProblem, OutputProblem) as problem:
        return BuildReport(sort_diagnostics([*diagnostics, problem.diagnostic]), output)
    return replace(report, diagnostics=diagnostics)


def write_site(
    output: Path,
    pages: Planner,
    dirs: Sequence[Path],
    refs: Sequence[PageRef],
    files: Iterable[assets.Asset],
    jobs: int,
    fingerprints: Fingerprints,
    progress: Progress | None = None,
) -> BuildReport:
    """RENDER and WRITE: nothing reaches the output folder unless every file was made.

    A page whose fingerprint (theme, config, vocabulary and the meetings it is made from) is
    the one recorded when its file was last written is kept as it is, without rendering.
    """
    created = not output.exists()
    try:
        with output_lock(output), Writer(output) as writer:
            keys = {pages.output(ref): fingerprints.key(ref) for ref in refs}
            stale = [
                ref
                for ref in refs
                if not (
                    fingerprints.previous.get(pages.output(ref)) == keys[pages.output(ref)]
                    and writer.keep(pages.output(ref))
                )
            ]
            rendered = render.render_all(pages, dirs, stale, jobs, writer.stage)
            for page in counted(rendered, "Making pages", len(stale), progress):
                writer.record(page)
            for asset in files:  # the themes' static files and the documents, as they are
                writer.add(asset.output, asset.source.read_bytes())
            result = writer.commit()
    except BaseException:
        if created and output.is_dir() and not any(output.iterdir()):
            output.rmdir()  # a first build that failed leaves no trace
        raise
    fingerprints.save(keys)
    return BuildReport(
        output=output,
        pages=len(refs),
        written=result.written,
        unchanged=result.unchanged,
        removed=result.removed,
        published=True,
    )


@dataclass(frozen=True, slots=True)
class Fingerprints:
    """What each page was made from, to know which pages an edit touches."""

    site_root: Path
    planner: Planner
    common: str  # theme, config, vocabulary, flags: every page depends on these
    digests: Mapping[str, str]  # source path → content digest
    everything: str
    previous: Mapping[str, str]
    store: cache.Store
    # Keys are kept per output folder (the preview and the published site differ).
    output: str = ""
    stored: Mapping[str, Any] = field(default_factory=dict)
    meeting_tokens: Mapping[MeetingId, str] = field(default_factory=dict)  # by meeting id
    listing_tokens: Mapping[MeetingId, str] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        site: Site,
        planner: Planner,
        dirs: Sequence[Path],
        options: BuildOptions,
        output: Path,
    ) -> Fingerprints:
        archive = planner.archive
        common = cache.digest_of(
            cache.FORMAT,
            render.theme_digest(dirs),  # the templates and the words they show
            archive.config,
            archive.organisations,
            archive.topics,
            options.drafts,
            archive.build_date,
        )
        store = options.store or cache.Store(site.root, enabled=False)
        listings = {i: site.listings[m.source] for i, m in archive.meetings.items()}
        # Pages listing the whole archive show no meeting's text: they follow the listings.
        everything = cache.digest_of([(i, listings[i]) for i in archive.meetings])
        loaded = store.load(PAGES_CACHE)
        stored = loaded if isinstance(loaded, dict) else {}
        where = str(output.resolve())
        mine = stored.get(where)
        previous = mine.get(common, {}) if isinstance(mine, dict) else {}
        return cls(
            site.root,
            planner,
            common,
            site.digests,
            everything,
            previous,
            store,
            where,
            stored,
            # A meeting in full is its id, its file's name (its page links to it, with
            # repo_url) and its file's content; in a list, what lists show of it (which holds
            # its id and file name too). 64 bits of each: they are hashed again for every page
            # that lists the meeting (680,000 times at 10,000 meetings).
            {
                i: cache.digest_of(i, m.source, site.digests[m.source])[:16]
                for i, m in archive.meetings.items()
            },
            {i: listings[i][:16] for i in archive.meetings},
        )

    def key(self, ref: PageRef) -> str:
        inputs = self.planner.inputs(ref)
        if inputs is None:
            return cache.digest_of(self.common, ref.kind, ref.args, self.everything)
        # Thousands of meetings feed a topic's or an organisation's pages: joined as text and
        # hashed once, rather than written out as a list. Only a meeting's own page shows its
        # text; every other page shows what lists show, so a change to the text alone remakes
        # one page.
        listed = self.listing_tokens
        shown = [self.meeting_tokens[ref.args[0]]] if ref.kind == "meeting" else []
        hasher = hashlib.sha256("".join([*shown, *(listed[i] for i in inputs)]).encode())
        linked = [(f, self.digests.get(f)) for f in self.planner.linked_files(ref)]
        return cache.digest_of(self.common, ref.kind, ref.args, hasher.hexdigest(), linked)

    def save(self, keys: Mapping[str, str]) -> None:
        if keys != self.previous:
            stored = {k: v for k, v in self.stored.items() if Path(k).is_dir()}
            stored[self.output] = {self.common: dict(keys)}
            self.store.save(PAGES_CACHE, stored)
