"""The build: gather everything (load → model → index → plan), then write it all at once."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from minutebook import assets, cache, render, workers
from minutebook.config import BASE_URL_FIX, CONFIG_NAME, normalise_base_url, parse_config
from minutebook.diagnostics import Diagnostic, SourceSpan, error, has_errors, sort_diagnostics
from minutebook.indexes import build_archive
from minutebook.meeting import parse_meeting
from minutebook.model import Meeting, SiteConfig
from minutebook.pages import PageRef, Planner, planner
from minutebook.sources import CONTENT_DIR, decode, discover, read_source
from minutebook.vocabulary import Lexicon
from minutebook.write import MANIFEST, Writer, check_output_dir

Progress = Callable[[str, int, int], None]
MEETINGS_CACHE = "meetings.pickle"
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


@dataclass(frozen=True, slots=True)
class Site:
    """Everything gathered from the site folder, before anything is written."""

    root: Path
    config: SiteConfig | None
    meetings: tuple[Meeting, ...]
    diagnostics: list[Diagnostic]
    digests: Mapping[str, str] = field(default_factory=dict)  # source path → content digest


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
    text, diagnostics = decode(CONFIG_NAME, path.read_bytes())
    if text is None:
        return None, diagnostics
    config, problems = parse_config(text)
    return config, diagnostics + problems


def load_site(
    site_root: Path,
    base_url: str | None = None,
    jobs: int = 1,
    *,
    store: cache.Store | None = None,
    progress: Progress | None = None,
) -> Site:
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
    parsed, digests = parse_meetings(
        site_root,
        config,
        jobs,
        store=store or cache.Store(site_root, enabled=False),
        progress=progress,
    )
    meetings: list[Meeting] = []
    for meeting, problems in parsed:
        diagnostics.extend(problems)
        if meeting is not None:
            meetings.append(meeting)
    return Site(site_root, config, tuple(meetings), diagnostics, digests)


Parsed = tuple[Meeting | None, list[Diagnostic]]


def parse_meetings(
    site_root: Path,
    config: SiteConfig,
    jobs: int,
    *,
    store: cache.Store,
    progress: Progress | None = None,
) -> tuple[list[Parsed], dict[str, str]]:
    """Every meeting file, parsed once: unchanged files come from the cache, in file order."""
    paths = discover(site_root)
    digests = {
        path.relative_to(site_root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in paths
    }
    lexicon = Lexicon.of(config)
    lexicon_digest = cache.digest_of(config.organisations, config.topics)
    previous = store.load(MEETINGS_CACHE) or {}
    if previous.get("lexicon") != lexicon_digest:
        previous = {}
    known: dict[str, tuple[str, Parsed]] = previous.get("files", {})
    missing = [
        p for p, key in zip(paths, digests, strict=True) if known.get(key, ("",))[0] != digests[key]
    ]
    fresh = dict(
        zip(
            (p.relative_to(site_root).as_posix() for p in missing),
            counted(
                workers.ordered_map(_load_meeting, (site_root, lexicon), missing, jobs=jobs),
                "Reading minutes",
                len(missing),
                progress,
            ),
            strict=True,
        )
    )
    files = {
        key: (digest, fresh[key] if key in fresh else known[key][1])
        for key, digest in digests.items()
    }
    if fresh or files.keys() != known.keys():
        store.save(MEETINGS_CACHE, {"lexicon": lexicon_digest, "files": files})
    return [files[key][1] for key in digests], digests


T = TypeVar("T")


def counted(items: Iterable[T], stage: str, total: int, progress: Progress | None) -> Iterator[T]:
    """Pass items through, telling `progress` how far along the stage is."""
    if progress is None or total == 0:
        yield from items
        return
    for done, item in enumerate(items, start=1):
        yield item
        progress(stage, done, total)


def _load_meeting(
    state: tuple[Path, Lexicon], path: Path
) -> tuple[Meeting | None, list[Diagnostic]]:
    site_root, lexicon = state
    source, diagnostics = read_source(site_root, path)
    if source is None:
        return None, diagnostics
    meeting, problems = parse_meeting(source, lexicon)
    return meeting, diagnostics + problems


def build(options: BuildOptions) -> BuildReport:
    started = time.perf_counter()
    if options.store is None:
        options = replace(options, store=cache.Store(options.site_root, options.use_cache))
    before = _unchanged_since_last_build(options)
    if isinstance(before, BuildReport):
        return replace(before, seconds=time.perf_counter() - started)
    report = _build(options)
    if before is not None and report.published and report.output is not None:
        _remember_build(options, report.output, before, report)
    return replace(report, seconds=time.perf_counter() - started)


def _output_of(options: BuildOptions, config: SiteConfig) -> Path:
    return options.output or options.site_root / config.output


def sources_snapshot(options: BuildOptions, output: Path) -> str:
    """Everything a build reads, by name, size and modification time (no file is read)."""
    site = options.site_root
    roots = [site / CONFIG_NAME, site / CONTENT_DIR, site / "themes", render.bundled_themes()]
    entries: list[tuple[str, int, int]] = []
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


def _file_stamps(root: Path) -> list[tuple[str, int, int]]:
    """(path, size, modification time) of every file below root, hidden ones left out."""
    if root.is_file():
        stat = root.stat()
        return [(str(root), stat.st_size, stat.st_mtime_ns)]
    stamps: list[tuple[str, int, int]] = []
    folders = [str(root)] if root.is_dir() else []
    while folders:  # os.scandir: one system call per folder, stat results come with it
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                elif entry.is_file():
                    stat = entry.stat()
                    stamps.append((entry.path, stat.st_size, stat.st_mtime_ns))
    return sorted(stamps)


def _output_stamp(output: Path) -> str:
    """What the output folder holds now: a file deleted or edited by hand is noticed."""
    manifest = output / MANIFEST
    extra = _file_stamps(manifest) if manifest.is_file() else []
    return cache.digest_of(_file_stamps(output), extra)


def _unchanged_since_last_build(options: BuildOptions) -> BuildReport | str | None:
    """The last build's report when nothing it read or wrote has changed since (a no-op
    rebuild of 10,000 meetings then reads no file); else this build's sources snapshot."""
    if options.store is None or not options.store.enabled:
        return None
    config, _ = load_config(options.site_root)
    if config is None:
        return None
    output = _output_of(options, config)
    snapshot = sources_snapshot(options, output)
    last = options.store.load(LAST_BUILD_CACHE)
    if (
        isinstance(last, dict)
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
    jobs = options.jobs or workers.default_jobs()
    site = load_site(
        options.site_root,
        options.base_url,
        jobs,
        store=options.store,
        progress=options.progress,
    )
    diagnostics = list(site.diagnostics)
    if site.config is None:
        return BuildReport(sort_diagnostics(diagnostics))
    config = site.config
    output = _output_of(options, config)
    archive, problems = build_archive(
        config, site.meetings, drafts=options.drafts, build_date=build_date()
    )
    diagnostics += problems
    dirs = render.theme_dirs(options.site_root, config.theme)
    diagnostics += render.check_theme(options.site_root, config.theme)
    documents, problems = assets.document_assets(options.site_root, archive)
    diagnostics += problems + check_output_dir(options.site_root, output)
    if has_errors(diagnostics, strict=options.strict):
        return BuildReport(sort_diagnostics(diagnostics), output)
    pages = planner(archive)
    refs = pages.plan()
    try:
        fingerprints = Fingerprints.of(site, pages, dirs, options, output)
        report = write_site(
            output, pages, dirs, refs, documents, jobs, fingerprints, options.progress
        )
    except render.TemplateProblem as problem:
        return BuildReport(sort_diagnostics([*diagnostics, problem.diagnostic]), output)
    return replace(report, diagnostics=sort_diagnostics(diagnostics))


def write_site(
    output: Path,
    pages: Planner,
    dirs: Sequence[Path],
    refs: Sequence[PageRef],
    documents: Iterable[assets.Asset],
    jobs: int,
    fingerprints: Fingerprints,
    progress: Progress | None = None,
) -> BuildReport:
    """RENDER and WRITE: nothing reaches the output folder unless every file was made.

    A page whose fingerprint (theme, config, vocabulary and the meetings it is made from) is
    the one recorded when its file was last written is kept as it is, without rendering.
    """
    created = not output.exists()
    output.mkdir(parents=True, exist_ok=True)
    try:
        with Writer(output) as writer:
            keys = {pages.output(ref): fingerprints.key(ref) for ref in refs}
            stale = [
                ref
                for ref in refs
                if not (
                    fingerprints.previous.get(pages.output(ref)) == keys[pages.output(ref)]
                    and writer.keep(pages.output(ref))
                )
            ]
            rendered = render.render_all(pages, dirs, stale, jobs)
            for page in counted(rendered, "Making pages", len(stale), progress):
                writer.add(page.output, page.data)
            for asset in [*assets.theme_assets(dirs), *documents]:
                writer.add(asset.output, asset.source.read_bytes())
            result = writer.commit()
    except BaseException:
        if created and not any(output.iterdir()):
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
            cache.digest_files(
                p for d in dirs for p in (d / "templates").rglob("*") if p.is_file()
            ),
            archive.config,
            archive.organisations,
            archive.topics,
            options.drafts,
            archive.build_date,
        )
        everything = cache.digest_of(sorted(site.digests.items()), list(archive.meetings))
        store = options.store or cache.Store(site.root, enabled=False)
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
        )

    def key(self, ref: PageRef) -> str:
        inputs = self.planner.inputs(ref)
        if inputs is None:
            return cache.digest_of(self.common, ref.kind, ref.args, self.everything)
        meetings = self.planner.archive.meetings
        return cache.digest_of(
            self.common,
            ref.kind,
            ref.args,
            [(i, self.digests[meetings[i].source]) for i in inputs],
        )

    def save(self, keys: Mapping[str, str]) -> None:
        if keys != self.previous:
            stored = {k: v for k, v in self.stored.items() if Path(k).is_dir()}
            stored[self.output] = {self.common: dict(keys)}
            self.store.save(PAGES_CACHE, stored)
