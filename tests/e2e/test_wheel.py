"""The wheel a user installs carries the default theme: build it, install it into a fresh
virtual environment (no system site-packages), and build a small site with its `minutebook`."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import venv
from pathlib import Path

import pytest
import yaml

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


def run(
    command: list[str],
    cwd: Path,
    timeout: int = 300,
    *,
    pythonpath: bool = False,
    extra_env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """`command` without this checkout on PYTHONPATH (unless asked), so that an installed copy
    is what runs."""
    hidden = ("VIRTUAL_ENV",) if pythonpath else ("PYTHONPATH", "VIRTUAL_ENV")
    env = {k: v for k, v in os.environ.items() if k not in hidden}
    env.update(extra_env or {})
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


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """One wheel of this checkout for the tests of this module (a build takes seconds)."""
    dist = tmp_path_factory.mktemp("dist")
    return build_wheel(dist)


def fresh_venv(environment: Path) -> Path:
    """A new virtual environment without system site-packages; returns its bin folder."""
    venv.EnvBuilder(with_pip=True, system_site_packages=False, clear=True).create(environment)
    return environment / "bin"


@pytest.mark.slow
def test_the_installed_wheel_builds_a_site_with_the_default_theme(tmp_path, wheel):
    environment = tmp_path / "venv"
    python = fresh_venv(environment) / "python"
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
    # Installed from a wheel file on this computer, which GitHub cannot reach: init says so.
    assert "warning: the workflow cannot install Minutebook yet" in made.stderr
    checked = run([str(environment / "bin" / "minutebook"), "check", "--strict"], archive)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "D. Parr" in html


def workflow_step(run_text: str) -> list[str]:
    """A `run:` step as GitHub's runner starts it (`bash -e {0}`, with pipefail)."""
    assert "${{" not in run_text, run_text  # every expression was given a value
    return ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", run_text]


@pytest.mark.slow
def test_the_workflow_init_writes_installs_and_builds_the_site_from_a_wheel(tmp_path, wheel):
    """The generated workflow's own steps, run here as GitHub would run them, with a wheel of
    this checkout in place of the requirement given to init."""
    archive = tmp_path / "minutes"
    requirement = "minutebook @ git+https://github.com/example/minutebook@v0.1.0"
    made = run(
        [sys.executable, "-m", "minutebook", "init", str(archive), "--install-from", requirement],
        tmp_path,
        pythonpath=True,
    )
    assert made.returncode == 0, made.stderr
    assert made.stderr == ""
    workflow = yaml.safe_load((archive / ".github/workflows/publish.yml").read_text("utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    runs = [step for step in steps if "run" in step]
    assert [step["name"] for step in runs] == [
        "Install Minutebook",
        "Check the minutes",
        "Build the site",
    ]
    install = runs[0]["run"]
    assert install.count(shlex.quote(requirement)) == 1
    runs[0]["run"] = install.replace(shlex.quote(requirement), shlex.quote(str(wheel)))

    # actions/setup-python puts a fresh Python first on PATH; configure-pages gives the address.
    bin_folder = fresh_venv(tmp_path / "runner-python")
    site_address = "https://clerk.github.io/minutes"
    for step in runs:
        env = {key: str(value) for key, value in step.get("env", {}).items()}
        env = {
            key: value.replace("${{ steps.pages.outputs.base_url }}", site_address)
            for key, value in env.items()
        }
        result = run(
            workflow_step(step["run"]),
            archive,
            extra_env={**env, "PATH": f"{bin_folder}{os.pathsep}{os.environ['PATH']}"},
        )
        assert result.returncode == 0, (step["name"], result.stdout[-3000:], result.stderr[-3000:])
        if step["name"] == "Check the minutes":
            assert result.stdout.endswith("minutebook check: 0 errors, 0 warnings\n"), result.stdout

    where = run(
        [str(bin_folder / "python"), "-c", "import minutebook; print(minutebook.__file__)"],
        tmp_path,
    )
    assert where.stdout.startswith(str(tmp_path / "runner-python")), where.stdout
    page = archive / "output/meetings/2024/03/12/example-parish-council/index.html"
    html = page.read_text("utf-8")
    assert "Planning applications" in html
    canonical = f"{site_address}/meetings/2024/03/12/example-parish-council/"
    assert f'<link rel="canonical" href="{canonical}">' in html
