"""A new, empty archive (`minutebook init`): the files under skeleton/, ready to push.

The templates live inside the package (builder/minutebook/skeleton/), so an installed minutebook
carries them. A leading "dot-" in a template's name stands for "." in the new archive
(dot-gitignore → .gitignore), so that packaging tools never take a template for one of their own
hidden files. The archive also gets a copy of the JSON Schemas in .minutebook/, which the
modelines of the example files point to.

The workflow and the pre-commit hook install Minutebook with a pip requirement: the one given
(`--install-from`), else where this very copy was installed from, as pip recorded it (PEP 610's
direct_url.json: a repository at a commit, a file on the web, or else an index such as PyPI).
A copy installed from a folder or file on this computer, or run from a checkout, cannot be
installed by GitHub: then the files hold a placeholder that pip refuses with its own text, and
`init` says where it is and how to fill it in.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Iterator
from importlib import metadata, resources
from importlib.resources.abc import Traversable
from pathlib import Path

import minutebook
from minutebook import __version__
from minutebook.commands.schema import SCHEMAS, schema_text
from minutebook.core.diagnostics import Diagnostic, SourceSpan, warning

SHELL_MARK = "@MINUTEBOOK_REQUIREMENT_SHELL@"  # in a shell command (the workflow, the README)
YAML_MARK = "@MINUTEBOOK_REQUIREMENT_YAML@"  # a YAML string (the pre-commit hook)
# Not a requirement pip can read ("Invalid requirement"), so it never looks for it on an index.
PLACEHOLDER = "<say where to install Minutebook from: see README.md>"
WORKFLOW = ".github/workflows/publish.yml"
HOOKS = ".pre-commit-config.yaml"
SCHEMA_FOLDER = ".minutebook"  # the schemas, for the modelines at the top of the example files


def skeleton_files(requirement: str) -> list[tuple[str, bytes]]:
    """(path in the new archive, content) for every template, sorted by path; the workflow and
    the hook install Minutebook with the pip `requirement`."""
    root = resources.files("minutebook") / "skeleton"
    templates = [
        (_destination(parts), _fill(t.read_bytes(), requirement)) for parts, t in _walk(root, ())
    ]
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


def _fill(data: bytes, requirement: str) -> bytes:
    shell, yaml = shlex.quote(requirement), json.dumps(requirement)  # JSON strings are YAML
    return data.replace(SHELL_MARK.encode(), shell.encode()).replace(
        YAML_MARK.encode(), yaml.encode()
    )


def requirement_problem(requirement: str) -> str | None:
    """Why `requirement` cannot go into the workflow's `pip install` line (None: it can)."""
    if not requirement.strip():
        return "--install-from is empty"
    if not requirement.isprintable():
        return "--install-from must be one line, without control characters"
    if requirement.lstrip().startswith("-"):
        return f"--install-from takes a requirement, not a pip option: {requirement!r}"
    return None


def this_copys_requirement() -> str | None:
    """Where pip can install this very copy from, or None when GitHub could not reach it."""
    try:
        installed = metadata.distribution("minutebook")
    except metadata.PackageNotFoundError:
        return None
    # The installed copy must be the code running now, not another one on the path (the
    # code of a checkout, or an editable install, is not in the installed files).
    module = Path(str(installed.locate_file("minutebook/__init__.py")))
    if installed.version != __version__ or not module.is_file():
        return None
    if not module.samefile(minutebook.__file__):
        return None
    return requirement_from(installed.read_text("direct_url.json"), __version__)


def requirement_from(direct_url: str | None, version: str) -> str | None:
    """The requirement for a copy that pip installed, from its record of where (PEP 610)."""
    if direct_url is None:
        return f"minutebook=={version}"  # from an index, such as PyPI
    try:
        origin = json.loads(direct_url)
        url = str(origin["url"])
    except (ValueError, KeyError, TypeError):
        return None
    if url.startswith("file:"):
        return None  # a folder or file on this computer
    fragment = f"#subdirectory={origin['subdirectory']}" if origin.get("subdirectory") else ""
    vcs = origin.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("vcs") and vcs.get("commit_id"):
        return f"minutebook @ {vcs['vcs']}+{url}@{vcs['commit_id']}{fragment}"
    if "archive_info" in origin:
        return f"minutebook @ {url}{fragment}"
    return None


def placeholder_warnings(folder: Path) -> list[Diagnostic]:
    """Where a new archive holds the placeholder, with how to fill it in (file names as seen
    from the current folder, where the clerk ran init)."""
    found = []
    for relative, what in ((WORKFLOW, "the workflow"), (HOOKS, "the pre-commit hook")):
        path = folder / relative
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
            column = line.find(PLACEHOLDER)
            if column < 0:
                continue
            span = SourceSpan(path.as_posix(), number, column + 1)
            message = (
                f"{what} cannot install Minutebook yet: init was not told where from "
                "(--install-from), and this copy came from a folder or file on this computer"
            )
            fix = (
                "replace the placeholder with a pip requirement GitHub can install, such as "
                f"'minutebook @ git+https://github.com/OWNER/minutebook@v{__version__}' "
                f"(or 'minutebook=={__version__}' once on PyPI); or make the archive with  "
                "minutebook init --install-from REQUIREMENT"
            )
            found.append(warning(span, message, fix))
    return found


def is_empty_folder(folder: Path) -> bool:
    return folder.is_dir() and not any(folder.iterdir())


def create_archive(folder: Path, requirement: str) -> list[Path]:
    """Write the skeleton into `folder`, which must be new or empty; returns the files made."""
    folder.mkdir(parents=True, exist_ok=True)
    made: list[Path] = []
    for relative, data in skeleton_files(requirement):
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("xb") as file:  # "x": never overwrite, even in a race
            file.write(data)
        made.append(path)
    return made
