"""The command line. `main(argv)` returns an exit code: 0 success, 1 content errors, 2 usage."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

from minutebook import __version__, workers
from minutebook.build import BuildOptions, BuildReport, build
from minutebook.check import check_site
from minutebook.diagnostics import (
    Diagnostic,
    has_errors,
    render_github,
    render_json,
    render_text,
    summarise,
)

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


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
    add_strict_and_jobs(build_parser)
    build_parser.add_argument("--quiet", "-q", action="store_true", help="print only problems")
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
        return run_build(args)
    if args.command == "check":
        return run_check(args)
    parser.print_help(sys.stderr)
    return EXIT_USAGE


def is_site_folder(site: Path) -> bool:
    if site.is_dir():
        return True
    print(f"minutebook: error: the site folder {site} does not exist", file=sys.stderr)
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
            print(render_text(diagnostics, line_reader(site)))
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
        )
    )
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
    sys.exit(main())


__all__ = ["BuildReport", "main", "main_exit"]
