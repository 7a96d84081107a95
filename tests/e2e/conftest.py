"""Browser fixtures shared by the e2e tests: ONE headless Chromium for the whole test session, and
built sites served over http on 127.0.0.1, each built and served once per session.

Debian's /usr/bin/chromium driven by Playwright (never `playwright install`). tests/e2e is a
package (it has an __init__.py), so this file is `e2e.conftest` and `from conftest import ...`
in the test modules still finds tests/conftest.py.
"""

from __future__ import annotations

import functools
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import build_site, copy_site, generated_site, make_site, rendered
from minutebook.archive.periods import LIST_LIMIT

REPO = Path(__file__).resolve().parents[2]
NODE_MODULES = REPO / "node_modules"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # hermetic: any request to a host other than this machine fails visibly
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1, EXCLUDE localhost",
]
VIEWPORT = {"width": 1280, "height": 900}
MEETING_2011 = "meetings/2011/02/15/safer-halton-partnership/"

# A small site with what the sample archive lacks: minutes not yet approved, documents (one
# beside the minutes, one on the web), people in attendance, a table, an upcoming meeting, and an
# accessibility statement with contacts, dates and known problems.
VARIED = """
-- minutebook.yaml --
title: Widnes committees
description: Minutes of the committees that meet in Widnes.
base_url: https://example.org/
accessibility:
  organisation: Halton Borough Council
  email: access@example.org
  phone: 0151 907 8300
  prepared: 2025-09-01
  last_reviewed: 2025-11-03
  known_issues:
    - Some older documents are scanned PDF files without text.
-- content/hbc/2025-10-01.md --
---
organisation: Halton Borough Council
date: 2025-10-01
time: 18:30-20:00
location: Council Chamber, Municipal Building, Widnes
status: unconfirmed
present:
  - name: A. Member
    chair: true
  - name: B. Member
    organisation: Cheshire Fire & Rescue Service
in_attendance:
  - name: C. Officer
    role: Democratic Services
apologies:
  - D. Member
next_meeting:
  date: 2026-02-04
  time: 18:30
  location: Council Chamber
documents:
  - title: Budget report
    file: budget-report.pdf
  - title: National guidance
    url: https://www.gov.uk/
---
Introduction with a [link to the budget item](#item-2).

## 1. Apologies

D. Member.

## 2. Budget monitoring

Topics: Funding
Action: CO

| Line | Budget | Spent |
|---|---|---|
| Staff | £10,000 | £9,500 |

### a) Reserves

Text.
-- content/hbc/budget-report.pdf --
%PDF-1.4 pretend
"""


# An unbroken 200-character address (a meeting's link to join online), a very long name, and a
# six-column action table holding both: what must wrap inside its column at 320 CSS px.
LONG_ADDRESS = "https://teams.example.org/l/meetupjoin/19%3ameeting_" + "MjAyNTEwMDFUMTgzMA" * 9
LONG_ADDRESS = LONG_ADDRESS[:200]
LONG_NAME = "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch"
WIDE = f"""
-- minutebook.yaml --
title: Ynys Môn committees
base_url: https://example.org/
-- content/llanfair/2025-10-01.md --
---
organisation: {LONG_NAME} Community Council
date: 2025-10-01
location: "{LONG_ADDRESS}"
present:
  - name: A. Member
    chair: true
  - name: Gwenllian {LONG_NAME}
    organisation: {LONG_NAME} Community Council
---
## 1. Apologies

None.

## 2. Action log

| No. | Action | Owner | Due | Status | Notes |
|---|---|---|---|---|---|
| 1 | Publish the recording | Gwenllian {LONG_NAME} | 2025-11-01 | Open | {LONG_ADDRESS} |
| 2 | Write to the highways authority about the footway | Clerk | 2025-12-01 | Done | Replied |

## 3. Any other business

| Item | Note |
|---|---|
| Next meeting | Village hall |
"""


@dataclass(frozen=True)
class Site:
    output: Path
    url: str  # http://127.0.0.1:<port>/


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def wait_for_chromium(seconds: float = 180.0) -> None:
    """The set-up may still be installing Debian's chromium in the background."""
    deadline = time.monotonic() + seconds
    while not CHROMIUM.exists():
        if time.monotonic() > deadline:
            pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (see scripts/test)")
        time.sleep(1.0)


@pytest.fixture(scope="session")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    wait_for_chromium()
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def serve() -> Iterator:
    """serve(folder) → its http://127.0.0.1:<port>/ address; every server stops at the end."""
    servers: list[tuple[ThreadingHTTPServer, threading.Thread]] = []

    def start(folder: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(folder))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        servers.append((server, thread))
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server, thread in servers:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder holding every built site's output, so vnu can check them all in one run."""
    return tmp_path_factory.mktemp("outputs")


def _built(root: Path, output: Path, serve, **options: object) -> Site:
    report = build_site(root, output=output, **options)
    assert report.published, rendered(report.diagnostics)
    return Site(output, serve(output))


@pytest.fixture(scope="session")
def sample_site(outputs: Path, serve) -> Site:
    """The repository's own archive: two meetings of the Safer Halton Partnership."""
    return _built(REPO, outputs / "sample", serve)


@pytest.fixture(scope="session")
def varied_site(tmp_path_factory: pytest.TempPathFactory, outputs: Path, serve) -> Site:
    root = make_site(tmp_path_factory.mktemp("varied"), VARIED)
    return _built(root, outputs / "varied", serve)


@pytest.fixture(scope="session")
def parish_site(tmp_path_factory: pytest.TempPathFactory, outputs: Path, serve) -> Site:
    """A parish council (tests/fixtures/valid/parish-council): nobody present at one meeting
    has an organisation; at the other, some have, written as the archive does not list them."""
    root = copy_site(
        REPO / "tests/fixtures/valid/parish-council", tmp_path_factory.mktemp("parish")
    )
    return _built(root, outputs / "parish", serve)


@pytest.fixture(scope="session")
def wide_site(tmp_path_factory: pytest.TempPathFactory, outputs: Path, serve) -> Site:
    """An action table of six columns, an unbroken 200-character address, a very long name."""
    root = make_site(tmp_path_factory.mktemp("wide"), WIDE)
    return _built(root, outputs / "wide", serve)


@pytest.fixture(scope="session")
def busy_site(tmp_path_factory: pytest.TempPathFactory, outputs: Path, serve) -> Site:
    """Over LIST_LIMIT meetings of one body on one topic in 2000: their lists split, into a page
    for the year 2000."""
    from e2e.test_links import many_meetings

    root = make_site(tmp_path_factory.mktemp("busy"), many_meetings(LIST_LIMIT + 5))
    return _built(root, outputs / "busy", serve)


@pytest.fixture
def page(browser):
    """A fresh tab (in its own context) that records every URL it requests."""
    context = browser.new_context(viewport=VIEWPORT)
    tab = context.new_page()
    tab.requested = []
    tab.on("request", lambda request: tab.requested.append(request.url))
    yield tab
    context.close()


def assert_only_local_requests(requested: list[str], site_url: str) -> None:
    """Every request went to the site's own origin: no CDN, web font or analytics."""
    origin = urlsplit(site_url).netloc
    assert requested, "the page requested nothing"
    assert [url for url in requested if urlsplit(url).netloc != origin] == []


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Path:
    """A generated archive of 60 meetings, made once per module (from its CORPUS_SEED)."""
    seed = getattr(request.module, "CORPUS_SEED", 7)
    return generated_site(tmp_path_factory.mktemp("corpus") / "site", 60, seed)


@pytest.fixture
def site(corpus: Path, tmp_path: Path) -> Path:
    """A copy of the corpus to edit and build."""
    root = tmp_path / "site"
    shutil.copytree(corpus, root)
    return root
