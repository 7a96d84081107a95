"""PLAN the pages of the site as a whole: the home page, the 404 page and the accessibility
statement, and the preview's problems page (made without a planner). One family of the
planner's pages: see views for how the planner is put together."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from urllib.parse import urlsplit

from minutebook.archive.urls import Urls
from minutebook.archive.views import Context, PageSpec, PlannerBase, count_text, site_context
from minutebook.core.diagnostics import Diagnostic, context_lines, sort_diagnostics
from minutebook.core.model import MeetingId, NextMeeting, OrganisationSlug, SiteConfig

LATEST_ON_HOME = 10


class SitePages(PlannerBase):
    """The home page (the latest meetings and those to come), the 404 page and the
    accessibility statement."""

    __slots__ = ()

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

    def search_page(self) -> PageSpec:
        """The search page: its form with the filters (every value a result may have, so the
        form works before the script runs), the browse routes for readers without JavaScript
        and, if the config names one, a form for an outside search engine."""
        archive = self.archive
        url = self.urls.search()
        words = self.words("search")
        search = archive.config.search
        site_address = self.urls.absolute(self.urls.home())

        def named(slugs: Iterable[OrganisationSlug]) -> list[Context]:
            return sorted(
                (
                    {"value": slug, "name": archive.organisations[slug].name}
                    for slug in slugs
                    if slug in archive.organisations
                ),
                key=lambda option: option["name"].casefold(),
            )

        topics = [{"value": slug, "name": archive.topics[slug].name} for slug in archive.by_topic]
        return self.spec(
            url,
            "search.html",
            self.page(words["title"], url, [(words["title"], url)], words["description"]),
            search={
                "script": self.urls.static("search.js"),
                "bundle": self.urls.search_bundle() + "pagefind.js",
                "filters": [
                    {"name": "organisation", "options": named(archive.held_by)},
                    {"name": "represented", "options": named(archive.attended_by)},
                    {
                        "name": "topic",
                        "options": sorted(topics, key=lambda t: t["name"].casefold()),
                    },
                    {
                        "name": "year",
                        "options": [
                            {"value": str(year), "name": str(year)}
                            for year in reversed(archive.by_year)
                        ],
                    },
                ],
                "fallback_url": search.fallback_url,
                # The outside engine is asked for this site's pages only (site:host).
                "site_host": urlsplit(site_address).netloc or None,
            },
        )


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
        "feed": None,  # (no feed, calendar or structured data of its own: see views.page)
        "calendar": None,
        "webcal": None,
        "json_ld": None,
    }
    return PageSpec(
        url,
        url,
        "problems.html",
        {"site": site_context(config, urls), "page": page, "problems": views},
    )
