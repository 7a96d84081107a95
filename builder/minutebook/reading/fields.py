"""Typed readers for front-matter and config fields: YAML node → value, or a clerk-facing error.

Each reader returns `(value | None, diagnostics)`. They read the raw text as typed, so YAML 1.1's
guesses (times as numbers, NO as false) never reach the model.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from minutebook.core.diagnostics import Diagnostic, error
from minutebook.core.model import TimeRange
from minutebook.reading.yamlnodes import (
    Pair,
    Positions,
    is_blank,
    is_null,
    mapping_pairs,
    scalar_text,
    shape_name,
)

T = TypeVar("T")
Read = tuple[T | None, list[Diagnostic]]
Reader = Callable[[Node, Positions, str], Read[T]]

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_TIME = r"(\d{1,2})[:.](\d{2})"
_TIME_RANGE = re.compile(rf"^{_TIME}(?:\s*(?:-|–|to)\s*{_TIME})?$")
_TRUE = frozenset({"true", "yes", "y", "on"})
_FALSE = frozenset({"false", "no", "n", "off"})


def read_text(node: Node, positions: Positions, field: str) -> Read[str]:
    if is_null(node):
        return None, []
    if not isinstance(node, ScalarNode):
        return None, [
            error(
                positions.span(node),
                f"'{field}' should be a single piece of text, not {shape_name(node)}",
                f"write it on one line, e.g.  {_leaf(field)}: some text",
                field,
            )
        ]
    return scalar_text(node) or None, []


def read_date(node: Node, positions: Positions, field: str) -> Read[dt.date]:
    text, diagnostics = read_text(node, positions, field)
    if text is None:
        return None, diagnostics
    match = _ISO_DATE.match(text)
    example = f"e.g.  {_leaf(field)}: 2011-02-15"
    if match is None:
        hint = _iso_hint(text)
        return None, [
            error(
                positions.span(node),
                f"'{field}' is not a date in the form YYYY-MM-DD: '{text}'",
                f"write it as {hint}" if hint else f"write the year, month and day, {example}",
                field,
            )
        ]
    try:
        return dt.date(*(int(part) for part in match.groups())), []
    except ValueError:
        return None, [
            error(
                positions.span(node),
                f"'{field}' is not a real date: '{text}'",
                "check the day and the month; the month comes first after the year",
                field,
            )
        ]


def _iso_hint(text: str) -> str | None:
    """15/02/2011 → 2011-02-15 (UK order), so the fix shows the clerk's own date."""
    match = re.match(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$", text)
    if match is None:
        return None
    day, month, year = (int(part) for part in match.groups())
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def read_time(node: Node, positions: Positions, field: str) -> Read[TimeRange]:
    # An unquoted 14:00 is a YAML 1.1 sexagesimal number; its raw text is still "14:00".
    text, diagnostics = read_text(node, positions, field)
    if text is None:
        return None, diagnostics
    match = _TIME_RANGE.match(text)
    times = _times(match.groups()) if match else None
    if times is None:
        return None, [
            error(
                positions.span(node),
                f"'{field}' is not a time like 14:00 or 14:00-16:30: '{text}'",
                f"use the 24-hour clock, e.g.  {_leaf(field)}: 14:00",
                field,
            )
        ]
    return TimeRange(times[0], times[1] if len(times) > 1 else None), []


def _times(groups: tuple[str | None, ...]) -> list[dt.time] | None:
    times: list[dt.time] = []
    for hour, minute in ((groups[0], groups[1]), (groups[2], groups[3])):
        if hour is None or minute is None:
            continue
        try:
            times.append(dt.time(int(hour), int(minute)))
        except ValueError:
            return None
    return times


def read_bool(node: Node, positions: Positions, field: str) -> Read[bool]:
    text, diagnostics = read_text(node, positions, field)
    if text is None:
        return None, diagnostics
    if text.lower() in _TRUE:
        return True, []
    if text.lower() in _FALSE:
        return False, []
    return None, [
        error(
            positions.span(node),
            f"'{field}' should be true or false, not '{text}'",
            f"write  {_leaf(field)}: true  or leave the field out",
            field,
        )
    ]


def read_list(
    node: Node, positions: Positions, field: str, read_item: Reader[T]
) -> Read[tuple[T, ...]]:
    if is_null(node):
        return (), []
    if not isinstance(node, SequenceNode):
        return None, [
            error(
                positions.span(node),
                f"'{field}' should be a list, not {shape_name(node)}",
                f"put each entry on its own line under '{_leaf(field)}:', starting with '- '",
                field,
            )
        ]
    values: list[T] = []
    diagnostics: list[Diagnostic] = []
    for index, child in enumerate(node.value):
        value, found = read_item(child, positions, f"{field}[{index + 1}]")
        diagnostics.extend(found)
        if value is not None:
            values.append(value)
    return tuple(values), diagnostics


def read_text_list(node: Node, positions: Positions, field: str) -> Read[tuple[str, ...]]:
    """A list of texts; a single text is accepted too, for `aliases: ASB`."""
    if isinstance(node, ScalarNode) and not is_null(node):
        text, diagnostics = read_text(node, positions, field)
        return (tuple(part.strip() for part in text.split(",") if part.strip()) if text else ()), (
            diagnostics
        )
    return read_list(node, positions, field, read_text)


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    required: bool = False
    fix: str = ""


def read_fields(
    node: Node, positions: Positions, where: str, specs: Iterable[FieldSpec], example: str
) -> tuple[dict[str, Pair] | None, list[Diagnostic]]:
    """Check a mapping against its field table: unknown keys (did you mean?), repeats, missing."""
    if not isinstance(node, MappingNode):
        return None, [
            error(
                positions.span(node),
                f"{where or 'this'} should be a set of 'field: value' lines, "
                f"not {shape_name(node)}",
                f"e.g.  {example}",
                where or None,
            )
        ]
    specs = tuple(specs)
    known = {spec.name for spec in specs}
    pairs, diagnostics = mapping_pairs(node, positions, where)
    found: dict[str, Pair] = {}
    for pair in pairs:
        if pair.key in known:
            found[pair.key] = pair
        else:
            diagnostics.append(unknown_field(pair, positions, where, known))
    for spec in specs:
        # A blank value counts as missing: a required field left as "" must never drop
        # the whole entry silently.
        if spec.required and (spec.name not in found or is_blank(found[spec.name].value)):
            diagnostics.append(
                error(
                    positions.span(node),
                    f"'{_join(where, spec.name)}' is missing",
                    spec.fix,
                    _join(where, spec.name),
                )
            )
    return found, diagnostics


def unknown_field(pair: Pair, positions: Positions, where: str, known: set[str]) -> Diagnostic:
    close = difflib.get_close_matches(pair.key, sorted(known), n=1, cutoff=0.6)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    fix = (
        f"rename it to '{close[0]}'"
        if close
        else "the fields you can use here are: " + ", ".join(sorted(known))
    )
    return error(
        positions.span(pair.key_node),
        f"unknown field '{pair.key}'{' in ' + where if where else ''}{hint}",
        fix,
        _join(where, pair.key),
    )


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _leaf(field: str) -> str:
    return re.sub(r"\[\d+\]$", "", field.rsplit(".", 1)[-1])
