"""The next meeting's file, drafted from the body's previous minutes (`minutebook new`).

Pure: the config and the meetings in, the new file's path and text out (or the reason why not).
The command line writes the file; nothing here touches the disk.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass

from minutebook.archive.views import long_date
from minutebook.core.model import (
    Attendee,
    Meeting,
    Organisation,
    OrganisationSlug,
    SiteConfig,
    TimeRange,
)
from minutebook.reading.agenda import ItemNumber
from minutebook.reading.sources import CONTENT_DIR
from minutebook.reading.vocabulary import Vocabulary
from minutebook.reading.yamlnodes import person_lines, yaml_text

OPENING_ITEMS = ("Welcome and introductions", "Apologies", "Minutes of the last meeting")
_PLAIN_NUMBERS = "{}."  # for a body whose minutes had no numbered items

# The drafted opening items are in English, like the rest of the words `new` writes.
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Draft:
    path: str  # relative to the site root, posix
    text: str


@dataclass(frozen=True, slots=True)
class Refusal:
    message: str
    is_usage: bool = False  # the command was given wrongly, rather than refused for the archive


def draft_meeting(
    config: SiteConfig,
    meetings: Sequence[Meeting],
    organisation: str | None,
    date: dt.date | None,
    today: dt.date,
) -> Draft | Refusal:
    """The file for the body's next meeting, pre-filled from its meeting before that date."""
    body = find_organisation(config, meetings, organisation)
    if isinstance(body, Refusal):
        return body
    held = sorted((m for m in meetings if m.organisation == body.slug), key=lambda m: m.date)
    if date is None:
        date = _default_date(held[-1] if held else None, today)
    same_day = [m for m in held if m.date == date]
    if same_day:
        second = f"{posixpath.dirname(same_day[0].source)}/{date.isoformat()}-evening.md"
        return Refusal(
            f"the minutes of the {body.name} meeting on {date.isoformat()} are already in "
            f"{same_day[0].source}; edit that file (or, for a second meeting that day, copy it "
            f"to a file named after the date and what sets that meeting apart, e.g. {second})"
        )
    previous = next((m for m in reversed(held) if m.date < date), None)
    folder = posixpath.dirname(previous.source) if previous else f"{CONTENT_DIR}/{body.slug}"
    path = f"{folder}/{date.isoformat()}.md"
    names = {entry.slug: entry.name for entry in _organisations(config, meetings)}
    return Draft(path, meeting_text(body.name, date, previous, folder, names))


def _default_date(latest: Meeting | None, today: dt.date) -> dt.date:
    """The date the latest minutes give for the next meeting, unless it has passed: then today."""
    if latest and latest.next_meeting and latest.next_meeting.date >= today:
        return latest.next_meeting.date
    return today


def _organisations(config: SiteConfig, meetings: Sequence[Meeting]) -> tuple[Organisation, ...]:
    """The organisations in minutebook.yaml, then those only the minutes name."""
    found = {entry.slug: entry for entry in config.organisations}
    for meeting in meetings:
        for entry in meeting.unlisted_organisations:
            found.setdefault(entry.slug, entry)
    return tuple(found.values())


def find_organisation(
    config: SiteConfig, meetings: Sequence[Meeting], query: str | None
) -> Organisation | Refusal:
    """The body called `query` (by name, short name, alias or slug); alone, the only one."""
    organisations = _organisations(config, meetings)
    vocabulary = Vocabulary.of(organisations)
    if query is None:
        bodies = sorted({m.organisation for m in meetings})
        if len(bodies) == 1:
            return _entry(vocabulary, bodies[0])
        listed = ", ".join(_entry(vocabulary, slug).name for slug in bodies) or "none yet"
        return Refusal(f"say which body met (bodies with minutes: {listed})", is_usage=True)
    slug = vocabulary.resolve(query)
    if slug is not None:
        return _entry(vocabulary, slug)
    suggestion = vocabulary.suggest(query, cutoff=0.6) or vocabulary.suggest(
        query.replace("-", " "), cutoff=0.6
    )
    hint = f" (did you mean '{suggestion}'?)" if suggestion else ""
    return Refusal(
        f"there is no organisation called '{query}' in minutebook.yaml or in the minutes{hint}",
        is_usage=True,
    )


def _entry(vocabulary: Vocabulary[Organisation], slug: str) -> Organisation:
    entry = vocabulary.get(slug)
    return entry if entry is not None else Organisation(OrganisationSlug(slug), slug)


# -- the text -----------------------------------------------------------------------------------


def meeting_text(
    organisation: str,
    date: dt.date,
    previous: Meeting | None,
    folder: str,
    names: dict[OrganisationSlug, str],
) -> str:
    """The new file: front matter (status: draft), then the opening items."""
    lines = ["---", f"organisation: {yaml_text(organisation)}", f"date: {date.isoformat()}"]
    time, location = _time_and_place(date, previous)
    if time:
        lines.append(f"time: {time_value(time)}")
    if location:
        lines.append(f"location: {yaml_text(location)}")
    lines.append("status: draft")
    if previous and (previous.present or previous.in_attendance):
        copied = long_date(previous.date, MONTHS)
        lines.append(f"# Copied from the meeting of {copied}: correct it.")
        for field, people in (
            ("present", previous.present),
            ("in_attendance", previous.in_attendance),
        ):
            if people:
                lines.append(f"{field}:")
                lines.extend(line for person in people for line in _person_lines(person, names))
    lines += ["---", ""]
    headings = _numbered(OPENING_ITEMS, previous)
    for heading, text in zip(headings, _opening_texts(previous, folder), strict=True):
        lines += [f"## {heading}", "", *([text, ""] if text else [])]
    return "\n".join(lines).rstrip("\n") + "\n"


def _time_and_place(date: dt.date, previous: Meeting | None) -> tuple[TimeRange | None, str | None]:
    """As the previous minutes planned this meeting (next_meeting), or as that meeting was."""
    if previous is None:
        return None, None
    planned = previous.next_meeting
    if planned is not None and planned.date == date:
        return planned.time or previous.time, planned.location or previous.location
    return previous.time, previous.location


def time_value(time: TimeRange) -> str:
    """14:00, or 14:00-16:30: as a clerk writes it in `time:`."""
    start = time.start.strftime("%H:%M")
    return f"{start}-{time.end.strftime('%H:%M')}" if time.end else start


def _person_lines(person: Attendee, names: dict[OrganisationSlug, str]) -> list[str]:
    organisation = names.get(person.organisation) if person.organisation else None
    return person_lines(person.name, organisation, person.role, is_chair=person.is_chair)


def _opening_texts(previous: Meeting | None, folder: str) -> tuple[str, ...]:
    if previous is None:
        return ("", "", "")
    target = posixpath.relpath(previous.source, folder)
    if re.search(r"[\s()<>]", target):
        target = f"<{target}>"
    return (
        "",
        "",
        f"The minutes of the meeting held on [{long_date(previous.date, MONTHS)}]({target})\n"
        "were agreed as a correct record.",
    )


def _numbered(titles: Sequence[str], previous: Meeting | None) -> list[str]:
    """Headings numbered like the previous minutes: a coded series (SHP50 → SHP51) runs on;
    plain numbers start again at 1, written the same way ("1)", "Item 1:")."""
    numbered = [
        (number, item.number_format)
        for item in (previous.items if previous else ())
        if item.number and (number := ItemNumber.of(item.number))
    ]
    if not numbered:
        if previous is not None and previous.items:
            return list(titles)  # the body does not number its items
        return [f"{_PLAIN_NUMBERS.format(n)} {title}" for n, title in enumerate(titles, 1)]
    last, form = numbered[-1]
    if last.is_coded():
        first = max(n.value for n, _ in numbered if n.series == last.series) + 1
        return [
            f"{form.format(f'{last.series}{first + i}')} {title}" for i, title in enumerate(titles)
        ]
    return [f"{form.format(n)} {title}" for n, title in enumerate(titles, 1)]
