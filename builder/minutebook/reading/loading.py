"""LOAD and MODEL for a whole site: the config and every meeting file, parsed once and kept in the
cache (`.minutebook-cache/meetings/`), with every problem found in them.

A meeting file is read in a worker process (see core.workers); one that has not changed since
the last build comes from the cache as it was read then, with the digests the incremental
build compares (see reading.digests).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from time import time_ns
from typing import NamedTuple, TypeVar

from minutebook.core import cache, workers
from minutebook.core.diagnostics import Diagnostic, SourceSpan, error
from minutebook.core.model import Meeting, MeetingId, SiteConfig
from minutebook.reading.config import BASE_URL_FIX, CONFIG_NAME, normalise_base_url, parse_config
from minutebook.reading.digests import listing_digest, placing_digest, summary_digest
from minutebook.reading.meeting import parse_meeting
from minutebook.reading.review import review_as_written
from minutebook.reading.sources import (
    MAX_BYTES,
    MIB,
    Hashed,
    Stamp,
    content_files,
    decode,
    digest_files,
    read_source,
    relative_name,
)
from minutebook.reading.vocabulary import Lexicon

Progress = Callable[[str, int, int], None]  # told (stage, done, total) as work goes on
MEETINGS_CACHE = "meetings"  # a folder in .minutebook-cache/, one file per meeting file
# Each file there holds the parsed meeting as lists show it (Meeting.as_listed), then the whole
# meeting: a build holds every meeting in memory, but each one whole (its HTML, its people's roles…)
# only while its page is made. Whole, 10,000 meetings would take 3.6 times the memory, and every
# forked worker that makes their pages would copy most of it.
WHOLE_PART = 1
DIGESTS_CACHE = "digests.pickle"  # every meeting file's digest, with the stat that vouches for it


@dataclass(frozen=True, slots=True)
class Site:
    """Everything read from the site folder, before anything is indexed or written."""

    root: Path
    config: SiteConfig | None
    meetings: tuple[Meeting, ...]
    diagnostics: list[Diagnostic]
    digests: Mapping[str, str] = field(default_factory=dict)  # source path → content digest
    # source path → the date-independent queries of that meeting (`review_as_written`)
    reviews: Mapping[str, list[Diagnostic]] = field(default_factory=dict)
    # source path → a digest of the meeting as lists show it (Parsed.listing)
    listings: Mapping[str, str] = field(default_factory=dict)
    # source path → a digest of what every list shows of it (Parsed.summary)
    summaries: Mapping[str, str] = field(default_factory=dict)
    # source path → a digest of where the meeting is in the archive (Parsed.placing)
    placings: Mapping[str, str] = field(default_factory=dict)
    # Gives back the whole of meetings held as listed (see WHOLE_PART); None: all are whole.
    texts: Texts | None = None
    files: frozenset[str] = frozenset()  # every other file under content/ (see Found.files)

    @property
    def sources(self) -> tuple[str, ...]:
        """Every meeting file found, relative to the root, posix."""
        return tuple(self.digests)

    def filed_as(self, filed: Iterable[Meeting]) -> Site:
        """The site with the digests of the meetings the archive names after their files (see
        indexes.named_after_files) made from the meetings as `filed` there: which page name a
        meeting has depends on the other meetings of its day, and the pages showing it (their
        keys, see incremental.fingerprints) on which it has."""
        ids = {meeting.source: meeting.id for meeting in self.meetings}
        renamed = [
            meeting for meeting in filed if ids.get(meeting.source, meeting.id) != meeting.id
        ]
        if not renamed:
            return self
        listings, summaries, placings = (
            dict(self.listings),
            dict(self.summaries),
            dict(self.placings),
        )
        for meeting in renamed:
            listed = meeting.as_listed()
            listings[meeting.source] = listing_digest(listed)
            summaries[meeting.source] = summary_digest(listed)
            placings[meeting.source] = placing_digest(listed)
        return replace(self, listings=listings, summaries=summaries, placings=placings)


def build_date() -> dt.date:
    """Today, or the day of SOURCE_DATE_EPOCH, so that builds can be reproduced."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.date.today()


def load_config(site_root: Path) -> tuple[SiteConfig | None, list[Diagnostic]]:
    path = site_root / CONFIG_NAME
    if not path.is_file():
        return None, [
            error(
                SourceSpan(CONFIG_NAME),
                f"there is no {CONFIG_NAME} in {site_root}",
                "run minutebook in the folder that holds minutebook.yaml, or name that folder",
            )
        ]
    if path.stat().st_size > MAX_BYTES:
        return None, [
            error(
                SourceSpan(CONFIG_NAME),
                f"{CONFIG_NAME} is {path.stat().st_size // 1024} KiB; it may be at most "
                f"{MAX_BYTES // MIB} MiB",
                "the configuration holds settings and names only: remove what is not one",
            )
        ]
    text, diagnostics = decode(CONFIG_NAME, path.read_bytes())
    if text is None:
        return None, diagnostics
    config, problems = parse_config(text)
    return config, diagnostics + problems


class Found(NamedTuple):
    """The meeting files of a site and their digests, found once for a whole build."""

    paths: list[Path]
    problems: list[Diagnostic]  # content_files'
    digests: dict[str, str]
    # Every other file under content/, by name: where the links in minutes may lead.
    files: frozenset[str] = frozenset()


def find_meetings(
    site_root: Path,
    max_file_size: int,
    store: cache.Store | None = None,
    stamps: Mapping[str, Stamp] | None = None,
) -> Found:
    """Every meeting file, and its digest (read only if it changed since the last build).
    `stamps`: the files' stamps (by name relative to the site root), if taken already."""
    paths, files, problems = content_files(site_root)
    store = store or cache.Store(site_root, enabled=False)
    digests = file_digests(site_root, paths, max_file_size * MIB, store, stamps or {})
    return Found(paths, problems, digests, files)


def load_site(
    site_root: Path,
    base_url: str | None = None,
    jobs: int = 1,
    *,
    store: cache.Store | None = None,
    progress: Progress | None = None,
    found: Found | None = None,
) -> Site:
    """LOAD and MODEL: read the config and every meeting, collecting every problem."""
    config, diagnostics = load_config(site_root)
    if config is None:
        return Site(site_root, None, (), diagnostics)
    if base_url:
        normalised = normalise_base_url(base_url)
        if normalised is None:
            problem = error(
                SourceSpan(CONFIG_NAME),
                f"--base-url is not a web address: '{base_url}'",
                BASE_URL_FIX.replace("base_url: ", "--base-url "),
                "base_url",
            )
            return Site(site_root, None, (), [*diagnostics, problem])
        config = replace(config, base_url=normalised)
    store = store or cache.Store(site_root, enabled=False)
    if found is None:
        found = find_meetings(site_root, config.max_file_size, store)
    diagnostics.extend(found.problems)
    parsed, digests, texts = parse_meetings(
        site_root, config, found, jobs, store=store, progress=progress
    )
    meetings: list[Meeting] = []
    reviews: dict[str, list[Diagnostic]] = {}
    listings: dict[str, str] = {}
    summaries: dict[str, str] = {}
    placings: dict[str, str] = {}
    for read in parsed:
        diagnostics.extend(read.diagnostics)
        if (meeting := read.meeting) is not None:
            meetings.append(meeting)
            reviews[meeting.source] = read.reviews
            listings[meeting.source] = read.listing
            summaries[meeting.source] = read.summary
            placings[meeting.source] = read.placing
    text_source = Texts(store, texts, load_state(site_root, config)) if texts else None
    return Site(
        site_root,
        config,
        tuple(meetings),
        diagnostics,
        digests,
        reviews,
        listings,
        summaries,
        placings,
        text_source,
        found.files,
    )


class Parsed(NamedTuple):
    """One meeting file as read, kept in the cache: what does not depend on the day is done once."""

    meeting: Meeting | None
    diagnostics: list[Diagnostic]
    reviews: list[Diagnostic]  # review_as_written(meeting)
    # A digest of the meeting as lists show it, without its text: pages other than its own
    # are made again only when this changes.
    listing: str = ""
    # `meeting` is as listed: the whole meeting is in the cache file's WHOLE_PART.
    apart: bool = False
    # A digest of what every list shows of the meeting (its title, date, body, status…): while
    # it stays the same, only the lists that show more (its topics', who attended) can change.
    summary: str = ""
    # … and of where the meeting is: which lists it is on, which pages there are, and what the
    # checks across files look at. While it stays the same, the lists need only be patched.
    placing: str = ""


def parse_meetings(
    site_root: Path,
    config: SiteConfig,
    found: Found,
    jobs: int,
    *,
    store: cache.Store,
    progress: Progress | None = None,
) -> tuple[list[Parsed], dict[str, str], dict[str, str]]:
    """Every meeting file, parsed once: unchanged files come from the cache, in file order.

    Returns the parsed files, each file's digest, and the cache names of the meetings kept
    apart (see WHOLE_PART), by file.
    """
    state = load_state(site_root, config)
    paths, digests = found.paths, found.digests
    named = cache_namer(config)
    names = {relative: named(relative, digest) for relative, digest in digests.items()}
    parsed: dict[str, Parsed] = {}
    for relative, name in names.items():
        cached = cached_meeting(store, name)
        if cached is not None:
            parsed[relative] = cached
    missing = [
        (path, names[relative])
        for path in paths
        if (relative := relative_name(site_root, path)) not in parsed
    ]
    # On disk, each worker keeps what it read in the cache itself, the whole meeting apart, and
    # sends back the meeting as listed; in memory (serve) or without a cache, the whole of it.
    apart = store if store.on_disk else None
    fresh = counted(
        workers.ordered_map(_read_meeting, (state, apart), missing, jobs=jobs),
        "Reading minutes",
        len(missing),
        progress,
    )
    for (path, name), result in zip(missing, fresh, strict=True):
        parsed[relative_name(site_root, path)] = meeting = cache.value_of(result)
        _keep(store, name, meeting)
    store.prune(MEETINGS_CACHE, set(names.values()))  # the deleted and the edited files' entries
    texts = {relative: names[relative] for relative, p in parsed.items() if p.apart}
    return [parsed[relative] for relative in digests], digests, texts


def _keep(store: cache.Store, name: str, parsed: Parsed) -> None:
    """Keep a meeting file just read in the cache (kept apart, the worker did)."""
    if not parsed.apart:
        store.save(f"{MEETINGS_CACHE}/{name}", parsed)


def reread_meeting(store: cache.Store, state: LoadState, relative: str, name: str) -> Parsed:
    """One meeting file read again, and kept in the cache as `parse_meetings` keeps it."""
    apart = store if store.on_disk else None
    parsed: Parsed = cache.value_of(
        _read_meeting((state, apart), (state.site_root / relative, name))
    )
    _keep(store, name, parsed)
    return parsed


def cached_meeting(store: cache.Store, name: str) -> Parsed | None:
    """A meeting file as it was read before, from the cache (as listed, if kept apart)."""
    parsed = store.load(f"{MEETINGS_CACHE}/{name}")
    return parsed if isinstance(parsed, Parsed) else None


def cached_whole(store: cache.Store, name: str) -> Meeting | None:
    """A meeting file's meeting as it was read before, whole (see WHOLE_PART), from the cache."""
    parsed = cached_meeting(store, name)
    if parsed is None or parsed.meeting is None or not parsed.apart:
        return parsed.meeting if parsed is not None else None
    whole = store.load(f"{MEETINGS_CACHE}/{name}", WHOLE_PART)
    return whole if isinstance(whole, Meeting) else None


def forget_meeting(store: cache.Store, name: str) -> None:
    """A reading of a meeting file that the file no longer matches, out of the cache."""
    store.discard(f"{MEETINGS_CACHE}/{name}")


def cache_namer(config: SiteConfig) -> Callable[[str, str], str]:
    """The name of a meeting file's entry in the cache (in MEETINGS_CACHE), from its name and
    digest: one entry per meeting file, named by what it was parsed from, so an edit rewrites
    one. Everything in the config that changes how a file is read is in the name too."""
    lexicon = cache.digest_of(
        config.organisations, config.topics, config.max_file_size, config.allow_html
    )
    return lambda relative, digest: cache.digest_of(lexicon, relative, digest) + ".pickle"


def file_digests(
    site_root: Path,
    paths: list[Path],
    max_bytes: int,
    store: cache.Store,
    stamps: Mapping[str, Stamp],
) -> dict[str, str]:
    """Every meeting file's digest, reading only the files changed since the last build (as
    their stamps, taken now or given, tell)."""
    loaded = store.load(DIGESTS_CACHE)
    # A digest covers at most max_bytes + 1 bytes: the table holds only for the same limit.
    known: Mapping[str, Hashed] = {}
    if isinstance(loaded, tuple) and len(loaded) == 2 and loaded[0] == max_bytes:
        known = loaded[1]
    hashed = digest_files(site_root, paths, max_bytes, known, time_ns(), stamps)
    if hashed != known:
        store.save(DIGESTS_CACHE, (max_bytes, hashed))
    return {relative: entry.digest for relative, entry in hashed.items()}


T = TypeVar("T")


def counted(items: Iterable[T], stage: str, total: int, progress: Progress | None) -> Iterator[T]:
    """Pass items through, telling `progress` how far along the stage is."""
    if progress is None or total == 0:
        yield from items
        return
    for done, item in enumerate(items, start=1):
        yield item
        progress(stage, done, total)


@dataclass(frozen=True, slots=True)
class LoadState:
    """What every worker needs to read a meeting file (inherited through fork)."""

    site_root: Path
    lexicon: Lexicon
    max_bytes: int
    allow_html: bool


def load_state(site_root: Path, config: SiteConfig) -> LoadState:
    return LoadState(site_root, Lexicon.of(config), config.max_file_size * MIB, config.allow_html)


def _read_meeting(
    state: tuple[LoadState, cache.Store | None], item: tuple[Path, str]
) -> Parsed | cache.Pickled:
    """Read one meeting file (in a worker); with a store, keep it there, the whole apart (and
    return it as kept: see cache.Pickled)."""
    load, store = state
    path, name = item
    parsed, whole = _load_meeting(load, path, apart=store is not None)
    if store is None or whole is None:
        return parsed
    kept = cache.Pickled(parsed)
    store.save(f"{MEETINGS_CACHE}/{name}", kept, whole)
    return kept


@dataclass(frozen=True, slots=True)
class Texts:
    """Each meeting whole, read back from the cache when its page is made (in a worker)."""

    store: cache.Store
    names: Mapping[str, str]  # meeting file → cache name, for meetings held as listed
    state: LoadState

    def __call__(self, meeting: Meeting) -> Meeting:
        if meeting.source not in self.names:
            return meeting
        whole = self._cached(meeting.source)
        if whole is not None and (whole := whole.as_filed(meeting.id)).id == meeting.id:
            return whole
        # The cache was deleted or damaged during the build: read the file again.
        again = self._read(meeting.source).as_filed(meeting.id)
        if again.as_listed() != meeting:
            raise RuntimeError(f"{meeting.source} changed during the build: build again")
        return again

    def whole(self, filed_as: MeetingId, source: str) -> Meeting:
        """A meeting whole, by its file, under the id the archive files it as (for workers
        that do not hold the archive, see commands.build._meeting_pages)."""
        return (self._cached(source) or self._read(source)).as_filed(filed_as)

    def _cached(self, source: str) -> Meeting | None:
        whole = self.store.load(f"{MEETINGS_CACHE}/{self.names[source]}", WHOLE_PART)
        # (Both parts are written at once, and the file's signature checked as it is read.)
        return whole if isinstance(whole, Meeting) and whole.source == source else None

    def _read(self, source: str) -> Meeting:
        again = _load_meeting(self.state, self.state.site_root / source)[0].meeting
        if again is None:
            raise RuntimeError(f"{source} changed during the build: build again")
        return again


def _load_meeting(
    state: LoadState, path: Path, *, apart: bool = False
) -> tuple[Parsed, Meeting | None]:
    """One meeting file, read and parsed; `apart`: the meeting as listed, and the whole."""
    source, diagnostics = read_source(state.site_root, path, state.max_bytes)
    if source is None:
        return Parsed(None, diagnostics, []), None
    meeting, problems = parse_meeting(source, state.lexicon, allow_html=state.allow_html)
    if meeting is None:
        return Parsed(None, diagnostics + problems, []), None
    listed = meeting.as_listed()
    reviews = review_as_written(meeting)
    placing = placing_digest(listed)
    listing, summary = listing_digest(listed), summary_digest(listed)
    found = diagnostics + problems
    if apart:
        return Parsed(listed, found, reviews, listing, True, summary, placing), meeting
    return Parsed(meeting, found, reviews, listing, False, summary, placing), None
