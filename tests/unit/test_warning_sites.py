"""Mini-sites with one slip each: allowed, so the site still builds, but worth a second look.

Each folder under tests/fixtures/warnings/ is a site whose expected.txt holds the exact warnings.
`build` publishes it with those warnings; `check` exits 0, and `check --strict` exits 1.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES, build_site, copy_site, expected_lines, rendered
from minutebook.cli import main

WARNING_SITES = sorted(p for p in (FIXTURES / "warnings").iterdir() if p.is_dir())


def test_there_is_a_site_for_each_kind_of_slip():
    assert {folder.name for folder in WARNING_SITES} >= {
        "organisation-look-alike",
        "topic-look-alike",
        "present-and-apologies",
        "duplicate-item-number",
        "item-out-of-sequence",
        "approved-in-the-future",
        "next-meeting-before-this-one",
        "no-agenda-items",
        "link-to-draft-minutes",
    }


@pytest.mark.parametrize("folder", WARNING_SITES, ids=lambda folder: folder.name)
def test_a_slip_gives_exactly_its_warnings_and_the_site_still_builds(folder: Path, tmp_path):
    root = copy_site(folder, tmp_path)
    report = build_site(root)
    expected = expected_lines(folder, root)
    assert rendered(report.diagnostics) == expected
    assert expected and all(": warning: " in line for line in expected)
    assert report.published


@pytest.mark.parametrize("folder", WARNING_SITES, ids=lambda folder: folder.name)
def test_check_passes_a_slip_but_strict_check_does_not(folder: Path, tmp_path, capsys):
    root = copy_site(folder, tmp_path)
    assert main(["check", str(root)]) == 0
    assert main(["check", str(root), "--strict"]) == 1
    out = capsys.readouterr().out
    for line in expected_lines(folder, root):
        assert line in out
    assert not (root / "output").exists()
