"""The config's keys about what a build publishes beyond the pages: `feeds`, `calendar`,
`data` (with `data.personal_names`), `time_zone` and `licence` → Publishing."""

from __future__ import annotations

import zoneinfo
from urllib.parse import urlsplit

from yaml.nodes import MappingNode, Node

from minutebook.core.diagnostics import Diagnostic, error
from minutebook.core.model import DEFAULT_TIME_ZONE, Licence, Publishing
from minutebook.reading.fields import FieldSpec, read_bool, read_fields, read_text
from minutebook.reading.yamlnodes import Pair, Positions, is_null

PUBLISHING_FIELDS = (
    FieldSpec("feeds"),
    FieldSpec("calendar"),
    FieldSpec("data"),
    FieldSpec("time_zone"),
    FieldSpec("licence"),
)
DATA_FIELDS = (FieldSpec("publish"), FieldSpec("personal_names"))
LICENCE_FIELDS = (
    FieldSpec("name", required=True, fix="e.g.  name: Open Government Licence v3.0"),
    FieldSpec("url"),
    FieldSpec("attribution"),
)


def read_publishing(
    fields: dict[str, Pair], positions: Positions
) -> tuple[Publishing, list[Diagnostic]]:
    """The config's publishing keys (any of them may be left out: see Publishing's defaults)."""
    diagnostics: list[Diagnostic] = []
    switches: dict[str, bool] = {}
    for key in ("feeds", "calendar"):
        if key in fields:
            value, problems = read_bool(fields[key].value, positions, key)
            diagnostics.extend(problems)
            switches[key] = value is not False
    data, personal = True, True
    if "data" in fields:
        data, personal, problems = _read_data(fields["data"].value, positions)
        diagnostics.extend(problems)
    time_zone = DEFAULT_TIME_ZONE
    if "time_zone" in fields:
        time_zone, problems = _read_time_zone(fields["time_zone"].value, positions)
        diagnostics.extend(problems)
    licence = Licence()
    if "licence" in fields:
        licence, problems = _read_licence(fields["licence"].value, positions)
        diagnostics.extend(problems)
    return (
        Publishing(
            feeds=switches.get("feeds", True),
            calendar=switches.get("calendar", True),
            data=data,
            personal_names=personal,
            time_zone=time_zone,
            licence=licence,
        ),
        diagnostics,
    )


def _read_data(node: Node, positions: Positions) -> tuple[bool, bool, list[Diagnostic]]:
    """`data: false`, or `data:` with `publish` and `personal_names`."""
    if not isinstance(node, MappingNode):
        value, problems = read_bool(node, positions, "data")
        return value is not False, True, problems
    fields, diagnostics = read_fields(
        node, positions, "data", DATA_FIELDS, "data:\n  personal_names: false"
    )
    switches: dict[str, bool] = {}
    for key in ("publish", "personal_names"):
        if fields is not None and key in fields:
            value, problems = read_bool(fields[key].value, positions, f"data.{key}")
            diagnostics.extend(problems)
            switches[key] = value is not False
    return switches.get("publish", True), switches.get("personal_names", True), diagnostics


def _read_time_zone(node: Node, positions: Positions) -> tuple[str, list[Diagnostic]]:
    text, diagnostics = read_text(node, positions, "time_zone")
    if text is None:
        return DEFAULT_TIME_ZONE, diagnostics
    if is_time_zone(text):
        return text, diagnostics
    return DEFAULT_TIME_ZONE, [
        error(
            positions.span(node),
            f"'time_zone' is not a time zone: '{text}'",
            "use a name from the time zone database, e.g.  time_zone: Europe/London",
            "time_zone",
        )
    ]


def is_time_zone(name: str) -> bool:
    """An IANA time zone name that this machine's zone data knows (tzdata supplies it where
    the system has none)."""
    if not name or name.startswith(("/", ".")) or ".." in name:
        return False
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _read_licence(node: Node, positions: Positions) -> tuple[Licence, list[Diagnostic]]:
    if is_null(node):
        return Licence(), []
    fields, diagnostics = read_fields(
        node, positions, "licence", LICENCE_FIELDS, "licence:\n  name: CC BY 4.0"
    )
    if fields is None or "name" not in fields:
        return Licence(), diagnostics
    values: dict[str, str | None] = {}
    for key in ("name", "url", "attribution"):
        if key in fields:
            values[key], problems = read_text(fields[key].value, positions, f"licence.{key}")
            diagnostics.extend(problems)
    name, url = values.get("name"), values.get("url")
    if url is not None and urlsplit(url).scheme not in ("http", "https"):
        diagnostics.append(
            error(
                positions.span(fields["url"].value),
                f"'licence.url' is not a web address: '{url}'",
                "give the address of the licence's text, e.g.  "
                "url: https://creativecommons.org/licenses/by/4.0/",
                "licence.url",
            )
        )
        url = None
    if name is None:
        return Licence(), diagnostics
    return Licence(name, url, values.get("attribution")), diagnostics
