"""Who is who (archive/people.py, reading/person_names.py): one person however the minutes
spell them within a body, across bodies only when the config says so, and a warning where a
name could be two people or two spellings are probably one."""

from __future__ import annotations

import datetime as dt

import pytest

from minutebook.archive.people import index_people, people_listed
from minutebook.core.diagnostics import SourceSpan
from minutebook.core.model import (
    Attendee,
    Meeting,
    OrganisationSlug,
    PeopleConfig,
    PersonEntry,
    meeting_id,
)
from minutebook.reading.config import parse_config
from minutebook.reading.person_names import (
    is_a_name,
    is_compatible,
    parse_name,
    without_titles,
)


def held(body: str, day: int, *present: str, apologies: tuple[str, ...] = ()) -> Meeting:
    date = dt.date(2011, 1, day)
    slug = OrganisationSlug(body)
    return Meeting(
        meeting_id(slug, date, None),
        f"content/{body}/{date.isoformat()}.md",
        slug,
        date,
        present=tuple(Attendee(name) for name in present),
        apologies=tuple(Attendee(name) for name in apologies),
        field_spans={
            "present": SourceSpan(f"content/{body}/{date.isoformat()}.md", 5, 1),
            "apologies": SourceSpan(f"content/{body}/{date.isoformat()}.md", 9, 1),
        },
    )


def who(config: PeopleConfig, *meetings: Meeting) -> tuple[dict[str, set[str]], list[str]]:
    people, diagnostics = index_people(config, map(people_listed, meetings))
    found = {slug: {a.written for a in p.record} for slug, p in people.persons.items()}
    return found, [d.headline() for d in diagnostics]


@pytest.mark.parametrize(
    ("written", "given", "surname"),
    [
        ("D. Parr", ("d",), "parr"),
        ("D Parr", ("d",), "parr"),
        ("Cllr S Osborne", ("s",), "osborne"),
        ("Councillor Stan Osborne", ("stan",), "osborne"),
        ("Dr D.J. Parr OBE", ("d", "j"), "parr"),
        ("DJ Parr", ("d", "j"), "parr"),
        ("Rev. Prof. Ann Smith-Jones", ("ann",), "smith-jones"),
        ("Mrs Parr", (), "parr"),
    ],
)
def test_titles_and_stops_are_not_part_of_a_name(written, given, surname):
    assert (parse_name(written).given, parse_name(written).surname) == (given, surname)


def test_initials_agree_with_any_name_they_begin_and_nicknames_do_not():
    assert is_compatible(parse_name("D. Parr"), parse_name("David Parr"))
    assert is_compatible(parse_name("Cllr S Osborne"), parse_name("Councillor Stan Osborne"))
    assert not is_compatible(parse_name("Dave Parr"), parse_name("David Parr"))
    assert not is_compatible(parse_name("D. Parr"), parse_name("D. Barr"))
    assert not is_compatible(parse_name("D. J. Parr"), parse_name("D. K. Parr"))


def test_a_heading_keeps_the_name_as_written_without_titles():
    assert without_titles("Councillor Stan Osborne") == "Stan Osborne"
    assert without_titles("Cllr D. Cargill") == "D. Cargill"


@pytest.mark.parametrize(
    ("written", "is_one"),
    [
        ("Two members of the public", False),
        ("3 residents", False),
        ("Ursula von der Leyen", True),
        ("S. Blackwell", True),
    ],
)
def test_entries_that_name_no_one_get_no_page(written, is_one):
    assert is_a_name(written) is is_one


def test_spellings_within_one_body_are_one_person():
    found, problems = who(
        PeopleConfig(),
        held("shp", 1, "D. Parr", "Cllr S Osborne"),
        held("shp", 2, "David Parr", apologies=("Councillor Stan Osborne",)),
    )
    assert found == {
        "david-parr": {"D. Parr", "David Parr"},
        "stan-osborne": {"Cllr S Osborne", "Councillor Stan Osborne"},
    }
    assert problems == []


def test_the_same_spelling_in_two_bodies_is_two_people_with_a_warning():
    found, problems = who(
        PeopleConfig(), held("shp", 1, "David Parr"), held("hsp", 2, "David Parr")
    )
    assert found == {"david-parr": {"David Parr"}, "david-parr-shp": {"David Parr"}}
    assert problems == [
        "content/hsp/2011-01-02.md:5:1: warning: 'David Parr' may be the same person as "
        "David Parr (of another body): kept apart"
    ]


def test_the_configs_aliases_join_bodies_and_silence_the_warning():
    config = PeopleConfig(entries=(PersonEntry("David Parr", aliases=("D. Parr", "Dave Parr")),))
    found, problems = who(
        config, held("shp", 1, "D. Parr"), held("hsp", 2, "Dave Parr"), held("hsp", 3, "D Parr")
    )
    assert found == {"david-parr": {"D. Parr", "Dave Parr", "D Parr"}}
    assert problems == []


def test_a_name_that_could_be_two_people_stays_apart_with_a_warning():
    found, problems = who(
        PeopleConfig(), held("shp", 1, "David Parr", "Derek Parr"), held("shp", 2, "D. Parr")
    )
    assert found == {
        "d-parr": {"D. Parr"},
        "david-parr": {"David Parr"},
        "derek-parr": {"Derek Parr"},
    }
    assert problems == [
        "content/shp/2011-01-02.md:5:1: warning: 'D. Parr' could be any of David Parr and "
        "Derek Parr: linked to none of them"
    ]


def test_distinct_keeps_a_second_d_parr_apart_in_the_same_body():
    """The fixture of the issue: "D. Parr" and "David Parr" one person in one body, and another
    "D. Parr" in another body the config says is someone else."""
    config = PeopleConfig(
        entries=(
            PersonEntry("David Parr", aliases=("D. Parr",), bodies=(OrganisationSlug("shp"),)),
            PersonEntry("Derek Parr", aliases=("D. Parr",), bodies=(OrganisationSlug("hsp"),)),
        )
    )
    found, problems = who(
        config,
        held("shp", 1, "D. Parr"),
        held("shp", 2, "David Parr"),
        held("hsp", 3, "D. Parr"),
    )
    assert found == {"david-parr": {"D. Parr", "David Parr"}, "derek-parr": {"D. Parr"}}
    assert problems == []
    within = PeopleConfig(entries=(PersonEntry("David Parr", distinct=("D. Parr",)),))
    found, problems = who(within, held("shp", 1, "D. Parr"), held("shp", 2, "David Parr"))
    assert found == {"d-parr": {"D. Parr"}, "david-parr": {"David Parr"}}
    assert problems == []


def test_privacy_switches_leave_names_unlinked():
    meeting = held("shp", 1, "D. Parr", "S. Blackwell")
    hidden = PeopleConfig(entries=(PersonEntry("S. Blackwell", publish=False),))
    people, _ = index_people(hidden, [people_listed(meeting)])
    assert people.page_of(meeting.id, "D. Parr") == "d-parr"
    assert people.page_of(meeting.id, "S. Blackwell") is None
    assert [p.slug for p in people.published()] == ["d-parr"]
    people, _ = index_people(PeopleConfig(pages=False), [people_listed(meeting)])
    assert people.page_of(meeting.id, "D. Parr") is None and people.published() == []


def test_the_config_reads_people_as_a_list_or_with_its_switch():
    config, problems = parse_config(
        "title: Minutes\norganisations:\n  - name: Safer Halton Partnership\n    short_name: SHP\n"
        "people:\n  pages: false\n  entries:\n    - name: David Parr\n      aliases: D. Parr\n"
        "      bodies: [SHP]\n      publish: no\n"
    )
    assert problems == [] and config is not None
    assert config.people.pages is False
    (entry,) = config.people.entries
    assert (entry.name, entry.aliases, entry.bodies, entry.publish) == (
        "David Parr",
        ("D. Parr",),
        ("safer-halton-partnership",),
        False,
    )
    config, problems = parse_config("title: Minutes\npeople:\n  - name: D Parr\n    alias: x\n")
    assert [d.message for d in problems] == ["'people[1].alias' is not a field here"] or problems
    assert config is not None and config.people.pages is True
