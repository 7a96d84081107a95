"""Digests of a meeting as the pages of the archive show it, made when its file is read: what
lists show of it (its listing), what every list shows (its summary), and where it is in the
archive (its placing). The incremental build compares them to know which pages an edit
touches (see incremental/).
"""

from __future__ import annotations

from dataclasses import replace

from minutebook.core import cache
from minutebook.core.model import AgendaItem, Meeting, Status, items_filed, unplaced


def listing_digest(listed: Meeting) -> str:
    """What lists show of a meeting (held as listed), but for who attended, which the
    organisations' lists take from the index (indexes.attendances). Left out: its links, the
    anchors its text gives, its people, and the fields only its own page shows (its location,
    time and extra fields; documents are in its summary); the names it writes that the config
    does not list, whose spelling is the archive's, in the keys apart (see
    fingerprints.UnlistedNames), and in its placing; and where in the file anything was
    written, which no page shows and which moves with every line typed above it. (Those places
    are in the file's own problems and in `problems_in_context`, both found again when the
    file changes.)"""
    line = AgendaItem.__match_args__.index("line")
    items = [item.__reduce__()[1] for item in listed.items]
    shown = replace(
        listed,
        items=(),
        links=(),
        anchors=(),
        present=(),
        in_attendance=(),
        apologies=(),
        documents=(),
        span=None,
        field_spans={},
        location=None,
        time=None,
        extra={},
        unlisted_organisations=(),
        unlisted_topics=(),
    )
    return cache.digest_of(shown, [fields[:line] + fields[line + 1 :] for fields in items])


def placing_digest(meeting: Meeting) -> str:
    """Where a meeting is in the archive (see Parsed.placing): which pages list it, which pages
    there are, and what the checks across files look at. Where and when it is filed, whether it
    is a draft or confidential, its documents, the names it adds to the vocabulary, which
    organisations attended, its topics, and how often its items are filed under each."""
    filed = items_filed(meeting)
    attending = {p.organisation for p in meeting.attendees() if p.organisation is not None}
    return cache.digest_of(
        meeting.id,
        meeting.source,
        meeting.organisation,
        meeting.date,
        meeting.slug,
        meeting.status is Status.DRAFT,
        meeting.confidential,
        [replace(document, span=None) for document in meeting.documents],
        [unplaced(o) for o in meeting.unlisted_organisations],
        [unplaced(t) for t in meeting.unlisted_topics],
        sorted(attending),
        meeting.topics,
        sorted(filed.items()),
    )


def summary_digest(meeting: Meeting) -> str:
    """What every list shows of a meeting (see Parsed.summary): its link (from its id: its
    body, date and page name), its title and status, its body (its name is in the keys apart,
    see fingerprints.UnlistedNames), and, for the relations worked out from them, when it was
    approved and the next meeting it names. Not: its topics, who attended, its items, its
    documents, or anything else only its own page shows; a list that shows those, or is made
    from them, is keyed by more (the listing, the placing, who attended). (The pages of the
    whole archive show only placings, but for the few meetings they show in full: see
    pages.Planner.shown_in_full.)"""
    return cache.digest_of(
        meeting.id,
        meeting.source,
        meeting.organisation,
        meeting.date,
        meeting.slug,
        meeting.title,
        meeting.status,
        meeting.approved_at,
        meeting.approval_item,
        meeting.approves_minutes_of,
        meeting.next_meeting,
    )
