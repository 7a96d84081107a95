"""What a second reader would query in one meeting's minutes: allowed, but probably a slip.
These are warnings (the site still builds; --strict refuses).
"""

from __future__ import annotations

import datetime as dt

from minutebook.core.diagnostics import Diagnostic, SourceSpan, warning
from minutebook.core.model import Attendee, Meeting, Status
from minutebook.reading.agenda import numbering_slips


def review_meeting(meeting: Meeting, today: dt.date) -> list[Diagnostic]:
    """What a second reader would query in one meeting's minutes."""
    return [*approved_in_the_future(meeting, today), *review_as_written(meeting)]


def review_as_written(meeting: Meeting) -> list[Diagnostic]:
    """The queries that depend on the minutes alone, not on the day: done once per edit, when the
    file is parsed, and kept with it in the cache."""
    return [
        *_next_meeting_before_this_one(meeting),
        *_present_and_apologies(meeting),
        *_item_numbering(meeting),
        *_no_agenda_items(meeting),
    ]


def _span(meeting: Meeting, *fields: str) -> SourceSpan:
    """Where the first of these fields was written, or the start of the front matter."""
    for name in fields:
        if name in meeting.field_spans:
            return meeting.field_spans[name]
    return meeting.span or SourceSpan(meeting.source)


def approved_in_the_future(meeting: Meeting, today: dt.date) -> list[Diagnostic]:
    if meeting.status is not Status.APPROVED or meeting.date <= today:
        return []
    written = "marked approved" if "status" in meeting.field_spans else "approved (the default)"
    return [
        warning(
            _span(meeting, "status", "date"),
            f"these minutes are {written}, but the meeting's date, {meeting.date.isoformat()}, "
            f"is after today ({today.isoformat()})",
            "if the meeting is still to come, write  status: draft  (or  status: unconfirmed  "
            "once published for approval); otherwise correct the date",
            "status",
        )
    ]


def _next_meeting_before_this_one(meeting: Meeting) -> list[Diagnostic]:
    following = meeting.next_meeting
    if following is None or following.date >= meeting.date:
        return []
    return [
        warning(
            _span(meeting, "next_meeting"),
            f"the next meeting ({following.date.isoformat()}) is before this meeting "
            f"({meeting.date.isoformat()})",
            "check both dates: next_meeting is the date of the following meeting",
            "next_meeting",
        )
    ]


def _person_key(name: str) -> str:
    """'D. Parr' and 'd parr' are one person; titles and initials are compared as written."""
    return " ".join(name.replace(".", " ").casefold().split())


def _present_and_apologies(meeting: Meeting) -> list[Diagnostic]:
    attending: dict[str, tuple[str, Attendee]] = {}
    for where, people in (("present", meeting.present), ("in_attendance", meeting.in_attendance)):
        for person in people:
            attending.setdefault(_person_key(person.name), (where, person))
    diagnostics: list[Diagnostic] = []
    for absent in meeting.apologies:
        if (found := attending.get(_person_key(absent.name))) is None:
            continue
        where, person = found
        line = f" (line {person.span.line})" if person.span else ""
        diagnostics.append(
            warning(
                absent.span or _span(meeting, "apologies"),
                f"'{absent.name}' sent apologies but is also listed under {where}{line}",
                "someone who sent apologies was not at the meeting: "
                "remove the name from one of the two lists",
                "apologies",
            )
        )
    return diagnostics


def _item_numbering(meeting: Meeting) -> list[Diagnostic]:
    diagnostics: list[Diagnostic] = []
    for slip in numbering_slips((item.number, item.line) for item in meeting.items):
        span = SourceSpan(meeting.source, slip.line, 1)
        if slip.is_repeat:
            diagnostics.append(
                warning(
                    span,
                    f"the agenda item number {slip.number} is used twice "
                    f"(first on line {slip.earlier_line})",
                    "give each item its own number, so that each has its own link",
                )
            )
        else:
            diagnostics.append(
                warning(
                    span,
                    f"the agenda item number {slip.number} comes after {slip.earlier} "
                    f"(line {slip.earlier_line}): the numbers go backwards here",
                    "correct the number, or put the items in the order they were taken",
                )
            )
    return diagnostics


def _no_agenda_items(meeting: Meeting) -> list[Diagnostic]:
    if meeting.items:
        return []
    return [
        warning(
            _span(meeting),
            "these minutes have no agenda items: no line starts with '## '",
            "start each agenda item with a heading line, e.g.  ## 1. Welcome and introductions",
        )
    ]
