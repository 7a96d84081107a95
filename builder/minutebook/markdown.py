"""The one configured Markdown parser: body text → introduction and agenda items, as HTML.

Raw HTML in the minutes is escaped, unless the site sets `allow_html: true`: then it is kept,
and every item's HTML is cleaned by nh3 (the Ammonia sanitiser) against an allow-list of tags,
attributes and URL schemes. Either way a link or image whose address is not http(s), mailto,
tel or relative (javascript:, vbscript:, data:…, however it is spelled) is not made a link.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import unquote

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.deflist import deflist_plugin

from minutebook.agenda import (
    ItemHeading,
    is_exempt_like,
    item_anchor,
    metadata_line,
    split_heading,
)
from minutebook.vocabulary import slugify

ITEM_TAG = "h2"
SUBHEADING_TAG = "h3"


LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_IGNORED_IN_URLS = re.compile(r"[\t\n\r]")
_SPACE_AND_CONTROLS = "".join(map(chr, range(0x21)))

# What `allow_html: true` lets through: text markup, lists, tables, quotes, images, links and
# sub-headings; never script, style, forms, frames, embeds or event attributes. `## ` headings
# are agenda items, so <h1> and <h2> are not allowed in the text.
ALLOWED_TAGS = frozenset((
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd",
    "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp",
    "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "time", "tr", "u", "ul", "var",
))  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": {"title", "lang", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start", "type"},
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "scope", "style"},
    "time": {"datetime"},
    **{f"h{level}": {"id"} for level in range(3, 7)},  # anchors of sub-headings
}


def is_safe_link(url: str) -> bool:
    """Relative, or http(s)/mailto/tel: the scheme as a browser reads it (it drops tabs and
    line breaks, and spaces and control characters around the address, and ignores case)."""
    cleaned = _IGNORED_IN_URLS.sub("", url).strip(_SPACE_AND_CONTROLS)
    scheme = _SCHEME.match(cleaned)
    return scheme is None or scheme.group(1).lower() in LINK_SCHEMES


@cache
def parser(allow_html: bool = False) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": allow_html, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.use(deflist_plugin)
    md.validateLink = is_safe_link  # type: ignore[method-assign]
    return md


def sanitise(html: str) -> str:
    """HTML from minutes that may hold raw HTML → only allow-listed tags, attributes and URLs."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(LINK_SCHEMES),
        link_rel=None,
        filter_style_properties={"text-align"},
    )


@dataclass(frozen=True, slots=True)
class BodySubheading:
    title: str
    anchor: str


@dataclass(slots=True)
class BodyItem:
    heading: ItemHeading
    anchor: str
    line: int  # 1-based file line of the heading
    html: str = ""
    subheadings: list[BodySubheading] = field(default_factory=list)
    metadata: list[tuple[str, str, int]] = field(default_factory=list)  # (key, value, line)


@dataclass(frozen=True, slots=True)
class BodyLink:
    """A relative link to a Markdown file, as written: `[last meeting](2011-02-15.md)`."""

    href: str  # as markdown-it normalised it (percent-encoded)
    line: int  # 1-based file line
    column: int  # 1-based, or 0 when the target is not written on that line


@dataclass(frozen=True, slots=True)
class Body:
    intro_html: str
    items: tuple[BodyItem, ...]
    links: tuple[BodyLink, ...] = ()  # in the HTML as placeholders: see resolve_meeting_links
    misplaced_exempt_lines: tuple[int, ...] = ()  # file lines of `Exempt:` lines not under a `## `


def parse_body(text: str, first_line: int, *, allow_html: bool = False) -> Body:
    """Split the body at level-2 headings; lines in results are file lines (1-based)."""
    lines = text.split("\n")
    metadata, misplaced = _take_metadata_lines(lines)
    md = parser(allow_html)
    env: dict[str, object] = {}

    def render(tokens: list[Token]) -> str:
        html = str(md.renderer.render(tokens, md.options, env))
        return sanitise(html) if allow_html else html

    tokens = md.parse("\n".join(lines), env)
    links = _take_meeting_links(tokens, lines, first_line)
    intro: list[Token] = []
    items: list[BodyItem] = []
    chunks: list[list[Token]] = []
    used: set[str] = set()
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "heading_open" and token.tag == ITEM_TAG and token.level == 0:
            inline = tokens[index + 1]
            line0 = token.map[0] if token.map else 0
            heading = split_heading(plain_text(inline))
            anchor = _unique(item_anchor(heading), used)  # a repeated number gets "-2"
            item = BodyItem(heading, anchor, first_line + line0)
            item.metadata = [(k, v, first_line + n) for k, v, n in metadata.pop(line0, [])]
            items.append(item)
            chunks.append([])
            index += 3  # heading_open, inline, heading_close: the template shows the heading
            continue
        if token.type == "heading_open" and token.tag == SUBHEADING_TAG and items:
            title = " ".join(plain_text(tokens[index + 1]).split())
            anchor = _unique(f"{items[-1].anchor}-{slugify(title)}", used)
            token.attrSet("id", anchor)
            items[-1].subheadings.append(BodySubheading(title, anchor))
        (chunks[-1] if items else intro).append(token)
        index += 1
    # Metadata taken under a line that the parser did not make an item heading (a heading
    # inside an HTML block, say): an exemption there would withhold nothing, so it is an error.
    misplaced += [n for taken in metadata.values() for key, _, n in taken if key == "exempt"]
    for item, chunk in zip(items, chunks, strict=True):
        item.html = render(chunk)
    return Body(
        render(intro), tuple(items), links, tuple(first_line + n for n in sorted(misplaced))
    )


# A link to another meeting's file is rendered with this in its href, and resolved once the
# archive is known. Clerks cannot write it: markdown-it percent-encodes '{' and '}' in link targets.
_PLACEHOLDER = "{{meeting-link:{index}}}"
_PLACEHOLDER_LINK = re.compile(r'<a href="\{meeting-link:(\d+)\}"([^>]*)>(.*?)</a>', re.DOTALL)
_MARKDOWN_FILE = re.compile(
    r"^(?![A-Za-z][A-Za-z0-9+.\-]*:|/|#)[^?#]*\.md(?:[?#].*)?$", re.IGNORECASE
)


def is_markdown_file_link(href: str) -> bool:
    """`2011-02-15.md`, `../shp/2011-02-15.md#item-shp41`; not `https://…`, `/x.md` or `#a`."""
    return _MARKDOWN_FILE.match(href) is not None


def _take_meeting_links(
    tokens: Sequence[Token], lines: list[str], first_line: int
) -> tuple[BodyLink, ...]:
    """Every relative link to a Markdown file, in order; each href becomes a placeholder."""
    links: list[BodyLink] = []
    for token in tokens:
        if token.type != "inline" or not token.children or not token.map:
            continue
        line0 = token.map[0]
        for child in token.children:
            if child.type in ("softbreak", "hardbreak"):
                line0 += 1
            href = child.attrGet("href") if child.type == "link_open" else None
            if not isinstance(href, str) or not is_markdown_file_link(href):
                continue
            written = lines[line0] if line0 < len(lines) else ""
            column = written.find(unquote(href)) + 1
            links.append(BodyLink(href, first_line + line0, column))
            child.attrSet("href", _PLACEHOLDER.format(index=len(links) - 1))
    return tuple(links)


def resolve_meeting_links(text: str, url_of: Callable[[int], str | None]) -> str:
    """Put each linked meeting's URL in place of its placeholder (`url_of(index)`).

    A link whose meeting is not published (a draft) keeps its text and loses its link.
    """

    def replace(match: re.Match[str]) -> str:
        url = url_of(int(match.group(1)))
        if url is None:
            return match.group(3)
        return f'<a href="{html.escape(url)}"{match.group(2)}>{match.group(3)}</a>'

    return _PLACEHOLDER_LINK.sub(replace, text)


def _take_metadata_lines(
    lines: list[str],
) -> tuple[dict[int, list[tuple[str, str, int]]], list[int]]:
    """Blank out `Topics:`/`Action:`/`Exempt:` lines right under each `## ` heading, keeping
    line numbers.

    Returns ({heading line (0-based): [(key, value, line0)]}, [line0 of every other line that
    looks like an `Exempt:` line]): those would be published as text, so they are errors.
    """
    found: dict[int, list[tuple[str, str, int]]] = {}
    misplaced: list[int] = []
    fence: str | None = None
    for number, line in enumerate(lines):
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            fence = None if fence and stripped.startswith(fence) else (fence or stripped[:3])
            continue
        if fence is None and line.startswith("## "):
            found[number] = _metadata_after(lines, number)
        elif fence is None and is_exempt_like(line):
            misplaced.append(number)
    return found, misplaced


def _metadata_after(lines: list[str], heading: int) -> list[tuple[str, str, int]]:
    taken: list[tuple[str, str, int]] = []
    number = heading + 1
    while number < len(lines) and not lines[number].strip():
        number += 1
    while number < len(lines) and (parsed := metadata_line(lines[number].strip())):
        taken.append((parsed[0], parsed[1], number))
        lines[number] = ""
        number += 1
    return taken


def _unique(anchor: str, used: set[str]) -> str:
    candidate, counter = anchor, 2
    while candidate in used:
        candidate, counter = f"{anchor}-{counter}", counter + 1
    used.add(candidate)
    return candidate


def plain_text(inline: Token) -> str:
    """The text of an inline token without its Markdown markup (`**Alcohol**` → `Alcohol`)."""
    return "".join(_texts(inline.children or []))


def _texts(tokens: Sequence[Token]) -> list[str]:
    parts: list[str] = []
    for token in tokens:
        if token.type in ("text", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif token.children:
            parts.extend(_texts(token.children))
    return parts
