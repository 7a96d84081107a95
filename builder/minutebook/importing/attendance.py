"""Attendance lists: Present / Those attending / In attendance / Attendees, and apologies.

A list is a label ("Present:", "Present<TAB>…", "## Attendees", "**In attendance:**") and the
entries after it: on the label's line, one per line (tab-separated, bulleted) or run together
with commas. It ends at a blank line followed by something that is not an entry, at an item
heading or at another label. Counts of members of the public are kept as text, not people.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field

from minutebook.core.model import Organisation
from minutebook.importing.people import PUBLIC, ROLE_WORDS, Person, is_body_name, person_of
from minutebook.reading.vocabulary import Vocabulary

_LABEL = re.compile(
    r"""^[\s#*_]*(?P<label>
        (?:(?:board|committee|council|members?|those|councillors|governors|trustees|directors
            |officers|also)\s+){0,2}present
      | those\s+attending | attending
      | attendance(?:\s+list)? | attendees | participants | members
      | in\s+attendance | also\s+(?:present|in\s+attendance|attending) | officers(?:\s+present)?
      | apologies(?:\s+for\s+absence)?(?:\s+(?:were\s+)?received)?(?:\s+from)?
      | absent
    )[\s*_]*(?:(?P<sep>[:\t–-])|$)[\s*_:]*(?P<rest>.*)$""",
    re.IGNORECASE | re.VERBOSE,
)
_KIND = (
    (re.compile(r"^(?:in\s|also|officers)", re.I), "in_attendance"),
    (re.compile(r"^apolog", re.I), "apologies"),
    (re.compile(r"^absent", re.I), "absent"),
)
_NOT_ENTRY = re.compile(r"^(?:actions?|action\s+by|agenda|minutes|notes|item|resolved)\b", re.I)
_LEAD_IN = re.compile(
    r"^(?:apologies(?:\s+for\s+absence)?\s*(?:had\s+been|have\s+been|were|was)?\s*"
    r"(?:received|given|submitted|noted|accepted)?\s*(?:from)?[:\s]*)",
    re.IGNORECASE,
)
_TABLE_HEADER = re.compile(r"^(?:name|names|attendee|member|who|person)s?$", re.IGNORECASE)
_NONE = re.compile(r"^(?:none|nil|n/a|no\s+apologies|there\s+were\s+no)\b", re.IGNORECASE)


@dataclass
class Attendance:
    present: list[Person] = field(default_factory=list)
    in_attendance: list[Person] = field(default_factory=list)
    apologies: list[Person] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # public counts, absences: kept as text
    used: set[int] = field(default_factory=set)  # the lines read as attendance (0-based)


def label_of(line: str) -> tuple[str, str] | None:
    """(kind, the rest of the line) for a label line; None for any other line."""
    match = _LABEL.match(line)
    if match is None:
        return None
    rest = match.group("rest").strip()
    if match.group("sep") is None and rest:
        return None
    if rest and len(rest.split()) > 3 and not match.group("sep") and "\t" not in line:
        return None
    kind = next((k for pattern, k in _KIND if pattern.match(match.group("label"))), "present")
    return kind, rest


def read_attendance(
    lines: tuple[str, ...],
    region: range,
    items: Collection[int],
    organisations: Vocabulary[Organisation],
) -> Attendance:
    """Every attendance list that starts within `region` (0-based line indexes)."""
    found = Attendance()
    index = region.start
    while index < region.stop:
        label = label_of(lines[index]) if index not in items else None
        if label is None:
            index += 1
            continue
        kind, rest = label
        entries = [(rest, index)] if rest else []
        end = _list_end(lines, index + 1, items)
        entries += [(lines[i], i) for i in range(index + 1, end) if lines[i].strip()]
        found.used.update(range(index, end))
        for text, line in entries:
            add_entries(found, kind, text, line, organisations)
        index = end
    return found


def _list_end(lines: tuple[str, ...], start: int, items: Collection[int]) -> int:
    index, seen_entry = start, False
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            following = next((i for i in range(index, len(lines)) if lines[i].strip()), None)
            if following is None or (
                seen_entry and not is_entry(lines[following], following, items)
            ):
                return index
            if following - index > 2:
                return index
            index = following
            continue
        if not is_entry(line, index, items):
            return index
        seen_entry, index = True, index + 1
    return index


def is_entry(line: str, index: int, items: Collection[int]) -> bool:
    text = line.strip().replace("**", "")
    if index in items or label_of(line) is not None or _NOT_ENTRY.match(text):
        return False
    if "\t" in line or re.match(r"^\s*(?:[-*•·]|\|)\s*", line):
        return len(text.split()) <= 16
    words = text.split()
    if not words or len(words) > 12 or (text.endswith(".") and len(words) > 6):
        return False
    return text[0].isupper() or bool(PUBLIC.search(text))


def add_entries(
    found: Attendance, kind: str, text: str, line: int, organisations: Vocabulary[Organisation]
) -> None:
    for entry in split_entries(text):
        if _NONE.match(" ".join(entry).strip(" -*•·.")):
            continue
        if PUBLIC.search(" ".join(entry)) or kind == "absent":
            found.notes.append(" ".join(entry))
            continue
        person = person_of(entry, line + 1, organisations)
        if person is None:
            continue
        if kind == "apologies":
            found.apologies.append(Person(person.name, person.organisation, line=line + 1))
        else:
            getattr(found, kind).append(person)


def split_entries(text: str) -> list[list[str]]:
    """One line of a list → its entries, each a list of cells."""
    if text.strip().startswith("|"):  # a row of a Markdown table; its header and rule are not
        cells = [cell.strip() for cell in text.strip().strip("|").split("|")]
        if not cells or re.match(r"^:?-+:?$", cells[0]) or _TABLE_HEADER.match(cells[0]):
            return []
        return [[cell for cell in cells if cell]]
    if "\t" in text:
        cells = [cell for cell in text.split("\t") if cell.strip()]
        return [cells] if cells else []
    if re.match(r"^\s*[-*•·]\s+", text):  # a bulleted entry is one person: name, details
        name, _comma, details = text.partition(",")
        return [[name, details] if details.strip() else [name]]
    parts = [p for p in _split_outside_brackets(text) if p.strip()]
    if len(parts) == 2 and len(parts[1].split()) <= 5 and _looks_like_details(parts[1]):
        return [[parts[0], parts[1]]]  # "Jo Bloggs, Norfolk County Council"
    return [[part] for part in parts]


def _looks_like_details(text: str) -> bool:
    return is_body_name(text) or text.strip().isupper() or bool(ROLE_WORDS.search(text))


def _split_outside_brackets(text: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for character in text:
        depth += character == "("
        depth -= character == ")" and depth > 0
        if character in ",;" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += character
    parts.append(current)
    *init, last = parts
    # "A, B and C": the last two are two people, unless the "and" is in a body's name
    pieces = [last] if is_body_name(last) else re.split(r"\s+(?:and|&)\s+(?=[A-Z0-9])", last)
    return [part.strip() for part in (*init, *pieces)]


def apologies_in(text: str, line: int, organisations: Vocabulary[Organisation]) -> list[Person]:
    """The names in an apologies item's text: "Apologies had been received from A, B and C."""
    text = _LEAD_IN.sub("", " ".join(text.split())).rstrip(".")
    if not text or _NONE.match(text):
        return []
    names = []
    for entry in split_entries(text):
        person = person_of([re.sub(r"\s*\(.*?\)", "", entry[0])], line, organisations)
        if person is not None and len(person.name.split()) <= 5:
            names.append(Person(person.name, line=line))
    return names
