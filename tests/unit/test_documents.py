"""Documents beside the minutes are copied next to the meeting page; links stay links."""

from __future__ import annotations

import pytest

from conftest import build_site, make_site, rendered

MEETING = """
-- content/shp/2011-02-15.md --
---
organisation: Safer Halton Partnership
date: 2011-02-15
documents:
  - title: Hate crimes report Q3
    file: {file}
  - title: Supporting People to Live a Drug Free Life
    url: https://www.gov.uk/
---
## 1. Hate crime
"""
FOLDER = "output/meetings/2011/02/15/safer-halton-partnership"


def test_a_document_is_copied_beside_the_meeting_page_and_linked(tmp_path):
    root = make_site(
        tmp_path,
        MEETING.format(file="hate-crimes-q3.pdf")
        + "-- content/shp/hate-crimes-q3.pdf --\n%PDF-1.4 pretend\n",
    )
    assert build_site(root).published
    assert (root / FOLDER / "hate-crimes-q3.pdf").read_bytes() == b"%PDF-1.4 pretend\n"
    html = (root / FOLDER / "index.html").read_text("utf-8")
    assert (
        '<a href="/meetings/2011/02/15/safer-halton-partnership/hate-crimes-q3.pdf">'
        "Hate crimes report Q3</a>"
    ) in html
    assert '<a href="https://www.gov.uk/" rel="external">' in html


def test_a_missing_document_names_the_document_line(tmp_path):
    root = make_site(tmp_path, MEETING.format(file="hate-crimes-q3.pdf"))
    report = build_site(root)
    assert not report.published
    assert rendered(report.diagnostics) == [
        "content/shp/2011-02-15.md:5:5: error: the document file "
        "'content/shp/hate-crimes-q3.pdf' does not exist"
    ]


@pytest.mark.parametrize(
    "target",
    [
        "../secret.txt",  # outside the site
        "site/minutebook.yaml",  # inside the site, outside content/
        "site/.git/config",  # a hidden folder of the site
        "site/content/.private/minutes.pdf",  # a hidden folder of content/
    ],
)
def test_a_document_linked_to_a_file_outside_the_content_folder_is_refused(tmp_path, target):
    root = make_site(tmp_path, MEETING.format(file="report.pdf"))
    secret = tmp_path / target
    secret.parent.mkdir(parents=True, exist_ok=True)
    if not secret.exists():
        secret.write_text("not for publication")
    (root / "content/shp/report.pdf").symlink_to(secret)
    report = build_site(root)
    assert not report.published
    assert rendered(report.diagnostics) == [
        "content/shp/2011-02-15.md:5:5: error: the document file 'content/shp/report.pdf' "
        "is a link to a file outside the content folder"
    ]
    assert not (root / "output").exists()


def test_a_document_linked_to_another_file_in_content_is_published(tmp_path):
    root = make_site(
        tmp_path, MEETING.format(file="report.pdf") + "-- content/papers/r.pdf --\n%PDF r\n"
    )
    (root / "content/shp/report.pdf").symlink_to(root / "content/papers/r.pdf")
    report = build_site(root)
    assert report.published, rendered(report.diagnostics)
    page = root / "output/meetings/2011/02/15/safer-halton-partnership/report.pdf"
    assert page.read_bytes() == b"%PDF r\n"


def test_document_names_are_case_sensitive(tmp_path):
    root = make_site(
        tmp_path,
        MEETING.format(file="Report.PDF") + "-- content/shp/report.pdf --\n%PDF\n",
    )
    report = build_site(root)
    assert not report.published
    assert "'content/shp/Report.PDF' does not exist" in rendered(report.diagnostics)[0]
