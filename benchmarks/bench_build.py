#!/usr/bin/env python3
"""Time `minutebook build` on synthetic archives.

    python benchmarks/bench_build.py [--sizes 1000 10000] [--seed S] [--keep DIR] [--json]

For each size, a corpus made by generate.py is taken from (or written to) the
cache folder benchmarks/.corpus/<N>-<seed>/, copied to a work folder, and built
in a few scenarios, each as a subprocess
``python -m minutebook build SITE --output OUT --quiet``:

- cold:     empty output folder, no build cache;
- noop:     the same build again, nothing changed;
- edit-one: one sentence appended to one meeting, then a build;
- edit-middle: a paragraph inserted in the middle of that meeting's minutes;
- edit-front: that meeting's location (front matter only its page shows) changed;
- edit-listed: one more person present at that meeting, from an organisation already present
  (front matter lists show: that organisation's pages);
- edit-attending: one more person present, from an organisation new to the archive (what
  the pages of the whole archive show changes: the organisations' index);
- edit-title: that meeting's title changed (the home page, dates and lists show it);
- template: the theme's base.html overridden (every page re-rendered, no Markdown parsed);
- stylesheet: the theme's style.css overridden (one file copied).

For each run it measures the wall time, the peak memory of the whole process
tree (sums of VmRSS every 50 ms and of PSS every 0.5 s, from /proc), the
largest single process's max RSS and the CPU time (from wait4), and how many
output files were written or removed. It prints a Markdown table (with --json:
JSON on stdout, the table on stderr) and exits 1 if a build fails, after
printing the end of its stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import platform
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))  # for generate.py when this file is imported, not run

from against import (  # noqa: E402
    DEFAULT_PEER_DIR,
    PEERS,
    PeerMissing,
    SideBySide,
    require_peer,
    side_by_side,
    side_by_side_table,
)
from bench_serve import add_body, add_person, time_serve, wait_until_settled  # noqa: E402
from bench_serve import change_title as retitle  # noqa: E402
from generate import (  # noqa: E402
    GENERATOR_VERSION,
    PROFILES,
    Profile,
    add_profile_arguments,
    generate_site,
    profile_from_arguments,
    profile_label,
)
from measuring import MIB, Measurement, log, measure  # noqa: E402

DEFAULT_SIZES = (1000, 10000)
DEFAULT_SEED = 1
CORPUS_DIR = BENCH_DIR / ".corpus"
CORPUS_STAMP = ".generated"  # in a finished corpus; names the generator version
WORK_MARKER = ".minutebook-bench"  # in every work folder this script may delete
SITE_CACHE = ".minutebook-cache"  # the builder's cache inside the site
STDERR_TAIL_LINES = 40
EDIT_SENTENCE = "\nA correction to this item was noted after the meeting.\n"

SERVE_MAX_SIZE = 10000  # `serve` is timed on the sample and on corpora up to this size


# --------------------------------------------------------------------------
# The build command
# --------------------------------------------------------------------------


@dataclass(slots=True)
class BuildCommand:
    """How the builder is invoked.

    ``optional_flags`` are passed while the CLI accepts them: the first time a
    build exits with 2 (argparse's "unrecognised arguments") they are dropped
    and the build is run again.
    """

    optional_flags: list[str] = field(default_factory=lambda: ["--quiet"])

    def argv(self, site: Path, output: Path) -> list[str]:
        return [
            sys.executable,
            "-m",
            "minutebook",
            "build",
            str(site),
            "--output",
            str(output),
            *self.optional_flags,
        ]


# --------------------------------------------------------------------------
# Output folders
# --------------------------------------------------------------------------


def snapshot(folder: Path) -> dict[str, int]:
    """Relative path → mtime in ns, for every file under folder."""
    files: dict[str, int] = {}
    for dirpath, _, filenames in os.walk(folder):
        for name in filenames:
            path = Path(dirpath, name)
            files[str(path.relative_to(folder))] = path.stat().st_mtime_ns
    return files


@dataclass(frozen=True, slots=True)
class OutputChange:
    written: int  # new files and files whose mtime changed
    removed: int
    total: int  # files in the output after the build


def compare(before: dict[str, int], after: dict[str, int]) -> OutputChange:
    written = sum(1 for path, mtime in after.items() if before.get(path) != mtime)
    removed = sum(1 for path in before if path not in after)
    return OutputChange(written, removed, len(after))


# --------------------------------------------------------------------------
# Scenarios
# --------------------------------------------------------------------------


class BuildFailed(Exception):
    def __init__(self, scenario: str, measurement: Measurement) -> None:
        super().__init__(scenario)
        self.scenario = scenario
        self.measurement = measurement


@dataclass(frozen=True, slots=True)
class Result:
    size: int
    cores: int | None
    scenario: str
    wall_seconds: float | None = None
    peak_tree_rss_mib: float | None = None
    peak_tree_pss_mib: float | None = None
    max_rss_mib: float | None = None
    cpu_seconds: float | None = None
    files_written: int | None = None
    files_removed: int | None = None
    output_files: int | None = None
    children_max_rss_mib: float | None = None
    children_max_rss_grew: bool | None = None
    memory_samples: int | None = None
    note: str = ""


@dataclass(slots=True)
class Bench:
    size: int
    site: Path
    output: Path
    command: BuildCommand

    def build(self, scenario: str, prepare: Callable[[], None]) -> Result:
        """prepare(), build, and measure; drop optional flags once if the CLI rejects them."""
        prepare()
        before = snapshot(self.output)
        measurement = measure(self.command.argv(self.site, self.output))
        if measurement.returncode == 2 and self.command.optional_flags:
            flags = " ".join(self.command.optional_flags)
            log(f"  note: the CLI rejected {flags} (exit 2); running without it")
            self.command.optional_flags = []
            prepare()
            before = snapshot(self.output)
            measurement = measure(self.command.argv(self.site, self.output))
        if measurement.returncode != 0:
            raise BuildFailed(scenario, measurement)
        change = compare(before, snapshot(self.output))
        return Result(
            size=self.size,
            cores=os.cpu_count(),
            scenario=scenario,
            wall_seconds=measurement.wall_seconds,
            peak_tree_rss_mib=measurement.peak_tree_rss_bytes / MIB,
            peak_tree_pss_mib=(
                None
                if measurement.peak_tree_pss_bytes is None
                else measurement.peak_tree_pss_bytes / MIB
            ),
            max_rss_mib=measurement.max_rss_bytes / MIB,
            cpu_seconds=measurement.cpu_seconds,
            files_written=change.written,
            files_removed=change.removed,
            output_files=change.total,
            children_max_rss_mib=measurement.children_max_rss_bytes / MIB,
            children_max_rss_grew=measurement.children_max_rss_grew,
            memory_samples=measurement.samples,
        )

    def cold(self) -> Result:
        def prepare() -> None:
            shutil.rmtree(self.site / SITE_CACHE, ignore_errors=True)
            shutil.rmtree(self.output, ignore_errors=True)
            self.output.mkdir()

        return self.build("cold", prepare)

    def noop(self) -> Result:
        return self.build("noop", lambda: None)

    def edit_one(self) -> Result:
        meeting = pick_meeting_to_edit(self.site)

        def prepare() -> None:
            # Re-run after a dropped flag appends again: still a one-meeting edit.
            with meeting.open("a", encoding="utf-8") as file:
                file.write(EDIT_SENTENCE)

        result = self.build("edit-one", prepare)
        note = f"edited {meeting.relative_to(self.site).as_posix()}"
        return replace(result, note=note)

    def edit_middle(self) -> Result:
        """A paragraph typed in the middle of one meeting's minutes: every later line moves."""
        return self.edit_meeting("edit-middle", insert_paragraph, "paragraph inserted mid-body")

    def edit_front(self) -> Result:
        """One meeting's location changed: front matter that only its own page shows."""
        return self.edit_meeting("edit-front", change_location, "location changed")

    def edit_listed(self) -> Result:
        """Someone added to those present at one meeting, from an organisation already present:
        front matter that lists show too (that organisation's pages)."""
        return self.edit_meeting("edit-listed", add_attendee, "one more person present")

    def edit_attending(self) -> Result:
        """Someone added to those present, from an organisation new to the archive: the meeting
        moves onto a new organisation's list, and the organisations' index changes too."""
        return self.edit_meeting("edit-attending", add_organisation, "a new organisation present")

    def edit_date(self) -> Result:
        """One meeting's date moved to the next day its body did not meet: it moves between
        lists (its month's, its body's), and its neighbours change."""
        meeting = pick_meeting_to_edit(self.site)
        taken = {path.stem for path in meeting.parent.glob("*.md")}
        return self.edit_meeting(
            "edit-date", lambda text, run: move_date(text, taken), "date moved to a free day"
        )

    def add_meeting(self) -> Result:
        """A new meeting file: a copy of one meeting, held by its body on the next day it did not
        meet (the minutes of the month, added)."""
        meeting = pick_meeting_to_edit(self.site)
        taken = {path.stem for path in meeting.parent.glob("*.md")}
        runs = [0]

        def prepare() -> None:
            runs[0] += 1  # a re-run after a dropped flag adds another
            text = move_date(meeting.read_text(encoding="utf-8"), taken)
            day = re.search(r"(?m)^date: (.+)$", text)
            assert day is not None
            taken.add(day[1])
            (meeting.parent / f"{day[1]}.md").write_text(text, encoding="utf-8")

        result = self.build("add-meeting", prepare)
        return replace(result, note=f"a new file in {meeting.parent.relative_to(self.site)}")

    def edit_topics(self) -> Result:
        """One meeting's own topics set: it moves onto those topics' lists (and off others)."""
        return self.edit_meeting("edit-topics", set_topics, "meeting-level topics changed")

    def edit_title(self) -> Result:
        """One meeting's title changed: its lists and the pages of the whole archive show it."""
        return self.edit_meeting("edit-title", change_title, "title changed")

    def edit_meeting(self, scenario: str, edit: Callable[[str, int], str], what: str) -> Result:
        meeting = pick_meeting_to_edit(self.site)
        runs = [0]

        def prepare() -> None:
            runs[0] += 1  # a re-run after a dropped flag makes another edit
            text = meeting.read_text(encoding="utf-8")
            meeting.write_text(edit(text, runs[0]), encoding="utf-8")

        result = self.build(scenario, prepare)
        return replace(result, note=f"{meeting.relative_to(self.site).as_posix()}: {what}")

    def template(self) -> Result:
        """Override the theme's base.html (every page extends it) with a one-comment edit."""
        return self.theme_override("template", "templates/base.html", "{# benchmark edit #}\n")

    def stylesheet(self) -> Result:
        """Override the theme's style.css: only that file should be written."""
        return self.theme_override("stylesheet", "static/style.css", "/* benchmark edit */\n")

    def theme_override(self, scenario: str, relative: str, addition: str) -> Result:
        """Build with a site copy of one bundled theme file, with `addition` at its end."""
        override = self.site / "themes" / "default" / relative

        def prepare() -> None:
            override.parent.mkdir(parents=True, exist_ok=True)
            text = (bundled_theme() / relative).read_text(encoding="utf-8")
            override.write_text(text + addition, encoding="utf-8")

        try:
            result = self.build(scenario, prepare)
        finally:
            shutil.rmtree(self.site / "themes", ignore_errors=True)
        return replace(result, note=f"{Path(relative).name} overridden")


def bundled_theme() -> Path:
    return Path(__file__).resolve().parents[1] / "themes" / "default"


def insert_paragraph(text: str, run: int) -> str:
    """A new paragraph at the end of the middle agenda item (not under its heading, where
    `Topics:` and `Action:` lines belong: a paragraph there would change the item's topics)."""
    items = [i for i in range(len(text)) if text.startswith("\n## ", i)]
    middle = len(items) // 2
    cut = items[middle + 1] if middle + 1 < len(items) else len(text)
    return text[:cut] + f"\n\nA point raised in discussion ({run}) was noted.\n" + text[cut:]


def change_location(text: str, run: int) -> str:
    """The front matter's location replaced (or added)."""
    head, _, body = text[4:].partition("\n---\n")
    lines = [line for line in head.split("\n") if not line.startswith("location:")]
    lines.append(f"location: Committee Room {run}, Municipal Building")
    return "---\n" + "\n".join(lines) + "\n---\n" + body


def add_attendee(text: str, run: int) -> str:
    """One more name under `present:` (the front matter's list of people present), from the
    first organisation named there."""
    return add_person(text, f"A. Visitor {run}")


def change_title(text: str, run: int) -> str:
    """A `title:` written (or written again) at the top of the front matter."""
    return retitle(text, f"Extraordinary meeting {run}")


def add_organisation(text: str, run: int) -> str:
    """One more name under `present:`, from an organisation that the config does not list."""
    return add_body(text, f"Visiting Body {run}")


SCENARIOS: tuple[Callable[[Bench], Result], ...] = (
    Bench.cold,
    Bench.noop,
    Bench.edit_one,
    Bench.edit_middle,
    Bench.edit_front,
    Bench.edit_listed,
    Bench.edit_attending,
    Bench.edit_title,
    Bench.edit_date,
    Bench.edit_topics,
    Bench.add_meeting,
    Bench.stylesheet,
    Bench.template,
)


def move_date(text: str, taken: set[str]) -> str:
    """The front matter's date moved to the next day that is not the name of a meeting file of
    the same body (files are named by date): no two meetings of a body share a day."""
    found = re.search(r"(?m)^date: (\d{4}-\d\d-\d\d)$", text)
    if found is None:
        raise SystemExit("error: the meeting to edit has no date: line")
    day = dt.date.fromisoformat(found[1]) + dt.timedelta(days=1)
    while day.isoformat() in taken:
        day += dt.timedelta(days=1)
    return text.replace(found[0], f"date: {day.isoformat()}", 1)


def set_topics(text: str, run: int) -> str:
    """Meeting-level topics written (or written again), two of the generated config's topics
    that alternate with each run."""
    topics = ["Anti-social behaviour", "Road safety"] if run % 2 else ["Hate crime"]
    text = re.sub(r"(?m)^topics: .*\n", "", text, count=1)
    return text.replace("\n---\n", f"\ntopics: [{', '.join(topics)}]\n---\n", 1)


def pick_meeting_to_edit(site: Path) -> Path:
    """The middle published meeting, in path order (a draft's edit would change nothing)."""
    meetings = sorted((site / "content").glob("*/*.md"))
    middle = len(meetings) // 2
    for meeting in meetings[middle:] + meetings[:middle]:
        if "\nstatus: draft\n" not in meeting.read_text(encoding="utf-8").split("\n---\n")[0]:
            return meeting
    raise SystemExit("error: the corpus has no published meeting to edit")


# --------------------------------------------------------------------------
# Corpora and work folders
# --------------------------------------------------------------------------


def ensure_corpus(
    size: int, seed: int, corpus_dir: Path, profile: Profile = PROFILES["realistic"]
) -> Path:
    """The cached corpus for (size, seed, profile), generated first if missing or stale."""
    corpus = corpus_dir / f"{size}-{seed}-{profile_label(profile)}"
    stamp = f"generate.py version {GENERATOR_VERSION}\n"
    stamp_file = corpus / CORPUS_STAMP
    if stamp_file.is_file() and stamp_file.read_text() == stamp:
        return corpus
    corpus_dir.mkdir(parents=True, exist_ok=True)
    partial = corpus_dir / f".{corpus.name}.partial-{os.getpid()}"
    shutil.rmtree(partial, ignore_errors=True)
    log(f"  generating {size} meetings (seed {seed}, {profile_label(profile)}) into {corpus}")
    report = generate_site(size, partial, seed, profile=profile)
    log(f"  generated {report.bytes_written / MIB:.1f} MiB in {report.seconds:.1f} s")
    (partial / CORPUS_STAMP).write_text(stamp)
    shutil.rmtree(corpus, ignore_errors=True)  # a stale corpus (under our cache folder)
    partial.rename(corpus)
    return corpus


def fresh_work_folder(folder: Path) -> Path:
    """Empty ``folder``, refusing to delete one this script did not create."""
    if folder.exists():
        if not (folder / WORK_MARKER).exists():
            raise SystemExit(f"error: {folder} exists and was not made by bench_build.py")
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    (folder / WORK_MARKER).write_text("made by benchmarks/bench_build.py\n")
    return folder


def prepare_site(corpus: Path, work: Path) -> Path:
    """A copy of the corpus to build, settled: its files written before the racy window, as an
    archive's are (a copy made just now would have every file read again by the first build
    after the cold one, which edit-one would time)."""
    site = work / "site"
    shutil.copytree(corpus, site, ignore=shutil.ignore_patterns(CORPUS_STAMP))
    wait_until_settled(site)
    return site


# --------------------------------------------------------------------------
# Reporting
# --------------------------------------------------------------------------


def fmt(value: float | int | None, digits: int = 2) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, int):
        return str(value)
    return f"{value:.{digits}f}"


def markdown_table(results: Sequence[Result]) -> str:
    header = (
        "| size | cores | scenario | wall s | peak MiB | peak PSS MiB | max RSS MiB | CPU s "
        "| files written | files removed |"
    )
    lines = [header, "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        cells = (
            str(r.size),
            fmt(r.cores),
            r.scenario,
            fmt(r.wall_seconds),
            fmt(r.peak_tree_rss_mib, 1),
            fmt(r.peak_tree_pss_mib, 1),
            fmt(r.max_rss_mib, 1),
            fmt(r.cpu_seconds),
            fmt(r.files_written),
            fmt(r.files_removed),
        )
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def json_report(results: Sequence[Result], seed: int, command: BuildCommand) -> str:
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    report = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "seed": seed,
        "generator_version": GENERATOR_VERSION,
        "command": command.argv(Path("SITE"), Path("OUTPUT"))[1:],
        "results": [asdict(r) for r in results],
    }
    return json.dumps(report, indent=2)


def print_failure(failure: BuildFailed) -> None:
    m = failure.measurement
    tail = "\n".join(m.stderr.rstrip().splitlines()[-STDERR_TAIL_LINES:])
    log(f"\nerror: the {failure.scenario} build failed with exit code {m.returncode}")
    log("  command: " + " ".join(m.argv))
    log(f"--- last {STDERR_TAIL_LINES} lines of stderr ---\n{tail}\n---")


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Plan:
    """What one run of this script measures."""

    sizes: Sequence[int]
    seed: int
    profile: Profile
    corpus_dir: Path
    command: BuildCommand
    scenarios: bool = True  # the scenarios above, one build each
    against: str | None = None  # a peer generator to build the same archives, side by side
    rounds: int = 3
    peer_dir: Path | None = None


def run(plan: Plan, work_root: Path) -> tuple[list[Result], list[SideBySide], int]:
    """For every size: the side-by-side builds, then every scenario; stop at the first failed
    build (status 1)."""
    results: list[Result] = []
    compared: list[SideBySide] = []
    try:
        for size in plan.sizes:
            log(f"size {size}:")
            corpus = ensure_corpus(size, plan.seed, plan.corpus_dir, plan.profile)
            work = fresh_work_folder(work_root / f"{size}-{plan.seed}")
            site = prepare_site(corpus, work)
            if plan.against is not None:
                compared.append(compare_with_peer(plan, size, site, work))
            if not plan.scenarios:
                continue
            bench = Bench(size, site, work / "output", plan.command)
            for scenario in SCENARIOS:
                result = scenario(bench)
                wall = "n/a" if result.wall_seconds is None else f"{result.wall_seconds:.2f} s"
                log(f"  {result.scenario:<9} {wall}")
                results.append(result)
    except BuildFailed as failure:
        print_failure(failure)
        return results, compared, 1
    return results, compared, 0


def compare_with_peer(plan: Plan, size: int, site: Path, work: Path) -> SideBySide:
    assert plan.against is not None
    peer_work = work / "side-by-side"
    peer_work.mkdir()
    try:
        return side_by_side(
            size,
            site,
            peer_work,
            peer=plan.against,
            peer_dir=plan.peer_dir or DEFAULT_PEER_DIR,
            rounds=plan.rounds,
            minutebook_flags=plan.command.optional_flags,
        )
    finally:
        # The scenarios start from nothing: no cache or output of the side-by-side runs.
        shutil.rmtree(peer_work, ignore_errors=True)
        shutil.rmtree(site / SITE_CACHE, ignore_errors=True)


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=list(DEFAULT_SIZES),
        metavar="N",
        help="numbers of meetings (default: 1000 10000)",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="corpus seed (default 1)")
    add_profile_arguments(parser)
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="DIR",
        help="build in DIR/<N>-<seed>/{site,output} and keep it (default: a temp folder)",
    )
    parser.add_argument(
        "--corpus-dir",
        type=Path,
        default=CORPUS_DIR,
        metavar="DIR",
        help="cache of generated corpora (default: benchmarks/.corpus)",
    )
    parser.add_argument(
        "--json", action="store_true", help="JSON on stdout (the table goes to stderr)"
    )
    parser.add_argument("--no-serve", action="store_true", help="skip the minutebook serve timings")
    parser.add_argument(
        "--against",
        choices=PEERS,
        help="also build each archive cold with this generator, interleaved, and print the ratio",
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="counted pairs of --against builds (default 3)"
    )
    parser.add_argument(
        "--peer-dir",
        type=Path,
        metavar="DIR",
        help=f"the converter's folder (default {DEFAULT_PEER_DIR})",
    )
    parser.add_argument(
        "--no-scenarios",
        action="store_true",
        help="skip the scenarios (with --against: the side-by-side builds only)",
    )
    args = parser.parse_args(argv)
    if any(size < 1 for size in args.sizes):
        parser.error("sizes must be 1 or more")
    if args.rounds < 1:
        parser.error("--rounds must be 1 or more")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_arguments(argv)
    if importlib.util.find_spec("minutebook") is None:
        log(
            f"error: {sys.executable} cannot import minutebook; "
            "run `python -m pip install -e .` in the repository first"
        )
        return 1
    plan = Plan(
        sizes=args.sizes,
        seed=args.seed,
        profile=profile_from_arguments(args),
        corpus_dir=args.corpus_dir.resolve(),
        command=BuildCommand(),
        scenarios=not args.no_scenarios,
        against=args.against,
        rounds=args.rounds,
        peer_dir=args.peer_dir,
    )
    if plan.against is not None:
        try:
            require_peer(plan.against, plan.peer_dir or DEFAULT_PEER_DIR)
        except PeerMissing as missing:
            log(f"error: {missing}")
            return 1
    if args.keep is not None:
        results, compared, status = run(plan, args.keep.resolve())
    else:
        with tempfile.TemporaryDirectory(prefix="minutebook-bench-") as temp:
            results, compared, status = run(plan, Path(temp))
    log(f"profile: {profile_label(plan.profile)}, seed {plan.seed}")
    if compared:
        print(side_by_side_table(compared, os.cpu_count()))
    if results:
        table = markdown_table(results)
        if args.json:
            log(table)
            print(json_report(results, plan.seed, plan.command))
        else:
            print(table)
    if status == 0 and not args.no_serve:
        print(serve_table(plan.sizes, plan.seed, plan.corpus_dir, plan.profile))
    return status


def serve_table(sizes: Sequence[int], seed: int, corpus_dir: Path, profile: Profile) -> str:
    """`minutebook serve`, save → page served: the sample archive and sizes up to 1,000."""
    rows = [
        "| site | meetings | edit | save → page served, median | max |",
        "|---|---:|---|---:|---:|",
    ]
    sites = [("sample", Path(__file__).resolve().parents[1])]
    sites += [
        (str(size), ensure_corpus(size, seed, corpus_dir, profile))
        for size in sizes
        if size <= SERVE_MAX_SIZE
    ]
    for name, source in sites:
        with tempfile.TemporaryDirectory(prefix="minutebook-serve-bench-") as temp:
            site = Path(temp) / "site"
            site.mkdir()
            shutil.copytree(source / "content", site / "content")
            shutil.copy(source / "minutebook.yaml", site / "minutebook.yaml")
            for edit in ("text", "listed"):
                log(f"serve {name}, {edit} edited:")
                timing = time_serve(site, rounds=5, edit=edit)
                rows.append(
                    f"| {name} | {timing.meetings} | {edit} | {timing.median_seconds:.3f} s "
                    f"| {timing.max_seconds:.3f} s |"
                )
    return "\n".join(rows)


if __name__ == "__main__":
    sys.exit(main())
