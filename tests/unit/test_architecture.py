"""The shape of the package that docs/architecture.md describes, held true by the tests.

`lint-imports` (run by scripts/test) checks the layers on the real package; the tests here
check that it would catch a forbidden import, that the rooms stay of a size a person holds in
their head, and that only the modules whose job it is write files.
"""

from __future__ import annotations

import ast
import importlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "builder" / "minutebook"
LAYERS = ("core", "reading", "archive", "output", "incremental", "importing", "commands")
MAX_MODULE_LINES = 600
MAX_CLASS_LINES = 300


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def name_of(path: Path) -> str:
    return path.relative_to(PACKAGE.parent).with_suffix("").as_posix()


@pytest.mark.parametrize("layer", LAYERS)
def test_each_layer_is_a_package_of_its_own(layer: str):
    package = importlib.import_module(f"minutebook.{layer}")
    assert package.__doc__, f"minutebook.{layer} says in its docstring what it holds"
    assert (PACKAGE / layer / "__init__.py").is_file()


def test_no_module_sits_outside_the_layers():
    loose = [p.name for p in PACKAGE.glob("*.py") if p.name not in {"__init__.py", "__main__.py"}]
    assert loose == []


def exceptions() -> dict[str, str]:
    """The modules and classes docs/architecture.md allows over the limits, with its reason."""
    text = (REPO / "docs" / "architecture.md").read_text("utf-8")
    section = text.split("## Over the limits", 1)[1].split("\n## ", 1)[0]
    return dict(re.findall(r"^\| `([\w./]+)` \| (.+?) \|$", section, flags=re.MULTILINE))


def test_modules_and_classes_stay_under_the_limits_or_say_why():
    allowed = exceptions()
    over = []
    for path in modules():
        source = path.read_text("utf-8")
        name = name_of(path)
        if source.count("\n") > MAX_MODULE_LINES and name not in allowed:
            over.append(f"{name}: {source.count(chr(10))} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ClassDef):
                assert node.end_lineno is not None
                size = node.end_lineno - node.lineno + 1
                if size > MAX_CLASS_LINES and f"{name}.{node.name}" not in allowed:
                    over.append(f"{name}.{node.name}: {size} lines")
    assert over == [], "split these, or say why in docs/architecture.md (## Over the limits)"


# What writes to the disk: the output folder (output/write.py alone), the cache
# (core/cache.py), a new archive (`init`), a new meeting file (`new`, in the command line) and
# the preview's own folder in the cache (`serve` removes it when it stops), and the meeting
# files `import` makes (importing/writing.py, never overwriting).
WRITERS = {
    "minutebook/importing/writing",
    "minutebook/output/write",
    "minutebook/core/cache",
    "minutebook/commands/init",
    "minutebook/commands/cli",
    "minutebook/commands/serve",
}
# Methods that write whatever they are called on (a Path), and functions of os and shutil.
WRITING_METHODS = {"write_text", "write_bytes", "mkdir", "rmdir", "unlink", "touch", "rename"}
WRITING_METHODS |= {"symlink_to", "hardlink_to"}
WRITING_FUNCTIONS = {
    "os": {"remove", "unlink", "rename", "replace", "makedirs", "mkdir", "rmdir", "symlink"},
    "shutil": {"rmtree", "copy", "copyfile", "copy2", "copytree", "move"},
}


def writes(tree: ast.AST) -> list[int]:
    """The lines of calls that create, change or delete files."""
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        owner = func.value if isinstance(func, ast.Attribute) else None
        module = owner.id if isinstance(owner, ast.Name) else ""
        if name in WRITING_METHODS or name in WRITING_FUNCTIONS.get(module, ()):
            lines.append(node.lineno)
        elif name in {"open", "fdopen"}:
            flags = [ast.unparse(arg) for arg in [*node.args, *(k.value for k in node.keywords)]]
            if any(re.search(r"""^['"][^'"]*[wxa+]""", f) or "O_WRONLY" in f for f in flags):
                lines.append(node.lineno)
    return lines


def test_only_the_modules_whose_job_it_is_write_files():
    found = {
        name_of(path): lines
        for path in modules()
        if (lines := writes(ast.parse(path.read_text("utf-8"))))
    }
    assert set(found) <= WRITERS, {k: v for k, v in found.items() if k not in WRITERS}
    assert "minutebook/output/write" in found  # (the scan does find writes)


def test_the_scan_finds_each_kind_of_write():
    samples = [
        "path.write_text('x')",
        "open(name, 'wb')",
        "path.open(mode='a')",
        "os.open(name, os.O_WRONLY | os.O_CREAT)",
        "os.replace(a, b)",
        "shutil.rmtree(folder)",
        "folder.mkdir()",
    ]
    for sample in samples:
        assert writes(ast.parse(sample)) == [1], sample
    harmless = "open(name, 'rb'); text.replace('a', 'b'); items.remove(1); shutil.which('x')"
    assert writes(ast.parse(harmless)) == []


@pytest.mark.slow
def test_a_forbidden_import_breaks_the_layers_contract(tmp_path: Path):
    """A copy of the package in which the reading layer imports a command: lint-imports, as
    scripts/test runs it, must fail and name the import."""
    lint = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    shutil.copytree(PACKAGE, tmp_path / "minutebook", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    kept = subprocess.run([lint], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert kept.returncode == 0, kept.stdout + kept.stderr
    sources = tmp_path / "minutebook" / "reading" / "sources.py"
    text = sources.read_text("utf-8")
    sources.write_text(text + "\nfrom minutebook.commands import build  # noqa\n", "utf-8")
    broken = subprocess.run([lint], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert broken.returncode != 0
    assert "minutebook.reading.sources -> minutebook.commands.build" in broken.stdout
