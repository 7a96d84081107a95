"""The README's first command, word for word, on a machine whose python3 refuses `pip install`
outside a virtual environment (PEP 668): Debian 12's own /usr/bin/python3 does, so it is run
with /usr/bin first on PATH, in a fresh copy of this checkout."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import sh_line
from e2e.checkout import REPO, copy_checkout

SYSTEM_BIN = "/usr/bin"
DEADLINE = 30.0


def readme_first_command() -> str:
    """The one line in the first `sh` block of the README's quick start."""
    return sh_line(REPO / "README.md", "Quick start")


def stock_environment() -> dict[str, str]:
    """This environment as a new user's shell has it: Debian's python3 first, no virtual
    environment, nothing of this checkout on the import path."""
    hidden = ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME", "PIP_USER")
    env = {k: v for k, v in os.environ.items() if k not in hidden}
    env["PATH"] = os.pathsep.join([SYSTEM_BIN, env.get("PATH", "")])
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def shell(command: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["sh", "-c", command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def wait_for_address(log: Path, process: subprocess.Popen[bytes]) -> str:
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        found = re.search(r"Serving the preview at (\S+)", log.read_text("utf-8"))
        if found:
            return found.group(1)
        assert process.poll() is None, log.read_text("utf-8")
        time.sleep(0.1)
    raise AssertionError(f"serve said no address in {DEADLINE} s:\n{log.read_text('utf-8')}")


def stop(process: subprocess.Popen[bytes]) -> None:
    """The server and anything it started (its own process group), for certain."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    finally:
        # What is left of the group (the server, if it did not stop; its workers) goes now.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@pytest.mark.slow
def test_the_readme_first_command_works_where_pip_refuses_system_installs(tmp_path):
    clone = copy_checkout(tmp_path / "minutebook")
    env = stock_environment()

    # The machine is the one the README must serve: its python3 refuses a system install.
    which = shell("command -v python3", clone, env)
    assert which.stdout.strip() == f"{SYSTEM_BIN}/python3"
    refused = shell("python3 -m pip install --dry-run .", clone, env)
    assert refused.returncode != 0
    assert "externally-managed-environment" in refused.stdout + refused.stderr

    command = readme_first_command()
    # `serve` runs until stopped: all before it runs as written, then serve on a free port
    # (8000 may be taken on a shared machine), stopped once the page answers.
    setup, serve = command.rsplit(" && ", 1)
    assert re.fullmatch(r"\S*minutebook serve", serve), command
    installed = shell(setup, clone, env)
    assert installed.returncode == 0, installed.stdout[-3000:] + installed.stderr[-3000:]
    assert (clone / "output/meetings/2011/02/15/safer-halton-partnership/index.html").is_file()

    log = tmp_path / "serve.log"
    with log.open("w", encoding="utf-8") as sink:
        process = subprocess.Popen(
            ["sh", "-c", f"exec {serve} --port 0"],
            cwd=clone,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        address = wait_for_address(log, process)
        with urllib.request.urlopen(address, timeout=10) as response:
            page = response.read().decode("utf-8")
        assert response.status == 200
        assert "Safer Halton Partnership" in page
    finally:
        stop(process)
    # The preview ran the copy installed in the virtual environment, not this checkout's code.
    where = shell(".venv/bin/python -c 'import minutebook; print(minutebook.__file__)'", clone, env)
    assert where.stdout.startswith(str(clone / ".venv/lib/")), where.stdout + where.stderr
