"""The command line, in process (`main(argv) -> exit code`), plus one real subprocess."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import MEETING, SOURCE_DATE_EPOCH, make_site
from minutebook import __version__
from minutebook.commands.cli import main

GOOD = """
-- content/shp/2011-02-15.md --
---
organisation: Safer Halton Partnership
date: 2011-02-15
---
## SHP38 Welcome & introductions
"""
BAD = """
-- content/shp/2011-02-15.md --
---
organisation: Safer Halton Partnership
date: 2011-02-15
presnt:
  - D. Parr
time: 2pm
---
## SHP38 Welcome & introductions
"""
PAGE = "output/meetings/2011/02/15/safer-halton-partnership/index.html"
WARNING_ONLY = """
-- minutebook.yaml --
title: Test minutes
organisations:
  - name: Cheshire Constabulary
-- content/2011-02-15.md --
---
organisation: Cheshire Constabularly
date: 2011-02-15
---
## 1. Welcome
"""
# What `build` and `check` both print about BAD: each problem, its line, a caret and a fix.
BAD_REPORT = [
    "content/shp/2011-02-15.md:4:1: error: unknown field 'presnt' (did you mean 'present'?)",
    "    4 | presnt:",
    "        ^",
    "  fix: rename it to 'present'",
    "content/shp/2011-02-15.md:6:7: error: 'time' is not a time like 14:00 or 14:00-16:30: '2pm'",
    "    6 | time: 2pm",
    "              ^",
    "  fix: use the 24-hour clock, e.g.  time: 14:00",
]


def test_build_succeeds_with_exit_code_0(tmp_path, capsys):
    root = make_site(tmp_path, GOOD)
    assert main(["build", str(root), "--jobs", "1"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith(f"Built {root / 'output'}: ")
    assert err == ""
    assert (root / PAGE).is_file()


def test_quiet_build_prints_nothing(tmp_path, capsys):
    root = make_site(tmp_path, GOOD)
    assert main(["build", str(root), "--quiet"]) == 0
    assert capsys.readouterr() == ("", "")


def test_build_into_another_output_folder(tmp_path, capsys):
    root = make_site(tmp_path, GOOD)
    output = tmp_path / "public"
    assert main(["build", str(root), "-o", str(output)]) == 0
    assert (output / "meetings/2011/02/15/safer-halton-partnership/index.html").is_file()
    assert not (root / "output").exists()


def test_build_defaults_to_the_current_folder(tmp_path, monkeypatch, capsys):
    root = make_site(tmp_path, GOOD)
    monkeypatch.chdir(root)
    assert main(["build"]) == 0
    assert (root / PAGE).is_file()


def test_content_errors_exit_1_with_file_line_excerpt_and_fix(tmp_path, capsys):
    root = make_site(tmp_path, BAD)
    assert main(["build", str(root)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        *BAD_REPORT,
        "minutebook: nothing was published (2 errors, 0 warnings); the previous site is unchanged",
    ]
    assert "Traceback" not in err
    assert not (root / "output").exists()


def test_warnings_alone_still_publish_but_strict_refuses(tmp_path, capsys):
    root = make_site(tmp_path, WARNING_ONLY)
    assert main(["build", str(root)]) == 0
    warning = (
        "content/2011-02-15.md:2:15: warning: 'Cheshire Constabularly' is not an organisation "
        "listed in minutebook.yaml, but looks like 'Cheshire Constabulary'"
    )
    assert warning in capsys.readouterr().err
    assert main(["build", str(root), "--strict", "-o", str(tmp_path / "strict")]) == 1
    err = capsys.readouterr().err
    assert warning in err
    assert "nothing was published (0 errors, 1 warning)" in err
    assert not (tmp_path / "strict").exists()


def test_a_missing_site_folder_is_a_usage_error(tmp_path, capsys):
    assert main(["build", str(tmp_path / "nowhere")]) == 2
    err = capsys.readouterr().err
    assert f"minutebook: error: the site folder {tmp_path / 'nowhere'} does not exist" in err


@pytest.mark.parametrize(
    "argv", [["build", "--no-such-option"], ["frobnicate"], [], ["build", "--jobs", "many"]]
)
def test_usage_errors_exit_2_without_a_traceback(argv, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "usage: minutebook" in err
    assert "Traceback" not in err


def test_version(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"minutebook {__version__}\n"


def test_help_for_build_exits_0_and_lists_the_options(capsys):
    assert main(["build", "--help"]) == 0
    out = capsys.readouterr().out
    for option in (
        "--output",
        "--drafts",
        "--base-url",
        "--strict",
        "--force",
        "--jobs",
        "--quiet",
    ):
        assert option in out


def test_drafts_are_built_only_with_the_drafts_option(tmp_path, capsys):
    root = make_site(
        tmp_path,
        """
-- content/2011-02-15.md --
---
organisation: Safer Halton Partnership
date: 2011-02-15
status: draft
---
""",
    )
    assert main(["build", str(root)]) == 0
    assert not (root / PAGE).exists()
    assert main(["build", str(root), "--drafts"]) == 0
    assert "DRAFT" in (root / PAGE).read_text("utf-8")


def test_lists_mark_meetings_not_yet_approved_and_drafts(tmp_path, capsys):
    root = make_site(
        tmp_path,
        "".join(
            f"""
-- content/2011-02-{day}.md --
---
organisation: Safer Halton Partnership
date: 2011-02-{day}
status: {status}
---
"""
            for day, status in (("01", "approved"), ("08", "unconfirmed"), ("15", "draft"))
        ),
    )
    assert main(["build", str(root), "--drafts", "--quiet"]) == 0
    month = (root / "output/meetings/2011/02/index.html").read_text("utf-8")
    listed = [line for line in month.splitlines() if '<li><a href="/meetings/2011/02/' in line]
    assert [line.split("</a>", 1)[1] for line in listed] == [
        "",
        ' <span class="badge">not yet approved</span>',
        ' <span class="badge badge-draft">DRAFT</span>',
    ]
    assert '</span>\n    <span class="meta"><time datetime="2011-02-15">' in month


def test_base_url_option_moves_every_link_under_its_path(tmp_path, capsys):
    root = make_site(tmp_path, GOOD)
    assert main(["build", str(root), "--base-url", "https://example.org/minutes/"]) == 0
    html = (root / PAGE).read_text("utf-8")
    assert 'href="/minutes/static/style.css"' in html
    assert 'href="/static/' not in html


def test_python_dash_m_minutebook_builds_a_site_in_a_subprocess(tmp_path):
    root = make_site(tmp_path, GOOD)
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    result = subprocess.run(
        [sys.executable, "-m", "minutebook", "build", str(root)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Built ")
    assert (root / PAGE).is_file()


def test_python_dash_m_minutebook_reports_content_errors_in_a_subprocess(tmp_path):
    root = make_site(tmp_path, BAD)
    result = subprocess.run(
        [sys.executable, "-m", "minutebook", "build", str(root)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "content/shp/2011-02-15.md:4:1: error: unknown field 'presnt'" in result.stderr
    assert "Traceback" not in result.stderr


def test_build_ends_with_a_one_line_summary_of_what_it_did(tmp_path, capsys):
    root = make_site(tmp_path, MEETING)
    assert main(["build", str(root), "--jobs", "1"]) == 0
    first = capsys.readouterr().out.strip().splitlines()
    assert main(["build", str(root), "--jobs", "1"]) == 0
    second = capsys.readouterr().out.strip().splitlines()
    assert len(first) == len(second) == 1
    # 10 pages, 2 of people, the theme's 2 static files, 2 feeds, 2 calendars, the data page and
    # its 12 files, the sitemap and robots.txt (search is off: no index)
    assert ": 31 files (29 pages): 31 written, 0 unchanged, 0 removed, in " in first[0]
    assert ": 0 written, " in second[0] and " unchanged, 0 removed, in " in second[0]


def test_quiet_build_prints_nothing_when_all_is_well(tmp_path, capsys):
    root = make_site(tmp_path, MEETING)
    assert main(["build", str(root), "--quiet", "--no-cache"]) == 0
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", "")
    assert not (root / ".minutebook-cache").exists()


def test_many_warnings_of_one_kind_are_each_named_but_explained_once(tmp_path, capsys):
    files = "".join(
        f"-- content/shp/2011-02-{day:02d}.md --\n"
        f"---\norganisation: SHP\ndate: 2011-02-{day:02d}\n---\n"
        for day in range(1, 7)
    )
    root = make_site(tmp_path, files)
    assert main(["build", str(root), "--jobs", "1"]) == 0
    err = capsys.readouterr().err
    headlines = [
        line for line in err.splitlines() if ": warning: these minutes have no agenda" in line
    ]
    assert len(headlines) == 6  # every file is still named, with its line
    assert err.count("  fix: ") == 3  # the excerpt and the fix: for the first three only
    assert "(3 warnings shown on one line: each is like one shown in full above" in err
