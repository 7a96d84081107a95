"""LOAD: find the meeting files, read them, and split the front matter from the body.

Reading is the only IO here; splitting works on text, so tests never need the disk.
"""

from __future__ import annotations

import codecs
import hashlib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, NamedTuple

from minutebook.core.diagnostics import Diagnostic, SourceSpan, error, warning

CONTENT_DIR = "content"
MEETING_SUFFIX = ".md"
MIB = 1024 * 1024
MAX_BYTES = 5 * MIB  # the default of `max_file_size` in minutebook.yaml
FENCES = ("---",)
# Timestamps are only as fine as the filesystem's clock tick (2 s on FAT) and that clock may lag
# ours: a file changed this close to when it was hashed could change again, same size, without
# its stamp changing ("racy git"). Such a file is hashed again next time.
RACY_NS = 2_000_000_000


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A meeting file as read: its text split into front matter and body, with file lines."""

    path: str  # relative to the site root, posix
    digest: str
    front_matter: str
    front_matter_line: int  # file line of the front matter's first line (1-based)
    body: str
    body_line: int  # file line of the body's first line (1-based)


def is_meeting_file(relative: Path) -> bool:
    """Markdown files, but not editor backups, hidden files or `_`-prefixed notes.

    `relative` is the path below content/: only those folders' names count, so a site that
    lives under a hidden folder of its own (~/.sites/minutes) still finds its meetings.
    """
    return is_meeting_name(relative.name) and not any(
        is_ignored_folder(part) for part in relative.parts[:-1]
    )


def is_meeting_name(name: str) -> bool:
    return name.endswith(MEETING_SUFFIX) and not name.startswith((".", "_", "#"))


def is_ignored_folder(name: str) -> bool:
    return name.startswith((".", "_"))


def leads_out(path: Path, folder: Path) -> bool:
    """Does `path`, once every link is followed, lie outside `folder` (a resolved path) or in
    one of its hidden folders? Then publishing it could publish what was never meant to be."""
    resolved = path.resolve()
    if not resolved.is_relative_to(folder):
        return True
    return any(part.startswith(".") for part in resolved.relative_to(folder).parts)


class ContentFiles(NamedTuple):
    """What content/ holds: the meeting files, every other file, and the problems found."""

    meetings: list[Path]  # sorted, so that builds are reproducible
    others: frozenset[str]  # every other file but hidden ones, relative to the site root, posix
    problems: list[Diagnostic]


def discover(site_root: Path) -> tuple[list[Path], list[Diagnostic]]:
    """Every meeting file under content/, sorted so that builds are reproducible."""
    found = content_files(site_root)
    return found.meetings, found.problems


def content_files(site_root: Path) -> ContentFiles:
    """Every meeting file under content/, and the names of the other files (the documents, and
    any file a link in the minutes may name: see archive/links.py).

    Links are never followed out of content/: a link to a meeting file elsewhere, or to any
    folder, is reported (links to folders are not followed at all, so nothing is found twice
    and no loop is possible); a link to a meeting file inside content/ is read as the file.
    """
    content = site_root / CONTENT_DIR
    if not content.is_dir():
        return ContentFiles([], frozenset(), [])
    inside = content.resolve()
    found: list[tuple[str, str]] = []
    others: list[str] = []
    problems: list[Diagnostic] = []
    folders = [os.fspath(content)]
    # (Paths as strings until the end: tens of thousands of pathlib objects take a tenth of a
    # second, which `serve` would pay after every save.)
    while folders:  # os.scandir: a folder's entries come with their types, one call a folder
        with os.scandir(folders.pop()) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if not is_ignored_folder(entry.name):
                    folders.append(entry.path)
            elif entry.is_symlink() and entry.is_dir():  # a link to a folder: never followed
                if not is_ignored_folder(entry.name):
                    problems.append(_folder_link(site_root, Path(entry.path), inside))
            elif not is_meeting_name(entry.name):
                if not entry.name.startswith("."):
                    others.append(entry.path)
            elif entry.is_symlink() and leads_out(Path(entry.path), inside):
                problems.append(
                    error(
                        SourceSpan(relative_name(site_root, Path(entry.path))),
                        "this meeting file is a link to a file outside the content folder; "
                        "Minutebook does not follow links out of content/",
                        "copy the file into content/ instead of linking to it",
                    )
                )
            elif entry.is_file():
                # (By name with '/' between folders, as the files are named in messages.)
                found.append((entry.path.replace(os.sep, "/"), entry.path))
    named = frozenset(relative_name(site_root, Path(path)) for path in others)
    return ContentFiles([Path(path) for _, path in sorted(found)], named, problems)


def relative_name(site_root: Path, path: Path) -> str:
    """`path` below the site root, with '/' between folders: the name used in every message.
    By string (tens of thousands of files: pathlib's relative_to takes a second)."""
    root, full = os.fspath(site_root), os.fspath(path)
    if full.startswith(root + os.sep):
        return full[len(root) + 1 :].replace(os.sep, "/")
    if root == os.curdir and not path.is_absolute() and not full.startswith(os.pardir):
        return full.replace(os.sep, "/")  # `minutebook build` in the site folder: site root "."
    return path.relative_to(site_root).as_posix()


def _folder_link(site_root: Path, path: Path, inside: Path) -> Diagnostic:
    span = SourceSpan(path.relative_to(site_root).as_posix())
    if leads_out(path, inside):
        return error(
            span,
            "this folder is a link to a folder outside the content folder; Minutebook does "
            "not follow links out of content/",
            "copy the meetings into content/ instead of linking to their folder",
        )
    return warning(
        span,
        "this folder is a link; Minutebook does not follow links to folders, so the meetings "
        "are read only from the folder it links to",
        "delete the link, or move its folder here if its name starts with '.' or '_'",
    )


def file_digest(path: Path, max_bytes: int = MAX_BYTES) -> str:
    """A digest of the file's size and of its first `max_bytes` + 1 bytes: enough to notice any
    change to a file that can be read, without ever loading a huge one."""
    with path.open("rb") as file:
        data, size = read_head(file, max_bytes)
    return hashlib.sha256(str(size).encode() + b"\0" + data).hexdigest()


def read_head(file: BinaryIO, max_bytes: int) -> tuple[bytes, int]:
    """The first `max_bytes` + 1 bytes of an open file (all of it, if smaller), and its size.

    Asked for what the file holds plus one byte, not for `max_bytes` + 1: Python makes a buffer
    of the size asked for, and making and freeing 4 MiB for each file read was half the time of
    reading (and hashing) 10,000 meeting files."""
    size = os.fstat(file.fileno()).st_size
    data = file.read(min(size, max_bytes) + 1)
    if len(data) > size:  # it grew since, or its file system does not tell sizes: read on
        data += file.read(max_bytes + 1 - len(data))  # (it read at most size + 1 <= max_bytes + 1)
    return data, max(size, len(data))


class Stamp(NamedTuple):
    """What stat says about a file. A write changes the change time (ctime), which, unlike the
    modification time, cannot be set back; an editor that saves by renaming changes the inode."""

    size: int
    mtime_ns: int
    ino: int
    ctime_ns: int

    @classmethod
    def of(cls, status: os.stat_result) -> Stamp:
        return cls(status.st_size, status.st_mtime_ns, status.st_ino, status.st_ctime_ns)


class Hashed(NamedTuple):
    """A file's digest, with its stamp just before it was read and when that was (wall clock)."""

    stamp: Stamp
    hashed_ns: int
    digest: str


def stamp_of(path: Path) -> Stamp:
    return Stamp.of(path.stat())  # follows a link, as reading does


def is_still_valid(known: Hashed, stamp: Stamp) -> bool:
    """May `known` stand for the file without reading it? Only if nothing stat shows has changed
    and both its times were already safely in the past when it was hashed."""
    return known.stamp == stamp and max(stamp.mtime_ns, stamp.ctime_ns) < known.hashed_ns - RACY_NS


def digest_files(
    site_root: Path,
    paths: Sequence[Path],
    max_bytes: int,
    known: Mapping[str, Hashed],
    now_ns: int,
    stamps: Mapping[str, Stamp] | None = None,
) -> dict[str, Hashed]:
    """`file_digest` of every path, by path relative to the root, reading only the files whose
    stamps no longer vouch for what `known` holds. `now_ns` is taken before any file is looked at;
    `stamps` (by relative path), if given, were taken before that.
    """
    hashed: dict[str, Hashed] = {}
    stamps = stamps or {}
    for path in paths:
        relative = relative_name(site_root, path)
        # before reading: a write in between shows up next time
        stamp = stamps.get(relative) or stamp_of(path)
        previous = known.get(relative)
        if previous is not None and is_still_valid(previous, stamp):
            hashed[relative] = previous
        else:
            hashed[relative] = Hashed(stamp, now_ns, file_digest(path, max_bytes))
    return hashed


def read_source(
    site_root: Path, path: Path, max_bytes: int = MAX_BYTES
) -> tuple[SourceFile | None, list[Diagnostic]]:
    relative = relative_name(site_root, path)
    with path.open("rb") as file:
        data, size = read_head(file, max_bytes)  # never more: a huge file is refused, not loaded
    if size > max_bytes:
        return None, [
            error(
                SourceSpan(relative),
                f"the file is {size // 1024} KiB; meeting files may be at most "
                f"{max_bytes // MIB} MiB",
                "move large material into a document (documents: - file: …) and link it, "
                "or raise max_file_size in minutebook.yaml",
            )
        ]
    return split_source(relative, data)


def decode(relative: str, data: bytes) -> tuple[str | None, list[Diagnostic]]:
    diagnostics: list[Diagnostic] = []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None, [
            error(
                SourceSpan(relative, 1, 1),
                "the file is saved as UTF-16 text, not UTF-8",
                "save the file as UTF-8 in your editor (often 'Save with encoding' → UTF-8)",
            )
        ]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            error(
                SourceSpan(relative, line, column),
                f"the file is not valid UTF-8 text (byte {exc.start} is 0x{data[exc.start]:02x})",
                "save the file as UTF-8 in your editor (often 'Save with encoding' → UTF-8)",
            )
        ]
    if text.startswith("\ufeff"):
        text = text[1:]  # a byte-order mark is harmless: Windows editors add it
    return text.replace("\r\n", "\n").replace("\r", "\n"), diagnostics


def split_source(relative: str, data: bytes) -> tuple[SourceFile | None, list[Diagnostic]]:
    text, diagnostics = decode(relative, data)
    if text is None:
        return None, diagnostics
    lines = text.split("\n")
    first = _first_content_line(lines)
    if first is None or lines[first].rstrip() not in FENCES:
        return None, [_missing_front_matter(relative, lines, first)]
    if first > 0:
        diagnostics.append(
            warning(
                SourceSpan(relative, first + 1),
                "there are blank lines before the opening '---'",
                "start the file with the '---' line",
            )
        )
    close = next((i for i in range(first + 1, len(lines)) if lines[i].rstrip() in FENCES), None)
    if close is None:
        return None, [
            error(
                SourceSpan(relative, first + 1, 1),
                "the front matter is opened with '---' but never closed",
                "add a line with just '---' after the last field, before the minutes' text",
            )
        ]
    return (
        SourceFile(
            path=relative,
            digest=hashlib.sha256(data).hexdigest(),
            front_matter="\n".join(lines[first + 1 : close]),
            front_matter_line=first + 2,
            body="\n".join(lines[close + 1 :]),
            body_line=close + 2,
        ),
        diagnostics,
    )


def _first_content_line(lines: list[str]) -> int | None:
    return next((i for i, line in enumerate(lines) if line.strip()), None)


def _missing_front_matter(relative: str, lines: list[str], first: int | None) -> Diagnostic:
    line = (first or 0) + 1
    return error(
        SourceSpan(relative, line, 1),
        "the file does not start with front matter (a '---' line, the fields, then '---')",
        "begin the file with:\n    ---\n    organisation: <the body that met>\n"
        "    date: YYYY-MM-DD\n    ---",
    )
