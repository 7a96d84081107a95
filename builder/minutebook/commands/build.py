"""The build: check everything (load → model → index), plan, then write it all at once."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from minutebook.archive.indexes import Archive
from minutebook.archive.links import draft_sources
from minutebook.archive.pages import PageRef, Planner, planner
from minutebook.commands.check import check_site
from minutebook.core import cache, workers
from minutebook.core.diagnostics import has_errors, sort_diagnostics
from minutebook.incremental.fingerprints import Fingerprints, unlisted_names
from minutebook.incremental.lists import Lists, Restored
from minutebook.incremental.outline import links_of, outline_name, outline_of, skeleton_of
from minutebook.incremental.quick import keep_lists, quick_build
from minutebook.incremental.snapshot import (
    Snapshot,
    manifest_stamp,
    remember_build,
    take_snapshot,
    unchanged_since_last_build,
)
from minutebook.output import assets, render
from minutebook.output.options import BuildOptions, BuildReport, output_folder
from minutebook.output.search import SearchIndexProblem, search_bundle
from minutebook.output.write import (
    OutputProblem,
    Writer,
    check_output_dir,
    finish_interrupted,
    leaving_no_trace,
    output_lock,
)
from minutebook.reading.loading import Found, Progress, Site, counted, find_meetings


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
    store = options.store or cache.Store(options.site_root, options.use_cache)
    options = replace(options, store=store)
    snapshot = take_snapshot(options)
    if snapshot is None:  # no cache to compare with, or no config to build from
        return replace(_build(options), seconds=time.perf_counter() - started)
    # `serve` rebuilds only when a file was saved, into its own folder: looking at every page
    # again to find that nothing changed would cost more than it saves.
    if not store.in_memory:
        last = unchanged_since_last_build(options, snapshot)
        if last is not None:
            return replace(last, seconds=time.perf_counter() - started)
    found = find_meetings(options.site_root, snapshot.max_file_size, store, snapshot.stamps())
    report = quick_build(options, snapshot, found) or _build(options, snapshot, found)
    if not store.in_memory and report.published and report.output is not None:
        remember_build(options, snapshot, report)
    return replace(report, seconds=time.perf_counter() - started)


def _build(
    options: BuildOptions, snapshot: Snapshot | None = None, found: Found | None = None
) -> BuildReport:
    """CHECK (exactly what `minutebook check` runs) and the output folder, then RENDER, WRITE."""
    jobs = options.jobs or workers.default_jobs()
    store = options.store
    if store is None or not store.on_disk:
        return _build_with(options, snapshot, found, jobs, None)
    # Forked now, before the archive is loaded: see _meeting_pages.
    with workers.standby(jobs) as spare:
        return _build_with(options, snapshot, found, jobs, spare)


def _build_with(
    options: BuildOptions,
    snapshot: Snapshot | None,
    found: Found | None,
    jobs: int,
    spare: workers.Standby | None,
) -> BuildReport:
    checked = check_site(
        options.site_root,
        drafts=options.drafts,
        base_url=options.base_url,
        jobs=jobs,
        store=options.store,
        progress=options.progress,
        found=found,
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
    refs = pages.plan_with_files()
    dirs = checked.theme_dirs
    files = [*checked.theme_files, *checked.documents]
    alone = _meeting_pages(checked.site, checked.archive) if spare is not None else None
    meeting_pages = (spare, alone) if spare is not None and alone is not None else None
    names = unlisted_names(checked.archive)
    try:
        fingerprints = Fingerprints.of(checked.site, pages, dirs, options, output, names)
        report = write_site(
            output,
            pages,
            dirs,
            refs,
            files,
            jobs,
            fingerprints,
            options.progress,
            meeting_pages,
            (options.store or cache.Store(options.site_root, False))
            if options.search_index
            else None,
        )
    except (render.TemplateProblem, OutputProblem, SearchIndexProblem) as problem:
        return BuildReport(sort_diagnostics([*diagnostics, problem.diagnostic]), output)
    pages.forget()  # the pages are made: room for the outline and its lists
    manifest = manifest_stamp(output)
    if snapshot is not None and options.store is not None and manifest is not None:
        site = checked.site
        stamps = snapshot.stamps()
        named = map(snapshot.name, (f.source for f in files))
        copied = {name: (f.output, stamps.get(name)) for name, f in zip(named, files, strict=True)}
        archive = checked.archive
        record = outline_of(
            snapshot.frame(site.digests, copied),
            copied,
            str(output.resolve()),
            archive,
            site.digests,
            site.listings,
            site.summaries,
            site.placings,
            draft_sources(site.meetings),
            {m.source: targets for m in site.meetings if (targets := links_of(m))},
            checked.diagnostics,
            manifest,
            len(refs),
        )
        record = keep_lists(options.store, record, lambda: Lists.of(archive))
        options.store.save(outline_name(record.output), record)
    return replace(report, diagnostics=diagnostics)


# How many meetings a worker making meeting pages keeps as read: the neighbours of the next
# pages are among the last read (about 30 MiB at 1,000, with their text).
MEETINGS_KEPT = 1000


def _meeting_pages(site: Site, archive: Archive) -> Planner | None:
    """The meeting pages' own planner, for workers that do not hold the archive (forked before
    it was loaded: a worker forked after would copy most of it, see workers.Apart): the skeleton
    (see outline.skeleton_of) with each meeting read whole from the cache as a page asks for it
    (the meeting and the few it shows: its neighbours, the meetings it links to). None if a
    meeting cannot be read so (no cache on disk)."""
    texts = site.texts
    sources = {meeting_id: meeting.source for meeting_id, meeting in archive.meetings.items()}
    if texts is None or not all(source in texts.names for source in sources.values()):
        return None
    meetings = Restored(sources, texts.whole, keep=MEETINGS_KEPT)
    return planner(replace(skeleton_of(archive), meetings=meetings))


def write_site(
    output: Path,
    pages: Planner,
    dirs: Sequence[Path],
    refs: Sequence[PageRef],
    files: Iterable[assets.Asset],
    jobs: int,
    fingerprints: Fingerprints,
    progress: Progress | None = None,
    meeting_pages: tuple[workers.Standby, Planner] | None = None,
    search: cache.Store | None = None,
) -> BuildReport:
    """RENDER and WRITE: nothing reaches the output folder unless every file was made.
    (`meeting_pages`: see render.render_all. `search`: the cache to make the search index with,
    see output/search.py; None: no index.)

    A page whose fingerprint (theme, config, vocabulary and the meetings it is made from) is
    the one recorded when its file was last written is kept as it is, without rendering.
    """
    with leaving_no_trace(output), output_lock(output), Writer(output) as writer:
        outputs = [pages.output(ref) for ref in refs]
        keys = {name: fingerprints.key(ref) for name, ref in zip(outputs, refs, strict=True)}
        previous = fingerprints.previous
        stale = [
            ref
            for name, ref in zip(outputs, refs, strict=True)
            if not (previous.get(name) == keys[name] and writer.keep(name))
        ]
        rendered = render.render_all(pages, dirs, stale, jobs, writer.stage, meeting_pages)
        for page in counted(rendered, "Making pages", len(stale), progress):
            writer.record(page)
        for asset in files:  # the themes' static files and the documents, as they are
            writer.add(asset.output, asset.source.read_bytes())
        if search is not None and pages.archive.config.search.enabled:
            for name, data in search_bundle(pages, dirs, search).items():  # last: the index
                writer.add(name, data)
        result = writer.commit()
    fingerprints.save(keys)
    return BuildReport(
        output=output,
        pages=len(refs),
        written=result.written,
        unchanged=result.unchanged,
        removed=result.removed,
        published=True,
    )
