"""PLAN the people's pages: the A–Z of people, and each person's page (every meeting they were
listed at, the organisations they represented and the roles they held, their times in the chair,
and their attendance at each body's meetings by year). One family of the planner's pages: see
views for how the planner is put together; who is who is worked out in people.py."""

from __future__ import annotations

from collections import Counter, defaultdict

from minutebook.archive.people import Attended, Person
from minutebook.archive.subject_pages import alphabetical
from minutebook.archive.views import Context, PageSpec, PlannerBase, count_text
from minutebook.core.model import OrganisationSlug, PersonSlug, body_of

# A body's meetings a person attended (present or in attendance), sent apologies to, and held, in
# one year.
AttendanceRow = tuple[OrganisationSlug, int, int, int, int]


class PersonPages(PlannerBase):
    """The A–Z of people and each person's page."""

    __slots__ = ()

    def people_index(self) -> PageSpec:
        url = self.urls.people()
        entries = [
            {
                "name": person.name,
                "url": self.urls.person(person.slug),
                "meetings": len({a.meeting for a in person.record}),
            }
            for person in self.archive.people.published()
        ]
        words = self.words("people")
        return self.spec(
            url,
            "people.html",
            self.page(words["title"], url, [], words["intro"]),
            letters=alphabetical(entries),
        )

    def person_page(self, slug: PersonSlug) -> PageSpec:
        person = self.archive.people.persons[slug]
        url = self.urls.person(slug)
        words = self.words("people")
        crumbs = [(words["title"], self.urls.people()), (person.name, url)]
        attended = sum(1 for a in person.record if a.kind != "apologies")
        apologies = len(person.record) - attended
        chaired = sum(1 for a in person.record if a.chair)
        counts = self.words("counts")
        summary = words["summary"].format(
            attended=count_text(counts["meetings"], attended),
            apologies=count_text(counts["meetings"], apologies),
        )
        return self.spec(
            url,
            "person.html",
            self.page(person.name, url, crumbs, words["page_description"].format(name=person.name)),
            person={
                "name": person.name,
                "summary": summary,
                "chaired": count_text(counts["meetings"], chaired) if chaired else None,
                "written": sorted({a.written for a in person.record}),
                "organisations": self.represented(person),
                "attendance": [
                    {"body": self.organisation_link(body), "year": year}
                    | {"attended": n, "apologies": sent, "held": held}
                    for body, year, n, sent, held in self.attendance_rows(person)
                ],
                "meetings": [self.attended(a) for a in reversed(person.record)],
            },
        )

    def attended(self, attended: Attended) -> Context:
        words = self.words("people")
        return {
            "meeting": self.meeting_link(attended.meeting),
            "listed": words[attended.kind],
            "written": attended.written,
            "organisation": self.organisation_link(attended.organisation)
            if attended.organisation
            else None,
            "role": attended.role,
            "chair": attended.chair,
        }

    def represented(self, person: Person) -> list[Context]:
        """The organisations a person was listed for, first to last, each with its roles and
        the first and last day."""
        spans: dict[OrganisationSlug, list[Attended]] = defaultdict(list)
        for attended in person.record:
            if attended.organisation is not None:
                spans[attended.organisation].append(attended)
        dates = self.archive.dates
        return [
            {
                "organisation": self.organisation_link(body),
                "roles": list(dict.fromkeys(a.role for a in listed if a.role)),
                "first": self.date_view(dates[listed[0].meeting]),
                "last": self.date_view(dates[listed[-1].meeting]),
            }
            for body, listed in spans.items()
        ]

    def attendance_rows(self, person: Person) -> list[AttendanceRow]:
        """For each body whose meetings list the person and each year they were listed: how
        many meetings they attended, sent apologies to, and the body held (newest first)."""
        dates = self.archive.dates
        came: Counter[tuple[OrganisationSlug, int]] = Counter()
        sent: Counter[tuple[OrganisationSlug, int]] = Counter()
        for attended in dict((a.meeting, a) for a in person.record).values():
            key = (body_of(attended.meeting), dates[attended.meeting].year)
            (sent if attended.kind == "apologies" else came)[key] += 1
        rows = []
        for body, year in sorted(came.keys() | sent.keys(), key=lambda k: (k[0], -k[1])):
            held = sum(1 for i in self.archive.held_by.get(body, ()) if dates[i].year == year)
            rows.append((body, year, came[(body, year)], sent[(body, year)], held))
        return rows
