"""Names as the minutes record them: a meeting's page shows each organisation as its file writes
it, linked to the entry it resolves to, with the name the archive lists it under when that
differs; every index, count and organisation page still goes by the entry."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

from conftest import REPO_ROOT, build_site, make_site, parse_text, rendered, visible_text
from minutebook.core.model import Attendee, OrganisationSlug

SAMPLE_CONFIG = (REPO_ROOT / "minutebook.yaml").read_text("utf-8")
PATH = "content/shp/2011-02-15.md"

WRITTEN = """\
---
organisation: SHP
date: 2011-02-15
present:
  - name: N. Sharpe
    organisation: Halton Housing Trust
  - name: S. Morris
    organisation: Halton Housing
  - name: C. Walsh
    organisation: "Halton & ST Helens PCT"
  - D. Parr
in_attendance:
  - name: A. Jones
    organisation: HBC
    role: Democratic Services
apologies:
  - name: L. Weston
    organisation: Cheshire Immigration Team - UK Border Agency
---

## 1. Welcome
"""


def section(html: str, start: str, end: str = "</section>") -> str:
    at = html.index(start)
    return html[at : html.index(end, at)]


def sample_site(tmp_path: Path, *meetings: str) -> Path:
    """The sample's minutebook.yaml, and the meetings on 15, 16… February 2011."""
    files = []
    for n, text in enumerate(meetings):
        day = f"2011-02-{15 + n:02}"
        files.append(f"-- content/shp/{day}.md --\n{text.replace('2011-02-15', day)}")
    return make_site(tmp_path, f"-- minutebook.yaml --\n{SAMPLE_CONFIG}\n{''.join(files)}")


def built(root: Path) -> Path:
    report = build_site(root)
    assert rendered(report.diagnostics) == []
    assert report.published
    return root / "output"


# -- the model keeps what the file writes ------------------------------------------------------


def test_the_meeting_keeps_each_organisation_as_written_beside_the_entry_it_resolves_to():
    meeting, problems = parse_text(WRITTEN, path=PATH, config=SAMPLE_CONFIG)
    assert problems == []
    assert meeting is not None
    assert (meeting.organisation, meeting.organisation_as_written) == (
        "safer-halton-partnership",
        "SHP",
    )
    assert [(p.organisation, p.organisation_as_written) for p in meeting.attendees()] == [
        ("halton-housing", "Halton Housing Trust"),
        ("halton-housing", "Halton Housing"),
        ("halton-and-st-helens-primary-care-trust", "Halton & ST Helens PCT"),
        (None, None),
        ("halton-borough-council", "HBC"),
    ]
    assert meeting.apologies[0].organisation_as_written == (
        "Cheshire Immigration Team - UK Border Agency"
    )


def test_as_listed_the_written_names_are_left_out_and_come_back_whole_from_the_cache():
    meeting, _ = parse_text(WRITTEN, path=PATH, config=SAMPLE_CONFIG)
    assert meeting is not None
    listed = meeting.as_listed()
    assert listed.organisation_as_written is None
    assert all(p.organisation_as_written is None for p in listed.attendees())
    assert listed.as_listed() == listed
    assert pickle.loads(pickle.dumps(meeting)) == meeting
    assert pickle.loads(pickle.dumps(listed)) == listed


def test_a_person_as_written_is_never_taken_for_a_person_as_listed():
    """Attendees as listed are held once per process (model._attendee): one with a written
    organisation must not come back as, or stand in for, one without."""
    body = OrganisationSlug("halton-housing")
    listed = Attendee("N. Sharpe", body)
    written = Attendee("N. Sharpe", body, organisation_as_written="Halton Housing Trust")
    first = pickle.loads(pickle.dumps(listed))
    again = pickle.loads(pickle.dumps(written))
    assert again == written and again is not first
    assert pickle.loads(pickle.dumps(listed)) is first


# -- the meeting's page ------------------------------------------------------------------------


def test_the_page_shows_every_organisation_as_written_linked_to_its_entry(tmp_path: Path):
    output = built(sample_site(tmp_path, WRITTEN))
    html = (output / "meetings/2011/02/15/safer-halton-partnership/index.html").read_text("utf-8")
    facts = section(html, '<dl class="facts">', "</dl>")
    assert (
        '<a href="/organisations/safer-halton-partnership/">SHP</a> '
        '<span class="listed-as">(now listed as Safer Halton Partnership)</span>'
    ) in facts
    attendance = visible_text(section(html, '<section class="attendance"'))
    for shown in [
        "Halton & ST Helens PCT (now listed as Halton & St Helens Primary Care Trust) C. Walsh",
        "Halton Housing S. Morris",
        "Halton Housing Trust (now listed as Halton Housing) N. Sharpe",
        "A. Jones, Democratic Services, HBC (now listed as Halton Borough Council)",
        "L. Weston, Cheshire Immigration Team - UK Border Agency (now listed as UK Border Agency)",
    ]:
        assert shown in attendance
    links = re.findall(r'<a href="/organisations/([^"]+)/">([^<]+)</a>', html)
    assert ("halton-housing", "Halton Housing Trust") in links
    assert ("halton-housing", "Halton Housing") in links
    assert ("halton-borough-council", "HBC") in links
    assert ("uk-border-agency", "Cheshire Immigration Team - UK Border Agency") in links
    assert "title=" not in html  # the note is words on the page, for every reader


def test_the_pages_title_and_the_ways_back_use_the_listed_name(tmp_path: Path):
    """The title is the archive's name for the meeting, the same on every list that shows it."""
    output = built(sample_site(tmp_path, WRITTEN))
    html = (output / "meetings/2011/02/15/safer-halton-partnership/index.html").read_text("utf-8")
    assert '<h1 id="meeting-title">Safer Halton Partnership, 15 February 2011</h1>' in html
    assert 'aria-label="Other meetings of Safer Halton Partnership"' in html
    home = (output / "index.html").read_text("utf-8")
    assert "SHP" not in visible_text(home)


def test_organisation_pages_and_indexes_group_by_the_entry(tmp_path: Path):
    output = built(sample_site(tmp_path, WRITTEN))
    housing = visible_text((output / "organisations/halton-housing/index.html").read_text("utf-8"))
    assert "represented by N. Sharpe, S. Morris" in housing
    index = visible_text((output / "organisations/index.html").read_text("utf-8"))
    assert "Halton Housing Trust" not in index
    assert "Halton Housing attended 1 meeting" in index
    assert not (output / "organisations/halton-housing-trust").exists()


def test_two_spellings_of_one_body_present_are_two_groups_a_to_z_as_written(tmp_path: Path):
    output = built(sample_site(tmp_path, WRITTEN))
    html = (output / "meetings/2011/02/15/safer-halton-partnership/index.html").read_text("utf-8")
    present = section(html, '<dl class="present">', "</dl>")
    headings = [visible_text(h) for h in re.findall(r"<dt>(.*?)</dt>", present)]
    assert headings == [
        "Halton & ST Helens PCT (now listed as Halton & St Helens Primary Care Trust)",
        "Halton Housing",
        "Halton Housing Trust (now listed as Halton Housing)",
        "Other",
    ]


def test_an_unlisted_body_written_two_ways_is_listed_as_the_first_meeting_writes_it(
    tmp_path: Path,
):
    first = WRITTEN.replace("Halton Housing Trust", "Widnes Rotary Club")
    second = WRITTEN.replace("Halton Housing Trust", "WIDNES ROTARY CLUB")
    output = built(sample_site(tmp_path, first, second))
    pages = output / "meetings/2011/02"
    one = (pages / "15/safer-halton-partnership/index.html").read_text("utf-8")
    two = (pages / "16/safer-halton-partnership/index.html").read_text("utf-8")
    assert '<a href="/organisations/widnes-rotary-club/">Widnes Rotary Club</a></dt>' in one
    assert (
        '<a href="/organisations/widnes-rotary-club/">WIDNES ROTARY CLUB</a> '
        '<span class="listed-as">(now listed as Widnes Rotary Club)</span>'
    ) in two


def test_the_note_takes_its_words_from_the_strings_file(tmp_path: Path):
    root = sample_site(tmp_path, WRITTEN)
    strings = root / "themes/default/strings/en.yaml"
    strings.parent.mkdir(parents=True)
    strings.write_text('meeting:\n  listed_as: "[listed here as {name}]"\n', "utf-8")
    output = built(root)
    html = (output / "meetings/2011/02/15/safer-halton-partnership/index.html").read_text("utf-8")
    assert 'Halton Housing Trust</a> <span class="listed-as">[listed here as Halton Housing]' in (
        html
    )
    assert "now listed as" not in html


def test_the_written_name_and_the_listed_name_are_escaped(tmp_path: Path):
    config = SAMPLE_CONFIG.replace(
        "  - name: Remedi\n", "  - name: Remedi <b>\n    aliases: ['<i>Remedi</i>']\n"
    )
    text = WRITTEN.replace("Halton Housing Trust", "'<i>Remedi</i>'")
    root = make_site(
        tmp_path, f"-- minutebook.yaml --\n{config}\n-- content/shp/2011-02-15.md --\n{text}"
    )
    html = (built(root) / "meetings/2011/02/15/safer-halton-partnership/index.html").read_text(
        "utf-8"
    )
    assert "&lt;i&gt;Remedi&lt;/i&gt;</a>" in html
    assert "(now listed as Remedi &lt;b&gt;)" in html
    assert "<i>" not in html and "<b>" not in html
