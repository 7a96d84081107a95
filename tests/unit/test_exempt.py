"""Exempt items: `Exempt: paragraph N` right under an item's heading withholds all but its number
and title, in the model itself; every other way of writing it is an error, never a leak."""

from __future__ import annotations

import pytest
import yaml

from conftest import REPO_ROOT, parse_text
from minutebook.archive.meeting_page import exempt_notice
from minutebook.reading.agenda import exempt_paragraphs, is_exempt_like

PATH = "content/safer-halton-partnership/2011-02-15.md"
HEAD = "---\norganisation: SHP\ndate: 2011-02-15\n---\n"  # the body starts on line 5


def items_of(body: str):
    meeting, problems = parse_text(HEAD + body)
    assert meeting is not None, problems
    return meeting.items, problems


@pytest.mark.parametrize(
    ("value", "paragraphs"),
    [
        ("paragraph 3", (3,)),
        ("Paragraph 3", (3,)),
        ("para 3", (3,)),
        ("para. 3", (3,)),
        ("3", (3,)),
        ("paragraph 3.", (3,)),
        ("paragraphs 1 and 3", (1, 3)),
        ("paragraphs 1, 2 & 7", (1, 2, 7)),
        ("paragraph 3 of Schedule 12A", (3,)),
        ("paragraph 3 of Schedule 12A to the Local Government Act 1972", (3,)),
        ("paragraph 9", (9,)),  # read; the range is checked with the item (an error there)
        ("three", None),
        ("paragraph", None),
        ("section 3", None),
    ],
)
def test_exempt_values_name_paragraphs(value, paragraphs):
    assert exempt_paragraphs(value) == paragraphs


@pytest.mark.parametrize(
    "line",
    ["Exempt: paragraph 3", "exempt: 3", "**Exempt:** paragraph 3", "Exemption: 3", "Exempt:"],
)
def test_lines_that_look_like_exemptions(line):
    assert is_exempt_like(line)


@pytest.mark.parametrize("line", ["The item was exempt.", "Exemptions were discussed", "Text"])
def test_ordinary_lines_are_not_exemptions(line):
    assert not is_exempt_like(line)


def test_an_exempt_item_keeps_only_its_number_title_and_paragraph():
    items, problems = items_of(
        "\n## SHP45 Staffing matter\n\nTopics: Secret topic\nExempt: paragraph 1\nAction: LG\n\n"
        "Secret text.\n\n### a) Secret sub-heading\n\n## SHP46 Budget\n\nPublic text.\n"
    )
    assert problems == []
    exempt, public = items
    assert (exempt.number, exempt.title, exempt.anchor) == (
        "SHP45",
        "Staffing matter",
        "item-shp45",
    )
    assert (exempt.html, exempt.topics, exempt.actions, exempt.subheadings) == ("", (), (), ())
    assert exempt.exempt_paragraphs == (1,)
    assert exempt.is_exempt
    assert "Public text." in public.html
    assert not public.is_exempt


def test_a_topic_used_only_by_an_exempt_item_is_not_created():
    meeting, problems = parse_text(
        HEAD + "## 5. Staffing\n\nExempt: paragraph 1\nTopics: Secret topic\n"
    )
    assert problems == []
    assert meeting is not None
    assert meeting.unlisted_topics == ()
    assert meeting.all_topics() == ()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("paragraph 8", "there is no paragraph 8 in Schedule 12A: its paragraphs are 1 to 7"),
        ("paragraph 0", "there is no paragraph 0 in Schedule 12A: its paragraphs are 1 to 7"),
        ("para three", "'Exempt:' should name a paragraph of Schedule 12A, not 'para three'"),
    ],
)
def test_a_wrong_paragraph_is_an_error_and_the_item_is_still_withheld(value, message):
    items, problems = items_of(f"## 5. Staffing\n\nExempt: {value}\n\nSecret text.\n")
    assert problems == [f"{PATH}:7:1: error: {message}"]
    assert items[0].html == ""
    assert items[0].is_exempt


@pytest.mark.parametrize(
    ("body", "line"),
    [
        ("Exempt: paragraph 3\n\n## 5. Staffing\n", 5),  # the introduction cannot be exempt
        ("## 5. Staffing\n\nThe report.\n\nExempt: paragraph 3\n", 9),  # after the text
        ("## 5. Staffing\n\n### a) Names\n\nExempt: paragraph 3\n", 9),  # under a sub-heading
        ("## 5. Staffing\n\nExempt:\n", 7),  # no paragraph at all
        ("## 5. Staffing\n\n**Exempt:** paragraph 3\n", 7),  # bold, so not a metadata line
        ("## 5. Staffing\nText\n\nExempt information: paragraph 3\n", 8),
    ],
)
def test_an_exempt_line_anywhere_else_is_an_error(body, line):
    _, problems = items_of(body)
    assert problems == [
        f"{PATH}:{line}:1: error: this 'Exempt:' line is not right under an agenda item's "
        "'## ' heading, so it would be published as text and withhold nothing"
    ]


def test_an_exempt_line_inside_a_code_block_is_just_text():
    items, problems = items_of("## 5. Guidance\n\n```\nExempt: paragraph 3\n```\n")
    assert problems == []
    assert "Exempt: paragraph 3" in items[0].html


def test_exempt_in_the_front_matter_is_an_error_that_says_where_it_goes():
    meeting, problems = parse_text(
        "---\norganisation: SHP\ndate: 2011-02-15\nexempt: [{item: SHP45, paragraph: 3}]\n---\n"
    )
    assert meeting is not None
    assert problems == [
        f"{PATH}:4:1: error: exempt items are marked in the minutes' text, not in the front matter"
    ]


@pytest.mark.parametrize(
    ("paragraphs", "cited"),
    [((3,), "paragraph 3"), ((1, 2), "paragraphs 1 and 2"), ((1, 2, 7), "paragraphs 1, 2 and 7")],
)
def test_the_standard_notice_cites_schedule_12a(paragraphs, cited):
    words = yaml.safe_load((REPO_ROOT / "themes/default/strings/en.yaml").read_text("utf-8"))
    assert exempt_notice(paragraphs, words["meeting"]) == (
        f"This item was considered in private: exempt information under {cited} of "
        "Schedule 12A to the Local Government Act 1972."
    )
