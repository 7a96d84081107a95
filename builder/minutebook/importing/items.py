"""Where the agenda items start: numbered headings in their common forms, or headings.

Every line that could start an item is a candidate of one style: `SHP41 TITLE` (a coded
series), `1.`, `1)`, `Item 1:`, `14/09/1`, `12/345` (a minute reference), a bold line, an
ALL-CAPS line, a Markdown heading of one level. The style with the most candidates in sequence
wins, so a numbered list inside an item (`1. Define…`) is not taken for items when the items
are `SHP38`, `SHP39`…, and numbers that go backwards (a list restarting at 1) are left as text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from minutebook.importing.attendance import label_of
from minutebook.importing.dates import find_dates
from minutebook.reading.agenda import split_heading

_STYLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("item", re.compile(r"^(?:agenda\s+)?item\s+(?P<n>\d+[a-z]?)\s*[.:)\-–]?\s*(?P<t>.+)$", re.I)),
    ("code", re.compile(r"^(?P<code>[A-Z]{2,6})\s?(?P<n>\d+[a-z]?)\b[.:)\-–]?\s+(?P<t>.+)$")),
    ("ref", re.compile(r"^(?P<n>\d{1,4}/\d{1,4}(?:/\d{1,4})?)\.?\s+(?P<t>.+)$")),
    # a council's minute reference: Cou/285/07-08, PC/12/2019
    (
        "minute",
        re.compile(r"^[A-Z][A-Za-z]{0,5}/(?P<n>\d{1,4})/\d{2}(?:[-/]\d{2,4})?\.?\s+(?P<t>.+)$"),
    ),
    ("dot", re.compile(r"^(?P<n>\d{1,3})\.\s+(?P<t>.+)$")),
    ("dotted", re.compile(r"^(?P<n>\d{1,3}\.\d{1,3})\.?\s+(?P<t>.+)$")),  # 21.44 ELECTION
    ("paren", re.compile(r"^\(?(?P<n>\d{1,3})\)\s+(?P<t>.+)$")),
    ("space", re.compile(r"^(?P<n>\d{1,3})\s+(?P<t>[A-Z][^\s].*)$")),
    ("bold", re.compile(r"^\*\*(?P<t>[^*]+?)\*\*\s*:?$")),
    ("caps", re.compile(r"^(?P<t>(?=.*[A-Z]{3})[A-Z0-9][A-Z0-9 &,:;'’/()\-–.?]+)$")),
)
_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<t>.+?)\s*#*\s*$")
# Headings that name a part of the minutes rather than an item of business.
_SECTION = re.compile(
    r"^(?:agenda|agenda\s+items|minutes|notes|meeting\s+notes|present|attendees|attendance"
    r"|in\s+attendance|action\s+items|actions|table\s+of\s+contents|contents)\s*:?$",
    re.IGNORECASE,
)
_PRIORITY: tuple[str, ...] = (
    *("md", "code", "item", "ref", "minute", "dot", "dotted", "paren", "bold", "space", "caps"),
)
_MAX_TITLE_WORDS = 16


@dataclass(frozen=True, slots=True)
class ItemStart:
    index: int  # 0-based line
    prefix: str  # the number as written, with its punctuation ("SHP41 ", "1) ", "Item 3: ")
    title: str
    level: int = 0  # for Markdown headings
    rest: str = ""  # text after the title on its line: "4. Minutes: the minutes … were approved."


def plain(line: str) -> str:
    return line.strip().replace("\t", " ")


def candidates(lines: tuple[str, ...]) -> dict[str, list[tuple[ItemStart, str | None]]]:
    """Every line that could start an item, by style, with its number (if numbered)."""
    found: dict[str, list[tuple[ItemStart, str | None]]] = {}
    for index, line in enumerate(lines):
        for style, start, number in _line_candidates(line, index):
            found.setdefault(style, []).append((start, number))
    return found


def _line_candidates(line: str, index: int) -> list[tuple[str, ItemStart, str | None]]:
    text = plain(line)
    label = label_of(text)
    if not text or (label is not None and label[0] != "apologies" and not text.startswith("#")):
        return []
    heading = _HEADING.match(text)
    if heading:
        title = heading.group("t").replace("**", "").strip()
        if _SECTION.match(title):
            return []
        level = len(heading.group("hashes"))
        return [(f"md{level}", ItemStart(index, "", title, level), None)]
    if text.startswith(("-", "*", "•", "|", ">")) and not text.startswith("**"):
        return []
    out: list[tuple[str, ItemStart, str | None]] = []
    for style, pattern in _STYLES:
        match = pattern.match(text)
        if match is None:
            continue
        title = match.group("t").replace("**", "").strip(" :")
        title, rest = _title_and_text(title) if "n" in match.groupdict() else (title, "")
        words = title.split()
        if not words or len(words) > _MAX_TITLE_WORDS or _is_sentence(title):
            continue
        if style in {"ref", "dot", "dotted", "space"} and find_dates(text[:12]):
            continue  # 15/02/2011 … is a date, not a minute reference
        title_label = label_of(title)
        if style in {"caps", "bold"} and (
            len(title) < 4 or (title_label is not None and title_label[0] != "apologies")
        ):
            continue
        number = match.groupdict().get("n")
        code = match.groupdict().get("code")
        key = f"code:{code}" if code else style
        prefix = text[: match.start("t")] if "n" in match.groupdict() else ""
        out.append((key, ItemStart(index, prefix.replace("**", ""), title, rest=rest), number))
    return out


def _title_and_text(title: str) -> tuple[str, str]:
    """'Minutes: the minutes of 9 January were approved.' → ('Minutes', 'the minutes of …'):
    a numbered item whose text (a sentence) follows its title on the same line. A title with a
    colon in it ('Presentation: update on the project') is left whole."""
    head, colon, text = title.partition(":")
    is_text = text.rstrip().endswith((".", ";", "!")) and len(text.split()) >= 2
    if colon and is_text and 0 < len(head.split()) <= 6:
        return head.strip(), text.strip()
    return title, ""


def _is_sentence(title: str) -> bool:
    """A paragraph that happens to start with a number: long, or full stop after many words."""
    words = title.split()
    return len(words) > 10 and title.rstrip().endswith((".", ";"))


def _without_agenda(
    found: list[tuple[ItemStart, str | None]], lines: tuple[str, ...]
) -> list[tuple[ItemStart, str | None]]:
    """Minutes that open with their agenda (1. Apologies / 2. Minutes / 3. Planning, one line
    each) and then number the same items again: the list is the agenda, not the items."""
    run = 1
    while run < len(found) and _listed_together(found[run - 1], found[run], lines):
        run += 1
    numbers = [number for _, number in found]
    first = numbers[0] if numbers else None
    if run >= 3 and first is not None and first in numbers[run:]:
        return found[run:]
    return found


def _listed_together(
    before: tuple[ItemStart, str | None],
    after: tuple[ItemStart, str | None],
    lines: tuple[str, ...],
) -> bool:
    """Two numbered lines with nothing but blank lines between them, numbered upwards."""
    between = lines[before[0].index + 1 : after[0].index]
    rising = before[1] is not None and after[1] is not None and _key(after[1]) > _key(before[1])
    return rising and not any(line.strip() for line in between)


def _key(number: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", number))


def _in_sequence(found: list[tuple[ItemStart, str | None]]) -> list[ItemStart]:
    """The candidates whose numbers run upwards (gaps allowed); unnumbered ones all count."""
    kept: list[ItemStart] = []
    last: tuple[int, ...] | None = None
    for start, number in found:
        if number is None:
            kept.append(start)
            continue
        key = _key(number)
        if last is None or (key > last and key[-1] - last[-1] <= 5) or key[:-1] > last[:-1]:
            kept.append(start)
            last = key
    return kept


def find_items(lines: tuple[str, ...], heading_end: int = -1) -> tuple[list[ItemStart], str | None]:
    """The items' starts and the style chosen ("md2", "code:SHP", "paren", …; None: no items).

    Unnumbered candidates (headings, bold and capital lines) up to `heading_end`, the line
    that dates the meeting, are the minutes' title, not items.
    """
    found = {
        style: [
            s
            for s in _in_sequence(_without_agenda(starts, lines))
            if s.index > heading_end or s.prefix.strip()
        ]
        for style, starts in candidates(lines).items()
    }
    best = max(found, key=_score(found), default=None)
    if best is None or len(found[best]) == 0:
        return [], None
    starts = found[best]
    if best.startswith("md"):
        starts = _markdown_items(found, int(best[2:]))
    return starts, best


def _score(found: dict[str, list[ItemStart]]) -> Callable[[str], tuple[int, int]]:
    def score(style: str) -> tuple[int, int]:
        base = style.split(":")[0][:2] if style.startswith("md") else style.split(":")[0]
        rank = len(_PRIORITY) - _PRIORITY.index(base if base != "md" else "md")
        count = len(found[style])
        if base in {"caps", "bold", "space"}:
            count = count * 2 // 3  # weaker evidence than a number
        return count, rank

    return score


def _markdown_items(found: dict[str, list[ItemStart]], level: int) -> list[ItemStart]:
    """Headings of the agenda's level, and shallower ones after the first (later sections)."""
    chosen = found[f"md{level}"]
    numbered = [s for s in chosen if split_heading(s.title).number]
    if len(numbered) * 2 >= len(chosen):  # unnumbered headings before item 1 are sections
        chosen = [s for s in chosen if s.index >= numbered[0].index]
    first = chosen[0].index
    shallower = [
        start
        for style, starts in found.items()
        if style.startswith("md") and int(style[2:]) < level
        for start in starts
        if start.index > first
    ]
    return sorted(chosen + shallower, key=lambda s: s.index)
