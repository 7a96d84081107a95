"""minutebook.yaml → SiteConfig, with every problem in the file reported at once."""

from __future__ import annotations

import pytest

from conftest import REPO_ROOT, build_site, make_site, rendered
from minutebook.reading.config import parse_config


def problems_of(text: str) -> list[str]:
    return rendered(parse_config(text)[1])


def test_the_sample_config_is_valid():
    config, problems = parse_config((REPO_ROOT / "minutebook.yaml").read_text("utf-8"))
    assert problems == []
    assert config is not None
    assert config.title == "Safer Halton Partnership minutes"
    assert config.base_url == "https://example.org/"
    assert "Cheshire Fire & Rescue Service" in [o.name for o in config.organisations]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "[",
            "minutebook.yaml:1:2: error: minutebook.yaml is not valid YAML: "
            "did not find expected node content",
        ),
        ("---", "minutebook.yaml:1: error: minutebook.yaml is empty"),
        ('title: "x', "minutebook.yaml:1:10: error: a quote is opened but never closed"),
    ],
)
def test_an_unreadable_config_is_named_on_a_line_of_the_file(text, expected):
    assert problems_of(text) == [expected]


def test_defaults_for_a_config_with_only_a_title():
    config, problems = parse_config("title: Test minutes\n")
    assert problems == []
    assert config is not None
    assert (config.base_url, config.language, config.theme, config.output) == (
        "/",
        "en-GB",
        "default",
        "output",
    )


def test_an_unknown_key_suggests_the_known_one():
    assert problems_of("title: Minutes\nbase_ur: https://example.org/\n") == [
        "minutebook.yaml:2:1: error: unknown field 'base_ur' (did you mean 'base_url'?)"
    ]


def test_a_misspelt_title_is_unknown_and_the_title_missing():
    assert problems_of("titel: Minutes\n") == [
        "minutebook.yaml:1:1: error: unknown field 'titel' (did you mean 'title'?)",
        "minutebook.yaml:1:1: error: 'title' is missing",
    ]


def test_an_unknown_key_in_an_organisation_names_the_entry():
    assert problems_of("title: x\norganisations:\n  - name: A\n    shortname: B\n") == [
        "minutebook.yaml:4:5: error: unknown field 'shortname' in organisations[1] "
        "(did you mean 'short_name'?)"
    ]


@pytest.mark.parametrize(
    ("base_url", "expected"),
    [
        ("https://example.org/minutes/", "https://example.org/minutes/"),
        ("https://example.org/minutes", "https://example.org/minutes/"),
        ("http://localhost:8000", "http://localhost:8000/"),
        ("/minutes", "/minutes/"),
    ],
)
def test_good_base_urls_always_end_with_a_slash(base_url, expected):
    config, problems = parse_config(f"title: x\nbase_url: {base_url}\n")
    assert problems == []
    assert config is not None
    assert config.base_url == expected


@pytest.mark.parametrize("base_url", ["example.org", "ftp://example.org/", "https://", "minutes/"])
def test_a_base_url_that_is_not_a_web_address_is_refused(base_url):
    assert problems_of(f"title: x\nbase_url: {base_url}\n") == [
        f"minutebook.yaml:2:11: error: 'base_url' is not a web address: '{base_url}'"
    ]


def test_two_organisations_sharing_a_short_name_are_named_together():
    text = (
        "title: x\norganisations:\n  - name: Halton Borough Council\n    short_name: HBC\n"
        "  - name: Halton BC\n    aliases: [HBC]\n"
    )
    assert problems_of(text) == [
        "minutebook.yaml:5:5: error: 'Halton BC' and 'Halton Borough Council' in organisations "
        "share the name or alias 'hbc'"
    ]


def test_two_topics_with_the_same_slug_are_named_together():
    assert problems_of("title: x\ntopics:\n  - name: Foo & Bar\n  - name: Foo and Bar\n") == [
        "minutebook.yaml:4:5: error: 'Foo and Bar' and 'Foo & Bar' in topics share the name "
        "or alias 'foo-and-bar'"
    ]


def test_an_alias_repeating_its_own_name_is_fine():
    assert problems_of("title: x\ntopics:\n  - name: ASB\n    aliases: [asb, A.S.B]\n") == []


def test_a_language_that_is_not_a_tag_is_refused():
    assert problems_of("title: x\nlanguage: english please\n") == [
        "minutebook.yaml:2:11: error: 'language' is not a language tag: 'english please'"
    ]


def test_an_empty_config_asks_for_a_title():
    assert problems_of("") == ["minutebook.yaml:1: error: minutebook.yaml is empty"]


def test_every_config_problem_is_reported_in_one_run():
    text = "title: x\nbase_url: example.org\nlanguage: english please\ncolour: blue\n"
    assert sorted(problems_of(text)) == [
        "minutebook.yaml:2:11: error: 'base_url' is not a web address: 'example.org'",
        "minutebook.yaml:3:11: error: 'language' is not a language tag: 'english please'",
        "minutebook.yaml:4:1: error: unknown field 'colour'",
    ]


def test_a_site_without_minutebook_yaml_says_so(tmp_path):
    root = tmp_path / "site"
    (root / "content").mkdir(parents=True)
    report = build_site(root)
    assert rendered(report.diagnostics) == [
        f"minutebook.yaml: error: there is no minutebook.yaml in {root}"
    ]
    assert not report.published


def test_a_missing_theme_is_named(tmp_path):
    root = make_site(tmp_path, "-- minutebook.yaml --\ntitle: x\ntheme: fancy\n")
    assert rendered(build_site(root).diagnostics) == [
        "minutebook.yaml: error: the theme 'fancy' does not exist"
    ]


def test_a_base_url_override_with_a_path_is_used_for_every_link(tmp_path):
    root = make_site(tmp_path, "-- content/a.md --\n---\norganisation: A\ndate: 2011-02-15\n---\n")
    assert build_site(root, base_url="https://example.org/minutes").published
    home = (root / "output/index.html").read_text("utf-8")
    assert 'href="/minutes/static/style.css"' in home
    assert 'href="/minutes/meetings/2011/02/15/a/"' in home


def test_a_base_url_override_that_is_not_a_web_address_is_refused(tmp_path):
    root = make_site(tmp_path, "-- content/a.md --\n---\norganisation: A\ndate: 2011-02-15\n---\n")
    report = build_site(root, base_url="example.org/minutes")
    assert not report.published
    assert any("example.org/minutes" in line for line in rendered(report.diagnostics))


def test_a_repo_url_that_is_not_a_web_address_is_refused():
    problems = problems_of("title: x\nrepo_url: javascript:alert(1)\n")
    assert len(problems) == 1
    assert problems[0].startswith("minutebook.yaml:2:11: error: 'repo_url'")


# -- accessibility: what the accessibility statement says ----------------------------------------

ACCESSIBILITY = """\
title: x
accessibility:
  organisation: Halton Borough Council
  email: access@example.org
  phone: 0151 907 8300
  prepared: 2025-09-01
  last_reviewed: 2025-11-03
  known_issues:
    - Some older documents are scanned PDF files without text.
  enforcement: The Equality Commission for Northern Ireland enforces the regulations.
"""


def test_the_accessibility_section_is_read_as_typed():
    config, problems = parse_config(ACCESSIBILITY)
    assert problems == []
    assert config is not None
    statement = config.accessibility
    assert statement.organisation == "Halton Borough Council"
    assert statement.email == "access@example.org"
    assert statement.phone == "0151 907 8300"
    assert (statement.prepared.isoformat(), statement.last_reviewed.isoformat()) == (
        "2025-09-01",
        "2025-11-03",
    )
    assert statement.known_issues == ("Some older documents are scanned PDF files without text.",)
    assert statement.enforcement.startswith("The Equality Commission for Northern Ireland")


def test_without_an_accessibility_section_every_field_has_its_default():
    config, problems = parse_config("title: x\naccessibility:\n")
    assert problems == []
    assert config is not None
    statement = config.accessibility
    assert (statement.organisation, statement.email, statement.known_issues) == (None, None, ())


def test_an_unknown_accessibility_key_suggests_the_known_one():
    assert problems_of("title: x\naccessibility:\n  emial: a@example.org\n") == [
        "minutebook.yaml:3:3: error: unknown field 'emial' in accessibility (did you mean 'email'?)"
    ]


def test_accessibility_problems_are_all_reported_with_their_lines():
    text = (
        "title: x\naccessibility:\n  email: not an address\n  prepared: 2025-11-03\n"
        "  last_reviewed: 03/09/2025\n  known_issues: Scanned PDFs\n"
    )
    assert problems_of(text) == [
        "minutebook.yaml:3:10: error: 'accessibility.email' is not an email address: "
        "'not an address'",
        "minutebook.yaml:5:18: error: 'accessibility.last_reviewed' is not a date in the form "
        "YYYY-MM-DD: '03/09/2025'",
        "minutebook.yaml:6:17: error: 'accessibility.known_issues' should be a list, "
        "not a single value",
    ]


def test_a_review_before_the_statement_was_prepared_is_refused():
    text = "title: x\naccessibility:\n  prepared: 2025-11-03\n  last_reviewed: 2025-09-01\n"
    assert problems_of(text) == [
        "minutebook.yaml:4:18: error: 'accessibility.last_reviewed' (2025-09-01) is before "
        "'accessibility.prepared' (2025-11-03)"
    ]
