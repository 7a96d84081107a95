"""The build: check everything (load → model → index), plan, then write it all at once."""

from __future__ import annotations

import datetime as dt
import functools
import gc
import hashlib
import os
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from minutebook.archive.indexes import Archive, attendances, unplaced
from minutebook.archive.pages import LISTING_IN_FULL, PageRef, Planner, planner
from minutebook.commands.check import (
    Found,
    LoadState,
    Progress,
    Site,
    Texts,
    build_date,
    cache_namer,
    cached_meeting,
    check_site,
    counted,
    draft_sources,
    find_meetings,
    forget_meeting,
    load_config,
    load_state,
    problems_in_context,
    reread_meeting,
)
from minutebook.core import cache, workers
from minutebook.core.diagnostics import Diagnostic, has_errors, sort_diagnostics
from minutebook.core.model import (
    Meeting,
    MeetingId,
    Organisation,
    OrganisationSlug,
    SiteConfig,
    Status,
    Topic,
    TopicSlug,
    body_of,
)
from minutebook.incremental.outline import (
    MOST_CHANGED,
    Lists,
    Outline,
    Restored,
    archive_of,
    linking,
    links_of,
    lists_made_from,
    lists_name,
    moved,
    numbers,
    outline_name,
    outline_of,
    patched,
    placed,
    relist,
    reordered,
    resummarised,
    skeleton_of,
)
from minutebook.output import assets, render
from minutebook.output.write import (
    MANIFEST,
    STAGING,
    OutputProblem,
    Writer,
    WriteReport,
    check_output_dir,
    finish_interrupted,
    output_lock,
)
from minutebook.reading.config import CONFIG_NAME
from minutebook.reading.sources import CONTENT_DIR, Stamp

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
    # The output is this process's alone (serve's, in the cache folder): between its builds,
    # nobody else writes, edits or deletes a file of it (see _write_pages).
    own_output: bool = False


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
    store = options.store or cache.Store(options.site_root, options.use_cache)
    options = replace(options, store=store)
    snapshot = _snapshot(options)
    if snapshot is None:  # no cache to compare with, or no config to build from
        return replace(_build(options), seconds=time.perf_counter() - started)
    # `serve` rebuilds only when a file was saved, into its own folder: looking at every page
    # again to find that nothing changed would cost more than it saves.
    if not store.in_memory:
        last = _unchanged_since_last_build(options, snapshot)
        if last is not None:
            return replace(last, seconds=time.perf_counter() - started)
    found = find_meetings(options.site_root, snapshot.max_file_size, store, snapshot.stamps())
    report = _quick_build(options, snapshot, found) or _build(options, snapshot, found)
    if not store.in_memory and report.published and report.output is not None:
        _remember_build(options, snapshot, report)
    return replace(report, seconds=time.perf_counter() - started)


def output_folder(options: BuildOptions, config: SiteConfig) -> Path:
    """--output, or the config's `output` relative to the site root; `~` is the home folder."""
    if options.output is not None:
        return options.output.expanduser()
    return options.site_root / Path(config.output).expanduser()


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Everything a build reads, by name and stamp (no file is read), taken before it reads
    anything: a file changed while it builds makes the next build look again.

    Files of the site are named relative to its folder (as in messages), so that the same
    site named another way (`.` or its full path) is the same snapshot."""

    output: Path
    flags: tuple[object, ...]  # the options and the day: they change what is made too
    entries: list[tuple[str, Stamp]]
    site_root: Path = Path()
    max_file_size: int = 0  # the config's, in MiB

    def digest(self) -> str:
        return cache.digest_of(*self.flags, self.entries)

    def name(self, path: Path) -> str:
        """How the entries name `path`."""
        return _site_name(os.fspath(self.site_root), os.fspath(path))

    def frame(self, meeting_files: Iterable[str], copied: Iterable[str]) -> str:
        """Every input but the meeting files and what the files copied as they are (the
        themes' static files, the documents) say: their names are in it. (A quick build
        follows a meeting file added or deleted, see _reread.)"""
        names, aside = set(meeting_files), set(copied)
        return cache.digest_of(
            *self.flags,
            [
                (path, None if path in aside else stamp)
                for path, stamp in self.entries
                if path not in names
            ],
        )

    def stamps(self) -> dict[str, Stamp]:
        return dict(self.entries)


def _site_name(root: str, path: str) -> str:
    prefix = root + os.sep
    name = path[len(prefix) :] if path.startswith(prefix) else path
    return name.replace(os.sep, "/")


def _snapshot(options: BuildOptions) -> Snapshot | None:
    """None without a cache (nothing to compare with) or a config (nothing to build)."""
    if options.store is None or not options.store.enabled:
        return None
    config, _ = load_config(options.site_root)
    if config is None:
        return None
    output = output_folder(options, config)
    site = options.site_root
    found = [*_file_stamps(site / CONFIG_NAME), *_file_stamps(site / CONTENT_DIR)]
    for root in (site / "themes", render.bundled_themes()):
        found += _file_stamps(root, static_at=1)  # themes/<theme>/static/
    entries = [(_site_name(os.fspath(site), path), stamp) for path, stamp in found]
    flags = (
        cache.FORMAT,
        options.drafts,
        options.base_url,
        options.strict,
        build_date(),
        str(output.resolve()),
    )
    return Snapshot(output, flags, entries, site, config.max_file_size)


def _file_stamps(root: Path, *, static_at: int | None = None) -> list[tuple[str, Stamp]]:
    """(path, stamp) of every file below root, hidden ones left out, except that the hidden
    folders of a static/ folder `static_at` levels below root are looked into: they are
    published (.well-known/). The stamp has the change time and inode too: an edit that keeps
    the size and sets the modification time back (as `cp -p`, `rsync -t` or `touch -r` can)
    still changes them."""
    if root.is_file():
        return [(str(root), Stamp.of(root.stat()))]
    stamps: list[tuple[str, Stamp]] = []
    folders = [(str(root), 0, False)] if root.is_dir() else []
    while folders:  # os.scandir: one system call per folder, stat results come with it
        folder, depth, static = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    inside = static or (depth == static_at and entry.name == "static")
                    if inside or not entry.name.startswith("."):
                        folders.append((entry.path, depth + 1, inside))
                elif entry.is_file() and not entry.name.startswith("."):
                    stamps.append((entry.path, Stamp.of(entry.stat())))
    return sorted(stamps)


def _output_stamp(output: Path) -> str:
    """What the output folder holds now: a file deleted or edited by hand is noticed."""
    manifest = output / MANIFEST
    extra = _file_stamps(manifest) if manifest.is_file() else []
    return cache.digest_of(_file_stamps(output, static_at=0), extra)


def _unchanged_since_last_build(options: BuildOptions, snapshot: Snapshot) -> BuildReport | None:
    """The last build's report when nothing it read or wrote has changed since (a no-op
    rebuild of 10,000 meetings then reads no file)."""
    assert options.store is not None
    output = snapshot.output
    last = options.store.load(LAST_BUILD_CACHE)
    if (
        isinstance(last, dict)
        and not (output / STAGING).exists()  # an interrupted commit is finished by a real build
        and last.get("sources") == snapshot.digest()
        and last.get("output") == _output_stamp(output)
        and isinstance(last.get("report"), BuildReport)
    ):
        report: BuildReport = last["report"]
        files = report.written + report.unchanged
        return replace(report, written=0, unchanged=files, removed=0)
    return None


def _remember_build(options: BuildOptions, snapshot: Snapshot, report: BuildReport) -> None:
    """Keep the build's report with the snapshot taken before it read anything: a file saved
    while it built has another stamp since, and the next build looks again."""
    output = snapshot.output
    record = {"sources": snapshot.digest(), "output": _output_stamp(output), "report": report}
    assert options.store is not None
    options.store.save(LAST_BUILD_CACHE, record)


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
    refs = pages.plan()
    dirs = checked.theme_dirs
    files = [*checked.theme_files, *checked.documents]
    alone = _meeting_pages(checked.site, checked.archive) if spare is not None else None
    meeting_pages = (spare, alone) if spare is not None and alone is not None else None
    names = unlisted_names(checked.archive)
    try:
        fingerprints = Fingerprints.of(checked.site, pages, dirs, options, output, names)
        report = write_site(
            output, pages, dirs, refs, files, jobs, fingerprints, options.progress, meeting_pages
        )
    except (render.TemplateProblem, OutputProblem) as problem:
        return BuildReport(sort_diagnostics([*diagnostics, problem.diagnostic]), output)
    pages.forget()  # the pages are made: room for the outline and its lists
    manifest = _manifest_stamp(output)
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
            {m.source: links_of(m) for m in site.meetings if m.links},
            checked.diagnostics,
            manifest,
            len(refs),
        )
        record = _keep_lists(options.store, record, lambda: Lists.of(archive))
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


class _NotQuick(Exception):
    """Found while writing: the quick path cannot make this build (see _quick_build)."""


def _quick_build(options: BuildOptions, snapshot: Snapshot, found: Found) -> BuildReport | None:
    """A build of meeting files that changed (one of them may have moved in the archive, see
    _movable), and of static files and documents whose bytes changed, from the last build's
    outline (see outline.py); None when anything else changed, for a full build to make.

    It must write exactly what a full build would: every check below that fails leaves it to
    the full build, which finds the same (the tests compare the two after random edits).
    """
    store, site_root = options.store, options.site_root
    assert store is not None
    output = snapshot.output
    last = store.load(outline_name(str(output.resolve())))
    if not isinstance(last, Outline) or last.output != str(output.resolve()):
        return None
    names, digests = list(found.digests), found.digests
    if found.problems or snapshot.frame(names, last.copied) != last.frame:
        return None
    copies = _copies(site_root, snapshot, last)
    if copies is None:
        return None
    copied, recopied = copies
    config = last.skeleton.config  # the frame holds the config file and --base-url
    state = load_state(site_root, config)
    changed = [name for name in names if digests[name] != last.digests.get(name)]
    changed += [name for name in last.digests if name not in digests]  # deleted
    if len(changed) > MOST_CHANGED:
        return None
    named = cache_namer(config)
    reread = _reread(store, state, named, last, changed, digests, drafts=options.drafts)
    if reread is None:
        return None
    diagnostics = patched(last.diagnostics, reread.gone, reread.found)
    kept = set(digests)  # (not the files deleted)
    if diagnostics is None or has_errors(diagnostics, strict=options.strict):
        return None
    if check_output_dir(site_root, output, force=options.force) or (output / STAGING).exists():
        return None  # the full build reports these, or finishes the interrupted commit
    outline = replace(
        last,
        copied=copied,
        digests=digests,
        listings={k: v for k, v in {**last.listings, **reread.listings}.items() if k in kept},
        summaries={k: v for k, v in {**last.summaries, **reread.summaries}.items() if k in kept},
        placings={k: v for k, v in {**last.placings, **reread.placings}.items() if k in kept},
        drafts=reread.drafts,
        links=reread.links,
        diagnostics=tuple(diagnostics),
    )
    try:
        written, pages = _remake(options, snapshot, last, outline, reread, recopied, named, state)
    except (_NotQuick, render.TemplateProblem, OutputProblem):
        return None
    for name in changed:
        if name in last.digests:
            forget_meeting(store, named(name, last.digests[name]))
    return BuildReport(
        diagnostics,
        output,
        pages=pages,
        written=written.written,
        unchanged=written.unchanged,
        removed=written.removed,
        published=True,
    )


def _remake(
    options: BuildOptions,
    snapshot: Snapshot,
    last: Outline,
    outline: Outline,
    reread: _Reread,
    recopied: Mapping[str, Path],
    named: Callable[[str, str], str],
    state: LoadState,
) -> tuple[WriteReport, int]:
    """The quick build's pages: those of the changed meetings and, when what lists show of them
    changed, the pages listing them whose keys changed (and, when their summaries changed, the
    pages of the whole archive); when one moved, the pages it left and joins too, and those
    whose relations to other meetings changed. With the outline kept for the next, and how many
    pages the site has now."""
    store, output = options.store, snapshot.output
    assert store is not None
    texts: dict[str, str] = {}
    read = _reader(store, named, outline, texts)
    lists = _kept_lists(store, last) if reread.relisted or reread.moved else None
    before_move: Planner | None = None  # the archive before a meeting moved
    if lists is not None and reread.moved:
        outline, lists, before_move = _move(last, outline, lists, read, *reread.moved[0])
    if lists is not None and reread.relisted:
        outline, lists = _relisted(outline, lists, reread)
    pages = replace(planner(archive_of(outline, read, lists)), texts=Texts(store, texts, state))
    refs = [PageRef("meeting", (i,)) for i in reread.meetings if i in outline.sources]
    for before, after in reread.relisted:
        refs += pages.pages_listing(after)
        if (approver := last.skeleton.approved_by.get(before.id)) is not None:
            refs.append(PageRef("meeting", (approver,)))  # it listed the minutes it approved
    if reread.resummarised:
        refs += pages.archive_pages()
    gone: set[PageRef] = set()  # the pages a meeting that moved left
    new: set[PageRef] = set()  # … and those there were not before
    names = unlisted_names(outline.skeleton)
    if before_move is not None:
        joined, gone, new = _pages_of_move(before_move, pages, outline, names, *reread.moved[0])
        refs += joined
    refs = list(dict.fromkeys(refs))
    dirs = render.theme_dirs(options.site_root, outline.skeleton.config.theme)
    site = Site(
        options.site_root,
        outline.skeleton.config,
        (),
        [],
        outline.digests,
        listings=outline.listings,
        summaries=outline.summaries,
        placings=outline.placings,
    )
    fingerprints = Fingerprints.of(site, pages, dirs, options, output, names)
    keys = dict(fingerprints.previous)
    if not keys or any(pages.output(ref) not in keys for ref in refs if ref not in new):
        raise _NotQuick  # the keys were not kept for this output (or were lost)
    fresh = {pages.output(ref): fingerprints.key(ref) for ref in refs}
    remade = [ref for ref in refs if fresh[pages.output(ref)] != keys.get(pages.output(ref))]
    removed = {before_move.output(ref) for ref in gone} if before_move is not None else set()
    removed -= set(fresh)
    own = options.own_output
    written = _write_pages(output, pages, dirs, remade, recopied, last.manifest, removed, own=own)
    fingerprints.save({name: key for name, key in (keys | fresh).items() if name not in removed})
    manifest = _manifest_stamp(output)
    assert manifest is not None  # the output was just written
    if lists is not None:  # first: lists kept without their outline are of no use
        kept = lists
        outline = _keep_lists(store, outline, lambda: kept)
    pages_now = outline.pages + len(new) - len(gone)
    store.save(outline_name(outline.output), replace(outline, manifest=manifest, pages=pages_now))
    return written, pages_now


def _pages_of_move(
    was: Planner,
    now: Planner,
    outline: Outline,
    names: UnlistedNames,
    before: Meeting | None,
    after: Meeting | None,
) -> tuple[list[PageRef], set[PageRef], set[PageRef]]:
    """The pages to make (when their keys changed) after a meeting moved, those it left that
    are no longer pages, and those that are new (see _moved_pages; `was`: the archive before,
    `now`, `outline` and `names`: as it is now)."""
    files = dict.fromkeys(m.source for m in (before, after) if m is not None)  # (two: renamed)
    by_source = outline.skeleton.by_source
    linked = [
        by_source[f] for file in files for f in linking(outline.links, file) if f in by_source
    ]
    left, joined = _moved_pages(was, now, before, after, linked)
    staying = [ref for ref in left if now.has_page(ref)]
    refs = [*staying, *joined]
    # A name the meeting writes may now be spelled as another meeting writes it, or the other
    # way round: the pages listing the meetings writing it show it.
    names_before, names_now = unlisted_names(was.archive).written, names.written
    respelled = {
        i for i in names_before.keys() | names_now.keys() if names_before.get(i) != names_now.get(i)
    }
    for meeting_id in sorted(respelled & outline.sources.keys()):
        refs += now.pages_listing(now.archive.meetings[meeting_id])
    return refs, set(left) - set(staying), {ref for ref in joined if not was.has_page(ref)}


def _relisted(outline: Outline, lists: Lists, reread: _Reread) -> tuple[Outline, Lists]:
    """The outline and lists with each meeting whose listing, attendance or summary changed as
    it lists now (_NotQuick if one is not where it was: see outline.relist)."""
    order = {meeting_id: n for n, meeting_id in enumerate(outline.sources)}
    numbered = numbers(lists)
    for before, after in reread.relisted:
        relisted = relist(lists, numbered, before, after)
        if relisted is None:
            raise _NotQuick
        lists = relisted
    skeleton = outline.skeleton
    for before, after in reread.resummarised:
        skeleton = resummarised(skeleton, lists, order, before, after)
    return replace(outline, skeleton=skeleton), lists


def _move(
    last: Outline,
    outline: Outline,
    lists: Lists,
    read: Callable[[MeetingId, str], Meeting],
    before: Meeting | None,
    after: Meeting | None,
) -> tuple[Outline, Lists, Planner]:
    """The outline and lists with a meeting where it is now (see outline.moved), and the planner
    of the archive before it moved (_NotQuick if it now shares a page with another meeting).
    Without `before`, it was not published; without `after`, it no longer is."""
    old_id = before.id if before is not None else None
    if after is not None and after.id != old_id and after.id in last.sources:
        raise _NotQuick  # two meetings, one page: the full build reports it

    def read_before(meeting_id: MeetingId, source: str) -> Meeting:
        # (the meeting as it was: `read` reads every file as it is now)
        return before if before is not None and meeting_id == old_id else read(meeting_id, source)

    was = planner(archive_of(last, read_before, lists))
    sources = reordered(last.sources, lists, before, after)
    lists = moved(lists, {i: n for n, i in enumerate(sources)}, before, after)
    skeleton = placed(outline.skeleton, lists, sources, before, after)
    outline = replace(outline, sources=sources, skeleton=skeleton)
    if after is not None and _shares_a_page(lists, lambda i: read(i, sources[i]), after):
        raise _NotQuick  # (an id of its own, the same page name: see indexes._collisions)
    return outline, lists, was


def _kept_lists(store: cache.Store, last: Outline) -> Lists:
    """The last build's lists (_NotQuick if they were not kept with its outline)."""
    name = lists_name(last.output)
    lists = store.load(name, 1) if last.lists and store.load(name) == last.lists else None
    if not isinstance(lists, Lists):
        raise _NotQuick
    return lists


def _moved_pages(
    was: Planner,
    now: Planner,
    before: Meeting | None,
    after: Meeting | None,
    linked: Iterable[MeetingId],
) -> tuple[list[PageRef], list[PageRef]]:
    """The pages a meeting that moved was on, or may have changed because it left (`was`: the
    archive before), and those it is on now, or may have changed because it came: those listing
    it, those of the whole archive, those of the meetings `linked` to it or whose neighbours or
    approvals changed, and every year's page of its organisations and topics that were split
    by year and no longer are, or the other way round (the pages of a year without it, or with
    it alone, list it). Some are not pages of both (see Planner.has_page).
    Without `before`, it was not published; without `after`, it no longer is."""
    left = [*was.archive_pages(), *(was.pages_listing(before) if before is not None else ())]
    joined = [*now.archive_pages(), *(now.pages_listing(after) if after is not None else ())]
    if list(was.archive.by_year) != list(now.archive.by_year):  # each shows the years around
        joined += [PageRef("year", (year,)) for year in now.archive.by_year]
    joined += [PageRef("meeting", (meeting_id,)) for meeting_id in linked]
    related = (
        (was.archive.previous, now.archive.previous),
        (was.archive.next, now.archive.next),
        (was.archive.approved_by, now.archive.approved_by),
        (was.archive.approves, now.archive.approves),
    )
    for old, new in related:
        for meeting_id in old.keys() | new.keys():
            if old.get(meeting_id) != new.get(meeting_id):
                ref = PageRef("meeting", (meeting_id,))
                (joined if now.has_page(ref) else left).append(ref)
    organisations: set[OrganisationSlug] = set()
    topics: set[TopicSlug] = set()
    for meeting in (m for m in (before, after) if m is not None):
        organisations |= {meeting.organisation, *attendances(meeting)}
        topics |= set(meeting.all_topics())
    for ref in [
        *(PageRef("organisation", (slug,)) for slug in organisations),
        *(PageRef("topic", (slug,)) for slug in topics),
    ]:
        kept = was.has_page(ref) and now.has_page(ref)
        if kept and was.shows_counts_only(ref) == now.shows_counts_only(ref):
            continue  # the same pages by year, but for the meeting's years: listing it, above
        left += was.split_pages(ref) if was.has_page(ref) else []
        joined += now.split_pages(ref) if now.has_page(ref) else []
    return left, [ref for ref in joined if now.has_page(ref)]


def _shares_a_page(lists: Lists, read: Callable[[MeetingId], Meeting], meeting: Meeting) -> bool:
    """Does another meeting of the day have the page name of one that moved to it (an error:
    see indexes._collisions)? `read`: a meeting by its id."""
    day = lists.by_year.get(meeting.date.year, ())
    return any(
        read(i).page_name == meeting.page_name
        for i in day
        if i != meeting.id and lists.dates[i] == meeting.date
    )


def _keep_lists(store: cache.Store, outline: Outline, lists: Callable[[], Lists]) -> Outline:
    """Keep the lists of the outline's archive, after what they are made from, which is all
    that is read to find that those kept already are the same (0.3 s a full build saved at
    10,000 meetings, when a template or stylesheet changed); the outline, to be kept next,
    names them. (A quick build of an edit to the text keeps both names and lists.)"""
    name, made_from = lists_name(outline.output), lists_made_from(outline)
    if store.load(name) != made_from:
        store.save(name, made_from, lists())
    return replace(outline, lists=made_from)


def _reader(
    store: cache.Store,
    named: Callable[[str, str], str],
    outline: Outline,
    texts: dict[str, str],
) -> Callable[[MeetingId, str], Meeting]:
    """Reads a published meeting from the cache (without its text: its cache name goes in
    `texts`, for check.Texts to read its text from when its page is made)."""

    def read(_: MeetingId, source: str) -> Meeting:
        name = named(source, outline.digests.get(source, ""))
        parsed = cached_meeting(store, name)
        if parsed is None or parsed.meeting is None:
            raise _NotQuick  # deleted from the cache (or damaged) since: a full build reads it
        if parsed.apart:
            texts[source] = name
        return parsed.meeting

    return read


def _copies(
    site_root: Path, snapshot: Snapshot, last: Outline
) -> tuple[dict[str, tuple[str, Stamp | None]], dict[str, Path]] | None:
    """The files copied as they are, with their stamps now, and those to copy again (output →
    source) because their bytes may have changed; None if one cannot be copied without the
    checks of a full build."""
    stamps = snapshot.stamps()
    copied = {source: (out, stamps.get(source)) for source, (out, _) in last.copied.items()}
    if any(stamp is None for _, stamp in copied.values()):
        return None  # a file the snapshot does not see (in a hidden folder): did it change?
    again = {
        out: site_root / source
        for source, (out, stamp) in copied.items()
        if stamp != last.copied[source][1]
    }
    if any(source.is_symlink() for source in again.values()):
        return None  # where a link leads is checked by the full build (documents stay in content/)
    return copied, again


@dataclass(frozen=True, slots=True)
class _Reread:
    """The changed meeting files, read again."""

    meetings: dict[MeetingId, Meeting]
    gone: list[Diagnostic]  # their problems as they were
    found: list[Diagnostic]  # … and as they are
    listings: dict[str, str]  # file → what lists show of it now
    summaries: dict[str, str]  # … and what every list shows of it (Parsed.summary)
    # (before, after) of each published meeting whose listing, summary or attendance changed
    relisted: list[tuple[Meeting, Meeting]]
    resummarised: list[tuple[Meeting, Meeting]]  # … those of them whose summary changed
    placings: dict[str, str] = field(default_factory=dict)  # file → where it is now
    # (before, after) of a meeting whose placing changed (see _movable): None before if it
    # was not published, after if it no longer is
    moved: list[tuple[Meeting | None, Meeting | None]] = field(default_factory=list)
    drafts: frozenset[str] = frozenset()  # the files of drafts now
    links: dict[str, tuple[str, ...]] = field(default_factory=dict)  # see Outline.links


def _reread(
    store: cache.Store,
    state: LoadState,
    named: Callable[[str, str], str],
    last: Outline,
    changed: Sequence[str],
    digests: Mapping[str, str],
    *,
    drafts: bool,
) -> _Reread | None:
    """The changed meeting files (new, edited or deleted: not in `digests`) read again, and
    kept in the cache for any build to use; None if one cannot be read at all, or its last
    reading (or that of a file linking to it) is not in the cache, or if its placing changed in
    a way a quick build does not follow (see _movable). `drafts`: drafts are published (build
    --drafts)."""
    files = [
        (
            name,
            cached_meeting(store, named(name, last.digests[name]))
            if name in last.digests
            else None,
        )
        for name in changed
    ]
    again = [
        reread_meeting(store, state, name, named(name, digests[name])) if name in digests else None
        for name in changed
    ]
    draft_files = set(last.drafts) - set(changed)
    links = {source: targets for source, targets in last.links.items() if source not in changed}
    for (name, _), now in zip(files, again, strict=True):
        meeting = now.meeting if now is not None else None
        if meeting is not None and meeting.status is Status.DRAFT:
            draft_files.add(name)
        if meeting is not None and meeting.links:
            links[name] = links_of(meeting)
    reread = _Reread({}, [], [], {}, {}, [], [], drafts=frozenset(draft_files), links=links)
    today, files_then, files_now = build_date(), set(last.digests), set(digests)

    def in_context(meeting: Meeting, now: bool) -> list[Diagnostic]:
        """The checks of the whole site that point into a meeting's file, as the files were
        at the last build, or as they are `now`."""
        if now:
            return problems_in_context(meeting, files_now, reread.drafts, today)
        return problems_in_context(meeting, files_then, last.drafts, today)

    for (name, before), now in zip(files, again, strict=True):
        if (before is None and name in last.digests) or (now is None and name in digests):
            return None  # its last reading is not in the cache, or it cannot be read now
        was = before.meeting if before is not None else None
        meeting = now.meeting if now is not None else None
        if (before is not None and was is None) or (now is not None and meeting is None):
            return None  # it could not be parsed, or cannot now: the full build says why
        placing = now.placing if now is not None else None
        moving = placing != last.placings.get(name)
        if moving and not _movable(was, meeting):
            return None
        # The file's own problems, and the checks of the whole site that point into it (the
        # others point at other files, or at what the placing holds, or at whether it is a
        # draft or there at all: see below).
        if before is not None and was is not None:
            reread.gone.extend([*before.diagnostics, *before.reviews])
            reread.gone.extend(in_context(was, False))
        if now is not None and meeting is not None:
            reread.found.extend([*now.diagnostics, *now.reviews])
            reread.found.extend(in_context(meeting, True))
            reread.meetings[meeting.id] = meeting
            reread.listings[name] = now.listing
            reread.summaries[name] = now.summary
            reread.placings[name] = now.placing
        published = (
            was is not None and was.id in last.sources,
            meeting is not None and meeting.is_published(drafts=drafts),
        )
        if published == (False, False):
            continue  # on no page
        if moving:
            reread.moved.append((was if published[0] else None, meeting if published[1] else None))
            continue
        assert was is not None and meeting is not None and now is not None
        pair = (was, meeting)
        attended = attendances(was) != attendances(meeting)
        summarised = now.summary != last.summaries[name]
        if now.listing != last.listings[name] or attended or summarised:
            reread.relisted.append(pair)
        if summarised:
            reread.resummarised.append(pair)
    if reread.moved and len(changed) > 1:
        renamed = _renamed(reread.moved) if len(changed) == 2 else None
        if renamed is None:
            return None  # one at a time (a full build is not much slower than many)
        reread.moved[:] = [renamed]
    touched = (last.drafts ^ reread.drafts) | (files_then ^ files_now)
    if not _rechecked(store, named, reread, changed, digests, touched, in_context):
        return None
    return reread


def _renamed(
    moved: Sequence[tuple[Meeting | None, Meeting | None]],
) -> tuple[Meeting, Meeting] | None:
    """A meeting file renamed, or moved to another folder: its meeting left with one file and
    came with the other (its id is its body, date and page name, not its file's name). One
    move, where two are left to a full build (at 10,000 meetings, 1 s in serve and 2 s from
    the command line, against 0.34 s in serve for the move)."""
    if len(moved) != 2:
        return None
    gone = next((before for before, after in moved if after is None), None)
    came = next((after for before, after in moved if before is None), None)
    if gone is None or came is None or gone.id != came.id:
        return None
    return gone, came


def _rechecked(
    store: cache.Store,
    named: Callable[[str, str], str],
    reread: _Reread,
    changed: Sequence[str],
    digests: Mapping[str, str],
    touched: AbstractSet[str],
    in_context: Callable[[Meeting, bool], list[Diagnostic]],
) -> bool:
    """`reread` with the problems of the other files whose links point at a `touched` file (new,
    deleted, or a draft now and was not, or the other way round): the linking file says
    whether a link leads to a file, and to a draft (see check.link_problems). False if the
    last reading of one is not in the cache."""
    for source, targets in reread.links.items():
        if source in changed or touched.isdisjoint(targets):
            continue
        parsed = cached_meeting(store, named(source, digests[source]))
        if parsed is None or parsed.meeting is None:
            return False
        reread.gone.extend(in_context(parsed.meeting, False))
        reread.found.extend(in_context(parsed.meeting, True))
    return True


def _movable(before: Meeting | None, after: Meeting | None) -> bool:
    """Can a quick build follow a meeting whose placing changed (see outline.moved), or that is
    new or deleted? Not if it has documents (they are published beside its page)."""
    return not any(meeting.documents for meeting in (before, after) if meeting is not None)


def _write_pages(
    output: Path,
    pages: Planner,
    dirs: Sequence[Path],
    refs: Sequence[PageRef],
    recopied: Mapping[str, Path],
    manifest: Stamp,
    removed: AbstractSet[str] = frozenset(),
    *,
    own: bool = False,
) -> WriteReport:
    """The pages of `refs` and the files of `recopied` (output → source), without the files of
    `removed`, with every other file of the output kept as the last build left it (_NotQuick if
    one is not: another build wrote since, or a file was deleted or edited). `own`: the
    output is this process's alone (serve's, in the cache folder), and no file of it is looked
    at: a stat of each of 11,800 files took 50 ms of every save's 0.5 s at 10,000 meetings."""
    with output_lock(output), Writer(output) as writer:
        if _manifest_stamp(output) != manifest:
            raise _NotQuick
        remade = {pages.output(ref) for ref in refs} | set(recopied)
        for name in list(writer.previous):
            if name not in remade and name not in removed and not writer.keep(name, look=not own):
                raise _NotQuick
        for page in render.render_all(pages, dirs, refs, 1, writer.stage):
            writer.record(page)
        for name, source in sorted(recopied.items()):
            writer.add(name, source.read_bytes())
        return writer.commit()


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
) -> BuildReport:
    """RENDER and WRITE: nothing reaches the output folder unless every file was made.
    (`meeting_pages`: see render.render_all.)

    A page whose fingerprint (theme, config, vocabulary and the meetings it is made from) is
    the one recorded when its file was last written is kept as it is, without rendering.
    """
    created = not output.exists()
    try:
        with output_lock(output), Writer(output) as writer:
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
    common: str  # the theme, the config, the flags: every page depends on these
    # meeting file → where it is in the archive: where a link to that file leads, and whether
    # it is published, depend on nothing else
    placings: Mapping[str, str]
    everything: Callable[[], str]  # every meeting's placing (worked out once, if asked for)
    vocabulary: str  # the names of every organisation and topic
    today: dt.date
    previous: Mapping[str, str]
    store: cache.Store
    # Keys are kept per output folder (the preview and the published site differ).
    output: str = ""
    stored: Mapping[str, Any] = field(default_factory=dict)
    digests: Mapping[str, str] = field(default_factory=dict)  # meeting file → its digest
    sources: Mapping[MeetingId, str] = field(default_factory=dict)  # published meeting → file
    listing_tokens: Mapping[MeetingId, str] = field(default_factory=dict)
    summary_tokens: Mapping[MeetingId, str] = field(default_factory=dict)
    names: Mapping[MeetingId, str] = field(default_factory=dict)  # see UnlistedNames.written

    @classmethod
    def of(
        cls,
        site: Site,
        planner: Planner,
        dirs: Sequence[Path],
        options: BuildOptions,
        output: Path,
        names: UnlistedNames,
    ) -> Fingerprints:
        """(Without reading any meeting: a quick build holds few of them, see outline.py.)"""
        archive = planner.archive
        common = cache.digest_of(
            cache.FORMAT,
            render.theme_digest(dirs),  # the templates and the words they show
            archive.config,  # with the organisations and topics it lists
            options.drafts,
        )
        store = options.store or cache.Store(site.root, enabled=False)
        sources = {meeting_id: source for source, meeting_id in archive.by_source.items()}
        # The pages of the whole archive show where each meeting is (see check.placing_digest),
        # and more only of a few (Planner.shown_in_full); some show every name and what day it
        # is (Planner.shows_every_name, shows_today).
        placings = site.placings
        everything = functools.cache(
            lambda: cache.digest_of([(i, placings[s]) for i, s in sources.items()])
        )
        vocabulary = cache.digest_of(
            # (not where a name was first written in a meeting: no page shows that)
            [unplaced(entry) for entry in archive.organisations.values()],
            [unplaced(entry) for entry in archive.topics.values()],
        )
        loaded = store.load(PAGES_CACHE)
        stored = loaded if isinstance(loaded, dict) else {}
        where = str(output.resolve())
        # The keys hold while the output is what the build that kept them left: a build that
        # kept none (--no-cache, or an older Minutebook) may have written other pages since.
        mine = stored.get(where)
        previous = {}
        if isinstance(mine, tuple) and mine[:2] == (common, _manifest_stamp(output)):
            previous = mine[2]
        return cls(
            site.root,
            planner,
            common,
            site.placings,
            everything,
            vocabulary,
            archive.build_date,
            previous,
            store,
            where,
            stored,
            site.digests,
            sources,
            _Tokens(sources, site.listings, names.listed),
            _Tokens(sources, site.summaries, names.listed),
            names.written,
        )

    def key(self, ref: PageRef) -> str:
        planner = self.planner
        if planner.shows_counts_only(ref):
            counts, around = planner.counts_shown(ref), planner.shown_around(ref)
            return cache.digest_of(
                self.common, ref.kind, ref.args, counts, around, self._subject(ref)
            )
        inputs = planner.inputs(ref)
        if inputs is None:
            shown = [self.summary_tokens[i] for i in planner.shown_in_full(ref)]
            names = self.vocabulary if planner.shows_every_name(ref) else ""
            today = self.today if planner.shows_today(ref) else None
            return cache.digest_of(
                self.common, ref.kind, ref.args, self.everything(), shown, names, today
            )
        # Thousands of meetings feed a topic's or an organisation's pages: joined as text and
        # hashed once, rather than written out as a list. Only a meeting's own page shows its
        # text; most others show only its summary, so that a change to the text, or to who
        # attended, remakes few pages.
        listed = self.listing_tokens if ref.kind in LISTING_IN_FULL else self.summary_tokens
        shown = [self._meeting_token(ref.args[0])] if ref.kind == "meeting" else []
        hasher = hashlib.sha256("".join([*shown, *(listed[i] for i in inputs)]).encode())
        if people := planner.attendances_on(ref):  # (names hold no control characters)
            hasher.update("\x1e".join("\x1f".join(a.people) for a in people).encode())
        linked = [(f, self.placings.get(f)) for f in planner.linked_files(ref)]
        around = planner.shown_around(ref)
        subject = self._subject(ref)
        return cache.digest_of(
            self.common, ref.kind, ref.args, hasher.hexdigest(), linked, around, subject
        )

    def _subject(self, ref: PageRef) -> Organisation | Topic | None:
        """The organisation or topic a page is about, as the archive spells it (see
        UnlistedNames): the meetings it lists may not show its name."""
        archive, kind = self.planner.archive, ref.kind
        if kind in {"organisation", "organisation_year"}:
            return unplaced(archive.organisations[ref.args[0]])
        if kind in {"topic", "topic_year"}:
            return unplaced(archive.topics[ref.args[0]])
        return None

    def _meeting_token(self, meeting_id: MeetingId) -> str:
        """A meeting in full: its id, its file's name (its page links to it, with repo_url), its
        file's content, and the names it writes that the config does not list."""
        source = self.sources[meeting_id]
        token = cache.digest_of(meeting_id, source, self.digests[source])[:16]
        return token + self.names.get(meeting_id, "")

    def save(self, keys: Mapping[str, str]) -> None:
        """Keep the keys of the pages in the output, once it is written."""
        mine = (self.common, _manifest_stamp(Path(self.output)), dict(keys))
        if self.stored.get(self.output) != mine:
            stored = {k: v for k, v in self.stored.items() if Path(k).is_dir()}
            stored[self.output] = mine
            self.store.save(PAGES_CACHE, stored)


class _Tokens(dict[MeetingId, str]):
    """A meeting in a list: what lists show of it, or its summary (each holds its id and file
    name too), with the names it writes that the config does not list that lists show. 64 bits
    of each: hashed again for every page that lists the meeting (680,000 times at 10,000
    meetings). Each worked out when first asked for: a quick build asks for a few hundred."""

    def __init__(
        self,
        sources: Mapping[MeetingId, str],
        digests: Mapping[str, str],
        names: Mapping[MeetingId, str],
    ) -> None:
        super().__init__()
        self.sources, self.digests, self.names = sources, digests, names

    def __missing__(self, meeting_id: MeetingId) -> str:
        token = self.digests[self.sources[meeting_id]][:16] + self.names.get(meeting_id, "")
        self[meeting_id] = token
        return token


@dataclass(frozen=True, slots=True)
class UnlistedNames:
    """The names each published meeting writes that the config does not list (organisations,
    topics), as 64 bits of a digest of their entries as the archive holds them. An entry is
    spelled as the first meeting to write it spelled it, so a page showing such a name depends
    on every meeting that writes it: with these in the keys of the pages showing a meeting, a
    name new to the archive remakes the pages showing it, and not every page of the site (the
    config's names are in every key). (From the archive's skeleton: see outline.py.)"""

    written: Mapping[MeetingId, str]  # all of them: the meeting's own page shows them
    # Those that a list of the meeting shows: its body's (the lists name it) and its topics'
    # (an organisation's page names the topics of its meetings). Not the organisations that
    # attended it: only their own pages name them, and those are keyed by them (see
    # Fingerprints.key), so a guest from a body new to the archive remakes no list.
    listed: Mapping[MeetingId, str]


def unlisted_names(archive: Archive) -> UnlistedNames:
    organisations, topics = archive.organisations, archive.topics
    written: dict[MeetingId, str] = {}
    listed: dict[MeetingId, str] = {}
    for meeting_id, (bodies, subjects) in archive.unlisted.items():
        named = [organisations[entry.slug] for entry in bodies]
        filed = [topics[entry.slug] for entry in subjects]
        written[meeting_id] = cache.digest_of(named, filed)[:16]
        body = [entry for entry in named if entry.slug == body_of(meeting_id)]
        if body or filed:
            shown = [*map(unplaced, body), *map(unplaced, filed)]
            listed[meeting_id] = cache.digest_of(shown)[:16]
    return UnlistedNames(written, listed)


def _manifest_stamp(output: Path) -> Stamp | None:
    """The output's manifest, rewritten by every build that changes a file of the output."""
    try:
        return Stamp.of((output / MANIFEST).stat())
    except OSError:
        return None
