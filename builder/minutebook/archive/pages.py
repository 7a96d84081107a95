"""PLAN: Archive → the list of pages to render, each with its template and a plain context.

Every function of the planner is pure: the same Archive gives the same pages, in the same
order, so pages can be rendered in parallel and compared byte for byte. Templates receive plain
data only.

The words of the interface (page titles, month names, "Home") come from the theme's strings
file for the site's language (see render.load_strings), never from these modules.

The planner is put together from one class a family of pages (see views); this module holds
the Planner itself, with what each page depends on, which quick builds ask of it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from minutebook.archive import site_files
from minutebook.archive.calendar import Calendars
from minutebook.archive.data_schemas import SCHEMAS
from minutebook.archive.date_pages import DatePages
from minutebook.archive.feeds import Feeds
from minutebook.archive.indexes import Archive, Attendance, attendances
from minutebook.archive.meeting_page import MeetingPage
from minutebook.archive.opendata import INDEXES, TABLES, OpenData
from minutebook.archive.people import listed_people
from minutebook.archive.person_pages import PersonPages
from minutebook.archive.site_pages import SitePages
from minutebook.archive.subject_pages import OrganisationPages, TopicPages
from minutebook.archive.urls import Urls
from minutebook.archive.views import PageSpec
from minutebook.core.model import LinkKind, Meeting, MeetingId, body_of, unplaced

# The pages that show more of each meeting they list than its summary (check.summary_digest),
# which is its title, date, body and status: the topics' pages show the items' numbers and
# titles. (The organisations' pages show the people who attended too: see attendances_on.)
LISTING_IN_FULL = frozenset({"topic", "topic_year"})


@dataclass(frozen=True, slots=True)
class PageRef:
    """Which page to make: small, so that lists of them are cheap to plan and to send."""

    kind: str
    args: tuple[Any, ...] = ()


PAGE_MAKERS = {
    "home": "home",
    "not_found": "not_found",
    "accessibility": "accessibility_statement",
    "meetings_index": "meetings_index",
    "meeting": "meeting_page",
    "year": "year_page",
    "month": "month_page",
    "organisations_index": "organisations_index",
    "organisation": "organisation_page",
    "organisation_year": "organisation_year_page",
    "topics_index": "topics_index",
    "topic": "topic_page",
    "topic_year": "topic_year_page",
    "search": "search_page",
    "people_index": "people_index",
    "person": "person_page",
    # The files beyond the pages (see Planner.plan_files)
    "feed": "site_feed",
    "organisation_feed": "organisation_feed",
    "topic_feed": "topic_feed",
    "calendar": "site_calendar",
    "organisation_calendar": "organisation_calendar",
    "data_page": "data_page",
    "data_file": "data_file",
    "meeting_data": "meeting_data",
    "sitemap": "sitemap",
    "robots": "robots",
}
# The files beyond the pages: each shows what it shows of its meetings whole (see
# Fingerprints.key), and a quick build leaves them to a full build when that changed.
FILE_KINDS = frozenset(list(PAGE_MAKERS)[list(PAGE_MAKERS).index("feed") :])


@dataclass(frozen=True, slots=True)
class Planner(
    SitePages,
    DatePages,
    MeetingPage,
    OrganisationPages,
    TopicPages,
    PersonPages,
    Feeds,
    Calendars,
    OpenData,
):
    """Every page of the site: which there are (plan), what each is made from (inputs and the
    queries after it, for quick builds), and each one made (make), by its family's maker."""

    def plan(self) -> list[PageRef]:
        """Every page of the site, in a fixed order; `make` turns each into its PageSpec."""
        archive = self.archive
        refs = [
            PageRef("home"),
            PageRef("not_found"),
            PageRef("accessibility"),
            PageRef("meetings_index"),
        ]
        refs += [PageRef("meeting", (meeting_id,)) for meeting_id in archive.meetings]
        for year in archive.by_year:
            refs.append(PageRef("year", (year,)))
            refs += [PageRef("month", (year, month)) for month in self.months(year)]
        refs.append(PageRef("organisations_index"))
        for organisation in self.active_organisations():
            page = PageRef("organisation", (organisation,))
            refs += [page, *self.split_pages(page)]
        refs.append(PageRef("topics_index"))
        for topic in archive.by_topic:
            page = PageRef("topic", (topic,))
            refs += [page, *self.split_pages(page)]
        if archive.config.search.enabled:
            refs.append(PageRef("search"))
        if archive.people.pages:  # (the A–Z, even empty: every page's navigation links to it)
            refs.append(PageRef("people_index"))
            refs += [PageRef("person", (p.slug,)) for p in archive.people.published()]
        return refs

    def plan_files(self) -> list[PageRef]:
        """The files beyond the pages, in a fixed order, as the config asks for them: feeds,
        calendars, open data (see FILE_KINDS), and the sitemap and robots.txt."""
        archive, publishing = self.archive, self.archive.config.publishing
        refs: list[PageRef] = []
        if publishing.feeds:
            refs.append(PageRef("feed"))
            refs += [PageRef("organisation_feed", (slug,)) for slug in archive.held_by]
            refs += [PageRef("topic_feed", (slug,)) for slug in archive.by_topic]
        if publishing.calendar:
            refs.append(PageRef("calendar"))
            refs += [PageRef("organisation_calendar", (slug,)) for slug in archive.held_by]
        if publishing.data:
            refs.append(PageRef("data_page"))
            names = [*INDEXES, *TABLES, *(f"schemas/{name}" for name in SCHEMAS)]
            refs += [PageRef("data_file", (name,)) for name in names]
            refs += [PageRef("meeting_data", (meeting_id,)) for meeting_id in archive.meetings]
        return [*refs, PageRef("sitemap"), PageRef("robots")]

    def plan_with_files(self) -> list[PageRef]:
        return site_files.plan_with_files(self)

    def file_inputs(self, ref: PageRef) -> list[MeetingId]:
        """The meetings a file beyond the pages shows (see FILE_KINDS)."""
        kind, args, everything = ref.kind, ref.args, list(self.archive.meetings)
        if kind in {"feed", "organisation_feed", "topic_feed"}:
            return self.feed_inputs(kind, args[0] if args else "")
        if kind in {"calendar", "organisation_calendar"}:
            return self.calendar_inputs(args[0] if args else None)
        if kind == "meeting_data":
            return [args[0]]
        if kind == "sitemap" or (kind == "data_file" and not args[0].startswith("schemas/")):
            return everything
        return []  # robots.txt, the data page, the schemas: the config alone

    def sitemap(self) -> PageSpec:
        return site_files.sitemap(self)

    def robots(self) -> PageSpec:
        return site_files.robots(self)

    def split_pages(self, ref: PageRef) -> list[PageRef]:
        """The pages by period (see periods.py) of an organisation's or a topic's page, if it
        is split (see shows_counts_only)."""
        if not self.shows_counts_only(ref):
            return []
        slug = ref.args[0]
        if ref.kind == "organisation":
            periods = self.organisation_periods(slug)
            return [PageRef("organisation_year", (slug, period)) for period in periods]
        return [PageRef("topic_year", (slug, period)) for period in self.topic_periods(slug)]

    def has_page(self, ref: PageRef) -> bool:
        """Is `ref` one of the pages of `plan` (without planning them all)? A quick build asks
        of the pages a meeting that moved leaves or joins. (The tests hold this against plan.)"""
        archive, args = self.archive, ref.args
        if ref.kind == "meeting":
            return args[0] in archive.meetings
        if ref.kind == "year":
            return args[0] in archive.by_year
        if ref.kind == "month":
            return args[0] in archive.by_year and args[1] in self.months(args[0])
        if ref.kind == "organisation":  # (see active_organisations)
            held = args[0] in archive.held_by or args[0] in archive.attended_by
            return held and args[0] in archive.organisations
        if ref.kind == "topic":
            return args[0] in archive.by_topic
        if ref.kind in {"organisation_year", "topic_year"}:
            page = PageRef(ref.kind.removesuffix("_year"), args[:1])
            return self.has_page(page) and ref in self.split_pages(page)
        if ref.kind == "search":
            return archive.config.search.enabled
        if ref.kind == "people_index":
            return archive.people.pages
        if ref.kind == "person":
            person = archive.people.persons.get(args[0])
            return person is not None and archive.people.pages and person.published
        if ref.kind in FILE_KINDS:
            return ref in self.plan_files()
        return not args and ref.kind in PAGE_MAKERS

    def url(self, ref: PageRef) -> str:
        """The page's URL without making it (for caching and collision checks)."""
        urls, args = self.urls, ref.args
        makers: dict[str, Callable[[], str]] = {
            "home": urls.home,
            "not_found": urls.not_found,
            "meetings_index": urls.meetings,
            "meeting": lambda: urls.meeting(self.archive.meetings[args[0]]),
            "year": lambda: urls.year(args[0]),
            "month": lambda: urls.month(args[0], args[1]),
            "organisations_index": urls.organisations,
            "organisation": lambda: urls.organisation(args[0]),
            "organisation_year": lambda: urls.organisation(args[0], args[1]),
            "topics_index": urls.topics,
            "topic": lambda: urls.topic(args[0]),
            "topic_year": lambda: urls.topic(args[0], args[1]),
            "accessibility": urls.accessibility,
            "search": urls.search,
            "people_index": urls.people,
            "person": lambda: urls.person(args[0]),
            "feed": urls.feed,
            "organisation_feed": lambda: urls.feed(urls.organisation(args[0])),
            "topic_feed": lambda: urls.feed(urls.topic(args[0])),
            "calendar": urls.calendar,
            "organisation_calendar": lambda: urls.calendar(urls.organisation(args[0])),
            "data_page": urls.data,
            "data_file": lambda: urls.data(args[0]),
            "meeting_data": lambda: urls.meeting_data(args[0]),
            "sitemap": urls.sitemap,
            "robots": urls.robots,
        }
        return makers[ref.kind]()

    def output(self, ref: PageRef) -> str:
        return self._remember("output", ref, lambda: self.urls.output_path(self.url(ref)))

    def inputs(self, ref: PageRef) -> Iterable[MeetingId] | None:
        """The meetings a page is made from; None when it depends on the whole archive.

        Together with the theme, the config and the vocabulary (which every page depends on),
        these decide whether a page must be made again: a page whose inputs did not change is
        kept as it is. When in doubt, a page kind depends on everything.
        """
        archive, args = self.archive, ref.args
        if ref.kind in FILE_KINDS:
            return self.file_inputs(ref)
        if ref.kind in {"not_found", "accessibility", "people_index"}:
            # (the accessibility statement shows the config's words alone; the people's A–Z
            # who is who: see shown_around)
            return ()
        if ref.kind == "person":
            return list(dict.fromkeys(a.meeting for a in archive.people.persons[args[0]].record))
        if ref.kind == "meeting":
            meeting_id = args[0]
            links = (archive.previous, archive.next, archive.approved_by)
            return [
                meeting_id,
                *(link[meeting_id] for link in links if meeting_id in link),
                *archive.approves.get(meeting_id, ()),
            ]
        if ref.kind == "year":  # (and the years next to it: see shown_around)
            return archive.by_year[args[0]]
        if ref.kind == "month":
            return self.months(args[0])[args[1]]
        if ref.kind == "organisation":
            return [
                *archive.held_by.get(args[0], ()),
                *(a.meeting for a in archive.attended_by.get(args[0], ())),
            ]
        if ref.kind == "organisation_year":
            by_year = self.organisation_years(args[0])
            return [
                meeting_id
                for year in self.organisation_periods(args[0])[args[1]]
                for meeting_id in (*by_year[year][0], *(a.meeting for a in by_year[year][1]))
            ]
        if ref.kind == "topic":
            return [r.meeting for r in archive.by_topic[args[0]]]
        if ref.kind == "topic_year":
            items = self.topic_years(args[0])
            years = self.topic_periods(args[0])[args[1]]
            return [r.meeting for year in years for r in items[year]]
        return None  # home, the A–Z indexes, the years' counts, the search page's filters

    def shows_counts_only(self, ref: PageRef) -> bool:
        """Does the page list no meeting, only how many there are (each year's, and an
        organisation's topics')? So do an organisation's and a topic's pages split by year, and
        a year's split by month: they are keyed by the counts they show (see counts_shown)."""
        if ref.kind == "organisation":
            return not self.is_organisation_inline(ref.args[0])
        if ref.kind == "topic":
            return not self.is_topic_inline(ref.args[0])
        if ref.kind == "year":
            return not self.is_year_inline(ref.args[0])
        return False

    def counts_shown(self, ref: PageRef) -> list[object]:
        """All a page that lists no meeting (see shows_counts_only) shows of its meetings: how
        many there are each year (a year's page: each month). Its key, with what the page is
        about and what it shows around them (see shown_around): an edit that leaves the
        counts as they were (a title, a guest, a topic of one item for another) remakes none."""
        about = ref.args[0]  # an organisation, a topic or a year
        if ref.kind == "organisation":
            return [
                (year, len(h), len(a)) for year, (h, a) in self.organisation_years(about).items()
            ]
        if ref.kind == "topic":
            return [(year, len(refs)) for year, refs in self.topic_years(about).items()]
        return [(month, len(ids)) for month, ids in self.months(about).items()]

    def shown_around(self, ref: PageRef) -> tuple[object, ...]:
        """What a page shows beyond its inputs and the names and words every page depends on: a
        year's page links to the years before and after it, and an organisation's page names
        the topics most discussed at its meetings, with how often (from their items: what lists
        show of a meeting does not say)."""
        if ref.kind == "year":
            return self.years_around(ref.args[0])
        if ref.kind == "organisation":
            return tuple(
                (unplaced(self.archive.topics[topic]), count)
                for topic, count in self.top_topics(ref.args[0])
            )
        return self.people_shown(ref)

    def people_shown(self, ref: PageRef) -> tuple[object, ...]:
        """Who is who, as a page shows it beyond the meetings it lists: a meeting's page links
        each name to the person's page; a person's page shows their record (how they were
        listed, for whom, in which role) and how many meetings each body held each year they
        were listed; the A–Z, each person's name and number of meetings."""
        people = self.archive.people
        if ref.kind == "meeting":
            meeting = self.archive.meetings[ref.args[0]]
            return tuple(people.page_of(meeting.id, p.name) for _, p in listed_people(meeting))
        if ref.kind == "person":  # (and its organisations' names, as the archive spells them)
            person = people.persons[ref.args[0]]
            shown = {a.organisation for a in person.record if a.organisation is not None}
            shown |= {body_of(a.meeting) for a in person.record}
            names = [unplaced(self.archive.organisations[o]) for o in sorted(shown)]
            return (person, tuple(self.attendance_rows(person)), tuple(names))
        if ref.kind == "people_index":
            return tuple((p.slug, p.name, len(p.record)) for p in people.published())
        return ()

    def attendances_on(self, ref: PageRef) -> Sequence[Attendance]:
        """Who of an organisation attended each meeting its page lists: the one thing its pages
        show of a meeting beyond the meeting's summary (see LISTING_IN_FULL)."""
        if ref.kind == "organisation" and not self.shows_counts_only(ref):
            return self.archive.attended_by.get(ref.args[0], ())
        if ref.kind == "organisation_year":
            by_year = self.organisation_years(ref.args[0])
            years = self.organisation_periods(ref.args[0])[ref.args[1]]
            return [attendance for year in years for attendance in by_year[year][1]]
        return ()

    def shown_in_full(self, ref: PageRef) -> list[MeetingId]:
        """The meetings a page of the whole archive (whose `inputs` are None) shows more of than
        where they are (check.placing_digest), which is all the rest of it shows: the home
        page's latest and upcoming meetings."""
        if ref.kind == "home":
            return [*self.latest(), *(meeting_id for _, meeting_id in self.upcoming())]
        return []

    def shows_every_name(self, ref: PageRef) -> bool:
        """Does the page show organisations or topics other than those of the meetings it
        shows (see inputs, shown_in_full)? The A–Z indexes do, and the home page (every body
        that met)."""
        return ref.kind in {"home", "organisations_index", "topics_index", "search"}

    def shows_today(self, ref: PageRef) -> bool:
        """Does the page change with the day it is built on? The home page's meetings to come
        (see upcoming) do."""
        return ref.kind == "home"

    def archive_pages(self) -> list[PageRef]:
        """The pages of `plan` made from the whole archive (whose `inputs` are None), in its
        order, without planning the rest. (The tests hold this against `plan`.)"""
        return [
            *(PageRef(kind) for kind in ("home", "meetings_index")),
            PageRef("organisations_index"),
            PageRef("topics_index"),
            *([PageRef("search")] if self.archive.config.search.enabled else []),
        ]

    def pages_listing(self, meeting: Meeting) -> list[PageRef]:
        """The pages of `plan` whose `inputs` hold a published meeting, but for those of the
        whole archive (whose inputs are None): its own and those of the meetings next to it,
        approving it or approved by it; its year's and its month's; its body's and each attending
        organisation's; each of its topics'. (The tests hold this against `inputs`.)"""
        archive, meeting_id, year = self.archive, meeting.id, meeting.date.year
        related = (archive.previous, archive.next, archive.approved_by)
        meetings = [
            meeting_id,
            *(link[meeting_id] for link in related if meeting_id in link),
            *archive.approves.get(meeting_id, ()),
        ]
        refs = [PageRef("meeting", (i,)) for i in meetings]
        refs.append(PageRef("year", (year,)))
        refs.append(PageRef("month", (year, meeting.date.month)))
        for slug in dict.fromkeys([meeting.organisation, *attendances(meeting)]):
            refs.append(PageRef("organisation", (slug,)))
            if not self.is_organisation_inline(slug):
                period = self.organisation_period(slug, year)
                refs.append(PageRef("organisation_year", (slug, period)))
        for topic in meeting.all_topics():
            refs.append(PageRef("topic", (topic,)))
            if not self.is_topic_inline(topic):
                refs.append(PageRef("topic_year", (topic, self.topic_period(topic, year))))
        refs += [PageRef("person", (slug,)) for slug in archive.people.of_meeting(meeting)]
        return list(dict.fromkeys(refs))

    def linked_files(self, ref: PageRef) -> list[str]:
        """The meeting files a meeting page links to in its text: whether and where each is
        published decides the link, so a change to one of them remakes the page (drafts
        included). (Where its other links lead is up to the meeting alone: see
        MeetingPage.linked_url.)"""
        if ref.kind != "meeting":
            return []
        links = self.archive.meetings[ref.args[0]].links
        return [link.target for link in links if link.kind is LinkKind.MEETING]

    def make(self, ref: PageRef) -> PageSpec:
        if not self.strings:
            raise RuntimeError("the planner has no strings: render.render_all loads them")
        maker: Callable[..., PageSpec] = getattr(self, PAGE_MAKERS[ref.kind])
        return maker(*ref.args)


def planner(archive: Archive) -> Planner:
    return Planner(archive, Urls(archive.config.base_url))
