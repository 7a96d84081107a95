"""INDEX: who is who. Every name the published minutes write, in the meetings' lists of who was
present, in attendance or sent apologies, as a person with a stable slug (their page is
/people/<slug>/, see urls.Urls.person).

Within one body, names that agree on the surname and on the first names or initials as far as
both go are one person ("D. Parr", "David Parr"), unless a name could be either of two people
(a "D. Parr" beside "David Parr" and "Derek Parr": then it stays apart, and `check` says so).
Across bodies, only the config's `people:` entries join names (their `aliases`, in their
`bodies`); `distinct` keeps a spelling apart from an entry. Everything here is worked out from
sets of names, so the same archive gives the same people whatever order its files are in.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from minutebook.core.diagnostics import Diagnostic, SourceSpan, warning
from minutebook.core.model import (
    Attendee,
    Meeting,
    MeetingId,
    OrganisationSlug,
    PeopleConfig,
    PersonEntry,
    PersonSlug,
)
from minutebook.reading.person_names import (
    PersonName,
    is_a_name,
    is_compatible,
    parse_name,
    without_titles,
)
from minutebook.reading.vocabulary import slugify

# How a person is listed at a meeting, in the order the meeting's page lists them.
KINDS = ("present", "in_attendance", "apologies")
_FIX_AMBIGUOUS = (
    "say who it is in minutebook.yaml: add the spelling to one person's aliases (people: "
    "entries: - name: David Parr  aliases: [D. Parr]), or list it under the other's distinct:"
)
_FIX_APART = (
    "if they are one person, list them in minutebook.yaml (people: entries: - name: {name}  "
    "aliases: [{other}]); if they are two, add  distinct: [{other}]  to {name}'s entry"
)
_FIX_SAME_SPELLING = (
    "if they are one person, list them in minutebook.yaml (people: entries: - name: {name}); "
    "if they are two, give each an entry with the bodies it is written in (bodies: [...])"
)


class Attended(NamedTuple):
    """One meeting on a person's record: how they were listed, for whom, in which role."""

    meeting: MeetingId
    kind: str  # one of KINDS
    written: str  # the name as the minutes write it
    organisation: OrganisationSlug | None
    role: str | None
    chair: bool


@dataclass(frozen=True, slots=True)
class Person:
    slug: PersonSlug
    name: str
    published: bool  # their page is published (see People.page_of)
    record: tuple[Attended, ...]  # archive order: oldest first


@dataclass(frozen=True, slots=True)
class People:
    persons: Mapping[PersonSlug, Person]  # A–Z by name
    # (meeting, name as written there) → who it is
    named: Mapping[tuple[MeetingId, str], PersonSlug]
    pages: bool = True  # the config's people.pages

    def page_of(self, meeting_id: MeetingId, written: str) -> PersonSlug | None:
        """The person a name written in a meeting is, when their page is published."""
        slug = self.named.get((meeting_id, written))
        if slug is None or not self.pages or not self.persons[slug].published:
            return None
        return slug

    def published(self) -> list[Person]:
        if not self.pages:
            return []
        return [person for person in self.persons.values() if person.published]

    def of_meeting(self, meeting: Meeting) -> list[PersonSlug]:
        """The published people a meeting lists, each once, in the order it lists them."""
        found = (self.page_of(meeting.id, p.name) for _, p in listed_people(meeting))
        return list(dict.fromkeys(slug for slug in found if slug is not None))


NO_PEOPLE = People({}, {})


class PeopleListed(NamedTuple):
    """What who is who is worked out from, of one published meeting: whom it lists, and where
    (the archive keeps these, so that a quick build can work it out again without the
    meetings: see incremental/quick.py)."""

    id: MeetingId
    organisation: OrganisationSlug
    date: dt.date
    source: str
    spans: tuple[SourceSpan | None, ...]  # where each list of KINDS is, then the front matter
    people: tuple[tuple[str, Attendee], ...]  # (kind, person as listed), as the meeting lists them


def people_of(meeting: Meeting | None) -> PeopleListed | None:
    """What who is who is worked out from, of a meeting that lists anyone."""
    return people_listed(meeting) if meeting is not None and listed_people(meeting) else None


def people_listed(meeting: Meeting) -> PeopleListed:
    spans = (*(meeting.field_spans.get(kind) for kind in KINDS), meeting.span)
    people = tuple(
        (kind, Attendee(p.name, p.organisation, p.role, p.is_chair))
        for kind, p in listed_people(meeting)
    )
    return PeopleListed(
        meeting.id, meeting.organisation, meeting.date, meeting.source, spans, people
    )


# A name as one body's minutes write it (casefolded, without titles: see PersonName.key).
_Node = tuple[OrganisationSlug, str]
# A name written: the meeting, the list and the person as listed.
_Found = tuple["PeopleListed", str, Attendee]


def listed_people(meeting: Meeting) -> list[tuple[str, Attendee]]:
    """The people a meeting lists (not "Two members of the public": see is_a_name), in order."""
    lists = (meeting.present, meeting.in_attendance, meeting.apologies)
    return [
        (kind, person)
        for kind, people in zip(KINDS, lists, strict=True)
        for person in people
        if is_a_name(person.name)
    ]


def index_people(
    config: PeopleConfig, meetings: Iterable[PeopleListed]
) -> tuple[People, list[Diagnostic]]:
    """Who is who in the published meetings (see people_listed), with what `check` says of
    names it could not tell apart or did not join. (The same in any order.)"""
    written: dict[_Node, list[_Found]] = defaultdict(list)
    for meeting in meetings:
        for kind, person in meeting.people:
            written[(meeting.organisation, parse_name(person.name).key)].append(
                (meeting, kind, person)
            )
    for found in written.values():  # (the first to say, whatever order a meeting lists them)
        found.sort(key=lambda i: (i[0].date, i[0].id, KINDS.index(i[1]), i[2].name))
    parsed = {node: parse_name(found[0][2].name) for node, found in written.items()}
    diagnostics: list[Diagnostic] = []
    attached = _attach(config.entries, written, diagnostics)
    groups = _Groups(config.entries)
    for node, entry in attached.items():
        groups.join(node, entry)
    by_body: dict[OrganisationSlug, list[_Node]] = defaultdict(list)
    for node in sorted(written):
        by_body[node[0]].append(node)
        groups.find(node)
    for nodes in by_body.values():
        _join_in_body(nodes, parsed, attached, config.entries, groups, written, diagnostics)
    people = _people(config, written, parsed, attached, groups)
    diagnostics += _kept_apart(people, written, attached, config.entries)
    return people, diagnostics


def _attach(
    entries: tuple[PersonEntry, ...],
    written: Mapping[_Node, list[_Found]],
    diagnostics: list[Diagnostic],
) -> dict[_Node, int]:
    """Each name the config's entries name (in the entry's bodies, if it gives any) → the entry:
    one that gives the body wins over one for every body; two at once is for the clerk to say."""
    keys = [{parse_name(name).key for name in entry.names()} for entry in entries]
    attached: dict[_Node, int] = {}
    for node in sorted(written):
        body, key = node
        matching = [
            i
            for i, entry in enumerate(entries)
            if key in keys[i] and (not entry.bodies or body in entry.bodies)
        ]
        specific = [i for i in matching if entries[i].bodies]
        chosen = specific or matching
        if len(chosen) == 1:
            attached[node] = chosen[0]
        elif chosen:
            names = " and ".join(entries[i].name for i in chosen)
            diagnostics.append(_warn(written[node], f"could be {names}: linked to neither"))
    return attached


def _warn(found: list[_Found], says: str, fix: str = "") -> Diagnostic:
    meeting, kind, person = found[0]
    # (where the list is, which the meeting holds as lists show it, not where the name is)
    span = meeting.spans[KINDS.index(kind)] or meeting.spans[-1] or SourceSpan(meeting.source)
    return warning(span, f"'{person.name}' {says}", fix or _FIX_AMBIGUOUS, kind)


class _Groups:
    """Union-find over names and the config's entries (entry i is the node (None, i))."""

    def __init__(self, entries: tuple[PersonEntry, ...]) -> None:
        self.parent: dict[object, object] = {}
        self.entries = entries

    def find(self, node: object) -> object:
        self.parent.setdefault(node, node)
        root = node
        while self.parent[root] != root:
            root = self.parent[root]
        self.parent[node] = root
        return root

    def join(self, node: object, entry: int) -> None:
        self.union(node, ("", entry))

    def union(self, one: object, other: object) -> None:
        a, b = self.find(one), self.find(other)
        if a != b:  # (the smaller root stays: the same groups whatever order they are joined in)
            low, high = sorted((a, b), key=repr)
            self.parent[high] = low


def _join_in_body(
    nodes: list[_Node],
    parsed: Mapping[_Node, PersonName],
    attached: Mapping[_Node, int],
    entries: tuple[PersonEntry, ...],
    groups: _Groups,
    written: Mapping[_Node, list[_Found]],
    diagnostics: list[Diagnostic],
) -> None:
    """Join the names of one body that are one person's: those that agree, unless one could be
    either of two names that do not agree with each other (it then stays apart)."""
    distinct = {i: {parse_name(n).key for n in e.distinct} for i, e in enumerate(entries)}

    def may_join(one: _Node, other: _Node) -> bool:
        a, b = attached.get(one), attached.get(other)
        if a is not None and b is not None:
            return a == b
        if a is not None and other[1] in distinct[a]:
            return False
        if b is not None and one[1] in distinct[b]:
            return False
        return is_compatible(parsed[one], parsed[other])

    by_surname: dict[str, list[_Node]] = defaultdict(list)
    for node in nodes:
        by_surname[parsed[node].surname].append(node)
    for same in by_surname.values():
        agree = {n: [m for m in same if m != n and may_join(n, m)] for n in same}
        ambiguous = {n for n, found in agree.items() if _splits(found, may_join)}
        for node in sorted(ambiguous):
            if node not in attached:
                others = " and ".join(sorted(written[m][0][2].name for m in agree[node]))
                diagnostics.append(
                    _warn(written[node], f"could be any of {others}: linked to none of them")
                )
        for node in same:
            for other in agree[node]:
                if node not in ambiguous and other not in ambiguous:
                    groups.union(node, other)


def _splits(found: list[_Node], may_join: object) -> bool:
    """Do two of the names a name agrees with disagree with each other?"""
    assert callable(may_join)
    return any(not may_join(a, b) for a, b in itertools.combinations(found, 2))


def _people(
    config: PeopleConfig,
    written: Mapping[_Node, list[_Found]],
    parsed: Mapping[_Node, PersonName],
    attached: Mapping[_Node, int],
    groups: _Groups,
) -> People:
    members: dict[object, list[_Node]] = defaultdict(list)
    for node in sorted(written):
        members[groups.find(node)].append(node)
    named_groups = []
    for nodes in members.values():
        entry = next((attached[n] for n in nodes if n in attached), None)
        if entry is not None:
            name, publish = config.entries[entry].name, config.entries[entry].publish
        else:
            fullest = max(nodes, key=lambda n: (parsed[n].fullness, len(n[1]), n[1]))
            name, publish = without_titles(written[fullest][0][2].name), True
        named_groups.append((name, publish, nodes))
    named_groups.sort(key=lambda group: (slugify(group[0]), group[0], group[2]))
    persons: dict[PersonSlug, Person] = {}
    named: dict[tuple[MeetingId, str], PersonSlug] = {}
    for name, publish, nodes in named_groups:
        slug = _free_slug(slugify(name), nodes, persons)
        found = sorted(
            (item for node in nodes for item in written[node]),
            key=lambda item: (item[0].date, item[0].id, KINDS.index(item[1])),
        )
        record = tuple(
            Attended(m.id, kind, p.name, p.organisation, p.role, p.is_chair) for m, kind, p in found
        )
        persons[slug] = Person(slug, name, publish, record)
        named.update({(m.id, p.name): slug for m, _, p in found})
    ordered = dict(sorted(persons.items(), key=lambda pair: (pair[1].name.casefold(), pair[0])))
    return People(ordered, named, config.pages)


def _free_slug(wanted: str, nodes: list[_Node], taken: Mapping[PersonSlug, Person]) -> PersonSlug:
    """The person's slug: their name's, or with their first body's when another has that."""
    if wanted not in taken:
        return PersonSlug(wanted)
    with_body = f"{wanted}-{min(node[0] for node in nodes)}"
    for n in itertools.count(1):
        slug = with_body if n == 1 else f"{with_body}-{n}"
        if slug not in taken:
            return PersonSlug(slug)
    raise AssertionError("unreachable")


def _kept_apart(
    people: People,
    written: Mapping[_Node, list[_Found]],
    attached: Mapping[_Node, int],
    entries: tuple[PersonEntry, ...],
) -> list[Diagnostic]:
    """Names of two bodies that agree but are two people because the config does not join them:
    likely one person (said once a pair, at the later of the two)."""
    distinct = {i: {parse_name(n).key for n in e.distinct} for i, e in enumerate(entries)}
    first: dict[PersonSlug, tuple[_Node, PersonName]] = {}
    for node, found in sorted(written.items()):
        slug = people.named[(found[0][0].id, found[0][2].name)]
        name = parse_name(found[0][2].name)
        if name.given and node not in attached:
            first.setdefault(slug, (node, name))
    by_surname: dict[str, list[PersonSlug]] = defaultdict(list)
    for slug, (_, name) in first.items():
        by_surname[name.surname].append(slug)
    diagnostics = []
    for slugs in by_surname.values():
        for one, other in itertools.combinations(sorted(slugs), 2):
            (node_a, a), (node_b, b) = first[one], first[other]
            if node_a[0] == node_b[0] or not is_compatible(a, b):
                continue
            if any(node_b[1] in keys or node_a[1] in keys for keys in distinct.values()):
                continue
            later = max(written[node_a], written[node_b], key=lambda f: (f[0][0].date, f[0][0].id))
            other_name = people.persons[one if later is written[node_b] else other].name
            this = later[0][2].name
            fix = _FIX_SAME_SPELLING if node_a[1] == node_b[1] else _FIX_APART
            diagnostics.append(
                _warn(
                    later,
                    f"may be the same person as {other_name} (of another body): kept apart",
                    fix.format(name=other_name, other=this),
                )
            )
    return diagnostics
