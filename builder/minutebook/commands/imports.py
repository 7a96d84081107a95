"""`minutebook import`: bring an existing archive of minutes in as draft meeting files.

Exit codes: 0 every input imported (or, with --dry-run, would be); 1 some skipped or failed,
each with its reason, or a file written in which `minutebook check` finds an error; 2 the
command was given wrongly (no such path, not a site folder).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from minutebook.commands.check import check_site
from minutebook.core import workers
from minutebook.core.diagnostics import Severity
from minutebook.importing.importer import Outcome, import_files, input_files
from minutebook.importing.report import report_json, report_text
from minutebook.reading.loading import load_site

EXIT_OK, EXIT_SOME_NOT_IMPORTED, EXIT_USAGE = 0, 1, 2


def add_import_parser(commands: Any) -> None:
    """The `import` subcommand's arguments (`commands`: the main parser's subparsers)."""
    parser = commands.add_parser(
        "import",
        help="bring existing minutes (.txt, .md, .docx, .pdf) into the archive as drafts",
        description="Read each file (folders are walked) and write one draft meeting file "
        "per input under content/, never overwriting; report what was found and every "
        "field to check, with the line of the source it came from.",
    )
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders")
    parser.add_argument(
        "--site", type=Path, default=Path(), help="the site folder (default: the current one)"
    )
    parser.add_argument(
        "--organisation",
        metavar="NAME",
        help="the body that met, for minutes that do not name it (a name, alias or short name)",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text for people (default), json for programs",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="write nothing; report what would be written"
    )


def run_import(args: argparse.Namespace) -> int:
    site: Path = args.site
    missing = [str(path) for path in args.paths if not path.exists()]
    if missing:
        return _complain(f"there is no file or folder {', '.join(missing)}")
    loaded = load_site(site, jobs=workers.default_jobs()) if site.is_dir() else None
    if loaded is None or loaded.config is None:
        return _complain(
            f"{site} is not a site folder (it has no readable minutebook.yaml); "
            "give the archive's folder with --site, or create one with minutebook init"
        )
    outcomes = import_files(
        list(input_files(args.paths)),
        site,
        loaded.config,
        loaded.meetings,
        organisation=args.organisation,
        dry_run=args.dry_run,
    )
    if not args.dry_run:
        _check_written(site, outcomes)
    if args.format == "json":
        print(report_json(outcomes))
    else:
        print(report_text(outcomes, dry_run=args.dry_run))
    if not outcomes:
        return _complain("no .txt, .md, .docx or .pdf file was found in the paths given", 1)
    failed = any(not o.is_imported or o.check_errors for o in outcomes)
    return EXIT_SOME_NOT_IMPORTED if failed else EXIT_OK


def _check_written(site: Path, outcomes: list[Outcome]) -> None:
    """What only the whole archive shows (a link to a meeting file that is not there, two
    meetings on one page) is found by `minutebook check` itself, and reported per input."""
    written = {o.written: o for o in outcomes if o.written}
    if not written:
        return
    checked = check_site(site, drafts=True, jobs=workers.default_jobs())
    for diagnostic in checked.diagnostics:
        outcome = written.get(diagnostic.span.path)
        if outcome is not None and diagnostic.severity is Severity.ERROR:
            outcome.check_errors.append(f"{diagnostic.span}: {diagnostic.message}")


def _complain(message: str, code: int = EXIT_USAGE) -> int:
    print(f"minutebook import: error: {message}", file=sys.stderr)
    return code
