"""WRITE: unchanged files stay put, only our own files are pruned, clerks' folders are safe."""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path

import pytest

from conftest import build_site, files_in, make_site, rendered
from minutebook.commands.cli import main
from minutebook.core.diagnostics import SourceSpan, error
from minutebook.output.render import TemplateProblem
from minutebook.output.write import MANIFEST, STAGING, OutputProblem, Writer, read_manifest

TWO_MEETINGS = """
-- content/shp/2011-02-15.md --
---
organisation: Safer Halton Partnership
date: 2011-02-15
---
## SHP41 Presentation
-- content/shp/2011-04-20.md --
---
organisation: Safer Halton Partnership
date: 2011-04-20
---
## SHP51 Budget
"""
APRIL_PAGE = "meetings/2011/04/20/safer-halton-partnership/index.html"


def mtimes(folder: Path) -> dict[str, int]:
    return {
        p.relative_to(folder).as_posix(): p.stat().st_mtime_ns
        for p in folder.rglob("*")
        if p.is_file()
    }


def age_files(folder: Path) -> None:
    """Move every mtime an hour back, so a rewrite would show even on coarse clocks."""
    for path in folder.rglob("*"):
        if path.is_file():
            stat = path.stat()
            os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns - 3_600_000_000_000))


# -- rebuilding ---------------------------------------------------------------------------------


def test_a_second_build_rewrites_no_file_not_even_the_manifest(tmp_path):
    root = make_site(tmp_path, TWO_MEETINGS)
    first = build_site(root)
    assert first.published
    output = root / "output"
    age_files(output)
    before = mtimes(output)
    second = build_site(root)
    assert (second.written, second.removed) == (0, 0)
    assert second.unchanged == first.written
    assert mtimes(output) == before


def test_editing_one_meeting_rewrites_its_page_but_not_the_other_meeting(tmp_path):
    root = make_site(tmp_path, TWO_MEETINGS)
    build_site(root)
    output = root / "output"
    age_files(output)
    before = mtimes(output)
    source = root / "content/shp/2011-04-20.md"
    source.write_text(source.read_text("utf-8").replace("Budget", "Budget 2011/12"), "utf-8")
    report = build_site(root)
    after = mtimes(output)
    changed = sorted(name for name in after if after[name] != before.get(name) and name != MANIFEST)
    assert APRIL_PAGE in changed
    assert "meetings/2011/02/15/safer-halton-partnership/index.html" not in changed
    assert report.written == len(changed)


def test_a_meeting_removed_from_content_is_removed_from_the_output(tmp_path):
    root = make_site(tmp_path, TWO_MEETINGS)
    build_site(root)
    (root / "content/shp/2011-04-20.md").unlink()
    report = build_site(root)
    assert report.removed >= 1
    output = root / "output"
    assert not (output / APRIL_PAGE).exists()
    assert not (output / "meetings/2011/04").exists()  # empty folders go too
    assert (output / "meetings/2011/02/15/safer-halton-partnership/index.html").is_file()


def test_files_minutebook_did_not_write_are_never_pruned(tmp_path):
    root = make_site(tmp_path, TWO_MEETINGS)
    build_site(root)
    output = root / "output"
    (output / "CNAME").write_text("minutes.example.org\n")
    (output / "meetings/2011/04/notes.txt").write_text("the clerk's own notes\n")
    (root / "content/shp/2011-04-20.md").unlink()
    build_site(root)
    assert (output / "CNAME").read_text() == "minutes.example.org\n"
    assert (output / "meetings/2011/04/notes.txt").read_text() == "the clerk's own notes\n"
    assert not (output / APRIL_PAGE).exists()


def test_a_tampered_manifest_cannot_delete_files_outside_the_output(tmp_path):
    root = make_site(tmp_path, TWO_MEETINGS)
    build_site(root)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    manifest = root / "output" / MANIFEST
    data = json.loads(manifest.read_text("utf-8"))
    data["files"]["../../victim.txt"] = "0" * 64
    data["files"][str(victim)] = "0" * 64
    manifest.write_text(json.dumps(data), "utf-8")
    assert read_manifest(root / "output").keys() == set(data["files"]) - {
        "../../victim.txt",
        str(victim),
    }
    build_site(root)
    assert victim.read_text() == "keep me"


def test_the_manifest_lists_every_file_written_with_its_sha256(tmp_path):
    root = make_site(tmp_path, TWO_MEETINGS)
    build_site(root)
    output = root / "output"
    manifest = json.loads((output / MANIFEST).read_text("utf-8"))
    assert manifest["generator"] == "minutebook"
    on_disk = {name for name in files_in(output) if name != MANIFEST}
    assert set(manifest["files"]) == on_disk
    assert list(manifest["files"]) == sorted(manifest["files"])
    assert not (output / STAGING).exists()


def test_the_writer_refuses_two_outputs_for_one_file(tmp_path):
    with Writer(tmp_path) as writer:
        writer.add("index.html", b"one")
        with pytest.raises(ValueError, match=r"two outputs for one file: index\.html"):
            writer.add("index.html", b"two")


def test_the_writer_moves_files_into_place_only_on_commit(tmp_path):
    with Writer(tmp_path) as writer:
        writer.add("a/index.html", b"<p>a</p>")
        assert not (tmp_path / "a/index.html").exists()
        report = writer.commit()
    assert (tmp_path / "a/index.html").read_bytes() == b"<p>a</p>"
    assert (report.written, report.unchanged, report.removed) == (1, 0, 0)
    assert not (tmp_path / STAGING).exists()


# -- the output folder guard --------------------------------------------------------------------


def test_a_foreign_non_empty_output_folder_is_refused_and_left_alone(tmp_path):
    root = make_site(tmp_path, TWO_MEETINGS)
    output = tmp_path / "my-documents"
    output.mkdir()
    (output / "budget.xlsx").write_bytes(b"precious")
    report = build_site(root, output=output)
    assert not report.published
    assert rendered(report.diagnostics) == [
        f"minutebook.yaml: error: the output folder {output} already holds files that "
        "Minutebook did not write; building there could overwrite or delete them"
    ]
    assert files_in(output) == {"budget.xlsx": b"precious"}


def test_an_empty_existing_output_folder_is_fine(tmp_path):
    root = make_site(tmp_path, TWO_MEETINGS)
    (root / "output").mkdir()
    assert build_site(root).published


@pytest.mark.parametrize(
    ("relative", "problem"),
    [
        ("content/site", "is, or is inside, the content/ or themes/ folder"),
        ("content", "is, or is inside, the content/ or themes/ folder"),
        ("themes", "is, or is inside, the content/ or themes/ folder"),
        (".", "is the site folder or a folder above it"),
        ("..", "is the site folder or a folder above it"),
    ],
)
def test_output_inside_content_or_themes_or_above_the_site_is_refused(tmp_path, relative, problem):
    root = make_site(tmp_path, TWO_MEETINGS)
    before = files_in(root)
    output = root / relative
    report = build_site(root, output=output)
    assert not report.published
    assert rendered(report.diagnostics) == [
        f"minutebook.yaml: error: the output folder {output} {problem}; "
        "building there could overwrite or delete them"
    ]
    assert files_in(root) == before


def test_output_inside_content_set_in_the_config_is_refused(tmp_path):
    root = make_site(
        tmp_path, TWO_MEETINGS + "-- minutebook.yaml --\ntitle: Test minutes\noutput: content/www\n"
    )
    report = build_site(root, output=None)
    assert not report.published
    assert [d.field for d in report.diagnostics] == ["output"]
    assert not (root / "content/www").exists()


def test_output_dot_on_the_command_line_is_refused(tmp_path, monkeypatch, capsys):
    root = make_site(tmp_path, TWO_MEETINGS)
    before = files_in(root)
    monkeypatch.chdir(root)
    assert main(["build", ".", "--output", "."]) == 1
    err = capsys.readouterr().err
    assert "minutebook.yaml: error: the output folder . is the site folder" in err
    assert files_in(root) == before


def test_an_output_path_that_is_a_file_is_an_error_not_a_crash(tmp_path):
    root = make_site(tmp_path, TWO_MEETINGS)
    target = tmp_path / "minutes.zip"
    target.write_bytes(b"not a folder")
    report = build_site(root, output=target)
    assert not report.published
    assert target.read_bytes() == b"not a folder"
    assert [d.field for d in report.diagnostics] == ["output"]


def test_a_failed_render_creates_no_output_folder(tmp_path):
    root = make_site(
        tmp_path,
        TWO_MEETINGS + "-- themes/default/templates/meeting.html --\n{{ no_such.thing }}\n",
    )
    report = build_site(root)
    assert not report.published
    assert not (root / "output").exists()


def test_a_failed_render_leaves_the_previous_site_byte_for_byte(tmp_path):
    root = make_site(tmp_path, TWO_MEETINGS)
    build_site(root)
    before = files_in(root / "output")
    template = root / "themes/default/templates/meeting.html"
    template.parent.mkdir(parents=True)
    template.write_text("{{ no_such.thing }}\n")
    (root / "content/shp/2011-04-20.md").unlink()
    report = build_site(root)
    assert not report.published
    assert rendered(report.diagnostics) == [
        "themes/default/templates/meeting.html:1: error: the template meeting.html failed "
        "while making meetings/2011/02/15/safer-halton-partnership/index.html: "
        "UndefinedError: 'no_such' is undefined"
    ]
    assert files_in(root / "output") == before


def test_problems_raised_in_a_worker_reach_the_parent_whole():
    """Exceptions cross from a worker pickled: the clerk's problem must survive it."""
    problem = error(SourceSpan("themes/default/templates/meeting.html", 2), "it failed", "fix")
    for kind in (TemplateProblem, OutputProblem):
        again = pickle.loads(pickle.dumps(kind(problem)))
        assert type(again) is kind and again.diagnostic == problem
