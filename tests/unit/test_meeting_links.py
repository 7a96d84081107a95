"""Links in the minutes to other meetings' files: checked, and pointed at the meetings' pages."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, build_site, copy_site, make_site, parse_text, rendered
from minutebook.reading.markdown import is_markdown_file_link, parse_body

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
    assert rendered(report.diagnostics) == []
    html = (root / PAGE_2011).read_text("utf-8")
    assert '<a href="%7Bmeeting-link:0%7D">a</a>' in html
    assert '<a href="/meetings/2011/02/15/safer-halton-partnership/">b</a>' in html


def test_a_link_to_draft_minutes_is_plain_text_unless_drafts_are_built(tmp_path):
    root = copy_site(FIXTURES / "warnings" / "link-to-draft-minutes", tmp_path)
    assert build_site(root).published
    html = (root / PAGE_2011).read_text("utf-8")
    assert "The next meeting's draft minutes are being written." in html.replace("&#x27;", "'")
    assert build_site(root, drafts=True).published
    html = (root / PAGE_2011).read_text("utf-8")
    assert '<a href="/meetings/2011/04/20/safer-halton-partnership/">next meeting' in html
