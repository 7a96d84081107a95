"""Search, as a reader uses it in headless Chromium: the sample archive's index finds an agenda
item and lands on its anchor, the filters narrow the results and live in the address, the page
is accessible in both colour schemes and at 320 px, it asks nothing of another site, and without
JavaScript it says so and offers the browse routes. (The privacy canaries are in
test_privacy.py; speed is measured in benchmarks/bench_search.py.)"""

from __future__ import annotations

import shutil
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import build_site, files_in, make_site, rendered
from e2e.conftest import VIEWPORT, assert_only_local_requests
from e2e.test_accessibility import AXE, violations

SEARCH = "search/"
PARISH = """
-- minutebook.yaml --
title: Parish minutes
-- content/hale/2024-03-12.md --
---
organisation: Hale Parish Council
date: 2024-03-12
location: Hale Village Hall
present:
  - Cllr Q. Zephaniah
---

## 1 Skate park

The skate park was discussed.
"""
WITH_SEARCH = PARISH.replace("title: Parish minutes", "title: Parish minutes\nsearch: true")

RESULTS = "#search-list > li"


def results_of(tab) -> list[str]:
    """The title of every result shown, once the count is announced."""
    tab.wait_for_function(
        "() => /Found|Nothing/.test(document.getElementById('search-status').textContent)"
    )
    return tab.locator(f"{RESULTS} h3").all_inner_texts()


def type_words(tab, words: str) -> None:
    tab.get_by_label("Words to find").fill(words)


def test_typing_substance_finds_shp41_and_its_link_lands_on_the_item(page, sample_site):
    page.goto(sample_site.url + SEARCH)
    type_words(page, "substance")
    titles = results_of(page)
    assert any(title.startswith("SHP41 ") for title in titles), titles
    assert page.get_by_role("status").inner_text() == "Found in 2 meetings."
    # newest first: the 2019 meeting's items, then 2011's
    assert "16 October 2019" in page.locator(RESULTS).first.inner_text()
    shp41 = page.locator(RESULTS).filter(has=page.locator("h3", has_text="SHP41"))
    assert "Safer Halton Partnership, 15 February 2011" in shp41.inner_text()
    assert shp41.locator("mark").first.inner_text().casefold() == "substance"
    link = shp41.locator("h3 a")
    link.click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path == "/meetings/2011/02/15/safer-halton-partnership/"
    assert urlsplit(page.url).fragment == "item-shp41"
    assert page.evaluate("document.getElementById('item-shp41') !== null")
    assert_only_local_requests(page.requested, sample_site.url)


def test_the_filters_narrow_the_results_and_the_address_keeps_them(page, sample_site):
    page.goto(sample_site.url + SEARCH)
    type_words(page, "substance")
    both = results_of(page)
    page.get_by_label("Year").select_option("2011")
    page.wait_for_function("() => /year=2011/.test(location.search)")
    narrowed = results_of(page)
    assert page.get_by_role("status").inner_text() == "Found in 1 meeting."
    assert 0 < len(narrowed) < len(both)
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"q": ["substance"], "year": ["2011"]}
    # The address, opened afresh, gives the same search back.
    page.goto(page.url)
    assert page.get_by_label("Words to find").input_value() == "substance"
    assert page.get_by_label("Year").input_value() == "2011"
    assert results_of(page) == narrowed


def test_a_search_from_the_header_of_any_page_opens_the_search_page_with_results(page, sample_site):
    page.goto(sample_site.url + "topics/")
    page.get_by_label("Search the minutes").fill("apologies")
    page.get_by_label("Search the minutes").press("Enter")
    page.wait_for_url("**/search/?q=apologies")
    assert any("APOLOGIES" in title.upper() for title in results_of(page))


def test_words_found_nowhere_say_so_politely(page, sample_site):
    page.goto(sample_site.url + SEARCH + "?q=zzyzxqwv")
    assert results_of(page) == []
    status = page.get_by_role("status")
    assert status.get_attribute("aria-live") == "polite"
    assert status.inner_text() == "Nothing found. Try other words, or fewer filters."


def test_typing_keeps_the_focus_in_the_field_and_more_results_take_it_to_the_first_new_one(
    page, sample_site
):
    page.goto(sample_site.url + SEARCH)
    field = page.get_by_label("Words to find")
    field.focus()
    page.keyboard.type("partnership")
    results_of(page)
    assert page.evaluate("document.activeElement.id") == "search-words"
    assert page.get_by_role("heading", name="Results").is_visible()
    assert page.locator("#search-list").evaluate("list => list.tagName") == "OL"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations_on_the_search_page_with_results(browser, sample_site, scheme):
    context = browser.new_context(viewport=VIEWPORT, color_scheme=scheme)
    context.add_init_script(path=str(AXE))
    tab = context.new_page()
    tab.goto(sample_site.url + SEARCH + "?q=substance&sort=relevance")
    assert results_of(tab)
    assert violations(tab) == []
    context.close()


def test_the_search_page_with_results_does_not_scroll_sideways_at_320_px(browser, sample_site):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    tab = context.new_page()
    tab.goto(sample_site.url + SEARCH + "?q=substance")
    assert results_of(tab)
    widths = tab.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    context.close()
    assert widths[0] <= widths[1]


def test_search_is_off_unless_the_config_asks_for_it(tmp_path):
    root = make_site(tmp_path, PARISH)
    assert build_site(root).published
    assert not (root / "output/search").exists()
    assert not (root / "output/pagefind").exists()
    assert "/search/" not in (root / "output/index.html").read_text("utf-8")


def test_without_javascript_the_page_says_so_and_offers_the_browse_routes(browser, tmp_path):
    config = (
        "base_url: https://example.org/minutes/\nsearch:\n  fallback_url: https://duckduckgo.com/"
    )
    root = make_site(tmp_path, PARISH.replace("title: Parish minutes", f"title: P\n{config}"))
    report = build_site(root)
    assert report.published, rendered(report.diagnostics)
    page = (root / "output/search/index.html").read_text("utf-8")
    assert "Search needs JavaScript" in page
    for route in ("/minutes/meetings/", "/minutes/organisations/", "/minutes/topics/"):
        assert f'href="{route}"' in page
    assert 'action="https://duckduckgo.com/"' in page
    assert 'value="site:example.org "' in page
    # and the index honours base_url's path
    assert (root / "output/pagefind/pagefind.js").is_file()
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto((root / "output/search/index.html").as_uri())
    assert tab.get_by_text("Search needs JavaScript").is_visible()
    assert tab.get_by_role("link", name="Meetings by date").is_visible()
    context.close()


def test_search_false_leaves_out_the_page_the_header_form_and_the_index(tmp_path):
    root = make_site(tmp_path, PARISH.replace("title: Parish minutes", "title: P\nsearch: false"))
    report = build_site(root)
    assert report.published, rendered(report.diagnostics)
    output = root / "output"
    assert not (output / "search").exists()
    assert not (output / "pagefind").exists()
    assert 'role="search"' not in (output / "index.html").read_text("utf-8")


def test_a_search_for_any_private_canary_finds_nothing(page, serve, tmp_path):
    from e2e.test_privacy import CONFIDENTIAL, DRAFT, EXEMPT, MARKERS, canary_site

    root = canary_site(tmp_path, DRAFT, CONFIDENTIAL, EXEMPT)
    assert build_site(root).published
    url = serve(root / "output")
    page.goto(url + SEARCH + "?q=budget")
    assert [title.split()[0] for title in results_of(page)] == ["SHP51"]
    for marker in MARKERS:
        type_words(page, marker)
        page.wait_for_function(f"() => location.search.includes({marker!r})")
        assert results_of(page) == [], marker


def test_a_search_page_without_its_index_says_so(page, serve, tmp_path):
    from e2e.test_privacy import canary_site

    root = canary_site(tmp_path)
    assert build_site(root).published
    output = root / "output"
    shutil.rmtree(output / "pagefind")  # as a site copied without its index
    page.goto(serve(output) + SEARCH + "?q=budget")
    page.wait_for_function(
        "() => /could not/.test(document.getElementById('search-status').textContent)"
    )
    assert (
        page.get_by_role("status").inner_text().startswith("The search index could not be loaded.")
    )


def test_a_full_build_with_the_same_documents_takes_the_index_from_the_cache(tmp_path, monkeypatch):
    from minutebook.output import search as search_module

    root = make_site(tmp_path, WITH_SEARCH)
    runs = []
    real = search_module._run_pagefind
    monkeypatch.setattr(search_module, "_run_pagefind", lambda *args: runs.append(1) or real(*args))
    assert build_site(root).published
    first = files_in(root / "output")
    # A new description: a full build, with the same documents.
    config = root / "minutebook.yaml"
    config.write_text(config.read_text("utf-8") + "description: The parish's minutes.\n")
    assert build_site(root).published
    assert len(runs) == 1
    again = files_in(root / "output")
    assert {k: v for k, v in again.items() if k.startswith("pagefind/")} == {
        k: v for k, v in first.items() if k.startswith("pagefind/")
    }
    # An edit to the text makes it again.
    meeting = root / "content/hale/2024-03-12.md"
    meeting.write_text(meeting.read_text("utf-8").replace("skate park was", "bowls club was"))
    assert build_site(root).published
    assert len(runs) == 2
    assert files_in(root / "output") != again


def test_a_name_in_the_attendance_leads_to_the_meeting_itself(page, serve, tmp_path):
    root = make_site(tmp_path, WITH_SEARCH)
    assert build_site(root).published
    page.goto(serve(root / "output") + SEARCH + "?q=zephaniah")
    assert results_of(page) == ["Hale Parish Council, 12 March 2024"]
    link = page.locator(f"{RESULTS} h3 a").get_attribute("href")
    assert link == "/meetings/2024/03/12/hale-parish-council/"
