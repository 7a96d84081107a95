"""Field readers: the raw text a clerk typed → a value, or a message with a fix."""

from __future__ import annotations

import datetime as dt

import pytest
from yaml.nodes import Node

from minutebook.core.model import TimeRange
from minutebook.reading.fields import read_bool, read_date, read_text, read_text_list, read_time
from minutebook.reading.yamlnodes import Positions, compose

PATH = "content/x.md"
POSITIONS = Positions(PATH, 2)


def value_node(yaml_text: str) -> Node:
    root, problems = compose(f"field: {yaml_text}", POSITIONS)
    assert problems == []
    assert root is not None
    return root.value[0][1]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2011-02-15", dt.date(2011, 2, 15)),
        ("'2011-02-15'", dt.date(2011, 2, 15)),
        ("2024-02-29", dt.date(2024, 2, 29)),
    ],
)
def test_iso_dates_are_read(typed, expected):
    assert read_date(value_node(typed), POSITIONS, "date") == (expected, [])


@pytest.mark.parametrize(
    ("typed", "fix"),
    [
        ("15/02/2011", "write it as 2011-02-15"),
        ("15.02.2011", "write it as 2011-02-15"),
        ("1/2/2011", "write it as 2011-02-01"),
        ("15 Feb 2011", "write the year, month and day, e.g.  date: 2011-02-15"),
        ("31/02/2011", "write the year, month and day, e.g.  date: 2011-02-15"),
    ],
)
def test_a_date_in_another_form_is_refused_with_a_fix_in_the_clerks_own_date(typed, fix):
    value, problems = read_date(value_node(typed), POSITIONS, "date")
    assert value is None
    assert [(p.headline(), p.fix) for p in problems] == [
        (f"{PATH}:2:8: error: 'date' is not a date in the form YYYY-MM-DD: '{typed}'", fix)
    ]


def test_a_date_that_does_not_exist_is_refused():
    value, problems = read_date(value_node("2011-02-30"), POSITIONS, "date")
    assert value is None
    assert [p.headline() for p in problems] == [
        f"{PATH}:2:8: error: 'date' is not a real date: '2011-02-30'"
    ]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("14:00", TimeRange(dt.time(14, 0))),
        ("9:30", TimeRange(dt.time(9, 30))),
        ("14.00", TimeRange(dt.time(14, 0))),
        ('"10:00"', TimeRange(dt.time(10, 0))),
        ("14:00-16:30", TimeRange(dt.time(14, 0), dt.time(16, 30))),
        ("14:00 – 16:30", TimeRange(dt.time(14, 0), dt.time(16, 30))),
        ("14:00 to 16:30", TimeRange(dt.time(14, 0), dt.time(16, 30))),
    ],
)
def test_times_are_read_as_typed_not_as_yaml_numbers(typed, expected):
    assert read_time(value_node(typed), POSITIONS, "time") == (expected, [])


@pytest.mark.parametrize("typed", ["2pm", "25:00", "14:60", "noon"])
def test_a_time_in_another_form_is_refused(typed):
    value, problems = read_time(value_node(typed), POSITIONS, "time")
    assert value is None
    assert [p.headline() for p in problems] == [
        f"{PATH}:2:8: error: 'time' is not a time like 14:00 or 14:00-16:30: '{typed}'"
    ]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("yes", True), ("true", True), ("on", True), ("no", False), ("false", False)],
)
def test_yes_and_no_are_read_only_where_a_yes_or_no_is_expected(typed, expected):
    assert read_bool(value_node(typed), POSITIONS, "chair") == (expected, [])
    assert read_text(value_node(typed), POSITIONS, "organisation") == (typed, [])


def test_a_text_list_may_be_one_comma_separated_line():
    assert read_text_list(value_node("ASB, anti social behaviour"), POSITIONS, "aliases") == (
        ("ASB", "anti social behaviour"),
        [],
    )


def test_a_text_list_may_be_a_yaml_list():
    assert read_text_list(value_node("[ASB, Drugs]"), POSITIONS, "aliases") == (
        ("ASB", "Drugs"),
        [],
    )
