"""The lines of one input → what a meeting file needs, and every doubt about it, with its line.

It puts the other recognisers together: where the items start (items.py), the heading before
them (heading.py), the attendance lists and apologies (attendance.py), each item's text
(body.py), the next meeting. Pure: lines in, values out.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from minutebook.core.model import Organisation, SiteConfig
from minutebook.importing.attendance import (
    Attendance,
    add_entries,
    apologies_in,
    is_entry,
    label_of,
    read_attendance,
)
from minutebook.importing.body import ACTION_HEADER, item_body
from minutebook.importing.casing import Casing, is_shouting
from minutebook.importing.dates import find_dates, find_time
from minutebook.importing.heading import NEAR, Heading, clean, place_after, read_heading
from minutebook.importing.items import ItemStart, find_items
from minutebook.importing.people import Person
from minutebook.reading.vocabulary import Vocabulary

_NEXT_MEETING = re.compile(r"\bnext\b.{0,40}\bmeeting\b|\bmeeting\b.{0,20}\bnext\b", re.I)
_APOLOGIES = re.compile(r"^apolog", re.IGNORECASE)
_FILE_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[-_.]?([01]\d)[-_.]?([0-3]\d)(?!\d)")
_HEADING_LINES = 40  # the heading is within the first lines of the minutes


@dataclass(frozen=True, slots=True)
class Doubt:
    field: str
    line: int  # 1-based line of the source (0: the file as a whole)
    message: str


@dataclass(frozen=True, slots=True)
class Item:
    heading: str  # as it will be written after "## "
    line: int
    text: tuple[str, ...]
    actions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class NextMeeting:
    date: dt.date
    time: str | None = None
    location: str | None = None


@dataclass
class Recognised:
    organisation: str | None = None
    date: dt.date | None = None
    title: str | None = None
    time: str | None = None
    location: str | None = None
    present: list[Person] = field(default_factory=list)
    in_attendance: list[Person] = field(default_factory=list)
    apologies: list[Person] = field(default_factory=list)
    intro: tuple[str, ...] = ()
    items: list[Item] = field(default_factory=list)
    next_meeting: NextMeeting | None = None
    doubts: list[Doubt] = field(default_factory=list)


def recognise(
    lines: tuple[str, ...],
    *,
    is_markdown: bool,
    config: SiteConfig,
    organisation: str | None = None,
    file_name: str = "",
) -> Recognised:
    """`organisation`: the body named on the command line, for minutes that do not name it."""
    organisations = Vocabulary.of(config.organisations)
    found = Recognised()
    dated = next((i for i, line in enumerate(lines[:_HEADING_LINES]) if find_dates(line)), -1)
    starts, _style = find_items(lines, dated)
    first = starts[0].index if starts else len(lines)
    region = range(0, min(first, len(lines)))
    item_lines = {start.index for start in starts}
    attendance = read_attendance(lines, region, item_lines, organisations)
    # The heading, outside the attendance lists: an attendee's organisation is not the body.
    heading_lines = region if starts else range(min(len(lines), _HEADING_LINES))
    heading = read_heading(
        lines, [i for i in heading_lines if i not in attendance.used], organisations
    )
    _organisation(found, heading, organisation, organisations)
    _date(found, heading, lines, file_name)
    found.title, found.time, found.location = heading.title, heading.time, heading.location
    action_column = any(ACTION_HEADER.match(line.strip()) for line in lines)
    # How the text writes each word, outside the item headings that are to be re-cased.
    casing = Casing((t for i, t in enumerate(lines) if i not in item_lines), _acronyms(config))
    for number, start in enumerate(starts):
        end = starts[number + 1].index if number + 1 < len(starts) else len(lines)
        found.items.append(_item(lines, start, end, is_markdown, action_column, casing, found))
        _attendance_item(lines, start, end, attendance, organisations)
    _casing_doubt(found, starts)
    found.present, found.in_attendance = attendance.present, attendance.in_attendance
    found.apologies = attendance.apologies
    skip = attendance.used | heading.used
    intro = [(i, lines[i]) for i in region if i not in skip and not _is_heading_only(lines[i])]
    intro_body = item_body(intro, is_markdown, action_column)
    found.intro = (*intro_body.lines, *(line for note in attendance.notes for line in ("", note)))
    found.doubts.extend(Doubt("intro", line, message) for line, message in intro_body.doubts)
    found.next_meeting = _next_meeting(lines, starts, found.date)
    _doubts(found, attendance, starts)
    return found


def _is_heading_only(line: str) -> bool:
    return bool(ACTION_HEADER.match(line.strip()))


def _acronyms(config: SiteConfig) -> set[str]:
    words: set[str] = set()
    names = [n for entry in config.organisations for n in entry.names()]
    names += [n for entry in config.topics for n in entry.names()]
    for name in names:
        if name:
            words.update(w for w in re.findall(r"[A-Za-z]+", name) if w.isupper())
    return words


def _organisation(
    found: Recognised, heading: Heading, given: str | None, organisations: Vocabulary[Organisation]
) -> None:
    written = heading.organisation
    canonical = _canonical(written, organisations) if written else None
    line = heading.organisation_line
    if given and (written is None or (canonical is None and not organisations.resolve(written))):
        found.organisation = _canonical(given, organisations) or given
        if written:
            found.doubts.append(
                Doubt(
                    "organisation",
                    line,
                    f"the text names '{written}'; "
                    f"'{found.organisation}' (from --organisation) was used",
                )
            )
        return
    if written is None:
        found.doubts.append(
            Doubt(
                "organisation",
                0,
                "the minutes do not say which body met: give it with --organisation",
            )
        )
        return
    found.organisation = canonical or (written.title() if written.isupper() else written)
    if given and _canonical(given, organisations) not in {None, canonical}:
        found.doubts.append(
            Doubt(
                "organisation",
                line,
                f"the text names '{written}', not '{given}': '{found.organisation}' was used",
            )
        )
    if canonical is None:
        found.doubts.append(
            Doubt(
                "organisation",
                line,
                f"'{found.organisation}' is not in minutebook.yaml: "
                "add it there, or correct the name",
            )
        )


def _canonical(name: str, organisations: Vocabulary[Organisation]) -> str | None:
    slug = organisations.resolve(name)
    entry = organisations.get(slug) if slug else None
    return entry.name if entry else None


def _date(found: Recognised, heading: Heading, lines: tuple[str, ...], file_name: str) -> None:
    from_name = _file_date(file_name)
    if heading.date is not None:
        found.date = heading.date
        if from_name and from_name != heading.date:
            found.doubts.append(
                Doubt(
                    "date",
                    heading.date_line,
                    f"the heading gives {heading.date.isoformat()},"
                    f" the file's name {from_name.isoformat()}: the heading's was used",
                )
            )
        return
    if from_name:
        found.date = from_name
        found.doubts.append(
            Doubt(
                "date",
                0,
                f"no date in the heading: {from_name.isoformat()} is taken from the file's name",
            )
        )
        return
    for index, line in enumerate(lines):
        dates = find_dates(line)
        if dates:
            found.date = dates[0].date
            found.doubts.append(
                Doubt(
                    "date",
                    index + 1,
                    f"no date in the heading: the first date in the text, "
                    f"{found.date.isoformat()}, was used",
                )
            )
            return
    found.doubts.append(Doubt("date", 0, "no date of the meeting was found"))


def _file_date(name: str) -> dt.date | None:
    match = _FILE_DATE.search(name)
    if match is None:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _item(
    lines: tuple[str, ...],
    start: ItemStart,
    end: int,
    is_markdown: bool,
    action_column: bool,
    casing: Casing,
    found: Recognised,
) -> Item:
    title = casing.sentence_case(start.title) if is_shouting(start.title) else start.title
    heading = f"{start.prefix}{title}".strip()
    first = [(start.index, start.rest)] if start.rest else []
    body = item_body(
        [*first, *((i, lines[i]) for i in range(start.index + 1, end))], is_markdown, action_column
    )
    found.doubts.extend(Doubt("items", line, message) for line, message in body.doubts)
    actions = tuple(dict.fromkeys(body.actions))
    return Item(heading, start.index + 1, tuple(body.lines), actions)


def _casing_doubt(found: Recognised, starts: list[ItemStart]) -> None:
    shouted = [start.index + 1 for start in starts if is_shouting(start.title)]
    if shouted:
        lines = ", ".join(map(str, shouted[:8])) + (", …" if len(shouted) > 8 else "")
        what = (
            "1 item title in capitals is"
            if len(shouted) == 1
            else (f"{len(shouted)} item titles in capitals are")
        )
        found.doubts.append(
            Doubt(
                "items",
                shouted[0],
                f"{what} now in sentence case (line"
                f"{'s' * (len(shouted) > 1)} {lines}): check the names in them",
            )
        )


def _attendance_item(
    lines: tuple[str, ...],
    start: ItemStart,
    end: int,
    attendance: Attendance,
    organisations: Vocabulary[Organisation],
) -> None:
    """An item whose title is "Apologies" or "Present": its text lists the people."""
    label = label_of(start.title)
    if label is None:
        return
    kind, rest = label
    rest = rest or start.rest
    if kind == "apologies" or _APOLOGIES.match(start.title):
        paragraph = _first_paragraph(lines, start.index + 1, end)
        text = rest or " ".join(clean(lines[i]) for i in paragraph)
        line = (paragraph[0] if paragraph and not rest else start.index) + 1
        attendance.apologies += apologies_in(text, line, organisations)
        return
    # "Cllr A, Cllr B. Also present: the Clerk": a second list run on after the first
    pieces = re.split(r"\.\s+(?=[A-Z][a-z]+(?:\s+[a-z]+)?\s*:)", rest) if rest else []
    entries = [(kind, piece, start.index) for piece in pieces]
    entries += [
        (kind, lines[i], i) for i in range(start.index + 1, end) if is_entry(lines[i], i, ())
    ]
    for list_kind, text, index in entries:
        label = label_of(text)
        if label is not None:
            list_kind, text = label
        add_entries(attendance, list_kind, text, index, organisations)


def _first_paragraph(lines: tuple[str, ...], start: int, end: int) -> list[int]:
    indexes = [i for i in range(start, end) if lines[i].strip()]
    if not indexes:
        return []
    paragraph = [indexes[0]]
    for index in indexes[1:]:
        if index != paragraph[-1] + 1:
            break
        paragraph.append(index)
    return paragraph


def _next_meeting(
    lines: tuple[str, ...], starts: list[ItemStart], date: dt.date | None
) -> NextMeeting | None:
    """From the item on the next meeting, or a line that speaks of it, with a later date."""
    candidates: list[int] = []
    for number, start in enumerate(starts):
        if _NEXT_MEETING.search(start.title):
            end = starts[number + 1].index if number + 1 < len(starts) else len(lines)
            candidates += range(start.index, min(end, start.index + 6))
    candidates += [i for i, line in enumerate(lines) if _NEXT_MEETING.search(line)]
    for index in candidates:
        text = clean(lines[index])
        for found in find_dates(text):
            if date is not None and found.date <= date:
                continue
            after = text[found.end :]
            time = find_time(after)
            if time is not None and time.start < NEAR:
                after = after[time.end :]
            return NextMeeting(found.date, time.time if time else None, place_after(after))
    return None


def _doubts(found: Recognised, attendance: Attendance, starts: list[ItemStart]) -> None:
    for person in [*found.present, *found.in_attendance]:
        if person.doubt:
            found.doubts.append(Doubt("present", person.line, f"{person.name}: {person.doubt}"))
    if not found.present and not found.in_attendance:
        found.doubts.append(Doubt("present", 0, "no list of those present was found"))
    if not starts:
        found.doubts.append(
            Doubt(
                "items",
                0,
                "no agenda items were found: the text is kept as an introduction;"
                " start each item with a '## ' heading",
            )
        )
