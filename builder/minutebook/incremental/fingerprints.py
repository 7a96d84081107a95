"""The key of each page: what it was made from (the theme, the config, the meetings it shows).
A page whose key is the one recorded when its file was last written is kept as it is.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from minutebook.archive import site_files
from minutebook.archive.indexes import Archive
from minutebook.archive.opendata import VOCABULARIES
from minutebook.archive.pages import FILE_KINDS, LISTING_IN_FULL, PageRef, Planner
from minutebook.core import cache
from minutebook.core.model import (
    MeetingId,
    Organisation,
    OrganisationSlug,
    Topic,
    TopicSlug,
    body_of,
    unplaced,
)
from minutebook.incremental.snapshot import manifest_stamp
from minutebook.output import render
from minutebook.output.options import BuildOptions
from minutebook.reading.loading import Site

PAGES_CACHE = "pages.pickle"


@dataclass(frozen=True, slots=True)
class Fingerprints:
    """What each page was made from, to know which pages an edit touches."""

    site_root: Path
    planner: Planner
    common: str  # the theme, the config, the flags: every page depends on these
    # meeting file → where it is in the archive: where a link to that file leads, and whether
    # it is published, depend on nothing else
    placings: Mapping[str, str]
    everything: Callable[[], str]  # every meeting's placing (worked out once, if asked for)
    vocabulary: str  # the names of every organisation and topic
    today: dt.date
    previous: Mapping[str, str]
    store: cache.Store
    # Keys are kept per output folder (the preview and the published site differ).
    output: str = ""
    stored: Mapping[str, Any] = field(default_factory=dict)
    digests: Mapping[str, str] = field(default_factory=dict)  # meeting file → its digest
    sources: Mapping[MeetingId, str] = field(default_factory=dict)  # published meeting → file
    listing_tokens: Mapping[MeetingId, str] = field(default_factory=dict)
    summary_tokens: Mapping[MeetingId, str] = field(default_factory=dict)
    names: Mapping[MeetingId, str] = field(default_factory=dict)  # see UnlistedNames.written

    @classmethod
    def of(
        cls,
        site: Site,
        planner: Planner,
        dirs: Sequence[Path],
        options: BuildOptions,
        output: Path,
        names: UnlistedNames,
    ) -> Fingerprints:
        """(Without reading any meeting: a quick build holds few of them, see outline.py.)"""
        archive = planner.archive
        common = cache.digest_of(
            cache.FORMAT,
            render.theme_digest(dirs),  # the templates and the words they show
            archive.config,  # with the organisations and topics it lists
            options.drafts,
        )
        store = options.store or cache.Store(site.root, enabled=False)
        sources = {meeting_id: source for source, meeting_id in archive.by_source.items()}
        # The pages of the whole archive show where each meeting is (see digests.placing_digest),
        # and more only of a few (Planner.shown_in_full); some show every name and what day it
        # is (Planner.shows_every_name, shows_today).
        placings = site.placings
        everything = functools.cache(
            lambda: cache.digest_of([(i, placings[s]) for i, s in sources.items()])
        )
        vocabulary = cache.digest_of(
            # (not where a name was first written in a meeting: no page shows that)
            [unplaced(entry) for entry in archive.organisations.values()],
            [unplaced(entry) for entry in archive.topics.values()],
        )
        loaded = store.load(PAGES_CACHE)
        stored = loaded if isinstance(loaded, dict) else {}
        where = str(output.resolve())
        # The keys hold while the output is what the build that kept them left: a build that
        # kept none (--no-cache, or an older Minutebook) may have written other pages since.
        mine = stored.get(where)
        previous = {}
        if isinstance(mine, tuple) and mine[:2] == (common, manifest_stamp(output)):
            previous = mine[2]
        return cls(
            site.root,
            planner,
            common,
            site.placings,
            everything,
            vocabulary,
            archive.build_date,
            previous,
            store,
            where,
            stored,
            site.digests,
            sources,
            _Tokens(sources, site.listings, names.listed),
            _Tokens(sources, site.summaries, names.listed),
            names.written,
        )

    def key(self, ref: PageRef) -> str:
        planner = self.planner
        if ref.kind in FILE_KINDS:
            return self._file_key(ref)
        if planner.shows_counts_only(ref):
            counts, around = planner.counts_shown(ref), planner.shown_around(ref)
            return cache.digest_of(
                self.common, ref.kind, ref.args, counts, around, self._subject(ref)
            )
        inputs = planner.inputs(ref)
        if inputs is None:
            shown = [self.summary_tokens[i] for i in planner.shown_in_full(ref)]
            names = self.vocabulary if planner.shows_every_name(ref) else ""
            today = self.today if planner.shows_today(ref) else None
            return cache.digest_of(
                self.common, ref.kind, ref.args, self.everything(), shown, names, today
            )
        # Thousands of meetings feed a topic's or an organisation's pages: joined as text and
        # hashed once, rather than written out as a list. Only a meeting's own page shows its
        # text; most others show only its summary, so that a change to the text, or to who
        # attended, remakes few pages.
        listed = self.listing_tokens if ref.kind in LISTING_IN_FULL else self.summary_tokens
        shown = [self._meeting_token(ref.args[0])] if ref.kind == "meeting" else []
        hasher = hashlib.sha256("".join([*shown, *(listed[i] for i in inputs)]).encode())
        if people := planner.attendances_on(ref):  # (names hold no control characters)
            hasher.update("\x1e".join("\x1f".join(a.people) for a in people).encode())
        linked = [(f, self.placings.get(f)) for f in planner.linked_files(ref)]
        around = planner.shown_around(ref)
        subject = self._subject(ref)
        return cache.digest_of(
            self.common, ref.kind, ref.args, hasher.hexdigest(), linked, around, subject
        )

    def _file_key(self, ref: PageRef) -> str:
        """A file beyond the pages (a feed, a calendar, a data file, the sitemap) shows more of
        each of its meetings than lists do (times, places, roles…): it is keyed by the whole of
        each, with every name (it names organisations and topics), and the day for the files
        stamped with it (a calendar's DTSTAMP; an empty site feed's date)."""
        if ref.kind == "sitemap":  # (every page, with the day of the latest meeting it shows)
            return cache.digest_of(self.common, ref.kind, site_files.sitemap(self.planner).context)
        inputs = self.planner.inputs(ref) or ()
        hasher = hashlib.sha256("".join(self._meeting_token(i) for i in inputs).encode())
        today = self.today if ref.kind in {"feed", "calendar", "organisation_calendar"} else None
        # The names a file shows are its meetings' (in their tokens, with the names they write
        # that the config does not list), but for the indexes of every name.
        every_name = ref.kind == "data_file" and ref.args[0] in VOCABULARIES
        names = self.vocabulary if every_name else ""
        return cache.digest_of(self.common, ref.kind, ref.args, hasher.hexdigest(), names, today)

    def _subject(self, ref: PageRef) -> Organisation | Topic | None:
        """The organisation or topic a page is about, as the archive spells it (see
        UnlistedNames): the meetings it lists may not show its name."""
        archive, kind = self.planner.archive, ref.kind
        if kind in {"organisation", "organisation_year"}:
            return unplaced(archive.organisations[ref.args[0]])
        if kind in {"topic", "topic_year"}:
            return unplaced(archive.topics[ref.args[0]])
        return None

    def _meeting_token(self, meeting_id: MeetingId) -> str:
        """A meeting in full: its id, its file's name (its page links to it, with repo_url), its
        file's content, and the names it writes that the config does not list."""
        source = self.sources[meeting_id]
        token = cache.digest_of(meeting_id, source, self.digests[source])[:16]
        return token + self.names.get(meeting_id, "")

    def save(self, keys: Mapping[str, str]) -> None:
        """Keep the keys of the pages in the output, once it is written."""
        mine = (self.common, manifest_stamp(Path(self.output)), dict(keys))
        if self.stored.get(self.output) != mine:
            stored = {k: v for k, v in self.stored.items() if Path(k).is_dir()}
            stored[self.output] = mine
            self.store.save(PAGES_CACHE, stored)


class _Tokens(dict[MeetingId, str]):
    """A meeting in a list: what lists show of it, or its summary (each holds its id and file
    name too), with the names it writes that the config does not list that lists show. 64 bits
    of each: hashed again for every page that lists the meeting (680,000 times at 10,000
    meetings). Each worked out when first asked for: a quick build asks for a few hundred."""

    def __init__(
        self,
        sources: Mapping[MeetingId, str],
        digests: Mapping[str, str],
        names: Mapping[MeetingId, str],
    ) -> None:
        super().__init__()
        self.sources, self.digests, self.names = sources, digests, names

    def __missing__(self, meeting_id: MeetingId) -> str:
        token = self.digests[self.sources[meeting_id]][:16] + self.names.get(meeting_id, "")
        self[meeting_id] = token
        return token


@dataclass(frozen=True, slots=True)
class UnlistedNames:
    """The names each published meeting writes that the config does not list (organisations,
    topics), as 64 bits of a digest of their entries as the archive holds them. An entry is
    spelled as the first meeting to write it spelled it, so a page showing such a name depends
    on every meeting that writes it: with these in the keys of the pages showing a meeting, a
    name new to the archive remakes the pages showing it, and not every page of the site (the
    config's names are in every key). (From the archive's skeleton: see outline.py.)"""

    written: Mapping[MeetingId, str]  # all of them: the meeting's own page shows them
    # Those that a list of the meeting shows: its body's (the lists name it) and its topics'
    # (an organisation's page names the topics of its meetings). Not the organisations that
    # attended it: only their own pages name them, and those are keyed by them (see
    # Fingerprints.key), so a guest from a body new to the archive remakes no list.
    listed: Mapping[MeetingId, str]


def unlisted_names(archive: Archive) -> UnlistedNames:
    organisations, topics = archive.organisations, archive.topics
    # An archive as clerks write them names a hundred agencies the config does not list in
    # most of its meetings (120,000 names in 10,000 meetings): each entry is digested once,
    # as the archive holds it and as lists show it, and a meeting's names are the digest of
    # those digests (a digest of every name's repr, a meeting at a time, took 7 of the 25 s
    # of a profiled quick build at 10,000 meetings).
    entries: dict[tuple[bool, str], tuple[str, str]] = {}

    def spelled(is_topic: bool, slug: str) -> tuple[str, str]:
        if (is_topic, slug) not in entries:
            if is_topic:
                topic = topics[TopicSlug(slug)]
                entries[is_topic, slug] = (_short(repr(topic)), _short(repr(unplaced(topic))))
            else:
                body = organisations[OrganisationSlug(slug)]
                entries[is_topic, slug] = (_short(repr(body)), _short(repr(unplaced(body))))
        return entries[is_topic, slug]

    written: dict[MeetingId, str] = {}
    listed: dict[MeetingId, str] = {}
    for meeting_id, (bodies, subjects) in archive.unlisted.items():
        named = [spelled(False, entry.slug) for entry in bodies]
        filed = [spelled(True, entry.slug) for entry in subjects]
        written[meeting_id] = _short(
            " ".join(n for n, _ in named) + "|" + " ".join(f for f, _ in filed)
        )
        own = body_of(meeting_id)
        body = [shown for entry, (_, shown) in zip(bodies, named, strict=True) if entry.slug == own]
        if body or filed:
            listed[meeting_id] = _short(" ".join([*body, "|", *(shown for _, shown in filed)]))
    return UnlistedNames(written, listed)


def _short(text: str) -> str:
    """64 bits of the text's digest, as hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
