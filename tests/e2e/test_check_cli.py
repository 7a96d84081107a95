"""`minutebook check`: every problem, in three formats, with exit codes, and nothing written."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import files_in, make_site
from e2e.test_cli import BAD, BAD_REPORT, GOOD, WARNING_ONLY
from minutebook.commands.cli import main


def test_check_prints_every_problem_compiler_style_and_exits_1(tmp_path, capsys):
    root = make_site(tmp_path, BAD)
    before = files_in(root)
    assert main(["check", str(root)]) == 1
    out, err = capsys.readouterr()
    assert err == ""
    assert out.splitlines() == [
        *BAD_REPORT,  # word for word what `build` prints
        "minutebook check: 2 errors, 0 warnings in 1 meeting file",
    ]
    assert files_in(root) == before  # no output folder, nothing written at all


def test_check_of_a_good_site_exits_0(tmp_path, capsys):
    root = make_site(tmp_path, GOOD)
    assert main(["check", str(root)]) == 0
    assert capsys.readouterr().out == "minutebook check: 0 errors, 0 warnings in 1 meeting file\n"
    assert not (root / "output").exists()


def test_check_json_is_a_list_of_problems_with_every_field(tmp_path, capsys):
    root = make_site(tmp_path, BAD)
    assert main(["check", str(root), "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out) == [
        {
            "path": "content/shp/2011-02-15.md",
            "line": 4,
            "column": 1,
            "severity": "error",
            "field": "presnt",
            "message": "unknown field 'presnt' (did you mean 'present'?)",
            "fix": "rename it to 'present'",
        },
        {
            "path": "content/shp/2011-02-15.md",
            "line": 6,
            "column": 7,
            "severity": "error",
            "field": "time",
            "message": "'time' is not a time like 14:00 or 14:00-16:30: '2pm'",
            "fix": "use the 24-hour clock, e.g.  time: 14:00",
        },
    ]


def test_check_json_of_a_good_site_is_an_empty_list(tmp_path, capsys):
    root = make_site(tmp_path, GOOD)
    assert main(["check", str(root), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_check_github_prints_workflow_annotations(tmp_path, capsys, monkeypatch):
    root = make_site(tmp_path, BAD)
    monkeypatch.chdir(root)
    assert main(["check", "--format", "github"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "::error file=content/shp/2011-02-15.md,line=4,col=1,title=minutebook%3A presnt::"
        "unknown field 'presnt' (did you mean 'present'?)%0Afix: rename it to 'present'",
        "::error file=content/shp/2011-02-15.md,line=6,col=7,title=minutebook%3A time::"
        "'time' is not a time like 14:00 or 14:00-16:30: '2pm'%0A"
        "fix: use the 24-hour clock, e.g.  time: 14:00",
        "minutebook check: 2 errors, 0 warnings",
    ]


def test_github_annotations_name_files_from_the_repository_root(tmp_path, capsys, monkeypatch):
    root = make_site(tmp_path, BAD)
    monkeypatch.chdir(tmp_path)  # the repository root; the site is its folder "site"
    assert main(["check", "site", "--format", "github"]) == 1
    assert capsys.readouterr().out.startswith("::error file=site/content/shp/2011-02-15.md,")
    assert root.name == "site"


def test_github_escapes_percent_and_line_breaks_in_messages_and_properties():
    from minutebook.core.diagnostics import SourceSpan, error, render_github

    problem = error(SourceSpan("content/a,b:c.md", 3, 2), "100% wrong\r\nreally", "", "x")
    assert render_github([problem]) == (
        "::error file=content/a%2Cb%3Ac.md,line=3,col=2,title=minutebook%3A x::"
        "100%25 wrong%0D%0Areally"
    )


def test_warnings_pass_but_strict_fails_in_every_format(tmp_path, capsys):
    root = make_site(tmp_path, WARNING_ONLY)
    for form in ("text", "json", "github"):
        assert main(["check", str(root), "--format", form]) == 0
        assert main(["check", str(root), "--format", form, "--strict"]) == 1
    out = capsys.readouterr().out
    assert "warning: 'Cheshire Constabularly' is not an organisation listed" in out
    assert "::warning file=content/2011-02-15.md,line=2,col=15," in out


def test_an_invalid_config_is_reported_and_exits_1(tmp_path, capsys):
    root = make_site(tmp_path, "-- minutebook.yaml --\ntitel: Minutes\n")
    assert main(["check", str(root)]) == 1
    out = capsys.readouterr().out
    assert "minutebook.yaml:1:1: error: unknown field 'titel' (did you mean 'title'?)" in out


def test_a_missing_site_folder_is_a_usage_error(tmp_path, capsys):
    assert main(["check", str(tmp_path / "nowhere")]) == 2
    assert "does not exist" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["check", "--format", "xml"], ["check", "--nope"]])
def test_check_usage_errors_exit_2(argv, capsys):
    assert main(argv) == 2
    assert "usage: minutebook" in capsys.readouterr().err


def test_check_looks_at_drafts_too(tmp_path, capsys):
    root = make_site(
        tmp_path,
        """
-- content/2011-02-15.md --
---
organisation: Safer Halton Partnership
date: 2011-02-15
status: draft
documents:
  - title: Agenda
    file: agenda.pdf
---
## 1. Welcome
""",
    )
    assert main(["check", str(root)]) == 1
    assert "the document file 'content/agenda.pdf' does not exist" in capsys.readouterr().out


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path):
    """`minutebook check --format json | head -3`: the pipe closes before the output ends."""
    root = make_site(tmp_path, BAD)
    process = subprocess.Popen(
        [sys.executable, "-m", "minutebook", "check", str(root), "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # like `head`, done before minutebook writes a byte
    err = process.stderr.read().decode()
    assert process.wait(timeout=60) == 1
    assert "Traceback" not in err


def test_check_shows_every_warning_in_full_even_when_many_are_alike(tmp_path, capsys):
    files = "".join(
        f"-- content/shp/2011-02-{day:02d}.md --\n"
        f"---\norganisation: SHP\ndate: 2011-02-{day:02d}\n---\n"
        for day in range(1, 7)
    )
    root = make_site(tmp_path, files)
    assert main(["check", str(root)]) == 0
    out = capsys.readouterr().out
    assert out.count("  fix: ") == 6
    assert "shown on one line" not in out
