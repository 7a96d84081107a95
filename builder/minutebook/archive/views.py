"""PLAN, the ground every page stands on: the planner's fields, the theme's words, the memory
of what several pages ask for, and the small views (a meeting as lists show it, a page's frame)
that every family of pages is made of.

The planner was one class of some 900 lines; it is now put together from one class a family of
pages (see pages.Planner), each in a module of its own:

    views.PlannerBase             the fields and what every family shares (this module)
    site_pages.SitePages          the home page, the 404 page, the accessibility statement
    date_pages.DatePages          the meetings by date: the years' index, each year, each month
    meeting_page.MeetingPage      a meeting's own page
    subject_pages.OrganisationPages, subject_pages.TopicPages
                                  the organisations' and the topics' indexes and pages
    pages.Planner                 all of them, with what each page depends on (for quick builds)

Each family inherits PlannerBase (with no slots of its own), so that it sees the fields and the
shared views; what more than one family uses is here, so that no family calls another's. Only
pages.Planner, which inherits them all, is made.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar, cast

from minutebook.archive.indexes import Archive, list_size
from minutebook.archive.periods import fits_one_page
from minutebook.archive.urls import Urls
from minutebook.core.model import (
    Meeting,
    MeetingId,
    NextMeeting,
    OrganisationSlug,
    SiteConfig,
    TimeRange,
    TopicSlug,
)

Context = dict[str, Any]
T = TypeVar("T")
Strings = Mapping[str, Any]  # the theme's strings file: nested mappings of texts (see render.py)


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


def moment(when: Mapping[str, Any], key: str = "start") -> dt.datetime:
    """The moment a meeting starts (or ends, `key`) in the site's time zone, from a `when` (see
    PlannerBase.when): its day at its time, or at midnight when the minutes give no time."""
    day = dt.date.fromisoformat(when["date"])
    clock = dt.time.fromisoformat(when[key]) if when.get(key) else dt.time(0, 0)
    return dt.datetime.combine(day, clock, zoneinfo.ZoneInfo(when["time_zone"]))


def count_text(forms: Mapping[str, str], n: int) -> str:
    """1 meeting, 3 meetings: the `one` form for 1, the `other` form for any other count."""
    return forms["one" if n == 1 else "other"].format(n=n)


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
        "people": urls.people() if config.people.pages else None,
        "accessibility": urls.accessibility(),
        "search": urls.search() if config.search.enabled else None,
        "stylesheet": urls.static("style.css"),
        "repo_url": config.repo_url,
        # The site's feed (autodiscovery on every page), the open data page and the licence
        # (in every footer): see feeds.py, opendata.py.
        "feed": urls.feed() if config.publishing.feeds else None,
        "data": urls.data() if config.publishing.data else None,
        "licence": {
            "name": config.publishing.licence.name,
            "url": config.publishing.licence.url,
            "attribution": config.publishing.licence.attribution,
        },
    }


@dataclass(frozen=True, slots=True)
class PlannerBase:
    """The planner's fields and what all its families of pages share (see the module's
    docstring); pages.Planner is the one that is made."""

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
            "feed": None,  # the page's own feed (an organisation's, a topic's): see subscriptions
            "calendar": None,
            "webcal": None,
            "json_ld": None,  # structured data about the page (a meeting's: schema.org Event)
        } | extra

    def spec(self, url: str, template: str, page: Context, **context: Any) -> PageSpec:
        return PageSpec(
            url,
            self.urls.output_path(url),
            template,
            {"site": self.site(), "page": page, **context},
        )

    # -- shared by several families of pages -----------------------------------------------

    def published(self, meeting_id: MeetingId) -> Meeting:
        """The meeting as the feeds, calendars and data files show it: as lists hold it, with
        its time, place, people (their roles, their organisations as written), apologies and
        documents read back if the archive holds it as listed (see Meeting.as_listed). Kept
        once per process: the site's calendar and each of the CSV tables show every meeting."""
        return self._remember("published", meeting_id, lambda: self.as_published(meeting_id))

    def as_published(self, meeting_id: MeetingId) -> Meeting:
        listed = self.archive.meetings[meeting_id]
        if self.texts is None:
            return listed
        whole = self.texts(listed)
        return replace(
            listed,
            time=whole.time,
            location=whole.location,
            organisation_as_written=whole.organisation_as_written,
            present=tuple(replace(p, span=None) for p in whole.present),
            in_attendance=tuple(replace(p, span=None) for p in whole.in_attendance),
            apologies=tuple(replace(p, span=None) for p in whole.apologies),
            documents=tuple(replace(d, span=None) for d in whole.documents),
        )

    def when(self, day: dt.date, time: TimeRange | None) -> Context:
        """A day and its times as plain data, for the files that give them in the site's time
        zone (the output layer turns them into moments: see output/formats.py)."""
        return {
            "date": day.isoformat(),
            "start": time.start.strftime("%H:%M") if time else None,
            "end": time.end.strftime("%H:%M") if time and time.end else None,
            "time_zone": self.archive.config.publishing.time_zone,
        }

    def subscriptions(self, page_url: str, *, calendar: bool) -> dict[str, str | None]:
        """The feed and (`calendar`) the iCalendar file of a page (an organisation's that held
        meetings, a topic's), as the config publishes them: `webcal:` for subscribing."""
        publishing = self.archive.config.publishing
        ics = self.urls.absolute(self.urls.calendar(page_url))
        return {
            "feed": self.urls.feed(page_url) if publishing.feeds else None,
            "calendar": self.urls.calendar(page_url) if calendar and publishing.calendar else None,
            "webcal": "webcal://" + ics.split("://", 1)[1]
            if calendar and publishing.calendar and "://" in ics
            else None,
        }

    def date_view(self, day: dt.date | None) -> Context | None:
        return {"date": day.isoformat(), "date_text": self.date_text(day)} if day else None

    def year_counts(self) -> list[Context]:
        return [
            {"year": year, "count": len(ids), "url": self.urls.year(year)}
            for year, ids in sorted(self.archive.by_year.items(), reverse=True)
        ]

    def next_meeting(self, next_meeting: NextMeeting) -> Context:
        return {
            "date": next_meeting.date.isoformat(),
            "date_text": self.date_text(next_meeting.date),
            "time": time_text(next_meeting.time, self.strings["time_range"]),
            "location": next_meeting.location,
        }

    def active_organisations(self) -> list[OrganisationSlug]:
        """Organisations that held or attended a published meeting, A–Z."""
        active = set(self.archive.held_by) | set(self.archive.attended_by)
        return [slug for slug in self.archive.organisations if slug in active]

    @staticmethod
    def year_on_page(page_url: str, year: int) -> str:
        """Where a year's section is on a page of a split list (see periods_of)."""
        return f"{page_url}#year-{year}"

    def is_year_inline(self, year: int) -> bool:
        """Are the year's meetings listed on its page (or only on its months')?"""
        return fits_one_page(len(self.archive.by_year[year]))

    def is_organisation_inline(self, slug: OrganisationSlug) -> bool:
        archive = self.archive
        count = list_size(archive.held_by, slug) + list_size(archive.attended_by, slug)
        return fits_one_page(count)

    def is_topic_inline(self, slug: TopicSlug) -> bool:
        return fits_one_page(list_size(self.archive.by_topic, slug))
