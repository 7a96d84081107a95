"""The organisation and topic names a meeting's file writes: the slugs they stand for, and the
names the config does not list (a meeting's page and the archive list them all the same)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from yaml.nodes import Node

from minutebook.core.diagnostics import Diagnostic, SourceSpan, warning
from minutebook.core.model import Organisation, OrganisationSlug, Topic, TopicSlug
from minutebook.reading.vocabulary import Lexicon, Vocabulary, slugify
from minutebook.reading.yamlnodes import Positions


@dataclass
class Names:
    """Resolves one meeting file's names, warning (into `diagnostics`, shared with the rest of
    its reader) of an unlisted name that looks like a listed one."""

    lexicon: Lexicon
    positions: Positions
    diagnostics: list[Diagnostic]
    unlisted_organisations: dict[str, Organisation] = field(default_factory=dict)
    unlisted_topics: dict[str, Topic] = field(default_factory=dict)

    def organisation(self, name: str, node: Node, field_name: str) -> OrganisationSlug:
        slug = self._resolve(
            name,
            self.lexicon.organisations,
            self.positions.span(node),
            field_name,
            "an organisation",
            "if it is the same body",
        )
        if self.lexicon.organisations.resolve(name) is None:
            self.unlisted_organisations.setdefault(slug, Organisation(OrganisationSlug(slug), name))
        return OrganisationSlug(slug)

    def topic(self, name: str, span: SourceSpan, field_name: str) -> TopicSlug:
        slug = self._resolve(name, self.lexicon.topics, span, field_name, "a topic", "")
        if self.lexicon.topics.resolve(name) is None:
            self.unlisted_topics.setdefault(slug, Topic(TopicSlug(slug), name))
        return TopicSlug(slug)

    def _resolve(
        self,
        name: str,
        vocabulary: Vocabulary[Any],
        span: SourceSpan,
        field_name: str,
        kind: str,
        alias_condition: str,
    ) -> str:
        """The slug `name` stands for; an unlisted name that looks like a listed one warns."""
        found = vocabulary.resolve(name)
        if found is not None:
            return found
        suggestion = vocabulary.suggest(name)
        if suggestion is not None:
            condition = f" {alias_condition}" if alias_condition else ""
            self.diagnostics.append(
                warning(
                    span,
                    f"'{name}' is not {kind} listed in minutebook.yaml, but looks like "
                    f"'{suggestion}'",
                    f"write '{suggestion}', or add '{name}' to its aliases{condition}",
                    field_name,
                )
            )
        return slugify(name)
