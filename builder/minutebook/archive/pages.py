"""PLAN: Archive → the list of pages to render, each with its template and a plain context.

Every function here is pure: the same Archive gives the same pages, in the same order, so pages
can be rendered in parallel and compared byte for byte. Templates receive plain data only.

The words of the interface (page titles, month names, "Home") come from the theme's strings
file for the site's language (see render.load_strings), never from this module.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from minutebook.archive.indexes import (
    Archive,
    Attendance,
    ItemRef,
    attendances,
    list_size,
    unplaced,
)
from minutebook.archive.urls import Urls
from minutebook.core.diagnostics import Diagnostic, context_lines, sort_diagnostics
from minutebook.core.model import (
    AgendaItem,
    Attendee,
    Meeting,
    MeetingId,
    MeetingLink,
    NextMeeting,
    OrganisationSlug,
    SiteConfig,
    TimeRange,
    TopicSlug,
)
from minutebook.reading.markdown import resolve_meeting_links

LIST_LIMIT = 100  # longer lists are split into one page per year
# The pages that show more of each meeting they list than its summary (check.summary_digest),
# which is its title, date, body and status: the topics' pages show the items' numbers and
# titles. (The organisations' pages show the people who attended too: see attendances_on.)
LISTING_IN_FULL = frozenset({"topic", "topic_year"})
LATEST_ON_HOME = 10
TOPICS_ON_ORGANISATION = 10

Context = dict[str, Any]
T = TypeVar("T")
Strings = Mapping[str, Any]  # the theme's strings file: nested mappings of texts (see render.py)


def exempt_notice(paragraphs: tuple[int, ...], words: Mapping[str, Any]) -> str:
    """The standard notice shown in place of an item considered in private (Schedule 12A)."""
    numbers = [str(n) for n in paragraphs]
    if not numbers:
        return str(words["exempt_private"])
    if len(numbers) == 1:
        return str(words["exempt_one"].format(paragraph=numbers[0]))
    return str(words["exempt_many"].format(paragraphs=", ".join(numbers[:-1]), last=numbers[-1]))


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
}
YearLists = tuple[list[MeetingId], list[Attendance]]


@dataclass(frozen=True, slots=True)
class PageSpec:
    url: str
    output: str  # relative to the output folder
    template: str
    context: Mapping[str, Any]


def long_date(day: dt.date, months: Sequence[str], pattern: str = "{day} {month} {year}") -> str:
    """15 February 2011 from the strings' month names and date pattern, whatever the locale."""
    return pattern.format(day=day.day, month=months[day.month - 1], year=day.year)


@functools.lru_cache(maxsize=65536)
def _cached_long_date(day: dt.date, months: tuple[str, ...], pattern: str) -> str:
    return long_date(day, months, pattern)


def time_text(time: TimeRange | None, pattern: str = "{start} to {end}") -> str | None:
    if time is None:
        return None
    start = time.start.strftime("%H:%M")
    return pattern.format(start=start, end=time.end.strftime("%H:%M")) if time.end else start


def count_text(forms: Mapping[str, str], n: int) -> str:
    """1 meeting, 3 meetings: the `one` form for 1, the `other` form for any other count."""
    return forms["one" if n == 1 else "other"].format(n=n)


@dataclass(frozen=True, slots=True)
class Planner:
    archive: Archive
    urls: Urls
    strings: Strings = field(default_factory=dict)  # loaded with the theme by render.render_all
    # Gives a meeting held without its HTML its HTML back (check.Texts); None: all have theirs.
    texts: Callable[[Meeting], Meeting] | None = field(default=None, compare=False, repr=False)
    # Groupings several pages ask for (e.g. an organisation's years): worked out once each.
    _memo: dict[tuple[str, object], Any] = field(default_factory=dict, compare=False, repr=False)

    # -- words --------------------------------------------------------------------------------

    def words(self, section: str) -> Mapping[str, Any]:
        words: Mapping[str, Any] = self.strings[section]
        return words

    def date_text(self, day: dt.date) -> str:
        """15 February 2011: the same few thousand dates recur on many pages, so cached."""
        return _cached_long_date(day, tuple(self.strings["months"]), self.strings["date"])

    def month_name(self, month: int) -> str:
        name: str = self.strings["months"][month - 1]
        return name

    def month_text(self, year: int, month: int) -> str:
        """February 2011."""
        return str(self.strings["month_year"].format(month=self.month_name(month), year=year))

    def forget(self) -> None:
        """Drop what was worked out once for many pages (each meeting as lists show it, each
        organisation's years…), once they are made: what is made next can use its memory."""
        self._memo.clear()

    def _remember(self, name: str, key: object, work: Callable[[], T]) -> T:
        memo = (name, key)
        try:
            return cast("T", self._memo[memo])
        except KeyError:  # (looked up once when it is there: a list page asks hundreds of times)
            made = self._memo[memo] = work()
            return made

    # -- small views ------------------------------------------------------------------------

    def site(self) -> Context:
        return site_context(self.archive.config, self.urls)

    def organisation_link(self, slug: OrganisationSlug) -> Context:
        organisation = self.archive.organisations[slug]
        return {
            "name": organisation.name,
            "short_name": organisation.short_name,
            "url": self.urls.organisation(slug),
        }

    def topic_link(self, slug: TopicSlug) -> Context:
        return {"name": self.archive.topics[slug].name, "url": self.urls.topic(slug)}

    def title(self, meeting: Meeting) -> str:
        if meeting.title:
            return meeting.title
        name = self.archive.organisations[meeting.organisation].name
        return str(
            self.words("meeting")["title"].format(
                organisation=name, date=self.date_text(meeting.date)
            )
        )

    def meeting_link(self, meeting_id: MeetingId) -> Context:
        """A meeting as a list shows it. One meeting is listed on dozens of pages (its bodies',
        its topics', its month's), so each is made once per process; callers copy, never
        change it."""
        return self._remember("meeting_link", meeting_id, lambda: self._meeting_link(meeting_id))

    def _meeting_link(self, meeting_id: MeetingId) -> Context:
        meeting = self.archive.meetings[meeting_id]
        return {
            "url": self.urls.meeting(meeting),
            "title": self.title(meeting),
            "date": meeting.date.isoformat(),
            "date_text": self.date_text(meeting.date),
            "organisation": self.organisation_link(meeting.organisation),
            "status": meeting.status.value,
        }

    def page(
        self,
        title: str,
        url: str,
        crumbs: Iterable[tuple[str, str]],
        description: str = "",
        **extra: Any,
    ) -> Context:
        """What the frame of every page needs: <title>, meta description, canonical and Open
        Graph tags, breadcrumbs, and the running head printed at the top of each sheet."""
        canonical = self.urls.absolute(url)
        return {
            "title": title,
            "url": url,
            "canonical": canonical,
            "address": None if canonical.startswith("/") else canonical,  # full addresses only
            "description": description or self.archive.config.description,
            "breadcrumbs": [{"label": self.words("site")["home"], "url": self.urls.home()}]
            + [{"label": label, "url": link} for label, link in crumbs],
            "running_head": title,
            "og_type": "website",
            "indexed": True,
        } | extra

    def spec(self, url: str, template: str, page: Context, **context: Any) -> PageSpec:
        return PageSpec(
            url,
            self.urls.output_path(url),
            template,
            {"site": self.site(), "page": page, **context},
        )

    # -- the pages ----------------------------------------------------------------------------

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
        return refs

    def split_pages(self, ref: PageRef) -> list[PageRef]:
        """The pages by year of an organisation's or a topic's page, if it is split by year
        (see shows_counts_only)."""
        if not self.shows_counts_only(ref):
            return []
        slug = ref.args[0]
        if ref.kind == "organisation":
            return [PageRef("organisation_year", (slug, y)) for y in self.organisation_years(slug)]
        return [PageRef("topic_year", (slug, year)) for year in self.topic_years(slug)]

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
        if ref.kind in {"not_found", "accessibility"}:
            return ()  # (the accessibility statement shows the config's words alone)
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
            held, attended = self.organisation_years(args[0])[args[1]]
            return [*held, *(a.meeting for a in attended)]
        if ref.kind == "topic":
            return [r.meeting for r in archive.by_topic[args[0]]]
        if ref.kind == "topic_year":
            return [r.meeting for r in self.topic_years(args[0])[args[1]]]
        return None  # home, the A–Z indexes, the years' counts: everything

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
        return ()

    def top_topics(self, slug: OrganisationSlug) -> list[tuple[TopicSlug, int]]:
        """The topics an organisation's page names: those most discussed at its meetings."""
        return self.archive.organisation_topics(slug)[:TOPICS_ON_ORGANISATION]

    def years_around(self, year: int) -> tuple[int | None, int | None]:
        """The years before and after `year` that have meetings, if any."""
        years = sorted(self.archive.by_year)
        at = years.index(year)
        return (years[at - 1] if at else None, years[at + 1] if at + 1 < len(years) else None)

    def attendances_on(self, ref: PageRef) -> Sequence[Attendance]:
        """Who of an organisation attended each meeting its page lists: the one thing its pages
        show of a meeting beyond the meeting's summary (see LISTING_IN_FULL)."""
        if ref.kind == "organisation" and not self.shows_counts_only(ref):
            return self.archive.attended_by.get(ref.args[0], ())
        if ref.kind == "organisation_year":
            return self.organisation_years(ref.args[0])[ref.args[1]][1]
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
        return ref.kind in {"home", "organisations_index", "topics_index"}

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
                refs.append(PageRef("organisation_year", (slug, year)))
        for topic in meeting.all_topics():
            refs.append(PageRef("topic", (topic,)))
            if not self.is_topic_inline(topic):
                refs.append(PageRef("topic_year", (topic, year)))
        return list(dict.fromkeys(refs))

    def linked_files(self, ref: PageRef) -> list[str]:
        """The files a meeting page links to in its text: whether and where each is published
        decides the link, so a change to one of them remakes the page (drafts included)."""
        if ref.kind != "meeting":
            return []
        return [link.target for link in self.archive.meetings[ref.args[0]].links]

    def make(self, ref: PageRef) -> PageSpec:
        if not self.strings:
            raise RuntimeError("the planner has no strings: render.render_all loads them")
        maker: Callable[..., PageSpec] = getattr(self, PAGE_MAKERS[ref.kind])
        return maker(*ref.args)

    def latest(self) -> list[MeetingId]:
        """The meetings the home page lists as the latest, newest first."""
        return list(self.archive.meetings)[-LATEST_ON_HOME:][::-1]

    def upcoming(self) -> list[tuple[NextMeeting, MeetingId]]:
        """The next meetings named that are still to come, soonest first, each with the meeting
        that named it."""
        archive = self.archive
        return sorted(
            (
                (next_meeting, meeting_id)
                for meeting_id, next_meeting in archive.next_meetings.items()
                if next_meeting.date >= archive.build_date
            ),
            key=lambda pair: (pair[0].date, pair[1]),
        )

    def home(self) -> PageSpec:
        archive = self.archive
        bodies = [
            self.organisation_link(slug) | {"count": len(ids)}
            for slug, ids in archive.held_by.items()
        ]
        bodies.sort(key=lambda link: link["name"].casefold())
        return self.spec(
            self.urls.home(),
            "home.html",
            self.page(
                archive.config.title,
                self.urls.home(),
                [],
                archive.config.description
                or self.words("home")["summary"].format(
                    meetings=count_text(self.words("counts")["meetings"], len(archive.meetings)),
                    organisations=count_text(
                        self.words("counts")["organisations"], len(self.active_organisations())
                    ),
                    topics=count_text(self.words("counts")["topics"], len(archive.by_topic)),
                ),
                breadcrumbs=[],
            ),
            latest=[self.meeting_link(i) for i in self.latest()],
            upcoming=[
                self.next_meeting(next_meeting)
                | {"organisation": self.organisation_link(archive.meetings[i].organisation)}
                for next_meeting, i in self.upcoming()
            ],
            bodies=bodies,
            years=self.year_counts(),
            topic_count=len(archive.by_topic),
            organisation_count=len(self.active_organisations()),
            meeting_count=len(archive.meetings),
        )

    def not_found(self) -> PageSpec:
        url = self.urls.not_found()
        words = self.words("not_found")
        return self.spec(
            url,
            "404.html",
            # served at any missing address: no canonical, and no address on paper
            self.page(words["title"], url, [], words["text"], indexed=False, address=None),
        )

    def accessibility_statement(self) -> PageSpec:
        """The statement UK public bodies must publish, from the config and the theme's words."""
        config = self.archive.config
        statement = config.accessibility
        url = self.urls.accessibility()
        home = self.urls.absolute(self.urls.home())
        phone = statement.phone
        return self.spec(
            url,
            "accessibility.html",
            self.page(
                self.words("accessibility")["title"],
                url,
                [],
                self.words("accessibility")["description"].format(site=config.title),
            ),
            statement={
                "organisation": statement.organisation,
                "address": None if home.startswith("/") else home,  # only a full address
                "email": statement.email,
                "phone": phone,
                "phone_link": "tel:" + "".join(c for c in phone if c.isdigit() or c == "+")
                if phone
                else None,
                "known_issues": list(statement.known_issues),
                "compliance": "partial" if statement.known_issues else "full",
                "enforcement": statement.enforcement,
                "prepared": self.date_view(statement.prepared),
                "last_reviewed": self.date_view(statement.last_reviewed),
            },
        )

    def date_view(self, day: dt.date | None) -> Context | None:
        return {"date": day.isoformat(), "date_text": self.date_text(day)} if day else None

    def year_counts(self) -> list[Context]:
        return [
            {"year": year, "count": len(ids), "url": self.urls.year(year)}
            for year, ids in sorted(self.archive.by_year.items(), reverse=True)
        ]

    def meetings_index(self) -> PageSpec:
        url = self.urls.meetings()
        words = self.words("dates")
        return self.spec(
            url,
            "meetings.html",
            self.page(words["title"], url, [], words["description"]),
            years=self.year_counts(),
        )

    def months(self, year: int) -> dict[int, list[MeetingId]]:
        return self._remember("months", year, lambda: self._months(year))

    def _months(self, year: int) -> dict[int, list[MeetingId]]:
        months: dict[int, list[MeetingId]] = defaultdict(list)
        for meeting_id in self.archive.by_year[year]:
            months[self.archive.dates[meeting_id].month].append(meeting_id)
        return dict(sorted(months.items()))

    def is_year_inline(self, year: int) -> bool:
        """Are the year's meetings listed on its page (or only on its months')?"""
        return len(self.archive.by_year[year]) <= LIST_LIMIT

    def year_page(self, year: int) -> PageSpec:
        inline = self.is_year_inline(year)
        url = self.urls.year(year)
        words = self.words("dates")
        return self.spec(
            url,
            "year.html",
            self.page(
                words["year_title"].format(year=year),
                url,
                [(self.words("site")["meetings"], self.urls.meetings())],
                words["year_description"].format(year=year),
            ),
            year=year,
            months=[
                {
                    "name": self.month_name(month),
                    "url": self.urls.month(year, month),
                    "count": len(month_ids),
                    "meetings": [self.meeting_link(i) for i in month_ids] if inline else None,
                }
                for month, month_ids in self.months(year).items()
            ],
            previous_year=self.neighbour_year(year, -1),
            next_year=self.neighbour_year(year, +1),
        )

    def month_page(self, year: int, month: int) -> PageSpec:
        ids = self.months(year)[month]
        url = self.urls.month(year, month)
        words = self.words("dates")
        name = self.month_name(month)
        crumbs = [
            (self.words("site")["meetings"], self.urls.meetings()),
            (str(year), self.urls.year(year)),
        ]
        return self.spec(
            url,
            "month.html",
            self.page(
                words["month_title"].format(month=name, year=year),
                url,
                crumbs,
                words["month_description"].format(month=name, year=year),
            ),
            year=year,
            month_name=self.month_text(year, month),
            meetings=[self.meeting_link(i) for i in ids],
        )

    def neighbour_year(self, year: int, step: int) -> Context | None:
        found = self.years_around(year)[0 if step < 0 else 1]
        return {"year": found, "url": self.urls.year(found)} if found is not None else None

    # -- meetings -----------------------------------------------------------------------------

    def meeting_page(self, meeting_id: MeetingId) -> PageSpec:
        archive = self.archive
        meeting = archive.meetings[meeting_id]
        if self.texts is not None:
            meeting = self.texts(meeting)
        url = self.urls.meeting(meeting)
        organisation = self.organisation_link(meeting.organisation)
        title = self.title(meeting)
        neighbours = {
            "previous": archive.previous.get(meeting.id),
            "next": archive.next.get(meeting.id),
            "approved_by": archive.approved_by.get(meeting.id),
        }
        crumbs = [
            (self.words("site")["organisations"], self.urls.organisations()),
            (organisation["name"], organisation["url"]),
        ]
        view: Context = {
            "title": title,
            "date": meeting.date.isoformat(),
            "date_text": self.date_text(meeting.date),
            "year": {"year": meeting.date.year, "url": self.urls.year(meeting.date.year)},
            "month": {
                "name": self.month_text(meeting.date.year, meeting.date.month),
                "url": self.urls.month(meeting.date.year, meeting.date.month),
            },
            "organisation": organisation,
            "time": time_text(meeting.time, self.strings["time_range"]),
            "location": meeting.location,
            "status": meeting.status.value,
            "present": self.groups(meeting.present),
            "in_attendance": [self.person(p) for p in meeting.in_attendance],
            "apologies": [self.person(p) for p in meeting.apologies],
            "topics": [self.topic_link(t) for t in meeting.topics],
            "intro_html": self.body_html(meeting, meeting.intro_html),
            "agenda": [self.item(meeting, item) for item in meeting.items],
            "documents": [
                {
                    "title": doc.title,
                    "url": doc.url or self.urls.document(meeting, doc.file or ""),
                    "address": doc.url
                    or self.urls.absolute(self.urls.document(meeting, doc.file or "")),
                    "external": doc.url is not None,
                }
                for doc in meeting.documents
            ],
            "next_meeting": self.next_meeting(meeting.next_meeting)
            if meeting.next_meeting
            else None,
            "approved_at": self.date_view(meeting.approved_at),
            "approves": [self.meeting_link(i) for i in archive.approves.get(meeting.id, ())],
            "source_url": (
                f"{archive.config.repo_url.rstrip('/')}/blob/HEAD/{meeting.source}"
                if archive.config.repo_url
                else None
            ),
            "extra": dict(meeting.extra),
        } | {key: self.meeting_link(i) if i else None for key, i in neighbours.items()}
        words = self.words("meeting")
        description = words["description_with_items" if meeting.items else "description"].format(
            organisation=organisation["name"],
            date=self.date_text(meeting.date),
            agenda_items=count_text(self.words("counts")["agenda_items"], len(meeting.items)),
        )
        return self.spec(
            url,
            "meeting.html",
            self.page(
                title,
                url,
                [*crumbs, (self.date_text(meeting.date), url)],
                description,
                running_head=words["title"].format(
                    organisation=organisation["name"], date=self.date_text(meeting.date)
                ),
                og_type="article",
            ),
            meeting=view,
        )

    def person(self, person: Attendee) -> Context:
        return {
            "name": person.name,
            "role": person.role,
            "chair": person.is_chair,
            "organisation": self.organisation_link(person.organisation)
            if person.organisation
            else None,
        }

    def groups(self, people: tuple[Attendee, ...]) -> list[Context]:
        """Present members grouped by organisation, A–Z, people without one last."""
        grouped: dict[OrganisationSlug | None, list[Attendee]] = defaultdict(list)
        for person in people:
            grouped[person.organisation].append(person)
        order = sorted(
            grouped,
            key=lambda slug: (
                slug is None,
                self.archive.organisations[slug].name.casefold() if slug else "",
            ),
        )
        return [
            {
                "organisation": self.organisation_link(slug) if slug else None,
                "people": [self.person(p) for p in grouped[slug]],
            }
            for slug in order
        ]

    def item(self, meeting: Meeting, item: AgendaItem) -> Context:
        return {
            "number": item.number,
            "title": item.title,
            "anchor": item.anchor,
            "html": self.body_html(meeting, item.html),
            "topics": [self.topic_link(t) for t in item.topics],
            "actions": list(item.actions),
            "subheadings": [{"title": s.title, "anchor": s.anchor} for s in item.subheadings],
            "procedural": item.is_procedural,
            "exempt_notice": exempt_notice(item.exempt_paragraphs, self.words("meeting"))
            if item.exempt_paragraphs is not None
            else None,
        }

    def body_html(self, meeting: Meeting, html: str) -> str:
        """The minutes' HTML with each link to another meeting's file pointing at its page."""
        if not meeting.links:
            return html
        return resolve_meeting_links(html, lambda index: self.linked_url(meeting.links[index]))

    def linked_url(self, link: MeetingLink) -> str | None:
        """The page of the linked meeting, or None when it is not published (a draft)."""
        linked = self.archive.by_source.get(link.target)
        if linked is None:
            return None
        url = self.urls.meeting(self.archive.meetings[linked])
        return url + (f"#{link.fragment}" if link.fragment else "")

    def next_meeting(self, next_meeting: NextMeeting) -> Context:
        return {
            "date": next_meeting.date.isoformat(),
            "date_text": self.date_text(next_meeting.date),
            "time": time_text(next_meeting.time, self.strings["time_range"]),
            "location": next_meeting.location,
        }

    # -- organisations ------------------------------------------------------------------------

    def active_organisations(self) -> list[OrganisationSlug]:
        """Organisations that held or attended a published meeting, A–Z."""
        active = set(self.archive.held_by) | set(self.archive.attended_by)
        return [slug for slug in self.archive.organisations if slug in active]

    def organisations_index(self) -> PageSpec:
        url = self.urls.organisations()
        entries = [
            self.organisation_link(slug)
            | {
                "held": len(self.archive.held_by.get(slug, ())),
                "attended": list_size(self.archive.attended_by, slug),
            }
            for slug in self.active_organisations()
        ]
        words = self.words("organisations")
        return self.spec(
            url,
            "organisations.html",
            self.page(words["title"], url, [], words["intro"]),
            letters=alphabetical(entries),
        )

    def organisation_years(self, slug: OrganisationSlug) -> dict[int, YearLists]:
        """Meetings held and attended by an organisation, by year, newest first."""
        return self._remember("organisation_years", slug, lambda: self._organisation_years(slug))

    def _organisation_years(self, slug: OrganisationSlug) -> dict[int, YearLists]:
        archive = self.archive
        by_year: dict[int, YearLists] = defaultdict(lambda: ([], []))
        for meeting_id in archive.held_by.get(slug, ()):
            by_year[archive.dates[meeting_id].year][0].append(meeting_id)
        for attendance in archive.attended_by.get(slug, ()):
            by_year[archive.dates[attendance.meeting].year][1].append(attendance)
        return dict(sorted(by_year.items(), reverse=True))

    def is_organisation_inline(self, slug: OrganisationSlug) -> bool:
        archive = self.archive
        count = list_size(archive.held_by, slug) + list_size(archive.attended_by, slug)
        return count <= LIST_LIMIT

    def organisation_page(self, slug: OrganisationSlug) -> PageSpec:
        archive = self.archive
        organisation = archive.organisations[slug]
        held = archive.held_by.get(slug, ())
        attended = archive.attended_by.get(slug, ())
        inline = self.is_organisation_inline(slug)
        url = self.urls.organisation(slug)
        years = [
            {
                "year": year,
                "url": None if inline else self.urls.organisation(slug, year),
                "held_count": len(held_ids),
                "attended_count": len(attendances),
                "held": [self.meeting_link(i) for i in held_ids] if inline else [],
                "attended": [self.attendance(a) for a in attendances] if inline else [],
            }
            for year, (held_ids, attendances) in self.organisation_years(slug).items()
        ]
        return self.spec(
            url,
            "organisation.html",
            self.page(
                organisation.name,
                url,
                [(self.words("site")["organisations"], self.urls.organisations())],
                self.words("organisations")["page_description"].format(name=organisation.name),
            ),
            organisation=self.organisation_link(slug)
            | {
                "aliases": [n for n in organisation.names() if n != organisation.name],
                "website": organisation.website,
            },
            held_count=len(held),
            attended_count=len(attended),
            years=years,
            topics=[
                self.topic_link(topic) | {"count": count} for topic, count in self.top_topics(slug)
            ],
        )

    def organisation_year_page(self, slug: OrganisationSlug, year: int) -> PageSpec:
        organisation = self.archive.organisations[slug]
        held_ids, attendances = self.organisation_years(slug)[year]
        url = self.urls.organisation(slug, year)
        crumbs = [
            (self.words("site")["organisations"], self.urls.organisations()),
            (organisation.name, self.urls.organisation(slug)),
        ]
        words = self.words("organisations")
        return self.spec(
            url,
            "organisation_year.html",
            self.page(
                words["year_title"].format(name=organisation.name, year=year),
                url,
                crumbs,
                words["page_description"].format(name=organisation.name),
            ),
            organisation=self.organisation_link(slug),
            year=year,
            held=[self.meeting_link(i) for i in held_ids],
            attended=[self.attendance(a) for a in attendances],
        )

    def attendance(self, attendance: Attendance) -> Context:
        return self.meeting_link(attendance.meeting) | {"people": list(attendance.people)}

    # -- topics -------------------------------------------------------------------------------

    def topics_index(self) -> PageSpec:
        url = self.urls.topics()
        entries = [
            self.topic_link(slug) | {"count": count}
            for slug in self.archive.topics
            if (count := list_size(self.archive.by_topic, slug))
        ]
        words = self.words("topics")
        return self.spec(
            url,
            "topics.html",
            self.page(words["title"], url, [], words["intro"]),
            letters=alphabetical(entries),
        )

    def topic_years(self, slug: TopicSlug) -> dict[int, list[ItemRef]]:
        return self._remember("topic_years", slug, lambda: self._topic_years(slug))

    def _topic_years(self, slug: TopicSlug) -> dict[int, list[ItemRef]]:
        dates = self.archive.dates
        return dict(grouped_by_year(self.archive.by_topic[slug], lambda r: dates[r.meeting].year))

    def is_topic_inline(self, slug: TopicSlug) -> bool:
        return list_size(self.archive.by_topic, slug) <= LIST_LIMIT

    def topic_page(self, slug: TopicSlug) -> PageSpec:
        topic = self.archive.topics[slug]
        refs = self.archive.by_topic[slug]
        url = self.urls.topic(slug)
        inline = self.is_topic_inline(slug)
        years = [
            {
                "year": year,
                "count": len(year_refs),
                "url": None if inline else self.urls.topic(slug, year),
                "entries": self.topic_entries(year_refs) if inline else None,
            }
            for year, year_refs in self.topic_years(slug).items()
        ]
        return self.spec(
            url,
            "topic.html",
            self.page(
                topic.name,
                url,
                [(self.words("site")["topics"], self.urls.topics())],
                self.words("topics")["page_description"].format(topic=topic.name.lower()),
            ),
            topic=self.topic_link(slug) | {"aliases": list(topic.aliases), "count": len(refs)},
            years=years,
        )

    def topic_year_page(self, slug: TopicSlug, year: int) -> PageSpec:
        topic = self.archive.topics[slug]
        refs = self.topic_years(slug)[year]
        url = self.urls.topic(slug, year)
        crumbs = [
            (self.words("site")["topics"], self.urls.topics()),
            (topic.name, self.urls.topic(slug)),
        ]
        words = self.words("topics")
        return self.spec(
            url,
            "topic_year.html",
            self.page(
                words["year_title"].format(name=topic.name, year=year),
                url,
                crumbs,
                words["page_description"].format(topic=topic.name.lower()),
            ),
            topic=self.topic_link(slug),
            year=year,
            entries=self.topic_entries(refs),
        )

    def topic_entries(self, refs: Sequence[ItemRef]) -> list[Context]:
        """A topic's list. Each meeting's items are looked up by anchor once per list, and not
        kept for other pages: kept for the whole build (1dbb47e), they raised the peak memory
        by 26 MiB at 10,000 meetings, and by 270 MiB at 100,000, over the 2 GiB limit."""
        items: dict[MeetingId, dict[str, AgendaItem]] = {}
        entries = []
        for ref in refs:
            link = self.meeting_link(ref.meeting)
            item = None
            if ref.anchor is not None:
                if ref.meeting not in items:
                    listed = self.archive.meetings[ref.meeting].items
                    items[ref.meeting] = {listed_item.anchor: listed_item for listed_item in listed}
                if found := items[ref.meeting].get(ref.anchor):
                    item = {"number": found.number, "title": found.title}
            url = self.urls.at_item(link["url"], ref.anchor)
            entries.append(link | {"item_url": url, "item": item})
        return entries


def site_context(config: SiteConfig, urls: Urls) -> Context:
    """What every page's frame (header, navigation, footer) shows."""
    return {
        "title": config.title,
        "description": config.description,
        "language": config.language,
        "locale": config.language.replace("-", "_"),  # Open Graph's form: en_GB
        "home": urls.home(),
        "meetings": urls.meetings(),
        "organisations": urls.organisations(),
        "topics": urls.topics(),
        "accessibility": urls.accessibility(),
        "stylesheet": urls.static("style.css"),
        "repo_url": config.repo_url,
    }


PROBLEMS_URL = "_minutebook/problems/"


def problems_page(
    config: SiteConfig,
    problems: Sequence[Diagnostic],
    read_lines: Callable[[str], Sequence[str] | None],
) -> PageSpec:
    """The preview's problems page: every problem with its file, line, source and fix."""
    urls = Urls(config.base_url)
    url = urls.home() + PROBLEMS_URL
    views: list[Context] = []
    for problem in sort_diagnostics(problems):
        lines = read_lines(problem.span.path)
        views.append(
            {
                "location": str(problem.span),
                "severity": problem.severity.value,
                "message": problem.message,
                "fix": problem.fix,
                "lines": [
                    {"number": number, "text": text, "here": number == problem.span.line}
                    for number, text in context_lines(lines or (), problem.span)
                ],
            }
        )
    page: Context = {
        "title": "Problems in the minutes",
        "url": url,
        "canonical": url,
        "address": None,
        "description": "Problems found while building the preview.",
        "breadcrumbs": [],
        "running_head": "Problems in the minutes",
        "og_type": "website",
        "indexed": False,  # a preview page: never a search result
    }
    return PageSpec(
        url,
        url,
        "problems.html",
        {"site": site_context(config, urls), "page": page, "problems": views},
    )


def grouped_by_year(
    refs: Iterable[ItemRef], year_of: Callable[[ItemRef], int]
) -> list[tuple[int, list[ItemRef]]]:
    return [(year, list(group)) for year, group in itertools.groupby(refs, key=year_of)]


def alphabetical(entries: list[Context]) -> list[Context]:
    """A–Z sections: [{letter, entries}], by the first letter of each name."""
    entries = sorted(entries, key=lambda entry: entry["name"].casefold())
    sections: dict[str, list[Context]] = {}
    for entry in entries:
        first = entry["name"][:1].upper()
        letter = first if first.isalpha() and first.isascii() else "#"
        sections.setdefault(letter, []).append(entry)
    return [{"letter": letter, "entries": items} for letter, items in sections.items()]


def planner(archive: Archive) -> Planner:
    return Planner(archive, Urls(archive.config.base_url))
