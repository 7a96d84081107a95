"""The model as a build holds it: meetings as listed, with names held once per process."""

import datetime as dt
import pickle

from minutebook.core.diagnostics import SourceSpan
from minutebook.core.model import (
    AgendaItem,
    Attendee,
    Meeting,
    MeetingId,
    OrganisationSlug,
    SubHeading,
    TimeRange,
    TopicSlug,
)

BODY = OrganisationSlug("safer-halton-partnership")


def meeting(day: int) -> Meeting:
    span = SourceSpan(f"content/shp/2011-02-{day:02}.md", 4, 3)
    return Meeting(
        MeetingId(f"{BODY}/2011-02-{day:02}"),
        f"content/shp/2011-02-{day:02}.md",
        BODY,
        dt.date(2011, 2, day),
        time=TimeRange(dt.time(14)),
        location="Runcorn Town Hall",
        present=(Attendee("Cllr Ann Wright", OrganisationSlug("halton-bc"), "Chair", True, span),),
        in_attendance=(Attendee("Mike Andrews", None, "Clerk", span=span),),
        apologies=(Attendee("Sue Rowe", OrganisationSlug("cheshire-police"), span=span),),
        items=(
            AgendaItem(
                "SHP1",
                "Apologies for absence",
                f"item-shp{day}",
                "<p>Noted.</p>",
                12,
                "{})",
                (TopicSlug("anti-social-behaviour"),),
                ("Clerk to write",),
                (SubHeading("a) Funding", "a-funding"),),
            ),
        ),
        extra={"webcast": "yes"},
        span=span,
        field_spans={"status": span, "date": span, "location": span},
    )


def test_a_meeting_as_listed_keeps_what_lists_indexes_and_checks_use():
    whole = meeting(15)
    listed = whole.as_listed()
    assert (listed.id, listed.date, listed.organisation, listed.span) == (
        whole.id,
        whole.date,
        whole.organisation,
        whole.span,
    )
    assert [(p.name, p.organisation) for p in listed.attendees()] == [
        ("Cllr Ann Wright", "halton-bc"),
        ("Mike Andrews", None),
    ]
    item = listed.items[0]
    assert (item.number, item.title, item.anchor, item.topics) == (
        "SHP1",
        "Apologies for absence",
        "item-shp15",
        ("anti-social-behaviour",),
    )
    assert set(listed.field_spans) == {"status", "date"}


def test_a_meeting_as_listed_leaves_out_what_only_its_own_page_shows():
    listed = meeting(15).as_listed()
    assert listed.extra == {}
    assert listed.time is None and listed.location is None
    # (who came, in which role and whether in the chair, are kept: a person's page shows them)
    assert all(p.span is None for p in (*listed.present, *listed.apologies))
    item = listed.items[0]
    assert (item.html, item.actions, item.subheadings) == ("", (), ())
    assert listed.as_listed() == listed


def test_names_and_titles_unpickled_from_many_meetings_are_held_once():
    first, second = (pickle.loads(pickle.dumps(meeting(day))) for day in (1, 15))
    assert first.present[0].name is second.present[0].name
    assert first.present[0].organisation is second.present[0].organisation
    assert first.present[0].role is second.present[0].role
    assert first.items[0].title is second.items[0].title
    assert first == meeting(1) and second == meeting(15)


def test_people_as_listed_unpickled_from_many_meetings_are_held_once():
    first, second = (pickle.loads(pickle.dumps(meeting(day).as_listed())) for day in (1, 15))
    assert first.present[0] is second.present[0]
    assert first.in_attendance[0] is second.in_attendance[0]
    assert first == meeting(1).as_listed() and second == meeting(15).as_listed()
    whole = pickle.loads(pickle.dumps(meeting(15)))
    assert whole.present[0] is not first.present[0]  # with a role and a place: its own
