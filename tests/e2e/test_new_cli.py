"""`minutebook new`: the next meeting's file, pre-filled from the body's last minutes."""

from __future__ import annotations

import pytest

from conftest import files_in, make_site
from minutebook.commands.cli import main

CONFIG = """
-- minutebook.yaml --
title: Test minutes
organisations:
  - name: Safer Halton Partnership
    short_name: SHP
    aliases: [Safer Halton]
  - name: Cheshire Constabulary
    aliases: [Cheshire Police]
  - name: Halton Borough Council
    short_name: HBC
"""
SHP = (
    CONFIG
    + """
-- content/shp/2010-11-10.md --
---
organisation: SHP
date: 2010-11-10
---
## SHP30 Welcome and introductions
-- content/shp/2011-02-15.md --
---
organisation: Safer Halton Partnership
date: 2011-02-15
time: 14:00-16:30
location: "Civic Suite: Town Hall, Runcorn"
status: approved
present:
  - name: D. Parr
    role: Chief Executive
    chair: true
  - name: S. Blackwell
    organisation: Cheshire Police
  - Cllr S Osborne
in_attendance:
  - name: A. Jones
    role: Democratic Services
apologies:
  - Christine Frazer
next_meeting:
  date: 2026-04-20
  time: 10:00
  location: Council Chamber, Runcorn
---
## SHP38 Welcome & introductions

## SHP49 Any other business

## SHP50 Items for information
"""
)
DRAFT = """\
---
organisation: Safer Halton Partnership
date: 2026-04-20
time: 10:00
location: Council Chamber, Runcorn
status: draft
# Copied from the meeting of 15 February 2011: correct it.
present:
  - name: D. Parr
    role: Chief Executive
    chair: true
  - name: S. Blackwell
    organisation: Cheshire Constabulary
  - Cllr S Osborne
in_attendance:
  - name: A. Jones
    role: Democratic Services
---

## SHP51 Welcome and introductions

## SHP52 Apologies

## SHP53 Minutes of the last meeting

The minutes of the meeting held on [15 February 2011](2011-02-15.md)
were agreed as a correct record.
"""


def test_new_drafts_the_next_meeting_from_the_last_minutes(tmp_path, capsys):
    root = make_site(tmp_path, SHP)
    assert main(["new", "Safer Halton Partnership", "--site", str(root)]) == 0
    created = root / "content/shp/2026-04-20.md"
    assert capsys.readouterr().out == f"{created}\n"
    assert created.read_text("utf-8") == DRAFT


def test_the_drafted_file_passes_a_strict_check_and_its_link_points_at_the_last_meeting(
    tmp_path, capsys
):
    root = make_site(tmp_path, SHP)
    assert main(["new", "SHP", "--site", str(root)]) == 0
    assert main(["check", str(root), "--strict"]) == 0
    assert main(["build", str(root), "--drafts", "--quiet"]) == 0
    page = root / "output/meetings/2026/04/20/safer-halton-partnership/index.html"
    html = page.read_text("utf-8")
    assert '<a href="/meetings/2011/02/15/safer-halton-partnership/">15 February 2011</a>' in html


@pytest.mark.parametrize(
    "name", ["SHP", "shp", "Safer Halton", "safer-halton-partnership", "SAFER HALTON PARTNERSHIP"]
)
def test_the_body_may_be_named_by_short_name_alias_or_slug(tmp_path, capsys, name):
    root = make_site(tmp_path, SHP)
    assert main(["new", name, "2011-04-20", "--site", str(root)]) == 0
    text = (root / "content/shp/2011-04-20.md").read_text("utf-8")
    assert text.startswith("---\norganisation: Safer Halton Partnership\ndate: 2011-04-20\n")
    # Not the planned date: the time and place of the last meeting are the starting point.
    assert 'time: 14:00-16:30\nlocation: "Civic Suite: Town Hall, Runcorn"\n' in text


def test_an_unknown_body_is_a_usage_error_with_a_suggestion(tmp_path, capsys):
    root = make_site(tmp_path, SHP)
    before = files_in(root)
    assert main(["new", "Safer Haltn Partnership", "--site", str(root)]) == 2
    assert capsys.readouterr().err == (
        "minutebook: error: there is no organisation called 'Safer Haltn Partnership' in "
        "minutebook.yaml or in the minutes (did you mean 'Safer Halton Partnership'?)\n"
    )
    assert files_in(root) == before


def test_new_never_overwrites_a_file(tmp_path, capsys):
    root = make_site(tmp_path, SHP + "-- content/shp/2011-04-20.md --\nnot minutes yet, but mine\n")
    before = files_in(root)
    assert main(["new", "SHP", "2011-04-20", "--site", str(root)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"minutebook: error: {root / 'content/shp/2011-04-20.md'} already exists")
    assert files_in(root) == before


def test_new_refuses_a_second_file_for_a_meeting_already_written(tmp_path, capsys):
    root = make_site(tmp_path, SHP)
    before = files_in(root)
    assert main(["new", "SHP", "2010-11-10", "--site", str(root)]) == 1
    assert capsys.readouterr().err == (
        "minutebook: error: the minutes of the Safer Halton Partnership meeting on 2010-11-10 "
        "are already in content/shp/2010-11-10.md; edit that file (or, for a second meeting "
        "that day, copy it to a file named after the date and what sets that meeting apart, "
        "e.g. content/shp/2010-11-10-evening.md)\n"
    )
    assert files_in(root) == before


def test_a_date_between_meetings_is_drafted_from_the_meeting_before_it(tmp_path, capsys):
    root = make_site(tmp_path, SHP)
    assert main(["new", "SHP", "2011-01-05", "--site", str(root)]) == 0
    text = (root / "content/shp/2011-01-05.md").read_text("utf-8")
    assert "## SHP31 Welcome and introductions" in text
    assert "[10 November 2010](2010-11-10.md)" in text
    assert "present:" not in text


def test_plain_numbers_start_again_at_one_written_the_same_way(tmp_path, capsys):
    root = make_site(
        tmp_path,
        """
-- content/hbc/2019-10-16.md --
---
organisation: Halton Borough Council
date: 2019-10-16
---
## 1) Welcome
## 12) AOB
## 13) Date and time of next meeting
""",
    )
    assert main(["new", "--site", str(root)]) == 0  # the only body; today's date
    text = (root / "content/hbc/2026-01-01.md").read_text("utf-8")
    assert [line for line in text.splitlines() if line.startswith("## ")] == [
        "## 1) Welcome and introductions",
        "## 2) Apologies",
        "## 3) Minutes of the last meeting",
    ]


def test_item_n_numbering_and_unnumbered_minutes_are_followed(tmp_path, capsys):
    root = make_site(
        tmp_path,
        """
-- content/a/2019-10-16.md --
---
organisation: Board A
date: 2019-10-16
---
## Item 7: Budget
-- content/b/2019-10-16.md --
---
organisation: Board B
date: 2019-10-16
---
## Welcome
## Budget
""",
    )
    assert main(["new", "Board A", "2020-01-01", "--site", str(root)]) == 0
    assert main(["new", "board-b", "2020-01-01", "--site", str(root)]) == 0
    a = (root / "content/a/2020-01-01.md").read_text("utf-8")
    b = (root / "content/b/2020-01-01.md").read_text("utf-8")
    assert "## Item 1: Welcome and introductions\n" in a
    assert "## Welcome and introductions\n" in b
    assert "## Apologies\n" in b


def test_a_listed_body_without_minutes_gets_a_numbered_skeleton_in_its_own_folder(tmp_path, capsys):
    root = make_site(tmp_path, SHP)
    assert main(["new", "HBC", "2026-02-01", "--site", str(root)]) == 0
    text = (root / "content/halton-borough-council/2026-02-01.md").read_text("utf-8")
    assert text == (
        "---\norganisation: Halton Borough Council\ndate: 2026-02-01\nstatus: draft\n---\n\n"
        "## 1. Welcome and introductions\n\n## 2. Apologies\n\n"
        "## 3. Minutes of the last meeting\n"
    )
    assert main(["check", str(root), "--strict"]) == 0


def test_with_several_bodies_the_body_must_be_named(tmp_path, capsys):
    root = make_site(
        tmp_path,
        SHP + "-- content/hbc/2011-01-01.md --\n---\norganisation: HBC\ndate: 2011-01-01\n---\n",
    )
    assert main(["new", "--site", str(root)]) == 2
    assert capsys.readouterr().err == (
        "minutebook: error: say which body met (bodies with minutes: Halton Borough Council, "
        "Safer Halton Partnership)\n"
    )


def test_a_date_alone_is_taken_as_the_date(tmp_path, capsys):
    root = make_site(
        tmp_path, CONFIG + "-- content/x.md --\n---\norganisation: SHP\ndate: 2011-02-15\n---\n"
    )
    assert main(["new", "2011-03-01", "--site", str(root)]) == 0
    assert (root / "content/2011-03-01.md").is_file()


@pytest.mark.parametrize("date", ["15/02/2011", "2011-02-30", "tomorrow"])
def test_a_bad_date_is_a_usage_error(tmp_path, capsys, date):
    root = make_site(tmp_path, SHP)
    assert main(["new", "SHP", date, "--site", str(root)]) == 2
    assert f"the date '{date}' is not a date like 2011-04-20" in capsys.readouterr().err


def test_names_that_need_quotes_are_quoted_and_read_back_as_written(tmp_path, capsys):
    root = make_site(
        tmp_path,
        """
-- content/x/2011-02-15.md --
---
organisation: "NO: the Norway Board"
date: 2011-02-15
present:
  - "*Star, M."
  - name: "yes"
    role: "Chair # of the board"
---
## 1. Welcome
""",
    )
    assert main(["new", "--site", str(root), "2011-03-01"]) == 0
    text = (root / "content/x/2011-03-01.md").read_text("utf-8")
    assert 'organisation: "NO: the Norway Board"' in text
    assert '  - "*Star, M."' in text
    assert main(["check", str(root), "--strict"]) == 0
