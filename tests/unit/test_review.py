"""The second reader's queries (`check.review_meeting`): allowed, but probably a slip."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import parse_text
from minutebook.reading.review import review_meeting

PATH = "content/2011-02-15.md"
TODAY = dt.date(2026, 1, 1)
ITEM = "## 1. Welcome\n"


def review(front: str, body: str = ITEM) -> list[str]:
    meeting, problems = parse_text(f"---\n{front}---\n{body}", PATH)
    assert meeting is not None, problems
    return [d.headline() for d in review_meeting(meeting, TODAY)]


HEAD = "organisation: Safer Halton Partnership\ndate: 2011-02-15\n"


def test_good_minutes_raise_no_query():
    assert review(HEAD + "present:\n  - D. Parr\napologies:\n  - S. Holmes\n") == []


def test_future_minutes_approved_by_default_say_so():
    assert review("organisation: X\ndate: 2026-03-01\n") == [
        f"{PATH}:3:7: warning: these minutes are approved (the default), but the meeting's "
        "date, 2026-03-01, is after today (2026-01-01)"
    ]


@pytest.mark.parametrize("status", ["draft", "unconfirmed"])
def test_future_minutes_that_are_not_approved_are_fine(status):
    assert review(f"organisation: X\ndate: 2026-03-01\nstatus: {status}\n") == []


def test_minutes_dated_today_are_fine():
    assert review("organisation: X\ndate: 2026-01-01\n") == []


def test_someone_in_attendance_who_sent_apologies_is_queried():
    assert review(HEAD + "in_attendance:\n  - A. Jones\napologies:\n  - a jones\n") == [
        f"{PATH}:7:5: warning: 'a jones' sent apologies but is also listed under "
        "in_attendance (line 5)"
    ]


def test_a_next_meeting_on_the_same_day_is_fine():
    assert review(HEAD + "next_meeting: 2011-02-15\n") == []


def test_a_next_meeting_given_as_a_plain_date_points_at_it():
    assert review(HEAD + "next_meeting: 2011-01-15\n") == [
        f"{PATH}:4:15: warning: the next meeting (2011-01-15) is before this meeting (2011-02-15)"
    ]


def test_text_before_any_heading_is_not_an_item():
    assert review(HEAD, "Notes only.\n\n### A sub-heading\n") == [
        f"{PATH}:2:1: warning: these minutes have no agenda items: no line starts with '## '"
    ]
