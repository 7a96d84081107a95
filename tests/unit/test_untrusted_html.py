"""Minutes text is untrusted: raw HTML is escaped, or (with allow_html) sanitised by nh3, and no
link or image ever gets a javascript:, vbscript:, data: or file: address, however it is spelled.

Addresses in the output are checked the way a browser reads them (html.parser unescapes the
attribute; tabs and line breaks are dropped, spaces and control characters trimmed, case ignored).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from conftest import build_site, make_site, parse_text, rendered
from minutebook.reading.config import parse_config
from minutebook.reading.markdown import (
    is_safe_link,
    parse_body,
    resolve_meeting_links,
    sanitise,
)

DANGEROUS_SCHEMES = {"javascript", "vbscript", "data", "file"}


class Elements(HTMLParser):
    """Every start tag with its attributes, entities unescaped as a browser would."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))


def elements(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = Elements()
    parser.feed(html)
    parser.close()
    return parser.elements


def browser_scheme(url: str) -> str | None:
    cleaned = re.sub(r"[\t\n\r]", "", url).strip("".join(map(chr, range(0x21))))
    match = re.match(r"^([A-Za-z][A-Za-z0-9+.\-]*):", cleaned)
    return match.group(1).lower() if match else None


THEME_SEARCH_FORM = re.compile(
    r'<form class="header-search" role="search" action="/search/" method="get">.*?</form>', re.S
)


def assert_no_script_can_run(html: str, *, page: bool = False) -> None:
    """No element that runs or loads anything; a whole page may have the theme's head, and the
    theme's own search form in its header (a GET to the site's search page)."""
    if page:
        html = THEME_SEARCH_FORM.sub("", html, count=1)
    for tag, attrs in elements(html):
        # A whole page has the theme's one print <style> in its head (text via css_string).
        # (and a meeting page its JSON-LD: data, which no browser runs)
        if page and tag == "script" and attrs == {"type": "application/ld+json"}:
            continue
        assert tag not in {"script", "iframe", "object", "embed", "svg", "math", "form"}
        assert tag != "style" or (page and attrs.get("media") == "print"), (tag, attrs)
        assert tag not in {"base", "frame", "input", "button"}
        assert page or tag not in {"meta", "link"}
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert name not in {"style", "srcset", "formaction"} or tag in {"td", "th"}
            if name in {"href", "src", "action", "xlink:href", "background", "poster"}:
                assert browser_scheme(value) not in DANGEROUS_SCHEMES, (tag, name, value)


def body_html(text: str, *, allow_html: bool) -> str:
    """The text's HTML, each link into the site pointing where it was written to (the pages
    point it at what it names: see MeetingPage.linked_url)."""
    body = parse_body(text, 1, allow_html=allow_html)
    html = body.intro_html + "".join(item.html for item in body.items)
    return resolve_meeting_links(html, lambda index: body.links[index].href)


HOSTILE_LINKS = [
    "[a](javascript:alert(1))",
    "[a](JaVaScRiPt:alert(1))",
    "[a](JAVASCRIPT:alert(1))",
    "[a](&#106;avascript:alert(1))",
    "[a](&#x6A;avascript:alert(1))",
    "[a](&#X6a;&#x61;vascript:alert(1))",
    "[a](javascript&colon;alert(1))",
    "[a](java&#9;script:alert(1))",
    "[a](java&#x0A;script:alert(1))",
    "[a](&#x20;javascript:alert(1))",
    "[a](&#0;javascript:alert(1))",
    "[a](%6Aavascript:alert(1))",
    "[a](<javascript:alert(1)>)",
    "[a](vbscript:msgbox(1))",
    "[a](VBScript:msgbox(1))",
    "[a](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[a](DATA:text/html,<script>alert(1)</script>)",
    "![i](data:image/png;base64,iVBORw0KGgo=)",
    "![i](data:image/svg+xml;base64,PHN2Zz4=)",
    "[a](file:///etc/passwd)",
    "<javascript:alert(1)>",
    "<JavaScript:alert(1)>",
    "<data:text/html,x>",
    "[a][ref]\n\n[ref]: javascript:alert(1)",
    "[a][ref]\n\n[ref]: <&#106;avascript:alert(1)>",
    "![i][img]\n\n[img]: data:image/png;base64,xx",
]


@pytest.mark.parametrize("allow_html", [False, True], ids=["escaped", "allow_html"])
@pytest.mark.parametrize("text", HOSTILE_LINKS)
def test_a_hostile_link_is_never_rendered_as_a_link(text, allow_html):
    html = body_html(text, allow_html=allow_html)
    assert_no_script_can_run(html)


@pytest.mark.parametrize("allow_html", [False, True], ids=["escaped", "allow_html"])
@pytest.mark.parametrize(
    ("text", "href"),
    [
        ("[a](https://example.org/x?y=1)", "https://example.org/x?y=1"),
        ("[a](HTTP://example.org/)", "HTTP://example.org/"),
        ("[a](mailto:clerk@example.org)", "mailto:clerk@example.org"),
        ("[a](tel:+441514242061)", "tel:+441514242061"),
        ("[a](/meetings/2011/)", "/meetings/2011/"),
        ("[a](#item-shp41)", "#item-shp41"),
        ("[a](report.pdf)", "report.pdf"),
        ("<https://example.org/>", "https://example.org/"),
    ],
)
def test_ordinary_links_stay_links(text, href, allow_html):
    html = body_html(text, allow_html=allow_html)
    assert [attrs["href"] for tag, attrs in elements(html) if tag == "a"] == [href]


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("javascript:x", False),
        (" \tJaVa\nScRiPt:x", False),
        ("\x01javascript:x", False),
        ("vbscript:x", False),
        ("data:image/png;base64,x", False),
        ("file:///etc/passwd", False),
        ("https://example.org/", True),
        ("mailto:a@b", True),
        ("/relative/path", True),
        ("relative/path:with-colon-later", True),
        ("java%09script:x", True),  # not a scheme for a browser: a relative path
    ],
)
def test_is_safe_link(url, safe):
    assert is_safe_link(url) is safe


def test_raw_html_is_escaped_by_default():
    html = body_html(
        '<script>alert(1)</script>\n\n<b onclick="x()">bold</b> <img src=x onerror=alert(1)>',
        allow_html=False,
    )
    assert_no_script_can_run(html)
    assert [tag for tag, _ in elements(html)] == ["p", "p"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


HOSTILE_HTML = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<img src="javascript:alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="&#x20;javascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
    '<a href="https://example.org/" onmouseover="alert(1)">x</a>',
    "<svg onload=alert(1)><circle r=1></svg>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "<iframe src=https://example.org/></iframe>",
    "<object data=x.swf></object><embed src=x.swf>",
    '<form action="https://evil.example/"><input name=p><button>Go</button></form>',
    "<style>body { display: none }</style>",
    '<p style="background:url(javascript:alert(1))">p</p>',
    '<div style="position:fixed;inset:0">overlay</div>',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<link rel=stylesheet href="https://evil.example/x.css">',
    "<details open ontoggle=alert(1)>x</details>",
    "<!--<img src=x onerror=alert(1)>-->",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "<h2>A fake agenda item</h2>",
]


@pytest.mark.parametrize("text", HOSTILE_HTML)
def test_raw_html_allowed_by_the_site_is_sanitised(text):
    html = body_html(f"Before.\n\n{text}\n\nAfter.", allow_html=True)
    assert_no_script_can_run(html)
    assert "<h2" not in html  # agenda items come from '## ' headings only
    assert "Before." in html
    assert "After." in html


def test_allowed_html_keeps_harmless_markup():
    html = body_html(
        "<p>Text with <abbr title='Anti-social behaviour'>ASB</abbr>, <sup>1</sup> and "
        "<a href='https://example.org/'>a link</a>.</p>\n\n"
        "<table><tr><th scope=col style='text-align:right'>Cost</th></tr>"
        "<tr><td>£5</td></tr></table>\n\n"
        "## 5. Budget\n\n### a) Detail\n\n<details><summary>More</summary>Hidden</details>\n",
        allow_html=True,
    )
    assert '<abbr title="Anti-social behaviour">ASB</abbr>' in html
    assert '<a href="https://example.org/">a link</a>' in html
    assert '<th scope="col" style="text-align:right">Cost</th>' in html
    assert '<h3 id="item-5-a-detail">a) Detail</h3>' in html  # sub-heading anchors survive
    assert "<details><summary>More</summary>Hidden</details>" in html


def test_an_unclosed_tag_cannot_swallow_the_next_item():
    body = parse_body("## 1. First\n\n<div><em>open\n\n## 2. Second\n\nText\n", 1, allow_html=True)
    first, second = body.items
    assert first.html.count("<div>") == first.html.count("</div>") == 1
    assert first.html.count("<em>") == first.html.count("</em>")
    assert "<div" not in second.html


def test_sanitise_is_nh3_with_the_allow_list():
    assert sanitise('<p onclick="x">a</p><script>b</script>') == "<p>a</p>"


def test_an_exempt_line_inside_an_html_block_is_an_error_not_a_leak():
    """With HTML allowed, a '## ' line inside an HTML block is not an item heading: an
    Exempt: line under it would withhold nothing, so it is an error."""
    _meeting, problems = parse_text(
        "---\norganisation: SHP\ndate: 2011-02-15\n---\n"
        "<div>\n## SHP45 Staffing\nExempt: paragraph 1\nSecret names.\n</div>\n",
        config="title: T\nallow_html: true\n",
    )
    assert problems == [
        "content/safer-halton-partnership/2011-02-15.md:7:1: error: this 'Exempt:' line is not "
        "right under an agenda item's '## ' heading, so it would be published as text and "
        "withhold nothing"
    ]


# -- the site setting ---------------------------------------------------------------------------


def test_allow_html_is_off_unless_the_config_says_true():
    assert parse_config("title: T\n")[0].allow_html is False
    assert parse_config("title: T\nallow_html: true\n")[0].allow_html is True
    assert parse_config("title: T\nallow_html: no\n")[0].allow_html is False
    _config, problems = parse_config("title: T\nallow_html: sometimes\n")
    assert [p.headline() for p in problems] == [
        "minutebook.yaml:2:13: error: 'allow_html' should be true or false, not 'sometimes'"
    ]


SITE = """
-- content/shp/2011-02-15.md --
---
organisation: Safer Halton Partnership
date: 2011-02-15
---
<p>Raw <strong>HTML</strong> paragraph.</p>

## SHP41 Item

<script>alert("item")</script><a href="javascript:alert(1)">click</a>
"""


def test_a_site_that_allows_html_publishes_it_sanitised(tmp_path):
    root = make_site(tmp_path, SITE + "-- minutebook.yaml --\ntitle: T\nallow_html: true\n")
    report = build_site(root)
    assert report.published, rendered(report.diagnostics)
    page = (root / "output/meetings/2011/02/15/safer-halton-partnership/index.html").read_text()
    assert "<p>Raw <strong>HTML</strong> paragraph.</p>" in page
    assert "<a>click</a>" in page
    assert_no_script_can_run(page, page=True)


def test_a_site_that_does_not_allow_html_shows_it_as_text(tmp_path):
    root = make_site(tmp_path, SITE)
    assert build_site(root).published
    page = (root / "output/meetings/2011/02/15/safer-halton-partnership/index.html").read_text()
    assert "&lt;p&gt;Raw &lt;strong&gt;HTML&lt;/strong&gt; paragraph.&lt;/p&gt;" in page
    assert_no_script_can_run(page, page=True)


@pytest.mark.parametrize("theme", ["../../etc", "/etc", "default/../../x", ".hidden", "a b"])
def test_the_theme_is_a_folder_name_never_a_path(theme):
    _, problems = parse_config(f'title: T\ntheme: "{theme}"\n')
    assert [p.headline() for p in problems] == [
        f"minutebook.yaml:2:8: error: 'theme' must be the name of a folder in themes/, "
        f"not '{theme}'"
    ]


@pytest.mark.parametrize("website", ["javascript:alert(1)", "www.halton.gov.uk", "data:,x"])
def test_an_organisation_website_must_be_a_web_address(website):
    config, problems = parse_config(
        f'title: T\norganisations:\n  - name: HBC\n    website: "{website}"\n'
    )
    assert [p.headline() for p in problems] == [
        f"minutebook.yaml:4:14: error: 'organisations[1].website' is not a web address: '{website}'"
    ]
    assert config is not None
    assert config.organisations[0].website is None
