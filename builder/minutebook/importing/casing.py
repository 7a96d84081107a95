"""ALL-CAPS titles in sentence case, keeping acronyms (HBC, PCSO, NCC) and proper names.

A word keeps the form the rest of the document writes it in ("Halton", "ASB"); a word the
document never writes otherwise keeps its capitals when it has no vowel or digits, or is a
short word that is not English (AOB, CCTV), and is lower case otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
_COMMON_WORDS = (
    "a an and any are as at be by for from in into is it its new no not of on or our out over"
    " the to up via was we with all old one two per pre non re end off"
)
_COMMON = frozenset(_COMMON_WORDS.split(" "))


def is_shouting(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 4 and all(ch.isupper() for ch in letters)


class Casing:
    """The forms in which a document writes each word, outside its lines in capitals."""

    def __init__(self, lines: Iterable[str], acronyms: Iterable[str] = ()) -> None:
        self.forms: dict[str, set[str]] = {}
        for line in lines:
            if is_shouting(line):
                continue
            for index, match in enumerate(_WORD.finditer(line)):
                word = match.group()
                if index == 0 and word[:1].isupper() and not word.isupper():
                    continue  # a sentence's first word says nothing of its usual form
                self.forms.setdefault(word.lower(), set()).add(word)
        self.acronyms = {a for a in acronyms if a.isupper()}

    def sentence_case(self, title: str) -> str:
        words = _WORD.sub(lambda m: self._word(m.group()), title)
        # The first letter, and the first after a colon, are capitals.
        return re.sub(r"(^|:\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(), words)

    def _word(self, word: str) -> str:
        lower = word.lower()
        forms = self.forms.get(lower, set())
        if word in self.acronyms:
            return word
        if lower in forms:
            return lower
        if word.capitalize() in forms:
            return word.capitalize()
        if word in forms:
            return word
        if not re.search(r"[AEIOUY]", word) or (len(word) <= 4 and lower not in _COMMON):
            return word if len(word) > 1 else lower
        return lower
