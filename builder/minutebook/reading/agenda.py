"""Agenda items: numbers as clerks write them, stable anchors, procedural items, metadata lines."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from minutebook.reading.vocabulary import slugify

# SHP41 Presentation…, 5. Budget, 5) Budget, Item 5: Budget, 5a. Budget, (5) Budget
_NUMBERED = re.compile(
    r"""^\s*(?:
        (?:item|agenda\ item)\s+(?P<item>\d+[a-z]?)\s*[.:)\-–]?       # Item 5: …
      | \(?(?P<digits>\d+[a-z]?)\s*[.)]                                # 5. …  5) …  (5) …
      | (?P<code>[A-Z]{2,6}\d+[a-z]?)(?=[\s.:)\-–]|$)[.:)\-–]?        # SHP41 …
      | (?P<spaced>[A-Z]{2,6}\s\d+[a-z]?)[.:)\-–]                     # SHP 41: … (not NHS 111 …)
    )\s*(?P<title>.*)$""",
    re.IGNORECASE | re.VERBOSE,
)

_PROCEDURAL = re.compile(
    r"""^(?:
        welcome(?:\s*(?:&|and)\s*introductions?)? | introductions?
      | apologies(?:\s+for\s+absence)?
      | (?:approval\s+of\s+(?:the\s+)?)?minutes
        (?:\s+(?:of|from)\s+(?:the\s+)?(?:last|previous)\s+meeting)?
        (?:\s*(?:&|and)\s*matters\s+arising)?
      | matters\s+arising
      | declarations?\s+of\s+interests?
      | any\s+other\s+business | a\.?o\.?b\.?
      | (?:items?\s+for\s+information|information\s+items?)
      | date(?:\s*(?:&|and)\s*time)?\s+of\s+(?:the\s+)?next(?:\s+\w+)?\s+meeting
    )\s*:?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)

METADATA_KEYS = {
    "topics": "topics",
    "topic": "topics",
    "action": "actions",
    "actions": "actions",
    "exempt": "exempt",
}
_METADATA_LINE = re.compile(r"^(?P<key>[A-Za-z]+)\s*:\s*(?P<value>.*\S)\s*$")
# Any line that looks like an exemption, wherever it is: one not taken as an item's metadata
# line would otherwise be published as text, with the item it meant to withhold.
_EXEMPT_LIKE = re.compile(r"^\s*[*_]*\s*exempt\w*(?:\s+information)?\s*[*_]*\s*:", re.IGNORECASE)
_EXEMPT_PARAGRAPHS = re.compile(
    r"""^(?:paragraphs?|paras?\.?)?\s*
    (?P<numbers>\d+(?:\s*(?:,|and|&)\s*\d+)*)
    (?:\s+of\s+schedule\s+12a(?:\s+to\s+the\s+local\s+government\s+act\s+1972)?)?\.?$""",
    re.IGNORECASE | re.VERBOSE,
)
SCHEDULE_12A_PARAGRAPHS = range(1, 8)


@dataclass(frozen=True, slots=True)
class ItemHeading:
    number: str | None
    title: str
    number_format: str = "{}"  # how the number is written: "{})" for "5)", "Item {}:" for "Item 5:"


def split_heading(text: str) -> ItemHeading:
    """'SHP41 PRESENTATION: X' → ('SHP41', 'PRESENTATION: X'); unnumbered headings keep it all."""
    text = " ".join(text.split())
    match = _NUMBERED.match(text)
    if match is None or not match.group("title"):
        return ItemHeading(None, text)
    group = next(name for name in ("item", "digits", "code", "spaced") if match.group(name))
    start, end = match.span(group)
    number_format = (text[:start] + "{}" + text[end : match.start("title")]).strip()
    return ItemHeading(
        match.group(group).replace(" ", ""), match.group("title").strip(), number_format
    )


def item_anchor(heading: ItemHeading) -> str:
    return "item-" + slugify(heading.number or heading.title)


def is_procedural(title: str) -> bool:
    """Welcome, apologies, last minutes, AOB…: shown, but not indexed under a topic."""
    return _PROCEDURAL.match(title.strip().rstrip(".")) is not None


def metadata_line(line: str) -> tuple[str, str] | None:
    """`Topics: A, B` → ('topics', 'A, B'); other lines → None."""
    match = _METADATA_LINE.match(line)
    if match is None:
        return None
    key = METADATA_KEYS.get(match.group("key").lower())
    return (key, match.group("value")) if key else None


def is_exempt_like(line: str) -> bool:
    """`Exempt: paragraph 3`, `**Exemption:**`…: a line meant to withhold an item."""
    return _EXEMPT_LIKE.match(line) is not None


def exempt_paragraphs(value: str) -> tuple[int, ...] | None:
    """`paragraph 3` → (3,); `paragraphs 1 and 3` → (1, 3); anything else → None."""
    match = _EXEMPT_PARAGRAPHS.match(" ".join(value.split()))
    if match is None:
        return None
    return tuple(dict.fromkeys(int(n) for n in re.findall(r"\d+", match.group("numbers"))))


def split_list(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in re.split(r"[,;]", value) if part.strip())


_NUMBER_PARTS = re.compile(r"^(?P<series>[A-Za-z]*)\s*(?P<value>\d+)(?P<suffix>[A-Za-z]?)$")


@dataclass(frozen=True, slots=True, order=True)
class ItemNumber:
    """An item number taken apart: SHP41 → ('SHP', 41, ''), 5a → ('', 5, 'a')."""

    series: str  # the letters before the digits, in capitals; "" for plain numbers
    value: int
    suffix: str = ""  # a letter after the digits, in lower case

    @classmethod
    def of(cls, number: str) -> ItemNumber | None:
        match = _NUMBER_PARTS.match(number.strip())
        if match is None:
            return None
        return cls(match["series"].upper(), int(match["value"]), match["suffix"].lower())

    def is_coded(self) -> bool:
        """A coded series (SHP38, SHP39…) runs on from meeting to meeting; plain numbers restart."""
        return bool(self.series)

    def __str__(self) -> str:
        return f"{self.series}{self.value}{self.suffix}"


@dataclass(frozen=True, slots=True)
class NumberingSlip:
    """An item whose number repeats an earlier one, or is lower than the one before it."""

    line: int
    number: str
    earlier: str  # the number it repeats, or the higher one just before it
    earlier_line: int
    is_repeat: bool


def numbering_slips(items: Iterable[tuple[str | None, int]]) -> list[NumberingSlip]:
    """Repeated and backward numbers among (number, line) pairs, each series on its own.

    Gaps are fine (items are withdrawn); a number lower than the previous one of its series is out
    of sequence; a number seen before is a repeat (and only that).
    """
    seen: dict[ItemNumber, tuple[str, int]] = {}
    previous: dict[str, tuple[ItemNumber, str, int]] = {}
    slips: list[NumberingSlip] = []
    for number, line in items:
        parsed = ItemNumber.of(number) if number else None
        if number is None or parsed is None:
            continue
        if parsed in seen:
            first, first_line = seen[parsed]
            slips.append(NumberingSlip(line, number, first, first_line, is_repeat=True))
        elif parsed.series in previous and parsed < previous[parsed.series][0]:
            _, before, before_line = previous[parsed.series]
            slips.append(NumberingSlip(line, number, before, before_line, is_repeat=False))
        seen.setdefault(parsed, (number, line))
        previous[parsed.series] = (parsed, number, line)
    return slips
