"""Attendance without organisations: when nobody present has one (a parish council, a committee
of individuals) the page lists them plainly, under no "Other" heading; a list where some have
one is still grouped by organisation, with "Other" last. The fixture is
tests/fixtures/valid/parish-council/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import REPO_ROOT, build_site, copy_site, rendered

PARISH = REPO_ROOT / "tests/fixtures/valid/parish-council"
PLAIN = "meetings/2024/03/12/hale-parish-council/index.html"
MIXED = "meetings/2024/04/09/hale-parish-council/index.html"


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_site(PARISH, tmp_path_factory.mktemp("parish"))
    report = build_site(root)
    assert rendered(report.diagnostics) == []
    assert report.published
    return root / "output"


def attendance(output: Path, page: str) -> str:
    html = (output / page).read_text("utf-8")
    start = html.index('<section class="attendance"')
    return html[start : html.index("</section>", start)]


def test_nobody_present_with_an_organisation_is_a_plain_list(output: Path):
    html = attendance(output, PLAIN)
    assert "<dl" not in html and "<dt>" not in html
    assert "Other" not in html
    assert re.findall(r'<ul class="present">(.*?)</ul>', html) == [
        '<li><a href="/people/p-ashworth/">Cllr P. Ashworth</a> <strong class="chair">(Chair)'
        '</strong></li><li><a href="/people/j-birch/">Cllr J. Birch</a></li>'
        '<li><a href="/people/k-dunne/">Cllr K. Dunne</a><span class="role">, Vice-chair</span>'
        '</li><li><a href="/people/m-holt/">Cllr M. Holt</a></li>'
    ]


def test_in_attendance_and_apologies_without_organisations_are_plain_lists_too(output: Path):
    html = attendance(output, PLAIN)
    assert (
        '<h3 id="in-attendance">In attendance</h3>\n  <ul><li><a href="/people/r-platt/">R. Platt'
        '</a><span class="role">, Parish Clerk</span></li><li>Two members of the public</li></ul>'
    ) in html
    assert (
        '<h3 id="apologies">Apologies</h3>\n  <ul><li><a href="/people/s-wray/">Cllr S. Wray</a>'
        "</li></ul>"
    ) in html


def test_a_mixed_list_is_still_grouped_with_other_last(output: Path):
    html = attendance(output, MIXED)
    headings = re.findall(r"<dt>(.*?)</dt>", html)
    assert headings == [
        '<a href="/organisations/halton-borough-council/">Halton Council</a> '
        '<span class="listed-as">(now listed as Halton Borough Council)</span>',
        "Other",
    ]
    assert '<ul class="present">' not in html
