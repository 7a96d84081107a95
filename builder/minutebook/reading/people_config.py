"""The config's `people:`: whether person pages are published, and who is who.

    people:
      pages: true                # false: no person pages and no links to them
      entries:
        - name: David Parr
          aliases: [D. Parr, Dave Parr]
        - name: Derek Parr
          aliases: [D. Parr]
          bodies: [Halton Strategic Partnership]
          distinct: [David Parr]
          publish: false         # this person's page is not published

A bare list under `people:` is read as its `entries`. Names are matched as written less their
titles (see person_names.py); `bodies` are written as the organisations are (name, short name
or alias).
"""

from __future__ import annotations

from collections.abc import Sequence

from yaml.nodes import Node, SequenceNode

from minutebook.core.diagnostics import Diagnostic, error
from minutebook.core.model import Organisation, OrganisationSlug, PeopleConfig, PersonEntry
from minutebook.reading.fields import (
    FieldSpec,
    Read,
    read_bool,
    read_fields,
    read_list,
    read_text,
    read_text_list,
)
from minutebook.reading.person_names import name_key
from minutebook.reading.vocabulary import normalise_name, slugify
from minutebook.reading.yamlnodes import Positions, is_null

PEOPLE_FIELDS = (FieldSpec("pages"), FieldSpec("entries"))
PERSON_FIELDS = (
    FieldSpec("name", required=True, fix="e.g.  - name: David Parr"),
    FieldSpec("aliases"),
    FieldSpec("distinct"),
    FieldSpec("bodies"),
    FieldSpec("publish"),
)
_EXAMPLE = "people:\n  pages: true\n  entries:\n    - name: David Parr"


def read_people(
    node: Node, positions: Positions, organisations: Sequence[Organisation]
) -> Read[PeopleConfig]:
    """The `people:` field, its bodies resolved against the config's `organisations`."""
    if is_null(node):
        return PeopleConfig(), []
    if isinstance(node, SequenceNode):
        listed, found = _entries(node, positions, "people", organisations)
        return PeopleConfig(entries=listed), found
    fields, diagnostics = read_fields(node, positions, "people", PEOPLE_FIELDS, _EXAMPLE)
    if fields is None:
        return None, diagnostics
    pages = True
    if "pages" in fields:
        value, problems = read_bool(fields["pages"].value, positions, "people.pages")
        diagnostics.extend(problems)
        pages = value is not False
    entries: tuple[PersonEntry, ...] = ()
    if "entries" in fields:
        entries, problems = _entries(
            fields["entries"].value, positions, "people.entries", organisations
        )
        diagnostics.extend(problems)
    return PeopleConfig(pages=pages, entries=entries), diagnostics


def _entries(
    node: Node, positions: Positions, field: str, organisations: Sequence[Organisation]
) -> tuple[tuple[PersonEntry, ...], list[Diagnostic]]:
    def read(child: Node, where: Positions, name: str) -> Read[PersonEntry]:
        return _entry(child, where, name, organisations)

    entries, diagnostics = read_list(node, positions, field, read)
    entries = entries or ()
    seen: dict[str, str] = {}
    for entry in entries:
        key = name_key(entry.name)
        if key in seen and entry.bodies == ():
            diagnostics.append(
                error(
                    entry.span or positions.span(node),
                    f"'{entry.name}' is listed twice under {field}",
                    "list each person once, with every spelling under 'aliases:'; two people "
                    "who share a name need 'bodies:' to tell them apart",
                    field,
                )
            )
        seen.setdefault(key, entry.name)
    return entries, diagnostics


def _entry(
    node: Node, positions: Positions, field: str, organisations: Sequence[Organisation]
) -> Read[PersonEntry]:
    fields, diagnostics = read_fields(node, positions, field, PERSON_FIELDS, "- name: David Parr")
    if fields is None or "name" not in fields:
        return None, diagnostics
    name, problems = read_text(fields["name"].value, positions, f"{field}.name")
    diagnostics.extend(problems)
    lists: dict[str, tuple[str, ...]] = {}
    for key in ("aliases", "distinct", "bodies"):
        if key in fields:
            read, problems = read_text_list(fields[key].value, positions, f"{field}.{key}")
            diagnostics.extend(problems)
            lists[key] = read or ()
    publish = True
    if "publish" in fields:
        value, problems = read_bool(fields["publish"].value, positions, f"{field}.publish")
        diagnostics.extend(problems)
        publish = value is not False
    if name is None:
        return None, diagnostics
    bodies = tuple(_body(written, organisations) for written in lists.get("bodies", ()))
    return (
        PersonEntry(
            name=name,
            aliases=lists.get("aliases", ()),
            distinct=lists.get("distinct", ()),
            bodies=tuple(sorted(set(bodies))),
            publish=publish,
            span=positions.span(node),
        ),
        diagnostics,
    )


def _body(written: str, organisations: Sequence[Organisation]) -> OrganisationSlug:
    """The organisation a body is written as (any of its names), or the slug of the words: a
    body the config does not list is named by its slug, as the minutes' unlisted names are."""
    wanted = normalise_name(written)
    for organisation in organisations:
        if any(normalise_name(name) == wanted for name in organisation.names()):
            return organisation.slug
    return OrganisationSlug(slugify(written))
