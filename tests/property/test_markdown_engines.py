"""The two Markdown engines.

Minutes without raw HTML are read by markdown-it-pyrs (fast); `allow_html`, refused links and
deeply nested text go to markdown-it-py (slow). On minutes as clerks write them the two agree
byte for byte; on contrived text they can differ (a list right after a quote, a definition
list under a setext heading, emphasis next to a currency sign), as any two CommonMark
implementations do. What must hold whichever engine reads a body is checked on random text.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import markdown_it_pyrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minutebook.reading.markdown import (
    _POSITION,
    FAST_RULES,
    _Mark,
    _marks,
    _prepare,
    fast_parser,
    is_safe_link,
    parse_body,
    parse_body_fast,
    parse_body_slow,
)

ROOT = Path(__file__).resolve().parents[2]
MANY = settings(max_examples=300, deadline=None, database=None)

# Lines built from what minutes hold, and from what tends to trip a Markdown parser up.
LINE_PARTS = st.sampled_from([
    "## ", "### ", "#### ", "# ", "> ", "- ", "1. ", "2) ", "    ", "  ", "```", "~~~", "---",
    "===", "| a | b |", "|---|---|", ": ", "SHP41 ", "Item 5: ", "5. ", "Alcohol", "é", "**b**",
    "*e*", "_u_", "`c`", "~~s~~", "\\*", "&amp;", "&copy;", "<b>", "<div>", "<h2>", "[x]",
    "[last](2011-02-15.md)", "[item](../shp/2011-02-15.md#item-shp41)", "[w](https://e.org/a)",
    "[bad](javascript:alert(1))", "[f](ftp://e.org)", "![i](p.png)", "![j](javascript:x)", "<https://e.org>",
    "[r]: 2011-02-15.md", "[r]", "[sp](<a b.md>)", "[a](#item-5)", "[p](<report q1.pdf>)",
    "[s](/papers/)", '![c](chart.png "t")', "Topics: Alcohol", "Action: D. Parr",
    "Exempt: paragraph 3", "Exempt: paragraph 9", "\t", " ", "x", "  \\", "\x00", '"', "'", "£",
])  # fmt: skip
LINES = st.lists(st.lists(LINE_PARTS, max_size=6).map("".join), max_size=25).map("\n".join)
# Headings where the fast path must tell where they sit and what they say.
NESTED_PARTS = st.sampled_from([
    "- ## In a list\n", "> ## In a quote\n", "Term\n: ## In a definition\n", "1. ### x\n",
    "* a\n\n  ## b\n\n* c\n", "   ## indented\n", "Setext\n---\n", "Two\nlines\n===\n",
    "## ![an *image*](i.png) title\n", "## a [link](b.md) in it\n", "## x  \ny\n---\n",
    "## &quot;q&quot; &lt;h2&gt; \\# \n", "<https://a.b/c?d=1&e=2>", "[a](x.md \"t\")\n",
])  # fmt: skip
NESTED = st.lists(st.one_of(LINE_PARTS, NESTED_PARTS), max_size=30).map("".join)
# With raw HTML off, these are the only tags Markdown makes.
MARKDOWN_TAGS = {
    *[
        "p",
        "em",
        "strong",
        "code",
        "pre",
        "a",
        "img",
        "blockquote",
        "ul",
        "ol",
        "li",
        "hr",
        "br",
        "s",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    ],
    *["dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6"],
}
TAG = re.compile(r"<([a-z0-9]+)[\s/>]")
HREF = re.compile(r'(?:href|src)="([^"]*)"')
PLACEHOLDER = re.compile(r"^\{meeting-link:(\d+)\}$")


@MANY
@given(body=LINES, first_line=st.integers(1, 50))
def test_whichever_engine_reads_it_a_body_comes_out_safe_and_whole(
    body: str, first_line: int
) -> None:
    parsed = parse_body(body, first_line)
    lines = body.count("\n") + 1
    htmls = [parsed.intro_html, *(item.html for item in parsed.items)]
    body_lines = body.split("\n")
    metadata = {line - first_line for item in parsed.items for _, _, line in item.metadata}
    for html in htmls:
        assert set(TAG.findall(html)) <= MARKDOWN_TAGS  # the clerk's <b> and <div> are text
        for address in HREF.findall(html):
            placeholder = PLACEHOLDER.match(address)
            if placeholder:
                assert int(placeholder.group(1)) < len(parsed.links)
            else:
                assert is_safe_link(address)
    for item in parsed.items:
        assert first_line <= item.line < first_line + lines
        assert body.split("\n")[item.line - first_line].lstrip(" ").startswith("#") or (
            item.line - first_line + 1 < lines  # a setext heading: underlined on the next line
        )
        for key, _, line in item.metadata:  # Topics:/Action:/Exempt: lines are never shown
            written = body_lines[line - first_line].strip()
            # (unless the same words are written again on a line that is not metadata)
            again = any(written in text for n, text in enumerate(body_lines) if n not in metadata)
            assert written not in item.html or not key or again
    assert len({item.anchor for item in parsed.items}) == len(parsed.items)


@given(body=LINES)
@settings(max_examples=100, deadline=None, database=None)
def test_raw_html_is_always_left_to_the_slow_engine(body: str) -> None:
    assert parse_body(body, 1, allow_html=True) == parse_body_slow(body, 1, allow_html=True)


def minutes_files(tmp_path: Path) -> list[Path]:
    """The sample archive, every fixture, and 60 generated meetings shaped like real minutes."""
    generated = tmp_path / "generated"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate.py"), "60", str(generated)],
        check=True,
        capture_output=True,
    )
    return [
        *(ROOT / "content").rglob("*.md"),
        *(ROOT / "tests" / "fixtures").rglob("*.md"),
        *(generated / "content").rglob("*.md"),
    ]


def test_on_real_minutes_the_engines_agree_byte_for_byte(tmp_path: Path) -> None:
    files = minutes_files(tmp_path)
    fast_ones = 0
    for path in files:
        body = path.read_text(encoding="utf-8", errors="replace").split("\n---\n", 1)[-1]
        fast = parse_body_fast(body, 7)
        if fast is not None:
            fast_ones += 1
            assert fast == parse_body_slow(body, 7), path
    assert len(files) > 80
    assert fast_ones >= len(files) * 0.9  # falling back for most files would be a regression


def test_ordinary_minutes_take_the_fast_engine() -> None:
    body = (
        "Present: see above.\n\n## SHP41 ALCOHOL\nTopics: Alcohol\n\nText with a [link]"
        "(2011-02-15.md) and a table:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n### Sub\n\nMore.\n"
    )
    fast = parse_body_fast(body, 10)
    assert fast is not None
    assert [item.heading.number for item in fast.items] == ["SHP41"]
    assert fast.items[0].subheadings[0].anchor == "item-shp41-sub"
    assert '<h3 id="item-shp41-sub">' in fast.items[0].html
    assert fast.links[0].line == 15 and fast.links[0].href == "2011-02-15.md"
    assert '<a href="{meeting-link:0}">link</a>' in fast.items[0].html


@pytest.mark.parametrize(
    "body",
    [
        "## 1. Item\n\n[files](ftp://example.org/minutes)\n",
        "## 1. Item\n\n![x](data:image/png;base64,AAAA)\n",
        "> " * 100_000 + "deep",
        "*" * 60_000 + "a" + "*" * 60_000,
        "![a" * 60_000 + "](x)" * 60_000,
        "An [open bracket, café `code",
        "**|[````",
    ],
    ids=[
        "refused link",
        "refused image",
        "deep quotes",
        "deep emphasis",
        "deep images",
        "code after a bracket (a panic in markdown-it-pyrs 0.4)",
        "backticks after a bracket (another)",
    ],
)
def test_what_the_fast_engine_cannot_be_trusted_with_goes_to_the_slow_one(body: str) -> None:
    # The deep ones would crash the process in the fast engine, which recurses without a limit;
    # the last two make it panic.
    assert parse_body_fast(body, 1) is None
    assert parse_body(body, 1) == parse_body_slow(body, 1)


def _marks_in_the_tree(prepared: str) -> list[_Mark] | None:
    """What `_marks` reads from the HTML, read from the parse tree instead (as it once was):
    the oracle for the positions, texts and addresses."""
    root = markdown_it_pyrs.MarkdownIt("zero").enable_many(list(FAST_RULES)).tree(prepared)
    encoded = prepared.encode()
    starts = [0, *(n + 1 for n in range(len(encoded)) if encoded[n] == 10)]
    top_level = {(node.name, node.srcmap) for node in root.children}

    def line0(node: markdown_it_pyrs.Node) -> int:
        offset = node.srcmap[0] if node.srcmap else 0
        return max(n for n, start in enumerate(starts) if start <= offset)

    def text(node: markdown_it_pyrs.Node) -> str:
        parts = []
        for child in node.children:
            if child.name in ("text", "text_special"):
                parts.append(str(child.meta.get("content", "")))
            elif child.name in ("softbreak", "hardbreak"):
                parts.append(" ")
            else:
                parts.append(text(child))
        return "".join(parts)

    def walk(node: markdown_it_pyrs.Node) -> list[markdown_it_pyrs.Node]:
        """Every node in document order, but what an image holds: its text is its alt, and
        the HTML has no element of it."""
        inside = [] if node.name == "image" else node.children
        return [node, *(found for child in inside for found in walk(child))]

    marks = []
    for node in walk(root):
        level = node.meta.get("level") if node.name in ("heading", "lheading") else None
        if level in (2, 3):
            top = level == 2 and (node.name, node.srcmap) in top_level
            marks.append(_Mark(f"h{level}", line0(node), text(node), "", top))
        elif node.name in ("link", "autolink", "image"):
            if not is_safe_link(str(node.meta.get("url", ""))):
                return None
            tag = "img" if node.name == "image" else "a"
            marks.append(_Mark(tag, line0(node), href=str(node.meta["url"])))
    return marks


@given(body=st.one_of(LINES, NESTED))
@settings(max_examples=500, deadline=None, database=None)
def test_the_fast_engine_reads_headings_and_links_from_its_html_as_its_parse_tree_holds_them(
    body: str,
) -> None:
    prepared = _prepare(body)[3]
    try:
        positioned = fast_parser().render(prepared)
    except BaseException:
        return
    assert _marks(positioned) == _marks_in_the_tree(prepared)
    plain = markdown_it_pyrs.MarkdownIt("zero").enable_many(list(FAST_RULES)).render(prepared)
    assert _POSITION.sub("", positioned) == plain  # positions come out, and nothing else
