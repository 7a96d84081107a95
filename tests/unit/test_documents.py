"""Documents beside the minutes are copied next to the meeting page; links stay links."""

from __future__ import annotations

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


def test_a_document_linked_to_a_file_outside_the_site_is_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("not for publication")
    root = make_site(tmp_path, MEETING.format(file="report.pdf"))
    (root / "content/shp/report.pdf").symlink_to(secret)
    report = build_site(root)
    assert not report.published
    assert rendered(report.diagnostics) == [
        "content/shp/2011-02-15.md:5:5: error: the document file 'content/shp/report.pdf' "
        "is a link to a file outside the site"
    ]
    assert not (root / "output").exists()


def test_document_names_are_case_sensitive(tmp_path):
    root = make_site(
        tmp_path,
        MEETING.format(file="Report.PDF") + "-- content/shp/report.pdf --\n%PDF\n",
    )
    report = build_site(root)
    assert not report.published
    assert "'content/shp/Report.PDF' does not exist" in rendered(report.diagnostics)[0]
