"""`minutebook.yaml` → SiteConfig, with every problem in the file reported at once."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

from yaml.nodes import Node, ScalarNode

from minutebook.core.diagnostics import Diagnostic, SourceSpan, error
from minutebook.core.model import (
    AccessibilityConfig,
    Organisation,
    OrganisationSlug,
    PeopleConfig,
    SearchConfig,
    SiteConfig,
    Topic,
    TopicSlug,
)
from minutebook.reading.fields import (
    FieldSpec,
    Read,
    read_bool,
    read_date,
    read_fields,
    read_list,
    read_text,
    read_text_list,
)
from minutebook.reading.people_config import read_people
from minutebook.reading.publishing import PUBLISHING_FIELDS, read_publishing
from minutebook.reading.sources import MAX_BYTES, MIB
from minutebook.reading.vocabulary import normalise_name, slugify
from minutebook.reading.yamlnodes import Pair, Positions, compose, is_null

CONFIG_NAME = "minutebook.yaml"

CONFIG_FIELDS = (
    FieldSpec("title", required=True, fix="give the archive a name, e.g.  title: Council minutes"),
    FieldSpec("base_url"),
    FieldSpec("language"),
    FieldSpec("description"),
    FieldSpec("theme"),
    FieldSpec("output"),
    FieldSpec("repo_url"),
    FieldSpec("max_file_size"),
    FieldSpec("allow_html"),
    FieldSpec("organisations"),
    FieldSpec("topics"),
    FieldSpec("accessibility"),
    FieldSpec("search"),
    FieldSpec("people"),
    *PUBLISHING_FIELDS,
)
SEARCH_FIELDS = (FieldSpec("enabled"), FieldSpec("fallback_url"))
SEARCH_EXAMPLE = "search:\n  fallback_url: https://duckduckgo.com/"
ACCESSIBILITY_FIELDS = (
    FieldSpec("organisation"),
    FieldSpec("email"),
    FieldSpec("phone"),
    FieldSpec("prepared"),
    FieldSpec("last_reviewed"),
    FieldSpec("known_issues"),
    FieldSpec("enforcement"),
)
ORGANISATION_FIELDS = (
    FieldSpec("name", required=True, fix="e.g.  - name: Halton Borough Council"),
    FieldSpec("short_name"),
    FieldSpec("aliases"),
    FieldSpec("website"),
)
TOPIC_FIELDS = (
    FieldSpec("name", required=True, fix="e.g.  - name: Anti-social behaviour"),
    FieldSpec("aliases"),
)
MAX_FILE_SIZE_LIMIT = 1024  # MiB: a larger meeting file is a mistake, not minutes
_THEME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")  # a folder of themes/, never a path
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def parse_config(text: str, path: str = CONFIG_NAME) -> tuple[SiteConfig | None, list[Diagnostic]]:
    positions = Positions(path, 1, path)
    root, diagnostics = compose(text, positions)
    if root is None:
        if not diagnostics:
            diagnostics.append(
                error(
                    SourceSpan(path, 1), f"{path} is empty", "add at least  title: <archive name>"
                )
            )
        return None, diagnostics
    fields, found = read_fields(root, positions, "", CONFIG_FIELDS, "title: Council minutes")
    diagnostics.extend(found)
    if fields is None:
        return None, diagnostics

    def field_text(name: str, default: str | None = None) -> str | None:
        if name not in fields:
            return default
        value, problems = read_text(fields[name].value, positions, name)
        diagnostics.extend(problems)
        return value if value is not None else default

    title = field_text("title")
    base_url = _checked_base_url(field_text("base_url", "/") or "/", fields, positions, diagnostics)
    repo_url = _web_address(
        field_text("repo_url"),
        fields,
        positions,
        "repo_url",
        "give the address of the repository's web page, "
        "e.g.  repo_url: https://github.com/council/minutes",
        diagnostics,
    )
    language = field_text("language", "en-GB") or "en-GB"
    if not _LANGUAGE.match(language) and "language" in fields:
        diagnostics.append(
            error(
                positions.span(fields["language"].value),
                f"'language' is not a language tag: '{language}'",
                "use a tag such as en-GB or cy (Welsh)",
                "language",
            )
        )
    theme = field_text("theme", "default") or "default"
    if not _THEME.match(theme):
        diagnostics.append(
            error(
                positions.span(fields["theme"].value),
                f"'theme' must be the name of a folder in themes/, not '{theme}'",
                "use letters, digits, '-' and '_' only, e.g.  theme: default",
                "theme",
            )
        )
        theme = "default"
    max_file_size = _max_file_size(field_text("max_file_size"), fields, positions, diagnostics)
    allow_html = False
    if "allow_html" in fields:
        value, problems = read_bool(fields["allow_html"].value, positions, "allow_html")
        diagnostics.extend(problems)
        allow_html = value is True
    organisations: tuple[Organisation, ...] = ()
    if "organisations" in fields:
        read, problems = read_list(
            fields["organisations"].value, positions, "organisations", _read_organisation
        )
        diagnostics.extend(problems)
        organisations = read or ()
    topics: tuple[Topic, ...] = ()
    if "topics" in fields:
        read_topics, problems = read_list(fields["topics"].value, positions, "topics", _read_topic)
        diagnostics.extend(problems)
        topics = read_topics or ()
    accessibility = AccessibilityConfig()
    if "accessibility" in fields:
        read_accessibility, problems = _read_accessibility(
            fields["accessibility"].value, positions, "accessibility"
        )
        diagnostics.extend(problems)
        accessibility = read_accessibility or accessibility
    search = SearchConfig()
    if "search" in fields:
        read_search, problems = _read_search(fields["search"].value, positions)
        diagnostics.extend(problems)
        search = read_search or search
    people = PeopleConfig()
    if "people" in fields:
        read_people_config, problems = read_people(fields["people"].value, positions, organisations)
        diagnostics.extend(problems)
        people = read_people_config or people
    publishing, problems = read_publishing(fields, positions)
    diagnostics.extend(problems)
    diagnostics.extend(_name_clashes(organisations, "organisations", path))
    diagnostics.extend(_name_clashes(topics, "topics", path))
    if title is None:
        return None, diagnostics
    return (
        SiteConfig(
            title=title,
            base_url=base_url,
            language=language,
            description=field_text("description", "") or "",
            theme=theme,
            output=field_text("output", "output") or "output",
            repo_url=repo_url,
            max_file_size=max_file_size,
            allow_html=allow_html,
            organisations=organisations,
            topics=topics,
            accessibility=accessibility,
            search=search,
            people=people,
            publishing=publishing,
        ),
        diagnostics,
    )


def is_web_address(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def normalise_base_url(base_url: str) -> str | None:
    """A base_url ending in '/', or None when it is neither a web address nor a path."""
    if not (is_web_address(base_url) or (base_url.startswith("/") and "//" not in base_url)):
        return None
    return base_url if base_url.endswith("/") else base_url + "/"


BASE_URL_FIX = (
    "write the address the archive will be published at, "
    "e.g.  base_url: https://example.org/minutes/"
)


def _checked_base_url(
    base_url: str, fields: dict[str, Pair], positions: Positions, diagnostics: list[Diagnostic]
) -> str:
    normalised = normalise_base_url(base_url)
    if normalised is None:
        diagnostics.append(
            error(
                positions.span(fields["base_url"].value),
                f"'base_url' is not a web address: '{base_url}'",
                BASE_URL_FIX,
                "base_url",
            )
        )
        return "/"
    return normalised


def _web_address(
    value: str | None,
    fields: dict[str, Pair],
    positions: Positions,
    name: str,
    fix: str,
    diagnostics: list[Diagnostic],
) -> str | None:
    """A field that becomes a link: an http(s) address, or None with an error."""
    if value is None or is_web_address(value):
        return value
    diagnostics.append(
        error(
            positions.span(fields[name.rsplit(".", 1)[-1]].value),
            f"'{name}' is not a web address: '{value}'",
            fix,
            name,
        )
    )
    return None


def _max_file_size(
    text: str | None, fields: dict[str, Pair], positions: Positions, diagnostics: list[Diagnostic]
) -> int:
    """The largest meeting file read, in MiB: a whole number from 1 to 1024 (default 5)."""
    if text is None:
        return MAX_BYTES // MIB
    if text.isascii() and text.isdigit() and 1 <= int(text) <= MAX_FILE_SIZE_LIMIT:
        return int(text)
    diagnostics.append(
        error(
            positions.span(fields["max_file_size"].value),
            f"'max_file_size' must be a whole number of MiB from 1 to {MAX_FILE_SIZE_LIMIT}, "
            f"not '{text}'",
            "e.g.  max_file_size: 10  (the default is 5)",
            "max_file_size",
        )
    )
    return MAX_BYTES // MIB


def _read_accessibility(node: Node, positions: Positions, field: str) -> Read[AccessibilityConfig]:
    if is_null(node):
        return AccessibilityConfig(), []
    fields, diagnostics = read_fields(
        node, positions, field, ACCESSIBILITY_FIELDS, "accessibility:\n  email: access@example.org"
    )
    if fields is None:
        return None, diagnostics
    texts: dict[str, str | None] = {}
    for key in ("organisation", "email", "phone", "enforcement"):
        if key in fields:
            texts[key], problems = read_text(fields[key].value, positions, f"{field}.{key}")
            diagnostics.extend(problems)
    email = texts.get("email")
    if email is not None and not _EMAIL.match(email):
        diagnostics.append(
            error(
                positions.span(fields["email"].value),
                f"'{field}.email' is not an email address: '{email}'",
                "write the address readers can write to, e.g.  email: access@example.org",
                f"{field}.email",
            )
        )
        email = None
    dates: dict[str, dt.date | None] = {}
    for key in ("prepared", "last_reviewed"):
        if key in fields:
            dates[key], problems = read_date(fields[key].value, positions, f"{field}.{key}")
            diagnostics.extend(problems)
    prepared, reviewed = dates.get("prepared"), dates.get("last_reviewed")
    if prepared and reviewed and reviewed < prepared:
        diagnostics.append(
            error(
                positions.span(fields["last_reviewed"].value),
                f"'{field}.last_reviewed' ({reviewed.isoformat()}) is before "
                f"'{field}.prepared' ({prepared.isoformat()})",
                "a statement is reviewed after it is prepared: check the two dates",
                f"{field}.last_reviewed",
            )
        )
    issues: tuple[str, ...] = ()
    if "known_issues" in fields:
        read_issues, problems = read_list(
            fields["known_issues"].value, positions, f"{field}.known_issues", read_text
        )
        diagnostics.extend(problems)
        issues = read_issues or ()
    return (
        AccessibilityConfig(
            organisation=texts.get("organisation"),
            email=email,
            phone=texts.get("phone"),
            prepared=prepared,
            last_reviewed=reviewed,
            known_issues=issues,
            enforcement=texts.get("enforcement"),
        ),
        diagnostics,
    )


def _read_search(node: Node, positions: Positions) -> Read[SearchConfig]:
    """`search: false` (or true), or its fields: `enabled`, and `fallback_url`, the outside
    search engine the search page offers readers without JavaScript."""
    if is_null(node):
        return SearchConfig(), []
    if isinstance(node, ScalarNode):
        switch, diagnostics = read_bool(node, positions, "search")
        return SearchConfig(enabled=switch is not False), diagnostics
    fields, diagnostics = read_fields(node, positions, "search", SEARCH_FIELDS, SEARCH_EXAMPLE)
    if fields is None:
        return None, diagnostics
    enabled: bool | None = True
    if "enabled" in fields:
        enabled, problems = read_bool(fields["enabled"].value, positions, "search.enabled")
        diagnostics.extend(problems)
    fallback: str | None = None
    if "fallback_url" in fields:
        fallback, problems = read_text(
            fields["fallback_url"].value, positions, "search.fallback_url"
        )
        diagnostics.extend(problems)
    fallback = _web_address(
        fallback,
        fields,
        positions,
        "search.fallback_url",
        "give the address of a search engine's results page, which takes the words as  q=  "
        "e.g.  fallback_url: https://duckduckgo.com/",
        diagnostics,
    )
    return SearchConfig(enabled=enabled is not False, fallback_url=fallback), diagnostics


def _read_organisation(node: Node, positions: Positions, field: str) -> Read[Organisation]:
    fields, diagnostics = read_fields(
        node, positions, field, ORGANISATION_FIELDS, "- name: Halton Borough Council"
    )
    if fields is None or "name" not in fields:
        return None, diagnostics
    values: dict[str, str | None] = {}
    for key in ("name", "short_name", "website"):
        if key in fields:
            values[key], problems = read_text(fields[key].value, positions, f"{field}.{key}")
            diagnostics.extend(problems)
    aliases = _aliases(fields, positions, field, diagnostics)
    website = _web_address(
        values.get("website"),
        fields,
        positions,
        f"{field}.website",
        "give the full address of the organisation's site, "
        "e.g.  website: https://www.halton.gov.uk",
        diagnostics,
    )
    name = values.get("name")
    if name is None:
        return None, diagnostics
    return (
        Organisation(
            slug=OrganisationSlug(slugify(name)),
            name=name,
            short_name=values.get("short_name"),
            aliases=aliases,
            website=website,
            span=positions.span(node),
        ),
        diagnostics,
    )


def _read_topic(node: Node, positions: Positions, field: str) -> Read[Topic]:
    fields, diagnostics = read_fields(
        node, positions, field, TOPIC_FIELDS, "- name: Anti-social behaviour"
    )
    if fields is None or "name" not in fields:
        return None, diagnostics
    name, problems = read_text(fields["name"].value, positions, f"{field}.name")
    diagnostics.extend(problems)
    aliases = _aliases(fields, positions, field, diagnostics)
    if name is None:
        return None, diagnostics
    return Topic(TopicSlug(slugify(name)), name, aliases, positions.span(node)), diagnostics


def _aliases(
    fields: dict[str, Pair], positions: Positions, field: str, diagnostics: list[Diagnostic]
) -> tuple[str, ...]:
    if "aliases" not in fields:
        return ()
    node = fields["aliases"].value
    aliases, problems = read_text_list(node, positions, f"{field}.aliases")
    diagnostics.extend(problems)
    return aliases or ()


def _name_clashes(
    entries: tuple[Organisation, ...] | tuple[Topic, ...], where: str, path: str
) -> list[Diagnostic]:
    """Two entries sharing a name or slug would make lookups ambiguous: say which two."""
    diagnostics: list[Diagnostic] = []
    owner: dict[str, str] = {}
    for entry in entries:
        for key in {entry.slug, *(normalise_name(n) for n in entry.names())}:
            previous = owner.setdefault(key, entry.name)
            if previous != entry.name:
                span = entry.span or SourceSpan(path)
                diagnostics.append(
                    error(
                        span,
                        f"'{entry.name}' and '{previous}' in {where} share the name "
                        f"or alias '{key}'",
                        "give each entry its own name and aliases, or merge the two entries",
                        where,
                    )
                )
    return diagnostics
