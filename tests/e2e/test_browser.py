"""Headless Chromium over the built sample site, served on 127.0.0.1: what a reader sees.

Debian's /usr/bin/chromium driven by Playwright (never `playwright install`). Screenshots go to
test-artifacts/ (git-ignored), and to docs/screenshots/ only with MINUTEBOOK_SCREENSHOTS=1.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import build_site, rendered

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
DOC_SCREENSHOTS = REPO / "docs" / "screenshots"
MEETING_2011 = "meetings/2011/02/15/safer-halton-partnership/"
VIEWPORT = {"width": 1280, "height": 900}


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    output = tmp_path_factory.mktemp("browser") / "output"
    report = build_site(REPO, output=output)
    assert report.published, rendered(report.diagnostics)
    handler = functools.partial(_QuietHandler, directory=str(output))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=VIEWPORT)
    tab = context.new_page()
    tab.requested = []  # type: ignore[attr-defined]
    tab.on("request", lambda request: tab.requested.append(request.url))  # type: ignore[attr-defined]
    yield tab
    context.close()


def save_screenshot(tab, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / name), full_page=True)
    if os.environ.get("MINUTEBOOK_SCREENSHOTS") == "1":
        DOC_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(DOC_SCREENSHOTS / name), full_page=True)


def assert_only_local_requests(tab) -> None:
    hosts = {urlsplit(url).hostname for url in tab.requested}
    assert hosts == {"127.0.0.1"}, tab.requested


def test_home_page_shows_the_archive_title_with_its_stylesheet(page, site_url):
    response = page.goto(site_url)
    assert response is not None
    assert response.status == 200
    assert page.locator("h1").inner_text() == "Safer Halton Partnership minutes"
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "system-ui" in font
    assert any(url.endswith("/static/style.css") for url in page.requested)
    save_screenshot(page, "home.png")
    assert_only_local_requests(page)


def test_meeting_page_agenda_link_jumps_to_the_item(page, site_url):
    page.goto(site_url + MEETING_2011)
    assert page.locator("h1").inner_text() == "Safer Halton Partnership, 15 February 2011"
    assert "system-ui" in page.evaluate("getComputedStyle(document.body).fontFamily")
    save_screenshot(page, "meeting.png")
    page.locator("nav.toc a", has_text="SHP41").click()
    page.wait_for_url("**#item-shp41")
    assert urlsplit(page.url).fragment == "item-shp41"
    heading = page.locator("#item-shp41")
    assert "SUBSTANCE MISUSE PROJECT" in heading.inner_text()
    assert heading.is_visible()
    assert_only_local_requests(page)


def test_a_reader_can_follow_links_from_home_to_a_topic_and_back_to_the_item(page, site_url):
    page.goto(site_url)
    page.locator("header nav a", has_text="Topics").click()
    page.wait_for_url("**/topics/")
    page.locator("main a", has_text="Substance misuse").first.click()
    page.wait_for_url("**/topics/substance-misuse/")
    page.locator('a[href$="#item-shp41"]').click()
    page.wait_for_url("**" + MEETING_2011 + "#item-shp41")
    assert page.locator("#item-shp41").is_visible()
    assert_only_local_requests(page)


def test_pages_work_without_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False, viewport=VIEWPORT)
    try:
        tab = context.new_page()
        tab.goto(site_url + MEETING_2011)
        assert tab.locator("h1").inner_text() == "Safer Halton Partnership, 15 February 2011"
        assert tab.locator("#item-shp50").count() == 1
    finally:
        context.close()


def test_a_missing_page_is_a_404_from_the_server(page, site_url):
    response = page.goto(site_url + "no/such/page/")
    assert response is not None
    assert response.status == 404
