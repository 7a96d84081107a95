"""The files beyond the pages (issue 20): Atom feeds, iCalendar files, open data (JSON and CSV
with their JSON Schemas), the sitemap and robots.txt, and each meeting's JSON-LD. Each is
checked the way a reader's tool reads it: Atom against RFC 4287's RELAX NG schema, iCalendar
with `icalendar`, JSON against the schemas the site publishes, CSV with Python's csv, the
sitemap against the sitemaps.org XSD; and each with values a clerk may type that would break a
format written by hand (markup, </script>, quotes, line breaks, commas, tabs, formulas)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import icalendar
import jsonschema
import pytest
from lxml import etree
from rnc2rng import dumps, loads

from conftest import REPO_ROOT, build_site, files_in, make_site, rendered
from minutebook.commands import build as build_module

FORMATS = REPO_ROOT / "tests" / "fixtures" / "formats"
ATOM = etree.RelaxNG(etree.fromstring(dumps(loads((FORMATS / "atom.rnc").read_text())).encode()))
SITEMAP = etree.XMLSchema(etree.parse(str(FORMATS / "sitemap.xsd")))
A = "{http://www.w3.org/2005/Atom}"

# What a clerk may type that a format written by hand would let break out.
HOSTILE_TITLE = 'Budget </script><script>alert("x")</script> & <b>cuts</b>, "quoted"'
HOSTILE_LOCATION = '=HYPERLINK("http://evil.example"), Room 1; Town Hall'
HOSTILE_PERSON = '+Cllr O\'Neil, "Bob"'
HOSTILE_ROLE = "-2+3 Chair\tof; things"
HOSTILE_ORGANISATION = "@Evil <i>Trust</i>"
HOSTILE_ITEM = "=SUM(A1:A9) <!-- comment --> ]]> end"

HOSTILE = f"""
-- minutebook.yaml --
title: Hostile <minutes> & "co"
base_url: https://example.org/minutes/
organisations:
  - name: Safer Halton Partnership
    short_name: SHP
topics:
  - name: Alcohol
-- content/shp/2011-02-15.md --
---
organisation: SHP
date: 2011-02-15
time: 14:00 to 16:30
title: '{HOSTILE_TITLE.replace("'", "''")}'
location: '{HOSTILE_LOCATION}'
present:
  - name: '{HOSTILE_PERSON.replace("'", "''")}'
    role: "-2+3 Chair\\tof; things"
    organisation: '{HOSTILE_ORGANISATION}'
  - D. Parr
apologies:
  - "@Someone, line\\nbreak"
next_meeting:
  date: 2011-04-20
  time: "10:00"
  location: "Room 2,\\nsecond line"
---

## SHP41 Alcohol enforcement

Public text about alcohol.

## SHP42 {HOSTILE_ITEM}

More text.
-- content/shp/2011-03-15.md --
---
organisation: SHP
date: 2011-03-15
---

## SHP51 Alcohol and budget

Text.
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_site(tmp_path_factory.mktemp("hostile"), HOSTILE)
    report = build_site(root)
    assert report.published, rendered(report.diagnostics)
    return root / "output"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("sample") / "output"
    report = build_site(REPO_ROOT, output=output, use_cache=False)
    assert report.published, rendered(report.diagnostics)
    return output


def outputs(output: Path, pattern: str) -> list[Path]:
    found = sorted(output.rglob(pattern))
    assert found, pattern
    return found


# -- Atom -------------------------------------------------------------------------------------


def test_the_atom_schema_refuses_a_feed_without_an_id(hostile: Path):
    """The schema can fail: the checks below mean something."""
    tree = etree.parse(str(hostile / "feed.xml"))
    tree.getroot().remove(tree.getroot().find(f"{A}id"))
    assert not ATOM.validate(tree)


@pytest.mark.parametrize("which", ["hostile", "sample"])
def test_every_feed_is_valid_atom(which: str, request: pytest.FixtureRequest):
    output = request.getfixturevalue(which)
    for path in outputs(output, "feed.xml"):
        tree = etree.parse(str(path))
        assert ATOM.validate(tree), (path, ATOM.error_log)


def test_feeds_carry_the_latest_meetings_newest_first_with_their_words_as_typed(hostile: Path):
    feed = etree.parse(str(hostile / "feed.xml")).getroot()
    entries = feed.findall(f"{A}entry")
    assert [e.findtext(f"{A}title") for e in entries] == [
        "Safer Halton Partnership, 15 March 2011",
        HOSTILE_TITLE,
    ]
    first = entries[1]
    assert first.find(f"{A}link").get("href") == (
        "https://example.org/minutes/meetings/2011/02/15/safer-halton-partnership/"
    )
    assert first.findtext(f"{A}summary") == f"SHP41 Alcohol enforcement\nSHP42 {HOSTILE_ITEM}"
    assert feed.findtext(f"{A}title") == 'Hostile <minutes> & "co"'
    assert "Open Government Licence v3.0" in feed.findtext(f"{A}rights")


def test_a_topics_feed_links_each_item_to_its_anchor(hostile: Path):
    feed = etree.parse(str(hostile / "topics" / "alcohol" / "feed.xml")).getroot()
    links = [e.find(f"{A}link").get("href") for e in feed.findall(f"{A}entry")]
    assert links == [
        "https://example.org/minutes/meetings/2011/03/15/safer-halton-partnership/#item-shp51",
        "https://example.org/minutes/meetings/2011/02/15/safer-halton-partnership/#item-shp41",
    ]


def test_pages_announce_their_feeds_and_organisations_offer_a_calendar(hostile: Path):
    home = (hostile / "index.html").read_text("utf-8")
    assert '<link rel="alternate" type="application/atom+xml"' in home
    assert 'href="/minutes/feed.xml"' in home
    body = (hostile / "organisations" / "safer-halton-partnership" / "index.html").read_text()
    assert 'href="/minutes/organisations/safer-halton-partnership/feed.xml"' in body
    assert (
        'href="webcal://example.org/minutes/organisations/safer-halton-partnership/meetings.ics"'
        in body
    )
    topic = (hostile / "topics" / "alcohol" / "index.html").read_text("utf-8")
    assert 'href="/minutes/topics/alcohol/feed.xml"' in topic


# -- iCalendar --------------------------------------------------------------------------------


def calendar_of(path: Path) -> icalendar.Calendar:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    for event in calendar.walk("VEVENT"):
        assert event.errors == []
        for required in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
            assert required in event, (path, required)
    return calendar


def test_calendars_parse_with_the_meetings_and_the_next_one_announced(hostile: Path):
    calendar = calendar_of(hostile / "meetings.ics")
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert sorted(events) == [
        "safer-halton-partnership/2011-02-15@example.org",
        "safer-halton-partnership/2011-03-15@example.org",
        "safer-halton-partnership/2011-04-20/announced@example.org",
    ]
    held = events["safer-halton-partnership/2011-02-15@example.org"]
    london = dt.timezone(dt.timedelta(0))  # (GMT in February)
    assert held.decoded("DTSTART") == dt.datetime(2011, 2, 15, 14, 0, tzinfo=london)
    assert str(held["DTSTART"].params["TZID"]) == "Europe/London"
    assert held.decoded("DTEND").hour == 16
    assert str(held["SUMMARY"]) == HOSTILE_TITLE
    assert str(held["LOCATION"]) == HOSTILE_LOCATION
    # SOURCE_DATE_EPOCH (see conftest) decides the stamp: the same input, the same bytes.
    assert held.decoded("DTSTAMP").tzinfo is not None
    untimed = events["safer-halton-partnership/2011-03-15@example.org"]
    assert untimed.decoded("DTSTART") == dt.date(2011, 3, 15)
    announced = events["safer-halton-partnership/2011-04-20/announced@example.org"]
    assert str(announced["LOCATION"]) == "Room 2,\nsecond line"
    assert str(announced["STATUS"]) == "TENTATIVE"
    assert announced.decoded("DTSTART").utcoffset() == dt.timedelta(hours=1)  # BST


def test_each_organisation_has_its_own_calendar(hostile: Path):
    path = hostile / "organisations" / "safer-halton-partnership" / "meetings.ics"
    assert len(calendar_of(path).walk("VEVENT")) == 3


def test_times_are_given_in_the_configured_time_zone(tmp_path: Path):
    config = HOSTILE.replace("base_url:", "time_zone: America/New_York\nbase_url:")
    root = make_site(tmp_path, config)
    assert build_site(root).published
    calendar = calendar_of(root / "output" / "meetings.ics")
    starts = [e["DTSTART"] for e in calendar.walk("VEVENT") if "TZID" in e["DTSTART"].params]
    assert {str(s.params["TZID"]) for s in starts} == {"America/New_York"}
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["America/New_York"]


def test_an_unknown_time_zone_is_a_problem_with_a_fix(tmp_path: Path):
    root = make_site(tmp_path, HOSTILE.replace("base_url:", "time_zone: Mars/Olympus\nbase_url:"))
    report = build_site(root)
    assert not report.published
    assert any(
        "'time_zone' is not a time zone: 'Mars/Olympus'" in line
        for line in rendered(report.diagnostics)
    )


# -- JSON and its schemas -----------------------------------------------------------------------


@pytest.mark.parametrize("which", ["hostile", "sample"])
def test_every_data_file_is_valid_against_the_schema_it_names(which, request):
    output = request.getfixturevalue(which)
    checked = 0
    for path in outputs(output / "data", "*.json"):
        if "schemas" in path.parts:
            continue
        data = json.loads(path.read_text("utf-8"))
        name = data["meta"]["schema"].rsplit("/", 1)[1]
        schema = json.loads((output / "data" / "schemas" / name).read_text("utf-8"))
        jsonschema.Draft202012Validator(schema).validate(data)
        checked += 1
    assert checked >= 5


def test_the_schemas_refuse_what_they_do_not_describe(hostile: Path):
    schema = json.loads((hostile / "data" / "schemas" / "event.schema.json").read_text())
    path = hostile / "data" / "meetings" / "safer-halton-partnership" / "2011-02-15.json"
    data = json.loads(path.read_text("utf-8"))
    data["event"]["attendance"][0]["attendance"] = "asleep"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(data)


def test_a_meetings_data_holds_its_items_people_and_places_as_written(hostile: Path):
    path = hostile / "data" / "meetings" / "safer-halton-partnership" / "2011-02-15.json"
    event = json.loads(path.read_text("utf-8"))["event"]
    assert event["name"] == HOSTILE_TITLE
    assert event["location"] == {"name": HOSTILE_LOCATION}
    assert (event["start_time"], event["end_time"], event["timezone"]) == (
        "14:00",
        "16:30",
        "Europe/London",
    )
    first = event["attendance"][0]
    assert first["person"] == {"name": HOSTILE_PERSON}
    assert first["role"] == HOSTILE_ROLE
    assert first["organization"]["name_as_written"] == HOSTILE_ORGANISATION
    assert [a["attendance"] for a in event["attendance"]] == ["present", "present", "apologies"]
    assert [i["description"] for i in event["agenda"]] == ["Alcohol enforcement", HOSTILE_ITEM]


# -- CSV --------------------------------------------------------------------------------------


def read_csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text("utf-8-sig"), newline="")))


def test_csv_files_read_back_with_formulas_neutralised(hostile: Path):
    attendance = read_csv(hostile / "data" / "attendance.csv")
    assert attendance[0] == [
        "meeting",
        "date",
        "person",
        "organisation_as_written",
        "organisation",
        "role",
        "attendance",
    ]
    first = attendance[1]
    assert first[2] == "'" + HOSTILE_PERSON  # starts with +
    assert first[3] == "'" + HOSTILE_ORGANISATION  # starts with @
    assert first[5] == "'" + HOSTILE_ROLE  # starts with -, and holds a tab
    assert attendance[3][2] == "'@Someone, line\nbreak"
    meetings = read_csv(hostile / "data" / "meetings.csv")
    assert meetings[1][4] == HOSTILE_TITLE
    assert meetings[1][7] == "'" + HOSTILE_LOCATION
    items = read_csv(hostile / "data" / "items.csv")
    assert items[2][4] == "'" + HOSTILE_ITEM
    for path in outputs(hostile / "data", "*.csv"):
        for row in read_csv(path):
            assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)


def test_personal_names_can_be_left_out_of_the_data(tmp_path: Path):
    config = HOSTILE.replace("base_url:", "data:\n  personal_names: false\nbase_url:")
    root = make_site(tmp_path, config)
    assert build_site(root).published
    data = root / "output" / "data"
    for path in [*data.rglob("*.json"), *data.rglob("*.csv")]:
        text = path.read_text("utf-8")
        for name in ("O'Neil", "D. Parr", "Someone"):
            assert name not in text, path
    attendance = read_csv(data / "attendance.csv")
    assert "person" not in attendance[0]
    assert attendance[1][4] == "'" + HOSTILE_ROLE  # roles and organisations stay
    assert (
        "D. Parr"
        in (
            root
            / "output"
            / "meetings"
            / "2011"
            / "02"
            / "15"
            / "safer-halton-partnership"
            / "index.html"
        ).read_text()
    )


# -- JSON-LD, the sitemap, robots.txt, the licence ---------------------------------------------


def test_a_meetings_page_describes_it_as_a_schema_org_event(hostile: Path):
    page = (hostile / "meetings/2011/02/15/safer-halton-partnership/index.html").read_text()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(blocks) == 1
    event = json.loads(blocks[0])
    assert event["@type"] == "Event"
    assert event["name"] == HOSTILE_TITLE  # its </script> did not end the block
    assert event["startDate"] == "2011-02-15T14:00:00+00:00"
    assert event["endDate"] == "2011-02-15T16:30:00+00:00"
    assert event["location"] == {"@type": "Place", "name": HOSTILE_LOCATION}
    assert event["organizer"]["name"] == "Safer Halton Partnership"
    assert [a["name"] for a in event["attendee"]] == ["@Evil <i>Trust</i>"]
    assert [t["name"] for t in event["about"]] == ["Alcohol"]
    assert (
        event["url"] == "https://example.org/minutes/meetings/2011/02/15/safer-halton-partnership/"
    )


@pytest.mark.parametrize("which", ["hostile", "sample"])
def test_the_sitemap_lists_every_page_and_robots_points_at_it(which, request):
    output = request.getfixturevalue(which)
    tree = etree.parse(str(output / "sitemap.xml"))
    assert SITEMAP.validate(tree), SITEMAP.error_log
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    listed = {loc.text for loc in tree.findall("s:url/s:loc", ns)}
    base = "https://example.org/minutes/" if which == "hostile" else "https://example.org/"
    pages = {
        base + path.relative_to(output).as_posix().removesuffix("index.html")
        for path in output.rglob("index.html")
    }
    assert listed == pages
    assert f"Sitemap: {base}sitemap.xml" in (output / "robots.txt").read_text("utf-8")


def test_the_licence_is_stated_in_the_footer_and_on_the_data_page(tmp_path: Path):
    config = HOSTILE.replace(
        "base_url:",
        "licence:\n  name: CC BY 4.0\n  url: https://creativecommons.org/licenses/by/4.0/\nbase_url:",
    )
    root = make_site(tmp_path, config)
    assert build_site(root).published
    output = root / "output"
    for page in (output / "index.html", output / "data" / "index.html"):
        text = page.read_text("utf-8")
        assert '<a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>' in text
        assert "not covered by this licence" in text
    meta = json.loads((output / "data" / "meetings.json").read_text("utf-8"))["meta"]
    assert meta["licence"]["name"] == "CC BY 4.0"


def test_each_family_can_be_turned_off(tmp_path: Path):
    root = make_site(
        tmp_path, HOSTILE.replace("base_url:", "feeds: false\ncalendar: no\ndata: false\nbase_url:")
    )
    assert build_site(root).published
    names = set(files_in(root / "output"))
    assert not [
        n
        for n in names
        if n.endswith((".xml", ".ics", ".csv", ".json"))
        and n != "sitemap.xml"
        and not n.startswith(".")
    ]
    assert not any(n.startswith("data/") for n in names)
    home = (root / "output" / "index.html").read_text("utf-8")
    assert "application/atom+xml" not in home and "/data/" not in home


def test_the_same_input_gives_the_same_bytes(hostile: Path, tmp_path: Path):
    root = make_site(tmp_path, HOSTILE)
    assert build_site(root, use_cache=False).published
    again = files_in(root / "output")
    first = files_in(hostile)
    assert {k: v for k, v in again.items() if not k.startswith(".")} == {
        k: v for k, v in first.items() if not k.startswith(".")
    }


# -- incremental builds -------------------------------------------------------------------------


@pytest.fixture
def full_builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """One entry per full build (one that checks the whole site)."""
    made: list[str] = []
    real = build_module.check_site

    def counting(*args, **kwargs):
        made.append("full")
        return real(*args, **kwargs)

    monkeypatch.setattr(build_module, "check_site", counting)
    return made


def cold_files(root: Path, tmp_path: Path) -> dict[str, bytes]:
    report = build_site(root, output=tmp_path / "cold", use_cache=False)
    assert report.published
    return files_in(tmp_path / "cold")


@pytest.mark.parametrize(
    ("old", "new", "quick", "changed"),
    [
        ("More text.", "More text, and a sentence more.", True, set()),
        ("location: '=HYPERLINK", "location: 'Moved: =HYPERLINK", False, {"meetings.ics"}),
        ("  - D. Parr", "  - name: D. Parr\n    role: Clerk", False, {"data/attendance.csv"}),
        ("## SHP51 Alcohol and budget", "## SHP51 Alcohol and the budget", False, {"feed.xml"}),
    ],
    ids=["text", "location", "role", "item-title"],
)
def test_an_edit_rebuilds_the_files_that_show_it_as_a_cold_build_would(
    tmp_path: Path, full_builds: list[str], old: str, new: str, quick: bool, changed: set[str]
):
    """An edit to the minutes' text alone stays a quick build (none of these files shows the
    text); one to what they show is left to the full build. Either way the output is byte for
    byte a cold build's."""
    root = make_site(tmp_path, HOSTILE)
    assert build_site(root).published
    before = files_in(root / "output")
    full_builds.clear()
    path = next(p for p in sorted((root / "content").rglob("*.md")) if old in p.read_text())
    path.write_text(path.read_text("utf-8").replace(old, new, 1), "utf-8")
    report = build_site(root)
    assert report.published, rendered(report.diagnostics)
    assert (full_builds == []) is quick
    after = files_in(root / "output")
    assert after == cold_files(root, tmp_path)
    remade = {name for name in after if after[name] != before.get(name)}
    assert changed <= remade
    if quick:
        assert remade <= {".minutebook-manifest.json"} | {
            name for name in remade if name.startswith("meetings/") and name.endswith(".html")
        }
