"""The command line. `main(argv)` returns an exit code: 0 success, 1 content errors, 2 usage,
130 interrupted (Ctrl-C)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

from minutebook import __version__
from minutebook.commands.build import build
from minutebook.commands.check import check_site
from minutebook.commands.imports import add_import_parser, run_import
from minutebook.commands.init import (
    PLACEHOLDER,
    create_archive,
    is_empty_folder,
    placeholder_warnings,
    requirement_problem,
    this_copys_requirement,
)
from minutebook.commands.new import Refusal, draft_meeting
from minutebook.commands.schema import SCHEMAS, schema_text
from minutebook.core import workers
from minutebook.core.diagnostics import (
    Diagnostic,
    has_errors,
    render_github,
    render_json,
    render_text,
    summarise,
)
from minutebook.output.options import BuildOptions, BuildReport
from minutebook.reading.loading import build_date, load_site

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def make_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="minutebook",
        description="Turn a folder of meeting minutes into a cross-linked public website.",
    )
    parser.add_argument("--version", action="version", version=f"minutebook {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    build_parser = commands.add_parser(
        "build", help="build the site into the output folder", description="Build the site."
    )
    add_site_argument(build_parser)
    build_parser.add_argument("--output", "-o", type=Path, help="where to write the site")
    build_parser.add_argument(
        "--drafts", action="store_true", help="include draft minutes, each clearly marked"
    )
    build_parser.add_argument("--base-url", help="override base_url from minutebook.yaml")
    build_parser.add_argument(
        "--force",
        action="store_true",
        help="build into a non-empty output folder that Minutebook did not write "
        "(its other files are kept)",
    )
    add_strict_and_jobs(build_parser)
    build_parser.add_argument("--quiet", "-q", action="store_true", help="print only problems")
    build_parser.add_argument(
        "--no-cache",
        action="store_true",
        help="ignore and do not update .minutebook-cache/ (parse and render everything)",
    )
    serve_parser = commands.add_parser(
        "serve",
        help="preview the site on this computer, rebuilding as you save",
        description="Build the site (drafts included), serve it on 127.0.0.1 and rebuild "
        "and reload the browser whenever a file is saved.",
    )
    add_site_argument(serve_parser)
    serve_parser.add_argument(
        "--port", "-p", type=int, default=8000, help="port to serve on (0: any free port)"
    )
    serve_parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: only this computer can see it)",
    )
    serve_parser.add_argument(
        "--no-drafts", action="store_true", help="leave drafts out, as the published site does"
    )
    serve_parser.add_argument("--open", action="store_true", help="open the preview in a browser")
    check_parser = commands.add_parser(
        "check",
        help="check every meeting file and minutebook.yaml, without writing anything",
        description="Check the whole archive and print every problem, sorted by file and line. "
        "Exit code 1 when there are errors (or warnings, with --strict).",
    )
    add_site_argument(check_parser)
    check_parser.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="text for people (default), json for programs, github for workflow annotations",
    )
    add_strict_and_jobs(check_parser)
    new_parser = commands.add_parser(
        "new",
        help="start the file for a body's next meeting, pre-filled from its last minutes",
        description="Create the file for a body's next meeting (status: draft), pre-filled from "
        "its previous minutes: time, place, attendance and the opening items. Prints the path; "
        "never overwrites a file.",
    )
    new_parser.add_argument(
        "organisation",
        nargs="?",
        help="the body that met: its name, short name, alias or slug "
        "(may be left out when the archive holds one body's minutes)",
    )
    new_parser.add_argument(
        "date",
        nargs="?",
        help="the date of the meeting, YYYY-MM-DD (default: the next meeting named in the "
        "last minutes, if still to come, or else today)",
    )
    new_parser.add_argument(
        "--site", type=Path, default=Path(), help="the site folder (default: the current one)"
    )
    init_parser = commands.add_parser(
        "init",
        help="create a new, empty archive: configuration, an example meeting, CI and hooks",
        description="Create a new archive in DIR (a new or empty folder): minutebook.yaml, "
        "one example meeting, .gitignore, a pre-commit hook and a GitHub Pages workflow.",
    )
    init_parser.add_argument("dir", type=Path, help="the folder to create the archive in")
    init_parser.add_argument(
        "--install-from",
        metavar="REQUIREMENT",
        help="the pip requirement the workflow and the pre-commit hook install Minutebook "
        "with, e.g. 'minutebook @ git+https://github.com/OWNER/minutebook@v1.2.0' "
        "(default: where this copy was installed from, if GitHub can reach it)",
    )
    schema_parser = commands.add_parser(
        "schema",
        help="print the JSON Schema of the meeting front matter or of minutebook.yaml",
        description="Print a JSON Schema (Draft 2020-12), for editors with the YAML language "
        "server, e.g.  minutebook schema meeting > .minutebook/meeting.schema.json",
    )
    schema_parser.add_argument(
        "name",
        nargs="?",
        choices=SCHEMAS,
        default="meeting",
        help="which schema (default: meeting)",
    )
    add_import_parser(commands)
    return parser


def add_site_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "site",
        nargs="?",
        default=".",
        type=Path,
        help="the site folder, which holds minutebook.yaml (default: the current folder)",
    )


def add_strict_and_jobs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.add_argument(
        "--jobs", "-j", type=int, default=0, help="worker processes (default: one per core)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    if args.command == "build":
        try:
            return run_build(args)
        except KeyboardInterrupt:
            print(
                "minutebook: interrupted; the output folder holds the previous site "
                "(or the new one, if it was already being put in place), never half of each",
                file=sys.stderr,
            )
            return EXIT_INTERRUPTED
    if args.command == "serve":
        try:
            return run_serve(args)
        except KeyboardInterrupt:  # stopped before the preview began (see serve.serve)
            print("Stopped.", flush=True)
            return EXIT_OK
    if args.command == "check":
        return run_check(args)
    if args.command == "new":
        return run_new(args)
    if args.command == "init":
        return run_init(args)
    if args.command == "import":
        return run_import(args)
    if args.command == "schema":
        sys.stdout.write(schema_text(args.name))
        return EXIT_OK
    parser.print_help(sys.stderr)
    return EXIT_USAGE


def is_site_folder(site: Path) -> bool:
    if site.is_dir():
        return True
    complain(f"the site folder {site} does not exist")
    return False


def run_check(args: argparse.Namespace) -> int:
    site: Path = args.site
    if not is_site_folder(site):
        return EXIT_USAGE
    jobs = max(0, args.jobs) or workers.default_jobs()
    checked = check_site(site, drafts=True, jobs=jobs)
    diagnostics = checked.diagnostics
    if args.format == "json":
        print(render_json(diagnostics))
    elif args.format == "github":
        if diagnostics:
            print(render_github(diagnostics, repository_prefix(site)))
        print(f"minutebook check: {summarise(diagnostics)}")
    else:
        if diagnostics:
            print(render_text(diagnostics, line_reader(site), in_full=None))
        files = len(checked.site.sources)
        plural = "s" * (files != 1)
        print(f"minutebook check: {summarise(diagnostics)} in {files} meeting file{plural}")
    return EXIT_CONTENT if checked.is_failure(strict=args.strict) else EXIT_OK


def repository_prefix(site: Path) -> str:
    """The site folder as seen from the current folder (where CI runs, at the repository root)."""
    try:
        relative = site.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return ""
    return "" if relative == "." else relative + "/"


def run_new(args: argparse.Namespace) -> int:
    site: Path = args.site
    if not is_site_folder(site):
        return EXIT_USAGE
    organisation: str | None = args.organisation
    date_text: str | None = args.date
    if date_text is None and organisation is not None and ISO_DATE.match(organisation):
        organisation, date_text = None, organisation  # `minutebook new 2011-04-20`
    date = iso_date(date_text) if date_text is not None else None
    if date_text is not None and date is None:
        return complain(f"the date '{date_text}' is not a date like 2011-04-20")
    loaded = load_site(site, jobs=workers.default_jobs())
    if loaded.config is None:
        print_diagnostics(loaded.diagnostics, site)
        return EXIT_CONTENT
    draft = draft_meeting(loaded.config, loaded.meetings, organisation, date, build_date())
    if isinstance(draft, Refusal):
        return complain(draft.message, EXIT_USAGE if draft.is_usage else EXIT_CONTENT)
    path = site / draft.path
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as file:  # "x": never overwrite, even in a race
            file.write(draft.text)
    except FileExistsError:
        return complain(
            f"{path} already exists; nothing was written (edit that file, or give another date)",
            EXIT_CONTENT,
        )
    print(path)
    return EXIT_OK


def run_init(args: argparse.Namespace) -> int:
    folder: Path = args.dir
    given: str | None = args.install_from
    problem = None if given is None else requirement_problem(given)
    if problem is not None:
        return complain(f"{problem}; nothing was written")
    if folder.exists() and not is_empty_folder(folder):
        what = "a file" if not folder.is_dir() else "a folder that is not empty"
        return complain(
            f"{folder} is {what}; nothing was written (init only fills a new or empty folder)",
            EXIT_CONTENT,
        )
    requirement = given.strip() if given is not None else this_copys_requirement()
    made = create_archive(folder, requirement or PLACEHOLDER)
    print(f"Created a new archive in {folder}:")
    for path in made:
        print(f"  {path.relative_to(folder).as_posix()}")
    if requirement is None:
        sys.stdout.flush()  # the warnings come after the list, even when both go to one file
        print(render_text(placeholder_warnings(folder), line_reader(Path())), file=sys.stderr)
    print(
        f"Next: cd {folder}, edit minutebook.yaml, then run  minutebook check  and  "
        "minutebook build  (see README.md)."
    )
    return EXIT_OK


def complain(message: str, code: int = EXIT_USAGE) -> int:
    """Say why the command did nothing, on stderr; returns the exit code."""
    print(f"minutebook: error: {message}", file=sys.stderr)
    return code


def iso_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if ISO_DATE.match(text) else None
    except ValueError:
        return None


def run_build(args: argparse.Namespace) -> int:
    site: Path = args.site
    if not is_site_folder(site):
        return EXIT_USAGE
    output = args.output
    report = build(
        BuildOptions(
            site_root=site,
            output=output,
            drafts=args.drafts,
            base_url=args.base_url,
            jobs=max(0, args.jobs),
            strict=args.strict,
            use_cache=not args.no_cache,
            progress=None if args.quiet or not sys.stderr.isatty() else show_progress,
            force=args.force,
        )
    )
    if not args.quiet and sys.stderr.isatty():
        print("\r\033[K", end="", file=sys.stderr)  # clear the progress line
    print_diagnostics(report.diagnostics, site)
    if not report.published or has_errors(report.diagnostics, strict=args.strict):
        print(
            f"minutebook: nothing was published ({summarise(report.diagnostics)}); "
            "the previous site is unchanged",
            file=sys.stderr,
        )
        return EXIT_CONTENT
    if not args.quiet:
        print(f"Built {report.output}: {report.summary()}")
    return EXIT_OK


def run_serve(args: argparse.Namespace) -> int:
    from minutebook.commands.serve import serve

    site: Path = args.site
    if not is_site_folder(site):
        return EXIT_USAGE
    if not 0 <= args.port <= 65535:
        complain(f"--port must be 0 to 65535, not {args.port}")
        return EXIT_USAGE
    return serve(
        site, host=args.host, port=args.port, drafts=not args.no_drafts, open_browser=args.open
    )


def show_progress(stage: str, done: int, total: int) -> None:
    """A running count on one terminal line, at most about a hundred updates per stage."""
    if done == total or done % max(1, total // 100) == 0:
        print(f"\r\033[K{stage}: {done}/{total}", end="", file=sys.stderr, flush=True)


def print_diagnostics(diagnostics: Sequence[Diagnostic], site: Path) -> None:
    if diagnostics:
        print(render_text(diagnostics, line_reader(site)), file=sys.stderr)


def line_reader(site: Path) -> Callable[[str], tuple[str, ...] | None]:
    """The lines of a site file, for the excerpt under each problem (None if unreadable)."""

    @cache
    def read_lines(relative: str) -> tuple[str, ...] | None:
        try:
            data = (site / relative).read_bytes()
        except OSError:
            return None
        return tuple(data.decode("utf-8", "replace").replace("\r\n", "\n").split("\n"))

    return read_lines


def main_exit() -> None:
    """The console-script entry point."""
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader stopped reading (`minutebook check --format json | head`): no traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = EXIT_CONTENT
    sys.exit(code)


__all__ = ["BuildReport", "main", "main_exit"]
