"""PLAN the search index's documents: one for each published meeting, made from the model (never
from the rendered pages), so that what may be found is exactly what may be published.

Each document is a small HTML page for Pagefind (output/search.py turns them into the index):
the meeting's title, date, body and people first (what a search for a name or a place finds,
leading to the meeting), then one heading for each agenda item, with the item's id, so that
Pagefind gives each item as a result of its own (a "sub-result") leading to `meeting#item-…`.
Its filters (the body that met, the bodies represented, topics, year) and its sort key (the
date) are written as Pagefind's data attributes.

Never in a document: minutes that are drafts (even in a `--drafts` build: a preview's index
is the published one), confidential meetings (not in the archive at all) and the text of an
exempt item (dropped as the file is read: only its number and title, which its page shows).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape

from minutebook.archive.indexes import attendances
from minutebook.archive.views import PlannerBase
from minutebook.core.model import AgendaItem, Meeting

# Ids inside an item's text (its sub-headings, raw HTML): Pagefind would cut the item into
# several results at each, and an item is one result.
_INNER_ID = re.compile(r'\sid="[^"]*"')

# The names of the filters and the sort key, as the search page's script asks for them.
FILTERS = ("organisation", "represented", "topic", "year")
SORT_BY = "date"


@dataclass(frozen=True, slots=True)
class SearchDocument:
    url: str  # the meeting's page, root-relative (with base_url's path)
    html: str


def search_documents(planner: PlannerBase) -> Iterator[SearchDocument]:
    """One document for each meeting to be found, in the archive's order (by date)."""
    for meeting in planner.archive.meetings.values():
        if not meeting.is_published(drafts=False):
            continue  # a draft, in a --drafts preview: never in an index
        whole = planner.texts(meeting) if planner.texts is not None else meeting
        yield SearchDocument(planner.urls.meeting(whole), meeting_document(planner, whole))


def meeting_document(planner: PlannerBase, meeting: Meeting) -> str:
    archive = planner.archive
    title = planner.title(meeting)
    body = archive.organisations[meeting.organisation].name
    represented = [archive.organisations[slug].name for slug in attendances(meeting)]
    topics = [archive.topics[slug].name for slug in meeting.all_topics()]
    filters = [
        ("organisation", body),
        *(("represented", name) for name in represented),
        *(("topic", name) for name in topics),
        ("year", str(meeting.date.year)),
    ]
    date_text = planner.date_text(meeting.date)
    meta = [("meeting", title), ("date", date_text), ("organisation", body)]
    people = [person.name for person in (*meeting.attendees(), *meeting.apologies)]
    about = [body, date_text, meeting.location or "", *people]
    parts = [
        f'<html lang="{escape(archive.config.language)}"><body>',
        f'<h1 data-pagefind-meta="title">{escape(title)}</h1>',
        # Filters, meta and the sort key, read from elements that are not indexed as words.
        '<div data-pagefind-ignore="index">',
        *(f'<span data-pagefind-filter="{key}">{escape(value)}</span>' for key, value in filters),
        *(f'<span data-pagefind-meta="{key}">{escape(value)}</span>' for key, value in meta),
        f'<span data-pagefind-sort="{SORT_BY}">{meeting.date.isoformat()}</span>',
        "</div>",
        f"<p>{escape(' '.join(filter(None, about)))}</p>",
        meeting.intro_html,
        *(item_section(item) for item in meeting.items),
        "</body></html>",
    ]
    return "\n".join(parts)


def item_section(item: AgendaItem) -> str:
    """An item's heading (its number and title, as its page shows them) and its text; an exempt
    item's text is empty, as read."""
    heading = f"{item.number} {item.title}" if item.number else item.title
    actions = "".join(f"<p>{escape(action)}</p>" for action in item.actions)
    text = _INNER_ID.sub("", item.html)
    return f'<h2 id="{escape(item.anchor)}">{escape(heading)}</h2>\n{text}{actions}'
