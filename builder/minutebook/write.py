"""WRITE: put the new site in place all at once, and never touch what we did not write.

Files are staged inside the output folder, then moved into place only when every page has been
made; unchanged files are not rewritten; only files listed in our manifest are ever removed.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from minutebook.diagnostics import Diagnostic, SourceSpan, error

MANIFEST = ".minutebook-manifest.json"
STAGING = ".minutebook-staging"
GENERATOR = "minutebook"


@dataclass(frozen=True, slots=True)
class WriteReport:
    written: int
    unchanged: int
    removed: int


def check_output_dir(site_root: Path, output: Path) -> list[Diagnostic]:
    """The output folder may never be, contain, or sit inside what the clerk wrote."""
    site = site_root.resolve()
    dest = output.resolve()
    protected = [site / "content", site / "themes"]
    problem: str | None = None
    if dest.exists() and not dest.is_dir():
        problem = f"the output folder {output} is a file, not a folder"
    elif dest in (Path(dest.anchor), Path.home().resolve()):
        problem = f"the output folder {output} is the home folder or the root of the disk"
    elif dest == site or site.is_relative_to(dest):
        problem = f"the output folder {output} is the site folder or a folder above it"
    elif any(dest == p or dest.is_relative_to(p) or p.is_relative_to(dest) for p in protected):
        problem = f"the output folder {output} is, or is inside, the content/ or themes/ folder"
    elif dest.is_dir() and any(dest.iterdir()) and not (dest / MANIFEST).is_file():
        problem = f"the output folder {output} already holds files that Minutebook did not write"
    if problem is None:
        return []
    return [
        error(
            SourceSpan("minutebook.yaml"),
            problem + "; building there could overwrite or delete them",
            "choose another folder with --output (or 'output:' in minutebook.yaml), "
            "e.g. an empty folder called output",
            "output",
        )
    ]


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
    parts = Path(path).parts
    return bool(parts) and not Path(path).is_absolute() and ".." not in parts


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Writer:
    """Stage files, then `commit()` moves them into place and prunes what is no longer made."""

    def __init__(self, output: Path) -> None:
        self.output = output
        self.staging = output / STAGING
        self.previous = read_manifest(output)
        self.files: dict[str, str] = {}
        self.staged: list[str] = []
        self.unchanged = 0
        self.folders: set[Path] = set()  # made already: mkdir per file is a syscall per file
        # Every file a build writes is older than the manifest written after it; a newer one
        # was changed by someone else since, and is not trusted to be ours.
        try:
            self.written_before = (output / MANIFEST).stat().st_mtime_ns
        except OSError:
            self.written_before = -1

    def _is_as_we_left_it(self, relative: str, size: int | None = None) -> bool:
        try:
            stat = (self.output / relative).stat()
        except OSError:
            return False
        return stat.st_mtime_ns <= self.written_before and size in (None, stat.st_size)

    def __enter__(self) -> Writer:
        shutil.rmtree(self.staging, ignore_errors=True)
        self.staging.mkdir(parents=True)
        return self

    def __exit__(self, *exc: object) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)

    def keep(self, relative: str) -> bool:
        """Keep a file from the last build as it is, if it is still there; False if not."""
        sha = self.previous.get(relative)
        if sha is None or relative in self.files or not self._is_as_we_left_it(relative):
            return False
        self.files[relative] = sha
        self.unchanged += 1
        return True

    def add(self, relative: str, data: bytes) -> None:
        if relative in self.files:
            raise ValueError(f"two outputs for one file: {relative}")  # a bug of ours, not theirs
        sha = digest(data)
        self.files[relative] = sha
        if self.previous.get(relative) == sha and self._is_as_we_left_it(relative, len(data)):
            self.unchanged += 1
            return
        staged = self.staging / relative
        self._make_folder(staged.parent)
        staged.write_bytes(data)
        self.staged.append(relative)

    def _make_folder(self, folder: Path) -> None:
        if folder not in self.folders:
            folder.mkdir(parents=True, exist_ok=True)
            self.folders.add(folder)

    def commit(self) -> WriteReport:
        for relative in self.staged:
            target = self.output / relative
            self._make_folder(target.parent)
            (self.staging / relative).replace(target)
        removed = self._prune(set(self.previous) - set(self.files))
        self._write_manifest()
        return WriteReport(len(self.staged), self.unchanged, removed)

    def _prune(self, stale: Iterable[str]) -> int:
        removed = 0
        for relative in sorted(stale):
            target = self.output / relative
            if target.is_file() and not target.is_symlink():
                target.unlink()
                removed += 1
                _remove_empty_parents(target.parent, self.output)
        return removed

    def _write_manifest(self) -> None:
        if not self.staged and self.files == self.previous and (self.output / MANIFEST).is_file():
            return  # a build that changes nothing writes nothing, not even the manifest
        manifest = {"generator": GENERATOR, "files": dict(sorted(self.files.items()))}
        temporary = self.output / (MANIFEST + ".tmp")
        temporary.write_text(json.dumps(manifest, indent=1) + "\n", "utf-8")
        temporary.replace(self.output / MANIFEST)


def _remove_empty_parents(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_relative_to(stop):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
