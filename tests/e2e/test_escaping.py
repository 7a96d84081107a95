"""Whatever a clerk types, pages show it as text: no markup from content or config gets through.

Every front-matter field (extra too, through a theme that prints all of it, in text and in
attributes), every config field that reaches a page, and the minutes' text carry `<script>`,
both kinds of quote and `>`. Every output file is then parsed as a browser would: no element or
attribute may come from those values, and each value must show up escaped.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from conftest import build_site, make_site, rendered
from minutebook.output.render import make_environment


def hostile(label: str) -> str:
    """A value that breaks out of a text node and of both kinds of quoted attribute."""
    return f"\"'><script>{label}</script><img src=x onerror={label}>"


def yaml_quoted(label: str) -> str:
    return '"' + hostile(label).replace("\\", "\\\\").replace('"', '\\"') + '"'


FIELDS = {
    "config-title": "title",
    "config-description": "description",
    "organisation-name": "organisations[].name",
    "organisation-short": "organisations[].short_name",
    "organisation-alias": "organisations[].aliases",
    "topic-name": "topics[].name",
    "topic-alias": "topics[].aliases",
    "meeting-organisation": "organisation",
    "title": "title",
    "location": "location",
    "present-name": "present[].name",
    "present-role": "present[].role",
    "present-organisation": "present[].organisation",
    "attendance-name": "in_attendance[].name",
    "attendance-role": "in_attendance[].role",
    "apologies-name": "apologies[]",
    "meeting-topic": "topics[]",
    "next-location": "next_meeting.location",
    "document-title": "documents[].title",
    "document-link-title": "documents[].title (url)",
    "extra-text": "extra.note",
    "extra-nested": "extra.nested.list[]",
}
Q = yaml_quoted
HOSTILE = f"""
-- minutebook.yaml --
title: {Q("config-title")}
description: {Q("config-description")}
base_url: "https://example.org/minutes/"
repo_url: "https://git.example.org/council/minutes/\\"'><script>repo</script>"
organisations:
  - name: {Q("organisation-name")}
    short_name: {Q("organisation-short")}
    aliases: [{Q("organisation-alias")}]
    website: "https://example.org/\\"'><script>website</script>"
topics:
  - name: {Q("topic-name")}
    aliases: [{Q("topic-alias")}]
-- content/2011-02-15.md --
---
organisation: {Q("meeting-organisation")}
date: 2011-02-15
title: {Q("title")}
location: {Q("location")}
status: unconfirmed
present:
  - name: {Q("present-name")}
    role: {Q("present-role")}
    organisation: {Q("present-organisation")}
  - name: Chair
    organisation: {Q("organisation-name")}
    chair: true
in_attendance:
  - name: {Q("attendance-name")}
    role: {Q("attendance-role")}
apologies:
  - {Q("apologies-name")}
topics: [{Q("meeting-topic")}, {Q("topic-alias")}]
next_meeting:
  date: 2030-01-01
  time: 14:00
  location: {Q("next-location")}
documents:
  - title: {Q("document-title")}
    file: report.pdf
  - title: {Q("document-link-title")}
    url: 'https://example.org/"><script>url</script>'
extra:
  note: {Q("extra-text")}
  nested:
    list: [{Q("extra-nested")}]
---
Intro <script>intro</script> "quoted" 'single'

## 1. <script>heading</script> heading "quoted"

Topics: <script>topic line</script>
Action: <script>action</script>

<iframe src="https://example.org/"></iframe>

### a) <script>subheading</script>
-- content/report.pdf --
%PDF
-- content/2011-03-15.md --
---
organisation: {Q("organisation-name")}
date: 2011-03-15
approved_at: 2011-03-15
---
"""
# A theme that prints every value of every page, as text and inside both kinds of attribute.
DUMP_THEME = """
-- themes/dump/templates/base.html --
{% macro dump(value) %}{% if value is mapping %}{% for key, item in value.items() %}<dt title="{{ key }}" data-v='{{ item if item is string else "" }}'>{{ key }}</dt><dd>{{ dump(item) }}</dd>{% endfor %}{% elif value is iterable and value is not string %}{% for item in value %}{{ dump(item) }}{% endfor %}{% else %}<span title="{{ value }}">{{ value }}</span>{% endif %}{% endmacro %}
<!doctype html><html><body>{{ dump(site) }}{{ dump(page) }}{% block main %}{% endblock %}</body></html>
"""  # noqa: E501
TEMPLATES = (
    "404.html", "home.html", "meetings.html", "year.html", "month.html", "meeting.html",
    "organisations.html", "organisation.html", "organisation_year.html", "topics.html",
    "topic.html", "topic_year.html", "accessibility.html", "search.html", "data.html",
    "people.html", "person.html",
)  # fmt: skip
# Every name a page's context may hold (pages.py), each dumped when the page has it.
CONTEXT_NAMES = (
    "attended", "bodies", "entries", "held", "latest", "letters", "meeting", "meetings",
    "month_name", "months", "organisation", "topic", "topics", "upcoming", "years", "search",
    "files", "schemas", "licence", "feed", "calendar",
)  # fmt: skip
DUMP_PAGE = (
    '{% extends "base.html" %}{% block main %}'
    + "".join(f"{{% if {n} is defined %}}{{{{ dump({n}) }}}}{{% endif %}}" for n in CONTEXT_NAMES)
    + "{% endblock %}\n"
)


class Parsed(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [(tag, name, value or "") for name, value in attrs]

    def handle_data(self, data):
        self.text.append(data)


def parsed(path: Path) -> Parsed:
    parser = Parsed()
    parser.feed(path.read_text("utf-8"))
    parser.close()
    return parser


def assert_nothing_injected(output: Path, allowed_tags: set[str]) -> dict[str, str]:
    """Parse every page; return the text and attribute values of all of them, joined."""
    texts: dict[str, str] = {}
    pages = sorted(output.rglob("*.html"))
    assert len(pages) > 8
    for page in pages:
        found = parsed(page)
        tags = set(found.tags) - {"script"}
        assert tags <= allowed_tags, (page, tags - allowed_tags)
        assert found.tags.count("style") <= 1, page
        # A page holds at most one script: the search page the theme's own file, a meeting its
        # JSON-LD, which is data, never code (see test_published_files: a </script> typed in a
        # title does not end it). No other page has one.
        assert found.tags.count("script") <= 1, page
        scripts = [(n, v) for tag, n, v in found.attributes if tag == "script"]
        if page.relative_to(output).as_posix() == "search/index.html":
            assert [n for n, _ in scripts] == ["src"], (page, scripts)
        else:
            assert scripts in ([], [("type", "application/ld+json")]), (page, scripts)
        for tag, name, value in found.attributes:
            assert not name.startswith("on"), (page, tag, name)
            if (tag, name) == ("script", "src"):  # the search page's: the theme's own file
                assert value.endswith("/static/search.js"), (page, value)
                continue
            assert name not in {"src", "style", "srcdoc"}, (page, tag, name)
            if name == "href":
                assert not re.match(r"^\s*(javascript|vbscript|data):", value, re.I), value
        texts[page.relative_to(output).as_posix()] = "\n".join(
            [*found.text, *(value for _, _, value in found.attributes)]
        )
    return texts


THEME_TAGS = {
    "html", "head", "meta", "title", "link", "body", "a", "header", "div", "p", "nav", "ul",
    "li", "main", "h1", "h2", "h3", "dl", "dt", "dd", "span", "section", "ol", "strong",
    "article", "footer", "time", "abbr", "table", "thead", "tbody", "tr", "th", "td", "caption",
    "style",  # the print stylesheet's running head: its text goes through css_string
    # the search form in every page's header, and the search page's form
    "form", "label", "input", "button", "select", "option", "fieldset", "legend",
    "script",  # a meeting's JSON-LD (see assert_nothing_injected)
}  # fmt: skip


def test_markup_typed_anywhere_is_escaped_on_every_page(tmp_path):
    root = make_site(tmp_path, HOSTILE)
    report = build_site(root)
    assert report.published, rendered(report.diagnostics)
    texts = assert_nothing_injected(root / "output", THEME_TAGS)
    everything = "\n".join(texts.values())
    for label in FIELDS:
        if label.startswith("extra"):
            continue  # the default theme does not show extra: the dump theme below does
        assert hostile(label) in everything, f"{FIELDS[label]} is not shown as text"
    meeting = (root / "output/meetings/2011/02/15").glob("*/index.html")
    html = next(meeting).read_text("utf-8")
    assert "&lt;script&gt;heading&lt;/script&gt;" in html
    assert "&lt;script&gt;intro&lt;/script&gt;" in html
    assert "&lt;iframe" in html
    assert "&#34;&#39;&gt;&lt;script&gt;title&lt;/script&gt;" in html  # quotes escaped too


def test_every_value_of_every_page_is_escaped_in_text_and_attributes(tmp_path):
    root = make_site(
        tmp_path,
        HOSTILE.replace("base_url:", "theme: dump\nbase_url:", 1)
        + DUMP_THEME
        + "".join(f"-- themes/dump/templates/{name} --\n{DUMP_PAGE}" for name in TEMPLATES),
    )
    report = build_site(root)
    assert report.published, rendered(report.diagnostics)
    texts = assert_nothing_injected(root / "output", {"html", "body", "dt", "dd", "span"})
    everything = "\n".join(texts.values())
    for label, field in FIELDS.items():
        assert hostile(label) in everything, f"{field} is not shown escaped"


def test_every_template_is_autoescaped_whatever_its_name():
    env = make_environment([])
    for name in ("page.html", "feed.xml", "sitemap.xml", "data.json", "calendar.ics", "x.txt"):
        rendered_text = env.from_string("{{ v }}").render(v="<a href='x'>")
        assert rendered_text == "&lt;a href=&#39;x&#39;&gt;", name
    assert env.autoescape is True
