"""The quick build: the pages an edit to a few meeting files changes, made from the last build's
outline (see outline.py) without loading the archive.

The contract: the full build (commands/build.py) is the specification, and a quick build is an
optimisation that must write exactly the same bytes. Every check here that fails raises
NotQuick or returns None, and the full build makes the site instead (the random-edit tests
compare the two, byte for byte, after every step).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import replace
from pathlib import Path

from minutebook.archive.indexes import Archive, attendances
from minutebook.archive.opendata import published_facts
from minutebook.archive.pages import PageRef, Planner, planner
from minutebook.archive.people import index_people
from minutebook.core import cache
from minutebook.core.diagnostics import has_errors, sort_diagnostics
from minutebook.core.model import Meeting, MeetingId, OrganisationSlug, TopicSlug, body_of
from minutebook.incremental.fingerprints import Fingerprints, UnlistedNames, unlisted_names
from minutebook.incremental.lists import Lists, moved, numbers, relist, reordered
from minutebook.incremental.outline import (
    MOST_CHANGED,
    Outline,
    archive_of,
    linking,
    lists_made_from,
    lists_name,
    outline_name,
    patched,
    placed,
    resummarised,
)
from minutebook.incremental.reread import Reread, reread_changed
from minutebook.incremental.snapshot import Snapshot, manifest_stamp
from minutebook.output import render
from minutebook.output.options import BuildOptions, BuildReport
from minutebook.output.write import (
    STAGING,
    OutputProblem,
    Writer,
    WriteReport,
    check_output_dir,
    output_lock,
)
from minutebook.reading.loading import (
    Found,
    LoadState,
    Site,
    Texts,
    cache_namer,
    cached_meeting,
    cached_whole,
    forget_meeting,
    load_state,
)
from minutebook.reading.sources import Stamp


class NotQuick(Exception):
    """Found while writing: the quick path cannot make this build (see quick_build)."""


def quick_build(options: BuildOptions, snapshot: Snapshot, found: Found) -> BuildReport | None:
    """A build of meeting files that changed (one of them may have moved in the archive, see
    _movable), and of static files and documents whose bytes changed, from the last build's
    outline (see outline.py); None when anything else changed, for a full build to make.

    It must write exactly what a full build would: every check below that fails leaves it to
    the full build, which finds the same (the tests compare the two after random edits).
    """
    store, site_root = options.store, options.site_root
    assert store is not None
    output = snapshot.output
    last = store.load(outline_name(str(output.resolve())))
    if not isinstance(last, Outline) or last.output != str(output.resolve()):
        return None
    names, digests = list(found.digests), found.digests
    if found.problems or snapshot.frame(names, last.copied) != last.frame:
        return None
    copies = _copies(site_root, snapshot, last)
    if copies is None:
        return None
    copied, recopied = copies
    config = last.skeleton.config  # the frame holds the config file and --base-url
    state = load_state(site_root, config)
    changed = [name for name in names if digests[name] != last.digests.get(name)]
    changed += [name for name in last.digests if name not in digests]  # deleted
    if len(changed) > MOST_CHANGED:
        return None
    if changed and config.search.enabled and options.search_index:
        # The search index is made whole from every meeting (Pagefind cannot update one): the
        # full build makes it, with the pages.
        return None
    named = cache_namer(config)
    reread = reread_changed(
        store, state, named, last, changed, digests, found.files, drafts=options.drafts
    )
    if reread is None:
        return None
    skeleton = _people_again(last.skeleton, reread)
    problems_gone, problems_found = reread.gone, reread.found
    if skeleton is not last.skeleton:  # (what check says of who is who, found again)
        problems_gone = [*problems_gone, *last.skeleton.people_problems]
        problems_found = [*problems_found, *skeleton.people_problems]
    diagnostics = patched(last.diagnostics, problems_gone, problems_found)
    kept = set(digests)  # (not the files deleted)
    if diagnostics is None or has_errors(diagnostics, strict=options.strict):
        return None
    if check_output_dir(site_root, output, force=options.force) or (output / STAGING).exists():
        return None  # the full build reports these, or finishes the interrupted commit
    outline = replace(
        last,
        skeleton=skeleton,
        copied=copied,
        digests=digests,
        listings={k: v for k, v in {**last.listings, **reread.listings}.items() if k in kept},
        summaries={k: v for k, v in {**last.summaries, **reread.summaries}.items() if k in kept},
        placings={k: v for k, v in {**last.placings, **reread.placings}.items() if k in kept},
        drafts=reread.drafts,
        links=reread.links,
        diagnostics=tuple(diagnostics),
    )
    try:
        written, pages = _remake(options, snapshot, last, outline, reread, recopied, named, state)
    except (NotQuick, render.TemplateProblem, OutputProblem):
        return None
    for name in changed:
        if name in last.digests:
            forget_meeting(store, named(name, last.digests[name]))
    return BuildReport(
        diagnostics,
        output,
        pages=pages,
        written=written.written,
        unchanged=written.unchanged,
        removed=written.removed,
        published=True,
    )


def _remake(
    options: BuildOptions,
    snapshot: Snapshot,
    last: Outline,
    outline: Outline,
    reread: Reread,
    recopied: Mapping[str, Path],
    named: Callable[[str, str], str],
    state: LoadState,
) -> tuple[WriteReport, int]:
    """The quick build's pages: those of the changed meetings and, when what lists show of them
    changed, the pages listing them whose keys changed (and, when their summaries changed, the
    pages of the whole archive); when one moved, the pages it left and joins too, and those
    whose relations to other meetings changed. With the outline kept for the next, and how many
    pages the site has now."""
    store, output = options.store, snapshot.output
    assert store is not None
    texts: dict[str, str] = {}
    read = _reader(store, named, outline, texts)
    # (people's pages count the meetings each body held each year: from the lists)
    listing = reread.relisted or reread.moved or reread.people
    lists = _kept_lists(store, last) if listing else None
    before_move: Planner | None = None  # the archive before a meeting moved
    if lists is not None and reread.moved:
        outline, lists, before_move = _move(last, outline, lists, read, *reread.moved[0])
    if lists is not None and reread.relisted:
        outline, lists = _relisted(outline, lists, reread)
    pages = replace(planner(archive_of(outline, read, lists)), texts=Texts(store, texts, state))
    refs = [PageRef("meeting", (i,)) for i in reread.meetings if i in outline.sources]
    if before_move is not None or reread.people:
        # (it lists every page: where the meetings are, and who has a page)
        refs.append(PageRef("sitemap"))
    _leaves_the_files_alone(store, named, last, outline, reread)
    for before, after in reread.relisted:
        refs += pages.pages_listing(after)
        if (approver := last.skeleton.approved_by.get(before.id)) is not None:
            refs.append(PageRef("meeting", (approver,)))  # it listed the minutes it approved
    if reread.resummarised:
        refs += pages.archive_pages()
        refs += _approvals_changed(last.skeleton, pages)
    gone: set[PageRef] = set()  # the pages a meeting that moved left
    new: set[PageRef] = set()  # … and those there were not before
    names = unlisted_names(outline.skeleton)
    if before_move is not None:
        joined, gone, new = _pages_of_move(before_move, pages, outline, names, *reread.moved[0])
        refs += joined
    people_refs, people_gone, people_new = _people_pages(last.skeleton, pages, reread)
    refs += people_refs
    gone |= people_gone
    new |= people_new
    refs = list(dict.fromkeys(refs))
    dirs = render.theme_dirs(options.site_root, outline.skeleton.config.theme)
    site = Site(
        options.site_root,
        outline.skeleton.config,
        (),
        [],
        outline.digests,
        listings=outline.listings,
        summaries=outline.summaries,
        placings=outline.placings,
    )
    fingerprints = Fingerprints.of(site, pages, dirs, options, output, names)
    keys = dict(fingerprints.previous)
    if not keys or any(pages.output(ref) not in keys for ref in refs if ref not in new):
        raise NotQuick  # the keys were not kept for this output (or were lost)
    fresh = {pages.output(ref): fingerprints.key(ref) for ref in refs}
    remade = [ref for ref in refs if fresh[pages.output(ref)] != keys.get(pages.output(ref))]
    removed = {(before_move or pages).output(ref) for ref in gone}
    removed -= set(fresh)
    own = options.own_output
    written = _write_pages(output, pages, dirs, remade, recopied, last.manifest, removed, own=own)
    fingerprints.save({name: key for name, key in (keys | fresh).items() if name not in removed})
    manifest = manifest_stamp(output)
    assert manifest is not None  # the output was just written
    if lists is not None:  # first: lists kept without their outline are of no use
        kept = lists
        outline = keep_lists(store, outline, lambda: kept)
    pages_now = outline.pages + len(new) - len(gone)
    store.save(outline_name(outline.output), replace(outline, manifest=manifest, pages=pages_now))
    return written, pages_now


def _leaves_the_files_alone(
    store: cache.Store,
    named: Callable[[str, str], str],
    last: Outline,
    outline: Outline,
    reread: Reread,
) -> None:
    """NotQuick unless the edit leaves every feed, calendar and data file as it was: each shows
    its meetings whole, and the quick build does not hold the archive to remake those that list
    many (the full build does). An edit to the minutes' text alone changes none of them."""
    publishing = outline.skeleton.config.publishing
    if not (publishing.feeds or publishing.calendar or publishing.data):
        return
    if reread.relisted or reread.moved:
        raise NotQuick
    for meeting_id, meeting in reread.meetings.items():
        if meeting_id not in outline.sources:
            continue  # (not published)
        source = meeting.source
        before = cached_whole(store, named(source, last.digests.get(source, "")))
        after = cached_whole(store, named(source, outline.digests[source]))
        if before is None or after is None or published_facts(before) != published_facts(after):
            raise NotQuick


def _pages_of_move(
    was: Planner,
    now: Planner,
    outline: Outline,
    names: UnlistedNames,
    before: Meeting | None,
    after: Meeting | None,
) -> tuple[list[PageRef], set[PageRef], set[PageRef]]:
    """The pages to make (when their keys changed) after a meeting moved, those it left that
    are no longer pages, and those that are new (see _moved_pages; `was`: the archive before,
    `now`, `outline` and `names`: as it is now)."""
    files = dict.fromkeys(m.source for m in (before, after) if m is not None)  # (two: renamed)
    by_source = outline.skeleton.by_source
    linked = [
        by_source[f] for file in files for f in linking(outline.links, file) if f in by_source
    ]
    left, joined = _moved_pages(was, now, before, after, linked)
    staying = [ref for ref in left if now.has_page(ref)]
    refs = [*staying, *joined]
    # A name the meeting writes may now be spelled as another meeting writes it, or the other
    # way round: the pages listing the meetings writing it show it.
    names_before, names_now = unlisted_names(was.archive).written, names.written
    respelled = {
        i for i in names_before.keys() | names_now.keys() if names_before.get(i) != names_now.get(i)
    }
    for meeting_id in sorted(respelled & outline.sources.keys()):
        refs += now.pages_listing(now.archive.meetings[meeting_id])
    return refs, set(left) - set(staying), {ref for ref in joined if not was.has_page(ref)}


def _approvals_changed(was: Archive, now: Planner) -> list[PageRef]:
    """The pages of the meetings whose approval, or the minutes they approve, changed: an item's
    words may approve another meeting's minutes (see indexes.relations)."""
    archive = now.archive
    changed: set[MeetingId] = set()
    for old, new in ((was.approved_by, archive.approved_by), (was.approves, archive.approves)):
        changed |= {i for i in old.keys() | new.keys() if old.get(i) != new.get(i)}
    refs = [PageRef("meeting", (i,)) for i in sorted(changed)]
    return [ref for ref in refs if now.has_page(ref)]


def _people_again(skeleton: Archive, reread: Reread) -> Archive:
    """The skeleton with who is who worked out again from the people each meeting lists (see
    archive/people.py), when a changed meeting lists others than it did, or elsewhere; the same
    skeleton when none does."""
    if not reread.people:
        return skeleton
    lists = dict(skeleton.people_lists)
    for before, _ in reread.people:
        if before is not None:
            lists.pop(before.id, None)
    for _, after in reread.people:
        if after is not None:
            lists[after.id] = after
    ordered = dict(sorted(lists.items(), key=lambda pair: (pair[1].date, pair[0], pair[1].source)))
    people, problems = index_people(skeleton.config.people, ordered.values())
    return replace(
        skeleton,
        people=people,
        people_lists=ordered,
        people_problems=tuple(sort_diagnostics(problems)),
    )


def _people_pages(
    was: Archive, now: Planner, reread: Reread
) -> tuple[list[PageRef], set[PageRef], set[PageRef]]:
    """The pages to make (when their keys changed) because who is who changed, or a meeting
    moved (each person's page counts the meetings their bodies held each year): the pages of
    the people whose record changed and of the meetings on it, the pages of everyone listed by
    a body whose meetings moved, and the A–Z; with the people's pages that are gone and new."""
    old, people = was.people, now.archive.people
    if old == people and not reread.moved:
        return [], set(), set()
    before = {PageRef("person", (p.slug,)) for p in old.published()}
    after = {PageRef("person", (p.slug,)) for p in people.published()}
    changed = {
        slug
        for slug in old.persons.keys() | people.persons.keys()
        if old.persons.get(slug) != people.persons.get(slug)
    }
    bodies = {m.organisation for pair in reread.moved for m in pair if m is not None}
    counted = {
        person.slug
        for person in people.persons.values()
        if any(body_of(a.meeting) in bodies for a in person.record)
    }
    refs = [PageRef("person", (slug,)) for slug in sorted(changed | counted)]
    shown = {
        a.meeting
        for persons in (old.persons, people.persons)
        for slug in changed
        if slug in persons
        for a in persons[slug].record
    }
    refs += [PageRef("meeting", (i,)) for i in sorted(shown) if i in now.archive.meetings]
    refs.append(PageRef("people_index"))
    return [ref for ref in refs if now.has_page(ref)], before - after, after - before


def _relisted(outline: Outline, lists: Lists, reread: Reread) -> tuple[Outline, Lists]:
    """The outline and lists with each meeting whose listing, attendance or summary changed as
    it lists now (NotQuick if one is not where it was: see lists.relist)."""
    order = {meeting_id: n for n, meeting_id in enumerate(outline.sources)}
    numbered = numbers(lists)
    for before, after in reread.relisted:
        relisted = relist(lists, numbered, before, after)
        if relisted is None:
            raise NotQuick
        lists = relisted
    skeleton = outline.skeleton
    for before, after in reread.resummarised:
        skeleton = resummarised(skeleton, lists, order, before, after)
    return replace(outline, skeleton=skeleton), lists


def _move(
    last: Outline,
    outline: Outline,
    lists: Lists,
    read: Callable[[MeetingId, str], Meeting],
    before: Meeting | None,
    after: Meeting | None,
) -> tuple[Outline, Lists, Planner]:
    """The outline and lists with a meeting where it is now (see lists.moved), and the planner
    of the archive before it moved (NotQuick if it now shares a page with another meeting).
    Without `before`, it was not published; without `after`, it no longer is."""
    old_id = before.id if before is not None else None
    if after is not None and after.id != old_id and after.id in last.sources:
        raise NotQuick  # two meetings, one page: the full build reports it

    def read_before(meeting_id: MeetingId, source: str) -> Meeting:
        # (the meeting as it was: `read` reads every file as it is now)
        return before if before is not None and meeting_id == old_id else read(meeting_id, source)

    was = planner(archive_of(last, read_before, lists))
    sources = reordered(last.sources, lists, before, after)
    lists = moved(lists, {i: n for n, i in enumerate(sources)}, before, after)
    skeleton = placed(outline.skeleton, lists, sources, before, after)
    outline = replace(outline, sources=sources, skeleton=skeleton)
    if after is not None and _shares_a_page(lists, lambda i: read(i, sources[i]), after):
        raise NotQuick  # (an id of its own, the same page name: see indexes._collisions)
    return outline, lists, was


def _kept_lists(store: cache.Store, last: Outline) -> Lists:
    """The last build's lists (NotQuick if they were not kept with its outline)."""
    name = lists_name(last.output)
    lists = store.load(name, 1) if last.lists and store.load(name) == last.lists else None
    if not isinstance(lists, Lists):
        raise NotQuick
    return lists


def _moved_pages(
    was: Planner,
    now: Planner,
    before: Meeting | None,
    after: Meeting | None,
    linked: Iterable[MeetingId],
) -> tuple[list[PageRef], list[PageRef]]:
    """The pages a meeting that moved was on, or may have changed because it left (`was`: the
    archive before), and those it is on now, or may have changed because it came: those listing
    it, those of the whole archive, those of the meetings `linked` to it or whose neighbours or
    approvals changed, and every page by period of its organisations and topics whose lists
    were split otherwise, or not at all, or the other way round (an era over the limit has a
    page a year, see archive/periods.py; the page of a period without it, or with it alone,
    lists it). Some are not pages of both (see Planner.has_page).
    Without `before`, it was not published; without `after`, it no longer is."""
    left = [*was.archive_pages(), *(was.pages_listing(before) if before is not None else ())]
    joined = [*now.archive_pages(), *(now.pages_listing(after) if after is not None else ())]
    if list(was.archive.by_year) != list(now.archive.by_year):  # each shows the years around
        joined += [PageRef("year", (year,)) for year in now.archive.by_year]
    joined += [PageRef("meeting", (meeting_id,)) for meeting_id in linked]
    related = (
        (was.archive.previous, now.archive.previous),
        (was.archive.next, now.archive.next),
        (was.archive.approved_by, now.archive.approved_by),
        (was.archive.approves, now.archive.approves),
    )
    for old, new in related:
        for meeting_id in old.keys() | new.keys():
            if old.get(meeting_id) != new.get(meeting_id):
                ref = PageRef("meeting", (meeting_id,))
                (joined if now.has_page(ref) else left).append(ref)
    organisations: set[OrganisationSlug] = set()
    topics: set[TopicSlug] = set()
    for meeting in (m for m in (before, after) if m is not None):
        organisations |= {meeting.organisation, *attendances(meeting)}
        topics |= set(meeting.all_topics())
    for ref in [
        *(PageRef("organisation", (slug,)) for slug in organisations),
        *(PageRef("topic", (slug,)) for slug in topics),
    ]:
        before_split = was.split_pages(ref) if was.has_page(ref) else None
        after_split = now.split_pages(ref) if now.has_page(ref) else None
        if before_split is not None and before_split == after_split:
            continue  # the same pages by period, but for the meeting's: listing it, above
        left += before_split or []
        joined += after_split or []
    return left, [ref for ref in joined if now.has_page(ref)]


def _shares_a_page(lists: Lists, read: Callable[[MeetingId], Meeting], meeting: Meeting) -> bool:
    """Does another meeting of the day have the page name of one that moved to it (an error:
    see indexes._collisions)? `read`: a meeting by its id."""
    day = lists.by_year.get(meeting.date.year, ())
    return any(
        read(i).page_name == meeting.page_name
        for i in day
        if i != meeting.id and lists.dates[i] == meeting.date
    )


def keep_lists(store: cache.Store, outline: Outline, lists: Callable[[], Lists]) -> Outline:
    """Keep the lists of the outline's archive, after what they are made from, which is all
    that is read to find that those kept already are the same (0.3 s a full build saved at
    10,000 meetings, when a template or stylesheet changed); the outline, to be kept next,
    names them. (A quick build of an edit to the text keeps both names and lists.)"""
    name, made_from = lists_name(outline.output), lists_made_from(outline)
    if store.load(name) != made_from:
        store.save(name, made_from, lists())
    return replace(outline, lists=made_from)


def _reader(
    store: cache.Store,
    named: Callable[[str, str], str],
    outline: Outline,
    texts: dict[str, str],
) -> Callable[[MeetingId, str], Meeting]:
    """Reads a published meeting from the cache (without its text: its cache name goes in
    `texts`, for loading.Texts to read its text from when its page is made), under the id
    the archive files it as (see Meeting.as_filed)."""

    def read(filed_as: MeetingId, source: str) -> Meeting:
        name = named(source, outline.digests.get(source, ""))
        parsed = cached_meeting(store, name)
        if parsed is None or parsed.meeting is None:
            raise NotQuick  # deleted from the cache (or damaged) since: a full build reads it
        meeting = parsed.meeting.as_filed(filed_as)
        if meeting.id != filed_as:
            raise NotQuick  # not the meeting the outline holds: a full build reads it again
        if parsed.apart:
            texts[source] = name
        return meeting

    return read


def _copies(
    site_root: Path, snapshot: Snapshot, last: Outline
) -> tuple[dict[str, tuple[str, Stamp | None]], dict[str, Path]] | None:
    """The files copied as they are, with their stamps now, and those to copy again (output →
    source) because their bytes may have changed; None if one cannot be copied without the
    checks of a full build."""
    stamps = snapshot.stamps()
    copied = {source: (out, stamps.get(source)) for source, (out, _) in last.copied.items()}
    if any(stamp is None for _, stamp in copied.values()):
        return None  # a file the snapshot does not see (in a hidden folder): did it change?
    again = {
        out: site_root / source
        for source, (out, stamp) in copied.items()
        if stamp != last.copied[source][1]
    }
    if any(source.is_symlink() for source in again.values()):
        return None  # where a link leads is checked by the full build (documents stay in content/)
    return copied, again


def _write_pages(
    output: Path,
    pages: Planner,
    dirs: Sequence[Path],
    refs: Sequence[PageRef],
    recopied: Mapping[str, Path],
    manifest: Stamp,
    removed: AbstractSet[str] = frozenset(),
    *,
    own: bool = False,
) -> WriteReport:
    """The pages of `refs` and the files of `recopied` (output → source), without the files of
    `removed`, with every other file of the output kept as the last build left it (NotQuick if
    one is not: another build wrote since, or a file was deleted or edited). `own`: the
    output is this process's alone (serve's, in the cache folder), and no file of it is looked
    at: a stat of each of 11,800 files took 50 ms of every save's 0.5 s at 10,000 meetings."""
    with output_lock(output), Writer(output) as writer:
        if manifest_stamp(output) != manifest:
            raise NotQuick
        remade = {pages.output(ref) for ref in refs} | set(recopied)
        for name in list(writer.previous):
            if name not in remade and name not in removed and not writer.keep(name, look=not own):
                raise NotQuick
        for page in render.render_all(pages, dirs, refs, 1, writer.stage):
            writer.record(page)
        for name, source in sorted(recopied.items()):
            writer.add(name, source.read_bytes())
        return writer.commit()
