"""WCAG 2.2 AA in a real browser: axe-core on one page of every template type in light and dark
schemes, the Nu HTML Checker over every built page, reflow at 320 CSS px (= 1280 px at 400 %
zoom), the keyboard route into the content, print, and a log of every request a page makes.

axe-core and vnu come from npm (package.json, installed by scripts/test into node_modules/).
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from e2e.conftest import (
    LONG_ADDRESS,
    LONG_NAME,
    MEETING_2011,
    NODE_MODULES,
    VIEWPORT,
    assert_only_local_requests,
)

AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
VARIED_MEETING = "meetings/2025/10/01/halton-borough-council/"
LONG_BODY = f"{LONG_NAME.lower()}-community-council"
WIDE_MEETING = f"meetings/2025/10/01/{LONG_BODY}/"

# One page of every template type (and the variants that look different): name → (site, path).
PAGES = {
    "home": ("sample_site", ""),
    "home-with-upcoming-meetings": ("varied_site", ""),
    "meeting": ("sample_site", MEETING_2011),
    "meeting-unconfirmed-with-documents": ("varied_site", VARIED_MEETING),
    "meeting-without-organisations": ("parish_site", "meetings/2024/03/12/hale-parish-council/"),
    "meeting-with-names-as-written": ("parish_site", "meetings/2024/04/09/hale-parish-council/"),
    "meetings": ("sample_site", "meetings/"),
    "year": ("sample_site", "meetings/2011/"),
    "year-without-lists": ("busy_site", "meetings/2000/"),
    "month": ("sample_site", "meetings/2011/02/"),
    "organisations": ("sample_site", "organisations/"),
    "organisation": ("sample_site", "organisations/cheshire-fire-and-rescue-service/"),
    "organisation-with-feeds": ("sample_site", "organisations/safer-halton-partnership/"),
    "organisation-with-year-pages": ("busy_site", "organisations/busy-board/"),
    "organisation_year": ("busy_site", "organisations/busy-board/2000/"),
    "organisation_year-of-an-era": ("busy_site", "organisations/busy-board/2005-2009/"),
    "topics": ("sample_site", "topics/"),
    "topic": ("sample_site", "topics/substance-misuse/"),
    "topic-with-year-pages": ("busy_site", "topics/funding/"),
    "topic_year": ("busy_site", "topics/funding/2000/"),
    "topic_year-of-an-era": ("busy_site", "topics/funding/2005-2009/"),
    "accessibility": ("sample_site", "accessibility/"),
    "accessibility-with-contacts": ("varied_site", "accessibility/"),
    "404": ("sample_site", "404.html"),
    "search": ("sample_site", "search/"),
    "people": ("sample_site", "people/"),
    "person": ("sample_site", "people/d-parr/"),
    "person-with-organisations": ("parish_site", "people/t-gerrard/"),
    "data": ("sample_site", "data/"),
    "meeting-with-a-wide-table-and-long-words": ("wide_site", WIDE_MEETING),
    "organisations-with-a-long-name": ("wide_site", "organisations/"),
    "organisation-with-a-long-name": ("wide_site", f"organisations/{LONG_BODY}/"),
}


def url_of(request: pytest.FixtureRequest, name: str) -> str:
    site, path = PAGES[name]
    return request.getfixturevalue(site).url + path


def violations(tab) -> list[tuple[str, str, list]]:
    result = tab.evaluate(
        "tags => axe.run(document,"
        " {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]


@pytest.fixture(scope="module")
def axe_tab(browser):
    """scheme → a tab with axe-core loaded into every page it opens (one context per scheme)."""
    contexts = {}

    def tab_for(scheme: str):
        if scheme not in contexts:
            context = browser.new_context(viewport=VIEWPORT, color_scheme=scheme)
            context.add_init_script(path=str(AXE))
            contexts[scheme] = (context, context.new_page())
        return contexts[scheme][1]

    yield tab_for
    for context, _ in contexts.values():
        context.close()


@pytest.fixture(scope="module")
def narrow_tab(browser):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module", autouse=True)
def _tools_are_installed():
    if not AXE.is_file() or not VNU.is_file():
        pytest.fail("axe-core or vnu-jar is missing from node_modules/: run npm install")


# -- axe-core --------------------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_wcag_violations(axe_tab, request, name, scheme):
    tab = axe_tab(scheme)
    tab.goto(url_of(request, name))
    assert tab.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") == (scheme == "dark")
    assert violations(tab) == []


def test_the_dark_scheme_really_changes_the_colours(browser, sample_site):
    colours = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(viewport=VIEWPORT, color_scheme=scheme)
        tab = context.new_page()
        tab.goto(sample_site.url + MEETING_2011)
        colours[scheme] = tab.evaluate(
            "[getComputedStyle(document.body).backgroundColor,"
            " getComputedStyle(document.body).color]"
        )
        context.close()
    assert colours["light"] == ["rgb(255, 255, 255)", "rgb(27, 27, 27)"]
    assert colours["dark"] != colours["light"]


# -- the Nu HTML Checker ---------------------------------------------------------------------------


def test_vnu_finds_no_errors_in_any_built_page(
    sample_site, varied_site, busy_site, parish_site, wide_site, outputs
):
    java = shutil.which("java")
    assert java, "Java (11 or newer) is needed for the Nu HTML Checker"
    pages = list(outputs.rglob("*.html"))
    assert len(pages) > 100
    run = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--skip-non-html", "--format", "json", outputs],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(run.stderr or '{"messages": []}')["messages"]  # the report is on stderr
    assert [(m.get("url"), m.get("lastLine"), m["message"]) for m in messages] == []
    assert run.returncode == 0


# -- reflow, keyboard, print, requests -------------------------------------------------------------


@pytest.mark.parametrize("name", list(PAGES))
def test_no_page_scrolls_sideways_at_320_css_pixels(narrow_tab, request, name):
    """320 CSS px is also what a 1280 px window shows at 400 % zoom (WCAG 1.4.10 Reflow)."""
    narrow_tab.goto(url_of(request, name))
    widths = narrow_tab.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"{name} is {widths[0]} px wide in a {widths[1]} px window"


def test_long_addresses_and_names_wrap_inside_their_column_at_320_css_pixels(narrow_tab, wide_site):
    """The 200-character address and the long name break inside the table's columns (and in
    the facts above it), however long; the table scrolls in its region, not the page."""
    narrow_tab.goto(wide_site.url + WIDE_MEETING)
    cells = narrow_tab.evaluate(
        "texts => [...document.querySelectorAll('td')]"
        ".filter(td => texts.some(t => td.textContent.includes(t)))"
        ".map(td => [td.getBoundingClientRect().width, td.getBoundingClientRect().height,"
        " parseFloat(getComputedStyle(td).lineHeight)])",
        [LONG_ADDRESS, LONG_NAME],
    )
    assert len(cells) == 2
    for width, height, line in cells:
        assert width < 200  # a column, not the length of the address or name
        assert height > 4 * line  # wrapped over lines
    place = narrow_tab.evaluate(
        "[...document.querySelectorAll('.facts dd')].map(dd => dd.getBoundingClientRect().right)"
    )
    assert max(place) <= 320
    region = narrow_tab.locator(".table-region").first
    widths = region.evaluate("r => [r.scrollWidth, r.clientWidth, r.getBoundingClientRect().right]")
    assert widths[0] > widths[1]  # six columns at 320 px: it scrolls, in its region
    assert widths[2] <= 320
    region.focus()
    narrow_tab.keyboard.press("ArrowRight")  # … and from the keyboard (the browser animates it)
    narrow_tab.wait_for_function("r => r.scrollLeft > 0", arg=region.element_handle())


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_table_is_a_named_region_the_keyboard_reaches_with_a_visible_focus_ring(
    browser, wide_site, scheme
):
    context = browser.new_context(viewport=VIEWPORT, color_scheme=scheme)
    try:
        tab = context.new_page()
        tab.goto(wide_site.url + WIDE_MEETING)
        for _ in range(40):
            tab.keyboard.press("Tab")
            if tab.evaluate("document.activeElement.matches('[role=region]')"):
                break
        region = tab.evaluate(
            "(() => { const r = document.activeElement, s = getComputedStyle(r);"
            " return [r.getAttribute('aria-label'), r.firstElementChild.tagName,"
            " s.outlineStyle, parseFloat(s.outlineWidth), s.boxShadow, s.backgroundColor]; })()"
        )
        assert region[:2] == ["Table: 2 Action log", "TABLE"]
        assert region[2] == "solid"
        assert region[3] >= 2
        assert "rgb(255, 221, 0)" in region[4]  # the yellow ring, seen on light and dark
        assert region[5] == "rgba(0, 0, 0, 0)"  # the table keeps its own colours
    finally:
        context.close()


TARGETS = (
    ".site-header a, .breadcrumbs a, .toc a, .tags a, .az-jump a, .pager a, "
    ".meeting-list > li > a, .index-list > li > a, .documents a, .site-footer a"
)


@pytest.mark.parametrize(
    "name", ["meeting", "organisations", "topic", "accessibility", "people", "person"]
)
def test_links_outside_sentences_are_at_least_24_pixels_tall(narrow_tab, request, name):
    """WCAG 2.5.8 Target Size (Minimum), measured at 320 px where lists are tightest."""
    narrow_tab.goto(url_of(request, name))
    sizes = narrow_tab.evaluate(
        "selector => [...document.querySelectorAll(selector)]"
        ".map(a => [a.textContent.trim().slice(0, 30), a.getBoundingClientRect().height])",
        TARGETS,
    )
    assert len(sizes) > 3
    assert [(text, height) for text, height in sizes if height < 24] == []


def test_lines_of_text_stay_a_comfortable_length_on_a_wide_screen(page, sample_site):
    """About 80 characters at most: paragraphs are no wider than 42rem at 1280 px."""
    page.goto(sample_site.url + MEETING_2011)
    widest = page.evaluate(
        "Math.max(...[...document.querySelectorAll('main p, main li')].map(e => e.offsetWidth))"
    )
    root_font = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert 500 < widest <= 42 * root_font


def test_the_first_tab_reaches_the_skip_link_which_moves_focus_to_the_content(page, sample_site):
    page.goto(sample_site.url + MEETING_2011)
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.className, document.activeElement.hash]")
    assert focused == ["skip-link", "#main"]
    skip = page.locator(".skip-link")
    assert skip.is_visible()
    box = skip.bounding_box()
    assert box is not None
    assert box["y"] >= 0
    assert box["width"] >= 24
    assert box["height"] >= 24
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")  # the next stop is inside the main content
    assert page.evaluate("document.getElementById('main').contains(document.activeElement)")


def test_the_keyboard_focus_is_clearly_visible(page, sample_site):
    page.goto(sample_site.url + MEETING_2011)
    link = page.locator("main a").first
    link.focus()
    style = link.evaluate(
        "a => { const s = getComputedStyle(a);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth), s.backgroundColor]; }"
    )
    assert style[0] == "solid"
    assert style[1] >= 2
    assert style[2] == "rgb(255, 221, 0)"


def test_no_page_requests_anything_outside_the_site(page, request):
    for name in PAGES:
        page.requested.clear()
        url = url_of(request, name)
        page.goto(url)  # waits for the load event: the stylesheet and anything else
        assert_only_local_requests(page.requested, url)


def test_print_hides_navigation_and_keeps_the_title_and_date(browser, varied_site):
    """Printed from a dark-scheme screen, the page is still black on white paper."""
    context = browser.new_context(viewport=VIEWPORT, color_scheme="dark")
    try:
        tab = context.new_page()
        tab.goto(varied_site.url + VARIED_MEETING)
        tab.emulate_media(media="print")
        for hidden in (".skip-link", ".site-header nav", ".breadcrumbs", ".pager", ".site-footer"):
            assert not tab.locator(hidden).first.is_visible(), hidden
        assert tab.locator("h1").is_visible()
        assert tab.locator(".meeting-header time").first.is_visible()
        assert tab.locator("h2#item-2 .item-number").inner_text() == "2"
        colours = tab.evaluate(
            "[getComputedStyle(document.body).backgroundColor,"
            " getComputedStyle(document.querySelector('h1')).color,"
            " getComputedStyle(document.querySelector('.site-title a')).color]"
        )
        assert colours == ["rgb(255, 255, 255)", "rgb(0, 0, 0)", "rgb(0, 0, 0)"]
        address = tab.locator(".documents li").first.inner_text()
        assert address == (
            "Budget report "
            "(https://example.org/meetings/2025/10/01/halton-borough-council/budget-report.pdf)"
        )
        tab.emulate_media(media="screen")
        assert tab.locator(".documents li").first.inner_text() == "Budget report"
        pdf = tab.pdf(format="A4", prefer_css_page_size=True)
        assert pdf.startswith(b"%PDF")
        assert len(pdf) > 5_000
    finally:
        context.close()


def test_reduced_motion_turns_smooth_scrolling_off(browser, sample_site):
    behaviours = {}
    for motion in ("no-preference", "reduce"):
        context = browser.new_context(viewport=VIEWPORT, reduced_motion=motion)
        tab = context.new_page()
        tab.goto(sample_site.url + MEETING_2011)
        behaviours[motion] = tab.evaluate(
            "getComputedStyle(document.documentElement).scrollBehavior"
        )
        context.close()
    assert behaviours == {"no-preference": "smooth", "reduce": "auto"}
