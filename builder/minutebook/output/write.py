"""WRITE: put the new site in place all at once, and never touch what we did not write.

Files are staged inside the output folder, then moved into place only when every page has been
made. The move is a two-phase commit: once every file is staged, a journal listing the moves, the
stale files and the new manifest is written (the commit point); then the files are moved, stale
ones pruned and the manifest replaced. A build stopped before the commit point (an error, Ctrl-C,
a crash, SIGKILL) leaves the previous site as it was, plus a staging folder the next build
removes; one stopped after it is finished, from the journal, by the next build (or at once, for
an exception). Unchanged files are not rewritten; only files in our manifest are ever removed;
nothing is written through a link that leads out of the output folder; one build at a time holds
the output folder's lock.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from minutebook.core.diagnostics import Diagnostic, SourceSpan, error
from minutebook.reading.vocabulary import fold_case, portable_name_problem

MANIFEST = ".minutebook-manifest.json"
STAGING = ".minutebook-staging"
JOURNAL = ".commit.json"  # inside STAGING: its presence is the commit point
LOCK = ".minutebook-lock"
GENERATOR = "minutebook"
# Our own bookkeeping in the output folder: a folder holding only these is not someone else's.
OWN_NAMES = frozenset({MANIFEST, MANIFEST + ".tmp", STAGING, LOCK})
OUTPUT_FIX = (
    "choose another folder with --output (or 'output:' in minutebook.yaml), "
    "e.g. an empty folder called output"
)


@dataclass(frozen=True, slots=True)
class WriteReport:
    written: int
    unchanged: int
    removed: int


@dataclass(frozen=True, slots=True)
class Staged:
    """A file a build makes: its name, digest, and whether it was staged (False: unchanged)."""

    relative: str
    sha: str
    written: bool


class OutputProblem(Exception):
    """The output folder cannot be written safely now: reported to the clerk, not a crash."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic

    def __reduce__(self) -> tuple[type, tuple[Diagnostic]]:
        # Raised in a worker, it reaches the parent pickled: by its diagnostic, not its
        # message (unpickling it by the message alone failed, and the build waited forever).
        return (type(self), (self.diagnostic,))


def output_error(message: str, fix: str = OUTPUT_FIX) -> Diagnostic:
    return error(SourceSpan("minutebook.yaml"), message, fix, "output")


def check_output_dir(site_root: Path, output: Path, *, force: bool = False) -> list[Diagnostic]:
    """The output folder may never be, contain, or sit inside what the clerk wrote.

    A non-empty folder that Minutebook did not write is refused too, unless `force`: then it is
    adopted (pages are written into it; files not in our manifest are never deleted).
    """
    site = site_root.resolve()
    dest = output.resolve()
    home = Path.home().resolve()
    protected = [site / "content", site / "themes"]
    problem: str | None = None
    if dest.exists() and not dest.is_dir():
        problem = f"the output folder {output} is a file, not a folder"
    elif dest == Path(dest.anchor) or home.is_relative_to(dest):
        problem = f"the output folder {output} is the home folder or the root of the disk"
    elif dest == site or site.is_relative_to(dest):
        problem = f"the output folder {output} is the site folder or a folder above it"
    elif any(dest == p or dest.is_relative_to(p) or p.is_relative_to(dest) for p in protected):
        problem = f"the output folder {output} is, or is inside, the content/ or themes/ folder"
    elif not force and is_foreign(dest):
        return [
            output_error(
                f"the output folder {output} already holds files that Minutebook did not "
                "write; building there could overwrite or delete them",
                OUTPUT_FIX + ", or build into it anyway with --force (files Minutebook did "
                "not write are never deleted, but pages replace files of the same name)",
            )
        ]
    if problem is None:
        return []
    return [output_error(problem + "; building there could overwrite or delete them")]


def is_foreign(folder: Path) -> bool:
    """A non-empty folder without our manifest (or an interrupted commit of ours)."""
    if not folder.is_dir() or (folder / MANIFEST).is_file():
        return False
    if (folder / STAGING / JOURNAL).is_file():
        return False
    return any(entry.name not in OWN_NAMES for entry in folder.iterdir())


def read_manifest(output: Path) -> dict[str, str]:
    try:
        data = json.loads((output / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return {}
    return {str(k): str(v) for k, v in files.items() if _is_safe_relative(str(k))}


def _is_safe_relative(path: str) -> bool:
    """A name inside the output folder: not absolute, no '..' (by string: a manifest lists
    tens of thousands of names)."""
    parts = path.replace(os.sep, "/").split("/")
    return bool(path) and not os.path.isabs(path) and ".." not in parts  # noqa: PTH117


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Writer:
    """Stage files, then `commit()` moves them into place and prunes what is no longer made.

    Use it inside `output_lock(output)`: entering finishes (or discards) an interrupted commit.
    """

    def __init__(self, output: Path) -> None:
        self.output = output
        self.staging = output / STAGING
        self.previous: dict[str, str] = {}
        self.files: dict[str, str] = {}
        self.by_case: dict[str, str] = {}  # NFC-casefolded name → name, for case-blind disks
        self.staged: list[str] = []
        self.unchanged = 0
        self.folders = SafeFolders(output)
        self.committing = False
        self.written_before = -1

    def __enter__(self) -> Writer:
        recover(self.output)
        self.previous = read_manifest(self.output)
        # Every file a build writes is older than the manifest written after it; a newer one
        # was changed by someone else since, and is not trusted to be ours.
        try:
            self.written_before = (self.output / MANIFEST).stat().st_mtime_ns
        except OSError:
            self.written_before = -1
        self.folders.make(self.staging)
        return self

    def _is_as_we_left_it(self, relative: str, size: int | None = None) -> bool:
        try:
            # A stat per page on every build: without a Path object for each.
            stat = os.stat(os.path.join(self.output, relative))  # noqa: PTH116, PTH118
        except OSError:
            return False
        return stat.st_mtime_ns <= self.written_before and size in (None, stat.st_size)

    def keep(self, relative: str, *, look: bool = True) -> bool:
        """Keep a file from the last build as it is, if it is still there; False if not.
        `look`: make sure it is (one stat); without, the manifest is trusted."""
        sha = self.previous.get(relative)
        if sha is None or relative in self.files:
            return False
        if look and not self._is_as_we_left_it(relative):
            return False
        self.by_case.setdefault(fold_case(relative), relative)
        self.files[relative] = sha
        self.unchanged += 1
        return True

    def __exit__(self, *exc: object) -> None:
        if self.committing:
            # Stopped after the commit point (Ctrl-C, a full disk…): finish the new site now.
            # Should that fail too, the journal stays and the next build finishes it.
            recover(self.output)
        else:
            _discard(self.staging)

    def add(self, relative: str, data: bytes) -> None:
        self.record(self.stage(relative, data))

    def stage(self, relative: str, data: bytes) -> Staged:
        """Put a file in the staging folder, unless the output holds it already as it is.

        Safe to call in forked workers (each makes its own folders; a folder two of them make
        at once is fine): pages are staged where they are rendered, and only names and digests
        go back to the process that commits. `record` then checks the name.
        """
        sha = digest(data)
        if self.previous.get(relative) == sha and self._is_as_we_left_it(relative, len(data)):
            return Staged(relative, sha, written=False)
        staged = self.staging / relative
        self.folders.make(staged.parent)
        staged.write_bytes(data)
        return Staged(relative, sha, written=True)

    def record(self, staged: Staged) -> None:
        relative = staged.relative
        if relative in self.files:
            raise ValueError(f"two outputs for one file: {relative}")  # a bug of ours, not theirs
        # The planners and the asset checks prevent both of these: reaching them is our bug.
        other = self.by_case.setdefault(fold_case(relative), relative)
        if other != relative:
            raise ValueError(f"two outputs differ only by case: {other} and {relative}")
        problems = [p for part in relative.split("/") if (p := portable_name_problem(part))]
        if problems:
            raise ValueError(f"an output name is not portable: {relative} ({problems[0]})")
        self.files[relative] = staged.sha
        if staged.written:
            self.staged.append(relative)
        else:
            self.unchanged += 1

    def commit(self) -> WriteReport:
        stale = sorted(set(self.previous) - set(self.files))
        unchanged = not self.staged and not stale and self.files == self.previous
        if unchanged and (self.output / MANIFEST).is_file():
            return WriteReport(0, self.unchanged, 0)  # nothing changed: nothing is written
        journal = {
            "generator": GENERATOR,
            "moves": self.staged,
            "stale": stale,
            "files": dict(sorted(self.files.items())),
        }
        temporary = self.staging / (JOURNAL + ".tmp")
        temporary.write_text(json.dumps(journal), "utf-8")
        temporary.replace(self.staging / JOURNAL)  # the commit point
        self.committing = True
        removed = _apply(self.output, journal, self.folders)
        _discard(self.staging)
        self.committing = False
        return WriteReport(len(self.staged), self.unchanged, removed)


class SafeFolders:
    """Makes folders inside the output folder, never through a link that leads elsewhere."""

    def __init__(self, output: Path) -> None:
        self.output = output
        self.known: set[Path] = {output}  # made or checked already: one syscall per folder

    def make(self, folder: Path) -> None:
        if folder in self.known:
            return
        if not folder.is_relative_to(self.output):
            raise ValueError(f"{folder} is outside {self.output}")  # a bug of ours
        self.make(folder.parent)
        if folder.is_symlink():
            raise OutputProblem(
                output_error(
                    f"{folder} is a link to another folder; Minutebook writes only inside "
                    "the output folder itself",
                    f"delete the link {folder} (or choose another output folder)",
                )
            )
        folder.mkdir(exist_ok=True)
        self.known.add(folder)

    def is_real(self, folder: Path) -> bool:
        """Is `folder` inside the output folder, with no link on the way?"""
        while folder != self.output:
            if folder in self.known:
                return True
            if folder.is_symlink() or not folder.is_relative_to(self.output):
                return False
            folder = folder.parent
        return True


def recover(output: Path) -> None:
    """Finish a commit that was stopped after its commit point, or discard one stopped before.

    The caller holds the output lock. Safe to run at any time and more than once.
    """
    staging = output / STAGING
    if not staging.exists() and not staging.is_symlink():
        return
    journal = _read_journal(staging / JOURNAL) if not staging.is_symlink() else None
    if journal is not None:
        _apply(output, journal, SafeFolders(output))
    _discard(staging)


def finish_interrupted(output: Path) -> list[Diagnostic]:
    """Recover under the lock, for a build that will not write (it has content errors)."""
    if not (output / STAGING).exists():
        return []
    try:
        with output_lock(output):
            recover(output)
    except OutputProblem as problem:
        return [problem.diagnostic]
    return []


def _read_journal(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("generator") != GENERATOR:
        return None
    moves, stale, files = data.get("moves"), data.get("stale"), data.get("files")
    if not (isinstance(moves, list) and isinstance(stale, list) and isinstance(files, dict)):
        return None
    return {
        "generator": GENERATOR,
        "moves": [str(m) for m in moves if _is_safe_relative(str(m))],
        "stale": [str(m) for m in stale if _is_safe_relative(str(m))],
        "files": {str(k): str(v) for k, v in files.items() if _is_safe_relative(str(k))},
    }


def _apply(output: Path, journal: Mapping[str, Any], folders: SafeFolders) -> int:
    """Phase two, idempotent: move the staged files in, prune stale ones, write the manifest."""
    staging = output / STAGING
    present: dict[str, bool] = {}  # folder → whether the output has it (or a link by its name)
    for relative in journal["moves"]:
        _move_new_folder(output, relative, present, folders)
        staged = staging / relative
        if not staged.is_file():
            continue  # moved already: with its folder, or before an interruption
        target = output / relative
        folders.make(target.parent)
        staged.replace(target)
    removed = _prune(output, journal["stale"], folders)
    # Rewritten whenever a file was: the manifest must stay newer than every file we wrote.
    _write_manifest(output, journal["files"], always=bool(journal["moves"]))
    return removed


def _move_new_folder(
    output: Path, relative: str, present: dict[str, bool], folders: SafeFolders
) -> None:
    """Move the highest folder of `relative` that the output lacks, whole, in one step.

    A first build moves a handful of folders rather than 12,000 files one by one (and leaves
    the staging folder nearly empty to delete). Only folders the output does not have are
    moved, so nothing there is ever replaced; a move interrupted half way is finished file by
    file from the journal.
    """
    parts = relative.split("/")
    for depth in range(1, len(parts)):
        folder = "/".join(parts[:depth])
        if folder not in present:
            target = output / folder
            present[folder] = target.exists() or target.is_symlink()
        if present[folder]:
            continue
        source = output / STAGING / folder
        if source.is_dir() and not source.is_symlink():
            folders.make((output / folder).parent)
            source.replace(output / folder)
            present[folder] = True
        return


def _prune(output: Path, stale: Iterable[str], folders: SafeFolders) -> int:
    removed = 0
    for relative in sorted(stale):
        target = output / relative
        if target.is_file() and not target.is_symlink() and folders.is_real(target.parent):
            target.unlink()
            removed += 1
            _remove_empty_parents(target.parent, output)
    return removed


def _write_manifest(output: Path, files: Mapping[str, str], *, always: bool = False) -> None:
    if not always and read_manifest(output) == files and (output / MANIFEST).is_file():
        return
    manifest = {"generator": GENERATOR, "files": dict(sorted(files.items()))}
    temporary = output / (MANIFEST + ".tmp")
    temporary.write_text(json.dumps(manifest, indent=1) + "\n", "utf-8")
    temporary.replace(output / MANIFEST)


def _discard(staging: Path) -> None:
    if staging.is_symlink():
        staging.unlink()  # never follow a link planted in place of the staging folder
    else:
        shutil.rmtree(staging, ignore_errors=True)


def _remove_empty_parents(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_relative_to(stop):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


# -- one build at a time ------------------------------------------------------------------------


@contextmanager
def leaving_no_trace(output: Path) -> Iterator[None]:
    """A first build that fails leaves no output folder behind (an empty one it created)."""
    created = not output.exists()
    try:
        yield
    except BaseException:
        if created and output.is_dir() and not any(output.iterdir()):
            output.rmdir()
        raise


@contextmanager
def output_lock(output: Path) -> Iterator[None]:
    """Hold the output folder's lock (output/.minutebook-lock, with our pid), or refuse at once.

    The file exists only while a build runs (a killed build leaves one that nobody holds, which
    the next build simply takes). It is removed before the lock is released, and a build that
    locked a file which is no longer the one at that path tries again, so two builds can never
    each hold a lock on a different file.
    """
    path = output / LOCK
    while True:
        output.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            _try_lock(fd)
        except OSError:
            holder = _read_holder(fd)
            os.close(fd)
            raise OutputProblem(
                output_error(
                    f"another build is writing to {output} (pid {holder}); "
                    "two builds at once could mix their pages",
                    "wait for the other build to finish, then build again",
                )
            ) from None
        try:
            same = os.fstat(fd).st_ino == path.stat().st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)  # the file was replaced while we waited for it: lock the new one
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        path.unlink(missing_ok=True)  # still holding the lock, so no one else holds this file
        os.close(fd)  # closing releases the lock


def _try_lock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _read_holder(fd: int) -> str:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, 32).decode("ascii", "replace").strip()
    except OSError:
        text = ""
    return text if text.isdigit() else "unknown"
