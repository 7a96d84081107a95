"""SourceFile → Meeting: the front-matter field table, its fields, agenda items and their topics.

The records the front matter lists (attendance, the next meeting, documents) are read in
records.py, and the organisation and topic names a file writes resolved in names.py.

`parse_meeting` is pure (text in, values out): hypothesis and unit tests never touch the disk.
Problems are collected, never raised: a clerk sees every mistake in a file in one run.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import unquote

from yaml.nodes import Node

from minutebook.core.diagnostics import Diagnostic, SourceSpan, error
from minutebook.core.model import (
    AgendaItem,
    LinkKind,
    Meeting,
    MeetingLink,
    Status,
    SubHeading,
    TopicSlug,
    meeting_id,
)
from minutebook.reading.agenda import (
    SCHEDULE_12A_PARAGRAPHS,
    exempt_paragraphs,
    is_procedural,
    split_list,
)
from minutebook.reading.approvals import approval_in
from minutebook.reading.fields import (
    FieldSpec,
    Read,
    read_bool,
    read_date,
    read_fields,
    read_text,
    read_text_list,
    read_time,
)
from minutebook.reading.markdown import (
    BodyItem,
    BodyLink,
    html_ids,
    is_markdown_file_link,
    parse_body,
)
from minutebook.reading.names import Names
from minutebook.reading.records import Records
from minutebook.reading.sources import SourceFile
from minutebook.reading.vocabulary import Lexicon, slugify
from minutebook.reading.yamlnodes import Pair, Positions, compose, is_null, plain_value

T = TypeVar("T")

MEETING_FIELDS = (
    FieldSpec(
        "organisation",
        required=True,
        fix="add the body that met, e.g.  organisation: Safer Halton Partnership",
    ),
    FieldSpec("date", required=True, fix="add the date of the meeting, e.g.  date: 2011-02-15"),
    FieldSpec("title"),
    FieldSpec("time"),
    FieldSpec("location"),
    FieldSpec("status"),
    FieldSpec("confidential"),
    FieldSpec("approved_at"),
    FieldSpec("slug"),
    FieldSpec("present"),
    FieldSpec("in_attendance"),
    FieldSpec("apologies"),
    FieldSpec("topics"),
    FieldSpec("next_meeting"),
    FieldSpec("documents"),
    FieldSpec("extra"),
    FieldSpec("exempt"),  # not a field: named only to explain where exemptions are written
)
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EXEMPT_FIX = (
    "write  Exempt: paragraph 3  on the line right under the item's '## ' heading "
    "(the paragraph of Schedule 12A, 1 to 7); the item's text is then never published"
)


def parse_meeting(
    source: SourceFile, lexicon: Lexicon, *, allow_html: bool = False
) -> tuple[Meeting | None, list[Diagnostic]]:
    """`allow_html`: keep raw HTML in the minutes' text, sanitised (the site's `allow_html`)."""
    reader = _MeetingReader(
        source, lexicon, Positions(source.path, source.front_matter_line), allow_html
    )
    return reader.meeting(), reader.diagnostics


@dataclass
class _MeetingReader:
    """Reads one meeting file: its front matter's fields, then its body."""

    source: SourceFile
    lexicon: Lexicon
    positions: Positions
    allow_html: bool = False
    diagnostics: list[Diagnostic] = field(default_factory=list)
    names: Names = field(init=False)
    records: Records = field(init=False)

    def __post_init__(self) -> None:
        self.names = Names(self.lexicon, self.positions, self.diagnostics)
        self.records = Records(self.source, self.positions, self.diagnostics, self.names)

    def meeting(self) -> Meeting | None:
        root, problems = compose(self.source.front_matter, self.positions)
        self.diagnostics.extend(problems)
        if root is None:
            if not problems:
                self._error(
                    SourceSpan(self.source.path, self.source.front_matter_line - 1, 1),
                    "the front matter is empty",
                    "add at least  organisation: …  and  date: YYYY-MM-DD  between the '---' lines",
                )
            return None
        if problems:
            return None
        fields, problems = read_fields(
            root, self.positions, "", MEETING_FIELDS, "organisation: Safer Halton Partnership"
        )
        self.diagnostics.extend(problems)
        if fields is None:
            return None
        return self._build(fields, self.positions.span(root))

    def _build(self, fields: dict[str, Pair], span: SourceSpan) -> Meeting | None:
        written = self._field(fields, "organisation", read_text)
        organisation = (
            self.names.organisation(written, fields["organisation"].value, "organisation")
            if written is not None
            else None
        )
        date = self._field(fields, "date", read_date)
        slug = self._slug(fields)
        status = self._status(fields)
        confidential = self._confidential(fields)
        attendance = {
            name: self._field(fields, name, self.records.people) or ()
            for name in ("present", "in_attendance", "apologies")
        }
        topics = self._topics(fields)
        items, intro_html, links = self._body()
        # Every field is read (and checked) even when a required one is missing.
        title = self._field(fields, "title", read_text)
        time = self._field(fields, "time", read_time)
        location = self._field(fields, "location", read_text)
        approved_at = self._field(fields, "approved_at", read_date)
        next_meeting = self._field(fields, "next_meeting", self.records.next_meeting)
        documents = self._field(fields, "documents", self.records.documents) or ()
        extra = self._extra(fields)
        if "exempt" in fields:
            self._error(
                self.positions.span(fields["exempt"].key_node),
                "exempt items are marked in the minutes' text, not in the front matter",
                EXEMPT_FIX,
                "exempt",
            )
        if organisation is None or date is None:
            return None
        approval = approval_in(items, date)
        return Meeting(
            id=meeting_id(organisation, date, slug),
            source=self.source.path,
            organisation=organisation,
            date=date,
            status=status,
            confidential=confidential,
            slug=slug,
            present=attendance["present"],
            in_attendance=attendance["in_attendance"],
            apologies=attendance["apologies"],
            topics=topics,
            intro_html=intro_html,
            items=items,
            links=links,
            span=span,
            title=title,
            time=time,
            location=location,
            approved_at=approved_at,
            next_meeting=next_meeting,
            documents=documents,
            extra=extra,
            organisation_as_written=written,
            unlisted_organisations=tuple(self.names.unlisted_organisations.values()),
            unlisted_topics=tuple(self.names.unlisted_topics.values()),
            field_spans={name: self.positions.span(pair.value) for name, pair in fields.items()},
            anchors=_anchors(intro_html, items),
            approval_item=approval.anchor if approval is not None else None,
            approves_minutes_of=approval.dates if approval is not None else (),
        )

    # -- generic -----------------------------------------------------------------------------

    def _field(
        self,
        fields: dict[str, Pair],
        name: str,
        read: Callable[[Node, Positions, str], Read[T]],
    ) -> T | None:
        if name not in fields:
            return None
        value, problems = read(fields[name].value, self.positions, name)
        self.diagnostics.extend(problems)
        return value

    def _error(self, span: SourceSpan, message: str, fix: str, name: str | None = None) -> None:
        self.diagnostics.append(error(span, message, fix, name))

    # -- fields ------------------------------------------------------------------------------

    def _slug(self, fields: dict[str, Pair]) -> str | None:
        slug = self._field(fields, "slug", read_text)
        if slug is not None and not _SLUG.match(slug):
            self._error(
                self.positions.span(fields["slug"].value),
                f"'slug' may only use lowercase letters, digits and '-': '{slug}'",
                f"e.g.  slug: {slugify(slug)}",
                "slug",
            )
            return None
        return slug

    def _status(self, fields: dict[str, Pair]) -> Status:
        text = self._field(fields, "status", read_text)
        if text is None:
            return Status.APPROVED
        try:
            return Status(text.lower())
        except ValueError:
            self._error(
                self.positions.span(fields["status"].value),
                f"'status' must be approved, unconfirmed or draft, not '{text}'",
                "use draft while writing, unconfirmed once published for approval, "
                "approved once agreed",
                "status",
            )
            # Unknown status: treat as a draft, so nothing unapproved is published by mistake.
            return Status.DRAFT

    def _confidential(self, fields: dict[str, Pair]) -> bool:
        if "confidential" not in fields:
            return False
        value = self._field(fields, "confidential", read_bool)
        # Anything but a clear "false" withholds the meeting: a typo never publishes it.
        return value is not False

    def _topics(self, fields: dict[str, Pair]) -> tuple[TopicSlug, ...]:
        names = self._field(fields, "topics", read_text_list) or ()
        if not names:
            return ()
        span = self.positions.span(fields["topics"].value)
        return tuple(dict.fromkeys(self.names.topic(name, span, "topics") for name in names))

    def _extra(self, fields: dict[str, Pair]) -> dict[str, Any]:
        if "extra" not in fields or is_null(fields["extra"].value):
            return {}
        value = plain_value(fields["extra"].value)
        if not isinstance(value, dict):
            self._error(
                self.positions.span(fields["extra"].value),
                "'extra' should be a set of 'field: value' lines",
                "e.g.  extra:\n      webcast: https://…",
                "extra",
            )
            return {}
        return value

    # -- body --------------------------------------------------------------------------------

    def _body(self) -> tuple[tuple[AgendaItem, ...], str, tuple[MeetingLink, ...]]:
        body = parse_body(self.source.body, self.source.body_line, allow_html=self.allow_html)
        for line in body.misplaced_exempt_lines:
            self._error(
                SourceSpan(self.source.path, line, 1),
                "this 'Exempt:' line is not right under an agenda item's '## ' heading, "
                "so it would be published as text and withhold nothing",
                EXEMPT_FIX,
            )
        links = tuple(self._meeting_link(link) for link in body.links)
        return tuple(self._item(item) for item in body.items), body.intro_html, links

    def _meeting_link(self, link: BodyLink) -> MeetingLink:
        """The linked file, relative to the site root (or, for `/…`, the address as it is);
        whether it is there is for `check` (archive/links.py)."""
        address, _, fragment = link.href.partition("#")
        path = unquote(address.partition("?")[0]).replace("\\", "/")
        written = unquote(link.href)
        span = SourceSpan(self.source.path, link.line, link.column)
        if not path:
            return MeetingLink(self.source.path, fragment, written, span, LinkKind.ANCHOR)
        if path.startswith("/"):
            return MeetingLink(link.href, None, written, span, LinkKind.SERVER)
        target = posixpath.normpath(posixpath.join(posixpath.dirname(self.source.path), path))
        kind = LinkKind.MEETING if is_markdown_file_link(link.href) else LinkKind.FILE
        return MeetingLink(target, fragment or None, written, span, kind)

    def _item(self, item: BodyItem) -> AgendaItem:
        exemption = self._exemption(item)
        if exemption is not None:
            # Considered in private: drop everything but the number and title, here, so that
            # no page, index or export made later can publish the text, headings or topics.
            return AgendaItem(
                number=item.heading.number,
                title=item.heading.title,
                anchor=item.anchor,
                html="",
                line=item.line,
                is_procedural=is_procedural(item.heading.title),
                exempt_paragraphs=exemption,
            )
        procedural = is_procedural(item.heading.title)
        topics: dict[TopicSlug, None] = {}
        actions: list[str] = []
        for key, value, line in item.metadata:
            span = SourceSpan(self.source.path, line, 1)
            if key == "topics":
                topics.update(
                    dict.fromkeys(self.names.topic(n, span, "Topics") for n in split_list(value))
                )
            elif key == "actions":
                actions.extend(split_list(value))
        if not procedural:
            mentioned = " \n ".join([item.heading.title, *(s.title for s in item.subheadings)])
            topics.update(dict.fromkeys(self.lexicon.matcher.mentioned_in(mentioned)))
        return AgendaItem(
            number=item.heading.number,
            number_format=item.heading.number_format,
            title=item.heading.title,
            anchor=item.anchor,
            html=item.html,
            line=item.line,
            topics=tuple(topics),
            actions=tuple(actions),
            subheadings=tuple(SubHeading(s.title, s.anchor) for s in item.subheadings),
            is_procedural=procedural,
        )

    def _exemption(self, item: BodyItem) -> tuple[int, ...] | None:
        """The Schedule 12A paragraphs of an item's `Exempt:` lines; None when it has none.

        A mistaken line still withholds the item (with an error, so nothing is published).
        """
        lines = [(value, line) for key, value, line in item.metadata if key == "exempt"]
        if not lines:
            return None
        paragraphs: dict[int, None] = {}
        for value, line in lines:
            span = SourceSpan(self.source.path, line, 1)
            found = exempt_paragraphs(value)
            if found is None:
                self._error(
                    span,
                    f"'Exempt:' should name a paragraph of Schedule 12A, not '{value}'",
                    EXEMPT_FIX,
                    "Exempt",
                )
                continue
            for number in found:
                if number not in SCHEDULE_12A_PARAGRAPHS:
                    self._error(
                        span,
                        f"there is no paragraph {number} in Schedule 12A: "
                        "its paragraphs are 1 to 7",
                        EXEMPT_FIX,
                        "Exempt",
                    )
                paragraphs[number] = None
        return tuple(sorted(paragraphs))


def _anchors(intro_html: str, items: tuple[AgendaItem, ...]) -> tuple[str, ...]:
    """Every anchor the minutes' text gives: each item's, and the ids in its HTML (sub-headings,
    and those of raw HTML); none of what an exempt item held, which is not published."""
    found = set(html_ids(intro_html))
    for item in items:
        found.add(item.anchor)
        found.update(html_ids(item.html))
    return tuple(sorted(found))
