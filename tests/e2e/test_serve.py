"""`minutebook serve`, as a clerk uses it: a server in a subprocess, files edited on disk.

Every wait polls with a deadline; nothing sleeps longer than it must.
"""

from __future__ import annotations

import html
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import MEETING, build_site, files_in, make_site
from minutebook.commands.serve import is_editor_junk

DEADLINE = 15.0
SECOND_MEETING = """\
-- content/safer-halton-partnership/2011-04-20.md --
---
organisation: Safer Halton Partnership
date: 2011-04-20
---

## SHP51 Welcome

The chair welcomed everyone.
"""


@dataclass
class Server:
    process: subprocess.Popen[str]
    url: str
    site: Path
    log: Path

    def get(self, path: str = "") -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=5) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8")

    def wait_for(self, path: str, check: Callable[[int, str], bool]) -> tuple[int, str]:
        deadline = time.monotonic() + DEADLINE
        while True:
            status, body = self.get(path)
            if check(status, body):
                return status, body
            if time.monotonic() > deadline:
                raise AssertionError(f"{path}: gave up waiting; last {status}:\n{body[:2000]}")
            time.sleep(0.05)

    def stderr(self) -> str:
        return self.log.read_text("utf-8")


# `serve` where the operating system cannot tell of changes: watchfiles fails, as without inotify.
WITHOUT_NOTIFY = """
import sys, watchfiles
def cannot(*paths, **options):
    raise OSError("no inotify here")
    yield
watchfiles.watch = cannot
sys.argv[0] = "minutebook"
from minutebook.commands.cli import main_exit
main_exit()
"""


def start(site: Path, tmp_path: Path, *args: str, notify: bool = True) -> Server:
    log = tmp_path / "serve.log"
    program = ["-m", "minutebook"] if notify else ["-c", WITHOUT_NOTIFY]
    process = subprocess.Popen(
        [sys.executable, *program, "serve", str(site), "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=log.open("w"),
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    match = re.search(r"http://\S+", line)
    assert match, (line, log.read_text())
    return Server(process, match.group(), site, log)


def stop(server: Server) -> tuple[int, str]:
    server.process.send_signal(signal.SIGINT)
    out, _ = server.process.communicate(timeout=DEADLINE)
    return server.process.returncode, out


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path, MEETING)


@pytest.fixture
def server(site: Path, tmp_path: Path) -> Iterator[Server]:
    running = start(site, tmp_path)
    yield running
    if running.process.poll() is None:
        running.process.kill()
        running.process.wait()


MEETING_PAGE = "meetings/2011/02/15/safer-halton-partnership/"
MEETING_FILE = "content/safer-halton-partnership/2011-02-15.md"


def test_it_serves_the_site_on_localhost_with_the_livereload_script(server: Server):
    assert server.url.startswith("http://127.0.0.1:")
    status, body = server.get(MEETING_PAGE)
    assert status == 200
    assert "David Parr welcomed everyone." in body
    assert "livereload.js" in body
    status, body = server.get("no/such/page/")
    assert status == 404
    assert "Page not found" in body


def test_saving_a_meeting_updates_its_page(server: Server):
    path = server.site / MEETING_FILE
    path.write_text(path.read_text().replace("welcomed everyone", "welcomed all members"))
    server.wait_for(MEETING_PAGE, lambda _, body: "welcomed all members" in body)
    # A second save a moment later is picked up too.
    path.write_text(path.read_text().replace("all members", "the new members"))
    server.wait_for(MEETING_PAGE, lambda _, body: "welcomed the new members" in body)


def test_an_atomic_save_through_a_temporary_file_is_picked_up(server: Server):
    path = server.site / MEETING_FILE
    temporary = path.with_name(".2011-02-15.md.tmp")
    temporary.write_text(path.read_text().replace("welcomed everyone", "welcomed guests"))
    temporary.replace(path)
    server.wait_for(MEETING_PAGE, lambda _, body: "welcomed guests" in body)


def test_adding_and_deleting_a_meeting_updates_every_index(server: Server):
    new = server.site / "content/safer-halton-partnership/2011-04-20.md"
    new.write_text(SECOND_MEETING.split("--\n", 1)[1])
    server.wait_for("meetings/2011/04/20/safer-halton-partnership/", lambda s, _: s == 200)
    _, organisation = server.get("organisations/safer-halton-partnership/")
    assert "/meetings/2011/04/20/safer-halton-partnership/" in organisation
    _, first = server.get(MEETING_PAGE)
    assert 'rel="next"' in first
    new.unlink()
    server.wait_for("meetings/2011/04/20/safer-halton-partnership/", lambda s, _: s == 404)
    _, organisation = server.get("organisations/safer-halton-partnership/")
    assert "2011/04/20" not in organisation


def test_a_broken_file_shows_the_problem_and_keeps_the_last_good_pages(server: Server):
    path = server.site / MEETING_FILE
    good = path.read_text()
    path.write_text(good.replace("date: 2011-02-15", "date: 15/02/2011"))
    status, body = server.wait_for(MEETING_PAGE, lambda _, body: "preview-problems" in body)
    assert status == 200
    assert "David Parr welcomed everyone." in body  # the last good page, still there
    assert f"{MEETING_FILE}:3:7" in body
    _, problems = server.get("_minutebook/problems/")
    assert f"{MEETING_FILE}:3:7" in problems
    assert "date: 15/02/2011" in problems  # the offending source line
    assert "write it as 2011-02-15" in problems  # the fix
    # Readable without JavaScript: the only script is livereload's, which the server injects.
    assert problems.count("<script") == 1
    assert "livereload" in problems.split("<script", 1)[1].split("</script>", 1)[0]
    assert f"{MEETING_FILE}:3:7: error:" in server.stderr()  # the terminal says the same
    path.write_text(good)
    server.wait_for(MEETING_PAGE, lambda _, body: "preview-problems" not in body)
    _, problems = server.get("_minutebook/problems/")
    assert "There are no problems" in problems


def test_a_link_that_leads_nowhere_is_on_the_problems_page(server: Server):
    """A warning: the page is updated, and the problems page says where the link is and what
    file it may have meant."""
    path = server.site / MEETING_FILE
    (path.parent / "report-q2.pdf").write_text("%PDF-1.4 pretend\n")
    text = path.read_text().rstrip("\n") + "\n\nThe [report](report-q1.pdf) was noted.\n"
    path.write_text(text)
    line = text.count("\n")
    server.wait_for(MEETING_PAGE, lambda _, body: "<p>The report was noted.</p>" in body)
    _, problems = server.get("_minutebook/problems/")
    problems = html.unescape(problems)
    assert f"{MEETING_FILE}:{line}:14" in problems
    assert "the link 'report-q1.pdf' points to a file that does not exist" in problems
    assert "perhaps to 'report-q2.pdf'" in problems


def test_editor_swap_and_backup_files_are_ignored(server: Server):
    folder = server.site / "content/safer-halton-partnership"
    updates = server.stderr().count("Updated in")
    for name in (".2011-02-15.md.swp", "2011-02-15.md~", ".#2011-02-15.md", "4913"):
        (folder / name).write_text("---\nnot: a meeting\n")
    time.sleep(0.5)  # several polls: long enough for a rebuild to have started
    assert server.stderr().count("Updated in") == updates
    assert "error" not in server.stderr()


@pytest.mark.parametrize(
    ("name", "junk"),
    [
        (".2011-02-15.md.swp", True),
        ("2011-02-15.md~", True),
        (".#2011-02-15.md", True),
        ("4913", True),
        ("#2011-02-15.md#", True),
        ("2011-02-15.md", False),
        ("minutebook.yaml", False),
    ],
)
def test_editor_junk_is_recognised(name: str, junk: bool):
    assert is_editor_junk(f"/site/content/{name}") is junk


def test_ctrl_c_stops_cleanly_and_leaves_no_stray_files(site: Path, tmp_path: Path):
    before = set(files_in(site))
    server = start(site, tmp_path)
    server.get()
    code, out = stop(server)
    assert code == 0
    assert "Traceback" not in server.stderr()
    assert "Stopped." in out
    assert set(files_in(site)) == before
    assert not (site / ".minutebook-cache" / "serve").exists()


def test_a_port_in_use_is_reported_with_a_free_one_to_use(site: Path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "minutebook", "serve", str(site), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=DEADLINE,
        )
    assert result.returncode == 2
    assert f"port {port} on 127.0.0.1 is already in use" in result.stderr
    assert re.search(r"minutebook serve --port \d+", result.stderr)
    assert "--port 0" in result.stderr


def test_it_serves_under_the_path_of_base_url(tmp_path: Path):
    site = make_site(
        tmp_path,
        MEETING + "-- minutebook.yaml --\ntitle: T\nbase_url: https://example.org/minutes/\n",
    )
    server = start(site, tmp_path)
    try:
        assert server.url.endswith("/minutes/")
        status, body = server.get(MEETING_PAGE)
        assert status == 200
        assert 'href="/minutes/static/style.css"' in body
        root = server.url.removesuffix("minutes/")
        with urllib.request.urlopen(root, timeout=5) as response:  # / redirects to /minutes/
            assert response.url == server.url
    finally:
        stop(server)


def test_the_served_site_is_what_build_writes(site: Path, tmp_path: Path):
    server = start(site, tmp_path, "--no-drafts")
    try:
        served = files_in(site / ".minutebook-cache" / "serve")
    finally:
        stop(server)
    report = build_site(site, output=tmp_path / "built")
    assert report.published
    assert served == files_in(tmp_path / "built")


def test_drafts_are_served_with_a_draft_banner(tmp_path: Path):
    site = make_site(
        tmp_path, MEETING.replace("date: 2011-02-15\n", "date: 2011-02-15\nstatus: draft\n")
    )
    server = start(site, tmp_path)
    try:
        _, body = server.get(MEETING_PAGE)
        assert "DRAFT" in body
    finally:
        stop(server)


def test_an_open_browser_tab_reloads_itself_after_a_save(server: Server, browser):
    """The clerk's view: the page changes on its own, without touching the browser."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(server.url + MEETING_PAGE)
        assert "David Parr welcomed everyone." in page.inner_text("main")
        # livereload.js connects over a websocket; the protocol is set once the server has
        # answered its hello, and the server registers the tab on the message right after.
        page.wait_for_function(
            "() => window.LiveReload && window.LiveReload.connector"
            " && window.LiveReload.connector.protocol",
            timeout=10_000,
        )
        time.sleep(0.2)
        path = server.site / MEETING_FILE
        path.write_text(path.read_text().replace("welcomed everyone", "welcomed the press"))
        page.wait_for_function(
            "() => document.querySelector('main').innerText.includes('welcomed the press')",
            timeout=DEADLINE * 1000,
        )
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_problems_page_and_banner_meet_wcag_aa(server: Server, browser, scheme: str):
    """The preview's error overlay is read by the same clerks, on the same screens."""
    from e2e.test_accessibility import AXE, violations

    path = server.site / MEETING_FILE
    path.write_text(path.read_text().replace("date: 2011-02-15", "date: 15/02/2011"))
    server.wait_for(MEETING_PAGE, lambda _, body: "preview-problems" in body)
    context = browser.new_context(color_scheme=scheme)
    context.add_init_script(path=str(AXE))
    try:
        tab = context.new_page()
        for page in ("_minutebook/problems/", MEETING_PAGE):
            tab.goto(server.url + page)
            assert violations(tab) == [], page
    finally:
        context.close()


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGHUP])
def test_kill_or_closing_the_terminal_stops_it_as_cleanly_as_ctrl_c(
    site: Path, tmp_path: Path, stop_signal: int
):
    server = start(site, tmp_path)
    server.get()
    server.process.send_signal(stop_signal)
    out, _ = server.process.communicate(timeout=DEADLINE)
    assert server.process.returncode == 0
    assert "Stopped." in out
    assert "Traceback" not in server.stderr()
    assert not (site / ".minutebook-cache" / "serve").exists()


def test_without_change_notification_it_looks_at_the_files_itself(site: Path, tmp_path: Path):
    running = start(site, tmp_path, notify=False)
    try:
        path = site / MEETING_FILE
        path.write_text(path.read_text().replace("welcomed everyone", "welcomed all members"))
        running.wait_for(MEETING_PAGE, lambda _, body: "welcomed all members" in body)
    finally:
        code, _ = stop(running)
    assert code == 0


def test_files_written_just_before_the_preview_are_settled_while_it_waits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """A file read less than two seconds after it was written is read again by the next
    build (its stamp cannot vouch for it yet): after a checkout, the first save would read
    every meeting file. Settled while the preview waits, that save reads the one it changed."""
    from minutebook.commands.serve import Preview
    from minutebook.reading import loading, sources

    site = make_site(tmp_path, MEETING + SECOND_MEETING)
    preview = Preview(site.resolve())
    assert preview.rebuild()  # every file of the site was written just now
    meetings = sorted((site / "content").rglob("*.md"))
    later = time.time_ns() + 5 * sources.RACY_NS
    monkeypatch.setattr(loading, "time_ns", lambda: later)  # as if settle ran 10 s later
    preview.settle()
    monkeypatch.undo()
    read: list[str] = []
    real = sources.file_digest
    monkeypatch.setattr(
        sources, "file_digest", lambda path, *a: read.append(path.name) or real(path, *a)
    )
    meetings[0].write_text(meetings[0].read_text("utf-8") + "\nOne more line.\n", "utf-8")
    assert preview.rebuild()
    assert read == [meetings[0].name]
