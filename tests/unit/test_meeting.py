"""One meeting file → a Meeting, or the exact `path:line:col: error: message` a clerk reads."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import REPO_ROOT, build_site, make_site, parse_text, rendered
from minutebook.core.model import Attendee, Document, NextMeeting, Status, TimeRange

PATH = "content/2011-02-15.md"
SAMPLE_CONFIG = (REPO_ROOT / "minutebook.yaml").read_text("utf-8")
HEAD = "---\norganisation: Safer Halton Partnership\ndate: 2011-02-15\n"


def parse(text: str, path: str = PATH):
    return parse_text(text, path=path, config=SAMPLE_CONFIG)


def problems_of(text: str, path: str = PATH) -> list[str]:
    return parse(text, path)[1]


# -- each mistake gives one exact message, on the line of the mistake ---------------------------

BAD_FIELDS = [
    pytest.param(
        HEAD + "presnt:\n  - D. Parr\n---\n",
        ["4:1: error: unknown field 'presnt' (did you mean 'present'?)"],
        id="unknown-field-presnt",
    ),
    pytest.param(
        HEAD + "colour: blue\n---\n",
        ["4:1: error: unknown field 'colour'"],
        id="unknown-field-without-look-alike",
    ),
    pytest.param(
        "---\norganisation: Safer Halton Partnership\ndate: 15/02/2011\n---\n",
        ["3:7: error: 'date' is not a date in the form YYYY-MM-DD: '15/02/2011'"],
        id="date-uk-order",
    ),
    pytest.param(
        "---\norganisation: Safer Halton Partnership\ndate: 2011-02-30\n---\n",
        ["3:7: error: 'date' is not a real date: '2011-02-30'"],
        id="date-30-february",
    ),
    pytest.param(
        "---\norganisation: Safer Halton Partnership\ndate: 15 February 2011\n---\n",
        ["3:7: error: 'date' is not a date in the form YYYY-MM-DD: '15 February 2011'"],
        id="date-in-words",
    ),
    pytest.param(
        "---\ndate: 2011-02-15\n---\n",
        ["2:1: error: 'organisation' is missing"],
        id="missing-organisation",
    ),
    pytest.param(
        "---\norganisation: Safer Halton Partnership\n---\n",
        ["2:1: error: 'date' is missing"],
        id="missing-date",
    ),
    pytest.param(
        "---\norganisation:\ndate: 2011-02-15\n---\n",
        ["2:1: error: 'organisation' is missing"],
        id="empty-organisation",
    ),
    pytest.param(
        '---\norganisation: ""\ndate: 2011-02-15\n---\n',
        ["2:1: error: 'organisation' is missing"],
        id="organisation-in-empty-quotes",
    ),
    pytest.param(
        "---\norganisation: Safer Halton Partnership\ndate: '  '\n---\n",
        ["2:1: error: 'date' is missing"],
        id="date-in-quotes-with-only-spaces",
    ),
    pytest.param(
        HEAD + 'documents:\n  - title: ""\n    url: https://example.org/\n---\n',
        ["5:5: error: 'documents[1].title' is missing"],
        id="document-title-in-empty-quotes",
    ),
    pytest.param(
        HEAD + 'present:\n  - name: ""\n---\n',
        ["5:5: error: 'present[1].name' is missing"],
        id="attendee-name-in-empty-quotes",
    ),
    pytest.param(
        HEAD + 'next_meeting:\n  date: ""\n---\n',
        ["5:3: error: 'next_meeting.date' is missing"],
        id="next-meeting-date-in-empty-quotes",
    ),
    pytest.param(
        HEAD + "present: D. Parr\n---\n",
        ["4:10: error: 'present' should be a list, not a single value"],
        id="text-where-list-expected",
    ),
    pytest.param(
        HEAD + "apologies:\n  name: D. Parr\n---\n",
        ["5:3: error: 'apologies' should be a list, not a set of fields"],
        id="mapping-where-list-expected",
    ),
    pytest.param(
        HEAD + "title:\n  - Budget\n---\n",
        ["5:3: error: 'title' should be a single piece of text, not a list"],
        id="list-where-text-expected",
    ),
    pytest.param(
        HEAD + "status: aproved\n---\n",
        ["4:9: error: 'status' must be approved, unconfirmed or draft, not 'aproved'"],
        id="status-unknown",
    ),
    pytest.param(
        HEAD + "time: 25:00\n---\n",
        ["4:7: error: 'time' is not a time like 14:00 or 14:00-16:30: '25:00'"],
        id="time-out-of-range",
    ),
    pytest.param(
        HEAD + "approved_at: last week\n---\n",
        ["4:14: error: 'approved_at' is not a date in the form YYYY-MM-DD: 'last week'"],
        id="approved-at-not-a-date",
    ),
    pytest.param(
        HEAD + "slug: Extra Ordinary\n---\n",
        ["4:7: error: 'slug' may only use lowercase letters, digits and '-': 'Extra Ordinary'"],
        id="slug-with-capitals-and-space",
    ),
    pytest.param(
        HEAD + "extra: webcast\n---\n",
        ["4:8: error: 'extra' should be a set of 'field: value' lines"],
        id="extra-not-a-mapping",
    ),
    pytest.param(
        HEAD + "documents:\n  - title: Passwords\n    file: ../../etc/passwd\n---\n",
        ["6:11: error: documents[1].file points outside the content folder: '../../etc/passwd'"],
        id="document-path-escapes-the-site",
    ),
    pytest.param(
        HEAD + "documents:\n  - title: Passwords\n    file: /etc/passwd\n---\n",
        ["6:11: error: documents[1].file points outside the content folder: '/etc/passwd'"],
        id="document-path-absolute",
    ),
    pytest.param(
        HEAD + "documents:\n  - title: Report\n    file: r.pdf\n    url: https://example.org/\n"
        "---\n",
        ["5:5: error: documents[1] needs either 'file' or 'url' (one of the two)"],
        id="document-with-file-and-url",
    ),
    pytest.param(
        HEAD + "documents:\n  - file: report.pdf\n---\n",
        ["5:5: error: 'documents[1].title' is missing"],
        id="document-without-title",
    ),
    pytest.param(
        HEAD + "documents:\n  - title: Report\n    url: javascript:alert(1)\n---\n",
        [
            "6:10: error: documents[1].url must start with https:// or http://: "
            "'javascript:alert(1)'"
        ],
        id="document-javascript-url",
    ),
    pytest.param(
        HEAD + "present:\n  - role: Chief Executive\n---\n",
        ["5:5: error: 'present[1].name' is missing"],
        id="attendee-mapping-without-name",
    ),
    pytest.param(
        HEAD + "present:\n  - D. Parr\n  -\n---\n",
        ["6:4: error: present[2] is empty"],
        id="attendee-empty",
    ),
    pytest.param(
        HEAD + "present:\n  - name: D. Parr\n    rol: Chief Executive\n---\n",
        ["6:5: error: unknown field 'rol' in present[1] (did you mean 'role'?)"],
        id="attendee-unknown-field",
    ),
    pytest.param(
        HEAD + "present:\n  - [D. Parr]\n---\n",
        ["5:5: error: present[1] should be a set of 'field: value' lines, not a list"],
        id="attendee-list",
    ),
    pytest.param(
        HEAD + "present:\n  - name: D. Parr\n    chair: maybe\n---\n",
        ["6:12: error: 'present[1].chair' should be true or false, not 'maybe'"],
        id="chair-not-yes-or-no",
    ),
    pytest.param(
        HEAD + "next_meeting:\n  date: 2011-04-20\n  time: 2pm\n---\n",
        ["6:9: error: 'next_meeting.time' is not a time like 14:00 or 14:00-16:30: '2pm'"],
        id="next-meeting-time",
    ),
    pytest.param(
        HEAD + "next_meeting: 2011-13-01\n---\n",
        ["4:15: error: 'next_meeting' is not a real date: '2011-13-01'"],
        id="next-meeting-month-13",
    ),
    pytest.param(
        "---\ntime: 25:00\n---\n",
        [
            "2:1: error: 'organisation' is missing",
            "2:1: error: 'date' is missing",
            "2:7: error: 'time' is not a time like 14:00 or 14:00-16:30: '25:00'",
        ],
        id="every-field-checked-when-required-ones-are-missing",
    ),
]


@pytest.mark.parametrize(("text", "expected"), BAD_FIELDS)
def test_each_bad_field_gives_one_exact_message_on_its_line(text, expected):
    assert problems_of(text) == [f"{PATH}:{tail}" for tail in expected]


def test_unknown_field_names_file_line_and_suggests_the_field():
    problems = problems_of(HEAD + "presnt:\n  - D. Parr\n---\n")
    assert problems == [f"{PATH}:4:1: error: unknown field 'presnt' (did you mean 'present'?)"]


def test_a_uk_date_is_refused_and_the_fix_shows_the_iso_date():
    from minutebook.reading.fields import read_date
    from minutebook.reading.yamlnodes import Positions, compose

    root, _ = compose("date: 15/02/2011", Positions(PATH, 2))
    assert root is not None
    (_, value), *_ = root.value
    parsed, problems = read_date(value, Positions(PATH, 2), "date")
    assert parsed is None
    assert [p.fix for p in problems] == ["write it as 2011-02-15"]


def test_a_document_path_escaping_from_a_nested_folder_is_refused():
    problems = problems_of(
        HEAD + "documents:\n  - title: Passwords\n    file: ../../../etc/passwd\n---\n",
        path="content/safer-halton-partnership/2011-02-15.md",
    )
    assert problems == [
        "content/safer-halton-partnership/2011-02-15.md:6:11: error: documents[1].file points "
        "outside the content folder: '../../../etc/passwd'"
    ]


def test_a_windows_drive_document_path_is_refused():
    problems = problems_of(HEAD + "documents:\n  - title: X\n    file: C:\\secret.pdf\n---\n")
    assert problems == [
        f"{PATH}:6:11: error: documents[1].file points outside the content folder: 'C:\\secret.pdf'"
    ]


def test_several_mistakes_in_one_file_are_all_reported_in_line_order(tmp_path):
    text = HEAD.replace("2011-02-15", "2011-02-30") + "presnt: []\nstatus: aproved\n---\n"
    root = make_site(tmp_path, f"-- {PATH} --\n{text}")
    report = build_site(root)
    assert rendered(report.diagnostics) == [
        f"{PATH}:3:7: error: 'date' is not a real date: '2011-02-30'",
        f"{PATH}:4:1: error: unknown field 'presnt' (did you mean 'present'?)",
        f"{PATH}:5:9: error: 'status' must be approved, unconfirmed or draft, not 'aproved'",
    ]
    assert not report.published


# -- front matter framing -----------------------------------------------------------------------


def test_a_missing_closing_fence_is_named_on_the_opening_line():
    assert problems_of("---\norganisation: X\ndate: 2011-02-15\n\n## 1. Budget\n") == [
        f"{PATH}:1:1: error: the front matter is opened with '---' but never closed"
    ]


def test_a_file_without_front_matter_says_how_to_start_one():
    assert problems_of("# Minutes\n\nSome text.\n") == [
        f"{PATH}:1:1: error: the file does not start with front matter "
        "(a '---' line, the fields, then '---')"
    ]


def test_empty_front_matter_is_named():
    assert problems_of("---\n---\n") == [f"{PATH}:1:1: error: the front matter is empty"]


def test_front_matter_that_is_a_list_is_explained():
    assert problems_of("---\n- a\n---\n") == [
        f"{PATH}:2:1: error: this should be a set of 'field: value' lines, not a list"
    ]


def test_blank_lines_before_the_fence_warn_and_keep_lines_file_absolute():
    assert problems_of("\n\n---\norganisation: X\ndate: 2011-02-15\npresnt: x\n---\n") == [
        f"{PATH}:3: warning: there are blank lines before the opening '---'",
        f"{PATH}:6:1: error: unknown field 'presnt' (did you mean 'present'?)",
    ]


def test_a_byte_order_mark_is_harmless():
    meeting, problems = parse("\ufeff" + HEAD + "---\n")
    assert problems == []
    assert meeting is not None


def test_windows_line_endings_keep_line_numbers():
    text = (HEAD + "presnt: x\n---\n").replace("\n", "\r\n")
    assert problems_of(text) == [
        f"{PATH}:4:1: error: unknown field 'presnt' (did you mean 'present'?)"
    ]


def test_invalid_utf8_names_the_line_and_column_of_the_bad_byte():
    meeting, problems = parse_text(
        b"---\norganisation: Caf\xe9 Society\ndate: 2011-02-15\n---\n", path=PATH
    )
    assert meeting is None
    assert problems == [f"{PATH}:2:18: error: the file is not valid UTF-8 text (byte 21 is 0xe9)"]


# -- a good file becomes a complete model -------------------------------------------------------

COMPLETE = """\
---
organisation: Safer Halton Partnership
date: 2011-02-15
title: Safer Halton Partnership, 15 February 2011
time: 14:00-16:30
location: Civic Suite, Town Hall, Runcorn
status: unconfirmed
approved_at: 2011-04-20
present:
  - name: D. Parr
    role: Chief Executive
    chair: yes
  - name: S. Blackwell
    organisation: Cheshire Police
  - Cllr S Osborne
in_attendance:
  - name: A. Jones
    role: Democratic Services
apologies:
  - Christine Frazer
topics: [Community safety]
next_meeting:
  date: 2011-04-20
  time: 14:00
  location: Civic Suite, Town Hall, Runcorn
documents:
  - title: Hate crimes report Q3
    file: hate-crimes-q3.pdf
  - title: Supporting People to Live a Drug Free Life
    url: https://www.gov.uk/
extra:
  webcast: false
---

At a meeting of the Safer Halton Partnership.

## SHP38 WELCOME & INTRODUCTIONS

David Parr welcomed everyone to the meeting.
"""


def test_a_complete_meeting_file_becomes_a_complete_model():
    meeting, problems = parse(COMPLETE, path="content/safer-halton-partnership/2011-02-15.md")
    assert problems == []
    assert meeting is not None
    assert meeting.id == "safer-halton-partnership/2011-02-15"
    assert meeting.organisation == "safer-halton-partnership"
    assert meeting.date == dt.date(2011, 2, 15)
    assert meeting.time == TimeRange(dt.time(14, 0), dt.time(16, 30))
    assert meeting.status is Status.UNCONFIRMED
    assert meeting.approved_at == dt.date(2011, 4, 20)
    assert [(p.name, p.organisation, p.role, p.is_chair) for p in meeting.present] == [
        ("D. Parr", None, "Chief Executive", True),
        ("S. Blackwell", "cheshire-constabulary", None, False),
        ("Cllr S Osborne", None, None, False),
    ]
    assert [p.name for p in meeting.in_attendance] == ["A. Jones"]
    assert meeting.apologies == (Attendee("Christine Frazer", span=meeting.apologies[0].span),)
    assert meeting.topics == ("community-safety",)
    assert meeting.next_meeting == NextMeeting(
        dt.date(2011, 4, 20), TimeRange(dt.time(14, 0)), "Civic Suite, Town Hall, Runcorn"
    )
    assert [(d.title, d.file, d.url) for d in meeting.documents] == [
        (
            "Hate crimes report Q3",
            "content/safer-halton-partnership/hate-crimes-q3.pdf",
            None,
        ),
        ("Supporting People to Live a Drug Free Life", None, "https://www.gov.uk/"),
    ]
    assert isinstance(meeting.documents[0], Document)
    assert meeting.extra == {"webcast": "false"}
    assert "At a meeting of the Safer Halton Partnership." in meeting.intro_html
    assert [(i.number, i.title, i.anchor, i.line) for i in meeting.items] == [
        ("SHP38", "WELCOME & INTRODUCTIONS", "item-shp38", 37)
    ]


def test_attendees_may_be_plain_names_or_mappings():
    meeting, problems = parse(
        HEAD + "present:\n  - D. Parr\n  - name: A. Jones\n    role: Democratic Services\n---\n"
    )
    assert problems == []
    assert meeting is not None
    assert [(p.name, p.role) for p in meeting.present] == [
        ("D. Parr", None),
        ("A. Jones", "Democratic Services"),
    ]


@pytest.mark.parametrize("word", ["yes", "true", "Yes", "on"])
def test_chair_yes_makes_the_person_chair(word):
    meeting, problems = parse(HEAD + f"present:\n  - name: D. Parr\n    chair: {word}\n---\n")
    assert problems == []
    assert meeting is not None
    assert meeting.present[0].is_chair is True


def test_next_meeting_may_be_just_a_date():
    meeting, problems = parse(HEAD + "next_meeting: 2011-04-20\n---\n")
    assert problems == []
    assert meeting is not None
    assert meeting.next_meeting == NextMeeting(dt.date(2011, 4, 20))


def test_status_is_approved_unless_said_otherwise():
    meeting, _ = parse(HEAD + "---\n")
    assert meeting is not None
    assert meeting.status is Status.APPROVED


def test_an_unknown_status_is_never_published():
    meeting, _ = parse(HEAD + "status: aproved\n---\n")
    assert meeting is not None
    assert meeting.status is Status.DRAFT


def test_an_organisation_alias_resolves_to_the_listed_organisation():
    meeting, problems = parse(
        "---\norganisation: Cheshire Fire and Rescue Service\ndate: 2019-10-16\n---\n"
    )
    assert problems == []
    assert meeting is not None
    assert meeting.organisation == "cheshire-fire-and-rescue-service"
    assert meeting.unlisted_organisations == ()


def test_a_typo_of_a_listed_organisation_warns_with_the_listed_name():
    meeting, problems = parse("---\norganisation: Cheshire Constabularly\ndate: 2011-02-15\n---\n")
    assert problems == [
        f"{PATH}:2:15: warning: 'Cheshire Constabularly' is not an organisation listed in "
        "minutebook.yaml, but looks like 'Cheshire Constabulary'"
    ]
    assert meeting is not None


def test_an_unlisted_organisation_becomes_an_entry_of_its_own():
    meeting, problems = parse("---\norganisation: Widnes Rotary Club\ndate: 2011-02-15\n---\n")
    assert problems == []
    assert meeting is not None
    assert meeting.organisation == "widnes-rotary-club"
    assert [o.name for o in meeting.unlisted_organisations] == ["Widnes Rotary Club"]


def test_a_meeting_with_a_slug_has_its_own_id():
    meeting, _ = parse(HEAD + "slug: extraordinary\n---\n")
    assert meeting is not None
    assert meeting.id == "safer-halton-partnership/2011-02-15-extraordinary"


@pytest.mark.parametrize("file", ["../../minutebook.yaml", ".git/config", "../../.git/config"])
def test_a_document_outside_content_or_in_a_hidden_folder_is_refused(file):
    _, problems = parse_text(
        "---\norganisation: Halton\ndate: 2011-02-15\ndocuments:\n"
        f"  - title: Secret\n    file: {file}\n---\n"
    )
    assert [p.split(":", 3)[3] for p in problems] == [
        f" error: documents[1].file points outside the content folder: '{file}'"
    ]
