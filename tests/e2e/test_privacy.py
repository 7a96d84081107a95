"""What must stay private never reaches the output: drafts, confidential meetings, exempt items.

The canary site below hides unique marker strings in every field of the private material: titles,
places, people, roles, organisations and topics that only it uses, documents (their titles, file
names and bytes), extra data, headings, actions and text. Every byte of every output file, and
every output file name, is then scanned for them. A second, stronger check: a public build of
the site is byte for byte the build of the same site with the private files deleted, so not even
a count, a neighbour link or an "approved at" link gives a draft away.
"""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from conftest import build_site, make_site, parse_text, rendered
from minutebook.commands.cli import main
from minutebook.output.write import MANIFEST

PUBLIC = """
-- minutebook.yaml --
title: Canary minutes
search: true
organisations:
  - name: Safer Halton Partnership
    short_name: SHP
topics:
  - name: Alcohol
-- content/shp/2011-02-15.md --
---
organisation: Safer Halton Partnership
date: 2011-02-15
approved_at: 2011-03-15
present:
  - D. Parr
---

## SHP41 Alcohol enforcement

Public text about alcohol.
-- content/shp/2011-04-20.md --
---
organisation: Safer Halton Partnership
date: 2011-04-20
---

## SHP51 Budget

Public text about the budget.
"""


def private_meeting(marker: str, date: str, status_lines: str) -> str:
    """A meeting that uses the marker everywhere a clerk could type it."""
    return f"""
-- content/shp/{date}.md --
---
organisation: Safer Halton Partnership
date: {date}
{status_lines}
title: {marker} title
location: {marker} location
time: 14:00
present:
  - name: {marker} Person
    role: {marker} role
    organisation: {marker} Organisation
  - D. Parr
in_attendance:
  - {marker} Officer
apologies:
  - {marker} Apologist
topics: [Alcohol, {marker} Topic]
next_meeting:
  date: 2030-01-01
  location: {marker} next location
documents:
  - title: {marker} report
    file: {marker.lower()}-report.pdf
  - title: {marker} link
    url: https://example.org/{marker}
extra:
  note: {marker} extra
---

{marker} introduction.

## SHP45 {marker} heading

Topics: {marker} Item topic
Action: {marker} action

{marker} body text.

### a) {marker} subheading
-- content/shp/{marker.lower()}-report.pdf --
%PDF {marker} document bytes
"""


DRAFT = private_meeting("CanaryDraftQ7", "2011-03-15", "status: draft")
CONFIDENTIAL = private_meeting("CanaryConfidentialZ3", "2011-03-16", "confidential: true")
CONFIDENTIAL_DRAFT = private_meeting(
    "CanaryConfidentialDraftK9", "2011-03-17", "status: draft\nconfidential: yes"
)
EXEMPT = """
-- content/shp/2011-05-18.md --
---
organisation: Safer Halton Partnership
date: 2011-05-18
---

## SHP60 Alcohol licensing review

Exempt: paragraph 3
Topics: CanaryExemptW4 Topic, Alcohol
Action: CanaryExemptW4 action

CanaryExemptW4 body text about alcohol.

### a) CanaryExemptW4 subheading

- CanaryExemptW4 list

## SHP61 Staffing

Action: CanaryExemptW4 second action
Exempt: paragraphs 1 and 2

CanaryExemptW4 second body.

## SHP62 Public item

Public text.
"""
EXEMPT_NOTICE = (
    "This item was considered in private: exempt information under paragraph 3 of "
    "Schedule 12A to the Local Government Act 1972."
)
PRIVATE_FILES = ("2011-03-15", "2011-03-16", "2011-03-17")


def output_files(output: Path) -> dict[str, bytes]:
    """Every output file (the manifest too) by its path relative to the output folder; the
    search index's files decompressed (Pagefind gzips them), so the scan reads their words."""
    return {
        p.relative_to(output).as_posix(): _decompressed(p.read_bytes())
        for p in sorted(output.rglob("*"))
        if p.is_file()
    }


def _decompressed(data: bytes) -> bytes:
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def leaks(output: Path, markers: list[str]) -> list[str]:
    """Every place a marker shows up, in a file's bytes or in its path, ignoring case."""
    found = []
    for relative, data in output_files(output).items():
        text = data.decode("utf-8", "replace").casefold()
        for marker in markers:
            if marker.casefold() in relative.casefold():
                found.append(f"{relative}: in the file name")
            at = text.find(marker.casefold())
            while at >= 0:
                found.append(f"{relative}: …{text[max(0, at - 60) : at + 40]}…")
                at = text.find(marker.casefold(), at + 1)
    return found


def canary_site(tmp_path: Path, *private: str) -> Path:
    return make_site(tmp_path, PUBLIC + "".join(private))


def without_private_files(root: Path, tmp_path: Path) -> Path:
    """The same site with the private meetings (and their documents) deleted."""
    copy = tmp_path / "without"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("output"))
    for path in (copy / "content").rglob("*"):
        if path.name.startswith(PRIVATE_FILES) or path.name.startswith("canary"):
            path.unlink()
    return copy


PATH = "content/safer-halton-partnership/2011-02-15.md"
MARKERS = ["CanaryDraftQ7", "CanaryConfidentialZ3", "CanaryConfidentialDraftK9", "CanaryExemptW4"]


def test_the_canary_markers_would_be_found_if_they_leaked(tmp_path):
    """The scan itself works: in a --drafts preview the draft's markers are everywhere."""
    root = canary_site(tmp_path, DRAFT)
    report = build_site(root, drafts=True)
    assert report.published, rendered(report.diagnostics)
    found = leaks(root / "output", ["CanaryDraftQ7"])
    for expected in (
        "canarydraftq7 title",
        "canarydraftq7 location",
        "canarydraftq7 person",
        "canarydraftq7 role",
        "canarydraftq7 organisation",
        "canarydraftq7 topic",
        "canarydraftq7 report",
        "canarydraftq7 next location",
        "canarydraftq7 body text",
        "canarydraftq7 document bytes",
        "in the file name",
    ):
        assert any(expected in leak for leak in found), expected


def test_the_scan_reaches_the_feeds_calendars_and_data_files(tmp_path):
    """In a --drafts preview the draft is in every feed, calendar and data file that shows its
    meeting: so the scan below, over every file, would find it there in a public build too."""
    root = canary_site(tmp_path, DRAFT)
    assert build_site(root, drafts=True).published
    found = {leak.split(":", 1)[0] for leak in leaks(root / "output", ["CanaryDraftQ7"])}
    assert {
        "feed.xml",
        "organisations/safer-halton-partnership/feed.xml",
        "topics/alcohol/feed.xml",
        "meetings.ics",
        "organisations/safer-halton-partnership/meetings.ics",
        "data/meetings.json",
        "data/meetings/safer-halton-partnership/2011-03-15.json",
        "data/organisations.json",
        "data/topics.json",
        "data/meetings.csv",
        "data/attendance.csv",
        "data/items.csv",
    } <= found


def test_drafts_confidential_meetings_and_exempt_items_leave_no_byte_in_a_public_build(tmp_path):
    root = canary_site(tmp_path, DRAFT, CONFIDENTIAL, CONFIDENTIAL_DRAFT, EXEMPT)
    report = build_site(root)
    assert report.published, rendered(report.diagnostics)
    assert leaks(root / "output", MARKERS) == []


def test_the_scan_reads_the_search_index_decompressed(tmp_path):
    """The scan would find a private word in the search index: public words are there."""
    root = canary_site(tmp_path)
    assert build_site(root).published
    found = leaks(root / "output", ["Public text about the budget"])
    assert any(leak.startswith("pagefind/fragment/") for leak in found), found


def test_a_drafts_preview_indexes_no_draft_for_search(tmp_path):
    """A --drafts preview shows the draft's page, but its search index is the public one: it
    can never carry a draft into a published index."""
    root = canary_site(tmp_path, DRAFT, CONFIDENTIAL, EXEMPT)
    assert build_site(root, drafts=True).published
    index = root / "output" / "pagefind"
    assert leaks(index, MARKERS) == []
    public = without_private_files(root, tmp_path)
    assert build_site(public).published
    assert output_files(index) == output_files(public / "output" / "pagefind")


def test_an_exempt_item_shows_its_number_title_and_the_notice_only(tmp_path):
    root = canary_site(tmp_path, EXEMPT)
    assert build_site(root).published
    page = (root / "output/meetings/2011/05/18/safer-halton-partnership/index.html").read_text(
        "utf-8"
    )
    assert leaks(root / "output", ["CanaryExemptW4"]) == []
    assert "Alcohol licensing review" in page
    assert page.count(EXEMPT_NOTICE) == 1
    assert page.count("exempt information under paragraphs 1 and 2 of Schedule 12A") == 1
    assert "Public text." in page
    # Not filed under a topic either, not even one its public title mentions.
    topic = (root / "output/topics/alcohol/index.html").read_text("utf-8")
    assert "Alcohol licensing review" not in topic
    assert "Alcohol enforcement" in topic


def test_a_public_build_is_byte_for_byte_the_build_without_the_private_files(tmp_path):
    """No count, neighbour link, approval link, upcoming meeting or index entry gives them away."""
    root = canary_site(tmp_path, DRAFT, CONFIDENTIAL, CONFIDENTIAL_DRAFT)
    public = without_private_files(root, tmp_path)
    assert build_site(root).published
    assert build_site(public).published
    assert output_files(root / "output") == output_files(public / "output")


def test_confidential_meetings_and_exempt_items_are_withheld_even_from_a_drafts_preview(tmp_path):
    root = canary_site(tmp_path, DRAFT, CONFIDENTIAL, CONFIDENTIAL_DRAFT, EXEMPT)
    report = build_site(root, drafts=True)
    assert report.published, rendered(report.diagnostics)
    assert leaks(root / "output", MARKERS[1:]) == []
    assert leaks(root / "output", MARKERS[:1])  # the draft is previewed


def test_a_public_build_after_a_drafts_preview_removes_every_trace_of_the_draft(tmp_path):
    root = canary_site(tmp_path, DRAFT, CONFIDENTIAL)
    assert build_site(root, drafts=True).published
    assert build_site(root).published
    assert leaks(root / "output", MARKERS) == []
    public = without_private_files(root, tmp_path)
    assert build_site(public).published
    assert output_files(root / "output") == output_files(public / "output")


def test_the_command_line_build_leaves_the_private_meetings_out(tmp_path, capsys):
    root = canary_site(tmp_path, DRAFT, CONFIDENTIAL)
    assert main(["build", str(root), "--jobs", "1", "--quiet"]) == 0
    assert leaks(root / "output", MARKERS) == []
    assert MANIFEST in output_files(root / "output")


@pytest.mark.parametrize("value", ["true", "yes", "True", "", "maybe"])
def test_any_confidential_value_but_false_withholds_the_meeting(value):
    meeting, problems = parse_text(
        f"---\norganisation: SHP\ndate: 2011-02-15\nconfidential: {value}\n---\n"
    )
    assert meeting is not None
    assert meeting.confidential
    assert not meeting.is_published(drafts=True)
    if value == "maybe":
        assert problems == [
            f"{PATH}:4:15: error: 'confidential' should be true or false, not 'maybe'"
        ]


def test_confidential_false_is_published():
    meeting, problems = parse_text(
        "---\norganisation: SHP\ndate: 2011-02-15\nconfidential: no\n---\n"
    )
    assert problems == []
    assert meeting is not None
    assert meeting.is_published(drafts=False)


IMPORTED = """\
Minutes of the meeting of Safer Halton Partnership held on 16 March 2011 in CanaryImportP5 Hall

Present: CanaryImportP5 Person (Chair), Cllr A Smith

1. CANARYIMPORTP5 TITLE
CanaryImportP5 text. RESOLVED: that the CanaryImportP5 report be noted.

2. Date of next meeting
The next meeting will be held on 20 April 2011 at CanaryImportP5 Rooms.
"""


def test_imported_minutes_are_drafts_that_leave_no_byte_in_a_public_build(tmp_path):
    """`minutebook import` writes drafts: until a clerk approves them, the public site is the
    site without them, byte for byte, and no marker from them is in it."""
    root = canary_site(tmp_path)
    old = tmp_path / "old-minutes" / "march.txt"
    old.parent.mkdir()
    old.write_text(IMPORTED, "utf-8")
    assert main(["import", str(old), "--site", str(root)]) == 0
    imported = root / "content/shp/2011-03-16.md"  # beside the body's other minutes
    assert "status: draft" in imported.read_text("utf-8")
    report = build_site(root)
    assert rendered(report.diagnostics) == []
    assert leaks(root / "output", ["CanaryImportP5"]) == []
    without = without_private_files(root, tmp_path)  # 2011-03-16.md is one of its files
    assert not (without / "content/shp/2011-03-16.md").exists()
    build_site(without)
    assert output_files(root / "output") == output_files(without / "output")
