"""Names clerks write → one canonical organisation or topic, and slugs that work everywhere."""

from __future__ import annotations

import pytest

from conftest import REPO_ROOT
from minutebook.core.model import Organisation, OrganisationSlug, Topic, TopicSlug
from minutebook.reading.config import parse_config
from minutebook.reading.vocabulary import Lexicon, TopicMatcher, Vocabulary, slugify


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    config, problems = parse_config((REPO_ROOT / "minutebook.yaml").read_text("utf-8"))
    assert problems == []
    assert config is not None
    return Lexicon.of(config)


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Safer Halton Partnership", "safer-halton-partnership"),
        ("Cheshire Fire & Rescue Service", "cheshire-fire-and-rescue-service"),
        ("Halton & St Helens PCT", "halton-and-st-helens-pct"),
        ("Cyngor Sir Ynys Môn", "cyngor-sir-ynys-mon"),  # Welsh circumflex
        ("Pŵer a Chyfiawnder", "pwer-a-chyfiawnder"),  # Welsh w-circumflex
        ("Cymdeithas Tai ŵ ŷ â", "cymdeithas-tai-w-y-a"),
        ("Comhairle Contae Átha Cliath", "comhairle-contae-atha-cliath"),  # Irish fada
        ("Ó Briain Éireann", "o-briain-eireann"),
        ("Straße", "strasse"),  # German sharp s
        ("Æthelred Œuvre Łódź", "aethelred-oeuvre-lodz"),
        ("  --Drugs / Alcohol--  ", "drugs-alcohol"),
        ("DWP/JCP", "dwp-jcp"),
        ("", "untitled"),
        ("!!!", "untitled"),
    ],
)
def test_slugify_gives_ascii_lowercase_hyphenated_slugs(name, slug):
    assert slugify(name) == slug


def test_slugs_are_at_most_80_characters_and_never_end_in_a_hyphen():
    slug = slugify("word " * 40)
    assert len(slug) <= 80
    assert not slug.endswith("-")


@pytest.mark.parametrize(
    ("written", "slug"),
    [
        ("Cheshire Fire & Rescue Service", "cheshire-fire-and-rescue-service"),  # the name
        ("Cheshire Fire and Rescue Service", "cheshire-fire-and-rescue-service"),  # an alias
        ("HBC", "halton-borough-council"),  # the short name
        ("hbc", "halton-borough-council"),  # any case
        ("CHESHIRE POLICE.", "cheshire-constabulary"),  # alias, case and a full stop
        ("Halton & ST Helens PCT", "halton-and-st-helens-primary-care-trust"),
        ("cheshire-constabulary", "cheshire-constabulary"),  # the slug itself
        ("Cheshire  Constabulary", "cheshire-constabulary"),  # doubled space
    ],
)
def test_organisations_resolve_by_name_alias_short_name_case_or_slug(lexicon, written, slug):
    assert lexicon.organisations.resolve(written) == slug


def test_an_unknown_organisation_does_not_resolve(lexicon):
    assert lexicon.organisations.resolve("Widnes Rotary Club") is None


@pytest.mark.parametrize(
    ("written", "slug"),
    [("ASB", "anti-social-behaviour"), ("drugs", "substance-misuse"), ("MPU", "alcohol")],
)
def test_topics_resolve_by_alias(lexicon, written, slug):
    assert lexicon.topics.resolve(written) == slug


@pytest.mark.parametrize(
    ("typo", "suggestion"),
    [
        ("Cheshire Constabularly", "Cheshire Constabulary"),
        ("Halton Borough Councl", "Halton Borough Council"),
        ("Cheshire Polise", "Cheshire Police"),
    ],
)
def test_close_typos_of_listed_organisations_are_suggested(lexicon, typo, suggestion):
    assert lexicon.organisations.suggest(typo) == suggestion


@pytest.mark.parametrize("name", ["Widnes Rotary Club", "Remedy Trust", "Cheshire"])
def test_different_names_are_not_suggested(lexicon, name):
    assert lexicon.organisations.suggest(name) is None


def test_topic_mentions_match_whole_words_ignoring_case_and_hyphens(lexicon):
    assert lexicon.matcher.mentioned_in("d) Anti Social Behaviour (ASB)") == (
        "anti-social-behaviour",
    )
    assert lexicon.matcher.mentioned_in("Prevent, Contest and Channel Panel") == (
        "counter-terrorism",
    )
    assert lexicon.matcher.mentioned_in("Drugs Enforcement/Prevention") == ("substance-misuse",)
    assert lexicon.matcher.mentioned_in("Prevention and early help") == ()
    assert lexicon.matcher.mentioned_in("DRUGSTORE") == ()


def test_a_vocabulary_built_from_entries_finds_each_by_every_name():
    vocabulary = Vocabulary.of(
        (
            Organisation(OrganisationSlug("halton-housing"), "Halton Housing", "HH", ("HHT",)),
            Organisation(OrganisationSlug("remedi"), "Remedi"),
        )
    )
    assert [vocabulary.resolve(n) for n in ("Halton Housing", "hh", "HHT", "remedi")] == [
        "halton-housing",
        "halton-housing",
        "halton-housing",
        "remedi",
    ]
    assert vocabulary.get("remedi") == Organisation(OrganisationSlug("remedi"), "Remedi")


def test_a_matcher_over_no_topics_finds_nothing():
    assert TopicMatcher.of(()).mentioned_in("Anything at all") == ()
    assert TopicMatcher.of((Topic(TopicSlug("asb"), "ASB"),)).mentioned_in("asb") == ("asb",)


def test_names_without_latin_letters_get_distinct_stable_slugs():
    first, second = slugify("Ελληνική Επιτροπή"), slugify("Комитет")
    assert first != second
    assert first == slugify("Ελληνική  Επιτροπή")  # the same name always gets the same slug
    assert first.startswith("x-") and first.isascii()
