"""The records a meeting's front matter lists, each with fields of its own: the people present,
in attendance or sending apologies, the next meeting, and the documents.

Like the rest of a meeting's reader, problems are collected, never raised.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from yaml.nodes import MappingNode, Node, ScalarNode

from minutebook.core.diagnostics import Diagnostic, SourceSpan, error
from minutebook.core.model import Attendee, Document, NextMeeting, TimeRange
from minutebook.reading.fields import (
    FieldSpec,
    Read,
    read_bool,
    read_date,
    read_fields,
    read_list,
    read_text,
    read_time,
)
from minutebook.reading.names import Names
from minutebook.reading.sources import CONTENT_DIR, SourceFile
from minutebook.reading.vocabulary import portable_name_problem
from minutebook.reading.yamlnodes import Pair, Positions

T = TypeVar("T")

PERSON_FIELDS = (
    FieldSpec("name", required=True, fix="every person needs a name, e.g.  - name: D. Parr"),
    FieldSpec("organisation"),
    FieldSpec("role"),
    FieldSpec("chair"),
)
NEXT_MEETING_FIELDS = (
    FieldSpec("date", required=True, fix="e.g.  date: 2011-04-20"),
    FieldSpec("time"),
    FieldSpec("location"),
)
DOCUMENT_FIELDS = (
    FieldSpec("title", required=True, fix="give the document a title, e.g.  title: Agenda"),
    FieldSpec("file"),
    FieldSpec("url"),
)


@dataclass
class Records:
    """Reads the records of one meeting file; the organisations people attend for are resolved
    by `names`, and problems go into `diagnostics` (both shared with the rest of its reader)."""

    source: SourceFile
    positions: Positions
    diagnostics: list[Diagnostic]
    names: Names

    def _error(self, span: SourceSpan, message: str, fix: str, name: str | None = None) -> None:
        self.diagnostics.append(error(span, message, fix, name))

    def people(self, node: Node, positions: Positions, name: str) -> Read[tuple[Attendee, ...]]:
        return read_list(node, positions, name, self._person)

    def _person(self, node: Node, positions: Positions, name: str) -> Read[Attendee]:
        if isinstance(node, ScalarNode):
            text, problems = read_text(node, positions, name)
            if text is None:
                return None, [
                    *problems,
                    error(
                        positions.span(node),
                        f"{name} is empty",
                        "write the person's name, or delete the '-' line",
                        name,
                    ),
                ]
            return Attendee(text, span=positions.span(node)), problems
        fields, problems = read_fields(node, positions, name, PERSON_FIELDS, "- name: D. Parr")
        if fields is None or "name" not in fields:
            return None, problems
        self.diagnostics.extend(problems)
        person = self._field_at(fields, name, "name", read_text)
        organisation_name = self._field_at(fields, name, "organisation", read_text)
        organisation = (
            self.names.organisation(
                organisation_name, fields["organisation"].value, f"{name}.organisation"
            )
            if organisation_name
            else None
        )
        if person is None:
            return None, []
        return (
            Attendee(
                name=person,
                organisation=organisation,
                role=self._field_at(fields, name, "role", read_text),
                is_chair=bool(self._field_at(fields, name, "chair", read_bool)),
                span=positions.span(node),
                organisation_as_written=organisation_name if organisation else None,
            ),
            [],
        )

    def _field_at(
        self,
        fields: dict[str, Pair],
        where: str,
        name: str,
        read: Callable[[Node, Positions, str], Read[T]],
    ) -> T | None:
        if name not in fields:
            return None
        value, problems = read(fields[name].value, self.positions, f"{where}.{name}")
        self.diagnostics.extend(problems)
        return value

    def next_meeting(self, node: Node, positions: Positions, name: str) -> Read[NextMeeting]:
        if not isinstance(node, MappingNode):
            date, problems = read_date(node, positions, name)
            return (NextMeeting(date) if date else None), problems
        fields, problems = read_fields(
            node, positions, name, NEXT_MEETING_FIELDS, "date: 2011-04-20"
        )
        self.diagnostics.extend(problems)
        if fields is None:
            return None, []
        date = self._field_at(fields, name, "date", read_date)
        time: TimeRange | None = self._field_at(fields, name, "time", read_time)
        location = self._field_at(fields, name, "location", read_text)
        return (NextMeeting(date, time, location) if date else None), []

    def documents(self, node: Node, positions: Positions, name: str) -> Read[tuple[Document, ...]]:
        return read_list(node, positions, name, self._document)

    def _document(self, node: Node, positions: Positions, name: str) -> Read[Document]:
        fields, problems = read_fields(
            node, positions, name, DOCUMENT_FIELDS, "- title: Agenda\n      file: agenda.pdf"
        )
        self.diagnostics.extend(problems)
        if fields is None:
            return None, []
        title = self._field_at(fields, name, "title", read_text)
        file = self._field_at(fields, name, "file", read_text)
        url = self._field_at(fields, name, "url", read_text)
        span = positions.span(node)
        if (file is None) == (url is None):
            self._error(
                span,
                f"{name} needs either 'file' or 'url' (one of the two)",
                "use  file: name.pdf  for a file beside the minutes, "
                "or  url: https://…  for a link",
                name,
            )
            return None, []
        if file is not None:
            file = self._document_path(file, fields["file"].value, f"{name}.file")
            if file is None:
                return None, []
        if url is not None and not re.match(r"^(https?://|mailto:)", url):
            self._error(
                positions.span(fields["url"].value),
                f"{name}.url must start with https:// or http://: '{url}'",
                "paste the full web address, or use  file:  for a file beside the minutes",
                f"{name}.url",
            )
            return None, []
        return (Document(title or file or url or "", file, url, span) if title else None), []

    def _document_path(self, file: str, node: Node, name: str) -> str | None:
        """A document path relative to the meeting file, kept inside content/.

        Only content/ is published from: `../../minutebook.yaml` or `.git/config` never are.
        """
        folder = posixpath.dirname(self.source.path)
        joined = posixpath.normpath(posixpath.join(folder, file.replace("\\", "/")))
        hidden = any(part.startswith(".") for part in joined.split("/"))
        if (
            posixpath.isabs(file)
            or re.match(r"^[A-Za-z]:", file)
            or not joined.startswith(CONTENT_DIR + "/")
            or hidden
        ):
            self._error(
                self.positions.span(node),
                f"{name} points outside the content folder: '{file}'",
                "put the document beside the minutes file (inside content/) and give its name",
                name,
            )
            return None
        problem = portable_name_problem(posixpath.basename(joined))
        if problem is not None:
            self._error(
                self.positions.span(node),
                f"the document name '{posixpath.basename(joined)}' cannot be published to "
                f"every computer: {problem}",
                "rename the file (letters, digits, spaces, '-', '_' and '.' are safe "
                "everywhere) and write its new name here",
                name,
            )
            return None
        return joined
