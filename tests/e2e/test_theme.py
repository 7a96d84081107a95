"""The default theme's promises, checked in the built HTML without a browser: the accessibility
statement, what every page's head carries, page weight, and overriding the theme."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import build_site, make_site, rendered

REPO = Path(__file__).resolve().parents[2]
MEETING = """
-- content/shp/2011-02-15.md --
---
organisation: Safer Halton Partnership
date: 2011-02-15
---
## SHP38 Welcome
"""
STATEMENT = "output/accessibility/index.html"


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join("".join(parser.parts).split())


def built(tmp_path: Path, files: str) -> Path:
    root = make_site(tmp_path, files)
    report = build_site(root)
    assert report.published, rendered(report.diagnostics)
    return root / "output"


# -- the accessibility statement ------------------------------------------------------------------


def test_every_page_links_to_the_accessibility_statement(tmp_path):
    output = built(tmp_path, MEETING)
    pages = sorted(output.rglob("*.html"))
    assert len(pages) > 5
    for page in pages:
        assert '<a href="/accessibility/">Accessibility statement</a>' in page.read_text("utf-8")


def test_the_default_statement_is_complete_without_any_configuration(tmp_path):
    output = built(tmp_path, MEETING)
    text = visible_text((output / "accessibility/index.html").read_text("utf-8"))
    assert "Accessibility statement for Test minutes" in text
    assert "This accessibility statement applies to Test minutes." in text
    assert "fully compliant with the Web Content Accessibility Guidelines version 2.2 AA" in text
    assert "Equality and Human Rights Commission (EHRC)" in text
    assert "We are committed to making this website accessible" in text
    assert "Email:" not in text
    assert "Preparation of this accessibility statement" not in text


def test_the_statement_shows_the_configured_contacts_dates_and_known_problems(tmp_path):
    output = built(
        tmp_path,
        MEETING
        + """
-- minutebook.yaml --
title: Halton minutes
base_url: https://example.org/minutes/
accessibility:
  organisation: Halton Borough Council
  email: access@example.org
  phone: 0151 907 8300
  prepared: 2025-09-01
  last_reviewed: 2025-11-03
  known_issues:
    - Some older documents are scanned PDF files without text.
  enforcement: The Equality Commission for Northern Ireland enforces the regulations.
""",
    )
    html = (output / "accessibility/index.html").read_text("utf-8")
    text = visible_text(html)
    assert "applies to Halton minutes, at https://example.org/minutes/." in text
    assert "This website is run by Halton Borough Council." in text
    assert '<a href="mailto:access@example.org">access@example.org</a>' in html
    assert '<a href="tel:01519078300">0151 907 8300</a>' in html
    assert "<li>Some older documents are scanned PDF files without text.</li>" in html
    assert "partially compliant" in text
    assert "The Equality Commission for Northern Ireland enforces the regulations." in text
    assert "EHRC" not in text
    assert (
        'This statement was prepared on <time datetime="2025-09-01">1 September 2025</time>.'
        in html
    )
    assert 'It was last reviewed on <time datetime="2025-11-03">3 November 2025</time>.' in html
    assert '<a href="/minutes/accessibility/">' in (output / "index.html").read_text("utf-8")


@pytest.mark.parametrize("field", ["organisation", "known_issues"])
def test_text_in_the_statement_is_escaped(tmp_path, field):
    value = "<script>alert(1)</script>"
    config = f"title: x\naccessibility:\n  {field}: " + (
        f'["{value}"]' if field == "known_issues" else f'"{value}"'
    )
    output = built(tmp_path, MEETING + f"-- minutebook.yaml --\n{config}\n")
    html = (output / "accessibility/index.html").read_text("utf-8")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
