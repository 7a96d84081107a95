"""The quick path (outline.py): an edit to meetings' text alone remakes their pages without
loading the archive, and writes exactly what a full build writes; anything else is a full build.
"""

from __future__ import annotations

import datetime as dt
import pickle
import random
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import (
    LINKING_TO_A_DRAFT,
    REPO_ROOT,
    build_site,
    files_in,
    generated_site,
    make_site,
    rendered,
    respell_an_organisation,
    set_fields,
)
from minutebook.archive import periods
from minutebook.archive.pages import PageRef, planner
from minutebook.commands import build as build_module
from minutebook.commands.check import check_site
from minutebook.core import cache
from minutebook.incremental.lists import Lists
from minutebook.incremental.outline import archive_of, lists_name, outline_name, outline_of
from minutebook.output import render
from minutebook.reading.loading import load_site
from minutebook.reading.sources import Stamp

# The quick build is tested on the pages: see conftest.without_search.
pytestmark = pytest.mark.usefixtures("without_search")

FIXTURES = REPO_ROOT / "tests" / "fixtures"


CORPUS_SEED = 11  # the generated archive these tests use (see e2e/conftest.py)
# Lists longer than this are split in these tests (the site's limit is periods.LIST_LIMIT): at
# 400 meetings most organisations' and topics' lists then are, into eras and some into years.
SPLIT_OVER = 60


@pytest.fixture(autouse=True)
def short_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(periods, "LIST_LIMIT", SPLIT_OVER)


# The feeds, calendars and data files show each meeting whole and are remade by full builds
# only (see quick._leaves_the_files_alone, and tests/e2e/test_published_files.py for how quick
# builds of sites that publish them go): these tests are about the pages the quick path remakes.
PAGES_ONLY = "\nfeeds: false\ncalendar: false\ndata: false\n"


def pages_only(root: Path) -> Path:
    """The site at `root`, set to publish its pages (and sitemap) alone."""
    config = root / "minutebook.yaml"
    config.write_text(config.read_text("utf-8") + PAGES_ONLY, "utf-8")
    return root


@pytest.fixture
def site(corpus: Path, tmp_path: Path) -> Path:
    """A copy of the corpus to edit and build, publishing its pages (and sitemap) alone."""
    root = tmp_path / "site"
    shutil.copytree(corpus, root)
    return pages_only(root)


@pytest.fixture
def full_builds(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """One entry per full build (one that checks the whole site)."""
    made: list[str] = []
    real = build_module.check_site

    def counting(*args, **kwargs):
        made.append("full")
        return real(*args, **kwargs)

    monkeypatch.setattr(build_module, "check_site", counting)
    yield made


def cold(site: Path, tmp_path: Path) -> tuple[dict[str, bytes], list[str]]:
    """What a first build without a cache writes, and the problems it reports."""
    report = build_site(site, output=tmp_path / "cold", use_cache=False)
    assert report.published, rendered(report.diagnostics)
    return files_in(tmp_path / "cold"), rendered(report.diagnostics)


def quick_build_like_cold(
    site: Path, tmp_path: Path, full_builds: list[str]
) -> build_module.BuildReport:
    """A build that takes the quick path, and writes and reports what a cold build does."""
    report = build_site(site)
    assert full_builds == []
    assert report.published, rendered(report.diagnostics)
    files, problems = cold(site, tmp_path)
    assert files_in(site / "output") == files
    assert rendered(report.diagnostics) == problems
    return report


def meeting_files(site: Path) -> list[Path]:
    return sorted((site / "content").rglob("*.md"))


def add_to_item(path: Path, sentence: str) -> None:
    """A sentence in the middle of the minutes: every later line moves down."""
    text = path.read_text("utf-8")
    first_item = text.index("\n## ", text.index("\n---\n", 4))
    cut = text.index("\n\n", first_item + 4)
    path.write_text(text[:cut] + f"\n\n{sentence}\n\nAnd a second line." + text[cut:], "utf-8")


def sites_to_compare() -> list[Path]:
    return [
        REPO_ROOT,
        FIXTURES / "valid" / "linked",
        FIXTURES / "warnings" / "link-to-draft-minutes",
        FIXTURES / "valid" / "two-meetings-one-day",
    ]


@pytest.mark.parametrize("root", sites_to_compare(), ids=lambda p: p.name)
def test_pages_made_from_the_outline_are_the_pages_made_from_the_archive(root: Path):
    """The outline's skeleton holds what a meeting page shows of other meetings, and with the
    lists every page can be made: if a page ever showed more, its quick remake would differ
    from a full build's, here. Meetings are read as pages ask for them."""
    checked = check_site(root, drafts=False)
    archive = checked.archive
    assert archive is not None and archive.meetings
    site = checked.site
    outline = outline_of(
        "",
        {},
        "",
        archive,
        site.digests,
        site.listings,
        site.summaries,
        site.placings,
        (),
        {},
        (),
        Stamp(0, 0, 0, 0),
        0,
    )
    strings, _ = render.load_strings(checked.theme_dirs, archive.config.language)
    whole = replace(planner(archive), strings=strings)
    read: list[str] = []

    def reader(meeting_id, source):
        assert archive.meetings[meeting_id].source == source
        read.append(meeting_id)
        return archive.meetings[meeting_id]

    for meeting_id in archive.meetings:
        ref = PageRef("meeting", (meeting_id,))
        small = replace(planner(archive_of(outline, reader)), strings=strings)
        read.clear()
        assert small.make(ref) == whole.make(ref), meeting_id
        assert len(read) <= 8  # itself and those next to it, approving or linked
    lists = Lists.of(archive)
    listed = replace(planner(archive_of(outline, reader, lists)), strings=strings)
    assert listed.plan() == whole.plan()
    for ref in whole.plan():
        assert listed.make(ref) == whole.make(ref), ref


@pytest.mark.parametrize("root", sites_to_compare(), ids=lambda p: p.name)
def test_the_pages_listing_a_meeting_are_those_whose_inputs_hold_it(root: Path):
    """A quick build remakes (when their keys changed) the pages `pages_listing` names: every
    page of the plan whose inputs hold the meeting, and no other; and, when the meeting's
    summary changed, `archive_pages`: those whose inputs are the whole archive."""
    archive = check_site(root, drafts=False).archive
    assert archive is not None
    pages = planner(archive)
    holding: dict[str, set[PageRef]] = {i: set() for i in archive.meetings}
    for ref in pages.plan():
        for meeting_id in pages.inputs(ref) or ():
            holding[meeting_id].add(ref)
    assert pages.archive_pages() == [ref for ref in pages.plan() if pages.inputs(ref) is None]
    for meeting_id, meeting in archive.meetings.items():
        named = pages.pages_listing(meeting)
        assert len(named) == len(set(named))
        assert set(named) == holding[meeting_id], meeting_id


def test_the_corpus_pages_listing_a_meeting_are_those_whose_inputs_hold_it(tmp_path: Path):
    """400 meetings: enough for lists split into eras and years (more than SPLIT_OVER)."""
    root = generated_site(tmp_path / "site", 400, CORPUS_SEED)
    kinds = {ref.kind for ref in planner(check_site(root, drafts=False).archive).plan()}
    assert {"organisation_year", "topic_year"} <= kinds
    test_the_pages_listing_a_meeting_are_those_whose_inputs_hold_it(root)


def test_the_generated_corpus_has_approvals_and_neighbours(corpus: Path):
    archive = check_site(corpus, drafts=False).archive
    assert archive is not None
    assert archive.approves and archive.previous


def test_the_corpus_pages_made_from_the_outline_are_the_pages_made_from_the_archive(corpus: Path):
    test_pages_made_from_the_outline_are_the_pages_made_from_the_archive(corpus)


def test_an_edit_to_a_meetings_text_remakes_its_page_alone(
    site: Path, tmp_path: Path, full_builds: list[str]
):
    build_site(site)
    full_builds.clear()
    target = meeting_files(site)[7]
    add_to_item(target, "A correction was noted after the meeting.")
    report = build_site(site)
    assert full_builds == []  # the archive was not loaded
    assert report.published
    assert report.written == 1
    assert "A correction was noted" in "".join(
        p.read_text("utf-8") for p in (site / "output").rglob("index.html")
    )
    files, problems = cold(site, tmp_path)
    assert files_in(site / "output") == files
    assert rendered(report.diagnostics) == problems


@pytest.mark.parametrize("seed", range(4))
def test_an_organisation_written_another_way_remakes_the_meetings_page_alone(
    site: Path, tmp_path: Path, full_builds: list[str], seed: int
):
    """A meeting's page shows each organisation as its file writes it; every other page shows
    the entry it resolves to, which has not changed."""
    build_site(site)
    before = files_in(site / "output")
    full_builds.clear()
    target = meeting_files(site)[7 + seed]
    respell_an_organisation(site, target, random.Random(seed))
    report = build_site(site)
    assert full_builds == []
    assert report.published, rendered(report.diagnostics)
    assert report.written == 1
    after = files_in(site / "output")
    changed = [name for name in after if after[name] != before.get(name)]
    assert len(changed) == 2 and changed[1].startswith("meetings/")  # and the manifest
    files, problems = cold(site, tmp_path)
    assert files_in(site / "output") == files
    assert rendered(report.diagnostics) == problems


def test_an_action_and_a_sub_heading_added_remake_the_meetings_page_alone(
    site: Path, tmp_path: Path, full_builds: list[str], monkeypatch: pytest.MonkeyPatch
):
    # Only a meeting's own page shows its items' actions and sub-headings (Meeting.as_listed):
    # the topics' pages, which list the items, are not even rendered again.
    build_site(site)
    full_builds.clear()
    made: list[str] = []
    render_all = render.render_all

    def counting(pages, dirs, refs, *rest):  # type: ignore[no-untyped-def]
        made.extend(ref.kind for ref in refs)
        return render_all(pages, dirs, refs, *rest)

    monkeypatch.setattr(render, "render_all", counting)
    target = meeting_files(site)[7]
    add_to_item(target, "### z) Late report")
    text = target.read_text("utf-8")
    heading = text.index("\n## ", text.index("\n---\n", 4))
    below = text.index("\n", heading + 1)  # an Action: line goes right under the heading
    action = "\nAction: The clerk to write to the council."
    target.write_text(text[:below] + action + text[below:], "utf-8")
    source = target.relative_to(site).as_posix()
    (whole,) = [m for m in load_site(site).meetings if m.source == source]
    assert any("The clerk to write" in action for i in whole.items for action in i.actions)
    assert any("Late report" in sub.title for i in whole.items for sub in i.subheadings)
    report = build_site(site)
    assert full_builds == []
    assert made == ["meeting"]
    assert report.written == 1
    page = next(
        p.read_text("utf-8")
        for p in (site / "output").rglob("index.html")
        if "Late report" in p.read_text("utf-8")
    )
    assert "The clerk to write to the council." in page
    files, problems = cold(site, tmp_path)
    assert files_in(site / "output") == files
    assert rendered(report.diagnostics) == problems


def test_two_quick_edits_in_a_row_and_then_a_full_build_agree(
    site: Path, tmp_path: Path, full_builds: list[str]
):
    build_site(site)
    files = meeting_files(site)
    for step, target in enumerate([files[3], files[4], files[3]]):
        add_to_item(target, f"Edit number {step}.")
        assert build_site(site).published
    assert full_builds == ["full"]
    (site / "minutebook.yaml").write_text(
        (site / "minutebook.yaml").read_text("utf-8").replace("title: ", "title: New ", 1)
    )
    assert build_site(site).written > 1
    assert full_builds == ["full", "full"]
    assert files_in(site / "output") == cold(site, tmp_path)[0]


def test_problems_follow_the_lines_they_are_on(site: Path, tmp_path: Path, full_builds: list[str]):
    """Every problem `check` finds is in what lists show, but where it is moves with the text:
    lines typed above a slip move the slip's line in the report, as in a full build."""
    target = meeting_files(site)[5]
    text = target.read_text("utf-8")
    numbers = re.findall(r"(?m)^## (\w+?)(\d+)\b", text)
    assert len(numbers) >= 3, "the generated minutes number their items"
    series, first = numbers[0]
    third = "".join(numbers[2])
    target.write_text(text.replace(f"## {third}", f"## {series}{first}", 1), "utf-8")
    before = build_site(site)
    slips = [line for line in rendered(before.diagnostics) if "is used twice" in line]
    assert len(slips) == 1
    full_builds.clear()
    add_to_item(target, "A sentence above the slip.")
    report = build_site(site)
    assert full_builds == []
    moved = [line for line in rendered(report.diagnostics) if "is used twice" in line]
    assert len(moved) == 1 and moved != slips
    assert rendered(report.diagnostics) == cold(site, tmp_path)[1]


def test_a_link_to_a_draft_is_reported_where_it_now_is(tmp_path: Path, full_builds: list[str]):
    root = tmp_path / "site"
    shutil.copytree(FIXTURES / "warnings" / "link-to-draft-minutes", root)
    first = build_site(root)
    assert any("draft" in line for line in rendered(first.diagnostics))
    full_builds.clear()
    linking = next(p for p in meeting_files(root) if "](" in p.read_text("utf-8"))
    text = linking.read_text("utf-8")
    head, _, body = text.partition("\n---\n")
    linking.write_text(head + "\n---\nA first line.\n\nA second line.\n" + body, "utf-8")
    report = build_site(root)
    assert full_builds == []
    assert rendered(report.diagnostics) != rendered(first.diagnostics)
    assert rendered(report.diagnostics) == cold(root, tmp_path)[1]


@pytest.mark.parametrize(
    "change",
    ["documents", "template", "page deleted", "another build", "strict"],
)
def test_anything_but_text_is_left_to_a_full_build(
    site: Path, tmp_path: Path, full_builds: list[str], change: str
):
    build_site(site)
    full_builds.clear()
    files = meeting_files(site)
    target = files[9]
    options: dict[str, object] = {}
    if change == "documents":  # published beside its page
        set_fields(target, documents="\n  - title: National guidance\n    url: https://www.gov.uk/")
    elif change == "template":
        override = site / "themes/default/templates/404.html"
        override.parent.mkdir(parents=True)
        override.write_text("{% extends 'base.html' %}{% block main %}Lost{% endblock %}\n")
        add_to_item(target, "Text too.")
    elif change == "page deleted":
        next(iter(sorted((site / "output" / "topics").rglob("index.html")))).unlink()
        add_to_item(target, "Text too.")
    elif change == "another build":
        assert build_site(site, use_cache=False, base_url="https://example.org/x/").published
        full_builds.clear()
        add_to_item(target, "Text too.")
    elif change == "strict":
        options["strict"] = True
        add_to_item(target, "Text too.")
    report = build_site(site, **options)
    assert full_builds == ["full"]
    if change == "strict" and not report.published:
        assert report.diagnostics  # the corpus has warnings: --strict fails as a full build does
        return
    assert report.published, rendered(report.diagnostics)
    assert files_in(site / "output") == cold(site, tmp_path)[0]


def body_of(path: Path) -> str:
    found = re.search(r"(?m)^organisation: (.+)$", path.read_text("utf-8"))
    assert found is not None
    return found[1]


def move(site: Path, target: Path, how: str) -> None:
    """Change where a meeting is in the archive (its placing), as `how` says."""
    files = meeting_files(site)
    text = target.read_text("utf-8")
    if how == "date":  # the same body, a few days later: its neighbours may change
        day = dt.date.fromisoformat(re.search(r"(?m)^date: (.+)$", text)[1])  # type: ignore[index]
        set_fields(target, date=(day + dt.timedelta(days=3)).isoformat())
    elif how == "year":  # a year of its own: pages of that year and month appear
        set_fields(target, date="1999-12-31")
    elif how == "body":  # held by another body: both bodies' lists and neighbours change
        other = next(body_of(p) for p in files if body_of(p) != body_of(target))
        set_fields(target, organisation=other)
    elif how == "topics":  # filed under a topic the config lists
        set_fields(target, topics="[Anti-social behaviour, Road safety]")
    elif how == "attending":  # someone from a body the config lists, new to the meeting
        bodies = re.findall(
            r"(?m)^    organisation: (.+)$", "".join(p.read_text("utf-8") for p in files)
        )
        newcomer = next(b for b in bodies if b not in text)
        joined = f"\npresent:\n  - name: A. Newcomer\n    organisation: {newcomer}\n"
        target.write_text(text.replace("\npresent:\n", joined, 1), "utf-8")
    elif how == "slug":  # the same day, another page name
        set_fields(target, slug="extraordinary")
    elif how == "visitor":  # someone from a body the config does not list
        spelling = ["Visiting Body", "VISITING BODY", "visiting body"][len(files) % 3]
        joined = f"\npresent:\n  - name: A. Guest\n    organisation: {spelling}\n"
        target.write_text(text.replace("\npresent:\n", joined, 1), "utf-8")
    elif how == "new topic":  # filed under a topic the config does not list
        set_fields(target, topics="[Street lighting]")
    elif how == "withdrawn":  # taken back as a draft: its pages go, the links to it too
        set_fields(target, status="draft")
    elif how == "confidential":  # never to be published
        set_fields(target, confidential="true")
    elif how == "published":  # a draft approved
        set_fields(target, status="approved")
    elif how == "added":  # a new file: the minutes of another meeting that day
        copy = target.with_name(f"{target.stem}-evening.md")
        copy.write_text(text.replace("\n---\n", "\nslug: evening\n---\n", 1), "utf-8")
    elif how == "deleted":
        target.unlink()
    elif how == "renamed":  # the same meeting, from a file of another name: two files changed
        target.rename(target.with_name(f"{target.stem}-minutes.md"))


MOVES = [
    *("date", "year", "body", "topics", "attending", "slug"),
    *("visitor", "new topic", "withdrawn", "confidential", "added", "deleted", "renamed"),
]


def test_what_a_link_says_follows_the_file_it_leads_to(tmp_path: Path, full_builds: list[str]):
    """A link to draft minutes is a warning in the linking file, and a link to no file an
    error: publishing the linked file, taking it back as a draft or deleting it changes what
    the linking file says, and where its link leads."""
    site = pages_only(make_site(tmp_path, LINKING_TO_A_DRAFT))
    linked, draft = site / "content/hbc/2011-04-20.md", "status: draft\n"
    text = linked.read_text("utf-8")
    page = site / "output/meetings/2011/02/15/shp/index.html"
    assert any("draft" in line for line in rendered(build_site(site).diagnostics))
    steps = [
        ("published", lambda: linked.write_text(text.replace(draft, ""), "utf-8"), True),
        ("a draft again", lambda: linked.write_text(text, "utf-8"), True),
        ("deleted", linked.unlink, False),  # an error: the full build says so
    ]
    for step, (name, change, quick) in enumerate(steps):
        full_builds.clear()
        change()
        report = build_site(site)
        assert (full_builds == []) == quick, name
        again = build_site(site, output=tmp_path / str(step), use_cache=False)
        assert rendered(report.diagnostics) == rendered(again.diagnostics), name
        assert report.published == again.published, name
        if report.published:
            assert files_in(site / "output") == files_in(tmp_path / str(step)), name
        if name == "published":
            assert 'href="/meetings/2011/04/20/hbc/"' in page.read_text("utf-8")
    assert any("does not exist" in line for line in rendered(report.diagnostics))


LINKING_TO_ANCHORS_AND_FILES = """
-- content/shp/2011-02-15.md --
---
organisation: SHP
date: 2011-02-15
---
See [performance](#item-shp42).

## SHP41 Minutes

The [last meeting's](2010-11-10.md#item-shp31) were agreed, and the [report](report.pdf) noted.

## SHP42 Performance
-- content/shp/2010-11-10.md --
---
organisation: SHP
date: 2010-11-10
---

## SHP31 Anti-social behaviour
"""


def test_what_a_link_says_follows_the_anchors_and_files_it_leads_to(
    tmp_path: Path, full_builds: list[str]
):
    """A link to an anchor that the linked minutes (or its own) no longer have, or to a file
    that is not there or not published, is a warning in the linking file: an edit to either
    file changes what a quick build says, as a full build says it."""
    site = pages_only(make_site(tmp_path, LINKING_TO_ANCHORS_AND_FILES))
    linking, linked = site / "content/shp/2011-02-15.md", site / "content/shp/2010-11-10.md"
    report_file = site / "content/shp/report.pdf"

    def replace(path: Path, old: str, new: str) -> Callable[[], None]:
        return lambda: path.write_text(path.read_text("utf-8").replace(old, new), "utf-8")

    steps = [
        ("linked item renumbered", replace(linked, "## SHP31", "## SHP32"), True),
        ("linked item back", replace(linked, "## SHP32", "## SHP31"), True),
        ("own item renumbered", replace(linking, "## SHP42", "## SHP43"), True),
        ("linked item renumbered again", replace(linked, "## SHP31", "## SHP33"), True),
        ("file added", lambda: report_file.write_text("%PDF-1.4 pretend"), False),
        (
            "listed as a document",
            lambda: set_fields(linking, documents="\n  - title: Report\n    file: report.pdf"),
            False,
        ),
    ]
    said = {}
    build_site(site)
    for step, (name, change, quick) in enumerate(steps):
        full_builds.clear()
        change()
        report = build_site(site)
        assert (full_builds == []) == quick, name
        again = build_site(site, output=tmp_path / str(step), use_cache=False)
        assert rendered(report.diagnostics) == rendered(again.diagnostics), name
        assert report.published and again.published, name
        assert files_in(site / "output") == files_in(tmp_path / str(step)), name
        said[name] = [line.split(": warning: ")[1] for line in rendered(report.diagnostics)]
    missing = "the link 'report.pdf' points to a file that does not exist: content/shp/report.pdf"
    gone = "points to an anchor that the minutes in content/shp/2010-11-10.md do not have"
    assert said["linked item renumbered"] == [
        f"the link '2010-11-10.md#item-shp31' {gone}: #item-shp31",
        missing,
    ]
    assert said["linked item back"] == [missing]
    assert said["linked item renumbered again"] == [
        "the link '#item-shp42' points to an anchor that these minutes do not have: #item-shp42",
        f"the link '2010-11-10.md#item-shp31' {gone}: #item-shp31",
        missing,
    ]
    unpublished = "is not published with these minutes: content/shp/report.pdf"
    assert said["file added"][-1] == f"the link 'report.pdf' points to a file that {unpublished}"
    assert len(said["listed as a document"]) == 2  # the two anchors
    page = (site / "output/meetings/2011/02/15/shp/index.html").read_text("utf-8")
    assert '<a href="/meetings/2011/02/15/shp/report.pdf">report</a>' in page


def test_a_draft_published_is_built_from_the_outline(
    site: Path, tmp_path: Path, full_builds: list[str]
):
    target = meeting_files(site)[9]
    set_fields(target, status="draft")
    build_site(site)
    full_builds.clear()
    move(site, target, "published")
    report = quick_build_like_cold(site, tmp_path, full_builds)
    assert report.pages == build_site(site, output=tmp_path / "again", use_cache=False).pages


@pytest.mark.parametrize("how", MOVES)
def test_a_meeting_that_moves_is_built_from_the_outline(
    site: Path, tmp_path: Path, full_builds: list[str], how: str
):
    """A change to where a meeting is filed (its date, body, topics, who attended) moves it
    off the lists it was on and onto others, without loading the archive; pages it leaves
    empty go, pages it needs are made."""
    build_site(site)
    full_builds.clear()
    move(site, meeting_files(site)[9], how)
    report = quick_build_like_cold(site, tmp_path, full_builds)
    assert report.pages == build_site(site, output=tmp_path / "again", use_cache=False).pages


def test_a_meeting_moved_onto_the_page_of_another_is_reported_by_a_full_build(
    site: Path, full_builds: list[str]
):
    """Moved to the day another meeting of its body was held, it would share that meeting's
    page: the full build reports it."""
    build_site(site)
    files = meeting_files(site)
    target, other = next(
        (p, q) for p in files for q in files if p != q and body_of(p) == body_of(q)
    )
    day = re.search(r"(?m)^date: (.+)$", other.read_text("utf-8"))
    assert day is not None
    full_builds.clear()
    set_fields(target, date=day[1])
    report = build_site(site)
    assert full_builds == ["full"]
    assert not report.published
    assert any("would share one page" in line for line in rendered(report.diagnostics))


def test_pages_named_by_their_files_are_named_as_a_full_build_names_them(
    site: Path, tmp_path: Path, full_builds: list[str]
):
    """Whether a meeting's page is named by its file depends on the other meetings of its day
    (see indexes.named_after_files): after each step, the output and the problems are a cold
    build's. A quick build follows the edits it can (elsewhere, or to minutes not published),
    and leaves the rest to the full build."""
    folder = max((p for p in (site / "content").iterdir()), key=lambda p: len(list(p.iterdir())))
    earlier, target = sorted(folder.glob("*.md"))[:2]
    day, body = target.stem, body_of(target)
    morning, evening = folder / f"{day}-morning.md", folder / f"{day}-evening.md"
    pages = site / "output/meetings" / day.replace("-", "/")
    plain = folder.name  # (the corpus files each body's minutes under its slug)
    build_site(site)
    steps = [
        ("renamed, alone on its day", lambda: target.rename(morning), True),
        (
            "a second meeting that day",
            lambda: evening.write_text(
                f"---\norganisation: {body}\ndate: {day}\n---\n## 1. Evening business\n\nText.\n",
                "utf-8",
            ),
            False,
        ),
        ("its text", lambda: add_to_item(evening, "Said in the evening."), False),
        ("the meeting before", lambda: add_to_item(earlier, "Said before."), True),
        ("taken back as a draft", lambda: set_fields(evening, status="draft"), False),
        ("the draft's text", lambda: add_to_item(evening, "Drafted."), True),
        ("published", lambda: set_fields(evening, status="approved"), False),
        ("deleted", evening.unlink, False),
    ]
    named: dict[str, list[str]] = {}
    for step, (name, change, quick) in enumerate(steps):
        full_builds.clear()
        change()
        report = build_site(site)
        assert report.published, (name, rendered(report.diagnostics))
        assert (full_builds == []) == quick, name
        files, problems = cold(site, tmp_path / str(step))
        assert rendered(report.diagnostics) == problems, name
        assert files_in(site / "output") == files, name
        named[name] = sorted(p.name for p in pages.iterdir())
    assert named["renamed, alone on its day"] == [plain]
    assert named["a second meeting that day"] == [f"{plain}-evening", f"{plain}-morning"]
    assert named["taken back as a draft"] == [plain]
    assert named["published"] == [f"{plain}-evening", f"{plain}-morning"]
    assert named["deleted"] == [plain]


def _lists_by_id(lists: Lists) -> dict[str, object]:
    """The lists with each meeting named by its id (not its number, which may differ)."""
    ids = lists.ids

    def unpacked(index):
        return {slug: [(ids[n], x) for n, x in pickle.loads(kept)] for slug, kept in index.items()}

    return {
        "by_year": lists.by_year,
        "held_by": lists.held_by,
        "attended_by": unpacked(lists.attended_by),
        "by_topic": unpacked(lists.by_topic),
        "dates": lists.dates,
        "approved_at": lists.approved_at,
    }


@pytest.mark.parametrize("how", MOVES)
def test_a_meeting_moved_leaves_the_outline_a_full_build_would(
    site: Path, tmp_path: Path, full_builds: list[str], how: str
):
    """What the next quick build starts from is what a full build of the files would keep:
    the skeleton (relations, files, next meetings, topics per body) and the lists."""
    build_site(site)
    move(site, meeting_files(site)[9], how)
    full_builds.clear()
    assert build_site(site).published and full_builds == []
    store = cache.Store(site, True)
    where = str((site / "output").resolve())
    quick, quick_lists = store.load(outline_name(where)), store.load(lists_name(where), 1)
    assert build_site(site, output=tmp_path / "full").published
    where = str((tmp_path / "full").resolve())
    full, full_lists = store.load(outline_name(where)), store.load(lists_name(where), 1)
    assert quick.skeleton == full.skeleton
    assert list(quick.skeleton.by_source.items()) == list(full.skeleton.by_source.items())
    assert list(quick.sources.items()) == list(full.sources.items())
    assert (quick.placings, quick.pages) == (full.placings, full.pages)
    assert _lists_by_id(quick_lists) == _lists_by_id(full_lists)
    assert list(quick_lists.by_year) == list(full_lists.by_year)


def test_the_planner_knows_its_pages_without_planning_them(tmp_path: Path):
    """Planner.has_page, which a quick build asks of the pages a meeting leaves or joins, says
    yes to every page of the plan and no to others (400 meetings: lists split by year)."""
    root = generated_site(tmp_path / "site", 400, CORPUS_SEED)
    archive = check_site(root, drafts=False).archive
    assert archive is not None
    pages = planner(archive)
    planned = pages.plan()
    assert all(pages.has_page(ref) for ref in planned)
    assert {"organisation_year", "topic_year"} <= {ref.kind for ref in planned}
    others = {
        PageRef("meeting", ("nobody/2001-01-01",)),
        PageRef("year", (1900,)),
        PageRef("month", (min(archive.by_year), 13)),
        PageRef("organisation", ("no-such-body",)),
        PageRef("topic", ("no-such-topic",)),
        *(PageRef(ref.kind, (ref.args[0], 1900)) for ref in planned if len(ref.args) == 2),
        *(
            PageRef(f"{ref.kind}_year", (ref.args[0], min(archive.by_year)))
            for ref in planned
            if ref.kind in {"organisation", "topic"} and not pages.shows_counts_only(ref)
        ),
    }
    assert others.isdisjoint(planned)
    assert not any(pages.has_page(ref) for ref in others)


def test_meetings_moved_one_after_another_are_built_from_the_outline(
    site: Path, tmp_path: Path, full_builds: list[str]
):
    build_site(site)
    full_builds.clear()
    files = meeting_files(site)
    for n, how in enumerate([*MOVES, "date", "body", "year"]):
        move(site, files[(7 * n) % len(files)], how)
        assert build_site(site).published
    assert full_builds == []
    assert files_in(site / "output") == cold(site, tmp_path)[0]


def someone_more_present(path: Path) -> None:
    """One more person present, from an organisation already present."""
    text = path.read_text("utf-8")
    organisation = re.search(r"\n    organisation: (.+)\n", text)
    assert organisation is not None
    joined = f"\npresent:\n  - name: A. Newcomer\n    organisation: {organisation[1]}\n"
    path.write_text(text.replace("\npresent:\n", joined, 1), "utf-8")


def retitle_a_filed_item(site: Path, path: Path) -> None:
    """The heading of an item filed under a topic changed (it is still filed there)."""
    archive = check_site(site, drafts=True).archive
    assert archive is not None
    meeting = archive.by_source[path.relative_to(site).as_posix()]
    item = next(i for i in archive.meetings[meeting].items if i.topics)
    lines = path.read_text("utf-8").split("\n")
    assert lines[item.line - 1].startswith("## ")
    lines[item.line - 1] += " (revised)"
    path.write_text("\n".join(lines), "utf-8")


@pytest.mark.parametrize(
    "change", ["someone more present", "item retitled", "link", "twice", "after a text edit"]
)
def test_an_edit_to_what_lists_show_remakes_the_pages_listing_it(
    site: Path, tmp_path: Path, full_builds: list[str], change: str
):
    """Lists change, but not which meetings are on which list, nor anything the pages of the
    whole archive show: the pages that list the meeting are remade from the outline's lists,
    with the meetings they show read from the cache."""
    build_site(site)
    full_builds.clear()
    files = meeting_files(site)
    target = files[9]
    if change == "someone more present":
        someone_more_present(target)
    elif change == "item retitled":
        retitle_a_filed_item(site, target)
    elif change == "link":
        other = files[2].relative_to(target.parent.parent).as_posix()
        add_to_item(target, f"See [the earlier minutes](../{other}).")
    elif change == "twice":
        someone_more_present(target)
        assert build_site(site).published
        retitle_a_filed_item(site, files[20])
        someone_more_present(files[20])
    else:  # the quick build of the text keeps the lists for the next
        add_to_item(files[20], "A correction.")
        assert build_site(site).published
        someone_more_present(target)
    report = build_site(site)
    assert full_builds == []
    assert report.published, rendered(report.diagnostics)
    if change == "link":  # no list shows a meeting's links
        assert report.written == 1
    else:
        assert report.written >= 2  # its own page, and at least one list
    files_now, problems = cold(site, tmp_path)
    assert files_in(site / "output") == files_now
    assert rendered(report.diagnostics) == problems


def a_title_and_someone_more_present(path: Path) -> None:
    set_fields(path, title="A new title")
    someone_more_present(path)


def a_guest_from_a_body_new_to_the_archive(path: Path) -> None:
    """(The meeting moves: onto the new body's lists; see lists.moved.)"""
    text = path.read_text("utf-8")
    guest = "present:\n  - name: A. Guest\n    organisation: Visiting Body\n"
    path.write_text(text.replace("present:\n", guest, 1), "utf-8")


@pytest.mark.parametrize(
    "edit", [a_title_and_someone_more_present, a_guest_from_a_body_new_to_the_archive]
)
def test_pages_split_by_year_are_not_remade_for_what_they_do_not_show(
    tmp_path: Path, full_builds: list[str], monkeypatch: pytest.MonkeyPatch, edit
):
    """An organisation's or a topic's page split by year shows how many meetings each year
    holds, not their titles or who attended: a new title, one more person present or a guest
    from another body remake the pages that list the meeting, not those."""
    root = pages_only(generated_site(tmp_path / "site", 400, CORPUS_SEED))
    build_site(root)
    archive = check_site(root, drafts=False).archive
    assert archive is not None
    pages = planner(archive)
    split = {pages.output(ref) for ref in pages.plan() if pages.shows_counts_only(ref)}
    target, listing = next(
        (root / meeting.source, {pages.output(ref) for ref in pages.pages_listing(meeting)})
        for meeting in archive.meetings.values()
        if {pages.output(ref) for ref in pages.pages_listing(meeting)} & split
    )
    made: list[str] = []
    render_page = render.render_page
    monkeypatch.setattr(
        render, "render_page", lambda env, spec: made.append(spec.output) or render_page(env, spec)
    )
    edit(target)
    full_builds.clear()
    report = build_site(root)
    assert full_builds == []
    whole = {pages.output(ref) for ref in pages.archive_pages()}  # the title: see above
    new = {"organisations/visiting-body/index.html", "people/index.html"}
    # (the pages of the people the meeting lists, new among them: they list it)
    link = f"/meetings/{target.stem.replace('-', '/')}/{target.parent.name}/"
    output = root / "output"
    new |= {p for p in made if p.startswith("people/") and link in (output / p).read_text("utf-8")}
    whole |= {"sitemap.xml"}  # (it lists every page: a guest from a new body adds one)
    assert made and set(made) <= (listing | whole | new) - split
    files, problems = cold(root, tmp_path)
    assert files_in(root / "output") == files
    assert rendered(report.diagnostics) == problems


def test_an_organisations_page_counts_the_topics_of_its_meetings_items(
    site: Path, tmp_path: Path, full_builds: list[str]
):
    """An organisation's page names the topics most discussed at its meetings, counted from
    their items: an item no longer filed under a topic changes it, though no list of the
    meeting does (found by the random edits: a line typed between a heading and its Topics:
    line left the page as it was)."""
    build_site(site)
    full_builds.clear()
    target = next(p for p in meeting_files(site) if "\nTopics: " in p.read_text("utf-8"))
    text = target.read_text("utf-8")
    target.write_text(re.sub(r"\nTopics: [^\n]*\n", "\n", text, count=1), "utf-8")
    quick_build_like_cold(site, tmp_path, full_builds)


def test_a_guest_that_splits_an_organisations_list_by_year_and_back(
    site: Path, tmp_path: Path, full_builds: list[str], monkeypatch: pytest.MonkeyPatch
):
    """One more meeting attended makes an organisation's list long enough to be split into
    a page per year, and its own page then lists no meeting; taken back, it is one list
    again. Both are quick builds that write what a cold build does, with every year's page
    made or removed."""
    archive = check_site(site, drafts=False).archive
    assert archive is not None
    counts = {
        slug: len(archive.held_by.get(slug, ())) + len(archive.attended_by.get(slug, ()))
        for slug in archive.organisations
    }
    slug = max(counts, key=lambda s: (counts[s], s))
    monkeypatch.setattr(periods, "LIST_LIMIT", counts[slug])  # one more, and it splits
    name = archive.organisations[slug].name
    guest = next(
        site / m.source
        for m in archive.meetings.values()
        if m.organisation != slug
        and slug not in {p.organisation for p in m.attendees()}
        and not m.documents  # (a full build moves a meeting with documents: see _movable)
    )
    original = guest.read_text("utf-8")
    build_site(site)
    assert not list((site / "output/organisations" / slug).glob("*/index.html"))
    full_builds.clear()
    person = f"present:\n  - name: A. Guest\n    organisation: {name}\n"
    guest.write_text(original.replace("present:\n", person, 1), "utf-8")
    quick_build_like_cold(site, tmp_path, full_builds)
    assert list((site / "output/organisations" / slug).glob("*/index.html"))
    guest.write_text(original, "utf-8")
    shutil.rmtree(tmp_path / "cold")
    full_builds.clear()  # (the cold build's)
    quick_build_like_cold(site, tmp_path, full_builds)
    assert not list((site / "output/organisations" / slug).glob("*/index.html"))


def test_pages_split_by_year_are_remade_when_their_counts_change(
    tmp_path: Path, full_builds: list[str], monkeypatch: pytest.MonkeyPatch
):
    """A meeting moved to another year changes how many each year holds on the split pages of
    its body and of the organisations that attended it."""
    root = pages_only(generated_site(tmp_path / "site", 400, CORPUS_SEED))
    build_site(root)
    archive = check_site(root, drafts=False).archive
    assert archive is not None
    pages = planner(archive)
    split = {ref for ref in pages.plan() if pages.shows_counts_only(ref)}
    meeting = next(
        m for m in archive.meetings.values() if PageRef("organisation", (m.organisation,)) in split
    )
    made: list[str] = []
    render_page = render.render_page
    monkeypatch.setattr(
        render, "render_page", lambda env, spec: made.append(spec.output) or render_page(env, spec)
    )
    set_fields(root / meeting.source, date=f"{meeting.date.year - 3}-{meeting.date:%m-%d}")
    full_builds.clear()
    report = build_site(root)
    assert report.published, rendered(report.diagnostics)
    assert full_builds == []
    assert pages.output(PageRef("organisation", (meeting.organisation,))) in made
    files, problems = cold(root, tmp_path)
    assert files_in(root / "output") == files
    assert rendered(report.diagnostics) == problems


def approved_at_the_next_meeting(path: Path) -> None:
    """Marked approved, at its body's next meeting (which then lists the minutes it approved)."""
    held = sorted(path.parent.glob("*.md"))
    following = held[held.index(path) + 1]
    set_fields(path, status="approved", approved_at=following.stem[:10])


@pytest.mark.parametrize(
    "change", ["title", "approved", "unconfirmed", "next meeting", "approval moved"]
)
def test_an_edit_to_what_the_whole_archive_shows_remakes_its_pages_too(
    site: Path, tmp_path: Path, full_builds: list[str], change: str
):
    """The meeting stays where it is (its placing), but what the home page, the dates and the
    lists show of it changed: the pages of the whole archive are remade too, still without
    loading the archive."""
    build_site(site)
    files = meeting_files(site)
    target = next(f for f in files[9:] if max(f.parent.glob("*.md")) != f)  # not its body's last
    if change == "approval moved":  # approved at one meeting, then at another
        approved_at_the_next_meeting(target)
        assert build_site(site).published
        held = sorted(target.parent.glob("*.md"))
        following = dt.date.fromisoformat(held[held.index(target) + 1].stem[:10])
        set_fields(target, approved_at=str(following + dt.timedelta(days=1)))  # no meeting then
    full_builds.clear()
    if change == "title":
        set_fields(target, title="A meeting with a new title")
    elif change == "approved":
        approved_at_the_next_meeting(target)
    elif change == "unconfirmed":
        set_fields(target, status="unconfirmed")
    elif change == "next meeting":
        set_fields(target, next_meeting="2099-01-05")
    quick_build_like_cold(site, tmp_path, full_builds)


def test_an_edit_to_a_draft_without_drafts_writes_nothing(
    site: Path, tmp_path: Path, full_builds: list[str]
):
    target = meeting_files(site)[11]
    target.write_text(target.read_text("utf-8").replace("\n---\n", "\nstatus: draft\n---\n", 1))
    build_site(site)
    full_builds.clear()
    add_to_item(target, "Not for publication yet.")
    report = build_site(site)
    assert full_builds == []
    assert report.written == 0
    assert files_in(site / "output") == cold(site, tmp_path)[0]


def test_the_cache_keeps_one_reading_of_each_file_after_a_quick_build(site: Path):
    build_site(site)
    add_to_item(meeting_files(site)[1], "Once more.")
    build_site(site)
    entries = list((site / ".minutebook-cache" / "meetings").iterdir())
    assert len(entries) == len(meeting_files(site))


def test_a_stylesheet_edit_copies_that_file_alone_without_loading_the_archive(
    site: Path, tmp_path: Path, full_builds: list[str]
):
    stylesheet = site / "themes/default/static/style.css"
    stylesheet.parent.mkdir(parents=True)
    bundled = REPO_ROOT / "themes/default/static/style.css"
    stylesheet.write_text(bundled.read_text("utf-8"), "utf-8")
    build_site(site)
    full_builds.clear()
    stylesheet.write_text(bundled.read_text("utf-8") + "main { color: #111; }\n", "utf-8")
    report = build_site(site)
    assert full_builds == []
    assert report.written == 1
    assert (site / "output/static/style.css").read_text("utf-8").endswith("#111; }\n")
    assert files_in(site / "output") == cold(site, tmp_path)[0]


DOCUMENT_SITE = """
-- content/shp/2011-02-15.md --
---
organisation: Safer Halton Partnership
date: 2011-02-15
documents:
  - title: Hate crimes report Q3
    file: report.pdf
---
## 1. Hate crime

Text.
-- content/shp/report.pdf --
%PDF-1.4 first
"""
DOCUMENT = "output/meetings/2011/02/15/safer-halton-partnership/report.pdf"


def test_a_document_replaced_is_copied_again(tmp_path: Path, full_builds: list[str]):
    root = make_site(tmp_path, DOCUMENT_SITE)
    assert build_site(root).published
    full_builds.clear()
    (root / "content/shp/report.pdf").write_text("%PDF-1.4 second\n")
    report = build_site(root)
    assert full_builds == []
    assert report.written == 1
    assert (root / DOCUMENT).read_text() == "%PDF-1.4 second\n"


def test_a_document_replaced_by_a_link_out_of_the_content_folder_is_refused(
    tmp_path: Path, full_builds: list[str]
):
    root = make_site(tmp_path, DOCUMENT_SITE)
    secret = tmp_path / "secret.txt"
    secret.write_text("not for publication\n")
    assert build_site(root).published
    full_builds.clear()
    document = root / "content/shp/report.pdf"
    document.unlink()
    document.symlink_to(secret)
    report = build_site(root)
    assert full_builds == ["full"]
    assert not report.published
    assert any("outside the content folder" in line for line in rendered(report.diagnostics))
    assert (root / DOCUMENT).read_text() == "%PDF-1.4 first\n"


def test_a_static_file_in_a_hidden_folder_is_copied_again_when_it_changes(
    site: Path, tmp_path: Path
):
    """The snapshot leaves hidden folders out, but the theme's static/ copies them."""
    hidden = site / "themes/default/static/.well-known/security.txt"
    hidden.parent.mkdir(parents=True)
    hidden.write_text("Contact: mailto:clerk@example.org\n")
    build_site(site)
    hidden.write_text("Contact: mailto:someone.else@example.org\n")
    build_site(site)
    copy = site / "output/static/.well-known/security.txt"
    assert copy.read_text() == "Contact: mailto:someone.else@example.org\n"
    copy.write_text("Edited by hand in the output\n")  # the next build puts it right
    build_site(site)
    assert copy.read_text() == "Contact: mailto:someone.else@example.org\n"


def test_the_site_named_from_inside_or_by_its_full_path_is_the_same_site(
    site: Path, tmp_path: Path, full_builds: list[str], monkeypatch: pytest.MonkeyPatch
):
    """`minutebook build` in the site folder, then `minutebook build /full/path`: an edit to
    the text between them is still a quick one."""
    monkeypatch.chdir(site)
    assert build_site(Path()).published
    full_builds.clear()
    add_to_item(meeting_files(site)[3], "Named another way.")
    assert build_site(site).written == 1
    assert full_builds == []
    assert files_in(site / "output") == cold(site, tmp_path)[0]


def test_a_change_to_where_and_when_a_meeting_was_remakes_its_page_alone(
    site: Path, tmp_path: Path, full_builds: list[str]
):
    """Its location and time are shown on its own page only: no list is made again."""
    target = meeting_files(site)[6]
    build_site(site)
    full_builds.clear()
    text = re.sub(r"(?m)^(location|time): .*\n", "", target.read_text("utf-8"))
    added = "---\nlocation: Committee Room 2, Runcorn Town Hall\ntime: 14:30\n"
    target.write_text(added + text.removeprefix("---\n"), "utf-8")
    report = build_site(site)
    assert full_builds == []
    assert report.written == 1
    files, problems = cold(site, tmp_path)
    assert files_in(site / "output") == files
    assert rendered(report.diagnostics) == problems


def test_a_problem_in_the_front_matter_moves_with_the_lines_above_it(
    tmp_path: Path, full_builds: list[str]
):
    root = tmp_path / "site"
    shutil.copytree(FIXTURES / "warnings" / "approved-in-the-future", root)
    pages_only(root)
    first = build_site(root)
    assert [line for line in rendered(first.diagnostics) if "after today" in line]
    full_builds.clear()
    meeting = meeting_files(root)[0]
    text = meeting.read_text("utf-8")
    meeting.write_text("---\nlocation: Town Hall\n" + text.removeprefix("---\n"), "utf-8")
    report = build_site(root)
    assert full_builds == []
    assert rendered(report.diagnostics) != rendered(first.diagnostics)
    assert rendered(report.diagnostics) == cold(root, tmp_path)[1]


def test_builds_into_two_folders_each_keep_their_outline(
    site: Path, tmp_path: Path, full_builds: list[str]
):
    """`serve` builds into its own folder: a preview between two builds must not make the
    next build a full one."""
    build_site(site)
    build_site(site, output=tmp_path / "preview", drafts=True)
    full_builds.clear()
    add_to_item(meeting_files(site)[2], "Between the two.")
    assert build_site(site).written == 1
    assert full_builds == []
    assert files_in(site / "output") == cold(site, tmp_path)[0]


@pytest.mark.parametrize("damage", ["deleted", "of another build"])
def test_lists_that_do_not_match_the_outline_are_not_used(
    site: Path, tmp_path: Path, full_builds: list[str], damage: str
):
    build_site(site)
    (lists,) = (site / ".minutebook-cache" / "outlines").glob("*.lists.pickle")
    if damage == "deleted":
        lists.unlink()
    else:  # kept by a build stopped before it kept its outline: another meeting changed since
        kept = lists.read_bytes()
        someone_more_present(meeting_files(site)[3])
        build_site(site)
        lists.write_bytes(kept)
    full_builds.clear()
    someone_more_present(meeting_files(site)[9])
    report = build_site(site)
    assert full_builds == ["full"]
    assert report.published
    assert files_in(site / "output") == cold(site, tmp_path)[0]


def test_a_template_edit_keeps_the_lists_as_they_are(site: Path):
    build_site(site)
    (lists,) = (site / ".minutebook-cache" / "outlines").glob("*.lists.pickle")
    before = lists.stat().st_mtime_ns
    override = site / "themes/default/templates/404.html"
    override.parent.mkdir(parents=True)
    override.write_text("{% extends 'base.html' %}{% block main %}Lost{% endblock %}\n")
    assert build_site(site).published
    assert lists.stat().st_mtime_ns == before


def test_the_home_page_follows_the_titles_of_the_meetings_it_lists(
    site: Path, tmp_path: Path, full_builds: list[str]
):
    build_site(site)
    archive = check_site(site, drafts=False).archive
    assert archive is not None
    order = list(archive.meetings)
    newest, oldest = archive.meetings[order[-1]].source, archive.meetings[order[0]].source
    home = site / "output" / "index.html"
    before = home.stat().st_mtime_ns
    full_builds.clear()
    set_fields(site / oldest, title="An old meeting retitled")
    assert build_site(site).published
    assert home.stat().st_mtime_ns == before  # the home page does not list it
    set_fields(site / newest, title="The newest meeting retitled")
    assert build_site(site).published
    assert "The newest meeting retitled" in home.read_text("utf-8")
    assert full_builds == []
    assert files_in(site / "output") == cold(site, tmp_path)[0]


def test_with_search_an_edit_gives_a_full_builds_bytes_index_included(tmp_path: Path):
    root = make_site(
        tmp_path / "site",
        "-- minutebook.yaml --\ntitle: T\nsearch: true\n"
        + """
-- content/shp/2011-02-15.md --
---
organisation: Safer Halton Partnership
date: 2011-02-15
---

## SHP41 Skate park

The skate park was discussed.
""",
    )
    assert build_site(root).published
    source = root / "content/shp/2011-02-15.md"
    source.write_text(source.read_text("utf-8").replace("skate park was", "bowls club was"))
    assert build_site(root).published
    cold = tmp_path / "cold"
    assert build_site(root, output=cold, use_cache=False).published
    assert files_in(root / "output") == files_in(cold)
    assert any(name.startswith("pagefind/fragment/") for name in files_in(cold))


def names_present(path: Path) -> list[str]:
    return re.findall(r"\n  - name: (.+)\n", path.read_text("utf-8"))


@pytest.mark.parametrize(
    "change",
    ["respelled as another meeting writes them", "apologies", "role", "approved in words"],
)
def test_an_edit_to_who_is_who_is_built_from_the_outline_as_a_full_build_builds_it(
    site: Path, tmp_path: Path, full_builds: list[str], change: str
):
    """People are worked out from every meeting (archive/people.py): an edit to whom a meeting
    lists, or how, remakes the pages of the people it touches, of their meetings, and the A–Z,
    and removes the page of someone no longer listed; an approval written in an item links
    the two meetings (archive/indexes.relations). Still from the outline."""
    build_site(site)
    files = meeting_files(site)
    # (a meeting of a body that met before it, and more than twice)
    target = next(
        f
        for f in files[9:]
        if len(list(f.parent.glob("*.md"))) > 2 and min(f.parent.glob("*.md")) != f
    )
    others = [f for f in target.parent.glob("*.md") if f != target]
    full_builds.clear()
    text = target.read_text("utf-8")
    if change == "respelled as another meeting writes them":
        # (a name of this meeting becomes one of another meeting of the body: one fewer person)
        mine, theirs = names_present(target)[0], names_present(others[0])[0]
        target.write_text(text.replace(f"  - name: {mine}\n", f"  - name: {theirs}\n", 1))
    elif change == "apologies":
        target.write_text(text.replace("\n---\n", "\napologies:\n  - Cllr Z. Absent\n---\n", 1))
    elif change == "role":
        name = names_present(target)[0]
        target.write_text(
            text.replace(f"  - name: {name}\n", f"  - name: {name}\n    role: Treasurer\n", 1)
        )
    else:
        earlier = max(f for f in others if f.stem < target.stem)
        day = dt.date.fromisoformat(earlier.stem[:10])
        add_to_item(
            target,
            f"The minutes of the meeting held on {day.day} {day:%B} {day.year} were agreed as "
            "a correct record.",
        )
    quick_build_like_cold(site, tmp_path, full_builds)
