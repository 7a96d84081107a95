"""The build cache in `.minutebook-cache/`: parsed meetings and page fingerprints.

A rebuild parses only the files that changed and renders only the pages whose inputs changed.
The cache is never trusted blindly: each file carries an HMAC made with a key kept outside the
site (so a cache committed to a repository is ignored, never unpickled), a format tag (builder
version, Python version), and anything unreadable counts as empty. Deleting it is always safe.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import pickle
import secrets
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from minutebook import __version__

CACHE_DIR = ".minutebook-cache"
FORMAT = f"minutebook {__version__} cache 32 python {sys.version_info[:2]}"
_TAG_SIZE = hashlib.sha256().digest_size
_LENGTH_SIZE = 8  # each part: its signature, its length, its pickle
_HEAD = _TAG_SIZE + _LENGTH_SIZE


def digest_of(*parts: object) -> str:
    """A stable digest of plain values (their repr): config, vocabulary, keys."""
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(repr(part).encode("utf-8"))
        hasher.update(b"\0")
    return hasher.hexdigest()


def digest_files(paths: Iterable[Path]) -> str:
    hasher = hashlib.sha256()
    for path in sorted(paths):
        hasher.update(path.as_posix().encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return hasher.hexdigest()


def _key() -> bytes:
    """A per-user secret, outside any site folder, so cache files cannot be forged in a repo."""
    return _key_for(os.environ.get("XDG_CACHE_HOME"), os.environ.get("HOME"))


@functools.cache
def _key_for(cache_home: str | None, home: str | None) -> bytes:
    # Looked up once per process and environment: a rebuild loads 10,000 cache files.
    folder = Path(cache_home or Path.home() / ".cache") / "minutebook"
    return _key_in(folder)


@functools.cache
def _key_in(home: Path) -> bytes:
    path = home / "cache-key"
    try:
        key = path.read_bytes()
        if len(key) >= 32:
            return key
    except OSError:
        pass
    key = secrets.token_bytes(32)
    try:
        home.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(key)
        temporary.chmod(0o600)
        temporary.replace(path)
        return path.read_bytes()
    except OSError:
        return key  # no writable home: the cache works for this run only


def load(site_root: Path, name: str, part: int = 0) -> Any:
    """The value saved under `name` (or its `part`-th part, see `save`), or None when missing,
    stale, forged or unreadable."""
    if part == 0:  # the first part alone: a rebuild reads 10,000 meetings without their text
        return _part(_read_first(site_root, name), 0, 0)
    data = _read(site_root, name)
    start = 0
    for _ in range(part):  # skip the parts before: their length follows their tag
        start += _HEAD + int.from_bytes(data[start + _TAG_SIZE : start + _HEAD])
    return _part(data, part, start)


def load_parts(site_root: Path, name: str) -> tuple[Any, ...]:
    """Every part saved under `name`, up to the first that cannot be read."""
    data = _read(site_root, name)
    parts: list[Any] = []
    start = 0
    while start < len(data) and (value := _part(data, len(parts), start)) is not None:
        parts.append(value)
        start += _HEAD + int.from_bytes(data[start + _TAG_SIZE : start + _HEAD])
    return tuple(parts)


def _read(site_root: Path, name: str) -> bytes:
    try:
        with open(os.path.join(site_root, CACHE_DIR, name), "rb") as file:  # noqa: PTH118, PTH123
            return file.read()  # (without a Path object for each of 10,000 files)
    except OSError:
        return b""


def _read_first(site_root: Path, name: str) -> bytes:
    try:
        with open(os.path.join(site_root, CACHE_DIR, name), "rb") as file:  # noqa: PTH118, PTH123
            head = file.read(_HEAD)
            # Never more than the file holds: a damaged length would ask for exabytes.
            size = min(int.from_bytes(head[_TAG_SIZE:]), os.fstat(file.fileno()).st_size)
            return head + file.read(size)
    except OSError:
        return b""


def _part(data: bytes, number: int, start: int) -> Any:
    size = int.from_bytes(data[start + _TAG_SIZE : start + _HEAD])
    tag, payload = data[start : start + _TAG_SIZE], data[start + _HEAD : start + _HEAD + size]
    if len(payload) != size or not hmac.compare_digest(tag, _sign(number, payload)):
        return None
    try:
        fmt, value = pickle.loads(payload)
    except Exception:  # a truncated or corrupted file is a miss, whatever pickle raises
        return None
    return value if fmt == FORMAT else None


def _sign(part: int, payload: bytes) -> bytes:
    # The part's number is signed too: parts cannot be swapped.
    return hmac.digest(_key(), part.to_bytes(_LENGTH_SIZE) + payload, "sha256")


class Pickled:
    """A value with its pickle as the cache keeps it, made once for two uses: saved, and sent
    from a worker to the parent as those bytes (pickling a meeting as listed again took 0.045
    ms of the 1.4 ms a worker spends reading it). `value_of` unwraps it where it was made."""

    __slots__ = ("payload", "value")

    def __init__(self, value: object) -> None:
        self.value = value
        self.payload = pickle.dumps((FORMAT, value), protocol=pickle.HIGHEST_PROTOCOL)

    def __reduce__(self) -> tuple[Any, tuple[bytes]]:
        return (_unpickled, (self.payload,))


def _unpickled(payload: bytes) -> Any:
    return pickle.loads(payload)[1]


def value_of(value: Any) -> Any:
    """The value itself, whether `Pickled` (made in this process) or not (sent from another)."""
    return value.value if isinstance(value, Pickled) else value


def save(site_root: Path, name: str, *parts: object) -> None:
    """Save `parts` (one value, or several that are loaded one at a time) under `name`.

    Each part is signed on its own, so a build can read a meeting without its text and a page
    its text alone, from one file (creating files is what a cold build's cache costs most).
    """
    folder = site_root / CACHE_DIR
    try:
        target = folder / name
        _make_folder(folder, target.parent)
        data = bytearray()
        for number, value in enumerate(parts):
            payload = value.payload if isinstance(value, Pickled) else Pickled(value).payload
            data += _sign(number, payload) + len(payload).to_bytes(_LENGTH_SIZE) + payload
        temporary = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        try:
            temporary.write_bytes(data)
        except FileNotFoundError:  # the cache was deleted since: make its folders again
            _MADE.discard(target.parent)
            _make_folder(folder, target.parent)
            temporary.write_bytes(data)
        temporary.replace(target)
    except OSError:
        return  # a cache that cannot be written only makes the next build slower


_MADE: set[Path] = set()  # folders this process made (or found) already


def _make_folder(cache: Path, folder: Path) -> None:
    """The cache folder, with its .gitignore, and `folder` in it: once per process, not once
    for each of the 20,000 files a cold build of 10,000 meetings saves."""
    if folder in _MADE:
        return
    cache.mkdir(exist_ok=True)
    ignore = cache / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# Minutebook's build cache: safe to delete, never commit it.\n*\n")
    folder.mkdir(parents=True, exist_ok=True)
    _MADE.add(folder)


def prune(site_root: Path, folder: str, keep: set[str]) -> None:
    """Delete the cache files in `folder` whose names are not in `keep`."""
    try:
        for path in (site_root / CACHE_DIR / folder).iterdir():
            if path.name not in keep:
                path.unlink(missing_ok=True)
    except OSError:
        return


@dataclass
class Store:
    """The cache as a build sees it. `in_memory` keeps values between builds of one process
    (`minutebook serve`) and writes them to disk only on `flush()`."""

    site_root: Path
    enabled: bool = True
    in_memory: bool = False
    memory: dict[str, Any] = field(default_factory=dict)
    unsaved: set[str] = field(default_factory=set)
    pruned: dict[str, set[str]] = field(default_factory=dict)

    @property
    def on_disk(self) -> bool:
        """Does every value saved reach the disk at once (so another process can read it)?"""
        return self.enabled and not self.in_memory

    def load(self, name: str, part: int = 0) -> Any:
        if not self.enabled:
            return None
        if not self.in_memory:
            return load(self.site_root, name, part)
        if name not in self.memory:  # every part at once: a meeting's text is asked for later
            self.memory[name] = load_parts(self.site_root, name)
        parts = self.memory[name]
        return parts[part] if part < len(parts) else None

    def save(self, name: str, *parts: object) -> None:
        if not self.enabled:
            return
        if self.in_memory:
            self.memory[name] = tuple(map(value_of, parts))
            self.unsaved.add(name)
        else:
            save(self.site_root, name, *parts)

    def prune(self, folder: str, keep: set[str]) -> None:
        """Forget the entries of `folder` (names "folder/x") other than those in `keep`."""
        if not self.enabled:
            return
        prefix = folder + "/"
        for name in [n for n in self.memory if n.startswith(prefix)]:
            if name.removeprefix(prefix) not in keep:
                del self.memory[name]
                self.unsaved.discard(name)
        if not self.in_memory:
            prune(self.site_root, folder, keep)
        else:
            self.pruned[folder] = set(keep)

    def discard(self, name: str) -> None:
        """Forget one entry, in memory and on disk."""
        if not self.enabled:
            return
        self.memory.pop(name, None)
        self.unsaved.discard(name)
        (self.site_root / CACHE_DIR / name).unlink(missing_ok=True)

    def flush(self) -> None:
        for folder, keep in self.pruned.items():
            prune(self.site_root, folder, keep)
        self.pruned.clear()
        for name in sorted(self.unsaved):
            save(self.site_root, name, *self.memory[name])
        self.unsaved.clear()
