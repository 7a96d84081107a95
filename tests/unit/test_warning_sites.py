"""Mini-sites with one slip each: allowed, so the site still builds, but worth a second look.

Each folder under tests/fixtures/warnings/ is a site whose expected.txt holds the exact warnings.
`build` publishes it with those warnings; `check` exits 0, and `check --strict` exits 1.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import FIXTURES, build_site, copy_site, expected_lines, rendered
from minutebook.commands.check import check_site
from minutebook.commands.cli import main
from minutebook.core import cache
from minutebook.reading import loading

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
        "broken-links",
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


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The source of every meeting file parsed (builds run with one job, in this process)."""
    parsed: list[str] = []
    real = loading.parse_meeting

    def counting(source, *args, **kwargs):
        parsed.append(source.path)
        return real(source, *args, **kwargs)

    monkeypatch.setattr(loading, "parse_meeting", counting)
    return parsed


@pytest.mark.parametrize("folder", WARNING_SITES, ids=lambda folder: folder.name)
def test_a_rebuild_from_the_cache_gives_exactly_the_warnings_of_a_fresh_read(
    folder: Path, tmp_path, parses: list[str]
):
    root = copy_site(folder, tmp_path)
    expected = expected_lines(folder, root)
    assert rendered(check_site(root).diagnostics) == expected  # no cache
    assert rendered(check_site(root, store=cache.Store(root)).diagnostics) == expected
    parses.clear()
    assert rendered(check_site(root, store=cache.Store(root)).diagnostics) == expected
    assert parses == []  # every meeting, and its warnings, came from the cache


def epoch_of(day: str) -> str:
    return str(int(dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC).timestamp()))


def test_approved_in_the_future_is_decided_on_the_day_of_each_build(
    tmp_path, monkeypatch: pytest.MonkeyPatch, parses: list[str]
):
    """The cache keeps what the minutes say; whether their date is still to come is asked anew."""
    root = copy_site(FIXTURES / "warnings" / "approved-in-the-future", tmp_path)
    future = (
        "content/shp/2027-02-15.md:4:9: warning: these minutes are marked approved, but the "
        "meeting's date, 2027-02-15, is after today ({today})"
    )
    for today, expected in [
        ("2026-01-01", [future.format(today="2026-01-01")]),
        ("2027-02-15", []),
        ("2027-06-01", []),
        ("2020-09-13", [future.format(today="2020-09-13")]),
    ]:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch_of(today))
        report = build_site(root)
        assert report.published
        assert rendered(report.diagnostics) == expected, today
        assert rendered(build_site(root, use_cache=False).diagnostics) == expected, today
    assert parses == ["content/shp/2027-02-15.md"] * 5  # once with the cache, four times without
