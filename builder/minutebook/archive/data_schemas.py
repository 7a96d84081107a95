"""The JSON Schemas of the open data files (published under /data/schemas/, and checked against
every data file in the tests): plain data, so that the files and their schemas cannot drift."""

from __future__ import annotations

from typing import Any

DRAFT = "https://json-schema.org/draft/2020-12/schema"
_TEXT_OR_NULL = {"type": ["string", "null"]}
_DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_TIME = {"type": ["string", "null"], "pattern": r"^\d{2}:\d{2}$"}
_META = {
    "type": "object",
    "required": ["schema", "licence", "personal_data"],
    "additionalProperties": False,
    "properties": {
        "schema": {"type": "string"},
        "licence": {
            "type": "object",
            "required": ["name", "url", "attribution"],
            "additionalProperties": False,
            "properties": {
                "name": {"type": "string"},
                "url": _TEXT_OR_NULL,
                "attribution": _TEXT_OR_NULL,
            },
        },
        "personal_data": {"type": "string"},
    },
}


def _object(properties: dict[str, Any], optional: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "type": "object",
        "required": [name for name in properties if name not in optional],
        "additionalProperties": False,
        "properties": properties,
    }


def _document(title: str, key: str, item: dict[str, Any]) -> dict[str, Any]:
    return {
        "$schema": DRAFT,
        "title": title,
        **_object({"meta": _META, key: {"type": "array", "items": item}}),
    }


_ORGANISATION_AS_WRITTEN = _object(
    {"id": {"type": "string"}, "name": {"type": "string"}, "name_as_written": {"type": "string"}}
)
_EVENT = _object(
    {
        "id": {"type": "string"},
        "name": {"type": "string"},
        "classification": {"const": "meeting"},
        "start_date": _DATE,
        "start_time": _TIME,
        "end_time": _TIME,
        "timezone": {"type": "string"},
        "all_day": {"type": "boolean"},
        "status": {"const": "passed"},
        "minutes_status": {"enum": ["approved", "unconfirmed", "draft"]},
        "approved_at": {"anyOf": [_DATE, {"type": "null"}]},
        "location": {"anyOf": [_object({"name": {"type": "string"}}), {"type": "null"}]},
        "participants": {
            "type": "array",
            "items": _object(
                {
                    "entity_type": {"const": "organization"},
                    "entity_id": {"type": "string"},
                    "entity_name": {"type": "string"},
                    "note": {"enum": ["host", "attendee"]},
                }
            ),
        },
        "attendance": {
            "type": "array",
            "items": _object(
                {
                    "person": _object({"name": {"type": "string"}}),
                    "organization": {"anyOf": [_ORGANISATION_AS_WRITTEN, {"type": "null"}]},
                    "role": _TEXT_OR_NULL,
                    "chair": {"type": "boolean"},
                    "attendance": {"enum": ["present", "in attendance", "apologies"]},
                },
                optional=("person",),
            ),
        },
        "topics": {
            "type": "array",
            "items": _object({"id": {"type": "string"}, "name": {"type": "string"}}),
        },
        "agenda": {
            "type": "array",
            "items": _object(
                {
                    "order": {"type": "integer", "minimum": 1},
                    "number": _TEXT_OR_NULL,
                    "description": {"type": "string"},
                    "exempt": {"type": "boolean"},
                    "subjects": {"type": "array", "items": {"type": "string"}},
                    "url": {"type": "string"},
                }
            ),
        },
        "documents": {
            "type": "array",
            "items": _object({"note": {"type": "string"}, "url": {"type": "string"}}),
        },
        "next_meeting": {
            "anyOf": [
                _object(
                    {
                        "date": _DATE,
                        "start": _TIME,
                        "end": _TIME,
                        "time_zone": {"type": "string"},
                        "location": _TEXT_OR_NULL,
                    }
                ),
                {"type": "null"},
            ]
        },
        "links": {
            "type": "array",
            "items": _object({"note": {"type": "string"}, "url": {"type": "string"}}),
        },
    }
)

SCHEMAS: dict[str, dict[str, Any]] = {
    "event.schema.json": {
        "$schema": DRAFT,
        "title": "A meeting (after Open Civic Data's Event; attendance as Popolo memberships)",
        **_object({"meta": _META, "event": _EVENT}),
    },
    "meetings.schema.json": _document(
        "The index of meetings",
        "meetings",
        _object(
            {
                "id": {"type": "string"},
                "name": {"type": "string"},
                "start_date": _DATE,
                "organisation": {"type": "string"},
                "status": {"enum": ["approved", "unconfirmed", "draft"]},
                "url": {"type": "string"},
                "data": {"type": "string"},
            }
        ),
    ),
    "vocabulary.schema.json": {
        "$schema": DRAFT,
        "title": "The organisations or the topics, with their other spellings",
        "type": "object",
        "required": ["meta"],
        "minProperties": 2,
        "maxProperties": 2,
        "additionalProperties": False,
        "properties": {
            "meta": _META,
            "organisations": {
                "type": "array",
                "items": _object(
                    {
                        "id": {"type": "string"},
                        "name": {"type": "string"},
                        "short_name": _TEXT_OR_NULL,
                        "aliases": {"type": "array", "items": {"type": "string"}},
                        "website": _TEXT_OR_NULL,
                        "url": _TEXT_OR_NULL,
                    }
                ),
            },
            "topics": {
                "type": "array",
                "items": _object(
                    {
                        "id": {"type": "string"},
                        "name": {"type": "string"},
                        "aliases": {"type": "array", "items": {"type": "string"}},
                        "url": _TEXT_OR_NULL,
                    }
                ),
            },
        },
    },
}
