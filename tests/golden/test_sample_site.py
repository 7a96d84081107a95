"""The sample archive (the repository's own content/) against its golden output, file by file.

`python -m pytest tests/golden --update-golden` rewrites tests/golden/sample-site/ from a fresh
build (Pelican's update-functional-tests); review the diff before committing it.

The rest of this file reads like a clerk checking the published pages against the paper minutes.
"""

from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path

import pytest

from conftest import build_site, files_in, rendered, visible_text

SITE_ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent / "sample-site"
SEEDS = Path("/work/shared/seeds")

MEETING_2011 = "meetings/2011/02/15/safer-halton-partnership/index.html"
MEETING_2019 = "meetings/2019/10/16/safer-halton-partnership/index.html"

# The Present lists of the two paper minutes (shared/seeds/*.txt), as printed.
PRESENT_2011 = [
    "S. Blackwell",
    "S. Boycott",
    "Cllr D. Cargill",
    "A. Collins",
    "S. Eastwood",
    "D. Houghton",
    "D. Johnson",
    "A. Jones",
    "R. Lyden",
    "C. Myring",
    "Cllr S Osborne",
    "D. Parr",
    "N. Sharpe",
    "K. Thornden",
    "C. Walsh",
    "L. Weston",
    "L. Lucas",
]
PRESENT_2019 = [
    "Chris Patino",
    "Cllr Dave Cargill",
    "Ceri Schofield",
    "Deana Perchard",
    "Hayley Dooley",
    "John Bucknall",
    "John Davidson",
    "Lisa Gill",
    "Martin Cambell",
    "Mike Andrews",
    "Mike Clarke",
    "Patricia Preston",
    "Rebecca Stokes",
    "Samantha Atkinson",
    "Simon Bell",
    "Simon Parsonage",
    "Sharon Morris",
    "Shélah Semoff",
]


@pytest.fixture(scope="module")
def sample_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("sample") / "output"
    report = build_site(SITE_ROOT, output=output)
    assert rendered(report.diagnostics) == []
    assert report.published
    return output


def page(output: Path, relative: str) -> str:
    return (output / relative).read_text("utf-8")


# -- golden ------------------------------------------------------------------------------------


def test_the_sample_site_matches_the_golden_output_file_by_file(sample_output, update_golden):
    built = files_in(sample_output)
    if update_golden:
        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(sample_output, GOLDEN)
        pytest.skip(f"rewrote {GOLDEN.relative_to(SITE_ROOT)} ({len(built)} files)")
    assert GOLDEN.is_dir(), "no golden output yet: run pytest tests/golden --update-golden"
    golden = files_in(GOLDEN)
    assert sorted(built) == sorted(golden), "the set of output files differs from the golden"
    changed = [name for name in sorted(built) if built[name] != golden[name]]
    assert changed == [], f"these files differ from the golden output: {changed}"


def test_the_golden_output_has_no_absolute_paths_or_versions():
    from minutebook import __version__

    for name, data in files_in(GOLDEN).items():
        if name.endswith(".pagefind"):
            continue  # the search's WebAssembly: no text of ours
        if data[:2] == b"\x1f\x8b":  # the search index's files are gzipped
            data = gzip.decompress(data)
        text = data.decode("utf-8", "replace")
        assert str(SITE_ROOT) not in text, name
        assert "/tmp/" not in text, name
        assert f"minutebook {__version__}" not in text.lower(), name


def test_two_builds_are_byte_identical(sample_output, tmp_path):
    again = tmp_path / "again"
    assert build_site(SITE_ROOT, output=again).published
    assert files_in(again) == files_in(sample_output)


# -- what a clerk checks against the paper minutes ----------------------------------------------


def test_the_2011_meeting_lists_cheshire_fire_and_rescue_and_links_to_it(sample_output):
    html = page(sample_output, MEETING_2011)
    assert "Cheshire Fire &amp; Rescue Service" in html
    assert 'href="/organisations/cheshire-fire-and-rescue-service/"' in html


# How the 2011 minutes write four organisations, the page each resolves to, and its listed name.
WRITTEN_2011 = [
    ("Halton Housing Trust", "halton-housing", "Halton Housing"),
    (
        "Halton &amp; ST Helens PCT",
        "halton-and-st-helens-primary-care-trust",
        "Halton &amp; St Helens Primary Care Trust",
    ),
    ("Police Authority", "cheshire-police-authority", "Cheshire Police Authority"),
    ("Cheshire Immigration Team - UK Border Agency", "uk-border-agency", "UK Border Agency"),
]


@pytest.mark.parametrize(("written", "slug", "listed"), WRITTEN_2011)
def test_the_2011_page_names_each_organisation_as_the_minutes_write_it(
    sample_output, written, slug, listed
):
    """Minutes are approved as written: the page shows the clerk's words, linked to the entry
    they resolve to, and says in words (not in a title attribute) what it is listed as now."""
    html = page(sample_output, MEETING_2011)
    link = f'<a href="/organisations/{slug}/">{written}</a>'
    note = f'<span class="listed-as">(now listed as {listed})</span>'
    assert f"{link} {note}" in html
    assert "title=" not in html
    text = visible_text(html)
    shown = visible_text(f"{written} (now listed as {listed})")
    assert shown in text


def test_a_name_written_as_the_archive_lists_it_has_no_note(sample_output):
    html = page(sample_output, MEETING_2011)
    assert (
        '<a href="/organisations/cheshire-police-authority/">Cheshire Police Authority</a></dt>'
        in html
    )
    assert (
        '<dd><a href="/organisations/safer-halton-partnership/">Safer Halton Partnership</a></dd>'
        in html
    )


def test_indexes_and_organisation_pages_still_use_the_listed_names(sample_output):
    for slug, listed, people in [
        ("halton-housing", "Halton Housing", "N. Sharpe"),
        ("cheshire-police-authority", "Cheshire Police Authority", "Cllr D. Cargill, A. Collins"),
        ("uk-border-agency", "UK Border Agency", "L. Weston"),
    ]:
        html = page(sample_output, f"organisations/{slug}/index.html")
        assert f"<h1>{listed}</h1>" in html
        assert f"represented by {people}" in visible_text(html)
    index = visible_text(page(sample_output, "organisations/index.html"))
    for written in ("Halton Housing Trust", "Police Authority (", "Cheshire Immigration Team"):
        assert written not in index


def test_the_fire_service_page_links_back_to_both_meetings_under_either_spelling(sample_output):
    html = page(sample_output, "organisations/cheshire-fire-and-rescue-service/index.html")
    assert "<h1>Cheshire Fire &amp; Rescue Service</h1>" in html
    assert 'href="/meetings/2011/02/15/safer-halton-partnership/"' in html  # "&" in 2011
    assert 'href="/meetings/2019/10/16/safer-halton-partnership/"' in html  # "and" in 2019
    text = visible_text(html)
    assert "represented by L. Lucas" in text
    assert "represented by Mike Clarke" in text


def test_the_substance_misuse_topic_links_to_item_shp41(sample_output):
    html = page(sample_output, "topics/substance-misuse/index.html")
    assert 'href="/meetings/2011/02/15/safer-halton-partnership/#item-shp41"' in html


@pytest.mark.parametrize(
    ("seed", "relative", "names"),
    [
        ("shp-2011-02-15-minutes.txt", MEETING_2011, PRESENT_2011),
        ("shp-2019-10-16-action-points.txt", MEETING_2019, PRESENT_2019),
    ],
)
def test_everyone_present_on_the_paper_minutes_is_on_the_meeting_page(
    sample_output, seed, relative, names
):
    if (SEEDS / seed).is_file():  # the list above is copied from the paper; check the copy
        paper = (SEEDS / seed).read_text("utf-8")
        assert all(name in paper for name in names)
    text = visible_text(page(sample_output, relative))
    missing = [name for name in names if name not in text]
    assert missing == []


def test_every_agenda_item_has_its_anchor(sample_output):
    html_2011 = page(sample_output, MEETING_2011)
    html_2019 = page(sample_output, MEETING_2019)
    for number in range(38, 51):
        assert f'id="item-shp{number}"' in html_2011
        assert f'href="#item-shp{number}"' in html_2011
    for number in range(1, 14):
        assert f'id="item-{number}"' in html_2019
        assert f'href="#item-{number}"' in html_2019


def test_the_2019_page_shows_the_next_meeting(sample_output):
    text = visible_text(page(sample_output, MEETING_2019))
    assert re.search(
        r"Next meeting\s*19 February 2020, 10:00, Ground Floor Boardroom, Municipal Buildings, "
        r"Widnes",
        text,
    )


def test_the_2011_funding_figures_appear(sample_output):
    text = visible_text(page(sample_output, MEETING_2011))
    for amount in ("£368,000", "£448,000", "£532,000"):
        assert amount in text


def test_the_apologies_appear_on_both_pages(sample_output):
    text_2011 = visible_text(page(sample_output, MEETING_2011))
    text_2019 = visible_text(page(sample_output, MEETING_2019))
    for name in ("Christine Frazer", "Richard Gorst", "Phil Kilgour", "Richard Strachan"):
        assert name in text_2011
    for name in ("D Parr", "S Johnson-Griffiths", "S Holmes"):
        assert name in text_2019


def test_procedural_items_are_not_listed_under_topics(sample_output):
    for topic_page in (sample_output / "topics").glob("*/index.html"):
        html = topic_page.read_text("utf-8")
        for anchor in ("item-shp38", "item-shp39", "item-shp40", "item-shp49", "item-12"):
            assert f'#{anchor}"' not in html, (topic_page, anchor)


def test_the_home_page_lists_both_meetings_newest_first(sample_output):
    html = page(sample_output, "index.html")
    newest = html.index("/meetings/2019/10/16/safer-halton-partnership/")
    oldest = html.index("/meetings/2011/02/15/safer-halton-partnership/")
    assert newest < oldest
