"""Whole mini-sites with one mistake each (Zola's test_sites_invalid): exact messages, no output.

Each folder under tests/fixtures/invalid/ is a site; its expected.txt holds the rendered
diagnostics, one per line (`{site}` stands for the site folder). A failed build publishes nothing:
no output folder appears, and a previous good output stays byte for byte as it was.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, build_site, copy_site, expected_lines, files_in, rendered
from minutebook.commands.check import check_site

INVALID = sorted(p for p in (FIXTURES / "invalid").iterdir() if p.is_dir())
KNOWN_BUGS: dict[str, str] = {}


# Sites whose mistake is the output folder itself: an --output override would side-step it.
ABOUT_THE_OUTPUT_FOLDER = {"output-inside-content"}


def cases(*, messages: bool) -> list[object]:
    """Every invalid site; known bugs are expected failures only where messages are compared."""
    return [
        pytest.param(
            folder,
            id=folder.name,
            marks=[pytest.mark.xfail(reason=KNOWN_BUGS[folder.name], strict=True)]
            if messages and folder.name in KNOWN_BUGS
            else [],
        )
        for folder in INVALID
        if messages or folder.name not in ABOUT_THE_OUTPUT_FOLDER
    ]


def test_there_are_invalid_sites_for_each_kind_of_mistake():
    names = {folder.name for folder in INVALID}
    assert {
        "unknown-field",
        "bad-date",
        "missing-closing-fence",
        "duplicate-key",
        "wrong-shape",
        "tab-indent",
        "invalid-utf8",
        "same-day-collision",
        "missing-document",
        "bad-config-key",
        "link-to-a-missing-meeting",
        "link-outside-content",
    } <= names
    assert all((folder / "expected.txt").is_file() for folder in INVALID)


@pytest.mark.parametrize("folder", cases(messages=True))
def test_invalid_site_gives_exactly_the_expected_diagnostics_and_writes_nothing(
    folder: Path, tmp_path: Path
):
    root = copy_site(folder, tmp_path)
    before = files_in(root)
    report = build_site(root, output=None)  # the config's output folder, as a clerk runs it
    assert rendered(report.diagnostics) == expected_lines(folder, root)
    assert not report.published
    assert files_in(root) == before  # no output folder, nothing else touched either


@pytest.mark.parametrize("folder", cases(messages=False))
def test_check_finds_exactly_what_build_finds_and_writes_nothing(folder: Path, tmp_path: Path):
    """`build` runs `check` first: outside the output folder's own rules, the two agree."""
    root = copy_site(folder, tmp_path)
    before = files_in(root)
    checked = check_site(root, drafts=False)
    assert rendered(checked.diagnostics) == expected_lines(folder, root)
    assert checked.is_failure(strict=False)
    assert files_in(root) == before


@pytest.mark.parametrize("folder", cases(messages=False))
def test_invalid_site_leaves_the_previous_output_byte_for_byte(folder: Path, tmp_path: Path):
    good = tmp_path / "good"
    shutil.copytree(FIXTURES / "valid" / "minimal", good)
    output = tmp_path / "published"
    assert build_site(good, output=output).published
    before = files_in(output)
    assert before

    root = copy_site(folder, tmp_path)
    report = build_site(root, output=output)
    assert not report.published
    assert report.diagnostics
    assert files_in(output) == before


VALID = sorted(p for p in (FIXTURES / "valid").iterdir() if p.is_dir())


@pytest.mark.parametrize("folder", VALID, ids=lambda folder: folder.name)
def test_a_valid_site_checks_and_builds_without_any_diagnostic(folder: Path, tmp_path: Path):
    root = copy_site(folder, tmp_path)
    assert rendered(check_site(root).diagnostics) == []
    report = build_site(root, output=None)
    assert rendered(report.diagnostics) == []
    assert report.published
    assert (root / "output/meetings").is_dir()
