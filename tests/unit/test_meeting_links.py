"""Links in the minutes to other meetings' files, to files beside the minutes and to anchors:
checked, and pointed at the meetings' pages and the documents (or shown as text)."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, build_site, copy_site, make_site, parse_text, rendered
from minutebook.commands.check import check_site
from minutebook.core.model import LinkKind
from minutebook.reading.markdown import is_internal_link, is_markdown_file_link, parse_body

PAGE_2011 = "output/meetings/2011/02/15/safer-halton-partnership/index.html"


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("2011-02-15.md", True),
        ("../shp/2011-02-15.md", True),
        ("2011-02-15.md#item-shp41", True),
        ("2011-02-15.MD", True),
        ("https://example.org/2011-02-15.md", False),
        ("mailto:clerk@example.org", False),
        ("/content/shp/2011-02-15.md", False),
        ("#item-5", False),
        ("report.pdf", False),
        ("notes.md.pdf", False),
    ],
)
def test_which_links_are_links_to_meeting_files(href, expected):
    assert is_markdown_file_link(href) is expected


def test_links_keep_their_file_lines_and_the_column_of_their_target():
    body = parse_body("Intro.\n\n## 1. Budget\n\nSee the\n[last meeting](2011-02-15.md).\n", 6)
    assert [(link.href, link.line, link.column) for link in body.links] == [
        ("2011-02-15.md", 11, 16)
    ]


def test_the_model_holds_each_link_target_relative_to_the_site_root():
    meeting, problems = parse_text(
        "---\norganisation: X\ndate: 2011-02-15\n---\n## 1. A\n\n"
        "[a](2011-01-10.md) and [b](<../hbc/2010 12 01.md#item-4>)\n",
        path="content/shp/2011-02-15.md",
    )
    assert problems == []
    assert meeting is not None
    assert [(link.target, link.fragment, link.written) for link in meeting.links] == [
        ("content/shp/2011-01-10.md", None, "2011-01-10.md"),
        ("content/hbc/2010 12 01.md", "item-4", "../hbc/2010 12 01.md#item-4"),
    ]


def test_links_in_the_valid_site_point_at_the_meeting_pages(tmp_path):
    root = copy_site(FIXTURES / "valid" / "linked", tmp_path)
    report = build_site(root, base_url="https://example.org/minutes/")
    assert rendered(report.diagnostics) == []
    html = (root / PAGE_2011).read_text("utf-8")
    last = "/minutes/meetings/2010/11/10/safer-halton-partnership/"
    assert f'<a href="{last}">previous minutes</a>' in html  # a reference-style link
    assert f'<a href="{last}">meeting held on 10 November 2010</a>' in html
    assert f'<a href="{last}#item-shp31">ASB item</a>' in html
    assert "meeting-link" not in html
    assert ".md" not in html


def test_a_clerk_cannot_write_a_placeholder_of_their_own(tmp_path):
    root = make_site(
        tmp_path,
        """
-- content/shp/2011-02-15.md --
---
organisation: Safer Halton Partnership
date: 2011-02-15
---
## 1. Budget

[a]({meeting-link:0}) and [b](2011-02-15.md)
""",
    )
    report = build_site(root)
    # A link to a file of that name, which is not there: its text, never link b's address.
    assert rendered(report.diagnostics) == [
        "content/shp/2011-02-15.md:7:5: warning: the link '{meeting-link:0}' points to a file "
        "that does not exist: content/shp/{meeting-link:0}"
    ]
    html = (root / PAGE_2011).read_text("utf-8")
    assert '<p>a and <a href="/meetings/2011/02/15/safer-halton-partnership/">b</a></p>' in html


def test_a_link_to_draft_minutes_is_plain_text_unless_drafts_are_built(tmp_path):
    root = copy_site(FIXTURES / "warnings" / "link-to-draft-minutes", tmp_path)
    assert build_site(root).published
    html = (root / PAGE_2011).read_text("utf-8")
    assert "The next meeting's draft minutes are being written." in html.replace("&#x27;", "'")
    assert build_site(root, drafts=True).published
    html = (root / PAGE_2011).read_text("utf-8")
    assert '<a href="/meetings/2011/04/20/safer-halton-partnership/">next meeting' in html


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("2011-02-15.md", True),
        ("report%20q1.pdf", True),
        ("../hbc/papers/", True),
        ("#item-5", True),
        ("/papers/report.pdf", True),
        ("?page=2#item-5", True),
        ("https://example.org/report.pdf", False),
        ("mailto:clerk@example.org", False),
        ("//example.org/report.pdf", False),
        ("", False),
        ("#", False),
        ("?page=2", False),
    ],
)
def test_which_links_lead_into_the_site(href, expected):
    assert is_internal_link(href) is expected


def test_the_model_holds_what_each_link_leads_to():
    meeting, problems = parse_text(
        "---\norganisation: X\ndate: 2011-02-15\n---\n## SHP41 A\n\n"
        "[a](2011-01-10.md#item-4) [b](<papers/report q1.pdf#page=2>) ![c](chart.png)\n"
        "[d](#item-shp41) [e](/papers/x%20y.pdf) [f](docs\\report.pdf) [g](https://e.org/)\n",
        path="content/shp/2011-02-15.md",
    )
    assert problems == []
    assert meeting is not None
    assert [(link.kind, link.target, link.fragment) for link in meeting.links] == [
        (LinkKind.MEETING, "content/shp/2011-01-10.md", "item-4"),
        (LinkKind.FILE, "content/shp/papers/report q1.pdf", "page=2"),
        (LinkKind.FILE, "content/shp/chart.png", None),
        (LinkKind.ANCHOR, "content/shp/2011-02-15.md", "item-shp41"),
        (LinkKind.SERVER, "/papers/x%20y.pdf", None),
        (LinkKind.FILE, "content/shp/docs/report.pdf", None),
    ]


def test_the_anchors_of_minutes_are_their_items_and_sub_headings_but_not_an_exempt_items():
    meeting, problems = parse_text(
        "---\norganisation: X\ndate: 2011-02-15\n---\n## SHP41 Budget\n\n### Reserves\n\n"
        "## SHP42 Staffing\nExempt: paragraph 1\n\n### Names\n\nText.\n"
    )
    assert problems == []
    assert meeting is not None
    assert meeting.anchors == ("item-shp41", "item-shp41-reserves", "item-shp42")
    assert meeting.as_listed().anchors == meeting.anchors  # for the checks across files


def test_an_id_written_in_raw_html_is_an_anchor_too():
    meeting, problems = parse_text(
        '---\norganisation: X\ndate: 2011-02-15\n---\n<h4 id="annex">Annex</h4>\n\n'
        "## 1. A\n\nSee the [annex](#annex).\n",
        config="title: T\nallow_html: true\n",
    )
    assert problems == []
    assert meeting is not None
    assert meeting.anchors == ("annex", "item-1")


def fixes(root) -> dict[str, str]:
    return {d.message.split("'")[1]: d.fix for d in check_site(root).diagnostics}


def test_a_link_that_leads_nowhere_says_what_it_may_have_meant(tmp_path):
    root = make_site(
        tmp_path,
        """
-- content/shp/2011-02-15.md --
---
organisation: Safer Halton Partnership
date: 2011-02-15
documents:
  - title: Agenda
    file: agenda.pdf
---
## SHP41 Budget

The [report](Report-Q2.PDF), the [agenda](agneda.pdf), the [log](action-log.xlsx),
the [minutes](2010-11-10.md#item-shp13) and the [budget item](#item-shp14).
-- content/shp/2010-11-10.md --
---
organisation: Safer Halton Partnership
date: 2010-11-10
---
## SHP31 Welcome
-- content/shp/report-q2.pdf --
%PDF-1.4 pretend
-- content/shp/agenda.pdf --
%PDF-1.4 pretend
-- content/shp/action-log.xlsx --
a spreadsheet
""",
    )
    plain = "until then it shows as plain text"
    assert fixes(root) == {
        "Report-Q2.PDF": f"correct the file name, perhaps to 'report-q2.pdf', or remove the link; "
        f"{plain}",
        "agneda.pdf": "correct the file name, perhaps to 'agenda.pdf', or remove the link; "
        f"{plain}",
        "action-log.xlsx": "list it under the meeting's  documents:  (- title: …  file: "
        f"action-log.xlsx), or remove the link; {plain}",
        "2010-11-10.md#item-shp13": "correct it, perhaps to '2010-11-10.md#item-shp31', or "
        "remove the '#item-shp13'",
        "#item-shp14": "correct it, perhaps to '#item-shp41', or remove the '#item-shp14'",
    }
    report = build_site(root)
    assert report.published
    assert not build_site(root, strict=True).published  # --strict: warnings are errors
    html = (root / PAGE_2011).read_text("utf-8")
    assert "The report, the " in html  # plain text: no link to a file that is not there
    assert '<a href="/meetings/2011/02/15/safer-halton-partnership/#item-shp14">' not in html
    assert '<a href="#item-shp14">budget item</a>' in html  # kept: the page may have it
