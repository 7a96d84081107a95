"""Dates and times as minutes write them: "Thursday 9th March 2006", "NOVEMBER 2ND 2010",
"15 February 2011", "2020-01-15", "15/02/2011" (British order), "at 8.00 p.m.", "@ 10:00"."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_MONTHS = (
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
)  # fmt: skip
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?P<day>[0-3]?\d)(?:\s?(?:st|nd|rd|th)\b)?"  # "12 th" too, as PDFs split it
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_PATTERNS = (
    re.compile(rf"\b{_DAY}\s*(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]?\d)-(?P<day>[0-3]?\d)\b"),
    re.compile(r"(?<![\d/.])(?P<day>[0-3]?\d)[/.](?P<month>[01]?\d)[/.](?P<year>(?:19|20)?\d\d)\b"),
)
_WEEKDAY = re.compile(
    r"\b(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s*$", re.IGNORECASE
)
_TIME = re.compile(
    r"""(?:(?P<at>\bat|@|from|commenc\w*|start\w*)\s*)?
    (?P<hour>[0-2]?\d)(?:[.:](?P<minute>[0-5]\d))?\s*
    (?P<half>[ap]\.?\s?m\b\.?)?""",
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class FoundDate:
    date: dt.date
    start: int  # where it is written in the line, weekday included
    end: int


def find_dates(text: str) -> list[FoundDate]:
    """Every real date written in `text`, in the order written."""
    found: list[FoundDate] = []
    taken: list[range] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if any(match.start() in span for span in taken):
                continue
            date = _date(match)
            if date is None:
                continue
            weekday = _WEEKDAY.search(text, 0, match.start())
            start = weekday.start() if weekday else match.start()
            found.append(FoundDate(date, start, match.end()))
            taken.append(range(match.start(), match.end()))
    return sorted(found, key=lambda f: f.start)


def _date(match: re.Match[str]) -> dt.date | None:
    month_text = match.group("month")
    month = int(month_text) if month_text.isdigit() else _MONTHS.index(month_text[:3].lower()) + 1
    year = int(match.group("year"))
    if year < 100:
        year += 2000 if year < 70 else 1900
    try:
        return dt.date(year, month, int(match.group("day")))
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class FoundTime:
    time: str  # HH:MM, 24-hour
    start: int
    end: int


def find_time(text: str) -> FoundTime | None:
    """The first time of day in `text`: "8.00 p.m.", "7pm", "@ 10:00", "at 14.30"."""
    for match in _TIME.finditer(text):
        hour, minute, half = match.group("hour"), match.group("minute"), match.group("half")
        # A bare number is a time only with am/pm; 10.00 only after "at" or with a colon.
        if half is None and (minute is None or ("." in match.group() and not match.group("at"))):
            continue
        value = int(hour)
        if half and half[0].lower() == "p" and value < 12:
            value += 12
        elif half and half[0].lower() == "a" and value == 12:
            value = 0
        if value > 23:
            continue
        start = match.start("hour") if not match.group("at") else match.start()
        return FoundTime(f"{value:02d}:{minute or '00'}", start, match.end())
    return None
