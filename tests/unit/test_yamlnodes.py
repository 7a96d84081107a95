"""Front matter is read as positioned YAML nodes: text as typed, file lines, and no YAML tricks."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
import time

import pytest
from yaml.nodes import MappingNode, Node

from conftest import parse_text
from minutebook.core.model import SiteConfig, TimeRange
from minutebook.reading import yamlnodes
from minutebook.reading.meeting import parse_meeting
from minutebook.reading.sources import split_source
from minutebook.reading.vocabulary import Lexicon
from minutebook.reading.yamlnodes import Positions, compose, mapping_pairs, plain_value, scalar_text

PATH = "content/safer-halton-partnership/2011-02-15.md"


def front(fields: str) -> str:
    """A meeting file whose front matter (the text given) starts on line 2 of the file."""
    return "---\n" + textwrap.dedent(fields).strip("\n") + "\n---\n"


def composed_values(yaml_text: str) -> dict[str, Node]:
    root, problems = compose(yaml_text, Positions(PATH, 2))
    assert problems == []
    assert isinstance(root, MappingNode)
    pairs, problems = mapping_pairs(root, Positions(PATH, 2))
    assert problems == []
    return {pair.key: pair.value for pair in pairs}


# -- values as the clerk typed them -------------------------------------------------------------


def test_time_14_00_stays_the_text_14_00_not_the_number_840():
    values = composed_values("time: 14:00\n")
    assert scalar_text(values["time"]) == "14:00"
    meeting, problems = parse_text(
        front("""
        organisation: Safer Halton Partnership
        date: 2011-02-15
        time: 14:00
        """)
    )
    assert problems == []
    assert meeting is not None
    assert meeting.time == TimeRange(dt.time(14, 0))


def test_organisation_NO_stays_the_text_NO_not_false():
    values = composed_values("organisation: NO\n")
    assert scalar_text(values["organisation"]) == "NO"
    meeting, problems = parse_text(front("organisation: NO\ndate: 2011-02-15"))
    assert problems == []
    assert meeting is not None
    assert [o.name for o in meeting.unlisted_organisations] == ["NO"]


def test_yes_in_a_text_field_stays_the_word_yes():
    meeting, problems = parse_text(
        front("organisation: Safer Halton Partnership\ndate: 2011-02-15\nlocation: yes")
    )
    assert problems == []
    assert meeting is not None
    assert meeting.location == "yes"


@pytest.mark.parametrize("value", ["=", "<<"])
def test_an_equals_sign_or_a_double_chevron_is_text_not_a_yaml_tag(value):
    """YAML 1.1 tags them (value, merge): they were refused as "the YAML tag … is not allowed"."""
    meeting, problems = parse_text(
        front(f"organisation: Safer Halton Partnership\ndate: 2011-02-15\nlocation: {value}")
    )
    assert problems == []
    assert meeting is not None
    assert meeting.location == value


def test_extra_keeps_every_value_as_text():
    values = composed_values("extra:\n  webcast: no\n  start: 14:00\n  items: [1, 2]\n")
    assert plain_value(values["extra"]) == {"webcast": "no", "start": "14:00", "items": ["1", "2"]}


def test_node_lines_are_file_lines_when_the_front_matter_starts_on_line_2():
    values = composed_values("organisation: X\n\ndate: 2011-02-15\n")
    assert Positions(PATH, 2).span(values["date"]).line == 4
    assert Positions(PATH, 2).span(values["date"]).column == 7


# -- duplicate keys ---------------------------------------------------------------------------


def test_a_field_given_twice_is_reported_with_both_line_numbers():
    _, problems = parse_text(
        front("""
        organisation: Safer Halton Partnership
        date: 2011-02-15
        organisation: Halton Borough Council
        """)
    )
    assert problems == [f"{PATH}:4:1: error: 'organisation' is given twice (first on line 2)"]


def test_a_field_given_twice_inside_a_person_names_the_person():
    _, problems = parse_text(
        front("""
        organisation: Safer Halton Partnership
        date: 2011-02-15
        present:
          - name: D. Parr
            role: Chief Executive
            role: Chair
        """)
    )
    assert problems == [f"{PATH}:7:5: error: 'role' in present[1] is given twice (first on line 6)"]


# -- syntax errors in plain words, on the file's own line ---------------------------------------


@pytest.mark.parametrize(
    ("fields", "line"),
    [
        pytest.param("present:\n\t- D. Parr", 5, id="tab-before-list-item"),
        pytest.param("present:\n  - D. Parr\n\t- A. Jones", 6, id="tab-before-second-item"),
        pytest.param(
            "present:\n  - name: D. Parr\n\t  role: Chief Executive", 6, id="tab-in-person"
        ),
        pytest.param("\tlocation: Runcorn", 4, id="tab-before-field"),
    ],
)
def test_tab_indentation_is_explained_in_plain_words_on_its_line(fields, line):
    text = front("organisation: Safer Halton Partnership\ndate: 2011-02-15\n" + fields)
    _, problems = parse_text(text)
    assert problems == [f"{PATH}:{line}:1: error: a tab character is used for indentation"]


def test_a_tab_between_field_and_value_is_allowed():
    meeting, problems = parse_text(
        front("organisation:\tSafer Halton Partnership\ndate: 2011-02-15")
    )
    assert problems == []
    assert meeting is not None


def test_a_list_item_indented_differently_is_explained_on_its_line():
    _, problems = parse_text(
        front("""
        organisation: Safer Halton Partnership
        date: 2011-02-15
        present:
          - name: D. Parr
            role: Chief Executive
           - name: A. Jones
        """)
    )
    assert problems == [
        f"{PATH}:7:4: error: a list item is indented differently from the ones before it"
    ]


def test_a_field_indented_differently_is_explained_on_its_line():
    _, problems = parse_text(
        front("""
        organisation: Safer Halton Partnership
        date: 2011-02-15
        next_meeting:
          date: 2011-04-20
         time: 14:00
        """)
    )
    assert problems == [
        f"{PATH}:6:2: error: the indentation of this line does not match the lines around it"
    ]


def test_an_indented_first_field_is_explained_in_plain_words():
    _, problems = parse_text(
        "---\n  organisation: Safer Halton Partnership\ndate: 2011-02-15\n---\n"
    )
    assert len(problems) == 1
    assert "<" not in problems[0]
    assert "indent" in problems[0]


def test_an_unquoted_colon_in_a_value_suggests_quotes():
    _, problems = parse_text(
        front("organisation: Safer Halton Partnership\ndate: 2011-02-15\ntitle: Item 5: Budget")
    )
    assert problems == [f"{PATH}:4:14: error: a value contains ': ' where YAML does not expect it"]


def test_an_unclosed_quote_is_explained():
    _, problems = parse_text(
        front("organisation: Safer Halton Partnership\ndate: 2011-02-15\ntitle: 'Budget")
    )
    assert problems == [f"{PATH}:4:15: error: a quote is opened but never closed"]


def test_a_line_separator_character_does_not_shift_line_numbers():
    _, problems = parse_text(
        front(
            "organisation: Safer Halton Partnership\ndate: 2011-02-15\n"
            "title: Budget\u2028review\nlocation: Runcorn"
        )
    )
    # Either the title is accepted, or the problem is reported on the title's own line (4).
    assert all(problem.startswith(f"{PATH}:4:") for problem in problems), problems


def test_a_control_character_is_reported_on_its_own_line_in_one_line_of_text():
    _, problems = parse_text(
        front("""
        organisation: Safer Halton Partnership
        date: 2011-02-15
        present:
          - D. Parr\x07
        """)
    )
    assert len(problems) == 1
    assert problems[0].startswith(f"{PATH}:5:")
    assert "\n" not in problems[0]
    assert "<unicode string>" not in problems[0]


# -- refused: aliases, tags, deep nesting -------------------------------------------------------


def test_anchors_and_aliases_are_refused():
    _, problems = parse_text(
        front("""
        organisation: &body Safer Halton Partnership
        date: 2011-02-15
        location: *body
        """)
    )
    assert problems == [
        f"{PATH}:4:11: error: YAML anchors and aliases ('&' and '*') are not supported"
    ]


def billion_laughs() -> str:
    lines = ["organisation: Safer Halton Partnership", "date: 2011-02-15", "extra:"]
    lines.append('  a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]')
    previous = "a"
    for name in "bcdefghij":
        lines.append(f"  {name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
        previous = name
    return front("\n".join(lines))


def test_a_billion_laughs_alias_bomb_is_refused_fast():
    started = time.perf_counter()
    meeting, problems = parse_text(billion_laughs())
    assert time.perf_counter() - started < 1.0
    assert meeting is None
    assert problems == [
        f"{PATH}:6:10: error: YAML anchors and aliases ('&' and '*') are not supported"
    ]


@pytest.mark.parametrize(
    ("value", "tag"),
    [
        ('!!python/object/apply:os.system ["echo hacked"]', "python/object/apply:os.system"),
        ("!!python/object:os.system {}", "python/object:os.system"),
        ("!!python/name:os.system ''", "python/name:os.system"),
    ],
)
def test_a_python_object_tag_is_refused(value, tag):
    text = front(f"organisation: Safer Halton Partnership\ndate: 2011-02-15\nextra: {value}")
    meeting, problems = parse_text(text)
    assert meeting is None
    assert problems == [f"{PATH}:4:8: error: the YAML tag 'tag:yaml.org,2002:{tag}' is not allowed"]


def test_a_custom_tag_is_refused():
    _, problems = parse_text(front("organisation: !shout Safer Halton\ndate: 2011-02-15"))
    assert problems == [f"{PATH}:2:15: error: the YAML tag '!shout' is not allowed"]


def test_deep_nesting_is_refused():
    depth = 30
    text = front(
        "organisation: Safer Halton Partnership\ndate: 2011-02-15\n"
        f"extra: {'[' * depth}{']' * depth}"
    )
    meeting, problems = parse_text(text)
    assert meeting is None
    assert problems == [f"{PATH}:4:28: error: the front matter is nested more than 20 levels deep"]


def test_nesting_twenty_levels_deep_is_still_accepted():
    depth = 18  # the innermost value sits exactly 20 levels below the top
    text = front(
        "organisation: Safer Halton Partnership\ndate: 2011-02-15\n"
        f"extra:\n  a: {'[' * depth}x{']' * depth}"
    )
    meeting, problems = parse_text(text)
    assert problems == []
    assert meeting is not None


DEEP_SCRIPT = """
from minutebook.reading.sources import split_source
from minutebook.reading.meeting import parse_meeting
from minutebook.core.model import SiteConfig
from minutebook.reading.vocabulary import Lexicon
depth = 100_000
nested = "[" * depth + "]" * depth
text = "---\\norganisation: X\\ndate: 2011-02-15\\nextra: " + nested + "\\n---\\n"
source, _ = split_source("content/x.md", text.encode())
meeting, problems = parse_meeting(source, Lexicon.of(SiteConfig(title="t")))
print("\\n".join(p.headline() for p in problems))
"""


def test_very_deep_nesting_is_refused_without_crashing_the_builder():
    result = subprocess.run(
        [sys.executable, "-c", DEEP_SCRIPT], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr[-500:]
    assert "nested" in result.stdout, result.stdout


def meeting_problems(text: str) -> tuple[object, list[str]]:
    """Parse one meeting without the config (whose YAML is composed too)."""
    source, problems = split_source(PATH, text.encode("utf-8"))
    assert source is not None and problems == []
    meeting, found = parse_meeting(source, Lexicon.of(SiteConfig(title="t")))
    return meeting, [d.headline() for d in found]


def test_an_alias_bomb_is_refused_before_anything_is_composed(monkeypatch):
    """Timing-free: aliases are refused in the event stream, so no node tree is ever built."""
    monkeypatch.setattr(yamlnodes.yaml, "compose", None)  # calling it would fail
    meeting, problems = meeting_problems(billion_laughs())
    assert meeting is None
    assert problems == [
        f"{PATH}:6:10: error: YAML anchors and aliases ('&' and '*') are not supported"
    ]


def test_deep_nesting_is_refused_before_anything_is_composed(monkeypatch):
    monkeypatch.setattr(yamlnodes.yaml, "compose", None)
    depth = 10_000
    nested = "[" * depth + "]" * depth
    meeting, problems = meeting_problems(front(f"date: 2011-02-15\nextra: {nested}"))
    assert meeting is None
    assert problems == [f"{PATH}:3:28: error: the front matter is nested more than 20 levels deep"]
