"""`minutebook serve`: build, serve on localhost, rebuild on every save, reload the browser.

The preview is built into `.minutebook-cache/serve/` (never into the site's output folder, so
drafts shown in the preview can never be published by accident) with exactly the pipeline of
`minutebook build`. A build that fails keeps the last good pages and puts the problems in
front of the clerk: a banner on every page and a problems page, rendered by the theme and
readable without JavaScript, and the same text in the terminal.
"""

from __future__ import annotations

import logging
import mimetypes
import os
import posixpath
import shutil
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from markupsafe import escape

from minutebook.archive.site_pages import PROBLEMS_URL, problems_page
from minutebook.archive.urls import Urls
from minutebook.commands.build import build
from minutebook.commands.stopping import raise_if_asked, restore_handlers, stop_on_signals
from minutebook.core.cache import CACHE_DIR, Store
from minutebook.core.diagnostics import Diagnostic, Severity, has_errors, render_text
from minutebook.core.model import SiteConfig
from minutebook.output import render
from minutebook.output.options import BuildOptions, BuildReport
from minutebook.reading.config import CONFIG_NAME
from minutebook.reading.loading import find_meetings, load_config
from minutebook.reading.sources import RACY_NS

SERVE_DIR = "serve"
POLL_SECONDS = 0.1
NOTICE_MS = 30  # a save is told once the file system has been quiet this long (watchfiles' step)
ASK_SECONDS = 0.03  # how often serve asks the ChangeListener what changed
WATCH_WAKE_MS = 250  # an idle watch wakes this often, to see whether it should stop
WATCH_SETUP_SECONDS = 5.0  # longer, and `serve` looks at the files itself
STOP_LOOK_MS = 100  # how often serve looks whether a stop was asked for (see stopping.py)
# How long after a build the meeting files are looked at again (Preview.settle): past the
# two seconds in which a file just written cannot be vouched for by its stamp.
SETTLE_SECONDS = RACY_NS / 1e9 + 0.5
RELOAD_THROTTLE_SECONDS = 0.3  # livereload's default of 3 s would swallow a second quick save
EDITOR_JUNK_SUFFIXES = ("~", ".swp", ".swo", ".swx", ".swpx", ".tmp", ".bak", ".crswap")
EDITOR_JUNK_PREFIXES = (".#", "#", ".~")

StartResponse = Callable[[str, list[tuple[str, str]]], Any]


def is_editor_junk(path: str) -> bool:
    """Swap, backup and lock files editors write beside the file being saved."""
    name = Path(path).name
    return (
        name.endswith(EDITOR_JUNK_SUFFIXES)
        or name.startswith(EDITOR_JUNK_PREFIXES)
        or name == "4913"  # vim's write test
        or (name.startswith(".") and name.endswith(".md.tmp"))
    )


@dataclass
class Preview:
    """The state of one preview: where it is built and what went wrong last time."""

    site_root: Path
    drafts: bool = True
    output: Path = field(init=False)
    problems: list[Diagnostic] = field(default_factory=list)
    config: SiteConfig | None = None
    last: BuildReport | None = None

    def log(self, message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    def __post_init__(self) -> None:
        self.output = self.site_root / CACHE_DIR / SERVE_DIR
        # Parsed meetings and page fingerprints stay in memory between rebuilds (a rebuild of
        # 1,000 meetings would otherwise spend most of its time loading and saving them).
        self.store = Store(self.site_root, in_memory=True)

    def rebuild(self) -> bool:
        """Build again; on failure keep the last good pages and remember the problems."""
        started = time.perf_counter()
        config, _ = load_config(self.site_root)
        self.config = config or self.config
        try:
            # No search index: made whole, it would make every save a full build. The
            # preview's search page says it could not load the index.
            options = BuildOptions(
                self.site_root,
                self.output,
                drafts=self.drafts,
                store=self.store,
                own_output=True,
                search_index=False,
            )
            report = build(options)
        except Exception as exc:  # a bug of ours must not stop the preview either
            self.log(f"minutebook serve: the build failed unexpectedly: {exc!r}")
            return False
        self.last = report
        failed = not report.published or has_errors(report.diagnostics)
        self.problems = list(report.diagnostics)
        if report.diagnostics:
            self.log(render_text(report.diagnostics, self.read_lines))
        seconds = time.perf_counter() - started
        if failed:
            self.log(
                f"Not updated ({seconds:.2f} s): fix the problems above; "
                "the preview keeps the last good pages."
            )
        else:
            self.log(f"Updated in {seconds:.2f} s: {report.written} files written.")
        return not failed

    def settle(self) -> None:
        """Look at the meeting files again once they are old enough to be vouched for by
        their stamps. A file read less than two seconds after it was written (a checkout or
        a copy just before the preview started) is read again by the next build (see
        sources.RACY_NS): at 10,000 meetings, a second added to the first save. Read now,
        while the preview waits, they are settled for it. (Run when a build is 2.5 s old.)"""
        if self.config is not None:
            find_meetings(self.site_root, self.config.max_file_size, self.store)

    def read_lines(self, relative: str) -> Sequence[str] | None:
        try:
            text = (self.site_root / relative).read_bytes().decode("utf-8", "replace")
        except OSError:
            return None
        return text.replace("\r\n", "\n").split("\n")

    @property
    def errors(self) -> list[Diagnostic]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def urls(self) -> Urls:
        return Urls(self.config.base_url if self.config else "/")

    # -- serving ------------------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """A WSGI app: the built files under the base path, with the problems shown on top."""
        path = unquote(environ.get("PATH_INFO") or "/")
        base = self.urls.base_path
        if path == base + PROBLEMS_URL:
            return self._respond(start_response, "200 OK", "text/html", self.problems_html())
        if not path.startswith(base):
            if path in ("/", base.rstrip("/")):
                start_response("302 Found", [("Location", base)])
                return [b""]
            return self._not_found(start_response)
        relative = posixpath.normpath(path[len(base) :] or ".")
        if relative.startswith("..") or relative.startswith("/"):
            return self._not_found(start_response)
        target = self.output / relative
        if target.is_dir():
            if not path.endswith("/"):
                start_response("301 Moved Permanently", [("Location", path + "/")])
                return [b""]
            target = target / "index.html"
        if not target.is_file():
            return self._not_found(start_response)
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        return self._respond(start_response, "200 OK", kind, target.read_bytes())

    def _not_found(self, start_response: StartResponse) -> Iterable[bytes]:
        page = self.output / "404.html"
        body = page.read_bytes() if page.is_file() else b"<h1>Page not found</h1>"
        return self._respond(start_response, "404 Not Found", "text/html", body)

    def _respond(
        self, start_response: StartResponse, status: str, kind: str, body: bytes
    ) -> Iterable[bytes]:
        if kind == "text/html":
            body = self.with_banner(body)
            kind = "text/html; charset=utf-8"
        start_response(
            status,
            [
                ("Content-Type", kind),
                ("Content-Length", str(len(body))),
                ("Cache-Control", "no-store"),
            ],
        )
        return [body]

    def with_banner(self, html: bytes) -> bytes:
        """Put the problems at the top of every page while there are any (no JavaScript)."""
        if not self.errors:
            return html
        first = self.errors[0]
        more = len(self.errors) - 1
        banner = (
            '<div class="preview-problems" role="alert"><p><strong>Not updated: '
            f"{escape(str(first.span))}</strong>: {escape(first.message)}"
            + (f" (and {more} more)" if more else "")
            + f'. <a href="{escape(self.urls.home() + PROBLEMS_URL)}">See the problems and how to '
            "fix them</a>.</p></div>"
        ).encode()
        start = html.find(b"<body")
        end = html.find(b">", start) + 1 if start >= 0 else 0
        return html[:end] + banner + html[end:]

    def problems_html(self) -> bytes:
        config = self.config or SiteConfig(title="Minutebook preview")
        spec = problems_page(config, self.problems, self.read_lines)
        dirs = render.theme_dirs(self.site_root, config.theme)
        strings, _ = render.load_strings(dirs, config.language)  # a broken file: English
        try:
            return render.render_page(render.make_environment(dirs, strings), spec).data
        except render.TemplateProblem as problem:  # a broken theme: show its problem plainly
            text = render_text([*self.problems, problem.diagnostic], self.read_lines)
            return f"<!doctype html><title>Problems</title><pre>{escape(text)}</pre>".encode()


def free_port(host: str, port: int) -> int | None:
    """`port` if it can be listened on, else None; port 0 means any free port."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return None
        return int(probe.getsockname()[1])


def next_free_port(host: str, port: int, tries: int = 50) -> int | None:
    return next((p for p in range(port + 1, port + tries) if free_port(host, p)), None)


def watched_paths(site_root: Path) -> list[Path]:
    """What a clerk edits: the minutes, the config and the site's own theme files."""
    return [site_root / "content", site_root / CONFIG_NAME, site_root / "themes"]


class ChangeListener:
    """The files that changed, as the operating system tells them (inotify, through watchfiles),
    instead of a look at every file ten times a second: at 10,000 meetings each look takes
    37 ms, a third of a core while the preview sits idle.

    The site folder itself is watched (the config, and a content/ or themes/ made, deleted or
    replaced later), and each of the watched folders below it with everything in it. `failed`
    is set when the operating system cannot tell (no inotify, too many watches): then `serve`
    looks itself.
    """

    def __init__(self, site_root: Path) -> None:
        self.site_root = site_root
        self.failed = False
        self._changed: set[str] = set()
        self._folders: dict[Path, threading.Event] = {}  # watched folder → its watch's stop
        self._lock = threading.Lock()
        self._stop = threading.Event()
        # Called (in a watching thread) once changes are told: serve then looks at once,
        # rather than at its next periodic look.
        self.on_change: Callable[[], None] | None = None

    def start(self) -> None:
        """Watch, and return once the watches are set up (a save before that would be lost)."""
        folders = watched_paths(self.site_root)
        ready = [self._watch_folder(folder, told=False) for folder in folders]
        ready.append(self._listen_to(self.site_root, recursive=False, stop=self._stop))
        for event in ready:
            if event is not None and not event.wait(WATCH_SETUP_SECONDS):
                self.failed = True

    def stop(self) -> None:
        with self._lock:
            for stop in [self._stop, *self._folders.values()]:
                stop.set()

    def take(self) -> set[str]:
        """The paths changed since the last take (editor junk included: the caller decides)."""
        with self._lock:
            taken, self._changed = self._changed, set()
        return taken

    def _watch_folder(self, folder: Path, *, told: bool = True) -> threading.Event | None:
        """Watch `folder` afresh (a folder made again is a new folder to the OS). `told`: the
        folder itself is told as changed once watched, for what was put in it before."""
        with self._lock:
            if self._stop.is_set():
                return None
            if folder in self._folders:
                self._folders.pop(folder).set()
            if not folder.is_dir():
                return None
            stop = self._folders[folder] = threading.Event()
        return self._listen_to(folder, recursive=True, stop=stop, told=told)

    def _listen_to(
        self, path: Path, *, recursive: bool, stop: threading.Event, told: bool = False
    ) -> threading.Event:
        ready = threading.Event()
        arguments = (path, recursive, stop, ready, told)
        threading.Thread(target=self._listen, args=arguments, daemon=True).start()
        return ready

    def _listen(
        self, path: Path, recursive: bool, stop: threading.Event, ready: threading.Event, told: bool
    ) -> None:
        import watchfiles  # only serving needs it

        try:
            for changes in watchfiles.watch(
                path,
                watch_filter=None,  # editor junk is told apart where watched paths are
                step=NOTICE_MS,
                stop_event=stop,
                rust_timeout=WATCH_WAKE_MS,
                yield_on_timeout=True,  # the first yield says the watch is set up
                raise_interrupt=False,
                recursive=recursive,
            ):
                names = {name for _, name in changes}
                if not ready.is_set():
                    ready.set()
                    names |= {str(path)} if told else set()
                with self._lock:
                    self._changed |= names
                if names and self.on_change is not None:
                    self.on_change()
                if not recursive:
                    for folder in watched_paths(self.site_root):
                        if str(folder) in names:  # made, deleted or replaced
                            self._watch_folder(folder)
        except Exception:  # e.g. too many watches: said below
            pass
        finally:
            ready.set()  # set up or not, `start` need not wait any longer
        # Ended unasked: the site folder's watch must never end, nor a folder's while the folder
        # is there (a deleted one ends its watch, and is watched again once made again).
        if not stop.is_set() and (not recursive or path.is_dir()):
            self.failed = True


def serve(
    site_root: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    drafts: bool = True,
    open_browser: bool = False,
) -> int:
    """Serve until Ctrl-C, `kill` or the terminal closes, each of which stops it the same clean
    way at any moment, while it starts too (the preview's folder removed, "Stopped.", exit
    code 0). Returns an exit code (2 when the port cannot be used)."""
    before = stop_on_signals()  # (`python -m minutebook serve` set them earlier still)
    try:
        raise_if_asked()
        return _serve(site_root, host, port, drafts=drafts, open_browser=open_browser)
    except KeyboardInterrupt:  # before there was anything to clean up
        print("Stopped.", flush=True)
        return 0
    finally:
        restore_handlers(before)


def _serve(site_root: Path, host: str, port: int, *, drafts: bool, open_browser: bool) -> int:
    # Imported here: only serving needs tornado and livereload.
    from livereload import Server
    from livereload.handlers import LiveReloadHandler
    from livereload.watcher import Watcher
    from tornado import ioloop

    chosen = free_port(host, port)
    if chosen is None:
        suggestion = next_free_port(host, port)
        hint = f"run  minutebook serve --port {suggestion}  or " if suggestion else ""
        print(
            f"minutebook serve: port {port} on {host} is already in use; "
            f"{hint}use --port 0 to take any free port",
            file=sys.stderr,
        )
        return 2

    class QuickWatcher(Watcher):  # type: ignore[misc]
        """Polls every 0.1 s (livereload's own loop waits 0.8 s) and ignores editor junk."""

        def start(self, callback: Callable[[], None]) -> bool:
            ioloop.PeriodicCallback(callback, POLL_SECONDS * 1000).start()
            return True

        def ignore(self, filename: str) -> bool:
            return is_editor_junk(filename)

        def is_folder_changed(self, path: str, ignore: Callable[[str], bool] | None = None) -> bool:
            """livereload's own check, with os.scandir: one stat a file instead of two, and
            never through a link to a folder (nor does `build` read those). Every poll
            looks at every file: 37 ms instead of 64 ms at 10,000 meetings."""
            changed = False
            folders = [path]
            while folders:
                try:
                    listing = os.scandir(folders.pop())
                except OSError:
                    continue
                with listing:
                    for entry in listing:
                        if entry.is_dir(follow_symlinks=False):
                            if entry.name not in self.ignored_dirs:
                                folders.append(entry.path)
                        elif not (self.ignore(entry.path) or (ignore and ignore(entry.path))):
                            changed = self._file_changed(entry) or changed
            return changed

        def _file_changed(self, entry: os.DirEntry[str]) -> bool:
            try:
                mtime = entry.stat().st_mtime
            except OSError:  # deleted since it was listed: the next poll sees it gone
                return False
            self._new_mtimes[entry.path] = mtime
            known = self._task_mtimes.get(entry.path)
            if (mtime > self._start) if known is None else (known != mtime):
                self.filepath = entry.path
                return True
            return False

    class NotifiedWatcher(QuickWatcher):
        """Asks the ChangeListener what changed every 0.1 s, instead of looking at every file;
        looks itself (as QuickWatcher) if the operating system cannot tell."""

        def __init__(self, listener: ChangeListener) -> None:
            super().__init__()
            self.listener = listener
            self.taken: set[str] = set()
            self.looked = 0.0  # when it last looked at every file itself (see examine)

        def start(self, callback: Callable[[], None]) -> bool:
            # Told of a save, the server's loop looks at once (add_callback is the one call
            # safe from another thread): 15 ms sooner on average than at the next look.
            loop = ioloop.IOLoop.current()
            self.listener.on_change = lambda: loop.add_callback(callback)
            self.listener.start()
            # Asking the listener costs next to nothing: ask more often than one could look.
            ioloop.PeriodicCallback(callback, ASK_SECONDS * 1000).start()
            return True

        def examine(self) -> tuple[str | None, float | None]:
            if self._changes:  # livereload answers with one of those, looking at nothing
                pass
            elif not self.listener.failed:
                self.taken = self.listener.take()
            elif time.monotonic() - self.looked < POLL_SECONDS:
                return None, None  # looking at every file: only every POLL_SECONDS
            else:
                self.looked = time.monotonic()
            found: tuple[str | None, float | None] = super().examine()
            return found

        def is_changed(self, path: str, ignore: Callable[[str], bool] | None = None) -> bool:
            if self.listener.failed:
                return bool(super().is_changed(path, ignore))
            inside = path + os.sep
            hits = sorted(
                name
                for name in self.taken
                if (name == path or name.startswith(inside))
                and not (self.ignore(name) or (ignore and ignore(name)))
            )
            if hits:
                self.filepath = hits[0]
            return bool(hits)

    class QuietServer(Server):  # type: ignore[misc]
        """livereload logs every request and task; the clerk needs only our own lines."""

        def _setup_logging(self) -> None:
            logging.getLogger("livereload").setLevel(logging.WARNING)
            logging.getLogger("tornado.access").setLevel(logging.ERROR)

    preview = Preview(site_root.resolve(), drafts=drafts)
    settling: list[object] = []  # the settle to come (see Preview.settle), if any

    def rebuild() -> bool:
        built = preview.rebuild()
        loop = ioloop.IOLoop.current()
        for timeout in settling:
            loop.remove_timeout(timeout)
        settling[:] = [loop.call_later(SETTLE_SECONDS, preview.settle)]
        return built

    listener = ChangeListener(preview.site_root)
    # From the first build on, a stop (KeyboardInterrupt, see stopping.py) leaves nothing behind.
    try:
        rebuild()
        raise_if_asked()
        # … and while it serves (a stop raised where it was lost, see stopping.py).
        ioloop.PeriodicCallback(raise_if_asked, STOP_LOOK_MS).start()
        LiveReloadHandler.DEFAULT_RELOAD_TIME = RELOAD_THROTTLE_SECONDS
        server = QuietServer(app=preview, watcher=NotifiedWatcher(listener))
        for path in watched_paths(preview.site_root):
            server.watch(str(path), rebuild)
        url = f"http://{host if ':' not in host else f'[{host}]'}:{chosen}{preview.urls.base_path}"
        # Said once the loop runs, i.e. once the server listens: the URL works when it is shown.
        ioloop.IOLoop.current().add_callback(
            lambda: print(f"Serving the preview at {url}  (Ctrl-C to stop)", flush=True)
        )
        server.serve(  # (livereload ends it quietly on KeyboardInterrupt)
            port=chosen,
            host=host,
            restart_delay=0,
            open_url_delay=0.5 if open_browser else None,
            debug=False,
        )
    except KeyboardInterrupt:
        pass
    finally:
        listener.stop()
        shutil.rmtree(preview.output, ignore_errors=True)
        preview.store.flush()  # the next preview or build starts warm
    print("Stopped.", flush=True)
    return 0
