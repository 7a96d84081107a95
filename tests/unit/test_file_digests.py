"""Meeting files are read again only when stat says they may have changed.

A rebuild takes each unchanged file's digest from `.minutebook-cache/` instead of reading it. It
must still notice every edit: one that keeps the size and sets the modification time back, one
saved twice within one tick of the file system's clock, and a file replaced by another.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from conftest import build_site, make_site
from minutebook.reading import sources

MEETINGS = """
-- content/shp/2011-02-15.md --
---
organisation: Safer Halton Partnership
date: 2011-02-15
present:
  - David Parr
---

## 1. Welcome
-- content/shp/2011-03-15.md --
---
organisation: Safer Halton Partnership
date: 2011-03-15
present:
  - David Parr
---

## 1. Welcome
-- content/shp/2011-04-15.md --
---
organisation: Safer Halton Partnership
date: 2011-04-15
---

## 1. Welcome
"""
EDITED = "content/shp/2011-02-15.md"
PAGE = "output/meetings/2011/02/15/safer-halton-partnership/index.html"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path, MEETINGS)


@pytest.fixture
def an_hour_later(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Builds that run an hour after the files were written: no file is still 'just saved'."""
    later = time.time_ns() + 3600 * 10**9
    monkeypatch.setattr("minutebook.reading.loading.time_ns", lambda: later)


@pytest.fixture
def just_written(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Builds that run the moment the files were written, however slow the machine."""
    now = time.time_ns()
    monkeypatch.setattr("minutebook.reading.loading.time_ns", lambda: now)


@pytest.fixture
def change_time_stands_still(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every save in the test falls within one tick of the file system's clock (2 s on FAT, and a
    few ms elsewhere): a file's change time stays what it was when first looked at, so a save
    that keeps the size and sets the modification time back leaves its stamp as it was."""
    real = sources.stamp_of
    first: dict[Path, int] = {}

    def ticking_slowly(path: Path) -> sources.Stamp:
        stamp = real(path)
        return stamp._replace(ctime_ns=first.setdefault(path, stamp.ctime_ns))

    monkeypatch.setattr(sources, "stamp_of", ticking_slowly)


@pytest.fixture
def digested(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The name of every file read to compute its digest."""
    names: list[str] = []
    real = sources.file_digest

    def counting(path: Path, max_bytes: int = sources.MAX_BYTES) -> str:
        names.append(path.name)
        return real(path, max_bytes)

    monkeypatch.setattr(sources, "file_digest", counting)
    return names


def rewrite_keeping_size_and_mtime(path: Path, old: str, new: str) -> None:
    """Change the text in place (same inode), then set the modification time back."""
    assert len(old) == len(new)
    status = path.stat()
    path.write_text(path.read_text("utf-8").replace(old, new), encoding="utf-8")
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (status.st_size, status.st_mtime_ns)


def test_an_edit_that_keeps_the_size_and_the_modification_time_is_published(
    site: Path, an_hour_later: None
):
    """`cp -p`, `rsync -t` and `touch -r` set the modification time; the change time remains."""
    build_site(site)
    rewrite_keeping_size_and_mtime(site / EDITED, "David Parr", "Sarah Holt")
    report = build_site(site)
    assert report.published
    assert "Sarah Holt" in (site / PAGE).read_text("utf-8")


def test_a_second_save_in_the_same_clock_tick_is_noticed(
    site: Path, just_written: None, change_time_stands_still: None
):
    build_site(site)
    before = sources.stamp_of(site / EDITED)
    rewrite_keeping_size_and_mtime(site / EDITED, "David Parr", "Sarah Holt")
    assert sources.stamp_of(site / EDITED) == before
    report = build_site(site)
    assert report.published
    assert "Sarah Holt" in (site / PAGE).read_text("utf-8")


def test_a_file_just_given_an_old_modification_time_is_still_read_again(
    site: Path, just_written: None, change_time_stands_still: None
):
    """`cp -p` or `touch -d` give a file an old modification time, but its change time is the
    moment that was done: it is that which must be safely in the past."""
    path = site / EDITED
    os.utime(path, (978307200, 978307200))  # 2001-01-01
    build_site(site)
    rewrite_keeping_size_and_mtime(path, "David Parr", "Sarah Holt")
    report = build_site(site)
    assert report.published
    assert "Sarah Holt" in (site / PAGE).read_text("utf-8")


def test_a_file_replaced_by_another_of_the_same_size_and_time_is_noticed(
    site: Path, an_hour_later: None
):
    """Editors that save by writing a new file and renaming it give it a new inode."""
    build_site(site)
    path = site / EDITED
    status = path.stat()
    replacement = path.with_name("replacement.tmp")
    replacement.write_text(path.read_text("utf-8").replace("David Parr", "Sarah Holt"))
    os.utime(replacement, ns=(status.st_atime_ns, status.st_mtime_ns))
    replacement.replace(path)
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (status.st_size, status.st_mtime_ns)
    report = build_site(site)
    assert report.published
    assert "Sarah Holt" in (site / PAGE).read_text("utf-8")


def test_a_rebuild_reads_only_the_files_changed_since_the_last_build(
    site: Path, an_hour_later: None, digested: list[str]
):
    build_site(site)
    assert sorted(digested) == ["2011-02-15.md", "2011-03-15.md", "2011-04-15.md"]
    digested.clear()
    edited = site / EDITED
    edited.write_text(edited.read_text("utf-8") + "\nA line added after the meeting.\n")
    report = build_site(site)
    assert digested == ["2011-02-15.md"]
    assert report.written >= 1
    assert "A line added after the meeting." in (site / PAGE).read_text("utf-8")


def test_files_saved_just_before_a_build_are_read_again_by_the_next(
    site: Path, just_written: None, digested: list[str]
):
    build_site(site)
    digested.clear()
    edited = site / EDITED
    edited.write_text(edited.read_text("utf-8") + "\nA line added after the meeting.\n")
    build_site(site)
    assert sorted(digested) == ["2011-02-15.md", "2011-03-15.md", "2011-04-15.md"]


def test_deleting_the_cache_reads_every_file_again(
    site: Path, an_hour_later: None, digested: list[str]
):
    import shutil

    from minutebook.core.cache import CACHE_DIR

    build_site(site)
    shutil.rmtree(site / CACHE_DIR)
    digested.clear()
    rewrite_keeping_size_and_mtime(site / EDITED, "David Parr", "Sarah Holt")
    report = build_site(site)
    assert sorted(digested) == ["2011-02-15.md", "2011-03-15.md", "2011-04-15.md"]
    assert "Sarah Holt" in (site / PAGE).read_text("utf-8")
    assert report.published


def test_a_new_size_limit_reads_every_file_again(
    site: Path, an_hour_later: None, digested: list[str]
):
    """A digest covers the first max_file_size bytes: digests made for another limit are not
    reused."""
    build_site(site)
    digested.clear()
    config = site / "minutebook.yaml"
    config.write_text(config.read_text("utf-8") + "max_file_size: 6\n")
    assert build_site(site).published
    assert sorted(digested) == ["2011-02-15.md", "2011-03-15.md", "2011-04-15.md"]


@pytest.mark.parametrize("length", [0, 1, 9, 10, 11, 5000])
def test_a_file_is_read_up_to_one_byte_past_the_limit_whatever_its_size(
    tmp_path: Path, length: int
) -> None:
    path = tmp_path / "minutes.md"
    path.write_bytes(bytes(range(256)) * 20)
    path.write_bytes(path.read_bytes()[:length])
    with path.open("rb") as file:
        data, size = sources.read_head(file, 10)
    assert data == path.read_bytes()[:11]
    assert size == length


def test_a_file_whose_size_stat_does_not_tell_is_still_read_to_the_limit() -> None:
    # A pipe says it holds 0 bytes, as some file systems do of their files.
    reading, writing = os.pipe()
    os.write(writing, b"x" * 50)
    os.close(writing)
    with os.fdopen(reading, "rb") as file:
        data, size = sources.read_head(file, 20)
    assert data == b"x" * 21
    assert size == 21  # over the limit, so the file is refused
