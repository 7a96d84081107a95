"""The one configured Markdown parser: body text → introduction and agenda items, as HTML.

Raw HTML is escaped (markdown-it `html=False`), and markdown-it refuses `javascript:`,
`vbscript:` and `data:` link targets, so minutes text cannot inject script.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.deflist import deflist_plugin

from minutebook.agenda import ItemHeading, item_anchor, metadata_line, split_heading
from minutebook.vocabulary import slugify

ITEM_TAG = "h2"
SUBHEADING_TAG = "h3"


@cache
def parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.use(deflist_plugin)
    return md


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


def parse_body(text: str, first_line: int) -> Body:
    """Split the body at level-2 headings; lines in results are file lines (1-based)."""
    lines = text.split("\n")
    metadata = _take_metadata_lines(lines)
    md = parser()
    env: dict[str, object] = {}
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
            item.metadata = [(k, v, first_line + n) for k, v, n in metadata.get(line0, [])]
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
    for item, chunk in zip(items, chunks, strict=True):
        item.html = md.renderer.render(chunk, md.options, env)
    return Body(md.renderer.render(intro, md.options, env), tuple(items), links)


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


def _take_metadata_lines(lines: list[str]) -> dict[int, list[tuple[str, str, int]]]:
    """Blank out `Topics:`/`Action:` lines right under each `## ` heading, keeping line numbers.

    Returns {heading line (0-based): [(key, value, line0)]}.
    """
    found: dict[int, list[tuple[str, str, int]]] = {}
    fence: str | None = None
    for number, line in enumerate(lines):
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            fence = None if fence and stripped.startswith(fence) else (fence or stripped[:3])
            continue
        if fence is None and line.startswith("## "):
            found[number] = _metadata_after(lines, number)
    return found


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


def render_inline(text: str) -> str:
    """Markdown in a single-line value (a title, a location) → inline HTML."""
    return str(parser().renderInline(text))
