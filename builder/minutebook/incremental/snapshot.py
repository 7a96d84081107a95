"""What a build reads, by name and stamp, taken before it reads anything; and the record of the
last build, so that a build with nothing changed since reads no file at all.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from minutebook.core import cache
from minutebook.output import render
from minutebook.output.options import BuildOptions, BuildReport, output_folder
from minutebook.output.write import MANIFEST, STAGING
from minutebook.reading.config import CONFIG_NAME
from minutebook.reading.loading import build_date, load_config
from minutebook.reading.sources import CONTENT_DIR, Stamp

LAST_BUILD_CACHE = "last-build.pickle"


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
        follows a meeting file added or deleted, see reread_changed.)"""
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


def take_snapshot(options: BuildOptions) -> Snapshot | None:
    """None without a cache (nothing to compare with) or a config (nothing to build)."""
    if options.store is None or not options.store.enabled:
        return None
    config, _ = load_config(options.site_root)
    if config is None:
        return None
    output = output_folder(options, config)
    site = options.site_root
    found = [*file_stamps(site / CONFIG_NAME), *file_stamps(site / CONTENT_DIR)]
    for root in (site / "themes", render.bundled_themes()):
        found += file_stamps(root, static_at=1)  # themes/<theme>/static/
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


def file_stamps(root: Path, *, static_at: int | None = None) -> list[tuple[str, Stamp]]:
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


def output_stamp(output: Path) -> str:
    """What the output folder holds now: a file deleted or edited by hand is noticed."""
    manifest = output / MANIFEST
    extra = file_stamps(manifest) if manifest.is_file() else []
    return cache.digest_of(file_stamps(output, static_at=0), extra)


def unchanged_since_last_build(options: BuildOptions, snapshot: Snapshot) -> BuildReport | None:
    """The last build's report when nothing it read or wrote has changed since (a no-op
    rebuild of 10,000 meetings then reads no file)."""
    assert options.store is not None
    output = snapshot.output
    last = options.store.load(LAST_BUILD_CACHE)
    if (
        isinstance(last, dict)
        and not (output / STAGING).exists()  # an interrupted commit is finished by a real build
        and last.get("sources") == snapshot.digest()
        and last.get("output") == output_stamp(output)
        and isinstance(last.get("report"), BuildReport)
    ):
        report: BuildReport = last["report"]
        files = report.written + report.unchanged
        return replace(report, written=0, unchanged=files, removed=0)
    return None


def remember_build(options: BuildOptions, snapshot: Snapshot, report: BuildReport) -> None:
    """Keep the build's report with the snapshot taken before it read anything: a file saved
    while it built has another stamp since, and the next build looks again."""
    output = snapshot.output
    record = {"sources": snapshot.digest(), "output": output_stamp(output), "report": report}
    assert options.store is not None
    options.store.save(LAST_BUILD_CACHE, record)


def manifest_stamp(output: Path) -> Stamp | None:
    """The output's manifest, rewritten by every build that changes a file of the output."""
    try:
        return Stamp.of((output / MANIFEST).stat())
    except OSError:
        return None
