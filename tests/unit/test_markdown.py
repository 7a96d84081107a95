"""The minutes' body: safe HTML, anchored sub-headings, metadata lines taken out, file lines."""

from __future__ import annotations

import re

from conftest import REPO_ROOT, build_site, make_site, parse_text
from minutebook.reading.markdown import parse_body, wrap_tables

SAMPLE_CONFIG = (REPO_ROOT / "minutebook.yaml").read_text("utf-8")
PATH = "content/safer-halton-partnership/2011-02-15.md"


def body(text: str, first_line: int = 1):
    return parse_body(text, first_line)


def test_raw_html_is_shown_as_text_not_run():
    parsed = body("Intro <b>bold</b>\n\n## 1. Budget\n\n<script>alert(1)</script>\n")
    assert parsed.intro_html == "<p>Intro &lt;b&gt;bold&lt;/b&gt;</p>\n"
    assert "<script>" not in parsed.items[0].html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in parsed.items[0].html


def test_an_html_image_with_an_event_handler_is_escaped():
    parsed = body("## 1. Budget\n\n<img src=x onerror=alert(1)>\n")
    assert "<img" not in parsed.items[0].html


def test_javascript_links_are_not_rendered_as_links():
    parsed = body(
        "## 1. Budget\n\n[click me](javascript:alert(1)) and [gov](https://www.gov.uk/)\n"
    )
    html = parsed.items[0].html
    assert 'href="javascript' not in html
    assert html.count("<a ") == 1
    assert '<a href="https://www.gov.uk/">gov</a>' in html


def test_data_and_vbscript_links_are_not_rendered_as_links():
    parsed = body("## 1. Budget\n\n[a](data:text/html,hi) [b](vbscript:msgbox)\n")
    assert "<a " not in parsed.items[0].html


def test_level_two_headings_become_agenda_items_and_are_left_to_the_template():
    parsed = body("Intro.\n\n## SHP41 PRESENTATION\n\nText.\n\n## SHP42 TASK GROUP UPDATES\n")
    assert [(i.heading.number, i.heading.title, i.anchor) for i in parsed.items] == [
        ("SHP41", "PRESENTATION", "item-shp41"),
        ("SHP42", "TASK GROUP UPDATES", "item-shp42"),
    ]
    assert "<h2" not in parsed.items[0].html
    assert parsed.intro_html == "<p>Intro.</p>\n"


def test_level_three_headings_get_anchored_ids_under_their_item():
    parsed = body(
        "## SHP42 TASK GROUP UPDATES\n\n### a) Performance Management\n\nText.\n\n"
        "### d) Anti Social Behaviour (ASB)\n"
    )
    item = parsed.items[0]
    assert [(s.title, s.anchor) for s in item.subheadings] == [
        ("a) Performance Management", "item-shp42-a-performance-management"),
        ("d) Anti Social Behaviour (ASB)", "item-shp42-d-anti-social-behaviour-asb"),
    ]
    assert '<h3 id="item-shp42-a-performance-management">a) Performance Management</h3>' in (
        item.html
    )


def test_topics_and_action_lines_are_taken_out_of_the_text():
    parsed = body(
        "## SHP41 PRESENTATION\n\nTopics: Substance misuse, Funding\nAction: CW\n\n"
        "Collette Walsh presented.\n"
    )
    item = parsed.items[0]
    assert item.html == "<p>Collette Walsh presented.</p>\n"
    assert [(key, value) for key, value, _ in item.metadata] == [
        ("topics", "Substance misuse, Funding"),
        ("actions", "CW"),
    ]


def test_a_topics_line_later_in_the_text_stays_text():
    parsed = body("## 1. Budget\n\nThe report was noted.\n\nTopics: Funding\n")
    assert parsed.items[0].metadata == []
    assert "Topics: Funding" in parsed.items[0].html


def test_heading_lookalikes_inside_code_blocks_are_text():
    parsed = body("## 1. Budget\n\n```\n## not an item\nTopics: nope\n```\n")
    assert len(parsed.items) == 1
    assert "## not an item" in parsed.items[0].html


def test_lines_are_file_absolute():
    parsed = body("\n## 1. Budget\n\nTopics: Funding\n\n## 2. Other\n", first_line=10)
    assert [i.line for i in parsed.items] == [11, 15]
    assert [line for _, _, line in parsed.items[0].metadata] == [13]


def test_item_lines_in_a_meeting_are_the_lines_of_the_file():
    text = (
        "---\norganisation: Safer Halton Partnership\ndate: 2011-02-15\n---\n"  # lines 1-4
        "\n"  # 5
        "## SHP38 WELCOME & INTRODUCTIONS\n"  # 6
        "\nText.\n\n"  # 7-9
        "## SHP41 PRESENTATION: UPDATE ON THE HALTON SUBSTANCE MISUSE PROJECT\n"  # 10
    )
    meeting, problems = parse_text(text, PATH, SAMPLE_CONFIG)
    assert problems == []
    assert meeting is not None
    assert [(i.number, i.line) for i in meeting.items] == [("SHP38", 6), ("SHP41", 10)]


def test_an_unknown_topic_in_a_topics_line_warns_on_that_line():
    text = (
        "---\norganisation: Safer Halton Partnership\ndate: 2011-02-15\n---\n\n"
        "## SHP41 PRESENTATION\n\nTopics: Substance misuses\n\nText.\n"
    )
    meeting, problems = parse_text(text, PATH, SAMPLE_CONFIG)
    assert problems == [
        f"{PATH}:8:1: warning: 'Substance misuses' is not a topic listed in minutebook.yaml, "
        "but looks like 'Substance misuse'"
    ]
    assert meeting is not None


def test_items_are_tagged_with_topics_their_headings_mention():
    text = (
        "---\norganisation: Safer Halton Partnership\ndate: 2011-02-15\n---\n\n"
        "## SHP44 HATE CRIMES\n\nText.\n\n"
        "## SHP42 TASK GROUP UPDATES\n\n### d) Anti Social Behaviour (ASB)\n\n### g) Drugs\n\n"
        "## SHP41 PRESENTATION\n\nTopics: Funding\n\nText.\n"
    )
    meeting, problems = parse_text(text, PATH, SAMPLE_CONFIG)
    assert problems == []
    assert meeting is not None
    assert [(i.number, i.topics) for i in meeting.items] == [
        ("SHP44", ("hate-crime",)),
        ("SHP42", ("anti-social-behaviour", "substance-misuse")),
        ("SHP41", ("funding",)),
    ]


def test_procedural_items_are_not_topic_indexed_even_when_they_mention_a_topic():
    text = (
        "---\norganisation: Safer Halton Partnership\ndate: 2019-10-16\n---\n\n"
        "## 12) AOB\n\n### Drugs\n\n## 2) Apologies\n"
    )
    meeting, problems = parse_text(text, PATH, SAMPLE_CONFIG)
    assert problems == []
    assert meeting is not None
    assert [(i.number, i.is_procedural, i.topics) for i in meeting.items] == [
        ("12", True, ()),
        ("2", True, ()),
    ]


def test_two_items_with_the_same_number_get_distinct_anchors():
    text = (
        "---\norganisation: Safer Halton Partnership\ndate: 2011-02-15\n---\n\n"
        "## 5. Budget\n\n## 5. Budget again\n"
    )
    meeting, problems = parse_text(text, PATH, SAMPLE_CONFIG)
    assert problems == []  # the repeat is a warning of `check` (see tests/fixtures/warnings)
    assert meeting is not None
    assert [i.anchor for i in meeting.items] == ["item-5", "item-5-2"]


def test_each_table_is_put_in_a_named_region_that_a_keyboard_can_reach():
    html = "<p>a &lt;table&gt;</p>\n<table>\n<tr><td>1</td></tr>\n</table>\n<table></table>\n"
    labels = []

    def label(number: int, count: int) -> str:
        labels.append((number, count))
        return f'Table {number} of "Budget" & <more>'

    wrapped = wrap_tables(html, label)
    region = '<div class="table-region" role="region" tabindex="0" aria-label="Table {} of '
    region += '&quot;Budget&quot; &amp; &lt;more&gt;">'
    assert wrapped == (
        "<p>a &lt;table&gt;</p>\n"  # text that looks like a table stays text
        + region.format(1)
        + "<table>\n<tr><td>1</td></tr>\n</table></div>\n"
        + region.format(2)
        + "<table></table></div>\n"
    )
    assert labels == [(1, 2), (2, 2)]
    assert wrap_tables("<p>No table.</p>", label) == "<p>No table.</p>"


def test_a_table_is_named_after_its_item_or_in_the_introduction_after_the_meeting(tmp_path):
    table = "| a | b |\n|---|---|\n| 1 | 2 |\n"
    root = make_site(
        tmp_path,
        f"""
-- content/safer-halton-partnership/2011-02-15.md --
---
organisation: Safer Halton Partnership
date: 2011-02-15
---
{table}
## SHP41 Budget

{table}
{table}
## Any other business

{table}""",
    )
    assert build_site(root).published
    page = root / "output/meetings/2011/02/15/safer-halton-partnership/index.html"
    regions = r'role="region" tabindex="0" aria-label="([^"]*)"><table>'
    labels = re.findall(regions, page.read_text("utf-8"))
    assert labels == [
        "Table: Safer Halton Partnership, 15 February 2011",
        "Table 1: SHP41 Budget",
        "Table 2: SHP41 Budget",
        "Table: Any other business",
    ]
