"""The writers of the files beyond the pages (output/formats.py), value by value: what a clerk
may type never breaks out of an iCalendar line, a CSV cell, a JSON-LD block or an XML element."""

from __future__ import annotations

import csv
import io
import json

import icalendar
import pytest
from lxml import etree

from minutebook.output import formats

HOSTILE = [
    'Budget </script><!-- "x" & <b>y</b>',
    "Room 1, Town Hall; Runcorn\nsecond line\r\nthird\rfourth",
    "back\\slash and a tab\there",
    "=SUM(A1:A9)",
    "+44 1234",
    "-2+3",
    "@cmd",
    "\tleading tab",
    "\rleading return",
    "Ünïcödé " * 20 + "🙂" * 30,
    "control \x00\x01\x1b characters \ufffe",
]


def one_event(value: str) -> bytes:
    event = {
        "uid": "shp/2011-02-15@example.org",
        "summary": value,
        "when": {"date": "2011-02-15", "start": "14:00", "end": None, "time_zone": "Europe/London"},
        "location": value,
        "url": "https://example.org/m/",
        "description": value,
        "status": "CONFIRMED",
        "organiser": "SHP",
    }
    calendar = {
        "name": value,
        "url": "https://example.org/",
        "time_zone": "Europe/London",
        "stamp": "2023-11-14",
        "language": "en-GB",
        "events": [event],
    }
    return formats.ical({"calendar": calendar})


def without_controls(value: str) -> str:
    kept = value.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(c for c in kept if c in "\t\n" or not (ord(c) < 32 or ord(c) == 127))


@pytest.mark.parametrize("value", HOSTILE)
def test_an_icalendar_value_comes_back_as_typed_on_its_own_folded_lines(value):
    data = one_event(value)
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    data.decode("utf-8")  # (folded between characters, never inside one)
    calendar = icalendar.Calendar.from_ical(data)
    (event,) = calendar.walk("VEVENT")
    assert event.errors == []
    for name in ("SUMMARY", "LOCATION", "DESCRIPTION"):
        assert str(event[name]) == without_controls(value)
    # No value started a property of its own:
    assert set(event) == {
        "UID",
        "DTSTAMP",
        "DTSTART",
        "SUMMARY",
        "LOCATION",
        "URL",
        "DESCRIPTION",
        "STATUS",
    }
    assert str(event["UID"]) == "shp/2011-02-15@example.org"


@pytest.mark.parametrize("value", HOSTILE)
def test_a_csv_cell_reads_back_as_typed_or_neutralised(value):
    data = formats.as_csv({"rows": [["a", "b"], [value, "x"]]})
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["a", "b"]
    cell = rows[1][0]
    assert rows[1][1] == "x" and len(rows) == 2
    if value.startswith(("=", "+", "-", "@", "\t", "\r")):
        assert cell == "'" + value
    else:
        assert cell == value


@pytest.mark.parametrize("value", HOSTILE)
def test_a_json_ld_value_stays_inside_its_script_block(value):
    text = formats.json_ld({"name": value})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"name": value}


@pytest.mark.parametrize("value", HOSTILE)
def test_an_atom_value_is_one_text_or_attribute(value):
    entry = {
        "id": "https://example.org/m/",
        "title": value,
        "link": "https://example.org/m/?a=1&b=" + value,
        "published": {"date": "2011-02-15", "start": None, "time_zone": "Europe/London"},
        "updated": {"date": "2011-02-15", "start": None, "time_zone": "Europe/London"},
        "author": value,
        "summary": value,
        "categories": [value],
    }
    feed = {
        "id": "https://example.org/feed.xml",
        "title": value,
        "subtitle": value,
        "updated": entry["updated"],
        "self": "https://example.org/feed.xml",
        "alternate": "https://example.org/",
        "author": value,
        "rights": value,
        "language": "en-GB",
        "entries": [entry],
    }
    root = etree.fromstring(formats.atom({"feed": feed}))
    a = "{http://www.w3.org/2005/Atom}"
    kept = "".join(c for c in value if c in "\t\n\r" or ord(c) >= 32)
    kept = kept.replace("\ufffe", "")
    # (XML reads a line break in text as typed, and \r\n or \r as \n)
    assert root.find(f"{a}entry/{a}title").text == kept.replace("\r\n", "\n").replace("\r", "\n")
    assert root.find(f"{a}entry/{a}category").get("term") == kept
    assert len(root.findall(f"{a}entry")) == 1
