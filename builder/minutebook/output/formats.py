"""RENDER the files beyond the pages: Atom and the sitemap (XML, with xml.etree, which escapes
text and attributes), iCalendar (with `icalendar`, which folds lines and escapes text values),
JSON and CSV (the standard library's, with spreadsheet formulas neutralised as OWASP advises),
and JSON-LD for the pages' <script> blocks. Templates would have to escape each value by hand
for each of these formats; these libraries do it for every value, so a clerk's markup, quotes,
line breaks or `</script>` can never break out of where it lands.

Each takes the plain data a planner made (see archive/feeds.py, calendar.py, opendata.py)."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from typing import Any

import icalendar

from minutebook.archive.views import moment

ATOM_NS = "http://www.w3.org/2005/Atom"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
PRODID = "-//Minutebook//Minutebook//EN"
# Characters XML 1.0 cannot hold at all, escaped or not: dropped from any value.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# A cell a spreadsheet would run as a formula (OWASP, CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str) -> str:
    return _NOT_XML.sub("", value)


def _element(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    child = ET.SubElement(parent, tag, {k: _text(v) for k, v in attrs.items()})
    if text is not None:
        child.text = _text(text)
    return child


def _xml(root: ET.Element) -> bytes:
    # (Not indented: ET.indent took most of the time of writing a feed, and no reader needs it.)
    body: bytes = ET.tostring(root, "utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + body + b"\n"


def atom(context: Mapping[str, Any]) -> bytes:
    feed = context["feed"]
    a = f"{{{ATOM_NS}}}"
    root = ET.Element(f"{a}feed", {"{http://www.w3.org/XML/1998/namespace}lang": feed["language"]})
    _element(root, f"{a}id", feed["id"])
    _element(root, f"{a}title", feed["title"])
    if feed["subtitle"]:
        _element(root, f"{a}subtitle", feed["subtitle"])
    _element(root, f"{a}updated", moment(feed["updated"]).isoformat())
    _element(root, f"{a}link", rel="self", type="application/atom+xml", href=feed["self"])
    _element(root, f"{a}link", rel="alternate", type="text/html", href=feed["alternate"])
    author = _element(root, f"{a}author")
    _element(author, f"{a}name", feed["author"])
    if feed["rights"]:
        _element(root, f"{a}rights", feed["rights"])
    _element(root, f"{a}generator", "Minutebook")
    for entry in feed["entries"]:
        node = _element(root, f"{a}entry")
        _element(node, f"{a}id", entry["id"])
        _element(node, f"{a}title", entry["title"])
        _element(node, f"{a}published", moment(entry["published"]).isoformat())
        _element(node, f"{a}updated", moment(entry["updated"]).isoformat())
        _element(node, f"{a}link", rel="alternate", type="text/html", href=entry["link"])
        who = _element(node, f"{a}author")
        _element(who, f"{a}name", entry["author"])
        for term in entry["categories"]:
            _element(node, f"{a}category", term=term)
        if entry["summary"]:
            _element(node, f"{a}summary", entry["summary"])
    ET.register_namespace("", ATOM_NS)
    return _xml(root)


def sitemap(context: Mapping[str, Any]) -> bytes:
    ET.register_namespace("", SITEMAP_NS)
    s = f"{{{SITEMAP_NS}}}"
    root = ET.Element(f"{s}urlset")
    for entry in context["urls"]:
        url = _element(root, f"{s}url")
        _element(url, f"{s}loc", entry["loc"])
        if entry["lastmod"]:
            _element(url, f"{s}lastmod", entry["lastmod"])
    return _xml(root)


def ical(context: Mapping[str, Any]) -> bytes:
    """An iCalendar file (RFC 5545). Its time zone (VTIMEZONE) comes from `icalendar`, made once
    per zone; the events are written here, each value escaped (see _ical_text) and each line
    folded (see _folded): `icalendar` took 3 ms an event, a minute for the 20,000 events of the
    site's and the organisations' calendars at 10,000 meetings, against a few seconds.

    DTSTAMP is midnight (UTC) of the build's day, which SOURCE_DATE_EPOCH sets (see
    loading.build_date): the same input gives the same bytes."""
    data = context["calendar"]
    stamp = data["stamp"].replace("-", "") + "T000000Z"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:" + _ical_text(data["name"]),
        "X-WR-TIMEZONE:" + _ical_text(data["time_zone"]),
    ]
    events = data["events"]
    if any(event["when"]["start"] for event in events):
        lines += _vtimezone(data["time_zone"])
    for event in events:
        when = event["when"]
        lines += ["BEGIN:VEVENT", "UID:" + _ical_text(event["uid"]), f"DTSTAMP:{stamp}"]
        if when["start"]:
            zone = when["time_zone"]
            lines.append(f"DTSTART;TZID={zone}:{_local(when, 'start')}")
            if when["end"]:
                lines.append(f"DTEND;TZID={zone}:{_local(when, 'end')}")
        else:
            day = dt.date.fromisoformat(when["date"])
            lines.append(f"DTSTART;VALUE=DATE:{day:%Y%m%d}")
            lines.append(f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}")
        lines.append("SUMMARY:" + _ical_text(event["summary"]))
        if event["location"]:
            lines.append("LOCATION:" + _ical_text(event["location"]))
        lines += [
            "URL:" + _ical_text(event["url"]),
            "DESCRIPTION:" + _ical_text(event["description"]),
            "STATUS:" + event["status"],
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_folded(line) for line in lines).encode("utf-8")


# Characters an iCalendar TEXT value cannot hold (controls but the tab; a line break is
# written as \n): dropped.
_NOT_ICAL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_ICAL_ESCAPES = str.maketrans({"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n"})


def _ical_text(value: str) -> str:
    """A TEXT value (RFC 5545, 3.3.11): backslashes, semicolons, commas and line breaks escaped,
    so that no value can end its property line or start another."""
    lines = value.replace("\r\n", "\n").replace("\r", "\n")
    return _NOT_ICAL.sub("", lines).translate(_ICAL_ESCAPES)


def _folded(line: str) -> str:
    """A content line folded at 75 octets (RFC 5545, 3.1), never inside a UTF-8 character,
    ended with CRLF."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line + "\r\n"
    parts, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # (a continuation byte)
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, limit = end, 74  # (a folded line starts with a space)
    return "\r\n ".join(parts) + "\r\n"


def _local(when: Mapping[str, Any], key: str) -> str:
    return f"{dt.date.fromisoformat(when['date']):%Y%m%d}T{when[key].replace(':', '')}00"


@functools.lru_cache(maxsize=8)
def _vtimezone(zone: str) -> list[str]:
    """The VTIMEZONE of an IANA zone, from `icalendar` (its rules, from zoneinfo)."""
    text: str = icalendar.Timezone.from_tzid(zone).to_ical().decode("utf-8")
    return text.replace("\r\n ", "").splitlines()


def as_json(context: Mapping[str, Any]) -> bytes:
    # (No indent: with one, json encodes in Python, not C, five times slower.)
    return (json.dumps(context["data"], ensure_ascii=False) + "\n").encode("utf-8")


def neutralised(cell: str) -> str:
    """A cell a spreadsheet shows as text: one that starts like a formula gets a ' first."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def as_csv(context: Mapping[str, Any]) -> bytes:
    """RFC 4180 CSV (CRLF, quoted where needed), UTF-8 with a byte order mark so that
    spreadsheets read the names right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in context["rows"]:
        writer.writerow([neutralised(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def plain_text(context: Mapping[str, Any]) -> bytes:
    text: str = context["text"]
    return text.encode("utf-8")


def json_ld(data: Any) -> str:
    """JSON for a <script type="application/ld+json"> block: <, > and & written as \\u escapes
    so that no value can close the script or open a comment (and the line separators that
    JavaScript reads as line ends too)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False)
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


WRITERS: dict[str, Callable[[Mapping[str, Any]], bytes]] = {
    "@atom": atom,
    "@sitemap": sitemap,
    "@ical": ical,
    "@json": as_json,
    "@csv": as_csv,
    "@text": plain_text,
}
