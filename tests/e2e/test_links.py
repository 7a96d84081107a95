"""An internal link checker over built sites: every href/src resolves to a file, every #fragment
to an id in its page, honouring the base_url path, or the build printed a warning naming it (a
site built from minutes with broken links among them); and meetings and their index pages link
both ways."""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from conftest import FIXTURES, build_site, copy_site, make_site, rendered
from minutebook.archive.indexes import Archive, build_archive
from minutebook.archive.periods import ERA_YEARS, LIST_LIMIT, Period
from minutebook.archive.urls import Urls
from minutebook.core.diagnostics import Diagnostic, Severity
from minutebook.reading.loading import build_date, load_site

SITE_ROOT = Path(__file__).resolve().parents[2]
BASE_URL = "https://example.org/minutes/"
BROKEN_LINKS = FIXTURES / "warnings" / "broken-links"


# -- the checker --------------------------------------------------------------------------------


@dataclass
class Page:
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str]] = field(default_factory=list)  # (attribute, value)


class _PageParser(HTMLParser):
    LINK_ATTRIBUTES = frozenset({"href", "src", "action", "poster"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.page.ids.add(value)
            elif name in self.LINK_ATTRIBUTES:
                self.page.links.append((f"{tag}[{name}]", value))
            elif name == "srcset":
                for candidate in value.split(","):
                    if candidate.strip():
                        self.page.links.append((f"{tag}[srcset]", candidate.split()[0]))


def parse_page(path: Path) -> Page:
    parser = _PageParser()
    parser.feed(path.read_text("utf-8"))
    return parser.page


@dataclass(frozen=True)
class Broken:
    page: str
    attribute: str
    link: str
    reason: str


class LinkChecker:
    """Maps site URLs (root-relative under base_url's path, or absolute on its host) to files."""

    def __init__(self, output: Path, base_url: str) -> None:
        self.output = output
        parts = urlsplit(base_url)
        self.origin = (parts.scheme, parts.netloc)
        self.base_path = parts.path or "/"
        self.pages = {
            p.relative_to(output).as_posix(): parse_page(p) for p in sorted(output.rglob("*.html"))
        }

    def url_of(self, relative: str) -> str:
        url = self.base_path + relative
        return url.removesuffix("index.html")

    def file_for(self, path: str) -> str | None:
        """The output file serving a URL path, or None when the path is outside the site."""
        if not path.startswith(self.base_path):
            return None
        relative = unquote(path[len(self.base_path) :])
        if relative == "" or relative.endswith("/"):
            relative += "index.html"
        elif (self.output / relative).is_dir():
            relative += "/index.html"
        return relative

    def resolve(self, page: str, link: str) -> tuple[str | None, str] | None:
        """(target file or None if broken, fragment), or None for links that leave the site."""
        parts = urlsplit(link)
        if parts.scheme in ("mailto", "tel"):
            return None
        if parts.scheme or parts.netloc:
            if (parts.scheme, parts.netloc) != self.origin:
                return None  # external
            path = parts.path or "/"
        else:
            path = urlsplit(urljoin(self.url_of(page), link)).path
        return self.file_for(path), parts.fragment

    def broken(self) -> list[Broken]:
        found: list[Broken] = []
        for name, page in self.pages.items():
            for attribute, link in page.links:
                if link.startswith(("javascript:", "data:", "vbscript:")):
                    found.append(Broken(name, attribute, link, "script link"))
                    continue
                resolved = self.resolve(name, link)
                if resolved is None:
                    continue
                target, fragment = resolved
                if target is None:
                    found.append(Broken(name, attribute, link, "outside the site's base path"))
                elif not (self.output / target).is_file():
                    found.append(Broken(name, attribute, link, f"no file {target}"))
                elif (
                    fragment
                    and target.endswith(".html")
                    and unquote(fragment) not in self.pages[target].ids
                ):
                    found.append(Broken(name, attribute, link, f"no id {fragment!r}"))
        return found

    def links_from(self, page: str) -> set[str]:
        """Every site file (with #fragment dropped) that a page links to."""
        targets: set[str] = set()
        for _, link in self.pages[page].links:
            resolved = self.resolve(page, link)
            if resolved and resolved[0]:
                targets.add(resolved[0])
        return targets


# -- sites ----------------------------------------------------------------------------------------

SYNTHETIC = """
-- minutebook.yaml --
title: Widnes and Runcorn committees
base_url: https://example.org/
organisations:
  - name: Safer Halton Partnership
    short_name: SHP
  - name: Halton Borough Council
    short_name: HBC
  - name: "Cheshire Fire & Rescue Service"
    aliases: [Cheshire Fire and Rescue Service]
topics:
  - name: Anti-social behaviour
    aliases: [ASB]
  - name: Funding
  - name: Alcohol
-- content/shp/2011-02-15.md --
---
organisation: SHP
date: 2011-02-15
approved_at: 2011-04-20
present:
  - name: D. Parr
    chair: true
  - name: L. Lucas
    organisation: Cheshire Fire & Rescue Service
documents:
  - title: Hate crimes report Q3
    file: hate crimes q3.pdf
  - title: Drug strategy
    url: https://www.gov.uk/
topics: [Funding]
---
Intro with a [link to the funding item](#item-shp47).

## SHP41 Anti-social behaviour update

### a) Youth ASB

Text.

## SHP47 Safer Halton funding

Topics: Funding

Text.

## SHP49 Any other business
-- content/shp/hate crimes q3.pdf --
%PDF-1.4 pretend
-- content/shp/2011-04-20.md --
---
organisation: Safer Halton Partnership
date: 2011-04-20
status: unconfirmed
next_meeting: 2011-07-20
---
## 1. Alcohol enforcement
-- content/shp/2011-07-20.md --
---
organisation: Safer Halton Partnership
date: 2011-07-20
status: draft
---
## 1. Unpublished business
-- content/hbc/2012-01-10.md --
---
organisation: Halton Borough Council
date: 2012-01-10
in_attendance:
  - name: Mike Clarke
    organisation: Cheshire Fire and Rescue Service
  - name: A. Guest
    organisation: Widnes Rotary Club
---
## Item 5: Funding for ASB patrols
-- content/hbc/2012-01-10-evening.md --
---
organisation: HBC
date: 2012-01-10
slug: evening
---
## 1) Alcohol licensing
"""


def many_meetings(count: int) -> str:
    """One body meeting every day from 5 January 2000, and ten times in 2006: with more than
    LIST_LIMIT meetings in 2000 its and its topic's lists split, and so does the year 2000 (into
    its months). The era 2000–2004 is over the limit too, so 2000 has a page of its own; the ten
    meetings of 2006 are on the page of the era 2005–2009 (see archive/periods.py)."""
    files = []
    days = [dt.date(2000, 1, 5) + dt.timedelta(days=n) for n in range(count)]
    days += [dt.date(2006, month, 14) for month in range(1, 11)]
    for number, day in enumerate(days):
        files.append(
            f"-- content/busy/{day.isoformat()}.md --\n---\norganisation: Busy Board\n"
            f"date: {day.isoformat()}\n---\n## {number + 1}. Funding review\n"
        )
    return "-- minutebook.yaml --\ntitle: Busy\ntopics:\n  - name: Funding\n" + "".join(files)


class Built(NamedTuple):
    checker: LinkChecker
    archive: Archive
    diagnostics: list[Diagnostic]  # what the build printed


def load_archive(root: Path, base_url: str | None = None) -> Archive:
    site = load_site(root, base_url)
    assert site.config is not None
    archive, problems = build_archive(
        site.config, site.meetings, drafts=False, build_date=build_date()
    )
    assert problems == []
    return archive


def built(root: Path, base_url: str | None, output: Path | None = None) -> Built:
    output = output or root / "output"
    report = build_site(root, output=output, base_url=base_url)
    assert report.published, rendered(report.diagnostics)
    checker = LinkChecker(output, base_url or "https://example.org/")
    return Built(checker, load_archive(root, base_url), report.diagnostics)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return built(SITE_ROOT, None, tmp_path_factory.mktemp("sample") / "output")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return built(make_site(tmp_path_factory.mktemp("synthetic"), SYNTHETIC), BASE_URL)


@pytest.fixture(scope="module")
def busy(tmp_path_factory: pytest.TempPathFactory) -> Built:
    site = make_site(tmp_path_factory.mktemp("busy"), many_meetings(LIST_LIMIT + 5))
    return built(site, BASE_URL)


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """Minutes with links that lead nowhere: to files that are not there or not published, to
    anchors no page has, to a path on the web server."""
    return built(copy_site(BROKEN_LINKS, tmp_path_factory.mktemp("broken")), BASE_URL)


@pytest.fixture(scope="module")
def wide(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """Tables in regions, a 200-character address, a very long name (see e2e/conftest.py)."""
    from e2e.conftest import WIDE

    return built(make_site(tmp_path_factory.mktemp("wide"), WIDE), BASE_URL)


@pytest.fixture(scope="module")
def two_meetings_one_day(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """A body's two meetings on one day, the second's page named by its file."""
    folder = FIXTURES / "valid" / "two-meetings-one-day"
    return built(copy_site(folder, tmp_path_factory.mktemp("two-meetings-one-day")), BASE_URL)


SITES = ["sample", "synthetic", "busy", "wide", "two_meetings_one_day"]


@pytest.fixture(params=SITES)
def site(request: pytest.FixtureRequest) -> Built:
    return request.getfixturevalue(request.param)


@pytest.fixture(params=[*SITES, "broken"])
def any_site(request: pytest.FixtureRequest) -> Built:
    return request.getfixturevalue(request.param)


# -- the checks -----------------------------------------------------------------------------------


def test_no_internal_link_is_broken(site):
    checker = site.checker
    assert len(checker.pages) > 5
    assert checker.broken() == []


def warned_of(broken: Broken, site: Built) -> bool:
    """Whether the build printed a warning naming a link that leads nowhere: in the file of the
    minutes whose page holds it, naming its #anchor, or the file (or path) it leads to."""
    urls = Urls(site.archive.config.base_url)
    meetings = site.archive.meetings.values()
    pages = {site.checker.file_for(urls.meeting(m)): m.source for m in meetings}
    parts = urlsplit(broken.link)
    named = f"#{unquote(parts.fragment)}" if parts.fragment else posixpath.basename(parts.path)
    return any(
        d.severity is Severity.WARNING
        and d.span.path == pages.get(broken.page)
        and d.span.line > 0
        and named
        and named in d.message
        for d in site.diagnostics
    )


def test_every_link_that_leads_nowhere_was_named_in_a_warning(any_site):
    """After any build, every internal link and anchor resolves, or the build said so."""
    assert [b for b in any_site.checker.broken() if not warned_of(b, any_site)] == []


def test_links_to_files_that_are_not_published_show_as_their_text(broken):
    checker, _, diagnostics = broken
    page = "meetings/2011/02/15/safer-halton-partnership/index.html"
    # Every broken link of the fixture is found and warned of, and what is left of them in the
    # page leads nowhere only where the page cannot tell: an anchor, a path on the server.
    assert len(diagnostics) == 9
    assert {(b.link, b.reason) for b in checker.broken()} == {
        ("#item-shp43", "no id 'item-shp43'"),
        ("/minutes/meetings/2010/11/10/safer-halton-partnership/#item-shp35", "no id 'item-shp35'"),
        ("/committees/papers.pdf", "outside the site's base path"),
    }
    html = (checker.output / page).read_text("utf-8")
    assert "<p>The action log is kept by the clerk. Crime figures</p>" in html
    # A document in a folder of its own is published beside the minutes: its link leads there.
    assert "meetings/2011/02/15/safer-halton-partnership/budget 2011.pdf" in (
        checker.links_from(page)
    )


def test_the_checker_finds_broken_links_and_fragments(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<a href="/minutes/a/">ok</a><a href="/minutes/a/#here">ok</a>'
        '<a href="/minutes/b/">missing</a><a href="/minutes/a/#nowhere">bad id</a>'
        '<a href="/elsewhere/">outside</a><a href="https://example.org/minutes/a/">ok</a>'
        '<a href="https://other.example/">external</a><a href="#top">bad id</a>'
    )
    (tmp_path / "a/index.html").write_text('<h1 id="here">A</h1><a href="../">up</a>')
    checker = LinkChecker(tmp_path, BASE_URL)
    assert [(b.page, b.link) for b in checker.broken()] == [
        ("index.html", "/minutes/b/"),
        ("index.html", "/minutes/a/#nowhere"),
        ("index.html", "/elsewhere/"),
        ("index.html", "#top"),
    ]


def test_every_page_of_a_site_under_a_path_stays_under_that_path(synthetic):
    checker = synthetic.checker
    for name, page in checker.pages.items():
        for attribute, link in page.links:
            parts = urlsplit(link)
            if not parts.scheme and link.startswith("/"):
                assert link.startswith("/minutes/"), (name, attribute, link)


def test_documents_beside_the_minutes_are_published_and_linked(synthetic):
    checker = synthetic.checker
    meeting = "meetings/2011/02/15/safer-halton-partnership/index.html"
    assert "meetings/2011/02/15/safer-halton-partnership/hate crimes q3.pdf" in (
        checker.links_from(meeting)
    )


def test_drafts_are_neither_published_nor_linked(synthetic):
    checker = synthetic.checker
    assert not any("2011/07/20" in name for name in checker.pages)
    for page in checker.pages.values():
        assert not any("2011/07/20" in link for _, link in page.links)


def expected_index_pages(urls: Urls, checker: LinkChecker, archive: Archive, meeting_id: str):
    """(organisation page, month page, topic pages) that should list a meeting."""
    meeting = archive.meetings[meeting_id]  # type: ignore[index]
    year = meeting.date.year

    era = year - year % ERA_YEARS
    periods = [Period(year, year), Period(era, era + ERA_YEARS - 1)]

    def listing(main: str, by_period: list[str]) -> str:
        """Long lists move to pages of five years or one (see archive/periods.py); the main
        page then links to those."""
        main_file = checker.file_for(main)
        assert main_file is not None
        files = [checker.file_for(url) for url in by_period]
        found = [file for file in files if file in checker.pages]
        assert len(found) <= 1, found  # a year is on one page of its list
        return found[0] if found else main_file

    slug = meeting.organisation
    organisation = listing(urls.organisation(slug), [urls.organisation(slug, p) for p in periods])
    month = checker.file_for(urls.month(year, meeting.date.month))
    topics = [
        listing(urls.topic(t), [urls.topic(t, p) for p in periods]) for t in meeting.all_topics()
    ]
    return organisation, month, topics


def test_every_meeting_and_its_index_pages_link_to_each_other(any_site):
    checker, archive, _ = any_site
    urls = Urls(archive.config.base_url)
    assert archive.meetings
    for meeting_id, meeting in archive.meetings.items():
        page = checker.file_for(urls.meeting(meeting))
        assert page in checker.pages
        organisation, month, topics = expected_index_pages(urls, checker, archive, meeting_id)
        from_meeting = checker.links_from(page)
        for index_page in [organisation, month, *topics]:
            assert page in checker.links_from(index_page), f"{index_page} does not list {page}"
        # The meeting page links to the main organisation and topic pages.
        for main in [
            urls.organisation(meeting.organisation),
            urls.month(meeting.date.year, meeting.date.month),
            *(urls.topic(t) for t in meeting.all_topics()),
        ]:
            assert checker.file_for(main) in from_meeting, f"{page} does not link to {main}"


def test_every_topic_on_a_meeting_page_lists_that_meeting_back(any_site):
    checker, archive, _ = any_site
    urls = Urls(archive.config.base_url)
    for meeting in archive.meetings.values():
        page = checker.file_for(urls.meeting(meeting))
        assert page is not None
        topic_pages = {t for t in checker.links_from(page) if t.split("/")[0] == "topics"}
        topic_pages.discard("topics/index.html")
        assert topic_pages == {checker.file_for(urls.topic(t)) for t in meeting.all_topics()}, page


# A '?' is not allowed in file names on Windows, so such a document is refused (test_safe_names.py).
@pytest.mark.parametrize("name", ["report #2.pdf", "report 100% (v=2).pdf", "café & co.pdf"])
def test_a_document_whose_name_has_a_hash_or_percent_sign_is_published_and_linked(tmp_path, name):
    root = make_site(
        tmp_path,
        f"""
-- content/2011-02-15.md --
---
organisation: Halton
date: 2011-02-15
documents:
  - title: Report number 2
    file: "{name}"
---
-- content/{name} --
%PDF-1.4 pretend
""",
    )
    assert build_site(root).published
    checker = LinkChecker(root / "output", "/")
    assert checker.broken() == []
    assert f"meetings/2011/02/15/halton/{name}" in checker.links_from(
        "meetings/2011/02/15/halton/index.html"
    )
