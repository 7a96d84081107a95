"""LOAD: which files are meetings, and how big one may be."""

from __future__ import annotations

import pytest

from conftest import REPO_ROOT, build_site, make_site, rendered
from minutebook.reading.sources import MAX_BYTES, discover

MEETING = "---\norganisation: Safer Halton Partnership\ndate: 2011-02-15\n---\n\n## 1. Welcome\n"


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
    assert [p.relative_to(root).as_posix() for p in discover(root)[0]] == [
        "content/shp/2011-02-15.md"
    ]
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
    assert [p.relative_to(root).as_posix() for p in discover(root)[0]] == [
        "content/2011-02-17.md",
        "content/a/deeper/2011-02-16.md",
        "content/b/2011-02-15.md",
    ]


def test_a_site_inside_a_hidden_folder_still_finds_its_meetings(tmp_path):
    root = make_site(tmp_path / ".sites", f"-- content/shp/2011-02-15.md --\n{MEETING}")
    assert len(discover(root)[0]) == 1
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


def test_a_bigger_limit_can_be_set_in_the_config(tmp_path):
    root = make_site(tmp_path, "-- minutebook.yaml --\ntitle: T\nmax_file_size: 6\n")
    big = root / "content/shp/2011-02-15.md"
    big.parent.mkdir(parents=True)
    big.write_bytes(MEETING.encode() + b"x" * MAX_BYTES)
    assert build_site(root).published


def test_a_smaller_limit_can_be_set_and_a_huge_file_is_refused_by_its_size(tmp_path):
    root = make_site(tmp_path, "-- minutebook.yaml --\ntitle: T\nmax_file_size: 1\n")
    big = root / "content/shp/2011-02-15.md"
    big.parent.mkdir(parents=True)
    with big.open("wb") as file:
        file.write(MEETING.encode())
        file.truncate(4 * 1024**3)  # 4 GiB, sparse: only the first MiB and a byte are read
    report = build_site(root)
    assert rendered(report.diagnostics) == [
        "content/shp/2011-02-15.md: error: the file is 4194304 KiB; meeting files may be at "
        "most 1 MiB"
    ]


@pytest.mark.parametrize("value", ["0", "-1", "2.5", "1025", "lots", "[5]"])
def test_max_file_size_must_be_a_whole_number_of_mib(tmp_path, value):
    root = make_site(tmp_path, f"-- minutebook.yaml --\ntitle: T\nmax_file_size: {value}\n")
    report = build_site(root)
    assert not report.published
    shown = {"[5]": None}.get(value, value)
    expected = (
        "minutebook.yaml:2:16: error: 'max_file_size' should be a single piece of text, not a list"
        if shown is None
        else "minutebook.yaml:2:16: error: 'max_file_size' must be a whole number of MiB from 1 "
        f"to 1024, not '{value}'"
    )
    assert rendered(report.diagnostics) == [expected]


# -- links ---------------------------------------------------------------------------------------


def test_a_meeting_file_linked_from_outside_the_content_folder_is_an_error(tmp_path):
    secret = tmp_path / "private/2011-03-01.md"
    secret.parent.mkdir()
    secret.write_text(MEETING.replace("2011-02-15", "2011-03-01") + "Private text.\n")
    root = make_site(tmp_path, f"-- content/shp/2011-02-15.md --\n{MEETING}")
    (root / "content/shp/2011-03-01.md").symlink_to(secret)
    report = build_site(root)
    assert not report.published
    assert rendered(report.diagnostics) == [
        "content/shp/2011-03-01.md: error: this meeting file is a link to a file outside the "
        "content folder; Minutebook does not follow links out of content/"
    ]
    assert not (root / "output").exists()


def test_a_meeting_file_linked_from_inside_the_content_folder_is_read(tmp_path):
    root = make_site(tmp_path, f"-- content/archive/2011-02-15.md --\n{MEETING}")
    (root / "content/shp").mkdir()
    (root / "content/shp/2011-02-15.md").symlink_to(root / "content/archive/2011-02-15.md")
    paths, problems = discover(root)
    assert problems == []
    assert [p.relative_to(root).as_posix() for p in paths] == [
        "content/archive/2011-02-15.md",
        "content/shp/2011-02-15.md",
    ]


def test_a_folder_linked_from_outside_the_content_folder_is_an_error(tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "2011-03-01.md").write_text(MEETING.replace("2011-02-15", "2011-03-01"))
    root = make_site(tmp_path, f"-- content/shp/2011-02-15.md --\n{MEETING}")
    (root / "content/more").symlink_to(outside, target_is_directory=True)
    (root / "content/_ignored").symlink_to(outside, target_is_directory=True)
    report = build_site(root)
    assert not report.published
    assert rendered(report.diagnostics) == [
        "content/more: error: this folder is a link to a folder outside the content folder; "
        "Minutebook does not follow links out of content/"
    ]


def test_a_folder_linked_from_inside_the_content_folder_is_not_followed(tmp_path):
    root = make_site(tmp_path, f"-- content/shp/2011-02-15.md --\n{MEETING}")
    (root / "content/again").symlink_to(root / "content/shp", target_is_directory=True)
    (root / "content/shp/loop").symlink_to(root / "content", target_is_directory=True)
    paths, problems = discover(root)
    assert [p.relative_to(root).as_posix() for p in paths] == ["content/shp/2011-02-15.md"]
    assert [d.headline() for d in problems] == [
        "content/again: warning: this folder is a link; Minutebook does not follow links to "
        "folders, so the meetings are read only from the folder it links to",
        "content/shp/loop: warning: this folder is a link; Minutebook does not follow links to "
        "folders, so the meetings are read only from the folder it links to",
    ]


def test_a_content_folder_that_is_itself_a_link_is_read(tmp_path):
    shared = make_site(tmp_path / "shared", f"-- content/shp/2011-02-15.md --\n{MEETING}")
    root = make_site(tmp_path, "")
    (root / "content").symlink_to(shared / "content", target_is_directory=True)
    report = build_site(root)
    assert report.published, rendered(report.diagnostics)


# -- encodings ------------------------------------------------------------------------------------


def built_files(root) -> dict[str, bytes]:
    output = root / "output"
    return {
        p.relative_to(output).as_posix(): p.read_bytes()
        for p in sorted(output.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize(
    "convert",
    [
        lambda text: "\ufeff" + text.replace("\n", "\r\n"),  # Windows Notepad: BOM and CRLF
        lambda text: text.replace("\n", "\r\n"),
        lambda text: "\ufeff" + text,
        lambda text: text.replace("\n", "\r"),  # classic Mac line ends
    ],
    ids=["bom-crlf", "crlf", "bom", "cr"],
)
def test_a_bom_and_windows_line_ends_build_exactly_like_the_plain_file(tmp_path, convert):
    """The sample minutes saved as a Windows editor saves them make the same site, byte for byte."""
    sample = (REPO_ROOT / "content/safer-halton-partnership/2011-02-15.md").read_text("utf-8")
    config = (REPO_ROOT / "minutebook.yaml").read_text("utf-8")
    plain = make_site(tmp_path / "plain", "")
    windows = make_site(tmp_path / "windows", "")
    for root, text in ((plain, sample), (windows, convert(sample))):
        (root / "minutebook.yaml").write_bytes(convert(config).encode("utf-8"))
        path = root / "content/shp/2011-02-15.md"
        path.parent.mkdir(parents=True)
        path.write_bytes(text.encode("utf-8"))
    first, second = build_site(plain), build_site(windows)
    assert first.published, rendered(first.diagnostics)
    assert rendered(second.diagnostics) == rendered(first.diagnostics)
    assert built_files(windows) == built_files(plain)
