"""People's names as minutes write them: "Cllr S Osborne", "Councillor Stan Osborne", "D. Parr",
"David Parr". Titles are not part of a name; initials stand for any first name they begin.

Pure functions of the text: the archive (archive/people.py) decides who is who from them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Titles and honours written around a name, which do not tell two people apart (casefolded,
# without their full stops).
TITLES = frozenset(
    {
        "cllr",
        "councillor",
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "prof",
        "professor",
        "rev",
        "revd",
        "reverend",
        "sir",
        "dame",
        "insp",
        "inspector",
        "supt",
        "superintendent",
        "ch",
        "chief",
        "sgt",
        "sergeant",
        "pc",
        "dci",
        "di",
    }
)
HONOURS = frozenset({"obe", "mbe", "cbe", "jp", "qpm", "dl", "mp", "kc", "qc"})
_PARENTHESES = re.compile(r"\([^)]*\)")
_TOKEN = re.compile(r"[^\s.,]+")


@dataclass(frozen=True, slots=True)
class PersonName:
    """A name as compared: its first names and initials, and its surname, casefolded."""

    given: tuple[str, ...]  # "david" or an initial "d"
    surname: str

    @property
    def key(self) -> str:
        """The name without titles, stops or case: "D. Parr" and "d parr" are one spelling."""
        return " ".join((*self.given, self.surname))

    @property
    def fullness(self) -> tuple[int, int]:
        """How much of the person the name says: first names written out, then initials."""
        return sum(len(g) > 1 for g in self.given), len(self.given)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def _words(name: str) -> list[str]:
    """The words of a name as written, without titles, honours and what is in brackets."""
    words = _TOKEN.findall(_PARENTHESES.sub(" ", name))
    while len(words) > 1 and _fold(words[0]) in TITLES:
        words = words[1:]
    while len(words) > 1 and _fold(words[-1]) in HONOURS:
        words = words[:-1]
    return words


def parse_name(name: str) -> PersonName:
    """The name compared: "Cllr D.J. Parr" → given (d, j), surname parr. Run-together capitals
    before the surname are initials ("DJ Parr")."""
    words = _words(name)
    if not words:
        return PersonName((), _fold(name.strip()))
    given: list[str] = []
    for word in words[:-1]:
        if word.isupper() and 1 < len(word) <= 3 and word.isalpha():
            given += [_fold(letter) for letter in word]
        else:
            given.append(_fold(word))
    return PersonName(tuple(given), _fold(words[-1]))


# Words of surnames written in lower case ("Ursula von der Leyen", "Tom de Silva").
_PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "la", "le", "du", "da", "di", "dos", "del"}
)


def is_a_name(written: str) -> bool:
    """Does the entry name one person? Minutes list others too, as "Two members of the public"
    or "3 residents": words in lower case (but a surname's particles) or figures say not."""
    words = _words(written)
    if not words or any(character.isdigit() for character in written):
        return False
    return all(word[:1].isupper() or word in _PARTICLES for word in words)


def name_key(name: str) -> str:
    return parse_name(name).key


def without_titles(name: str) -> str:
    """The name as written, less its titles and honours: the heading of a person's page when
    the config does not name them ("Councillor Stan Osborne" → "Stan Osborne")."""
    words = _words(name)
    if not words:
        return name.strip()
    start = name.find(words[0])
    end = name.rfind(words[-1]) + len(words[-1])
    return " ".join(name[start:end].split())


def _first_names_agree(one: str, other: str) -> bool:
    if len(one) == 1 or len(other) == 1:
        return one[0] == other[0]
    return one == other


def is_compatible(one: PersonName, other: PersonName) -> bool:
    """Could the two names be one person's? The same surname, and first names that agree as far
    as both go, an initial agreeing with any name it begins ("D. Parr", "David Parr"; not
    "Dave Parr", which the config's aliases say)."""
    if one.surname != other.surname:
        return False
    return all(_first_names_agree(a, b) for a, b in zip(one.given, other.given, strict=False))
