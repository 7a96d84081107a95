"""The archive's indexes: what is published, neighbours, approvals, topics, and collisions."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

import pytest

from conftest import build_site, make_site, rendered
from minutebook.archive.indexes import ItemRef, build_archive, list_size
from minutebook.core.model import (
    AgendaItem,
    Meeting,
    MeetingId,
    OrganisationSlug,
    SiteConfig,
    Status,
    Topic,
    TopicSlug,
)
from minutebook.incremental.lists import Restored

CONFIG = SiteConfig(title="Test minutes")
TODAY = dt.date(2026, 1, 1)


def meeting(
    organisation: str,
    day: str,
    *,
    status: Status = Status.APPROVED,
    approved_at: str | None = None,
    source: str | None = None,
    items: tuple[AgendaItem, ...] = (),
    topics: tuple[str, ...] = (),
) -> Meeting:
    date = dt.date.fromisoformat(day)
    return Meeting(
        id=MeetingId(f"{organisation}/{day}"),
        source=source or f"content/{organisation}/{day}.md",
        organisation=OrganisationSlug(organisation),
        date=date,
        status=status,
        approved_at=dt.date.fromisoformat(approved_at) if approved_at else None,
        items=items,
        topics=tuple(TopicSlug(t) for t in topics),
    )


def item(number: str, *topics: str) -> AgendaItem:
    return AgendaItem(
        number=number,
        title=f"Item {number}",
        anchor=f"item-{number}",
        html="",
        line=1,
        topics=tuple(TopicSlug(t) for t in topics),
    )


def archive_of(*meetings: Meeting, drafts: bool = False):
    archive, problems = build_archive(CONFIG, meetings, drafts=drafts, build_date=TODAY)
    return archive, rendered(problems)


# -- what is published --------------------------------------------------------------------------


def test_drafts_are_left_out_of_every_index():
    archive, problems = archive_of(
        meeting("shp", "2011-02-15", items=(item("1", "funding"),)),
        meeting("shp", "2011-04-20", status=Status.DRAFT, items=(item("1", "funding"),)),
    )
    assert problems == []
    assert list(archive.meetings) == ["shp/2011-02-15"]
    assert archive.by_year == {2011: ("shp/2011-02-15",)}
    assert archive.held_by == {"shp": ("shp/2011-02-15",)}
    assert archive.by_topic == {"funding": (ItemRef(MeetingId("shp/2011-02-15"), "item-1"),)}
    assert archive.next == {}


def test_drafts_are_included_when_asked_for():
    archive, _ = archive_of(
        meeting("shp", "2011-02-15"),
        meeting("shp", "2011-04-20", status=Status.DRAFT),
        drafts=True,
    )
    assert list(archive.meetings) == ["shp/2011-02-15", "shp/2011-04-20"]


def test_unconfirmed_minutes_are_published():
    archive, _ = archive_of(meeting("shp", "2011-02-15", status=Status.UNCONFIRMED))
    assert list(archive.meetings) == ["shp/2011-02-15"]


def test_a_draft_is_not_built_into_the_site(tmp_path):
    root = make_site(
        tmp_path,
        """
        -- content/shp/2011-04-20.md --
        ---
        organisation: Safer Halton Partnership
        date: 2011-04-20
        status: draft
        ---
        ## 1. Secret budget
        """,
    )
    report = build_site(root)
    assert report.published
    assert not (root / "output/meetings/2011").exists()
    assert "Secret budget" not in (root / "output/index.html").read_text("utf-8")
    report = build_site(root, drafts=True)
    page = root / "output/meetings/2011/04/20/safer-halton-partnership/index.html"
    assert "DRAFT" in page.read_text("utf-8")


# -- order and neighbours -----------------------------------------------------------------------


def test_meetings_are_oldest_first_and_each_body_newest_first():
    archive, _ = archive_of(
        meeting("shp", "2019-10-16"),
        meeting("hbc", "2011-03-01"),
        meeting("shp", "2011-02-15"),
    )
    assert list(archive.meetings) == ["shp/2011-02-15", "hbc/2011-03-01", "shp/2019-10-16"]
    assert archive.held_by["shp"] == ("shp/2019-10-16", "shp/2011-02-15")
    assert archive.by_year == {
        2011: ("shp/2011-02-15", "hbc/2011-03-01"),
        2019: ("shp/2019-10-16",),
    }


def test_previous_and_next_stay_within_one_body():
    archive, _ = archive_of(
        meeting("shp", "2011-02-15"),
        meeting("hbc", "2011-03-01"),
        meeting("shp", "2011-04-20"),
        meeting("shp", "2019-10-16"),
    )
    assert archive.previous == {
        "shp/2011-04-20": "shp/2011-02-15",
        "shp/2019-10-16": "shp/2011-04-20",
    }
    assert archive.next == {
        "shp/2011-02-15": "shp/2011-04-20",
        "shp/2011-04-20": "shp/2019-10-16",
    }


# -- approvals ----------------------------------------------------------------------------------


def test_approved_at_links_both_ways():
    archive, _ = archive_of(
        meeting("shp", "2011-02-15", approved_at="2011-04-20"),
        meeting("shp", "2011-04-20"),
    )
    assert archive.approved_by == {"shp/2011-02-15": "shp/2011-04-20"}
    assert archive.approves == {"shp/2011-04-20": ("shp/2011-02-15",)}


def test_approved_at_only_links_a_meeting_of_the_same_body():
    archive, _ = archive_of(
        meeting("shp", "2011-02-15", approved_at="2011-04-20"),
        meeting("hbc", "2011-04-20"),
    )
    assert archive.approved_by == {}
    assert archive.approves == {}


def test_approval_links_appear_on_both_meeting_pages(tmp_path):
    root = make_site(
        tmp_path,
        """
-- content/shp/2011-02-15.md --
---
organisation: Safer Halton Partnership
date: 2011-02-15
approved_at: 2011-04-20
---
-- content/shp/2011-04-20.md --
---
organisation: Safer Halton Partnership
date: 2011-04-20
---
""",
    )
    assert build_site(root).published
    meetings = root / "output/meetings/2011"
    february = (meetings / "02/15/safer-halton-partnership/index.html").read_text("utf-8")
    april = (meetings / "04/20/safer-halton-partnership/index.html").read_text("utf-8")
    assert 'at the meeting of <a href="/meetings/2011/04/20/safer-halton-partnership/">' in february
    assert "Minutes approved at this meeting" in april
    assert 'href="/meetings/2011/02/15/safer-halton-partnership/"' in april


# -- topics -------------------------------------------------------------------------------------


def test_the_topic_index_lists_items_newest_meeting_first():
    archive, _ = archive_of(
        meeting("shp", "2011-02-15", items=(item("41", "drugs"), item("45", "drugs"))),
        meeting("shp", "2019-10-16", items=(item("5", "drugs"),), topics=("drugs",)),
    )
    assert archive.by_topic["drugs"] == (
        ItemRef(MeetingId("shp/2019-10-16"), None),
        ItemRef(MeetingId("shp/2019-10-16"), "item-5"),
        ItemRef(MeetingId("shp/2011-02-15"), "item-41"),
        ItemRef(MeetingId("shp/2011-02-15"), "item-45"),
    )


def test_organisation_topics_count_items_most_discussed_first():
    config = replace(
        CONFIG,
        topics=(Topic(TopicSlug("alcohol"), "Alcohol"), Topic(TopicSlug("asb"), "ASB")),
    )
    archive, _ = build_archive(
        config,
        [meeting("shp", "2011-02-15", items=(item("1", "alcohol"), item("2", "alcohol", "asb")))],
        drafts=False,
        build_date=TODAY,
    )
    assert archive.organisation_topics(OrganisationSlug("shp")) == [("alcohol", 2), ("asb", 1)]


# -- collisions ---------------------------------------------------------------------------------


def test_two_files_for_one_meeting_are_errors_naming_both_files():
    _, problems = archive_of(
        meeting("shp", "2011-02-15", source="content/shp/2011-02-15.md"),
        meeting("shp", "2011-02-15", source="content/shp/copy of 2011-02-15.md"),
    )
    message = (
        "error: two meetings on 2011-02-15 would share one page "
        "(shp): content/shp/2011-02-15.md, content/shp/copy of 2011-02-15.md"
    )
    assert problems == [
        f"content/shp/2011-02-15.md: {message}",
        f"content/shp/copy of 2011-02-15.md: {message}",
    ]


def test_a_same_day_collision_stops_the_build_and_names_both_files(tmp_path):
    body = "---\norganisation: Safer Halton Partnership\ndate: 2011-02-15\n---\n## 1. Budget\n"
    root = make_site(
        tmp_path,
        f"-- content/shp/2011-02-15.md --\n{body}-- content/shp/2011-02-15-copy.md --\n{body}",
    )
    report = build_site(root)
    assert not report.published
    assert not (root / "output").exists()
    message = (
        "error: two meetings on 2011-02-15 would share one page "
        "(safer-halton-partnership): content/shp/2011-02-15-copy.md, "
        "content/shp/2011-02-15.md"
    )
    assert rendered(report.diagnostics) == [
        f"content/shp/2011-02-15-copy.md:2:1: {message}",
        f"content/shp/2011-02-15.md:2:1: {message}",
    ]


def test_two_meetings_on_one_day_with_their_own_slugs_both_get_pages(tmp_path):
    head = "---\norganisation: Safer Halton Partnership\ndate: 2011-02-15\n"
    root = make_site(
        tmp_path,
        f"-- content/a.md --\n{head}slug: morning\n---\n"
        f"-- content/b.md --\n{head}slug: evening\n---\n",
    )
    assert build_site(root).published
    day = root / "output/meetings/2011/02/15"
    assert sorted(p.name for p in day.iterdir()) == [
        "safer-halton-partnership-evening",
        "safer-halton-partnership-morning",
    ]


# -- a second meeting on the same day, named by its file ----------------------------------------

SHP_ON_23 = (
    "---\norganisation: Safer Halton Partnership\ndate: 2009-02-23\n{more}---\n## 1. {title}\n"
)
DAY_23 = "meetings/2009/02/23"


def day_site(tmp_path, *files: str, more: dict[str, str] | None = None):
    """A site of Safer Halton Partnership meetings on 23 February 2009, one a file name, each
    with its file's number in the first item's title."""
    more = more or {}
    return make_site(
        tmp_path,
        "".join(
            f"-- content/shp/{name} --\n"
            + SHP_ON_23.format(more=more.get(name, ""), title=f"Minutes from file {number}")
            for number, name in enumerate(files)
        ),
    )


def pages_of_the_day(root) -> dict[str, str]:
    """Each meeting page of the day: its folder → the file its minutes come from."""
    files = sorted((root / "content/shp").rglob("*.md"))
    numbered = {}
    for file in files:
        found = re.search(r"Minutes from file (\d+)", file.read_text("utf-8"))
        assert found is not None
        numbered[found[1]] = file.relative_to(root / "content/shp").as_posix()
    day = root / "output" / DAY_23
    pages = {}
    for page in sorted(day.iterdir()):
        found = re.search(r"Minutes from file (\d+)", (page / "index.html").read_text("utf-8"))
        assert found is not None
        pages[page.name] = numbered[found[1]]
    return pages


@pytest.mark.parametrize(
    ("second", "page"),
    [
        ("2009-02-23-evening.md", "safer-halton-partnership-evening"),
        ("2009-02-23-2.md", "safer-halton-partnership-2"),
        ("2009-02-23_Extraordinary Meeting.md", "safer-halton-partnership-extraordinary-meeting"),
        ("2009-02-23-Ärztekammer.md", "safer-halton-partnership-arztekammer"),
    ],
)
def test_a_second_meeting_that_day_is_named_by_what_follows_the_date_in_its_file_name(
    tmp_path, second: str, page: str
):
    """The first meeting of the day, named by the date alone, keeps its page."""
    root = day_site(tmp_path, "2009-02-23.md", second)
    report = build_site(root)
    assert rendered(report.diagnostics) == []
    assert pages_of_the_day(root) == {
        "safer-halton-partnership": "2009-02-23.md",
        page: second,
    }
    month = (root / "output/meetings/2009/02/index.html").read_text("utf-8")
    assert f'href="/{DAY_23}/safer-halton-partnership/"' in month
    assert f'href="/{DAY_23}/{page}/"' in month


def test_a_meeting_alone_on_its_day_keeps_its_page_whatever_its_file_is_called(tmp_path):
    root = day_site(tmp_path, "2009-02-23-evening.md")
    assert rendered(build_site(root).diagnostics) == []
    assert pages_of_the_day(root) == {"safer-halton-partnership": "2009-02-23-evening.md"}


def test_three_meetings_of_a_day_named_by_their_files(tmp_path):
    root = day_site(tmp_path, "2009-02-23-morning.md", "2009-02-23-2.md", "2009-02-23-evening.md")
    assert rendered(build_site(root).diagnostics) == []
    assert pages_of_the_day(root) == {
        "safer-halton-partnership-2": "2009-02-23-2.md",
        "safer-halton-partnership-evening": "2009-02-23-evening.md",
        "safer-halton-partnership-morning": "2009-02-23-morning.md",
    }


def test_a_slug_still_names_its_meeting_and_the_others_are_named_by_their_files(tmp_path):
    root = day_site(
        tmp_path,
        "2009-02-23.md",
        "2009-02-23-agm.md",
        "2009-02-23-evening.md",
        more={"2009-02-23-agm.md": "slug: annual\n"},
    )
    assert rendered(build_site(root).diagnostics) == []
    assert pages_of_the_day(root) == {
        "safer-halton-partnership": "2009-02-23.md",
        "safer-halton-partnership-annual": "2009-02-23-agm.md",
        "safer-halton-partnership-evening": "2009-02-23-evening.md",
    }


def test_with_one_slug_given_the_other_meeting_keeps_its_page(tmp_path):
    """As before: only one meeting of the day without a slug keeps the day's page."""
    root = day_site(
        tmp_path,
        "2009-02-23-morning.md",
        "2009-02-23-evening.md",
        more={"2009-02-23-evening.md": "slug: evening\n"},
    )
    assert rendered(build_site(root).diagnostics) == []
    assert pages_of_the_day(root) == {
        "safer-halton-partnership": "2009-02-23-morning.md",
        "safer-halton-partnership-evening": "2009-02-23-evening.md",
    }


def test_a_draft_names_the_meetings_of_its_day_only_once_it_is_published(tmp_path):
    """The published site's addresses change only when what is published does; a --drafts
    preview shows the addresses the meetings will have."""
    draft = {"2009-02-23-evening.md": "status: draft\n"}
    root = day_site(tmp_path, "2009-02-23-morning.md", "2009-02-23-evening.md", more=draft)
    assert rendered(build_site(root).diagnostics) == []
    assert pages_of_the_day(root) == {"safer-halton-partnership": "2009-02-23-morning.md"}
    assert rendered(build_site(root, drafts=True).diagnostics) == []
    assert pages_of_the_day(root) == {
        "safer-halton-partnership-evening": "2009-02-23-evening.md",
        "safer-halton-partnership-morning": "2009-02-23-morning.md",
    }


def test_confidential_minutes_never_change_the_name_of_another_meeting(tmp_path):
    secret = {"2009-02-23-evening.md": "confidential: true\n"}
    root = day_site(tmp_path, "2009-02-23-morning.md", "2009-02-23-evening.md", more=secret)
    assert rendered(build_site(root, drafts=True).diagnostics) == []
    assert pages_of_the_day(root) == {"safer-halton-partnership": "2009-02-23-morning.md"}


def test_links_and_neighbours_lead_to_the_pages_named_by_their_files(tmp_path):
    root = make_site(
        tmp_path,
        f"""
-- content/shp/2009-01-19.md --
---
organisation: Safer Halton Partnership
date: 2009-01-19
---
## 1. Next time

See the [evening meeting's minutes](2009-02-23-evening.md#item-1).
-- content/shp/2009-02-23.md --
{SHP_ON_23.format(more="", title="Morning")}
-- content/shp/2009-02-23-evening.md --
{SHP_ON_23.format(more="", title="Evening")}
""",
    )
    assert rendered(build_site(root).diagnostics) == []
    january = (root / "output/meetings/2009/01/19/safer-halton-partnership/index.html").read_text()
    assert f'href="/{DAY_23}/safer-halton-partnership-evening/#item-1"' in january
    evening = (root / "output" / DAY_23 / "safer-halton-partnership-evening/index.html").read_text()
    assert f'href="/{DAY_23}/safer-halton-partnership/"' in evening  # the one before it


@pytest.mark.parametrize(
    "second",
    ["2009-02-23 (copy).md", "2009-02-23 - Copy.md", "2009-02-23-copy.md", "copy/2009-02-23.md"],
)
def test_a_copy_of_the_file_is_no_second_meeting(tmp_path, second: str):
    root = day_site(tmp_path, "2009-02-23.md", second)
    report = build_site(root)
    assert not report.published
    files = sorted([f"content/shp/{second}", "content/shp/2009-02-23.md"])
    message = (
        "error: two meetings on 2009-02-23 would share one page (safer-halton-partnership): "
        + ", ".join(files)
    )
    assert rendered(report.diagnostics) == [f"{file}:2:1: {message}" for file in files]


def test_file_names_that_cannot_tell_two_meetings_apart_are_errors_saying_how_to_fix_them(
    tmp_path,
):
    root = day_site(tmp_path, "2009-02-23.md", "2009-02-23-evening.md", "2009-02-23_Evening.md")
    report = build_site(root)
    assert not report.published
    message = (
        "error: two meetings on 2009-02-23 would share one page "
        "(safer-halton-partnership-evening): "
        "content/shp/2009-02-23-evening.md, content/shp/2009-02-23_Evening.md"
    )
    assert rendered(report.diagnostics) == [
        f"content/shp/2009-02-23-evening.md:2:1: {message}",
        f"content/shp/2009-02-23_Evening.md:2:1: {message}",
    ]
    assert {problem.fix for problem in report.diagnostics} == {
        "if the body met twice that day, end one file's name with what sets that meeting apart "
        "(e.g. 2009-02-23-evening.md) or give it a slug of its own (e.g. slug: evening); "
        "if one file is a copy, delete it"
    }


def test_a_name_from_a_file_and_a_slug_that_are_the_same_are_an_error(tmp_path):
    root = day_site(
        tmp_path,
        "2009-02-23.md",
        "2009-02-23-evening.md",
        "2009-02-23-late.md",
        more={"2009-02-23-late.md": "slug: evening\n"},
    )
    report = build_site(root)
    assert not report.published
    assert [line.split(": ", 1)[0] for line in rendered(report.diagnostics)] == [
        "content/shp/2009-02-23-evening.md:2:1",
        "content/shp/2009-02-23-late.md:2:1",
    ]


def test_the_fix_for_two_meetings_on_one_page_is_spaced_as_a_sentence(tmp_path):
    root = day_site(tmp_path, "2009-02-23.md", "2009-02-23 (copy).md")
    report = build_site(root)
    assert report.diagnostics
    for problem in report.diagnostics:
        assert "  " not in problem.fix
        assert "slug: evening" in problem.fix
        assert "2009-02-23-evening.md" in problem.fix


def test_two_meetings_that_map_to_one_page_url_are_errors_naming_both_files(tmp_path):
    root = make_site(
        tmp_path,
        """
-- content/halton/2011-02-15.md --
---
organisation: Halton
date: 2011-02-15
slug: housing
---
-- content/halton-housing/2011-02-15.md --
---
organisation: Halton Housing
date: 2011-02-15
---
""",
    )
    report = build_site(root)
    assert not report.published
    problems = "\n".join(rendered(report.diagnostics))
    assert "content/halton/2011-02-15.md" in problems
    assert "content/halton-housing/2011-02-15.md" in problems


def test_two_documents_with_the_same_name_are_an_error_not_a_crash(tmp_path):
    root = make_site(
        tmp_path,
        """
-- content/2011-02-15.md --
---
organisation: Halton
date: 2011-02-15
documents:
  - title: Report A
    file: a/report.pdf
  - title: Report B
    file: b/report.pdf
---
-- content/a/report.pdf --
A
-- content/b/report.pdf --
B
""",
    )
    report = build_site(root)
    assert not report.published
    assert any("report.pdf" in line for line in rendered(report.diagnostics))


def test_a_document_called_index_html_is_an_error_not_a_crash(tmp_path):
    root = make_site(
        tmp_path,
        """
-- content/2011-02-15.md --
---
organisation: Halton
date: 2011-02-15
documents:
  - title: Old page
    file: index.html
---
-- content/index.html --
<p>old</p>
""",
    )
    report = build_site(root)
    assert not report.published
    assert any("index.html" in line for line in rendered(report.diagnostics))


def test_minutes_approved_at_their_own_meeting_do_not_link_to_themselves():
    archive, problems = archive_of(meeting("shp", "2011-02-15", approved_at="2011-02-15"))
    assert problems == []
    assert archive.approved_by == {}
    assert archive.approves == {}


def test_a_list_size_is_its_length_without_making_the_list():
    made: list[str] = []

    def make(key: str, plain: tuple[int, ...]) -> list[int]:
        made.append(key)
        return list(plain)

    plain = {"a": (1, 2, 3), "b": ()}
    lists = Restored(plain, make, measure=len)
    assert [list_size(lists, key) for key in ("a", "b", "absent")] == [3, 0, 0]
    assert made == []
    assert list_size(lists, "a") == len(lists["a"]) == 3  # made now: measured by its length
    assert list_size({"a": [1, 2]}, "a") == 2 and list_size({}, "a") == 0
