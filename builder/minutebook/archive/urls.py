"""Every URL and output path of the site, in one place. URLs are stable: they are a promise."""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from minutebook.archive.periods import Period
from minutebook.core.model import Meeting, OrganisationSlug, PersonSlug, TopicSlug


@dataclass(frozen=True, slots=True)
class Urls:
    """Root-relative URLs under the base path of `base_url`, e.g. "/minutes/meetings/"."""

    base_url: str  # always ends with "/"
    base_path: str = ""  # the path of base_url; derived once, as every URL starts with it

    def __post_init__(self) -> None:
        path = urlsplit(self.base_url).path or "/"
        object.__setattr__(self, "base_path", path if path.endswith("/") else path + "/")

    def _at(self, *parts: str | int) -> str:
        return self.base_path + "".join(f"{part}/" for part in parts)

    def home(self) -> str:
        return self.base_path

    def meetings(self) -> str:
        return self._at("meetings")

    def year(self, year: int) -> str:
        return self._at("meetings", year)

    def month(self, year: int, month: int) -> str:
        return self._at("meetings", year, f"{month:02d}")

    def meeting(self, meeting: Meeting) -> str:
        return self.meeting_at(meeting.date, meeting.page_name)

    def meeting_at(self, day: dt.date, page_name: str) -> str:
        return self._at("meetings", day.year, f"{day.month:02d}", f"{day.day:02d}", page_name)

    def item(self, meeting: Meeting, anchor: str | None) -> str:
        return self.at_item(self.meeting(meeting), anchor)

    def at_item(self, meeting_url: str, anchor: str | None) -> str:
        """An item's URL from its meeting's (or the meeting's, without an anchor)."""
        return meeting_url + (f"#{anchor}" if anchor else "")

    def organisations(self) -> str:
        return self._at("organisations")

    def organisation(self, slug: OrganisationSlug, period: Period | None = None) -> str:
        """An organisation's page, or one page of its list split by period (2005-2009, 2019)."""
        return self._at("organisations", slug, *([period.slug] if period else []))

    def topics(self) -> str:
        return self._at("topics")

    def topic(self, slug: TopicSlug, period: Period | None = None) -> str:
        return self._at("topics", slug, *([period.slug] if period else []))

    def people(self) -> str:
        """The A–Z of people."""
        return self._at("people")

    def person(self, slug: PersonSlug) -> str:
        """A person's page: stable for other features to link to (actions' owners, say)."""
        return self._at("people", slug)

    def accessibility(self) -> str:
        """The accessibility statement."""
        return self._at("accessibility")

    def search(self) -> str:
        return self._at("search")

    def search_bundle(self) -> str:
        """The folder of the search index (Pagefind's bundle) and its script."""
        return self._at("pagefind")

    def static(self, name: str) -> str:
        return self.base_path + "static/" + name

    def document(self, meeting: Meeting, file: str) -> str:
        """A document is published beside its meeting page, under its own (escaped) name."""
        return self.meeting(meeting) + quote(posixpath.basename(file))

    def document_output(self, meeting: Meeting, file: str) -> str:
        return self.output_path(self.meeting(meeting)).removesuffix("index.html") + (
            posixpath.basename(file)
        )

    # -- files beyond the pages: feeds, calendars, open data, the sitemap ---------------------

    def feed(self, folder: str = "") -> str:
        """The Atom feed of the site, or of the page at `folder` (an organisation's, a topic's)."""
        return (folder or self.base_path) + "feed.xml"

    def calendar(self, folder: str = "") -> str:
        """The iCalendar file of the site, or of the page at `folder` (an organisation's)."""
        return (folder or self.base_path) + "meetings.ics"

    def data(self, name: str = "") -> str:
        """The open data page (/data/), or one of its files (meetings.csv, schemas/x.json)."""
        return self._at("data") + name

    def meeting_data(self, meeting_id: str) -> str:
        """A meeting's data file, named by its id: data/meetings/<body>/<date>[-slug].json."""
        return self.data(f"meetings/{meeting_id}.json")

    def sitemap(self) -> str:
        return self.base_path + "sitemap.xml"

    def robots(self) -> str:
        return self.base_path + "robots.txt"

    def not_found(self) -> str:
        return self.base_path + "404.html"

    def absolute(self, url: str) -> str:
        """The full address of a root-relative URL, for canonical links and feeds."""
        parts = urlsplit(self.base_url)
        if not parts.scheme:
            return url
        return f"{parts.scheme}://{parts.netloc}{url}"

    def output_path(self, url: str) -> str:
        """The file, relative to the output folder, that serves `url`."""
        relative = url.removeprefix(self.base_path).split("#", 1)[0]
        return relative + "index.html" if relative.endswith("/") or not relative else relative
