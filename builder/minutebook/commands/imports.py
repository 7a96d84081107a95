"""`minutebook import`: bring an existing archive of minutes in as draft meeting files.

Exit codes: 0 every input imported (or, with --dry-run, would be); 1 some skipped or failed,
each with its reason; 2 the command was given wrongly (no such path, not a site folder).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from minutebook.core import workers
from minutebook.importing.importer import import_files, input_files
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
    if args.format == "json":
        print(report_json(outcomes))
    else:
        print(report_text(outcomes, dry_run=args.dry_run))
    if not outcomes:
        return _complain("no .txt, .md, .docx or .pdf file was found in the paths given", 1)
    return EXIT_OK if all(o.is_imported for o in outcomes) else EXIT_SOME_NOT_IMPORTED


def _complain(message: str, code: int = EXIT_USAGE) -> int:
    print(f"minutebook import: error: {message}", file=sys.stderr)
    return code
