"""Agenda items: numbers as clerks write them, stable anchors, procedural items, metadata lines."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from minutebook.reading.agenda import (
    ItemNumber,
    is_procedural,
    item_anchor,
    metadata_line,
    numbering_slips,
    split_heading,
    split_list,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@dataclass(frozen=True)
class FixtureCase:
    line: int  # of the description, for the test id and failure messages
    title: str
    given: str
    expected: str


def read_fixture_file(path: Path) -> list[FixtureCase]:
    """markdown-it-py's fixture format: description, '.', input, '.', expected, '.'."""
    lines = path.read_text("utf-8").splitlines()
    cases: list[FixtureCase] = []
    number = 0
    while number < len(lines):
        if lines[number].rstrip() == "." and number > 0:
            title_line = number - 1
            blocks: list[list[str]] = [[], []]
            number += 1
            for block in blocks:
                while lines[number].rstrip() != ".":
                    block.append(lines[number])
                    number += 1
                number += 1
            cases.append(
                FixtureCase(
                    title_line + 1,
                    lines[title_line].strip(),
                    "\n".join(blocks[0]),
                    "\n".join(blocks[1]),
                )
            )
            continue
        number += 1
    return cases


AGENDA_CASES = read_fixture_file(FIXTURES / "agenda_items.md")


def test_the_fixture_file_has_cases():
    assert len(AGENDA_CASES) >= 10


@pytest.mark.parametrize(
    "case", AGENDA_CASES, ids=[f"L{c.line}-{c.title[:40]}" for c in AGENDA_CASES]
)
def test_agenda_heading_fixture(case: FixtureCase):
    heading = split_heading(case.given)
    got = f"{heading.number or ''}|{heading.title}|{item_anchor(heading)}"
    assert got == case.expected, f"agenda_items.md line {case.line}: {case.title}"


@pytest.mark.parametrize("heading", ["NHS 111 service review", "DWP 5 year plan"])
def test_an_abbreviation_followed_by_a_number_is_not_an_item_number(heading):
    assert split_heading(heading).number is None


# -- procedural items ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    [
        "WELCOME & INTRODUCTIONS",
        "Welcome and Introductions",
        "Welcome",
        "APOLOGIES",
        "Apologies for absence",
        "MINUTES FROM LAST MEETING",
        "Minutes of the Last Meeting and Matters Arising",
        "Matters arising",
        "Declarations of Interest",
        "ANY OTHER BUSINESS",
        "AOB",
        "A.O.B.",
        "ITEMS FOR INFORMATION",
        "Information Items",
        "Date and Time of Next SHP Meeting",
        "Date of next meeting",
        "Date & time of the next meeting.",
    ],
)
def test_procedural_items_are_recognised(title):
    assert is_procedural(title)


@pytest.mark.parametrize(
    "title",
    [
        "PRESENTATION: UPDATE ON THE HALTON SUBSTANCE MISUSE PROJECT",
        "Task Group Updates:",
        "Minimum Pricing Unit",
        "Minutes of the Licensing Sub-Committee",
        "SAFER HALTON FUNDING",
        "Welcome pack for new members",
    ],
)
def test_substantive_items_are_not_procedural(title):
    assert not is_procedural(title)


# -- metadata lines -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Topics: Substance misuse, Funding", ("topics", "Substance misuse, Funding")),
        ("Topic: ASB", ("topics", "ASB")),
        ("Action: LG/SS", ("actions", "LG/SS")),
        ("Actions: CW; DP", ("actions", "CW; DP")),
        ("topics : Alcohol", ("topics", "Alcohol")),
    ],
)
def test_metadata_lines_are_recognised(line, expected):
    assert metadata_line(line) == expected


@pytest.mark.parametrize(
    "line", ["RESOLVED: That the report be noted", "Note: hello", "Topics:", "Collette presented"]
)
def test_other_lines_are_not_metadata(line):
    assert metadata_line(line) is None


def test_metadata_values_split_on_commas_and_semicolons():
    assert split_list("Substance misuse, Funding; Alcohol ,") == (
        "Substance misuse",
        "Funding",
        "Alcohol",
    )


# -- numbering: repeats and numbers that go backwards ------------------------------------------


@pytest.mark.parametrize(
    ("numbers", "slips"),
    [
        pytest.param(["SHP38", "SHP39", "SHP40"], [], id="in-order"),
        pytest.param(["1", "2", "5", "6"], [], id="gaps-are-fine"),
        pytest.param(["5", "5a", "5b", "6"], [], id="lettered-sub-items"),
        pytest.param([None, "1", None, "2"], [], id="unnumbered-items-are-skipped"),
        pytest.param(["SHP3", "1", "2"], [], id="each-series-on-its-own"),
        pytest.param(["SHP38", "SHP40", "SHP39"], [("SHP39", "SHP40", False)], id="backwards"),
        pytest.param(["1", "2", "2"], [("2", "2", True)], id="repeat"),
        pytest.param(["5a", "5A"], [("5A", "5a", True)], id="repeat-ignoring-case"),
        pytest.param(["1", "2", "1"], [("1", "1", True)], id="a-repeat-is-only-a-repeat"),
        pytest.param(["1", "5", "3", "4"], [("3", "5", False)], id="only-the-first-backward-step"),
    ],
)
def test_numbering_slips(numbers, slips):
    found = numbering_slips((number, line) for line, number in enumerate(numbers, start=10))
    assert [(s.number, s.earlier, s.is_repeat) for s in found] == slips


@pytest.mark.parametrize(
    ("number", "parts"),
    [
        ("SHP41", ("SHP", 41, "")),
        ("shp 41", ("SHP", 41, "")),
        ("5a", ("", 5, "a")),
        ("12", ("", 12, "")),
    ],
)
def test_item_numbers_are_taken_apart(number, parts):
    parsed = ItemNumber.of(number)
    assert parsed is not None
    assert (parsed.series, parsed.value, parsed.suffix) == parts
    assert parsed.is_coded() == bool(parts[0])
