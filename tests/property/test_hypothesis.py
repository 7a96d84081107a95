"""Properties: any file is read without a crash, every problem points into the file, and valid
generated meetings come back as the same organisation, date, people and item numbers."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import build_site, parse_txtar
from minutebook.core.model import SiteConfig
from minutebook.reading.meeting import parse_meeting
from minutebook.reading.sources import split_source
from minutebook.reading.vocabulary import Lexicon, slugify

PATH = "content/shp/2011-02-15.md"
LEXICON = Lexicon.of(SiteConfig(title="Test minutes"))
FAST = settings(max_examples=150, deadline=None, database=None)

# YAML 1.1 also breaks lines at U+0085, U+2028 and U+2029, which the file does not: that known
# bug has its own test (test_yamlnodes.py::test_a_line_separator_character_does_not_shift_...),
# so these properties leave the three characters out rather than fail on them every time.
YAML_ONLY_LINE_BREAKS = "\x85\u2028\u2029"
TEXT = st.text(st.characters(exclude_characters=YAML_ONLY_LINE_BREAKS, codec="utf-8"))
# Text made mostly of the characters that matter to YAML and Markdown, to get past the fences.
SYNTAX = st.lists(
    st.sampled_from([*"ab1 :-[]{}#&*!|>'\",.?%@`\t\n\r", "---", "## ", "\ufeff", "\x00"]),
    max_size=60,
).map("".join)
FIELD_NAMES = st.sampled_from(
    ["organisation", "date", "present", "time", "status", "documents", "topics", "presnt", "-"]
)


def file_lines(data: bytes) -> int:
    """How many lines the clerk's editor shows: the builder's own line splitting."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data.count(b"\n") + 1
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return text.count("\n") + 1


def diagnostics_of(data: bytes) -> list:
    source, diagnostics = split_source(PATH, data)
    if source is not None:
        _, found = parse_meeting(source, LEXICON)
        diagnostics = diagnostics + found
    return diagnostics


def assert_lines_within_file(data: bytes) -> None:
    lines = file_lines(data)
    for diagnostic in diagnostics_of(data):
        assert diagnostic.span.path == PATH
        assert 1 <= diagnostic.span.line <= lines, (diagnostic.headline(), lines)
        assert diagnostic.span.column >= 0


@st.composite
def meeting_like(draw) -> str:
    """Front matter fences around YAML-ish text, then a Markdown-ish body."""
    fields = draw(
        st.lists(
            st.tuples(FIELD_NAMES, st.one_of(SYNTAX, TEXT.map(lambda t: t[:40]))),
            max_size=6,
        )
    )
    front = "\n".join(f"{name}: {value}" for name, value in fields)
    body = draw(st.one_of(SYNTAX, TEXT))
    return f"---\n{front}\n---\n{body}"


BLANKS = st.sampled_from(["", '""', "''", "' '", "~", "null", "[]", "{}", "-"])


@st.composite
def blank_values(draw) -> str:
    """Good fields with some values left blank in the ways clerks leave them blank."""
    fields = {
        "organisation": "Safer Halton Partnership",
        "date": "2011-02-15",
        "present": "\n  - name: D. Parr",
        "documents": "\n  - title: Agenda\n    url: https://example.org/",
        "next_meeting": "\n  date: 2011-04-20",
    }
    lines = []
    for name, value in fields.items():
        if draw(st.booleans()):
            blank = draw(BLANKS)
            value = value.replace("D. Parr", blank).replace("Agenda", blank)
            value = value.replace("2011-04-20", blank) if name == "next_meeting" else value
            value = blank if name in ("organisation", "date") else value
        lines.append(f"{name}: {value}")
    return "---\n" + "\n".join(lines) + "\n---\n## 1. Budget\n"


@FAST
@given(st.one_of(TEXT, meeting_like()))
def test_any_text_is_read_without_an_exception_and_lines_are_in_the_file(text):
    assert_lines_within_file(text.encode("utf-8"))


@FAST
@given(st.one_of(TEXT, meeting_like(), blank_values()))
def test_a_file_that_gives_no_meeting_always_says_why_with_an_error(text):
    """A meeting may never drop out of the site silently: no model means at least one error."""
    data = text.encode("utf-8")
    source, diagnostics = split_source(PATH, data)
    meeting = None
    if source is not None:
        meeting, found = parse_meeting(source, LEXICON)
        diagnostics = diagnostics + found
    if meeting is None:
        assert any(d.severity.value == "error" for d in diagnostics), text


@FAST
@given(st.binary(max_size=300))
def test_any_bytes_are_read_without_an_exception_and_lines_are_in_the_file(data):
    if any(ch.encode("utf-8") in data for ch in YAML_ONLY_LINE_BREAKS):
        return
    assert_lines_within_file(data)


@FAST
@given(st.binary(max_size=200).map(lambda tail: b"---\norganisation: X\ndate: 2011-02-15\n" + tail))
def test_any_bytes_after_good_fields_are_read_without_an_exception(data):
    if any(ch.encode("utf-8") in data for ch in YAML_ONLY_LINE_BREAKS):
        return
    assert_lines_within_file(data)


@settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.one_of(TEXT, meeting_like()))
def test_a_whole_build_of_any_meeting_file_never_raises(text):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "site"
        (root / "content/shp").mkdir(parents=True)
        (root / "minutebook.yaml").write_text("title: Test minutes\n", "utf-8")
        (root / PATH).write_bytes(text.encode("utf-8"))
        report = build_site(root)
        assert report.published == (
            not any(d.severity.value == "error" for d in report.diagnostics)
        )


# -- valid meetings round-trip ------------------------------------------------------------------

NAME_CHARACTERS = st.characters(categories=("L", "Nd"), include_characters=" &'-.,()/")
NAMES = (
    st.text(NAME_CHARACTERS, min_size=1, max_size=40)
    .map(str.strip)
    .filter(lambda name: any(ch.isalpha() for ch in name))
)
WORDS = st.text(
    st.characters(categories=("L",), max_codepoint=0x17F), min_size=1, max_size=12
).filter(str.isalpha)
TITLES = st.lists(WORDS, min_size=1, max_size=6).map(" ".join)
NUMBER_FORMS = st.sampled_from(["{n}. ", "{n}) ", "Item {n}: ", "SHP{n} ", "({n}) "])


def quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML ones)."""
    return json.dumps(text, ensure_ascii=False)


@st.composite
def valid_meetings(draw):
    organisation = draw(NAMES)
    date = draw(st.dates(dt.date(1950, 1, 1), dt.date(2100, 12, 31)))
    present = draw(st.lists(NAMES, max_size=8))
    as_mappings = draw(st.lists(st.booleans(), min_size=len(present), max_size=len(present)))
    items = draw(st.lists(st.tuples(NUMBER_FORMS, st.integers(1, 199), TITLES), max_size=8))
    lines = ["---", f"organisation: {quoted(organisation)}", f"date: {date.isoformat()}"]
    if present:
        lines.append("present:")
        for name, mapping in zip(present, as_mappings, strict=True):
            lines.append(f"  - name: {quoted(name)}" if mapping else f"  - {quoted(name)}")
    lines += ["---", "", "At a meeting of the partnership.", ""]
    expected_numbers = []
    for form, number, title in items:
        lines += [f"## {form.format(n=number)}{title}", "", f"Notes on {title}.", ""]
        expected_numbers.append(f"SHP{number}" if form.startswith("SHP") else str(number))
    return "\n".join(lines), organisation, date, present, expected_numbers, items


@FAST
@given(valid_meetings())
def test_valid_generated_meetings_round_trip(case):
    text, organisation, date, present, numbers, items = case
    source, problems = split_source(PATH, text.encode("utf-8"))
    assert problems == []
    assert source is not None
    meeting, problems = parse_meeting(source, LEXICON)
    assert [p.headline() for p in problems if p.severity.value == "error"] == []
    assert meeting is not None
    assert meeting.organisation == slugify(organisation)
    assert [o.name for o in meeting.unlisted_organisations] == [organisation]
    assert meeting.date == date
    assert [p.name for p in meeting.present] == present
    assert [i.number for i in meeting.items] == numbers
    assert [i.title for i in meeting.items] == [title for _, _, title in items]


@settings(max_examples=15, deadline=None, database=None)
@given(valid_meetings())
def test_valid_generated_meetings_build_into_a_page(case):
    text, _, date, _, numbers, _ = case
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "site"
        files = parse_txtar("-- minutebook.yaml --\ntitle: Test minutes\n")
        root.mkdir()
        for relative, content in files.items():
            (root / relative).write_text(content, "utf-8")
        (root / "content").mkdir()
        (root / "content/meeting.md").write_text(text, "utf-8")
        report = build_site(root)
        assert report.published, [d.headline() for d in report.diagnostics]
        pages = list(
            (root / "output/meetings").glob(f"{date.year}/{date:%m}/{date:%d}/*/index.html")
        )
        assert len(pages) == 1
        html = pages[0].read_text("utf-8")
        for number in numbers:
            assert f'<span class="item-number">{number}</span>' in html
