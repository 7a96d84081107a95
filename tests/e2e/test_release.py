"""A release: the version written once, the build and check command of docs/development.md
making an sdist and a wheel that PyPI accepts, and a CHANGELOG entry for the version."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from conftest import sh_line
from e2e.checkout import REPO, copy_checkout
from minutebook import __version__

NEXT = "9.8.7"  # a version no release has: it can come only from the edited file


def release_command() -> str:
    """The one line in the `sh` block of the release steps in docs/development.md."""
    return sh_line(REPO / "docs/development.md", "Making a release")


@pytest.mark.slow
def test_a_release_has_the_version_set_in_one_place_and_passes_twine_check(tmp_path):
    source = copy_checkout(tmp_path / "minutebook")
    init = source / "builder/minutebook/__init__.py"
    text = init.read_text("utf-8")
    assert f'__version__ = "{__version__}"' in text
    init.write_text(text.replace(f'"{__version__}"', f'"{NEXT}"'), "utf-8")

    # The release step as documented, with the tools of the environment running the tests.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env["PATH"]])
    env["NO_COLOR"] = "1"
    result = subprocess.run(
        ["bash", "-eo", "pipefail", "-c", release_command()],
        cwd=source,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]

    wheel, sdist = f"minutebook-{NEXT}-py3-none-any.whl", f"minutebook-{NEXT}.tar.gz"
    assert sorted(p.name for p in (source / "dist").iterdir()) == [wheel, sdist]
    plain = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)  # should twine colour it all the same
    passed = re.findall(r"^Checking dist/(\S+): PASSED$", plain, re.MULTILINE)
    assert sorted(passed) == [wheel, sdist], result.stdout

    with zipfile.ZipFile(source / "dist" / wheel) as archive:
        metadata = archive.read(f"minutebook-{NEXT}.dist-info/METADATA").decode("utf-8")
        names = set(archive.namelist())
    assert f"\nVersion: {NEXT}\n" in metadata
    assert "Description-Content-Type: text/markdown" in metadata
    assert "minutebook/skeleton/dot-github/workflows/publish.yml" in names
    assert "minutebook/themes/default/templates/base.html" in names
    assert "License-Expression: MIT" in metadata
    assert f"minutebook-{NEXT}.dist-info/licenses/LICENSE" in names  # the licence's text
    with tarfile.open(source / "dist" / sdist) as archive:
        members = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    shipped = {"CHANGELOG.md", "LICENSE", "README.md", "pyproject.toml"}
    assert shipped | {"themes/default/static/style.css"} <= members


def test_the_changelog_has_a_section_for_this_version():
    changelog = (REPO / "CHANGELOG.md").read_text("utf-8")
    assert re.search(rf"^## {re.escape(__version__)} \(", changelog, re.MULTILINE), changelog[:500]
