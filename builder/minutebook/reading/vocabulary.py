"""Names clerks write, and the canonical organisations and topics they stand for."""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from minutebook.core.model import Organisation, OrganisationSlug, SiteConfig, Topic, TopicSlug

# Letters NFKD does not decompose, spelled the way English readers expect.
_TRANSLITERATE = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "þ": "th",
        "Þ": "Th",
        "œ": "oe",
        "Œ": "OE",
        "ð": "d",
        "Ð": "D",
    }
)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
# Names Windows keeps for devices: a folder called con/ or aux/ cannot be made or copied there.
WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"{port}{n}" for port in ("com", "lpt") for n in range(10)]
)


def slugify(text: str) -> str:
    """ASCII, lowercase, hyphenated: stable across platforms and case-insensitive file systems.

    A name with no Latin letters at all gets a short stable hash, so that two such names never
    share a slug.
    """
    # Decomposed first: a letter the table spells out may come with an accent (Ǽ is Æ and an
    # acute, the same typed composed or not).
    text = unicodedata.normalize("NFKD", text).translate(_TRANSLITERATE).replace("&", " and ")
    ascii_text = text if text.isascii() else "".join(map(_ascii, text))  # most are, already
    slug = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")[:80].strip("-")
    if slug in WINDOWS_RESERVED:
        return "x-" + slug  # "AUX" → x-aux: like the hashed slugs, marked as made up
    if slug:
        return slug
    normalised = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    if not any(character.isalnum() for character in normalised):
        return "untitled"
    return "x-" + hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:10]


def _ascii(character: str) -> str:
    """After NFKD: accents (combining marks) and other scripts' letters go; punctuation and
    spaces such as an en dash or a curly apostrophe separate words, as their ASCII forms do."""
    if character.isascii():
        return character
    return "-" if unicodedata.category(character)[0] in "PSZ" else ""


_CUTOFF = 0.85  # how alike a name must be to a listed one to be suggested instead


def normalise_name(name: str) -> str:
    return " ".join(name.casefold().split()).rstrip(".")


Entry = TypeVar("Entry", Organisation, Topic)
SlugT = TypeVar("SlugT", OrganisationSlug, TopicSlug)


@dataclass(frozen=True, slots=True)
class Vocabulary(Generic[Entry]):
    """The entries declared in the site config, looked up by any of their names."""

    entries: tuple[Entry, ...]
    _by_name: dict[str, str] = field(default_factory=dict)
    # normalised name → suggestion: an archive names each unlisted agency hundreds of times,
    # and difflib's search costs about a millisecond (a quarter of all parsing, uncached).
    _suggestions: dict[str, str | None] = field(default_factory=dict, compare=False)

    @classmethod
    def of(cls, entries: tuple[Entry, ...]) -> Vocabulary[Entry]:
        by_name: dict[str, str] = {}
        for entry in entries:
            by_name.setdefault(entry.slug, entry.slug)
            for name in entry.names():
                by_name.setdefault(normalise_name(name), entry.slug)
        return cls(entries, by_name)

    def resolve(self, name: str) -> str | None:
        """The slug of the entry called `name` (by name, short name, alias or slug), if any."""
        found = self._by_name.get(normalise_name(name))
        return found if found is not None else self._by_name.get(slugify(name))

    def suggest(self, name: str, cutoff: float = _CUTOFF) -> str | None:
        """A declared name that `name` is probably a typo of, for "did you mean" warnings."""
        key = normalise_name(name)
        if cutoff == _CUTOFF and key in self._suggestions:
            return self._suggestions[key]
        candidates = {normalise_name(n): n for entry in self.entries for n in entry.names()}
        close = difflib.get_close_matches(key, list(candidates), n=1, cutoff=cutoff)
        suggestion = candidates[close[0]] if close else None
        if cutoff == _CUTOFF:
            self._suggestions[key] = suggestion
        return suggestion

    def get(self, slug: str) -> Entry | None:
        for entry in self.entries:
            if entry.slug == slug:
                return entry
        return None


@dataclass(frozen=True, slots=True)
class TopicMatcher:
    """Finds the topics whose name or alias a heading mentions, as whole words, ignoring case."""

    patterns: tuple[tuple[TopicSlug, re.Pattern[str]], ...]
    # Per topic, the first words of its names (lower case), when all are plain ASCII: a text
    # holding none of them cannot mention it, and a set lookup is much cheaper than a search.
    # (None: always search.) Every heading of every meeting is matched against every topic.
    first_words: tuple[frozenset[str] | None, ...]

    @classmethod
    def of(cls, topics: tuple[Topic, ...]) -> TopicMatcher:
        return cls(
            tuple((topic.slug, _names_pattern(topic.names())) for topic in topics),
            tuple(_first_words(topic.names()) for topic in topics),
        )

    def mentioned_in(self, text: str) -> tuple[TopicSlug, ...]:
        words = set(_WORD.findall(text.lower())) if text.isascii() else None
        return tuple(
            slug
            for (slug, pattern), first in zip(self.patterns, self.first_words, strict=True)
            if (words is None or first is None or not words.isdisjoint(first))
            and pattern.search(text)
        )


_WORD = re.compile(r"[a-z0-9_]+")


def _first_words(names: tuple[str, ...]) -> frozenset[str] | None:
    firsts = [_WORD.match(name.strip().lower()) for name in names if name.strip()]
    if not firsts or not all(name.isascii() for name in names) or not all(firsts):
        return None  # (a name starting with punctuation, say: searched every time)
    return frozenset(match.group() for match in firsts if match)


def _names_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    # "anti-social behaviour" also matches "anti social behaviour" and "Anti-Social  Behaviour".
    alternatives = sorted(
        (r"[\s\-]+".join(re.escape(word) for word in re.split(r"[\s\-]+", name.strip())))
        for name in names
        if name.strip()
    )
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Everything needed to turn the names in a meeting file into canonical entries."""

    organisations: Vocabulary[Organisation]
    topics: Vocabulary[Topic]
    matcher: TopicMatcher

    @classmethod
    def of(cls, config: SiteConfig) -> Lexicon:
        return cls(
            Vocabulary.of(config.organisations),
            Vocabulary.of(config.topics),
            TopicMatcher.of(config.topics),
        )


_NOT_PORTABLE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
MAX_NAME_BYTES = 255  # the longest file name Linux, macOS and Windows all accept


def portable_name_problem(name: str) -> str | None:
    """Why a file name (one path part) cannot be published to every platform, or None.

    Windows refuses <>:"/\\|?*, control characters, names ending in a dot or a space and
    device names (CON, aux.pdf…); every system refuses names over 255 bytes.
    """
    bad = _NOT_PORTABLE.search(name)
    if bad:
        shown = repr(bad.group()) if bad.group().isprintable() else f"U+{ord(bad.group()):04X}"
        return f"it contains {shown}"
    if name.endswith((".", " ")):
        return "it ends with a dot or a space"
    stem = name.split(".", 1)[0].rstrip(" ")
    if stem.lower() in WINDOWS_RESERVED:
        return f"{stem} is a device name on Windows"
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        return f"it is longer than {MAX_NAME_BYTES} bytes"
    return None


def fold_case(relative: str) -> str:
    """A path as a case-insensitive, normalising file system (Windows, macOS) compares it."""
    return unicodedata.normalize("NFC", relative).casefold()
