"""`minutebook init`: a new archive that checks and builds as it is, never over a clerk's files."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys

import pytest
import yaml

from conftest import REPO_ROOT, files_in
from minutebook import __version__
from minutebook.commands.cli import main
from minutebook.commands.init import requirement_from

GIT_TAG = f"minutebook @ git+https://github.com/example/minutebook@v{__version__}"

FILES = [
    ".github/workflows/publish.yml",
    ".gitignore",
    ".minutebook/config.schema.json",
    ".minutebook/meeting.schema.json",
    ".pre-commit-config.yaml",
    "README.md",
    "content/example-parish-council/2024-03-12.md",
    "minutebook.yaml",
]


def names_in(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_init_creates_an_archive_that_checks_strictly_and_builds(tmp_path, capsys):
    folder = tmp_path / "minutes"
    assert main(["init", str(folder)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Created a new archive in {folder}:\n")
    assert names_in(folder) == FILES
    assert main(["check", str(folder), "--strict"]) == 0
    assert main(["build", str(folder), "--quiet"]) == 0
    page = folder / "output/meetings/2024/03/12/example-parish-council/index.html"
    assert "Planning applications" in page.read_text("utf-8")


def test_init_fills_an_existing_empty_folder(tmp_path, capsys):
    assert main(["init", str(tmp_path)]) == 0
    assert names_in(tmp_path) == FILES


def test_init_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine\n", "utf-8")
    before = files_in(tmp_path)
    assert main(["init", str(tmp_path)]) == 1
    assert capsys.readouterr().err == (
        f"minutebook: error: {tmp_path} is a folder that is not empty; nothing was written "
        "(init only fills a new or empty folder)\n"
    )
    assert files_in(tmp_path) == before


def test_init_refuses_a_file(tmp_path, capsys):
    target = tmp_path / "minutes"
    target.write_text("mine\n", "utf-8")
    assert main(["init", str(target)]) == 1
    assert target.read_text("utf-8") == "mine\n"


def test_the_gitignore_leaves_out_what_build_makes(tmp_path, capsys):
    assert main(["init", str(tmp_path)]) == 0
    lines = (tmp_path / ".gitignore").read_text("utf-8").splitlines()
    assert {"output/", ".minutebook-cache/"} <= set(lines)


def test_the_workflow_checks_builds_and_deploys_to_pages(tmp_path, capsys):
    assert main(["init", str(tmp_path), "--install-from", GIT_TAG]) == 0
    workflow = yaml.safe_load((tmp_path / ".github/workflows/publish.yml").read_text("utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    runs = [step.get("run", "") for step in steps]
    uses = [step.get("uses", "") for step in steps + workflow["jobs"]["deploy"]["steps"]]
    assert f"python -m pip install '{GIT_TAG}'\n" in runs
    assert "minutebook check --format github" in runs
    assert any(run.startswith("minutebook build") for run in runs)
    assert any(use.startswith("actions/upload-pages-artifact@") for use in uses)
    assert any(use.startswith("actions/deploy-pages@") for use in uses)
    assert workflow["permissions"]["pages"] == "write"
    assert workflow["permissions"]["id-token"] == "write"


def test_the_pre_commit_hook_runs_check_on_minutes_and_config(tmp_path, capsys):
    assert main(["init", str(tmp_path), "--install-from", GIT_TAG]) == 0
    config = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text("utf-8"))
    (hook,) = config["repos"][0]["hooks"]
    assert hook["entry"] == "minutebook check"
    assert hook["pass_filenames"] is False
    assert hook["additional_dependencies"] == [GIT_TAG]


def install_step(folder):
    workflow = yaml.safe_load((folder / ".github/workflows/publish.yml").read_text("utf-8"))
    (step,) = [
        s for s in workflow["jobs"]["build"]["steps"] if s.get("name") == "Install Minutebook"
    ]
    return shlex.split(step["run"])


@pytest.mark.parametrize(
    "requirement",
    [
        GIT_TAG,
        "git+https://github.com/example/minutebook@v0.1.0",
        "minutebook==0.1.0",
        "/home/clerk/dist/minutebook-0.1.0-py3-none-any.whl",
        "minutebook @ https://example.org/it's here #1.whl",
    ],
)
def test_init_installs_minutebook_with_the_requirement_it_is_given(tmp_path, capsys, requirement):
    folder = tmp_path / "minutes"
    assert main(["init", str(folder), "--install-from", requirement]) == 0
    assert capsys.readouterr().err == ""
    assert install_step(folder) == ["python", "-m", "pip", "install", requirement]
    config = yaml.safe_load((folder / ".pre-commit-config.yaml").read_text("utf-8"))
    assert config["repos"][0]["hooks"][0]["additional_dependencies"] == [requirement]
    # The archive's README says where Minutebook comes from, as the command to run.
    readme = (folder / "README.md").read_text("utf-8")
    assert f"python -m pip install {shlex.quote(requirement)}\n" in readme


def test_init_without_install_from_writes_a_placeholder_pip_refuses_and_says_where(
    tmp_path, capsys
):
    """These tests run a checkout's code, which GitHub cannot install: init cannot tell where
    from, so the files hold a placeholder, and init says where and how to fill it in."""
    folder = tmp_path / "minutes"
    assert main(["init", str(folder)]) == 0
    err = capsys.readouterr().err
    workflow = (folder / ".github/workflows/publish.yml").read_text("utf-8").splitlines()
    (line,) = [n for n, text in enumerate(workflow, start=1) if "pip install" in text]
    placeholder = install_step(folder)[-1]
    column = workflow[line - 1].index(placeholder) + 1  # 1-based, after the opening quote
    assert err.startswith(
        f"{folder}/.github/workflows/publish.yml:{line}:{column}: warning: the workflow cannot "
        "install Minutebook yet: init was not told where from (--install-from), and this copy "
        "came from a folder or file on this computer\n"
    )
    assert f"{folder}/.pre-commit-config.yaml:11:" in err
    assert (
        "  fix: replace the placeholder with a pip requirement GitHub can install, such as "
        f"'minutebook @ git+https://github.com/OWNER/minutebook@v{__version__}' "
        f"(or 'minutebook=={__version__}' once on PyPI); or make the archive with  "
        "minutebook init --install-from REQUIREMENT\n"
    ) in err
    # On GitHub the install step then stops at once, and pip's message is the instruction; it
    # never asks an index for a package of that name (a name someone else could publish).
    refused = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--no-index", placeholder],
        capture_output=True,
        text=True,
        check=False,
    )
    assert refused.returncode != 0
    assert f"Invalid requirement: '{placeholder}'" in refused.stderr
    assert "see README.md" in placeholder
    assert placeholder in (folder / "README.md").read_text("utf-8")


@pytest.mark.parametrize(
    ("requirement", "message"),
    [
        ("", "--install-from is empty"),
        ("minutebook\n--index-url=https://evil.example", "--install-from must be one line"),
        ("--index-url=https://evil.example", "--install-from takes a requirement, not a pip"),
    ],
)
def test_init_refuses_an_install_from_that_is_not_one_requirement(
    tmp_path, capsys, requirement, message
):
    folder = tmp_path / "minutes"
    assert main(["init", str(folder), f"--install-from={requirement}"]) == 2
    assert capsys.readouterr().err.startswith(f"minutebook: error: {message}")
    assert not folder.exists()


@pytest.mark.parametrize(
    ("direct_url", "requirement"),
    [
        # installed from an index such as PyPI: pip records no URL
        (None, "minutebook==0.1.0"),
        # pip install git+https://github.com/example/minutebook@v0.1.0: the commit it was
        (
            {
                "url": "https://github.com/example/minutebook",
                "vcs_info": {"vcs": "git", "requested_revision": "v0.1.0", "commit_id": "3f2a9c"},
            },
            "minutebook @ git+https://github.com/example/minutebook@3f2a9c",
        ),
        (
            {"url": "https://example.org/minutebook-0.1.0-py3-none-any.whl", "archive_info": {}},
            "minutebook @ https://example.org/minutebook-0.1.0-py3-none-any.whl",
        ),
        # pip install . (the README's quick start), a wheel file, an editable install
        ({"url": "file:///home/clerk/minutebook", "dir_info": {}}, None),
        ({"url": "file:///tmp/minutebook-0.1.0-py3-none-any.whl", "archive_info": {}}, None),
        ({"url": "file:///work/main", "dir_info": {"editable": True}}, None),
        ({"url": "git@github.com:x/y"}, None),
    ],
)
def test_the_default_is_where_pip_installed_this_copy_from(direct_url, requirement):
    recorded = None if direct_url is None else json.dumps(direct_url)
    assert requirement_from(recorded, "0.1.0") == requirement


def test_this_repository_offers_the_check_as_a_pre_commit_hook():
    (hook,) = yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert hook == {
        "id": "minutebook-check",
        "name": "minutebook check",
        "description": hook["description"],
        "entry": "minutebook check",
        "language": "python",
        "pass_filenames": False,
        "files": r"^(content/.*\.md|minutebook\.yaml)$",
    }
    pattern = re.compile(hook["files"])
    assert pattern.search("content/shp/2011-02-15.md")
    assert pattern.search("minutebook.yaml")
    assert not pattern.search("output/index.html")
