"""Agenda items: numbers as clerks write them, stable anchors, procedural items, metadata lines."""

from __future__ import annotations

import re
from dataclasses import dataclass

from minutebook.vocabulary import slugify

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

METADATA_KEYS = {"topics": "topics", "topic": "topics", "action": "actions", "actions": "actions"}
_METADATA_LINE = re.compile(r"^(?P<key>[A-Za-z]+)\s*:\s*(?P<value>.*\S)\s*$")


@dataclass(frozen=True, slots=True)
class ItemHeading:
    number: str | None
    title: str


def split_heading(text: str) -> ItemHeading:
    """'SHP41 PRESENTATION: X' → ('SHP41', 'PRESENTATION: X'); unnumbered headings keep it all."""
    text = " ".join(text.split())
    match = _NUMBERED.match(text)
    if match is None or not match.group("title"):
        return ItemHeading(None, text)
    number = (
        match.group("item") or match.group("digits") or match.group("code") or match.group("spaced")
    )
    return ItemHeading(number.replace(" ", ""), match.group("title").strip())


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


def split_list(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in re.split(r"[,;]", value) if part.strip())
