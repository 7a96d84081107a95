"""The recognisers on the forms clerks write (names invented, layouts as published)."""

from __future__ import annotations

import datetime as dt

import pytest

from minutebook.core.model import Organisation, OrganisationSlug, SiteConfig
from minutebook.importing.casing import Casing
from minutebook.importing.dates import find_dates, find_time
from minutebook.importing.people import person_of
from minutebook.importing.recognising import recognise
from minutebook.reading.vocabulary import Vocabulary

HBC = Organisation(OrganisationSlug("hbc"), "Halton Borough Council", "HBC")
CONFIG = SiteConfig(title="T", organisations=(HBC,))
ORGANISATIONS = Vocabulary.of(CONFIG.organisations)


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("held on Thursday 9th March 2006 at 8.00 p.m.", "2006-03-09"),
        ("MEETING HELD AT THE VILLAGE HALL TUESDAY NOVEMBER 2ND 2010", "2010-11-02"),
        ("Held on Wednesday 12 th October 2016 in Newton Village Hall", "2016-10-12"),
        ("ON THURSDAY 1 ST SEPTEMBER 2016 AT 7.30 PM", "2016-09-01"),
        ("Date: April 18, 2024", "2024-04-18"),
        ("held on 17.03.22 at 5.30pm", "2022-03-17"),
        ("# TSC meeting 2016-01-06", "2016-01-06"),
        ("Tuesday, 15 February 2011 Civic Suite", "2011-02-15"),
    ],
)
def test_dates_as_minutes_write_them(text: str, date: str):
    assert [found.date.isoformat() for found in find_dates(text)] == [date]


def test_not_dates():
    assert find_dates("14/09/1 Apologies; 31/02/2011; 3.5 hours; item 12") == []


@pytest.mark.parametrize(
    ("text", "time"),
    [("at 8.00 p.m.", "20:00"), ("7pm", "19:00"), ("@ 10:00", "10:00"), ("AT 7.30 PM", "19:30")],
)
def test_times(text: str, time: str):
    found = find_time(text)
    assert found is not None and found.time == time


def test_no_time_in_sums_of_money_or_plain_numbers():
    assert find_time("£5.00 for 3 items, 10.30 hours") is None


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (
            ["Chris Patino", "HBC (Operational Director – Acting Chair)"],
            ("Chris Patino", "HBC", "Operational Director – Acting Chair", True),
        ),
        (
            ["S. Eastwood", "HBC Health and Community"],
            ("S. Eastwood", "HBC", "Health and Community", False),
        ),
        (["Miss Richardson - Chairperson"], ("Miss Richardson", None, "Chairperson", True)),
        (["Cllr A Smith (Vice-Chairman)"], ("Cllr A Smith", None, "Vice-Chairman", False)),
        (["D. Parr", "Chief Executive"], ("D. Parr", None, "Chief Executive", False)),
        (
            ["Jo Bloggs", "Norfolk County Council"],
            ("Jo Bloggs", "Norfolk County Council", None, False),
        ),
    ],
)
def test_a_person_and_the_details_after_the_name(cells, expected):
    person = person_of(cells, 1, ORGANISATIONS)
    assert person is not None
    assert (person.name, person.organisation, person.role, person.is_chair) == expected


def test_an_unlisted_organisation_is_kept_but_doubted():
    person = person_of(["Jo Bloggs", "Norfolk County Council"], 3, ORGANISATIONS)
    assert (
        person is not None and person.doubt is not None and "not in minutebook.yaml" in person.doubt
    )


def test_capital_titles_in_sentence_case_keep_acronyms_and_the_names_written_elsewhere():
    casing = Casing(
        ["The Halton team met the PCSO on Tuesday.", "the report was noted"], acronyms=["HBC"]
    )
    assert (
        casing.sentence_case("UPDATE ON THE HALTON PCSO REPORT")
        == "Update on the Halton PCSO report"
    )
    assert casing.sentence_case("HBC BUDGET: THE REPORT") == "HBC budget: The report"


def lines(text: str) -> tuple[str, ...]:
    return tuple(text.split("\n"))


def test_a_heading_in_capitals_with_the_place_before_the_date_and_the_time_after():
    found = recognise(
        lines(
            "MINUTES OF THE FENWICK PARISH COUNCIL MEETING HELD IN THE PARISH HALL ON THURSDAY "
            "1 ST SEPTEMBER 2016 AT 7.30 PM\n\n1. APOLOGIES\nNone.\n\n2. PLANNING\nNone."
        ),
        is_markdown=False,
        config=CONFIG,
    )
    assert (found.organisation, found.date, found.time, found.location) == (
        "Fenwick Parish Council",
        dt.date(2016, 9, 1),
        "19:30",
        "Parish Hall",
    )


def test_the_time_before_the_date_and_the_place_after_it():
    found = recognise(
        lines(
            "Minutes of the Oxbury Parish Council meeting held at 7.30pm on Monday 15 th January "
            "2018 At Jubilee Hall, Lower Street, Oxbury\n\n1. Apologies\nNone."
        ),
        is_markdown=False,
        config=CONFIG,
    )
    assert (found.organisation, found.time, found.location) == (
        "Oxbury Parish Council",
        "19:30",
        "Jubilee Hall, Lower Street, Oxbury",
    )


@pytest.mark.parametrize(
    "numbers",
    [
        ["21.44", "21.45", "21.46"],  # a council's running minute numbers
        ["Cou/285/07-08", "Cou/286/07-08", "Cou/287/07-08"],
        ["14/09/1", "14/09/2", "14/09/3"],
        ["Item 1:", "Item 2:", "Item 3:"],
    ],
)
def test_items_numbered_as_councils_number_their_minutes(numbers: list[str]):
    body = "\n\n".join(f"{n} TITLE {i}\nText of item {i}." for i, n in enumerate(numbers, 1))
    found = recognise(
        lines(f"Minutes of the meeting of Halton Borough Council held on 3 May 2012\n\n{body}"),
        is_markdown=False,
        config=CONFIG,
    )
    assert [item.heading for item in found.items] == [
        f"{n} Title {i}" for i, n in enumerate(numbers, 1)
    ]
    assert found.organisation == "Halton Borough Council"


def test_a_numbered_list_inside_an_item_is_not_taken_for_items():
    text = (
        "Minutes of the meeting of Halton Borough Council held on 3 May 2012\n\n"
        "HBC1 BUDGET\nThe phases:\n\n1. Define\n2. Procure\n\nHBC2 PLANNING\nNone."
    )
    found = recognise(lines(text), is_markdown=False, config=CONFIG)
    assert [item.heading for item in found.items] == ["HBC1 Budget", "HBC2 Planning"]
    assert "1. Define" in found.items[0].text


def test_items_whose_text_follows_the_title_and_a_present_item_run_together():
    text = (
        "Minutes of the Meeting of Greystone Parish Council held in the Pavilion on Tuesday "
        "6 th February 2018 commencing at 7.30pm.\n\n"
        "1. Present: Cllr P Ash (Chairman), Cllr J Birch and Cllr M Dale. Also present: the "
        "Clerk and 4 members of the public.\n\n"
        "2. Apologies for absence: Cllr N East (holiday).\n\n"
        "3. Minutes: the minutes of 9 January 2018 were approved.\n\n"
        "4. Presentation: update on the new playground\nNoted."
    )
    found = recognise(lines(text), is_markdown=False, config=CONFIG)
    assert [item.heading for item in found.items] == [
        "1. Present",
        "2. Apologies for absence",
        "3. Minutes",
        "4. Presentation: update on the new playground",  # a colon in a title, not text
    ]
    assert found.items[2].text == ("the minutes of 9 January 2018 were approved.",)
    assert [(p.name, p.is_chair) for p in found.present] == [
        ("Cllr P Ash", True),
        ("Cllr J Birch", False),
        ("Cllr M Dale", False),
    ]
    assert [p.name for p in found.in_attendance] == ["the Clerk"]
    assert [p.name for p in found.apologies] == ["Cllr N East"]
    assert (found.time, found.location) == ("19:30", "Pavilion")


def test_none_is_nobody():
    text = "Notes of the meeting of Halton Borough Council, 3 May 2012\n\nApologies:\n- None\n"
    found = recognise(lines(text), is_markdown=False, config=CONFIG)
    assert found.apologies == []


def test_an_attendees_organisation_is_not_taken_for_the_body_that_met():
    text = (
        "WIDNES TOWN FORUM\n\nPresent\tA. Jones\tHBC\n\tB. Smith\tHalton Borough Council\n\n"
        "Notes of the meeting, 4 June 2013\n\n1. Welcome\nHello."
    )
    found = recognise(lines(text), is_markdown=False, config=CONFIG)
    assert found.organisation == "Widnes Town Forum"
    assert [p.organisation for p in found.present] == ["HBC", "Halton Borough Council"]


def test_a_short_name_in_capitals_in_the_heading_names_the_body():
    found = recognise(
        lines("HBC cabinet notes 2013-06-04\n\n1. Budget\nAgreed."),
        is_markdown=False,
        config=CONFIG,
    )
    assert found.organisation == "Halton Borough Council"


def test_an_agenda_listed_before_the_minutes_is_not_taken_for_the_items():
    text = (
        "Minutes of the meeting of Halton Borough Council held on 3 May 2012\n\n"
        "AGENDA\n1. Apologies\n2. Minutes\n3. Planning\n\n"
        "1. Apologies\nNone.\n\n2. Minutes\nApproved.\n\n3. Planning\nNo applications."
    )
    found = recognise(lines(text), is_markdown=False, config=CONFIG)
    assert [(item.heading, item.text) for item in found.items] == [
        ("1. Apologies", ("None.",)),
        ("2. Minutes", ("Approved.",)),
        ("3. Planning", ("No applications.",)),
    ]
