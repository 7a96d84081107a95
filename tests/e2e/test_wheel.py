"""The wheel a user installs carries the default theme: build it, install it into a fresh
virtual environment (no system site-packages), and build a small site with its `minutebook`."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from conftest import SOURCE_DATE_EPOCH, make_site

REPO = Path(__file__).resolve().parents[2]
SITE = """
-- content/shp/2011-02-15.md --
---
organisation: Safer Halton Partnership
date: 2011-02-15
present:
  - D. Parr
---
## SHP38 Welcome & introductions

David Parr welcomed everyone.
"""


def run(command: list[str], cwd: Path, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def build_wheel(dist: Path) -> Path:
    result = run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(REPO)], dist)
    if result.returncode != 0:  # no isolated build environment: build from this environment
        result = run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(dist), str(REPO)], dist
        )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    wheels = sorted(dist.glob("minutebook-*.whl"))
    assert len(wheels) == 1
    return wheels[0]


@pytest.mark.slow
def test_the_installed_wheel_builds_a_site_with_the_default_theme(tmp_path):
    dist = tmp_path / "dist"
    dist.mkdir()
    wheel = build_wheel(dist)

    environment = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True, system_site_packages=False, clear=True).create(environment)
    python = environment / "bin" / "python"
    installed = run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], tmp_path)
    assert installed.returncode == 0, installed.stderr[-2000:]

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = run([str(python), "-c", "import minutebook; print(minutebook.__file__)"], elsewhere)
    assert where.stdout.strip().startswith(str(environment)), where.stdout + where.stderr

    root = make_site(tmp_path / "clerk", SITE)
    built = run([str(environment / "bin" / "minutebook"), "build", str(root)], elsewhere)
    assert built.returncode == 0, built.stderr
    assert "Traceback" not in built.stderr

    output = root / "output"
    css = output / "static" / "style.css"
    assert css.read_bytes() == (REPO / "themes/default/static/style.css").read_bytes()
    page = output / "meetings/2011/02/15/safer-halton-partnership/index.html"
    html = page.read_text("utf-8")
    assert '<link rel="stylesheet" href="/static/style.css">' in html
    assert "SHP38" in html

    # The templates of `minutebook init` ship in the wheel too, and make an archive that checks.
    archive = tmp_path / "new-archive"
    made = run([str(environment / "bin" / "minutebook"), "init", str(archive)], elsewhere)
    assert made.returncode == 0, made.stderr
    assert (archive / ".github/workflows/publish.yml").is_file()
    checked = run([str(environment / "bin" / "minutebook"), "check", "--strict"], archive)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "D. Parr" in html
