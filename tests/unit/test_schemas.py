"""The published JSON Schemas agree with the checker: valid for the schema ⇔ no error from it.

How the schema sees a file: the YAML language server reads YAML 1.2, so these tests read the
front matter as a YAML 1.2 (core schema) reader does (`Yaml12Loader`). Then `time: 14:00`,
`date: 2011-02-15` and `organisation: NO` stay the text the clerk typed, as they do for the checker
(which reads raw text); only `true`/`false`, numbers and empty values are typed. PyYAML's own
loaders are YAML 1.1, which would turn 14:00 into 840 and NO into false: no editor shows a clerk
that, so the schema is not written for it.

What a schema cannot say, and the checker does (left out below, each for its reason):
- a field given twice: a YAML reader keeps one value, so the schema never sees the other;
- YAML anchors, aliases and tags, control characters, nesting deeper than 20: the checker refuses
  them before reading fields; a YAML reader has already resolved them;
- whether a document's `file` stays inside content/ (it depends on the meeting file's folder);
- the text behind a value YAML 1.2 types as a number or true/false (`time: 14.00` is 14.0 to
  the schema): see KNOWN_DIFFERENCES;
- everything about the archive as a whole: files that must exist (documents, linked meetings),
  two meetings on one page, names that look like vocabulary entries, the theme, the output folder.
  Those are not front-matter checks at all, so they never reach this comparison.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from conftest import FIXTURES, REPO_ROOT, parse_text
from minutebook.commands.cli import main
from minutebook.commands.schema import SCHEMAS, schema_text
from minutebook.reading.config import parse_config
from minutebook.reading.sources import split_source

SKELETON = REPO_ROOT / "builder" / "minutebook" / "skeleton"
CANNOT_EXPRESS = {
    "invalid/duplicate-key/content/shp/2011-02-15.md": "a field given twice",
    "invalid/yaml-alias/content/shp/2011-02-15.md": "YAML anchors and aliases",
    "invalid/document-outside-site/content/2011-02-15.md": "a document file outside content/",
    "invalid/yaml-billion-laughs/content/shp/2011-02-15.md": "YAML anchors and aliases",
    "invalid/exempt-line-misplaced/content/shp/2011-02-15.md": "an Exempt: line in the text",
    "invalid/exempt-paragraph-out-of-range/content/shp/2011-02-15.md": "an Exempt: paragraph",
}
# minutebook.yaml files whose mistake a JSON Schema cannot see.
CONFIG_CANNOT_EXPRESS = {
    "invalid/config-yaml-alias/minutebook.yaml": "YAML anchors and aliases",
}


class Yaml12Loader(yaml.SafeLoader):
    """YAML 1.2 core schema: null, true/false, integers and floats are typed; all else is text."""


Yaml12Loader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in [
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    (
        "float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        list("-+.0123456789"),
    ),
]:
    Yaml12Loader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(_pattern), _first)


def _construct_int(loader: Yaml12Loader, node: yaml.ScalarNode) -> int:
    text = str(loader.construct_scalar(node))
    if text.startswith(("0o", "0x")):
        return int(text[2:], 8 if text[1] == "o" else 16)
    return int(text)  # 1.2: "010" is ten, not eight


Yaml12Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)


def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(
        json.loads(schema_text(name)), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


MEETING = validator("meeting")
CONFIG = validator("config")


def schema_verdict(schema: Draft202012Validator, text: str) -> list[str]:
    """The schema's complaints about a YAML text (a YAML syntax error is one too)."""
    try:
        data = yaml.load(text, Loader=Yaml12Loader)  # a safe loader: SafeLoader underneath
    except yaml.YAMLError as exc:
        return [f"not YAML: {exc.problem if isinstance(exc, yaml.MarkedYAMLError) else exc}"]
    return [error.message for error in schema.iter_errors(data)]


def checker_errors(path: str, data: bytes) -> list[str] | None:
    """The checker's errors about a meeting file's front matter, or None without front matter."""
    if split_source(path, data)[0] is None:
        return None
    _, rendered = parse_text(data, path=path)
    return [line for line in rendered if ": error: " in line]


def config_errors(text: str) -> list[str]:
    _, problems = parse_config(text)
    return [d.headline() for d in problems if d.severity.value == "error"]


def meeting_files() -> list[object]:
    files = sorted(FIXTURES.glob("*/*/content/**/*.md")) + sorted(
        [*(REPO_ROOT / "content").rglob("*.md"), *(SKELETON / "content").rglob("*.md")]
    )
    return [
        pytest.param(path, id=path.relative_to(REPO_ROOT).as_posix())
        for path in files
        if path.relative_to(FIXTURES if path.is_relative_to(FIXTURES) else REPO_ROOT).as_posix()
        not in CANNOT_EXPRESS
    ]


def config_files() -> list[object]:
    files = [
        path
        for path in sorted(FIXTURES.glob("*/*/minutebook.yaml"))
        if path.relative_to(FIXTURES).as_posix() not in CONFIG_CANNOT_EXPRESS
    ]
    files += [REPO_ROOT / "minutebook.yaml", SKELETON / "minutebook.yaml"]
    return [pytest.param(path, id=path.relative_to(REPO_ROOT).as_posix()) for path in files]


def test_the_left_out_fixtures_exist():
    for relative in [*CANNOT_EXPRESS, *CONFIG_CANNOT_EXPRESS]:
        assert (FIXTURES / relative).is_file(), relative


@pytest.mark.parametrize("path", meeting_files())
def test_the_meeting_schema_and_the_checker_agree_on_every_fixture(path: Path):
    data = path.read_bytes()
    errors = checker_errors("content/shp/2011-02-15.md", data)
    if errors is None:
        pytest.skip("no front matter to describe (not UTF-8, or no '---' lines)")
    source, _ = split_source("x.md", data)
    assert source is not None
    complaints = schema_verdict(MEETING, source.front_matter)
    assert (complaints == []) == (errors == []), (complaints, errors)


@pytest.mark.parametrize("path", config_files())
def test_the_config_schema_and_the_checker_agree_on_every_fixture(path: Path):
    text = path.read_text("utf-8")
    errors = config_errors(text)
    complaints = schema_verdict(CONFIG, text)
    assert (complaints == []) == (errors == []), (complaints, errors)


HEAD = "organisation: Safer Halton Partnership\ndate: 2011-02-15\n"
FIELD_CASES = [
    # (front matter after HEAD, whether it is valid)
    ("time: 14:00", True),
    ("time: 14:00-16:30", True),
    ("time: 9.30 to 11.00", True),
    ('time: "7:05"', True),
    ("time: 25:00", False),
    ("time: 2pm", False),
    ("time:", True),
    ("status: approved", True),
    ("status: Unconfirmed", True),
    ("status: aproved", False),
    ("slug: extraordinary", True),
    ("slug: 2", True),
    ("slug: Extra Ordinary", False),
    ("approved_at: 2011-04-20", True),
    ("approved_at: 20/04/2011", False),
    ("approved_at: 2011-02-30", False),
    ("present:\n  - D. Parr\n  - name: S. Blackwell\n    chair: yes", True),
    ("present:\n  - name: S. Blackwell\n    chair: maybe", False),
    ("present:\n  - role: Chief Executive", False),
    ('present:\n  - name: ""', False),
    ("present:\n  -", False),
    ("present: D. Parr", False),
    ("present:\n  - name: D. Parr\n    rol: Chief Executive", False),
    ("apologies:\n  name: D. Parr", False),
    ("topics: [Community safety, Funding]", True),
    ("topics: Community safety, Funding", True),
    ("topics:\n  - [nested]", False),
    ("next_meeting: 2011-04-20", True),
    ("next_meeting:\n  date: 2011-04-20\n  time: 14:00\n  location: Town Hall", True),
    ("next_meeting:\n  time: 14:00", False),
    ("next_meeting: next spring", False),
    ("documents:\n  - title: Agenda\n    file: agenda.pdf", True),
    ("documents:\n  - title: Report\n    url: https://example.org/", True),
    ("documents:\n  - title: Report\n    url: javascript:alert(1)", False),
    ("documents:\n  - title: Report\n    file: r.pdf\n    url: https://example.org/", False),
    ("documents:\n  - title: Report", False),
    ("documents:\n  - file: report.pdf", False),
    ("documents:\n  - title: Report\n    file: /etc/passwd", False),
    ("extra:\n  webcast: https://example.org/", True),
    ("extra: webcast", False),
    ("title: 2011", True),
    ("title:\n  - Budget", False),
    ("location: NO", True),
    ("presnt: []", False),
]


@pytest.mark.parametrize(("fields", "valid"), FIELD_CASES)
def test_the_meeting_schema_and_the_checker_agree_field_by_field(fields, valid):
    front = HEAD + fields + "\n"
    errors = checker_errors("content/x.md", f"---\n{front}---\n## 1. Budget\n".encode())
    complaints = schema_verdict(MEETING, front)
    assert (errors == []) is valid, errors
    assert (complaints == []) is valid, complaints


# Where YAML 1.2 types a value, the text the clerk typed is gone, so the schema cannot know it:
# `time: 14.00` reaches it as the number 14.0 (the checker reads "14.00", a good time), and
# `slug: 0x1F` as the integer 31 (the checker reads "0x1F", not a slug). Pinned here, so that a
# change on either side shows; the docs tell clerks to write times with a colon.
KNOWN_DIFFERENCES = [
    # (front matter after HEAD, checker accepts, schema accepts)
    ("time: 14.00", True, False),
    ("time: 7.30", True, False),
    ("slug: true", True, False),
    ("slug: 14.00", False, True),
    ("slug: 0x1F", False, True),
]


@pytest.mark.parametrize(("fields", "checker", "schema"), KNOWN_DIFFERENCES)
def test_where_yaml_1_2_types_a_value_the_two_differ_as_pinned(fields, checker, schema):
    front = HEAD + fields + "\n"
    assert (checker_errors("content/x.md", f"---\n{front}---\n".encode()) == []) is checker
    assert (schema_verdict(MEETING, front) == []) is schema


@pytest.mark.parametrize(
    "front",
    ["date: 2011-02-15\n", 'organisation: ""\ndate: 2011-02-15\n', "organisation: X\n", "- a\n"],
)
def test_missing_or_blank_required_fields_are_refused_by_both(front):
    errors = checker_errors("content/x.md", f"---\n{front}---\n".encode())
    assert errors
    assert schema_verdict(MEETING, front)


CONFIG_CASES = [
    ("title: Minutes\nbase_url: https://example.org/minutes/", True),
    ("title: Minutes\nbase_url: /minutes/", True),
    ("title: Minutes\nbase_url: example.org/minutes", False),
    ("title: Minutes\nbase_url: //example.org/", False),
    ("title: Minutes\nlanguage: cy", True),
    ("title: Minutes\nlanguage: Welsh language", False),
    ("title: Minutes\nrepo_url: https://git.example.org/minutes", True),
    ("title: Minutes\nrepo_url: git@example.org:minutes", False),
    ("title: Minutes\norganisations:\n  - name: HBC\n    aliases: Halton BC, Halton", True),
    ("title: Minutes\norganisations:\n  - Halton Borough Council", False),
    ("title: Minutes\ntopics:\n  - name: ASB\n    alias: [x]", False),
    ("titel: Minutes", False),
    ("title: Minutes\nfeeds: false\ncalendar: no\ndata: false", True),
    ("title: Minutes\nfeeds: sometimes", False),
    ("title: Minutes\ndata:\n  personal_names: false", True),
    ("title: Minutes\ndata:\n  names: false", False),
    ("title: Minutes\ntime_zone: Europe/London", True),
    (
        "title: Minutes\nlicence:\n  name: CC BY 4.0\n  url: https://creativecommons.org/licenses/by/4.0/",
        True,
    ),
    ("title: Minutes\nlicence:\n  url: https://creativecommons.org/licenses/by/4.0/", False),
    ("title: Minutes\nlicence:\n  name: CC BY 4.0\n  url: creativecommons.org", False),
    ('title: ""', False),
    ("title: Minutes\npeople:\n  - name: David Parr\n    aliases: [D. Parr]", True),
    ("title: Minutes\npeople:\n  pages: false", True),
    ("title: Minutes\npeople:\n  entries:\n    - name: D Parr\n      publish: false", True),
    ("title: Minutes\npeople:\n  page: false", False),
    ("title: Minutes\npeople:\n  - name: D Parr\n    alias: [x]", False),
]


@pytest.mark.parametrize(("text", "valid"), CONFIG_CASES)
def test_the_config_schema_and_the_checker_agree_field_by_field(text, valid):
    errors = config_errors(text + "\n")
    assert (errors == []) is valid, errors
    assert (schema_verdict(CONFIG, text) == []) is valid


@pytest.mark.parametrize("name", SCHEMAS)
def test_each_schema_is_a_valid_draft_2020_12_schema(name):
    schema = json.loads(schema_text(name))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("name", SCHEMAS)
def test_minutebook_schema_prints_the_shipped_schema(name, capsys):
    assert main(["schema", name]) == 0
    assert capsys.readouterr().out == schema_text(name)


def test_minutebook_schema_defaults_to_the_meeting_schema(capsys):
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "Minutebook meeting front matter"


def test_an_unknown_schema_is_a_usage_error(capsys):
    assert main(["schema", "agenda"]) == 2
    assert "invalid choice: 'agenda'" in capsys.readouterr().err


def test_init_puts_the_schemas_where_its_modelines_point(tmp_path, capsys):
    assert main(["init", str(tmp_path)]) == 0
    for name in SCHEMAS:
        assert (tmp_path / f".minutebook/{name}.schema.json").read_text("utf-8") == schema_text(
            name
        )
    meeting = next((tmp_path / "content").rglob("*.md"))
    modeline = meeting.read_text("utf-8").splitlines()[1]
    assert modeline == "# yaml-language-server: $schema=../../.minutebook/meeting.schema.json"
    target = modeline.split("$schema=", 1)[1]
    assert (meeting.parent / target).resolve() == (tmp_path / ".minutebook/meeting.schema.json")
