"""The default theme's promises, checked in the built HTML without a browser: the accessibility
statement, what every page's head carries, page weight, and overriding the theme."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import build_site, make_site, rendered, visible_text

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


# -- every page of the sample site ----------------------------------------------------------------


class _Head(HTMLParser):
    """The parts of a page a search engine, a social card or a screen reader looks for first."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.title = ""
        self.times: list[tuple[str, str]] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        if tag in ("title", "time"):
            self._in = tag
            if tag == "time":
                self.times.append((dict(attrs).get("datetime") or "", ""))

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "title":
            self.title += data
        elif self._in == "time":
            self.times[-1] = (self.times[-1][0], self.times[-1][1] + data)

    def meta(self, key: str) -> list[str]:
        return [
            a.get("content", "")
            for t, a in self.tags
            if t == "meta" and key in (a.get("name"), a.get("property"))
        ]

    def count(self, tag: str) -> int:
        return sum(t == tag for t, _ in self.tags)


def head_of(path: Path) -> _Head:
    parser = _Head()
    parser.feed(path.read_text("utf-8"))
    return parser


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("sample") / "output"
    report = build_site(REPO, output=output)
    assert report.published, rendered(report.diagnostics)
    return output


def test_every_page_has_a_useful_title_description_canonical_and_open_graph_tags(sample):
    titles: dict[str, str] = {}
    for path in sorted(sample.rglob("*.html")):
        name = path.relative_to(sample).as_posix()
        head = head_of(path)
        assert head.tags[0] == ("html", {"lang": "en-GB"}), name
        assert head.title.endswith("Safer Halton Partnership minutes"), name
        assert head.title not in titles, f"{name} and {titles.get(head.title)} share a title"
        titles[head.title] = name
        description = head.meta("description")
        assert len(description) == 1
        assert len(description[0]) > 20, name
        assert head.meta("og:description") == description
        assert head.meta("og:title")[0] in head.title
        assert head.meta("og:site_name") == ["Safer Halton Partnership minutes"]
        assert head.meta("og:locale") == ["en_GB"]
        canonical = [a["href"] for t, a in head.tags if t == "link" and a.get("rel") == "canonical"]
        if name == "404.html":  # served at every missing address: not a page to index
            assert canonical == []
            assert head.meta("robots") == ["noindex"]
            continue
        url = "https://example.org/" + name.removesuffix("index.html")
        assert canonical == [url]
        assert head.meta("og:url") == [url]
        expected_type = (
            "article" if name.startswith("meetings/20") and name.count("/") == 5 else ("website")
        )
        assert head.meta("og:type") == [expected_type], name


def test_every_page_has_one_h1_a_skip_link_and_the_landmarks(sample):
    for path in sorted(sample.rglob("*.html")):
        html = path.read_text("utf-8")
        head = head_of(path)
        assert head.count("h1") == 1, path
        assert head.count("main") == 1, path
        assert head.count("footer") == 1, path
        assert '<a class="skip-link" href="#main">' in html
        assert '<main id="main"' in html
        # No JavaScript but the search page's own script (which the page works without); a
        # meeting page's one other script is its JSON-LD, data no browser runs.
        scripts = 1 if path.relative_to(sample).as_posix() == "search/index.html" else 0
        assert (
            html.replace('<script type="application/ld+json">', "").count("<script") == scripts
        ), path


MONTHS = "January February March April May June July August September October November December"
MONTHS = MONTHS.split()


def test_dates_are_time_elements_written_out_in_full(sample):
    found = 0
    for path in sorted(sample.rglob("*.html")):
        for value, text in head_of(path).times:
            found += 1
            day = dt.date.fromisoformat(value)
            assert text == f"{day.day} {MONTHS[day.month - 1]} {day.year}", (path, value, text)
    assert found > 20


def test_nothing_is_loaded_from_another_site(sample):
    for path in sorted(sample.rglob("*.html")):
        for tag, attrs in head_of(path).tags:
            loads = attrs.get("src") or (
                attrs.get("href") if tag == "link" and attrs.get("rel") != "canonical" else None
            )
            if loads:
                assert loads.startswith("/"), (path, tag, loads)
                assert not loads.startswith("//"), (path, tag, loads)


def test_the_main_navigation_marks_the_current_page_and_section(sample):
    meetings = (sample / "meetings/index.html").read_text("utf-8")
    meeting = (sample / "meetings/2011/02/15/safer-halton-partnership/index.html").read_text(
        "utf-8"
    )
    assert '<a href="/meetings/" aria-current="page">Meetings</a>' in meetings
    assert '<a href="/meetings/" aria-current="true">Meetings</a>' in meeting


def test_each_printed_sheet_carries_the_meeting_and_its_date(sample):
    html = (sample / "meetings/2011/02/15/safer-halton-partnership/index.html").read_text("utf-8")
    assert (
        '<style media="print">@page { @top-left { content: "Safer Halton Partnership, '
        '15 February 2011"; } @bottom-left { content: '
        '"https://example.org/meetings/2011/02/15/safer-halton-partnership/"; } }</style>'
    ) in html


# -- page weight -----------------------------------------------------------------------------------

CSS_BUDGET = 30_000
MEETING_BUDGET = 100_000  # HTML + CSS


def test_the_stylesheet_is_under_30_kb(sample):
    assert (sample / "static/style.css").stat().st_size < CSS_BUDGET


@pytest.mark.parametrize(
    "meeting",
    [
        "meetings/2011/02/15/safer-halton-partnership/index.html",
        "meetings/2019/10/16/safer-halton-partnership/index.html",
    ],
)
def test_a_sample_meeting_page_with_its_stylesheet_is_under_100_kb(sample, meeting):
    css = (sample / "static/style.css").stat().st_size
    html = (sample / meeting).stat().st_size
    assert html + css < MEETING_BUDGET


# -- overriding the theme -------------------------------------------------------------------------


def readme_example(language: str) -> str:
    """The example of overriding a theme in docs/themes.md, so that the example keeps working."""
    readme = (REPO / "docs" / "themes.md").read_text("utf-8")
    match = re.search(rf"```{re.escape(language)}\n(.*?)```", readme, re.DOTALL)
    assert match, f"docs/themes.md has no {language} example"
    return match.group(1)


def test_a_site_overrides_the_stylesheet_and_one_template_and_keeps_the_rest(tmp_path):
    overrides = (
        "-- themes/default/static/style.css --\nbody { font-family: Georgia, serif; }\n"
        "-- themes/default/templates/404.html --\n" + readme_example("html+jinja")
    )
    output = built(tmp_path, MEETING + overrides)
    assert (output / "static/style.css").read_text("utf-8") == (
        "body { font-family: Georgia, serif; }\n"
    )
    not_found = (output / "404.html").read_text("utf-8")
    assert "<h1>Nothing here</h1>" in not_found
    assert '<a href="/meetings/">list of meetings</a>' in not_found
    assert '<a class="skip-link" href="#main">' in not_found  # the bundled base.html
    meeting = (output / "meetings/2011/02/15/safer-halton-partnership/index.html").read_text(
        "utf-8"
    )
    assert '<h2 id="toc-title">Agenda</h2>' in meeting  # the bundled meeting.html


def test_the_readme_example_of_changing_words_works(tmp_path):
    output = built(
        tmp_path, MEETING + "-- themes/default/strings/en.yaml --\n" + readme_example("yaml")
    )
    meeting = (output / "meetings/2011/02/15/safer-halton-partnership/index.html").read_text(
        "utf-8"
    )
    assert '<a href="/topics/">Subjects</a>' in meeting


def test_a_theme_of_its_own_falls_back_to_the_default_for_every_file_it_lacks(tmp_path):
    output = built(
        tmp_path,
        MEETING
        + """
-- minutebook.yaml --
title: Test minutes
theme: civic
-- themes/civic/templates/home.html --
{% extends "base.html" %}
{% block main %}<h1>{{ t.civic.welcome }}</h1>{% endblock %}
-- themes/civic/strings/en.yaml --
civic:
  welcome: Welcome to the civic archive
""",
    )
    assert "<h1>Welcome to the civic archive</h1>" in (output / "index.html").read_text("utf-8")
    bundled = (REPO / "themes/default/static/style.css").read_bytes()
    assert (output / "static/style.css").read_bytes() == bundled


def test_a_broken_override_is_reported_with_its_file_and_line(tmp_path):
    root = make_site(
        tmp_path,
        MEETING
        + """
-- themes/default/templates/404.html --
{% extends "base.html" %}
{% block main %}
<h1>{{ t.not_found.titel }}</h1>
{% endblock %}
""",
    )
    report = build_site(root)
    assert not report.published
    assert rendered(report.diagnostics) == [
        "themes/default/templates/404.html:3: error: the template 404.html failed while making "
        "404.html: UndefinedError: 'minutebook.output.render.Words object' has no attribute 'titel'"
    ]
