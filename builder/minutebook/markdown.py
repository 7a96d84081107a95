"""The one configured Markdown parser: body text → introduction and agenda items, as HTML.

Raw HTML is escaped (markdown-it `html=False`), and markdown-it refuses `javascript:`,
`vbscript:` and `data:` link targets, so minutes text cannot inject script.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

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
class Body:
    intro_html: str
    items: tuple[BodyItem, ...]
    duplicate_anchors: tuple[tuple[str, int], ...] = ()  # (anchor, line) of repeated numbers
    misplaced_exempt_lines: tuple[int, ...] = ()  # file lines of `Exempt:` lines not under a `## `


def parse_body(text: str, first_line: int) -> Body:
    """Split the body at level-2 headings; lines in results are file lines (1-based)."""
    lines = text.split("\n")
    metadata, misplaced = _take_metadata_lines(lines)
    md = parser()
    env: dict[str, object] = {}
    tokens = md.parse("\n".join(lines), env)
    intro: list[Token] = []
    items: list[BodyItem] = []
    chunks: list[list[Token]] = []
    used: set[str] = set()
    duplicates: list[tuple[str, int]] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "heading_open" and token.tag == ITEM_TAG and token.level == 0:
            inline = tokens[index + 1]
            line0 = token.map[0] if token.map else 0
            heading = split_heading(plain_text(inline))
            anchor = _unique(item_anchor(heading), used)
            if anchor != item_anchor(heading):
                duplicates.append((item_anchor(heading), first_line + line0))
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
        item.html = md.renderer.render(chunk, md.options, env)
    return Body(
        md.renderer.render(intro, md.options, env),
        tuple(items),
        tuple(duplicates),
        tuple(first_line + n for n in sorted(misplaced)),
    )


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


def render_inline(text: str) -> str:
    """Markdown in a single-line value (a title, a location) → inline HTML."""
    return str(parser().renderInline(text))
