"""`minutebook import` as a clerk runs it: what it writes, what it refuses, what it says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import parse_text
from minutebook.commands.cli import main

CONFIG = "title: Test minutes\norganisations:\n  - name: West Dereham Parish Council\n"
HEADING = (
    "Minutes of the meeting of West Dereham Parish Council held on Thursday 9th March 2006 "
    "at 8.00 p.m. in the Village Hall"
)
MINUTES = (
    HEADING
    + """

Present: Cllr J Amber (Chairman), Cllr P Birch, Cllr S Cedar, Mrs D Elm (Clerk)
Also present: 2 members of the public

1. Apologies
Apologies were received from Cllr T Holly and Cllr R Hazel.

2. Minutes of the last meeting
The minutes of the meeting held on 9th February 2006 were approved and signed.

3. Planning
RESOLVED: to support the application for a garage at 4 Mill Lane.

4. Date of next meeting
The next meeting will be held on Thursday 13th April 2006 at 8.00 p.m. in the Village Hall.
"""
)
WRITTEN = "content/west-dereham-parish-council/2006-03-09.md"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    root.mkdir()
    (root / "minutebook.yaml").write_text(CONFIG, "utf-8")
    return root


def run(site: Path, *paths: Path, options: tuple[str, ...] = ()) -> int:
    return main(["import", *map(str, paths), "--site", str(site), *options])


def source(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / "archive" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, "utf-8")
    else:
        path.write_bytes(data)
    return path


def report(capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = json.loads(capsys.readouterr().out)
    return rows


def test_parish_minutes_become_a_draft_that_check_accepts(site, tmp_path, capsys):
    assert run(site, source(tmp_path, "march.txt", MINUTES)) == 0
    meeting, problems = parse_text((site / WRITTEN).read_text("utf-8"), WRITTEN, CONFIG)
    assert meeting is not None and problems == []
    assert meeting.status.value == "draft"
    assert (meeting.location, str(meeting.time.start)) == ("Village Hall", "20:00:00")
    assert [(p.name, p.role, p.is_chair) for p in meeting.present][:2] == [
        ("Cllr J Amber", "Chairman", True),
        ("Cllr P Birch", None, False),
    ]
    assert [p.name for p in meeting.apologies] == ["Cllr T Holly", "Cllr R Hazel"]
    assert [i.number for i in meeting.items] == ["1", "2", "3", "4"]
    assert meeting.next_meeting is not None and str(meeting.next_meeting.date) == "2006-04-13"
    assert "2 members of the public" in meeting.intro_html
    out = capsys.readouterr().out
    assert f"wrote {WRITTEN}" in out and "1 of 1 file imported" in out


def test_json_report_lists_what_was_found_and_each_doubt_with_its_line(site, tmp_path, capsys):
    text = MINUTES.replace("West Dereham Parish Council", "Wereham Parish Council")
    assert run(site, source(tmp_path, "m.txt", text), options=("--format", "json")) == 0
    [row] = report(capsys)
    assert {k: row[k] for k in ("organisation", "date", "items", "present")} == {
        "organisation": "Wereham Parish Council",
        "date": "2006-03-09",
        "items": 4,
        "present": 4,
    }
    assert row["written"] == "content/wereham-parish-council/2006-03-09.md"
    assert {
        k: row["warnings"][0][k]
        for k in ("field", "line")  # type: ignore[index]
    } == {"field": "organisation", "line": 1}


def test_an_existing_file_is_never_overwritten(site, tmp_path, capsys):
    target = site / WRITTEN
    target.parent.mkdir(parents=True)
    target.write_text("the clerk's own file", "utf-8")
    assert run(site, source(tmp_path, "m.txt", MINUTES)) == 1
    assert target.read_text("utf-8") == "the clerk's own file"
    assert "skipped" in capsys.readouterr().out


def test_minutes_already_in_the_archive_are_skipped_with_the_file_named(site, tmp_path, capsys):
    existing = site / "content/wdpc/2006-03-09-x.md"
    existing.parent.mkdir(parents=True)
    existing.write_text(
        "---\norganisation: West Dereham Parish Council\ndate: 2006-03-09\n---\n\n## 1. A\n"
    )
    assert run(site, source(tmp_path, "m.txt", MINUTES), options=("--format", "json")) == 1
    [row] = report(capsys)
    assert row["status"] == "skipped"
    assert "content/wdpc/2006-03-09-x.md" in str(row["reason"])
    assert not (site / WRITTEN).exists()


def test_a_copy_of_the_same_minutes_is_skipped_but_a_second_meeting_is_kept(site, tmp_path, capsys):
    first = source(tmp_path, "a.txt", MINUTES)
    copy = source(tmp_path, "b.txt", MINUTES)
    evening = source(
        tmp_path,
        "c.txt",
        MINUTES.replace("Minutes of the meeting", "Minutes of the extraordinary meeting"),
    )
    assert run(site, first, copy, evening, options=("--format", "json")) == 1
    rows = report(capsys)
    assert [row["status"] for row in rows] == ["imported", "skipped", "imported"]
    assert "a.txt already gives the minutes" in str(rows[1]["reason"])
    assert rows[2]["written"] == WRITTEN.replace(".md", "-extraordinary.md")


def test_dry_run_writes_nothing_and_says_what_it_would_write(site, tmp_path, capsys):
    assert run(site, source(tmp_path, "m.txt", MINUTES), options=("--dry-run",)) == 0
    assert not (site / "content").exists()
    assert f"would write {WRITTEN}" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "the file is empty"),
        ("blank.md", b"\n  \n", "the file is empty"),
        ("junk.txt", bytes(range(256)) * 40, "not a text file"),
        ("junk.docx", b"PK\x03\x04 not really a zip", "not a Word file that can be read"),
        ("junk.pdf", b"%PDF-1.4\n garbage", "not a PDF file that can be read"),
        ("notes.rtf", b"{\\rtf1 Minutes}", "'.rtf' files are not imported"),
    ],
)
def test_unreadable_inputs_are_skipped_with_a_reason(site, tmp_path, capsys, name, data, reason):
    assert run(site, source(tmp_path, name, data), options=("--format", "json")) == 1
    [row] = report(capsys)
    assert row["status"] == "skipped" and reason in str(row["reason"])


def test_a_file_too_large_for_minutes_is_skipped_without_being_read(site, tmp_path, capsys):
    big = tmp_path / "archive" / "big.txt"
    big.parent.mkdir()
    with big.open("wb") as file:
        file.truncate(50 * 1024 * 1024)  # sparse: 50 MiB on paper, nothing on the disk
    assert run(site, big, options=("--format", "json")) == 1
    [row] = report(capsys)
    assert "50 MiB" in str(row["reason"])


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_old_encodings_are_read_and_named(site, tmp_path, capsys, encoding):
    text = MINUTES.replace("garage", "garage costing £5,000 – Mr O’Neill’s")
    if encoding == "latin-1":
        text = text.replace("–", "-").replace("’", "'") + "\x81\n"  # 0x81: not cp1252
    data = text.encode(encoding)
    assert run(site, source(tmp_path, "m.txt", data), options=("--format", "json")) == 0
    [row] = report(capsys)
    assert {"field": "encoding", "line": None, "message": f"read as {encoding} text"} in row[
        "warnings"
    ]  # type: ignore[operator]
    assert "£5,000" in (site / WRITTEN).read_text("utf-8")


def test_a_scanned_pdf_is_reported_as_having_no_text(site, tmp_path, capsys):
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 50, style="F")  # a picture of a page, no text
    path = source(tmp_path, "scan.pdf", bytes(pdf.output()))
    assert run(site, path, options=("--format", "json")) == 1
    [row] = report(capsys)
    assert "no text layer" in str(row["reason"])


def test_usage_errors_exit_2(site, tmp_path, capsys):
    assert run(site, tmp_path / "missing.txt") == 2
    assert main(["import", str(source(tmp_path, "m.txt", MINUTES)), "--site", str(tmp_path)]) == 2
    assert "not a site folder" in capsys.readouterr().err


def test_a_folder_is_walked_and_minutes_without_a_body_need_organisation(site, tmp_path, capsys):
    source(tmp_path, "2006/a.txt", MINUTES)
    source(tmp_path, "2006/b.md", "# Notes 2006-05-01\n\n## Budget\n\nAgreed.\n")
    source(tmp_path, "2006/.hidden.txt", MINUTES)
    assert run(site, tmp_path / "archive", options=("--format", "json")) == 1
    rows = report(capsys)
    assert [(Path(str(r["source"])).name, r["status"]) for r in rows] == [
        ("a.txt", "imported"),
        ("b.md", "failed"),
    ]
    assert "not named" in str(rows[1]["reason"])
    (site / WRITTEN).unlink()
    given = ("--format", "json", "--organisation", "West Dereham Parish Council")
    assert run(site, tmp_path / "archive" / "2006" / "b.md", options=given) == 0
    assert report(capsys)[0]["written"] == "content/west-dereham-parish-council/2006-05-01.md"


NOTES = """\
# Lumen TSC meeting 2023-06-07

## Present

- Alice Varga (@avarga)
- Bruno Costa (@bcosta)

## Minutes

### Previous minutes

See [last time][prev], [the one before](2023-05-03.md#item-1) and [the site](https://example.org).

[prev]: ./2023-05-24.md
"""


def test_markdown_notes_keep_web_links_and_turn_links_to_other_notes_into_text(
    site, tmp_path, capsys
):
    (site / "minutebook.yaml").write_text(
        "title: T\norganisations:\n  - name: Lumen TSC\n", "utf-8"
    )
    assert run(site, source(tmp_path, "notes.md", NOTES), options=("--format", "json")) == 0
    [row] = report(capsys)
    assert (row["items"], row["present"], row["check_errors"]) == (1, 2, [])
    assert [(w["field"], w["line"]) for w in row["warnings"]] == [  # type: ignore[union-attr]
        ("items", 12),  # the lines of the links in notes.md
        ("items", 14),
    ]
    text = (site / str(row["written"])).read_text("utf-8")
    assert "[the site](https://example.org)" in text
    assert "the one before" in text and "2023-05-03.md" not in text
    assert "## Previous minutes" in text


def test_a_folder_that_cannot_be_written_is_reported_not_raised(site, tmp_path, capsys):
    (site / "content").write_text("a file where the content folder should be", "utf-8")
    assert run(site, source(tmp_path, "m.txt", MINUTES), options=("--format", "json")) == 1
    [row] = report(capsys)
    assert row["status"] == "skipped" and "cannot be written" in str(row["reason"])


def test_a_web_pages_front_matter_gives_its_title_but_not_its_publication_date(
    site, tmp_path, capsys
):
    page = (
        '---\nlayout: post\ntitle: "Parish council meeting, 9 March 2006"\n'
        "date: 2006-04-20 09:00\n---\n\nPresent: Cllr J Amber, Cllr P Birch\n\n"
        "1. Apologies\nNone.\n"
    )
    given = ("--format", "json", "--organisation", "West Dereham Parish Council")
    assert run(site, source(tmp_path, "2006-04-20-minutes.md", page), options=given) == 0
    [row] = report(capsys)
    assert (row["date"], row["items"], row["present"]) == ("2006-03-09", 1, 2)
