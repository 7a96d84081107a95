"""CHECK: read the whole site and find every problem in it, without writing anything.

`minutebook check` stops here. `minutebook build` runs exactly this first (the same function, so
the two can never disagree about a meeting) and writes only when it finds no errors.

The checks, in order: the config and every meeting file (LOAD and MODEL), then what only the whole
archive can tell (two meetings on one page, missing documents and meeting files named in links, the
theme), then what is allowed but probably a slip (see `review_meeting`).
"""

from __future__ import annotations

import datetime as dt
import difflib
import gc
import os
import posixpath
from collections.abc import Callable, Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from pathlib import Path
from time import time_ns
from typing import NamedTuple, TypeVar

from minutebook.archive.indexes import Archive, build_archive, items_filed, unplaced
from minutebook.core import cache, workers
from minutebook.core.diagnostics import (
    Diagnostic,
    SourceSpan,
    error,
    has_errors,
    sort_diagnostics,
    warning,
)
from minutebook.core.model import (
    AgendaItem,
    Attendee,
    Meeting,
    MeetingId,
    MeetingLink,
    SiteConfig,
    Status,
)
from minutebook.output import assets, render
from minutebook.reading.agenda import numbering_slips
from minutebook.reading.config import BASE_URL_FIX, CONFIG_NAME, normalise_base_url, parse_config
from minutebook.reading.meeting import parse_meeting
from minutebook.reading.sources import (
    CONTENT_DIR,
    MAX_BYTES,
    MIB,
    Hashed,
    Stamp,
    decode,
    digest_files,
    discover,
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

    @property
    def sources(self) -> tuple[str, ...]:
        """Every meeting file found, relative to the root, posix."""
        return tuple(self.digests)


@dataclass(frozen=True, slots=True)
class CheckedSite:
    """A site with every problem found in it; `archive` is None when there is no usable config."""

    site: Site
    archive: Archive | None
    documents: tuple[assets.Asset, ...]
    theme_dirs: tuple[Path, ...]
    diagnostics: list[Diagnostic]  # sorted by file and line
    theme_files: tuple[assets.Asset, ...] = ()  # the themes' static files, copied as they are

    def is_failure(self, *, strict: bool) -> bool:
        return self.archive is None or has_errors(self.diagnostics, strict=strict)


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
    problems: list[Diagnostic]  # discover's
    digests: dict[str, str]


def find_meetings(
    site_root: Path,
    max_file_size: int,
    store: cache.Store | None = None,
    stamps: Mapping[str, Stamp] | None = None,
) -> Found:
    """Every meeting file, and its digest (read only if it changed since the last build).
    `stamps`: the files' stamps (by name relative to the site root), if taken already."""
    paths, problems = discover(site_root)
    store = store or cache.Store(site_root, enabled=False)
    digests = file_digests(site_root, paths, max_file_size * MIB, store, stamps or {})
    return Found(paths, problems, digests)


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
        if whole is not None and whole.id == meeting.id:
            return whole
        # The cache was deleted or damaged during the build: read the file again.
        again = self._read(meeting.source)
        if again.as_listed() != meeting:
            raise RuntimeError(f"{meeting.source} changed during the build: build again")
        return again

    def whole(self, _: MeetingId, source: str) -> Meeting:
        """A meeting whole, by its file (for workers that do not hold the archive, see
        build._meeting_pages)."""
        return self._cached(source) or self._read(source)

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


def listing_digest(listed: Meeting) -> str:
    """What lists show of a meeting (held as listed), but for who attended, which the
    organisations' lists take from the index (indexes.attendances). Left out: its links and
    its people, and the fields only its own page shows (its location, time and extra fields;
    documents are in its summary); the names it writes that the config does not list, whose
    spelling is the archive's, in the keys apart (see build.UnlistedNames), and in its placing;
    and where in the file anything was written, which no page shows and which moves with every
    line typed above it. (Those places are in the file's own problems and in
    `problems_in_context`, both found again when the file changes.)"""
    line = AgendaItem.__match_args__.index("line")
    items = [item.__reduce__()[1] for item in listed.items]
    shown = replace(
        listed,
        items=(),
        links=(),
        present=(),
        in_attendance=(),
        apologies=(),
        documents=(),
        span=None,
        field_spans={},
        location=None,
        time=None,
        extra={},
        unlisted_organisations=(),
        unlisted_topics=(),
    )
    return cache.digest_of(shown, [fields[:line] + fields[line + 1 :] for fields in items])


def placing_digest(meeting: Meeting) -> str:
    """Where a meeting is in the archive (see Parsed.placing): which pages list it, which pages
    there are, and what the checks across files look at. Where and when it is filed, whether it
    is a draft or confidential, its documents, the names it adds to the vocabulary, which
    organisations attended, its topics, and how often its items are filed under each."""
    filed = items_filed(meeting)
    attending = {p.organisation for p in meeting.attendees() if p.organisation is not None}
    return cache.digest_of(
        meeting.id,
        meeting.source,
        meeting.organisation,
        meeting.date,
        meeting.slug,
        meeting.status is Status.DRAFT,
        meeting.confidential,
        [replace(document, span=None) for document in meeting.documents],
        [unplaced(o) for o in meeting.unlisted_organisations],
        [unplaced(t) for t in meeting.unlisted_topics],
        sorted(attending),
        meeting.topics,
        sorted(filed.items()),
    )


def summary_digest(meeting: Meeting) -> str:
    """What every list shows of a meeting (see Parsed.summary): its link (from its id: its
    body, date and page name), its title and status, its body (its name is in the keys apart,
    see build.UnlistedNames), and, for the relations worked out from them, when it was
    approved and the next meeting it names. Not: its topics, who attended, its items, its
    documents, or anything else only its own page shows; a list that shows those, or is made
    from them, is keyed by more (the listing, the placing, who attended). (The pages of the
    whole archive show only placings, but for the few meetings they show in full: see
    pages.Planner.shown_in_full.)"""
    return cache.digest_of(
        meeting.id,
        meeting.source,
        meeting.organisation,
        meeting.date,
        meeting.slug,
        meeting.title,
        meeting.status,
        meeting.approved_at,
        meeting.next_meeting,
    )


def problems_in_context(
    meeting: Meeting, sources: AbstractSet[str], drafts: AbstractSet[str], today: dt.date
) -> list[Diagnostic]:
    """The checks of the whole site that point into one meeting's file: its links to other
    meeting files, and its approval date against today. `check_site` runs these for every
    meeting, and a quick build (see outline.py) for the files it reads again: a check added
    here is found again by both."""
    return [*link_problems(meeting, sources, drafts), *_approved_in_the_future(meeting, today)]


def check_site(
    site_root: Path,
    *,
    drafts: bool = True,
    base_url: str | None = None,
    jobs: int = 1,
    today: dt.date | None = None,
    store: cache.Store | None = None,
    progress: Progress | None = None,
    found: Found | None = None,
) -> CheckedSite:
    """Every problem in the site, without writing anything.

    `drafts` decides what the archive holds, as in `build --drafts`: `minutebook check` looks at
    drafts too, so a draft's mistakes are found before it is approved.
    """
    today = today or build_date()
    site = load_site(site_root, base_url, jobs, store=store, progress=progress, found=found)
    # The archive lives until the build ends (in `serve`, longer). Frozen, the 2.5 million
    # objects of 10,000 meetings are left out of every garbage collection, each of which would
    # otherwise walk them all (about half a second at a time while the indexes are made).
    gc.freeze()
    if site.config is None:
        return CheckedSite(site, None, (), (), sort_diagnostics(site.diagnostics))
    archive, problems = build_archive(site.config, site.meetings, drafts=drafts, build_date=today)
    diagnostics = [*site.diagnostics, *problems]
    dirs = render.theme_dirs(site_root, site.config.theme)
    diagnostics += render.check_theme(site_root, site.config.theme)
    documents, problems = assets.document_assets(site_root, archive)
    diagnostics += problems
    theme_files, problems = assets.theme_assets(dirs)
    diagnostics += problems
    sources, draft_files = set(site.sources), draft_sources(site.meetings)
    for meeting in site.meetings:
        diagnostics += problems_in_context(meeting, sources, draft_files, today)
        written = site.reviews.get(meeting.source)
        diagnostics += review_as_written(meeting) if written is None else written
    return CheckedSite(
        site,
        archive,
        tuple(documents),
        tuple(dirs),
        sort_diagnostics(diagnostics),
        tuple(theme_files),
    )


def draft_sources(meetings: Iterable[Meeting]) -> set[str]:
    return {m.source for m in meetings if m.status is Status.DRAFT}


def link_problems(
    meeting: Meeting, sources: AbstractSet[str], drafts: AbstractSet[str]
) -> list[Diagnostic]:
    """The problems of the links in one meeting's minutes to other meeting files."""
    found = (_link_problem(meeting, link, sources, drafts) for link in meeting.links)
    return [problem for problem in found if problem is not None]


def _link_problem(
    meeting: Meeting, link: MeetingLink, sources: AbstractSet[str], drafts: AbstractSet[str]
) -> Diagnostic | None:
    if not link.target.startswith(CONTENT_DIR + "/"):
        return error(
            link.span,
            f"the link '{link.written}' points outside the content folder",
            "link only to meeting files under content/, e.g.  [last meeting](2011-02-15.md)",
        )
    if link.target not in sources:
        near = _nearest_file(link.target, sources)
        return error(
            link.span,
            f"the link '{link.written}' points to a meeting file that does not exist: "
            f"{link.target}",
            f"correct the file name, perhaps to "
            f"'{posixpath.relpath(near, posixpath.dirname(meeting.source))}', or remove the link"
            if near
            else "correct the file name (names are case-sensitive), or remove the link",
        )
    if link.target in drafts and meeting.status is not Status.DRAFT:
        return warning(
            link.span,
            f"the link '{link.written}' points to draft minutes, which are not published: "
            "it shows as plain text until they are",
            "give the linked minutes  status: unconfirmed  or  approved  when they are ready, "
            "or remove the link",
        )
    return None


def _nearest_file(target: str, sources: AbstractSet[str]) -> str | None:
    """The meeting file in the same folder whose name is closest to `target`'s, if any is close."""
    folder, name = posixpath.split(target)
    names = sorted(posixpath.basename(s) for s in sources if posixpath.dirname(s) == folder)
    near = difflib.get_close_matches(name, names, n=1, cutoff=0.8)
    return posixpath.join(folder, near[0]) if near else None


# -- allowed, but probably a slip: warnings (the site still builds; --strict refuses) -------------


def review_meeting(meeting: Meeting, today: dt.date) -> list[Diagnostic]:
    """What a second reader would query in one meeting's minutes."""
    return [*_approved_in_the_future(meeting, today), *review_as_written(meeting)]


def review_as_written(meeting: Meeting) -> list[Diagnostic]:
    """The queries that depend on the minutes alone, not on the day: done once per edit, when the
    file is parsed, and kept with it in the cache."""
    return [
        *_next_meeting_before_this_one(meeting),
        *_present_and_apologies(meeting),
        *_item_numbering(meeting),
        *_no_agenda_items(meeting),
    ]


def _span(meeting: Meeting, *fields: str) -> SourceSpan:
    """Where the first of these fields was written, or the start of the front matter."""
    for name in fields:
        if name in meeting.field_spans:
            return meeting.field_spans[name]
    return meeting.span or SourceSpan(meeting.source)


def _approved_in_the_future(meeting: Meeting, today: dt.date) -> list[Diagnostic]:
    if meeting.status is not Status.APPROVED or meeting.date <= today:
        return []
    written = "marked approved" if "status" in meeting.field_spans else "approved (the default)"
    return [
        warning(
            _span(meeting, "status", "date"),
            f"these minutes are {written}, but the meeting's date, {meeting.date.isoformat()}, "
            f"is after today ({today.isoformat()})",
            "if the meeting is still to come, write  status: draft  (or  status: unconfirmed  "
            "once published for approval); otherwise correct the date",
            "status",
        )
    ]


def _next_meeting_before_this_one(meeting: Meeting) -> list[Diagnostic]:
    following = meeting.next_meeting
    if following is None or following.date >= meeting.date:
        return []
    return [
        warning(
            _span(meeting, "next_meeting"),
            f"the next meeting ({following.date.isoformat()}) is before this meeting "
            f"({meeting.date.isoformat()})",
            "check both dates: next_meeting is the date of the following meeting",
            "next_meeting",
        )
    ]


def _person_key(name: str) -> str:
    """'D. Parr' and 'd parr' are one person; titles and initials are compared as written."""
    return " ".join(name.replace(".", " ").casefold().split())


def _present_and_apologies(meeting: Meeting) -> list[Diagnostic]:
    attending: dict[str, tuple[str, Attendee]] = {}
    for where, people in (("present", meeting.present), ("in_attendance", meeting.in_attendance)):
        for person in people:
            attending.setdefault(_person_key(person.name), (where, person))
    diagnostics: list[Diagnostic] = []
    for absent in meeting.apologies:
        if (found := attending.get(_person_key(absent.name))) is None:
            continue
        where, person = found
        line = f" (line {person.span.line})" if person.span else ""
        diagnostics.append(
            warning(
                absent.span or _span(meeting, "apologies"),
                f"'{absent.name}' sent apologies but is also listed under {where}{line}",
                "someone who sent apologies was not at the meeting: "
                "remove the name from one of the two lists",
                "apologies",
            )
        )
    return diagnostics


def _item_numbering(meeting: Meeting) -> list[Diagnostic]:
    diagnostics: list[Diagnostic] = []
    for slip in numbering_slips((item.number, item.line) for item in meeting.items):
        span = SourceSpan(meeting.source, slip.line, 1)
        if slip.is_repeat:
            diagnostics.append(
                warning(
                    span,
                    f"the agenda item number {slip.number} is used twice "
                    f"(first on line {slip.earlier_line})",
                    "give each item its own number, so that each has its own link",
                )
            )
        else:
            diagnostics.append(
                warning(
                    span,
                    f"the agenda item number {slip.number} comes after {slip.earlier} "
                    f"(line {slip.earlier_line}): the numbers go backwards here",
                    "correct the number, or put the items in the order they were taken",
                )
            )
    return diagnostics


def _no_agenda_items(meeting: Meeting) -> list[Diagnostic]:
    if meeting.items:
        return []
    return [
        warning(
            _span(meeting),
            "these minutes have no agenda items: no line starts with '## '",
            "start each agenda item with a heading line, e.g.  ## 1. Welcome and introductions",
        )
    ]
