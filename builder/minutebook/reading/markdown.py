"""The one configured Markdown parser: body text → introduction and agenda items, as HTML.

Two engines give the same result: markdown-it-pyrs (markdown-it compiled from Rust, about 13
times faster: it decides how long a cold build of 10,000 meetings takes) for ordinary minutes, and
markdown-it-py for everything the fast engine cannot be trusted with: raw HTML (`allow_html`), a
link whose address is refused, and anything its output does not line up with. A property test
holds the two to the same output.

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
from typing import Any
from urllib.parse import unquote

import markdown_it_pyrs
import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.deflist import deflist_plugin

from minutebook.reading.agenda import (
    ItemHeading,
    is_exempt_like,
    item_anchor,
    metadata_line,
    split_heading,
)
from minutebook.reading.vocabulary import slugify

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
    """A link or image whose address is not a web address (see is_internal_link), as written:
    `[last meeting](2011-02-15.md)`, `[report](report-q1.pdf)`, `[budget](#item-shp42)`."""

    href: str  # as markdown-it normalised it (percent-encoded): an image's src
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
    if not allow_html:
        fast = parse_body_fast(text, first_line)
        if fast is not None:
            return fast
    return parse_body_slow(text, first_line, allow_html=allow_html)


def parse_body_slow(text: str, first_line: int, *, allow_html: bool = False) -> Body:
    """parse_body with markdown-it-py, whose token stream can be changed before rendering."""
    lines, metadata, misplaced, prepared = _prepare(text)
    md = parser(allow_html)
    env: dict[str, object] = {}

    def render(tokens: list[Token]) -> str:
        html = str(md.renderer.render(tokens, md.options, env))
        return sanitise(html) if allow_html else html

    tokens = md.parse(prepared, env)
    links = _take_links(tokens, lines, first_line)
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
            items.append(_new_item(plain_text(inline), line0, first_line, metadata, used))
            chunks.append([])
            index += 3  # heading_open, inline, heading_close: the template shows the heading
            continue
        if token.type == "heading_open" and token.tag == SUBHEADING_TAG and items:
            token.attrSet("id", _new_subheading(plain_text(tokens[index + 1]), items[-1], used))
        (chunks[-1] if items else intro).append(token)
        index += 1
    for item, chunk in zip(items, chunks, strict=True):
        item.html = render(chunk)
    return Body(render(intro), tuple(items), links, _misplaced(metadata, misplaced, first_line))


def _prepare(
    text: str,
) -> tuple[list[str], dict[int, list[tuple[str, str, int]]], list[int], str]:
    """The body's lines, its metadata lines taken out (see _take_metadata_lines), and the text
    both engines read: NUL made U+FFFD (as CommonMark says) and a last line break added, so
    that neither engine has its own idea of an unfinished last line."""
    lines = text.split("\n")
    metadata, misplaced = _take_metadata_lines(lines)
    prepared = "\n".join(lines).replace("\0", "\ufffd")
    return lines, metadata, misplaced, prepared if prepared.endswith("\n") else prepared + "\n"


def _new_item(
    text: str,
    line0: int,
    first_line: int,
    metadata: dict[int, list[tuple[str, str, int]]],
    used: set[str],
) -> BodyItem:
    """The item a `## ` heading starts, on body line `line0`, with the metadata lines under it."""
    heading = split_heading(text)
    anchor = _unique(item_anchor(heading), used)  # a repeated number gets "-2"
    item = BodyItem(heading, anchor, first_line + line0)
    item.metadata = [(k, v, first_line + n) for k, v, n in metadata.pop(line0, [])]
    return item


def _new_subheading(text: str, item: BodyItem, used: set[str]) -> str:
    """A `### ` sub-heading of the item: recorded for the contents list; returns its anchor."""
    title = " ".join(text.split())
    anchor = _unique(f"{item.anchor}-{slugify(title)}", used)
    item.subheadings.append(BodySubheading(title, anchor))
    return anchor


def _misplaced(
    metadata: dict[int, list[tuple[str, str, int]]], misplaced: list[int], first_line: int
) -> tuple[int, ...]:
    # Metadata taken under a line that the parser did not make an item heading (a heading
    # inside an HTML block, say): an exemption there would withhold nothing, so it is an error.
    misplaced = misplaced + [n for taken in metadata.values() for k, _, n in taken if k == "exempt"]
    return tuple(first_line + n for n in sorted(misplaced))


# -- the fast engine ---------------------------------------------------------------------------

# markdown-it-py's "commonmark" preset with raw HTML off, plus tables, strikethrough and
# definition lists: the same rules, so the same HTML.
FAST_RULES: tuple[Any, ...] = (
    "blockquote", "code", "fence", "heading", "hr", "lheading", "list", "paragraph", "reference",
    "autolink", "backticks", "emphasis", "entity", "escape", "image", "link", "newline",
    "strikethrough", "table", "deflist",
)  # fmt: skip
# The fast engine also writes where each element starts (`data-sourcepos="line:column-…"`, its
# "sourcepos" rule): the lines of the headings and links, read from the HTML instead of from a
# tree of the parse, which took as long to make and walk as the parse itself. With raw HTML off
# every '<' and '"' of the text is escaped, so these match only the tags and attributes it writes.
_POSITION = re.compile(r' data-sourcepos="[^"]*"')
_POSITIONED = re.compile(r'<(h2|h3|a|img) data-sourcepos="(\d+):(\d+)-[^"]*"([^>]*)>')
_ADDRESS = re.compile(r' (?:href|src)="([^"]*)"')
_ANY_TAG = re.compile(r"<[^>]*>")
_IMAGE = re.compile(r'<img [^>]*?alt="([^"]*)"[^>]*>')  # a heading's text holds an image's alt
# The elements a heading can sit in; outside all of them it is at the top level.
_CONTAINERS = (("<blockquote", "</blockquote>"), ("<li", "</li>"), ("<dd", "</dd>"))
_MARK = re.compile(r'<(h2|h3)>|<(a) href="[^"]*"|<(img) src="[^"]*"')

# markdown-it-pyrs recurses once per level of nesting and crashes the process (it does not raise)
# at about 50,000 levels. Each level takes at least one of these characters, so a text with few
# of them is safe; a line that starts with a long run of quote and list markers, or more
# than a few thousand emphasis and bracket characters, go to the slow engine, which has a limit.
_NESTING_CHARACTERS = "*_~[>"
_MOST_NESTING_CHARACTERS = 5_000
_DEEP_LINE_LENGTH = 500
_DEEP_LINE = re.compile(rf"[ \t>*+\-.)0-9]{{{_DEEP_LINE_LENGTH}}}")


def _fast_engine_can_read(text: str, lines: Sequence[str]) -> bool:
    """Whether the text (its `lines`) is certainly nested too little to crash the fast engine,
    and free of what makes it panic: markdown-it-pyrs 0.4 fails on some code spans (`) after an
    open bracket ([), found by fuzzing it; 900,000 random texts without both gave no other."""
    if "`" in text and "[" in text:
        return False
    count = sum(text.count(character) for character in _NESTING_CHARACTERS)
    if count > _MOST_NESTING_CHARACTERS:
        return False
    # Only a line that long can start with that many markers, so only such lines are looked
    # at (a search of the whole text took as long as the checks above together).
    return not any(_DEEP_LINE.match(line) for line in lines if len(line) >= _DEEP_LINE_LENGTH)


@cache
def fast_parser() -> markdown_it_pyrs.MarkdownIt:
    return markdown_it_pyrs.MarkdownIt("zero").enable_many([*FAST_RULES, "sourcepos"])


@dataclass(frozen=True, slots=True)
class _Mark:
    """An element whose opening tag the fast path finds in the HTML: an h2, an h3, a link or an
    image."""

    tag: str  # "h2", "h3", "a" or "img"
    line0: int  # body line (0-based) where the element starts
    text: str = ""  # a heading's plain text
    href: str = ""  # a link's or image's address, as the parser normalised it
    top_level: bool = False  # an h2 not inside a list, quote or definition


def _marks(positioned: str) -> list[_Mark] | None:
    """Every h2, h3, link and image of the HTML with positions, in document order; None if it
    holds a link or image whose address is refused (the slow engine shows it as text)."""
    marks: list[_Mark] = []
    for match in _POSITIONED.finditer(positioned):
        tag, line, column, attributes = match.groups()
        line0 = int(line) - 1
        if tag in ("a", "img"):
            address = _ADDRESS.match(attributes)
            url = html.unescape(address.group(1)) if address else ""
            if address is None or not is_safe_link(url):
                return None
            marks.append(_Mark(tag, line0, href=url))
            continue
        inner = positioned[match.end() : positioned.index(f"</{tag}>", match.end())]
        if "<" in inner:
            inner = _ANY_TAG.sub("", _IMAGE.sub(r"\1", inner))
        # What a list item, quote or definition holds never starts at column 1.
        top_level = tag == "h2" and (
            column == "1" or _outside_containers(positioned, match.start())
        )
        marks.append(_Mark(tag, line0, html.unescape(inner).replace("\n", " "), "", top_level))
    return marks


def _outside_containers(positioned: str, at: int) -> bool:
    """Whether the element that starts at `at` is outside every list item, quote and definition."""
    return all(
        positioned.count(opening, 0, at) == positioned.count(closing, 0, at)
        for opening, closing in _CONTAINERS
    )


def parse_body_fast(text: str, first_line: int) -> Body | None:
    """parse_body with markdown-it-pyrs, or None when only the slow engine can be trusted.

    The fast engine renders the whole body at once; the agenda items are then cut out of that
    HTML at its top-level `<h2>` tags, sub-headings get their ids and links to meeting files
    their placeholders, each matched in document order with what the same HTML, with positions
    (see _POSITIONED), says of it.
    """
    lines, metadata, misplaced, prepared = _prepare(text)
    if not _fast_engine_can_read(prepared, lines):
        return None
    try:
        positioned = fast_parser().render(prepared)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # a Rust panic arrives as a BaseException: the slow engine reads it
        return None
    marks = _marks(positioned)
    if marks is None:
        return None
    rendered = _POSITION.sub("", positioned)
    found = list(_MARK.finditer(rendered))
    if [next(filter(None, match.groups())) for match in found] != [m.tag for m in marks]:
        return None  # the HTML does not line up with its positions
    used: set[str] = set()
    items: list[BodyItem] = []
    links: list[BodyLink] = []
    chunks: list[list[str]] = [[]]  # the introduction's HTML, then each item's
    start = 0  # how far into `rendered` the chunks go
    for match, mark in zip(found, marks, strict=True):
        # A link in an item's heading takes its place in the numbering of links, as in the
        # slow engine, but its HTML is not kept: pages show the heading's text.
        inside_heading = match.start() < start
        replacement: str | None = None
        if mark.tag == "h2" and mark.top_level:
            items.append(_new_item(mark.text, mark.line0, first_line, metadata, used))
            chunks[-1].append(rendered[start : match.start()])
            chunks.append([])
            start = rendered.index("</h2>\n", match.end()) + len("</h2>\n")
        elif mark.tag == "h3" and items:
            anchor = _new_subheading(mark.text, items[-1], used)
            replacement = f'<h3 id="{html.escape(anchor)}">'
        elif mark.tag in _ADDRESSES and is_internal_link(mark.href):
            written = lines[mark.line0] if mark.line0 < len(lines) else ""
            column = written.find(unquote(mark.href)) + 1
            links.append(BodyLink(mark.href, first_line + mark.line0, column))
            placeholder = _PLACEHOLDER.format(index=len(links) - 1)
            replacement = f'<{mark.tag} {_ADDRESSES[mark.tag]}="{placeholder}"'
        if replacement is not None and not inside_heading:
            chunks[-1].append(rendered[start : match.start()] + replacement)
            start = match.end()
    chunks[-1].append(rendered[start:])
    for item, chunk in zip(items, chunks[1:], strict=True):
        item.html = "".join(chunk)
    return Body(
        "".join(chunks[0]), tuple(items), tuple(links), _misplaced(metadata, misplaced, first_line)
    )


# A link or image whose address is not a web address is rendered with this in its href (src),
# and resolved once the archive is known. Clerks cannot write it: markdown-it percent-encodes '{'
# and '}' in addresses.
_PLACEHOLDER = "{{meeting-link:{index}}}"
_PLACEHOLDER_LINK = re.compile(r'<a href="\{meeting-link:(\d+)\}"([^>]*)>(.*?)</a>', re.DOTALL)
_PLACEHOLDER_IMAGE = re.compile(r'<img src="\{meeting-link:(\d+)\}" alt="([^"]*)"([^>]*)>')
_ADDRESSES = {"a": "href", "img": "src"}  # the attribute holding each tag's address
_MARKDOWN_FILE = re.compile(
    r"^(?![A-Za-z][A-Za-z0-9+.\-]*:|/|#)[^?#]*\.md(?:[?#].*)?$", re.IGNORECASE
)
# No scheme and no host (`//host/…`), and a path or a fragment: `[x]()` and `[x](?a)` lead to
# the page they are on.
_INTERNAL = re.compile(r"^(?![A-Za-z][A-Za-z0-9+.\-]*:|//)(?:[^?#]|[^#]*#.)")
_ID = re.compile(r'<[a-z][a-z0-9]*\s[^>]*?(?<=\s)id="([^"]*)"')


def is_markdown_file_link(href: str) -> bool:
    """`2011-02-15.md`, `../shp/2011-02-15.md#item-shp41`; not `https://…`, `/x.md` or `#a`."""
    return _MARKDOWN_FILE.match(href) is not None


def is_internal_link(href: str) -> bool:
    """A link into the site rather than a web address: `2011-02-15.md`, `report.pdf`,
    `#item-5`, `/papers/`; not `https://…`, `mailto:…`, `//example.org/` or an empty one."""
    return _INTERNAL.match(href) is not None


def html_ids(text: str) -> list[str]:
    """The ids of the elements of HTML as the engines (and the sanitiser) write it: every '<'
    of the text is escaped there, so only tags match."""
    return [html.unescape(found) for found in _ID.findall(text)]


def _take_links(tokens: Sequence[Token], lines: list[str], first_line: int) -> tuple[BodyLink, ...]:
    """Every link and image into the site (see is_internal_link), in order; each address
    becomes a placeholder."""
    links: list[BodyLink] = []
    for token in tokens:
        if token.type != "inline" or not token.children or not token.map:
            continue
        line0 = token.map[0]
        for child in token.children:
            if child.type in ("softbreak", "hardbreak"):
                line0 += 1
            attribute = _ADDRESSES.get(child.tag) if child.type in ("link_open", "image") else None
            href = child.attrGet(attribute) if attribute else None
            if attribute and isinstance(href, str) and is_internal_link(href):
                written = lines[line0] if line0 < len(lines) else ""
                column = written.find(unquote(href)) + 1
                links.append(BodyLink(href, first_line + line0, column))
                child.attrSet(attribute, _PLACEHOLDER.format(index=len(links) - 1))
            if child.type == "image" and child.children:  # its text may run over lines
                line0 += sum(c.type in ("softbreak", "hardbreak") for c in child.children)
    return tuple(links)


def resolve_meeting_links(text: str, url_of: Callable[[int], str | None]) -> str:
    """Put where each link and image leads in place of its placeholder (`url_of(index)`).

    One that leads nowhere published (draft minutes, a file that is not a document of the
    meeting) keeps its text and loses its link; an image, its text in place of the picture.
    """

    def image(match: re.Match[str]) -> str:
        url = url_of(int(match.group(1)))
        if url is None:
            return match.group(2)
        return f'<img src="{html.escape(url)}" alt="{match.group(2)}"{match.group(3)}>'

    def link(match: re.Match[str]) -> str:
        url = url_of(int(match.group(1)))
        if url is None:
            return match.group(3)
        return f'<a href="{html.escape(url)}"{match.group(2)}>{match.group(3)}</a>'

    # Images first: a link's text may hold one.
    return _PLACEHOLDER_LINK.sub(link, _PLACEHOLDER_IMAGE.sub(image, text))


_TABLE = re.compile(r"<table\b[^>]*>")


def wrap_tables(text: str, label: Callable[[int, int], str]) -> str:
    """Each table of the HTML in a region a keyboard can reach (and scroll, when the table is
    wider than the page), named `label(number, count)` for a screen reader to announce: every
    '<' of the text is escaped in the HTML the engines (and the sanitiser) write, so only the
    tables' own tags match."""
    count = len(_TABLE.findall(text))
    if not count:
        return text
    numbers = iter(range(1, count + 1))

    def region(match: re.Match[str]) -> str:
        name = html.escape(label(next(numbers), count))
        return f'<div class="table-region" role="region" tabindex="0" aria-label="{name}">' + (
            match.group()
        )

    return _TABLE.sub(region, text).replace("</table>", "</table></div>")


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
