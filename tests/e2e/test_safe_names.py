"""Output file names work on every computer the site may be copied to: no characters Windows or
macOS refuse, no device names (CON, AUX…), no two names that differ only by case (or Unicode
form), and slugs of Welsh, Irish and other accented names that are readable and stable."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import build_site, make_site, rendered
from minutebook.output.write import Writer
from minutebook.reading.vocabulary import (
    WINDOWS_RESERVED,
    fold_case,
    portable_name_problem,
    slugify,
)

SLUG_CHARACTERS = set("abcdefghijklmnopqrstuvwxyz0123456789-")


def assert_portable_output(output: Path) -> None:
    seen: dict[str, str] = {}
    for path in output.rglob("*"):
        relative = path.relative_to(output).as_posix()
        for part in relative.split("/"):
            assert portable_name_problem(part) is None, relative
        other = seen.setdefault(fold_case(relative), relative)
        assert other == relative, f"{other} and {relative} differ only by case"


# -- slugs ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("CON", "x-con"),
        ("Aux", "x-aux"),
        ("nul", "x-nul"),
        ("PRN", "x-prn"),
        ("COM1", "x-com1"),
        ("LPT9", "x-lpt9"),
        ("COM¹", "x-com1"),  # superscript one: Windows reserves this spelling too
        ("Con.", "x-con"),
        ("Console", "console"),
        ("COM10", "com10"),
        ("Con Committee", "con-committee"),
    ],
)
def test_windows_device_names_never_become_a_folder(name, slug):
    assert slugify(name) == slug


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Cyngor Sir Ynys Môn", "cyngor-sir-ynys-mon"),
        ("ŴYR ŶR", "wyr-yr"),  # Welsh capitals with circumflex
        ("Gwasanaeth Tân ac Achub Canolbarth a Gorllewin Cymru", None),
        ("Dún Laoghaire–Ráth an Dúin", "dun-laoghaire-rath-an-duin"),  # fada and an en dash
        ("Comhairle Cathrach Bhaile Átha Cliath", "comhairle-cathrach-bhaile-atha-cliath"),
        ("Comhairle nan Eilean Siar: Fàilte", "comhairle-nan-eilean-siar-failte"),  # Gaelic grave
        ("Pwyllgor Cynllunio’r Cyngor", "pwyllgor-cynllunio-r-cyngor"),  # curly apostrophe
    ],
)
def test_welsh_irish_and_gaelic_names_are_transliterated(name, slug):
    expected = slug or "gwasanaeth-tan-ac-achub-canolbarth-a-gorllewin-cymru"
    assert slugify(name) == expected


def test_a_name_typed_in_decomposed_unicode_gets_the_same_slug():
    name = "Pŵer Môn Átha"
    assert slugify(unicodedata.normalize("NFD", name)) == slugify(name) == "pwer-mon-atha"


@pytest.mark.parametrize(("name", "slug"), [("Ǽ", "ae"), ("Ǿrsted", "orsted")])
def test_a_spelled_out_letter_with_an_accent_gets_the_same_slug_either_way(name, slug):
    """Found by hypothesis: Ǽ (Æ with an acute) was hashed, but typed decomposed was 'ae'."""
    assert slugify(name) == slugify(unicodedata.normalize("NFD", name)) == slug


@settings(max_examples=300, deadline=None, database=None)
@given(st.text(max_size=120))
def test_every_slug_is_a_safe_stable_file_name(name):
    slug = slugify(name)
    assert slug
    assert set(slug) <= SLUG_CHARACTERS
    assert not slug.startswith("-") and not slug.endswith("-")
    assert len(slug) <= 80
    assert slug not in WINDOWS_RESERVED
    assert portable_name_problem(slug) is None
    assert slugify(slug) == slug  # stable: a slug is its own slug
    assert slugify(unicodedata.normalize("NFD", name)) == slug
    assert slugify(unicodedata.normalize("NFC", name)) == slug


# -- document names ------------------------------------------------------------------------------

MEETING = """
-- content/shp/2011-02-15.md --
---
organisation: Safer Halton Partnership
date: 2011-02-15
documents:
  - title: Report
    file: '{name}'
---

## SHP38 Welcome
-- content/shp/{name} --
%PDF
"""


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("agenda: item 5.pdf", "it contains ':'"),
        ("report?.pdf", "it contains '?'"),
        ("a<b>.pdf", "it contains '<'"),
        ('say "hi".pdf', "it contains '\"'"),
        ("pipe|.pdf", "it contains '|'"),
        ("star*.pdf", "it contains '*'"),
        ("CON.pdf", "CON is a device name on Windows"),
        ("aux", "aux is a device name on Windows"),
        ("nul.tar.gz", "nul is a device name on Windows"),
        ("Com1.txt", "Com1 is a device name on Windows"),
        ("report.", "it ends with a dot or a space"),
    ],
)
def test_a_document_name_some_computers_refuse_is_an_error_naming_it(tmp_path, name, problem):
    root = make_site(tmp_path, MEETING.format(name=name))
    report = build_site(root)
    assert not report.published
    assert rendered(report.diagnostics) == [
        f"content/shp/2011-02-15.md:6:11: error: the document name '{name}' cannot be "
        f"published to every computer: {problem}"
    ]
    assert not (root / "output").exists()


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("tab\there.pdf", "it contains U+0009"),  # control characters are named by their code
        ("back\\slash.pdf", "it contains '\\\\'"),
        ("report ", "it ends with a dot or a space"),
        ("aux .txt", "aux is a device name on Windows"),
        ("ŵ" * 128 + ".pdf", "it is longer than 255 bytes"),  # 260 bytes of UTF-8
        ("report.pdf", None),
        ("AUXILIARY.pdf", None),
    ],
)
def test_portable_name_problems(name, problem):
    assert portable_name_problem(name) == problem


@pytest.mark.parametrize("name", ["Minutes 2011-02-15 (final).pdf", "café & co.pdf", "ŵ.pdf"])
def test_ordinary_and_accented_document_names_are_fine(tmp_path, name):
    root = make_site(tmp_path, MEETING.format(name=name))
    report = build_site(root)
    assert report.published, rendered(report.diagnostics)
    assert_portable_output(root / "output")


def test_two_documents_differing_only_in_unicode_form_are_an_error(tmp_path):
    composed, decomposed = "café.pdf", unicodedata.normalize("NFD", "café.pdf")
    root = make_site(
        tmp_path,
        f"""
-- content/shp/2011-02-15.md --
---
organisation: Safer Halton Partnership
date: 2011-02-15
documents:
  - title: One
    file: "{composed}"
  - title: Two
    file: "{decomposed}"
---

## SHP38 Welcome
-- content/shp/{composed} --
one
-- content/shp/{decomposed} --
two
""",
    )
    report = build_site(root)
    assert not report.published
    assert rendered(report.diagnostics) == [
        f"content/shp/2011-02-15.md:7:5: error: the document 'content/shp/{decomposed}' would "
        f"be published under the same name as 'content/shp/{composed}'"
    ]


# -- theme files -------------------------------------------------------------------------------


def test_a_theme_file_differing_only_by_case_from_a_bundled_one_is_an_error_naming_both(tmp_path):
    root = make_site(tmp_path, "-- themes/default/static/Style.css --\np {}\n")
    report = build_site(root)
    assert not report.published
    assert [d.headline() for d in report.diagnostics] == [
        "themes/default/static/style.css: error: the theme file themes/default/static/style.css "
        "and themes/default/static/Style.css differ only by case, so one would overwrite the "
        "other on Windows and macOS"
    ]


def test_a_theme_file_name_some_computers_refuse_is_an_error(tmp_path):
    root = make_site(tmp_path, "-- themes/default/static/img/logo:v2.png --\nPNG\n")
    report = build_site(root)
    assert rendered(report.diagnostics) == [
        "themes/default/static/img/logo:v2.png: error: the theme file name cannot be published "
        "to every computer: it contains ':'"
    ]


# -- the writer's last line of defence -----------------------------------------------------------


def test_the_writer_refuses_two_outputs_differing_only_by_case(tmp_path):
    with Writer(tmp_path) as writer:
        writer.add("static/Logo.png", b"a")
        with pytest.raises(
            ValueError, match=r"differ only by case: static/Logo\.png and static/logo\.png"
        ):
            writer.add("static/logo.png", b"b")


def test_the_writer_refuses_a_name_that_is_not_portable(tmp_path):
    with Writer(tmp_path) as writer, pytest.raises(ValueError, match=r"aux/index\.html"):
        writer.add("organisations/aux/index.html", b"a")


def test_a_site_of_awkward_names_builds_to_portable_file_names(tmp_path):
    root = make_site(
        tmp_path,
        """
-- minutebook.yaml --
title: T
topics:
  - name: Con
-- content/a.md --
---
organisation: AUX
date: 2011-02-15
topics: [NUL, "Ynys Môn", "ynys mon", Con]
present:
  - name: A
    organisation: "COM1"
---
## 1. Ynys Môn
-- content/b.md --
---
organisation: "Cyngor Sir Ynys Môn"
date: 2011-02-15
---
-- content/c.md --
---
organisation: "CYNGOR SIR YNYS MÔN"
date: 2011-03-15
---
""",
    )
    report = build_site(root)
    assert report.published, rendered(report.diagnostics)
    output = root / "output"
    assert_portable_output(output)
    assert (output / "organisations/x-aux/index.html").is_file()
    assert (output / "organisations/x-com1/index.html").is_file()
    assert (output / "topics/x-con/index.html").is_file()
    assert (output / "organisations/cyngor-sir-ynys-mon/index.html").is_file()
