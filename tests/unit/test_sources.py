"""LOAD: which files are meetings, and how big one may be."""

from __future__ import annotations

from conftest import build_site, make_site, rendered
from minutebook.sources import MAX_BYTES, discover

MEETING = "---\norganisation: Safer Halton Partnership\ndate: 2011-02-15\n---\n"


def test_editor_backups_hidden_and_underscore_files_are_not_meetings(tmp_path):
    root = make_site(
        tmp_path,
        f"""
-- content/shp/2011-02-15.md --
{MEETING}
-- content/shp/.2011-02-15.md.swp.md --
not a meeting
-- content/shp/_notes.md --
not a meeting
-- content/shp/2011-02-15.md~ --
not a meeting
-- content/shp/#2011-02-15.md# --
not a meeting
-- content/.git/x.md --
not a meeting
-- content/_drafts/2011-03-01.md --
not a meeting
-- content/shp/agenda.txt --
not a meeting
""",
    )
    assert [p.relative_to(root).as_posix() for p in discover(root)] == ["content/shp/2011-02-15.md"]
    assert build_site(root).published


def test_meetings_are_found_in_any_subfolder_in_a_stable_order(tmp_path):
    root = make_site(
        tmp_path,
        f"""
-- content/b/2011-02-15.md --
{MEETING}
-- content/a/deeper/2011-02-16.md --
{MEETING.replace("2011-02-15", "2011-02-16")}
-- content/2011-02-17.md --
{MEETING.replace("2011-02-15", "2011-02-17")}
""",
    )
    assert [p.relative_to(root).as_posix() for p in discover(root)] == [
        "content/2011-02-17.md",
        "content/a/deeper/2011-02-16.md",
        "content/b/2011-02-15.md",
    ]


def test_a_site_inside_a_hidden_folder_still_finds_its_meetings(tmp_path):
    root = make_site(tmp_path / ".sites", f"-- content/shp/2011-02-15.md --\n{MEETING}")
    assert len(discover(root)) == 1
    report = build_site(root)
    assert report.published
    assert (root / "output/meetings/2011/02/15/safer-halton-partnership/index.html").is_file()


def test_a_site_without_content_builds_an_empty_archive(tmp_path):
    root = make_site(tmp_path, "")
    report = build_site(root)
    assert report.published
    assert (root / "output/index.html").is_file()


def test_a_meeting_file_over_the_size_limit_is_refused(tmp_path):
    root = make_site(tmp_path, "")
    big = root / "content/shp/2011-02-15.md"
    big.parent.mkdir(parents=True)
    big.write_bytes(MEETING.encode() + b"x" * MAX_BYTES)
    report = build_site(root)
    assert not report.published
    assert rendered(report.diagnostics) == [
        f"content/shp/2011-02-15.md: error: the file is {(MAX_BYTES + len(MEETING)) // 1024} "
        "KiB; meeting files may be at most 5 MiB"
    ]
