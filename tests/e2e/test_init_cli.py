"""`minutebook init`: a new archive that checks and builds as it is, never over a clerk's files."""

from __future__ import annotations

import re

import yaml

from conftest import REPO_ROOT, files_in
from minutebook import __version__
from minutebook.commands.cli import main

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


def test_the_workflow_checks_builds_and_deploys_to_pages_with_this_version(tmp_path, capsys):
    assert main(["init", str(tmp_path)]) == 0
    workflow = yaml.safe_load((tmp_path / ".github/workflows/publish.yml").read_text("utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    runs = [step.get("run", "") for step in steps]
    uses = [step.get("uses", "") for step in steps + workflow["jobs"]["deploy"]["steps"]]
    assert f'python -m pip install "minutebook=={__version__}"' in runs
    assert "minutebook check --format github" in runs
    assert any(run.startswith("minutebook build") for run in runs)
    assert any(use.startswith("actions/upload-pages-artifact@") for use in uses)
    assert any(use.startswith("actions/deploy-pages@") for use in uses)
    assert workflow["permissions"]["pages"] == "write"
    assert workflow["permissions"]["id-token"] == "write"


def test_the_pre_commit_hook_runs_check_on_minutes_and_config(tmp_path, capsys):
    assert main(["init", str(tmp_path)]) == 0
    config = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text("utf-8"))
    (hook,) = config["repos"][0]["hooks"]
    assert hook["entry"] == "minutebook check"
    assert hook["pass_filenames"] is False
    assert hook["additional_dependencies"] == [f"minutebook=={__version__}"]


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
