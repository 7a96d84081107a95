"""A new, empty archive (`minutebook init`): the files under skeleton/, ready to push.

The templates live inside the package (builder/minutebook/skeleton/), so an installed minutebook
carries them. A leading "dot-" in a template's name stands for "." in the new archive
(dot-gitignore → .gitignore), so that packaging tools never take a template for one of their own
hidden files. The archive also gets a copy of the JSON Schemas in .minutebook/, which the
modelines of the example files point to.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from minutebook import __version__
from minutebook.commands.schema import SCHEMAS, schema_text

VERSION_MARK = "@MINUTEBOOK_VERSION@"
SCHEMA_FOLDER = ".minutebook"  # the schemas, for the modelines at the top of the example files


def skeleton_files() -> list[tuple[str, bytes]]:
    """(path in the new archive, content) for every template, sorted by path."""
    root = resources.files("minutebook") / "skeleton"
    templates = [(_destination(parts), _fill(t.read_bytes())) for parts, t in _walk(root, ())]
    schemas = [
        (f"{SCHEMA_FOLDER}/{name}.schema.json", schema_text(name).encode()) for name in SCHEMAS
    ]
    return sorted(templates + schemas)


def _walk(
    folder: Traversable, parts: tuple[str, ...]
) -> Iterator[tuple[tuple[str, ...], Traversable]]:
    for entry in folder.iterdir():
        if entry.name == "__pycache__":
            continue
        if entry.is_dir():
            yield from _walk(entry, (*parts, entry.name))
        else:
            yield (*parts, entry.name), entry


def _destination(parts: tuple[str, ...]) -> str:
    return "/".join("." + p.removeprefix("dot-") if p.startswith("dot-") else p for p in parts)


def _fill(data: bytes) -> bytes:
    """The workflow and the pre-commit hook install the Minutebook that made the archive."""
    return data.replace(VERSION_MARK.encode(), __version__.encode())


def is_empty_folder(folder: Path) -> bool:
    return folder.is_dir() and not any(folder.iterdir())


def create_archive(folder: Path) -> list[Path]:
    """Write the skeleton into `folder`, which must be new or empty; returns the files made."""
    folder.mkdir(parents=True, exist_ok=True)
    made: list[Path] = []
    for relative, data in skeleton_files():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("xb") as file:  # "x": never overwrite, even in a race
            file.write(data)
        made.append(path)
    return made
