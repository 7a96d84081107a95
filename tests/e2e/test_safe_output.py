"""The output folder and the clerk's files: the build writes only inside its output folder, never
touches content/ or themes/, refuses folders it must not write to, leaves the previous site byte
for byte when it fails (an error, Ctrl-C, a crash, SIGKILL) and lets one build write at a time."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO_ROOT, build_site, make_site, rendered
from minutebook.commands.cli import main
from minutebook.output import render, write
from minutebook.output.write import JOURNAL, LOCK, MANIFEST, STAGING, output_lock

SITE = """
-- content/shp/2011-02-15.md --
---
organisation: Safer Halton Partnership
date: 2011-02-15
documents:
  - title: Report
    file: report.pdf
---
## SHP41 Presentation
-- content/shp/report.pdf --
%PDF report
-- content/shp/2011-04-20.md --
---
organisation: Safer Halton Partnership
date: 2011-04-20
---
## SHP51 Budget
-- content/shp/2011-06-15.md --
---
organisation: Safer Halton Partnership
date: 2011-06-15
---
## SHP61 Alcohol
-- themes/default/static/extra.css --
p { color: black; }
"""
GUARD = "building there could overwrite or delete them"
BUILDER = str(REPO_ROOT / "builder")
BUILD = [sys.executable, "-m", "minutebook", "build"]


def files_in(folder: Path) -> dict[str, bytes]:
    """The site as published: every file but our own transient bookkeeping (staging, lock)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and STAGING not in p.relative_to(folder).parts and p.name != LOCK
    }


def site_state(root: Path) -> dict[str, tuple[str, int, str]]:
    """Every entry of the site folder but output/ and Minutebook's own build cache: kind, mtime
    and content hash (or link)."""
    state = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if relative.parts[0] in ("output", ".minutebook-cache"):
            continue
        stat = path.lstat()
        if path.is_symlink():
            state[relative.as_posix()] = ("link", stat.st_mtime_ns, str(path.readlink()))
        elif path.is_dir():
            state[relative.as_posix()] = ("dir", stat.st_mtime_ns, "")
        else:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            state[relative.as_posix()] = ("file", stat.st_mtime_ns, digest)
    return state


def subprocess_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": BUILDER}


# -- the clerk's files ------------------------------------------------------------------------


def test_builds_never_touch_anything_outside_the_output_folder(tmp_path, monkeypatch):
    """Good builds, content errors, template errors and crashes alike: same bytes, same mtimes."""
    root = make_site(tmp_path, SITE)
    before = site_state(root)
    assert build_site(root).published
    assert build_site(root, drafts=True).published
    meeting = root / "content/shp/2011-06-15.md"
    good = meeting.read_bytes()
    meeting.write_bytes(good.replace(b"date: 2011-06-15", b"date: 2011-06-31"))
    before_error = site_state(root)
    assert not build_site(root).published
    assert site_state(root) == before_error
    meeting.write_bytes(good)
    os.utime(meeting, ns=(before["content/shp/2011-06-15.md"][1],) * 2)
    with monkeypatch.context() as patch:
        patch.setattr(render, "render_page", crash_after(2, RuntimeError("boom")))
        with pytest.raises(RuntimeError):
            build_site(root)
    assert site_state(root) == before


def test_a_template_error_touches_nothing_but_reports_the_template(tmp_path):
    root = make_site(
        tmp_path, SITE + "-- themes/default/templates/year.html --\n{{ no_such.thing }}\n"
    )
    before = site_state(root)
    report = build_site(root)
    assert not report.published
    assert site_state(root) == before
    assert not (root / "output").exists()


# -- output folders that are refused ---------------------------------------------------------


@pytest.mark.parametrize(
    ("output", "problem"),
    [
        (".", "is the site folder or a folder above it"),
        ("..", "is the site folder or a folder above it"),
        ("content", "is, or is inside, the content/ or themes/ folder"),
        ("content/shp", "is, or is inside, the content/ or themes/ folder"),
        ("themes", "is, or is inside, the content/ or themes/ folder"),
        ("themes/default/static", "is, or is inside, the content/ or themes/ folder"),
        ("~", "is the home folder or the root of the disk"),
        ("/", "is the home folder or the root of the disk"),
    ],
)
def test_the_command_line_refuses_output_folders_that_hold_the_clerks_work(
    tmp_path, tmp_path_factory, monkeypatch, capsys, output, problem
):
    home = tmp_path_factory.mktemp("home")  # not above the site folder
    (home / "letter.txt").write_text("private")
    monkeypatch.setenv("HOME", str(home))
    root = make_site(tmp_path, SITE)
    monkeypatch.chdir(root)
    before, home_before = site_state(root), site_state(home)
    assert main(["build", "--output", output, "--force"]) == 1  # --force relaxes none of these
    err = capsys.readouterr().err
    shown = str(Path(output).expanduser())
    assert f"minutebook.yaml: error: the output folder {shown} {problem}; {GUARD}" in err
    assert "nothing was published" in err
    assert site_state(root) == before
    assert site_state(home) == home_before
    assert not (root / "output").exists()


def test_a_folder_above_the_home_folder_is_refused(tmp_path, monkeypatch):
    home = tmp_path / "users" / "clerk"
    home.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    root = make_site(tmp_path / "elsewhere", SITE)
    report = build_site(root, output=tmp_path / "users", force=True)
    assert rendered(report.diagnostics) == [
        f"minutebook.yaml: error: the output folder {tmp_path / 'users'} is the home folder "
        f"or the root of the disk; {GUARD}"
    ]


def test_output_in_the_config_may_start_with_the_home_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    root = make_site(tmp_path, SITE + "-- minutebook.yaml --\ntitle: T\noutput: ~/public\n")
    report = build_site(root, output=None)
    assert report.published, rendered(report.diagnostics)
    assert (tmp_path / "home/public/index.html").is_file()


# -- a folder Minutebook did not write ---------------------------------------------------------


def test_a_foreign_folder_is_refused_without_force(tmp_path, capsys):
    root = make_site(tmp_path, SITE)
    foreign = tmp_path / "www"
    foreign.mkdir()
    (foreign / "index.html").write_bytes(b"the council's own home page")
    assert main(["build", str(root), "-o", str(foreign)]) == 1
    err = capsys.readouterr().err
    assert f"the output folder {foreign} already holds files that Minutebook did not write" in err
    assert "or build into it anyway with --force" in err
    assert files_in(foreign) == {"index.html": b"the council's own home page"}


def test_force_adopts_a_foreign_folder_and_never_deletes_its_other_files(tmp_path, capsys):
    root = make_site(tmp_path, SITE)
    foreign = tmp_path / "www"
    (foreign / "images").mkdir(parents=True)
    (foreign / "images/crest.png").write_bytes(b"PNG crest")
    (foreign / "CNAME").write_bytes(b"minutes.example.org\n")
    (foreign / "index.html").write_bytes(b"the old home page")
    assert main(["build", str(root), "-o", str(foreign), "--force", "-q"]) == 0
    built = files_in(foreign)
    assert built["images/crest.png"] == b"PNG crest"
    assert built["CNAME"] == b"minutes.example.org\n"
    assert built["index.html"] != b"the old home page"  # a page replaces a file of its name
    assert MANIFEST in built
    # Adopted: later builds need no --force, and prune only what Minutebook wrote.
    (root / "content/shp/2011-06-15.md").unlink()
    assert main(["build", str(root), "-o", str(foreign), "-q"]) == 0
    after = files_in(foreign)
    assert "meetings/2011/06/15/safer-halton-partnership/index.html" not in after
    assert after["images/crest.png"] == b"PNG crest"
    assert after["CNAME"] == b"minutes.example.org\n"


def test_a_folder_holding_only_a_stale_lock_and_staging_folder_is_ours(tmp_path):
    root = make_site(tmp_path, SITE)
    output = root / "output"
    (output / STAGING / "meetings").mkdir(parents=True)
    (output / STAGING / "meetings/index.html").write_bytes(b"half a page")
    (output / LOCK).write_text("999999\n")
    report = build_site(root)
    assert report.published, rendered(report.diagnostics)
    assert not (output / STAGING).exists()
    assert not (output / LOCK).exists()


# -- links inside the output folder ------------------------------------------------------------


def test_a_link_inside_the_output_folder_leading_out_is_never_written_through(tmp_path):
    root = make_site(tmp_path, SITE)
    assert build_site(root).published
    output = root / "output"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("keep")
    shutil.rmtree(output / "meetings")
    (output / "meetings").symlink_to(elsewhere, target_is_directory=True)
    (root / "content/shp/2011-06-15.md").unlink()  # a stale page to prune, behind the link
    report = build_site(root)
    assert not report.published
    assert rendered(report.diagnostics) == [
        f"minutebook.yaml: error: {output / 'meetings'} is a link to another folder; "
        "Minutebook writes only inside the output folder itself"
    ]
    assert files_in(elsewhere) == {"keep.txt": b"keep"}


def test_a_link_planted_in_place_of_the_staging_folder_is_removed_not_followed(tmp_path):
    root = make_site(tmp_path, SITE)
    assert build_site(root).published
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("keep")
    (root / "output" / STAGING).symlink_to(elsewhere, target_is_directory=True)
    assert build_site(root).published
    assert files_in(elsewhere) == {"keep.txt": b"keep"}
    assert not (root / "output" / STAGING).exists()


@pytest.mark.parametrize(
    "link", ["templates/404.html", "static/key.txt", "templates/partials"], ids=str
)
def test_a_theme_file_linked_from_outside_the_theme_is_refused(tmp_path, link):
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "id_rsa").write_text("PRIVATE KEY")
    root = make_site(tmp_path, SITE)
    path = root / "themes/default" / link
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(secret if link.endswith("partials") else secret / "id_rsa")
    report = build_site(root)
    assert rendered(report.diagnostics) == [
        f"themes/default/{link}: error: this theme file is a link to a file outside the "
        "theme folder"
    ]
    assert not (root / "output").exists()


def test_a_theme_file_linked_inside_the_theme_is_fine(tmp_path):
    root = make_site(tmp_path, SITE)
    (root / "themes/default/static/more.css").symlink_to(root / "themes/default/static/extra.css")
    report = build_site(root)
    assert report.published, rendered(report.diagnostics)
    assert (root / "output/static/more.css").read_text() == "p { color: black; }\n"


# -- failed and interrupted builds --------------------------------------------------------------


def crash_after(pages: int, exception: BaseException):
    """A render_page that makes `pages` pages, then raises."""
    original = render.render_page
    made = 0

    def render_page(env, spec):
        nonlocal made
        made += 1
        if made > pages:
            raise exception
        return original(env, spec)

    return render_page


def edited(root: Path) -> None:
    """A change that rewrites every page, removes one and adds one."""
    config = root / "minutebook.yaml"
    config.write_text(config.read_text("utf-8").replace("Test minutes", "New title"), "utf-8")
    (root / "content/shp/2011-06-15.md").unlink()
    (root / "content/shp/2011-09-21.md").write_text(
        "---\norganisation: Safer Halton Partnership\ndate: 2011-09-21\n---\n## SHP71 New\n"
    )


@pytest.mark.parametrize(
    "exception", [RuntimeError("a crash"), KeyboardInterrupt()], ids=["crash", "ctrl-c"]
)
def test_a_build_stopped_while_rendering_leaves_the_previous_site_byte_for_byte(
    tmp_path, monkeypatch, exception
):
    root = make_site(tmp_path, SITE)
    assert build_site(root).published
    before = files_in(root / "output")
    edited(root)
    monkeypatch.setattr(render, "render_page", crash_after(3, exception))
    with pytest.raises(type(exception)):
        build_site(root)
    assert files_in(root / "output") == before
    assert sorted(p.name for p in (root / "output").iterdir()) == sorted(
        {p.split("/")[0] for p in before}
    )  # no staging folder, no lock left behind


def test_a_first_build_stopped_while_rendering_leaves_no_output_folder(tmp_path, monkeypatch):
    root = make_site(tmp_path, SITE)
    monkeypatch.setattr(render, "render_page", crash_after(3, KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        build_site(root)
    assert not (root / "output").exists()


def fresh_build(root: Path, tmp_path: Path) -> dict[str, bytes]:
    """What a complete build of the site as it is now looks like, built somewhere else."""
    reference = tmp_path / "reference"
    shutil.rmtree(reference, ignore_errors=True)
    assert build_site(root, output=reference).published
    return files_in(reference)


def test_ctrl_c_after_the_commit_point_finishes_the_new_site_at_once(tmp_path, monkeypatch):
    root = make_site(tmp_path, SITE)
    assert build_site(root).published
    edited(root)
    expected = fresh_build(root, tmp_path)
    prune = write._prune
    calls = 0

    def interrupted_prune(*args, **kwargs):
        nonlocal calls
        calls += 1
        if calls == 1:
            raise KeyboardInterrupt
        return prune(*args, **kwargs)

    monkeypatch.setattr(write, "_prune", interrupted_prune)
    with pytest.raises(KeyboardInterrupt):
        build_site(root)
    assert files_in(root / "output") == expected
    assert not (root / "output" / STAGING).exists()


def test_a_commit_that_keeps_failing_is_finished_by_the_next_build(tmp_path, monkeypatch):
    """Even a next build that has content errors of its own finishes it (and publishes nothing)."""
    root = make_site(tmp_path, SITE)
    assert build_site(root).published
    before = files_in(root / "output")
    edited(root)
    expected = fresh_build(root, tmp_path)
    with monkeypatch.context() as patch:
        patch.setattr(write, "_write_manifest", fail_with(OSError(28, "No space left on device")))
        with pytest.raises(OSError, match="No space left"):
            build_site(root)
    output = root / "output"
    assert (output / STAGING / JOURNAL).is_file()
    assert files_in(output) not in (before, expected)  # half old, half new: until recovered
    broken = root / "content/shp/2011-04-20.md"
    good = broken.read_bytes()
    broken.write_bytes(good.replace(b"date: 2011-04-20", b"date: 2011-04-31"))
    report = build_site(root)
    assert not report.published
    assert files_in(output) == expected
    assert not (output / STAGING).exists()
    broken.write_bytes(good)
    assert build_site(root).published
    assert files_in(output) == expected


def fail_with(exception: BaseException):
    def fail(*args, **kwargs):
        raise exception

    return fail


# -- one build at a time -----------------------------------------------------------------------


def test_a_build_is_refused_while_another_process_holds_the_output_lock(tmp_path):
    root = make_site(tmp_path, SITE)
    assert build_site(root).published
    before = files_in(root / "output")
    edited(root)
    with output_lock(root / "output"):
        result = subprocess.run(
            [*BUILD, str(root), "-j", "1"],
            env=subprocess_env(),
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 1
    assert (
        f"minutebook.yaml: error: another build is writing to {root / 'output'} "
        f"(pid {os.getpid()}); two builds at once could mix their pages"
    ) in result.stderr
    assert "fix: wait for the other build to finish, then build again" in result.stderr
    assert files_in(root / "output") == before
    assert not (root / "output" / LOCK).exists()  # released and removed
    assert build_site(root).published  # and free again


def test_the_lock_refuses_in_process_too_and_a_killed_holders_lock_is_taken(tmp_path):
    output = tmp_path / "output"
    with output_lock(output), pytest.raises(write.OutputProblem) as refused, output_lock(output):
        pass
    assert f"another build is writing to {output} (pid {os.getpid()})" in str(refused.value)
    (output / LOCK).write_text("12345\n")  # left by a build that was killed: nobody holds it
    with output_lock(output):
        assert (output / LOCK).read_text() == f"{os.getpid()}\n"


# -- SIGKILL in the middle of a big build -------------------------------------------------------

KILLER = """
import os, pathlib, signal, sys
from minutebook.output import render
from minutebook.commands.cli import main

site, output, mode, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
seen = 0

def counted():
    global seen
    seen += 1
    if seen > count:
        os.kill(os.getpid(), signal.SIGKILL)

if mode == "render":
    original_render = render.render_page
    def render_page(env, spec):
        counted()
        return original_render(env, spec)
    render.render_page = render_page
else:
    original_replace = pathlib.Path.replace
    def replace(self, target):
        name = str(self)
        if mode == "moves" and ".minutebook-staging" in name and not name.endswith(".tmp"):
            counted()
        if mode == "manifest" and name.endswith(".minutebook-manifest.json.tmp"):
            counted()
        return original_replace(self, target)
    pathlib.Path.replace = replace
sys.exit(main(["build", site, "--output", output, "--jobs", "1", "--quiet"]))
"""


def load_generator():
    spec = importlib.util.spec_from_file_location("generate", REPO_ROOT / "benchmarks/generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["generate"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def big_site(tmp_path_factory):
    """A generated site of 150 meetings, built once (old), then changed (new, built elsewhere)."""
    base = tmp_path_factory.mktemp("big")
    root = base / "site"
    load_generator().generate_site(150, root, seed=7)
    old_output = base / "old"
    assert build_site(root, output=old_output).published
    config = root / "minutebook.yaml"
    config.write_text(config.read_text("utf-8").replace("title:", "title: New", 1), "utf-8")
    for path in sorted((root / "content").rglob("*.md"))[::10]:
        path.unlink()  # their pages become stale, to be pruned
    new_output = base / "new"
    assert build_site(root, output=new_output).published
    return root, files_in(old_output), files_in(new_output), old_output


def killed_build(big_site, tmp_path, mode: str, count: int) -> Path:
    root, _, _, old_output = big_site
    output = tmp_path / "output"
    shutil.copytree(old_output, output)
    result = subprocess.run(
        [sys.executable, "-c", KILLER, str(root), str(output), mode, str(count)],
        env=subprocess_env(),
        capture_output=True,
        timeout=600,
    )
    assert result.returncode == -signal.SIGKILL, result.stderr
    return output


@pytest.mark.slow
def test_sigkill_while_rendering_leaves_the_old_site_and_the_next_build_cleans_up(
    big_site, tmp_path
):
    root, old, new, _ = big_site
    output = killed_build(big_site, tmp_path, "render", 150)
    assert files_in(output) == old
    assert (output / STAGING).is_dir()  # left behind by the killed build
    assert not (output / STAGING / JOURNAL).exists()
    assert build_site(root, output=output).published
    assert files_in(output) == new
    assert not (output / STAGING).exists()


@pytest.mark.slow
@pytest.mark.parametrize(("mode", "count"), [("moves", 0), ("moves", 100), ("manifest", 0)])
def test_sigkill_during_the_commit_is_finished_by_the_next_build(big_site, tmp_path, mode, count):
    root, _, new, _ = big_site
    output = killed_build(big_site, tmp_path, mode, count)
    assert (output / STAGING / JOURNAL).is_file()
    assert files_in(output) != new
    assert build_site(root, output=output).published
    assert files_in(output) == new
    assert not (output / STAGING).exists()


@pytest.mark.slow
def test_sigkill_at_any_moment_leaves_the_old_site_the_new_one_or_a_commit_to_finish(
    big_site, tmp_path
):
    root, old, new, old_output = big_site
    started = time.perf_counter()
    assert build_site(root, output=tmp_path / "timing").published
    duration = time.perf_counter() - started
    for fraction in (0.25, 0.6, 0.9, 1.0):
        output = tmp_path / f"output-{fraction}"
        shutil.copytree(old_output, output)
        process = subprocess.Popen(
            [*BUILD, str(root), "--output", str(output), "--jobs", "1", "--quiet"],
            env=subprocess_env(),
        )
        time.sleep(duration * fraction)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        state = files_in(output)
        committing = (output / STAGING / JOURNAL).is_file()
        assert state in (old, new) or committing, fraction
        assert build_site(root, output=output).published
        assert files_in(output) == new


@pytest.mark.slow
def test_two_builds_started_at_once_never_mix_their_pages(big_site, tmp_path):
    root, _, new, old_output = big_site
    output = tmp_path / "output"
    shutil.copytree(old_output, output)
    command = [*BUILD, str(root), "-o", str(output), "-j", "1"]
    # Each build's messages go to a file, not a pipe: a pipe read only after both builds end
    # fills up with a build's warnings, and that build then waits for ever to write the rest.
    logs = [tmp_path / f"build-{n}.txt" for n in range(2)]
    processes = []
    for log in logs:
        with log.open("w") as stderr:
            processes.append(subprocess.Popen(command, env=subprocess_env(), stderr=stderr))
    codes = [p.wait(timeout=600) for p in processes]
    results = list(zip(codes, (log.read_text() for log in logs), strict=True))
    assert sorted(code for code, _ in results) in ([0, 0], [0, 1])
    for code, err in results:
        if code == 1:
            assert f"another build is writing to {output} (pid " in err
    assert files_in(output) == new


def test_ctrl_c_on_the_command_line_exits_130_with_a_message_not_a_traceback(
    tmp_path, monkeypatch, capsys
):
    root = make_site(tmp_path, SITE)
    assert main(["build", str(root), "-j", "1", "-q"]) == 0
    before = files_in(root / "output")
    edited(root)
    monkeypatch.setattr(render, "render_page", crash_after(2, KeyboardInterrupt()))
    assert main(["build", str(root), "-j", "1"]) == 130
    assert capsys.readouterr().err == (
        "minutebook: interrupted; the output folder holds the previous site (or the new one, "
        "if it was already being put in place), never half of each\n"
    )
    assert files_in(root / "output") == before
