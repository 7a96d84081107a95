"""Word and PDF files of the labelled set, read as a clerk would read them on screen."""

from __future__ import annotations

from conftest import REPO_ROOT
from minutebook.importing.extracting import extract
from minutebook.importing.recognising import recognise
from minutebook.reading.config import parse_config

FIXTURES = REPO_ROOT / "tests" / "fixtures" / "import"
CONFIG, _ = parse_config((FIXTURES / "minutebook.yaml").read_text("utf-8"))
assert CONFIG is not None


def read(name: str):
    extracted = extract(FIXTURES / "documents" / name, 5 * 1024 * 1024)
    assert extracted.problem is None
    assert CONFIG is not None
    return extracted, recognise(extracted.lines, is_markdown=False, config=CONFIG, file_name=name)


def test_word_draws_the_numbers_of_its_numbered_list_and_they_become_item_numbers():
    extracted, found = read("parish-dunmere-2021-07.docx")
    assert "1. **Apologies for absence**" in extracted.lines  # not in the paragraph's text
    assert [item.heading for item in found.items][:2] == [
        "1. Apologies for absence",
        "2. Minutes of the previous meeting",
    ]
    assert len(found.items) == 7
    assert found.organisation == "Dunmere Parish Council"  # not listed: from the capitals


def test_a_word_table_of_those_present_gives_names_and_roles():
    _, found = read("parish-brackenford-2016-03.docx")
    assert [(p.name, p.role, p.is_chair) for p in found.present][:2] == [
        ("Cllr Ivy Holm", "Chair", True),
        ("Cllr Owen Spratt", "Vice-Chair", False),
    ]
    assert [p.name for p in found.apologies] == ["Cllr Rhea Linnet", "Cllr Paul Garth"]


def test_a_word_table_inside_an_item_becomes_a_markdown_table():
    _, found = read("committee-northvale-audit-2020-02.docx")
    audit = found.items[2]
    assert audit.heading == "Item 3: Internal audit progress report"
    assert "| Action | Owner | Due |" in audit.text
    assert "| Report on procurement cards | FD | June 2020 |" in audit.text


def test_pdf_columns_stay_apart_as_tabs_and_paragraphs_as_blank_lines():
    extracted, found = read("parish-cotterby-2015-02.pdf")
    assert "Cllr A Blythe\tChairman" in extracted.lines
    assert (found.present[0].name, found.present[0].role) == ("Cllr A Blythe", "Chairman")
    assert [item.heading for item in found.items][-1] == "6. Date of next meeting"
    assert found.next_meeting is not None and str(found.next_meeting.date) == "2015-03-09"


def test_a_pdf_table_in_an_item_becomes_a_markdown_table():
    _, found = read("board-eastgate-2019-11.pdf")
    accounts = found.items[2]
    assert accounts.text[:2] == ("| Measure | Budget | Actual |", "|---|---|---|")
    assert [(p.name, p.role) for p in found.in_attendance] == [
        ("Mark Lister", "Chief Executive"),
        ("Amy Cole", "Company Secretary"),
    ]


def test_the_documents_are_generated_from_their_sources():
    sources = {p.name.removesuffix(".txt") for p in (FIXTURES / "sources").glob("*.txt")}
    documents = {p.name for p in (FIXTURES / "documents").iterdir()}
    assert sources and sources <= documents
