"""The heading of minutes: which body met, on what date, at what time and where.

"Minutes of the meeting of West Dereham Parish Council held on Thursday 9th March 2006 at
8.00 p.m. in the Village Hall", "At a meeting of the Safer Halton Partnership Tuesday,
15 February 2011 Civic Suite, Town Hall, Runcorn", a banner line ("SAFER HALTON PARTNERSHIP")
above "Action Points From 16th October 2019", "MEETING HELD AT THE VILLAGE HALL TUESDAY
NOVEMBER 2ND 2010". The meeting's date is the first date in the heading that is not a
publication, approval or next-meeting date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from minutebook.core.model import Organisation
from minutebook.importing.dates import find_dates, find_time
from minutebook.importing.people import is_body_name
from minutebook.reading.vocabulary import Vocabulary

_OTHER_DATE = re.compile(
    r"\b(?:publish\w*|printed|approved|signed|circulated|issued|updated|revised|next|last"
    r"|previous|deadline|due|until|before|by)\b",
    re.IGNORECASE,
)
_MEETING_OF = re.compile(
    r"\b(?:meeting|minutes|notes|record)\s+of\s+(?:the\s+|a\s+)?(?P<body>.+)", re.IGNORECASE
)
_BODY_END = re.compile(
    r"\s+(?:held|on|at|in|which|that)\b|\s*[,(:]|\s+[-–—]\s+|\s*$", re.IGNORECASE
)
_MEETING_KIND = re.compile(
    r"^(?:(?:annual|ordinary|extraordinary|special|full|monthly|regular|general|public)\s+)*"
    r"(?:meeting|minutes)\s+of\s+(?:the\s+)?",
    re.IGNORECASE,
)
_TRAILING_MEETING = re.compile(
    r"\s+(?:(?:annual|ordinary|extraordinary|special|full|monthly|regular|general|public)\s+)*"
    r"(?:meeting|minutes)$",
    re.IGNORECASE,
)
_TITLE_LINE = re.compile(r"^(?:action\s+points|action\s+notes|notes|record|summary)\b", re.I)
_FIELD_LINE = re.compile(
    r"^\**\s*(?P<key>venue|location|place|where|time|date)\s*\**\s*:\s*\**\s*(?P<value>.+?)\**$",
    re.IGNORECASE,
)
_PLACE_BEFORE = re.compile(r"\bheld\s+(?:at|in)\s+(?P<place>.+)", re.IGNORECASE)
NEAR = 25  # a time this close after the date is the meeting's ("… 2018 commencing at 7.30pm")
_SMALL_WORDS = frozenset({"of", "and", "the", "for", "in", "on", "at", "to", "a", "an"})


@dataclass
class Heading:
    organisation: str | None = None  # as the text writes it
    organisation_line: int = 0  # 1-based; 0 when not found in the text
    date: dt.date | None = None
    date_line: int = 0
    time: str | None = None
    location: str | None = None
    title: str | None = None
    used: frozenset[int] = frozenset()  # 0-based lines that said only this (banner, title)


def clean(line: str) -> str:
    text = re.sub(r"^#+\s*", "", line.strip()).replace("**", "").replace("__", "")
    return " ".join(text.replace("\t", " ").split())


def read_heading(
    lines: tuple[str, ...], region: Iterable[int], organisations: Vocabulary[Organisation]
) -> Heading:
    heading = Heading()
    used: set[int] = set()
    best_rank = 3  # a listed name first, then "meeting of the X", then a banner line
    for index in region:
        text = clean(lines[index])
        if not text:
            continue
        field = _FIELD_LINE.match(text)
        if field:
            _field(heading, field.group("key").lower(), field.group("value"), index)
            used.add(index)
            continue
        dates = [] if _OTHER_DATE.search(text) else find_dates(text)
        if heading.date is None and dates:
            _dated_line(heading, text, dates[0].start, dates[0].end, index)
            if _TITLE_LINE.match(text):
                heading.title = text
                used.add(index)
        for rank, body in enumerate(bodies_named_in(text, organisations)):
            if body and rank < best_rank:
                best_rank, heading.organisation, heading.organisation_line = rank, body, index + 1
            if body and not dates and len(text.split()) <= 10 and _is_banner(text, body):
                used.add(index)
    heading.used = frozenset(used)
    return heading


def _field(heading: Heading, key: str, value: str, index: int) -> None:
    value = value.strip()
    if key == "date":
        dates = find_dates(value)
        if dates and heading.date is None:
            heading.date, heading.date_line = dates[0].date, index + 1
            time = find_time(value[dates[0].end :])
            heading.time = heading.time or (time.time if time else None)
    elif key == "time":
        time = find_time(value) or find_time("at " + value)
        heading.time = time.time if time else heading.time
    else:
        heading.location = value.rstrip(".")


def _dated_line(heading: Heading, text: str, start: int, end: int, index: int) -> None:
    found = find_dates(text)[0]
    heading.date, heading.date_line = found.date, index + 1
    after = text[end:]
    time = find_time(after)
    if time is not None and time.start < NEAR:
        heading.time = heading.time or time.time
        after = after[time.end :]
    elif time is None:  # "held at 7.30pm on Monday 15th January 2018"
        before = find_time(text[:start])
        heading.time = heading.time or (before.time if before else None)
    place = place_after(after) or _place_before(text[:start])
    if place and heading.location is None:
        heading.location = place


def place_after(text: str) -> str | None:
    text = re.sub(
        r"^[\s,:;@\-–—.]*(?:(?:held\s+)?(?:at|in)\s+)?(?:the\s+)?", "", text, flags=re.IGNORECASE
    )
    text = text.strip(" .,;")
    if not text or not text[0].isupper() or len(text.split()) > 12:
        return None
    return _unshout(text)


def _place_before(text: str) -> str | None:
    match = _PLACE_BEFORE.search(text)
    if match is None:
        return None
    place = re.sub(r"^(?:the\s+)", "", match.group("place"), flags=re.IGNORECASE)
    place = re.split(r"\s+on\b|,?\s*$", place.strip(" ,"), maxsplit=1, flags=re.I)[0].strip(" ,")
    return _unshout(place) if place else None


def _unshout(text: str) -> str:
    """'THE VILLAGE HALL' → 'Village Hall': capitals read as shouting and hide proper names."""
    if not text.isupper():
        return text
    words = [w.lower() if w.lower() in _SMALL_WORDS else w.capitalize() for w in text.split()]
    return " ".join(words)[:1].upper() + " ".join(words)[1:]


def bodies_named_in(
    text: str, organisations: Vocabulary[Organisation]
) -> tuple[str | None, str | None, str | None]:
    """The bodies a heading line names, most certain first: a name listed in minutebook.yaml,
    "… meeting of the X held …", the line itself as a banner ("SAFER HALTON PARTNERSHIP")."""
    return _known_name(text, organisations), _meeting_of(text), _banner(text)


def _meeting_of(text: str) -> str | None:
    match = _MEETING_OF.search(text)
    if match is None:
        return None
    body = _MEETING_KIND.sub("", match.group("body"))
    dates = find_dates(body)
    if dates:
        body = body[: dates[0].start]
    body = _BODY_END.split(body, maxsplit=1)[0]
    body = _TRAILING_MEETING.sub("", body.strip(" .,"))
    if body and len(body.split()) <= 10 and body[0].isupper():
        return body
    return None


def _banner(text: str) -> str | None:
    if _is_banner(text, text) and not text[0].islower():
        return _TRAILING_MEETING.sub("", text.strip(" .,:"))
    return None


def _is_banner(text: str, body: str) -> bool:
    words = text.split()
    return (
        0 < len(words) <= 10
        and not find_dates(text)
        and is_body_name(body)
        and not text.rstrip().endswith(".")
        and not re.match(r"^(?:a|an|the)\s", text, re.IGNORECASE)
    )


def _known_name(text: str, organisations: Vocabulary[Organisation]) -> str | None:
    """The longest name of a listed organisation that the line writes, as it writes it."""
    best: str | None = None
    for entry in organisations.entries:
        for name in entry.names():
            if len(name) < 2:
                continue
            pattern = r"(?<!\w)" + r"\s+".join(map(re.escape, name.split())) + r"(?!\w)"
            # A short name (TSC, HBC) only as an acronym, in capitals, not as a word ("Hall")
            short = len(name) < 4
            match = re.search(pattern, text, 0 if short else re.IGNORECASE)
            if match and (best is None or len(match.group()) > len(best)):
                best = match.group()
    return best
