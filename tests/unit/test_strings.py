"""The theme's words: one strings file per language, chosen from `language:`, merged key by key
with the site's own overrides, checked like the config (unknown keys → did you mean)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from markupsafe import Markup

from conftest import build_site, make_site, rendered
from minutebook.archive.views import count_text, long_date, time_text
from minutebook.core.model import TimeRange
from minutebook.output.render import (
    bundled_themes,
    fill,
    language_chain,
    load_strings,
    words_for_templates,
)

DEFAULT = bundled_themes() / "default"
MEETING = """
-- content/shp/2011-02-15.md --
---
organisation: Safer Halton Partnership
date: 2011-02-15
---
## SHP38 Welcome
"""
PAGE = "output/meetings/2011/02/15/safer-halton-partnership/index.html"


def english() -> dict:
    strings, problems = load_strings([DEFAULT], "en")
    assert problems == []
    return dict(strings)


def theme(tmp_path: Path, name: str, files: dict[str, str]) -> Path:
    folder = tmp_path / "themes" / name
    for relative, text in files.items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_text(text, "utf-8")
    return folder


def problems_of(tmp_path: Path, text: str, name: str = "default") -> list[str]:
    folder = theme(tmp_path, name, {"strings/en.yaml": text})
    return rendered(load_strings([folder, DEFAULT], "en-GB")[1])


# -- pure helpers ---------------------------------------------------------------------------------


def test_a_long_date_uses_the_month_names_it_is_given():
    months = english()["months"]
    assert long_date(dt.date(2011, 2, 15), months) == "15 February 2011"
    welsh = ["Ionawr", "Chwefror", *["x"] * 10]
    assert long_date(dt.date(2011, 2, 5), welsh) == "5 Chwefror 2011"
    assert long_date(dt.date(2011, 2, 5), months, "{month} {day}, {year}") == "February 5, 2011"


def test_counts_and_time_ranges_take_their_words_from_the_strings():
    forms = english()["counts"]["meetings"]
    assert [count_text(forms, n) for n in (0, 1, 2)] == ["0 meetings", "1 meeting", "2 meetings"]
    times = TimeRange(dt.time(14, 0), dt.time(16, 30))
    assert time_text(times, english()["time_range"]) == "14:00 to 16:30"
    assert time_text(TimeRange(dt.time(9, 5)), "{start} – {end}") == "09:05"


@pytest.mark.parametrize(
    ("language", "chain"),
    [
        ("en-GB", ["en-gb", "en"]),
        ("en", ["en"]),
        ("cy", ["cy", "en"]),
        ("cy-GB", ["cy-gb", "cy", "en"]),
    ],
)
def test_the_language_tag_is_tried_whole_then_alone_then_english(language, chain):
    assert language_chain(language) == chain


# -- the bundled English --------------------------------------------------------------------------


def test_the_bundled_english_has_twelve_months_and_plain_word_keys():
    strings = english()
    assert strings["months"][0] == "January"
    assert len(strings["months"]) == 12

    def keys(mapping: dict, where: str = "") -> list[str]:
        found = []
        for key, value in mapping.items():
            found.append(f"{where}{key}")
            if isinstance(value, dict):
                found += keys(value, f"{where}{key}.")
        return found

    assert all(key.rsplit(".", 1)[-1].isidentifier() for key in keys(strings))


def test_templates_read_the_words_as_attributes():
    words = words_for_templates({"meeting": {"agenda": "Agenda", "items": "Items"}})
    assert words.meeting.agenda == "Agenda"
    assert words.meeting.items == "Items"  # a key named like a dict method still works


def test_every_string_a_template_asks_for_exists_and_every_string_is_used():
    strings = english()
    templates = "\n".join(p.read_text("utf-8") for p in (DEFAULT / "templates").glob("*.html"))
    archive = Path(__file__).resolve().parents[2] / "builder/minutebook/archive"
    planner = "\n".join(p.read_text("utf-8") for p in sorted(archive.glob("*.py")))
    asked = set(re.findall(r"\bt\.(\w+)\.(\w+)", templates))
    missing = [f"{a}.{b}" for a, b in sorted(asked) if b not in strings.get(a, {})]
    assert missing == []
    used_in_code = set(re.findall(r'"(\w+)"', planner))
    unused = [
        f"{section}.{key}"
        for section, words in strings.items()
        if isinstance(words, dict) and section != "counts"
        for key in words
        if (section, key) not in asked and key not in used_in_code
    ]
    assert unused == []


def test_a_language_without_a_strings_file_falls_back_to_english():
    strings, problems = load_strings([DEFAULT], "fr-BE")
    assert problems == []
    assert strings["site"]["skip_link"] == "Skip to main content"


# -- translations and overrides -------------------------------------------------------------------


def test_a_site_override_changes_only_the_keys_it_gives(tmp_path):
    folder = theme(tmp_path, "default", {"strings/en.yaml": "site:\n  topics: Subjects\n"})
    strings, problems = load_strings([folder, DEFAULT], "en-GB")
    assert problems == []
    assert strings["site"]["topics"] == "Subjects"
    assert strings["site"]["meetings"] == "Meetings"
    assert strings["months"] == english()["months"]


def test_the_exact_language_tag_beats_the_language_which_beats_english(tmp_path):
    folder = theme(
        tmp_path,
        "civic",
        {
            "strings/en.yaml": "site:\n  home: Start\n  topics: Themes\n",
            "strings/en-GB.yaml": "site:\n  home: Front page\n",
        },
    )
    strings, problems = load_strings([folder, DEFAULT], "en-GB")
    assert problems == []
    assert strings["site"]["home"] == "Front page"
    assert strings["site"]["topics"] == "Themes"
    assert strings["site"]["meetings"] == "Meetings"


def test_a_partial_translation_takes_the_missing_words_from_english(tmp_path):
    folder = theme(
        tmp_path,
        "civic",
        {
            "strings/cy.yaml": "site:\n  meetings: Cyfarfodydd\nmonths: ["
            + ", ".join("m" * 12)
            + "]\n"
        },
    )
    strings, problems = load_strings([folder, DEFAULT], "cy")
    assert problems == []
    assert strings["site"]["meetings"] == "Cyfarfodydd"
    assert strings["site"]["topics"] == "Topics"


def test_a_theme_of_its_own_may_add_words_for_its_own_templates(tmp_path):
    folder = theme(tmp_path, "civic", {"strings/en.yaml": "civic:\n  banner: Hello\n"})
    strings, problems = load_strings([folder, DEFAULT], "en")
    assert problems == []
    assert strings["civic"]["banner"] == "Hello"


def test_an_unknown_key_in_an_override_suggests_the_known_one(tmp_path):
    assert problems_of(tmp_path, "site:\n  topcs: Subjects\n") == [
        "themes/default/strings/en.yaml:2:3: error: unknown string 'site.topcs' "
        "(did you mean 'topics'?)"
    ]


def test_a_mark_the_page_cannot_fill_in_is_refused(tmp_path):
    assert problems_of(tmp_path, 'meeting:\n  previous: "Back to {day}"\n') == [
        "themes/default/strings/en.yaml:2:13: error: 'meeting.previous' uses {day}, "
        "which this text cannot fill in"
    ]


@pytest.mark.parametrize("text", ["Back to {date", "Back to {0}", "Back to {date:>9}"])
def test_a_brace_that_is_not_a_plain_mark_is_refused(tmp_path, text):
    assert problems_of(tmp_path, f'meeting:\n  previous: "{text}"\n') == [
        "themes/default/strings/en.yaml:2:13: error: 'meeting.previous' has a { or } that is "
        "not a plain {mark}"
    ]


def test_a_doubled_brace_is_shown_as_a_brace_and_values_are_escaped_unless_markup():
    assert fill("{{{n}}} <b>", n="x<") == "{x&lt;} &lt;b&gt;"
    assert fill("{date}", date=Markup("<time>1</time>")) == "<time>1</time>"


def test_a_key_must_be_a_plain_word(tmp_path):
    folder = theme(tmp_path, "civic", {"strings/en.yaml": "civic:\n  skip-link: Skip\n"})
    assert rendered(load_strings([folder, DEFAULT], "en")[1]) == [
        "themes/civic/strings/en.yaml:2:3: error: the key 'civic.skip-link' is not a plain word"
    ]


def test_months_must_be_twelve_texts(tmp_path):
    assert problems_of(tmp_path, "months: [Jan, Feb]\n") == [
        "themes/default/strings/en.yaml:1:9: error: 'months' should be a list of 12 texts"
    ]


def test_a_section_written_as_text_is_refused(tmp_path):
    assert problems_of(tmp_path, "site: Home\n") == [
        "themes/default/strings/en.yaml:1:7: error: 'site' should be a set of keys"
    ]


def test_yes_and_no_stay_words(tmp_path):
    folder = theme(tmp_path, "default", {"strings/en.yaml": "meeting:\n  agenda: No\n"})
    strings, problems = load_strings([folder, DEFAULT], "en")
    assert problems == []
    assert strings["meeting"]["agenda"] == "No"


# -- in a build -----------------------------------------------------------------------------------


def test_a_site_can_rename_a_word_on_every_page(tmp_path):
    root = make_site(
        tmp_path,
        MEETING + "-- themes/default/strings/en.yaml --\nsite:\n  topics: Subjects\n",
    )
    report = build_site(root)
    assert report.published, rendered(report.diagnostics)
    html = (root / PAGE).read_text("utf-8")
    assert '<a href="/topics/">Subjects</a>' in html


def test_a_mistake_in_a_strings_file_stops_the_build_naming_the_line(tmp_path):
    root = make_site(
        tmp_path,
        MEETING + "-- themes/default/strings/en.yaml --\nsite:\n  topcs: Subjects\n",
    )
    report = build_site(root)
    assert not report.published
    assert rendered(report.diagnostics) == [
        "themes/default/strings/en.yaml:2:3: error: unknown string 'site.topcs' "
        "(did you mean 'topics'?)"
    ]
    assert not (root / PAGE).exists()


def test_the_page_language_comes_from_the_config(tmp_path):
    root = make_site(tmp_path, MEETING + "-- minutebook.yaml --\ntitle: x\nlanguage: cy\n")
    assert build_site(root).published
    html = (root / PAGE).read_text("utf-8")
    assert '<html lang="cy">' in html
    assert "15 February 2011" in html  # no Welsh strings file is bundled: English words
