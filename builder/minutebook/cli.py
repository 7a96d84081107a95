"""The command line. `main(argv)` returns an exit code: 0 success, 1 content errors, 2 usage,
130 interrupted (Ctrl-C)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from minutebook import __version__
from minutebook.build import BuildOptions, BuildReport, build
from minutebook.diagnostics import Diagnostic, has_errors, render_text, summarise

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


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
    build_parser.add_argument(
        "site",
        nargs="?",
        default=".",
        type=Path,
        help="the site folder, which holds minutebook.yaml (default: the current folder)",
    )
    build_parser.add_argument("--output", "-o", type=Path, help="where to write the site")
    build_parser.add_argument(
        "--drafts", action="store_true", help="include draft minutes, each clearly marked"
    )
    build_parser.add_argument("--base-url", help="override base_url from minutebook.yaml")
    build_parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build_parser.add_argument(
        "--force",
        action="store_true",
        help="build into a non-empty output folder that Minutebook did not write "
        "(its other files are kept)",
    )
    build_parser.add_argument(
        "--jobs", "-j", type=int, default=0, help="worker processes (default: one per core)"
    )
    build_parser.add_argument("--quiet", "-q", action="store_true", help="print only problems")
    return parser


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
    parser.print_help(sys.stderr)
    return EXIT_USAGE


def run_build(args: argparse.Namespace) -> int:
    site: Path = args.site
    if not site.is_dir():
        print(f"minutebook: error: the site folder {site} does not exist", file=sys.stderr)
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
            force=args.force,
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
    if not diagnostics:
        return

    @cache
    def read_lines(relative: str) -> tuple[str, ...] | None:
        try:
            data = (site / relative).read_bytes()
        except OSError:
            return None
        return tuple(data.decode("utf-8", "replace").replace("\r\n", "\n").split("\n"))

    print(render_text(diagnostics, read_lines), file=sys.stderr)


def main_exit() -> None:
    """The console-script entry point."""
    sys.exit(main())


__all__ = ["BuildReport", "main", "main_exit"]
