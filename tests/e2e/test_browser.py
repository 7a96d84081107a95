"""Headless Chromium over the built sample site, served on 127.0.0.1: what a reader sees.

The browser and the served sites come from e2e/conftest.py (one browser for the whole run).
Screenshots go to test-artifacts/ (git-ignored), and to docs/screenshots/ only with
MINUTEBOOK_SCREENSHOTS=1 (the README shows those).
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from e2e.conftest import MEETING_2011, REPO, VIEWPORT, assert_only_local_requests

ARTIFACTS = REPO / "test-artifacts"
DOC_SCREENSHOTS = REPO / "docs" / "screenshots"


def save_screenshot(tab, name: str) -> None:
    """The whole page as a test artefact; the first screenful for the README when asked."""
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / name), full_page=True)
    if os.environ.get("MINUTEBOOK_SCREENSHOTS") == "1":
        DOC_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(DOC_SCREENSHOTS / name))


def test_home_page_shows_the_archive_title_with_its_stylesheet(page, sample_site):
    response = page.goto(sample_site.url)
    assert response is not None
    assert response.status == 200
    assert page.locator("h1").inner_text() == "Safer Halton Partnership minutes"
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "system-ui" in font
    assert any(url.endswith("/static/style.css") for url in page.requested)
    save_screenshot(page, "home.png")
    assert_only_local_requests(page.requested, sample_site.url)


def test_meeting_page_agenda_link_jumps_to_the_item(page, sample_site):
    page.goto(sample_site.url + MEETING_2011)
    assert page.locator("h1").inner_text() == "Safer Halton Partnership, 15 February 2011"
    assert "system-ui" in page.evaluate("getComputedStyle(document.body).fontFamily")
    save_screenshot(page, "meeting.png")
    page.locator("nav.toc a", has_text="SHP41").click()
    page.wait_for_url("**#item-shp41")
    assert urlsplit(page.url).fragment == "item-shp41"
    heading = page.locator("#item-shp41")
    assert "SUBSTANCE MISUSE PROJECT" in heading.inner_text()
    assert heading.is_visible()
    assert_only_local_requests(page.requested, sample_site.url)


def test_a_reader_can_follow_links_from_home_to_a_topic_and_back_to_the_item(page, sample_site):
    page.goto(sample_site.url)
    page.locator("header nav a", has_text="Topics").click()
    page.wait_for_url("**/topics/")
    page.locator("main a", has_text="Substance misuse").first.click()
    page.wait_for_url("**/topics/substance-misuse/")
    page.locator('a[href$="#item-shp41"]').click()
    page.wait_for_url("**" + MEETING_2011 + "#item-shp41")
    assert page.locator("#item-shp41").is_visible()
    assert_only_local_requests(page.requested, sample_site.url)


def test_pages_work_without_javascript(browser, sample_site):
    """Without JavaScript the meeting page shows the same text and its agenda links still work."""
    with_script = browser.new_context(viewport=VIEWPORT)
    without_script = browser.new_context(java_script_enabled=False, viewport=VIEWPORT)
    try:
        tab = with_script.new_page()
        tab.goto(sample_site.url + MEETING_2011)
        expected = tab.locator("main").inner_text()
        tab = without_script.new_page()
        tab.goto(sample_site.url + MEETING_2011)
        assert tab.locator('script:not([type="application/ld+json"])').count() == 0
        assert tab.locator("h1").inner_text() == "Safer Halton Partnership, 15 February 2011"
        assert tab.locator("main").inner_text() == expected
        tab.locator("nav.toc a", has_text="SHP50").click()
        tab.wait_for_url("**#item-shp50")
        assert tab.locator("#item-shp50").is_visible()
    finally:
        with_script.close()
        without_script.close()


def test_a_missing_page_is_a_404_from_the_server(page, sample_site):
    response = page.goto(sample_site.url + "no/such/page/")
    assert response is not None
    assert response.status == 404
