"""`minutebook serve`, as a clerk uses it: a server in a subprocess, files edited on disk.

Every wait polls with a deadline; nothing sleeps longer than it must.
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import re
import selectors
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


STOP_SECONDS = 3.0  # a stop takes at most this long (Ctrl-C, kill or a closed terminal)
SIGINT_DEFAULT, SIGINT_IGNORED = "default", "ignored"
# serve started with SIGINT as an interactive shell leaves it, or ignored, as a background job
# of a script (`minutebook serve &` in bash -c), nohup and some CI runners start it. Set here
# either way, so that a test run that is itself such a job still starts serve both ways.
LAUNCH = """
import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_IGN if sys.argv[1] == "ignored" else signal.SIG_DFL)
os.execv(sys.executable, [sys.executable, *sys.argv[2:]])
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

    def read_line(self) -> str:
        """The next line serve prints (an AssertionError if none comes within DEADLINE)."""
        assert self.process.stdout is not None
        with selectors.DefaultSelector() as selector:
            selector.register(self.process.stdout, selectors.EVENT_READ)
            if not selector.select(DEADLINE):
                raise AssertionError(f"serve printed nothing in {DEADLINE} s:\n{self.stderr()}")
        return self.process.stdout.readline()

    def stop(self, stop_signal: int = signal.SIGINT) -> tuple[int, str, float]:
        """Stop it as a terminal does (the signal to its whole process group): its exit code,
        what it printed, and how many seconds it took to end."""
        started = time.monotonic()
        os.killpg(self.process.pid, stop_signal)
        out, _ = self.process.communicate(timeout=DEADLINE)
        return self.process.returncode, out, time.monotonic() - started

    def left_behind(self) -> bool:
        """Is any process of its group still there: serve, or one it started? (An orphan's
        end is reaped by the system a moment later.)"""
        deadline = time.monotonic() + 2.0
        while True:
            try:
                os.killpg(self.process.pid, 0)
            except ProcessLookupError:
                return False
            if time.monotonic() > deadline:
                return True
            time.sleep(0.02)

    def kill(self) -> None:
        """Whatever happened, no server is left running: SIGKILL to its process group."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()


# `serve` where the operating system cannot tell of changes: watchfiles fails, as without inotify.
WITHOUT_NOTIFY = """
import sys, watchfiles
def cannot(*paths, **options):
    raise OSError("no inotify here")
    yield
watchfiles.watch = cannot
sys.argv[0] = "minutebook"
from minutebook.__main__ import main
main()
"""

# `serve` whose first build takes long, as at 10,000 meetings: it says when the build starts.
SLOW_FIRST_BUILD = """
import sys, time
from minutebook.commands import serve
real, builds = serve.Preview.rebuild, []
def slow(self):
    if not builds:
        print("Building the first preview", flush=True)
        time.sleep(DEADLINE)
    builds.append(1)
    return real(self)
serve.Preview.rebuild = slow
sys.argv[0] = "minutebook"
from minutebook.__main__ import main
main()
""".replace("DEADLINE", str(DEADLINE))


# `serve` with a page whose request runs a finaliser (__del__) that waits: Python drops what a
# finaliser raises, so the KeyboardInterrupt of a stop that lands there is lost, as one landing
# in a weakref callback while garbage is collected is.
FINALISER = """
import sys, time
from minutebook.commands import serve
real = serve.Preview.__call__
class Finalised:
    def __del__(self):
        print("Finalising", flush=True)
        deadline = time.monotonic() + DEADLINE
        while time.monotonic() < deadline:
            time.sleep(0.01)
def app(self, environ, start_response):
    if environ.get("PATH_INFO", "").endswith("/finalise/"):
        Finalised()  # dropped at once: its __del__ runs now
    return real(self, environ, start_response)
serve.Preview.__call__ = app
sys.argv[0] = "minutebook"
from minutebook.__main__ import main
main()
""".replace("DEADLINE", str(DEADLINE))


def launch(
    site: Path, tmp_path: Path, *args: str, program: str | None = None, sigint: str
) -> Server:
    """serve started in a process group of its own, without waiting for it."""
    log = tmp_path / "serve.log"
    code = ["-m", "minutebook"] if program is None else ["-c", program]
    with log.open("w") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-c", LAUNCH, sigint, *code, "serve", str(site), "--port", "0", *args],
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            start_new_session=True,  # its own group: signalled, and looked for, as a whole
        )
    return Server(process, "", site, log)


def start(
    site: Path,
    tmp_path: Path,
    *args: str,
    notify: bool = True,
    sigint: str = SIGINT_DEFAULT,
    program: str | None = None,
    ready: str = r"http://\S+",
) -> Server:
    """serve started, once it prints `ready` (its address, by default)."""
    server = launch(
        site, tmp_path, *args, program=WITHOUT_NOTIFY if not notify else program, sigint=sigint
    )
    try:
        line = server.read_line()
        match = re.search(ready, line)
        assert match, (line, server.stderr())
    except BaseException:
        server.kill()
        raise
    server.url = match.group()
    return server


@contextlib.contextmanager
def serving(site: Path, tmp_path: Path, *args: str, **options: Any) -> Iterator[Server]:
    """serve started, and never left running, whatever the test does (see Server.kill)."""
    server = start(site, tmp_path, *args, **options)
    try:
        yield server
    finally:
        server.kill()


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path, MEETING)


@pytest.fixture
def server(site: Path, tmp_path: Path) -> Iterator[Server]:
    with serving(site, tmp_path) as running:
        yield running


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


def assert_stopped_cleanly(server: Server, stopped: tuple[int, str, float]) -> None:
    """Stopped within STOP_SECONDS, as a clerk expects: exit code 0, "Stopped.", no traceback,
    the preview's folder gone, and no process of it left."""
    code, out, seconds = stopped
    assert seconds < STOP_SECONDS, (seconds, out, server.stderr())
    assert code == 0, (out, server.stderr())
    assert "Stopped." in out
    assert "Traceback" not in server.stderr()
    assert not (server.site / ".minutebook-cache" / "serve").exists()
    assert not server.left_behind()


@pytest.mark.parametrize("sigint", [SIGINT_DEFAULT, SIGINT_IGNORED])
def test_ctrl_c_stops_cleanly_and_leaves_no_stray_files(site: Path, tmp_path: Path, sigint: str):
    before = set(files_in(site))
    with serving(site, tmp_path, sigint=sigint) as server:
        server.get()
        assert_stopped_cleanly(server, server.stop())
    assert set(files_in(site)) == before


@pytest.mark.parametrize("sigint", [SIGINT_DEFAULT, SIGINT_IGNORED])
def test_ctrl_c_while_it_starts_stops_it_as_cleanly(site: Path, tmp_path: Path, sigint: str):
    """A first build takes seconds in a large archive: a Ctrl-C then is not lost, and stops
    it as cleanly as later."""
    with serving(
        site, tmp_path, sigint=sigint, program=SLOW_FIRST_BUILD, ready="Building"
    ) as server:
        stopped = server.stop()
        assert "Serving the preview" not in stopped[1]
        assert_stopped_cleanly(server, stopped)


def takes_sigint_on(pid: int) -> bool:
    """Is `pid` serve itself (not the launcher before it, see LAUNCH), and does it take SIGINT
    on? (/proc/PID/status: SigCgt, the signals it has handlers for.)"""
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    caught = int(re.findall(r"SigCgt:\s*(\w+)", status)[0], 16)
    return command[1:3] == [b"-m", b"minutebook"] and bool(caught & 1 << (signal.SIGINT - 1))


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="reads /proc")
def test_ctrl_c_from_its_first_moment_stops_it(site: Path, tmp_path: Path):
    """Started with SIGINT ignored, serve takes SIGINT on before it loads the rest of
    Minutebook: sent at once, while it loads or builds, it stops it as cleanly as later."""
    server = launch(site, tmp_path, sigint=SIGINT_IGNORED)
    try:
        deadline = time.monotonic() + DEADLINE
        while not takes_sigint_on(server.process.pid):
            assert server.process.poll() is None, server.stderr()
            assert time.monotonic() < deadline, "serve never took SIGINT on"
            time.sleep(0.001)
        assert_stopped_cleanly(server, server.stop())
    finally:
        server.kill()


@pytest.mark.parametrize("sigint", [SIGINT_DEFAULT, SIGINT_IGNORED])
def test_a_ctrl_c_that_python_drops_still_stops_it(site: Path, tmp_path: Path, sigint: str):
    with serving(site, tmp_path, sigint=sigint, program=FINALISER) as server:

        def ask() -> None:
            with contextlib.suppress(OSError):  # (the answer may be cut short by the stop)
                server.get("finalise/")

        request = threading.Thread(target=ask)
        request.start()
        try:
            assert server.read_line() == "Finalising\n"
            code, out, seconds = server.stop()
        finally:
            request.join(DEADLINE)
    assert "Exception ignored in" in server.stderr()  # the KeyboardInterrupt was dropped
    assert seconds < STOP_SECONDS, (seconds, out, server.stderr())
    assert code == 0
    assert "Stopped." in out
    assert not (site / ".minutebook-cache" / "serve").exists()
    assert not server.left_behind()


def test_twenty_starts_and_stops_in_a_row(site: Path, tmp_path: Path):
    """Ctrl-C every time: with SIGINT left as it is and ignored, in turn."""
    before = set(files_in(site))
    for round_number in range(20):
        sigint = [SIGINT_DEFAULT, SIGINT_IGNORED][round_number % 2]
        with serving(site, tmp_path, sigint=sigint) as server:
            assert server.get()[0] == 200
            assert_stopped_cleanly(server, server.stop())
    assert set(files_in(site)) == before


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
    with serving(site, tmp_path) as server:
        assert server.url.endswith("/minutes/")
        status, body = server.get(MEETING_PAGE)
        assert status == 200
        assert 'href="/minutes/static/style.css"' in body
        root = server.url.removesuffix("minutes/")
        with urllib.request.urlopen(root, timeout=5) as response:  # / redirects to /minutes/
            assert response.url == server.url


def test_the_served_site_is_what_build_writes(site: Path, tmp_path: Path):
    config = site / "minutebook.yaml"
    config.write_text(config.read_text("utf-8") + "search: true\n", "utf-8")
    with serving(site, tmp_path, "--no-drafts") as server:
        served = files_in(site / ".minutebook-cache" / "serve")
        assert server.stop()[0] == 0
    report = build_site(site, output=tmp_path / "built")
    assert report.published
    built = files_in(tmp_path / "built")
    # but the search index, which the preview does not make (every save would be a full build)
    assert any(name.startswith("pagefind/") for name in built)

    def without_index(files: dict[str, bytes]) -> dict[str, object]:
        kept: dict[str, object] = {k: v for k, v in files.items() if not k.startswith("pagefind/")}
        manifest = json.loads(files[".minutebook-manifest.json"])["files"]
        kept[".minutebook-manifest.json"] = {
            k: v for k, v in manifest.items() if not k.startswith("pagefind/")
        }
        return kept

    assert without_index(served) == without_index(built)


def test_drafts_are_served_with_a_draft_banner(tmp_path: Path):
    site = make_site(
        tmp_path, MEETING.replace("date: 2011-02-15\n", "date: 2011-02-15\nstatus: draft\n")
    )
    with serving(site, tmp_path) as server:
        _, body = server.get(MEETING_PAGE)
        assert "DRAFT" in body


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


@pytest.mark.parametrize("sigint", [SIGINT_DEFAULT, SIGINT_IGNORED])
@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGHUP])
def test_kill_or_closing_the_terminal_stops_it_as_cleanly_as_ctrl_c(
    site: Path, tmp_path: Path, stop_signal: int, sigint: str
):
    with serving(site, tmp_path, sigint=sigint) as server:
        server.get()
        assert_stopped_cleanly(server, server.stop(stop_signal))


def test_without_change_notification_it_looks_at_the_files_itself(site: Path, tmp_path: Path):
    with serving(site, tmp_path, notify=False) as running:
        path = site / MEETING_FILE
        path.write_text(path.read_text().replace("welcomed everyone", "welcomed all members"))
        running.wait_for(MEETING_PAGE, lambda _, body: "welcomed all members" in body)
        assert_stopped_cleanly(running, running.stop())


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
