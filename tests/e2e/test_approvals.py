"""Approvals written in the minutes (issue #23): the item that approves earlier minutes links to
that meeting when it is in the archive, and the earlier meeting's page says where it was
approved, without an `approved_at:` field; an explicit `approved_at:` always wins; a day with
no meeting is left as the words say it. Quick builds follow edits to the words."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from conftest import build_site, files_in, make_site, rendered
from minutebook.core.model import AgendaItem
from minutebook.reading.approvals import approval_in, dates_in

BODY = """
-- content/shp/2010-11-10.md --
---
organisation: SHP
date: 2010-11-10
---
## 1. Budget

Agreed.
-- content/shp/2011-01-12.md --
---
organisation: SHP
date: 2011-01-12
---
## 1. Minutes of the last meeting

The minutes of the last meeting held on 10th November 2010 were agreed as a correct record.
-- content/shp/2011-03-09.md --
---
organisation: SHP
date: 2011-03-09
---
## 1. Minutes

Minutes from 12 January 2011 agreed with the addition of Cllr Wright to the apologies.

## 2. Budget

The meeting held on 10th November 2010 had asked for a report.
"""

FIRST = "meetings/2010/11/10/shp/index.html"
SECOND = "meetings/2011/01/12/shp/index.html"
THIRD = "meetings/2011/03/09/shp/index.html"


@pytest.mark.parametrize(
    ("words", "days"),
    [
        (
            "The minutes of the last meeting held on 10th November 2010 were agreed as a correct "
            "record.",
            [dt.date(2010, 11, 10)],
        ),
        ("Minutes from 17th July 2019 agreed with the addition of …", [dt.date(2019, 7, 17)]),
        ("The minutes of the previous meeting were confirmed and signed as a true record.", []),
        ("The minutes were approved subject to the following amendment: none.", []),
    ],
)
def test_the_common_wordings_approve_earlier_minutes(words, days):
    item = AgendaItem("1", "Minutes", "item-1", f"<p>{words}</p>", 1)
    approval = approval_in([item], dt.date(2020, 1, 1))
    assert approval is not None and list(approval.dates) == days


def test_words_that_approve_nothing_are_no_approval():
    for words in ("The minutes of the subgroup were noted.", "It was agreed to sign the lease."):
        item = AgendaItem("1", "Reports", "item-1", f"<p>{words}</p>", 1)
        assert approval_in([item], dt.date(2020, 1, 1)) is None


def test_dates_as_uk_minutes_write_them():
    assert dates_in("on 10th of November, 2010 and 3/2/2011; not 31st June 2011") == [
        dt.date(2010, 11, 10),
        dt.date(2011, 2, 3),
    ]


def approved_line(html: str) -> str:
    return re.search(r"<dt>Approved</dt><dd>(.*?)</dd>", html).group(1)


def test_the_approving_item_and_the_approved_minutes_link_both_ways(tmp_path: Path):
    root = make_site(tmp_path, BODY)
    report = build_site(root)
    assert report.published and rendered(report.diagnostics) == []
    output = root / "output"
    first, second, third = ((output / p).read_text("utf-8") for p in (FIRST, SECOND, THIRD))
    assert '<a href="/meetings/2011/01/12/shp/">' in approved_line(first)
    assert '<a href="/meetings/2011/03/09/shp/">' in approved_line(second)
    assert re.search(
        r'Approves the minutes of:</strong> <a href="/meetings/2010/11/10/shp/">', second
    )
    assert re.search(
        r'Approves the minutes of:</strong> <a href="/meetings/2011/01/12/shp/">', third
    )


def test_an_explicit_approved_at_wins_and_a_day_without_a_meeting_is_no_link(tmp_path: Path):
    files = BODY.replace("date: 2010-11-10\n", "date: 2010-11-10\napproved_at: 2011-03-09\n")
    files = files.replace("12 January 2011", "1st December 2010")
    root = make_site(tmp_path, files)
    report = build_site(root)
    assert report.published and rendered(report.diagnostics) == []
    output = root / "output"
    first, second, third = ((output / p).read_text("utf-8") for p in (FIRST, SECOND, THIRD))
    assert '<a href="/meetings/2011/03/09/shp/">' in approved_line(first)
    assert "Approves the minutes of" not in second
    assert "<dt>Approved</dt>" not in second  # (1st December 2010: no meeting of the archive)
    assert "1st December 2010 agreed" in third and "Approves the minutes of" not in third


def test_a_quick_build_follows_the_words_as_a_full_build_does(tmp_path: Path):
    root = make_site(tmp_path, BODY)
    build_site(root)
    second = root / "content/shp/2011-01-12.md"
    second.write_text(
        second.read_text("utf-8").replace("were agreed as a correct", "were noted as a")
    )
    assert build_site(root).published
    quick = files_in(root / "output")
    assert "Approves the minutes of" not in (root / "output" / SECOND).read_text("utf-8")
    assert "<dt>Approved</dt>" not in (root / "output" / FIRST).read_text("utf-8")
    assert build_site(root, use_cache=False).published
    assert files_in(root / "output") == quick
