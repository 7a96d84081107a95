"""One entry of an attendance list → a person: name, organisation as written, role, chair.

"Chris Patino<TAB>HBC (Operational Director – Acting Chair)", "Miss Richardson - Chairperson",
"S. Eastwood<TAB>HBC Health and Community", "Cllr A Smith (Chairman)", "Jo Bloggs, NCC".
An organisation is what matches the site's organisations and aliases (the longest match at the
start of the details), or failing that what reads like a body's name; the rest is the role.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from minutebook.core.model import Organisation
from minutebook.reading.vocabulary import Vocabulary

_BODY_WORDS = re.compile(
    r"\b(?:council|police|constabulary|trust|authority|agency|partnership|association|ltd|limited"
    r"|plc|nhs|university|college|school|academy|church|society|club|federation|commission"
    r"|department|ministry|foundation|company|corporation|inc|institute|fire|probation|hospital"
    r"|county|borough|district|parish|ccg|cic|charity|housing|network|union|group|committee"
    r"|board|panel|forum|cabinet|assembly|governors|governing|steering|executive\s+committee)\b",
    re.IGNORECASE,
)
ROLE_WORDS = re.compile(
    r"\b(?:executive|director|secretary|clerk|chair\w*|officer|manager|head\w*|treasurer"
    r"|minutes|president|lead|adviser|advisor|solicitor|coordinator|member|governor|trustee"
    r"|councillor|representative|observer)\b",
    re.IGNORECASE,
)
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&/]{1,7}$")
_CHAIR = re.compile(r"(?<!vice[\s-])(?<!deputy\s)\bchair(?:man|woman|person)?\b", re.IGNORECASE)
_DASH = re.compile(r"\s+[-–—]\s+")
PUBLIC = re.compile(
    r"\b(?:\d+|no|one|two|three|four|five|six|seven|eight|nine|ten|several|many|some)\s+"
    r"(?:members?\s+of\s+(?:the\s+)?public|parishioners?|residents?|observers?)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    organisation: str | None = None  # as written
    role: str | None = None
    is_chair: bool = False
    line: int = 0
    doubt: str | None = None  # what a clerk should check about this entry


def person_of(
    cells: list[str], line: int, organisations: Vocabulary[Organisation]
) -> Person | None:
    """A person from the cells of one entry (one cell, or name and details split by tabs)."""
    cells = [_plain(cell) for cell in cells if _plain(cell)]
    if not cells:
        return None
    name, details = _split_name(cells[0])
    if len(cells) > 1:  # "Dr R Calder (Chair)<TAB>Northvale CCG": the role goes after the body
        details = " ".join(cells[1:]) + (f" ({details})" if details else "")
    name = name.strip(" ,;:-–")
    if not name or len(name.split()) > 7 or not any(ch.isalpha() for ch in name):
        return None
    organisation, role, doubt = split_details(details, organisations)
    chair = bool(role and _CHAIR.search(role)) or bool(_CHAIR.search(name))
    return Person(name, organisation, role, chair, line, doubt)


def _plain(text: str) -> str:
    text = re.sub(r"^\s*(?:[-*•·]|\d+[.)])\s+", "", text)
    return " ".join(text.replace("**", "").replace("__", "").split()).strip(" ,;")


def _split_name(entry: str) -> tuple[str, str]:
    """'Cllr A Smith (Chairman)' → ('Cllr A Smith', 'Chairman'); 'Jo Bloggs - Clerk' likewise."""
    match = re.match(r"^(?P<name>[^()]+?)\s*\((?P<details>.+)\)\s*$", entry)
    if match:
        return match.group("name"), match.group("details")
    parts = _DASH.split(entry, maxsplit=1)
    if len(parts) == 2:
        return parts[0], parts[1]
    return entry, ""


def split_details(
    details: str, organisations: Vocabulary[Organisation]
) -> tuple[str | None, str | None, str | None]:
    """(organisation, role, doubt) from the words after a name."""
    details = details.strip(" ,;:-–")
    if not details:
        return None, None, None
    match = re.match(r"^(?P<before>[^()]*?)\s*\((?P<inside>.+)\)\s*$", details)
    if match:
        before, inside = match.group("before").strip(" ,-–"), match.group("inside")
        if not before:
            return split_details(inside, organisations)
        return before, inside, _unknown(before, organisations)
    if organisations.resolve(details):
        return details, None, None
    parts = _DASH.split(details, maxsplit=1)
    if len(parts) == 2 and (organisations.resolve(parts[0]) or is_body_name(parts[0])):
        return parts[0], parts[1], _unknown(parts[0], organisations)
    words = details.split()
    for size in range(len(words) - 1, 0, -1):  # the longest known organisation at the start
        head = " ".join(words[:size])
        if organisations.resolve(head):
            return head, " ".join(words[size:]).strip(" ,-–") or None, None
    if is_body_name(details) and not ROLE_WORDS.search(details):
        return details, None, _unknown(details, organisations)
    if _ACRONYM.match(words[0]) and len(words) > 1 and words[0].isupper():
        return words[0], " ".join(words[1:]), _unknown(words[0], organisations)
    return None, details, None


def is_body_name(text: str) -> bool:
    return bool(_BODY_WORDS.search(text)) or bool(_ACRONYM.match(text.strip()))


def _unknown(organisation: str, organisations: Vocabulary[Organisation]) -> str | None:
    if organisations.resolve(organisation):
        return None
    return f"'{organisation}' is not in minutebook.yaml: is it an organisation or a role?"


def is_chair_role(text: str) -> bool:
    return bool(_CHAIR.search(text))
