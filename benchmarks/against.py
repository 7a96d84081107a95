"""Cold builds of Minutebook and of a peer generator on the same archive, side by side.

Used by ``bench_build.py --against hugo``. The peer's site is made by the converter
in ``../shared/bench/`` (``adapt.py hugo ARCHIVE SITE``), run from where it lives: it
is not copied into this project. Timing follows that folder's README, because
absolute times on these machines differ by up to 2x from one run to the next and
only a ratio measured in one run counts:

- cold builds: before each run, the output and every cache are moved aside (renamed
  into an "aside" folder), never deleted while a build runs; the asides are deleted
  when the comparison is over;
- interleaved: Minutebook, peer, Minutebook, peer …;
- a warm-up pair first, not counted;
- the ratio of the medians.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from measuring import MIB, Measurement, log, measure

REPOSITORY = Path(__file__).resolve().parents[1]
DEFAULT_PEER_DIR = REPOSITORY.parent / "shared" / "bench"
PEERS = ("hugo",)
INSTALL_HINT = {"hugo": "apt-get install hugo  (Debian 12 has 0.111; see benchmarks/setup.sh)"}


class PeerMissing(Exception):
    """The peer generator or its converter is not installed: the message says how to get it."""


@dataclass(frozen=True, slots=True)
class SideBySide:
    size: int
    peer: str
    rounds: int
    minutebook_seconds: list[float]
    peer_seconds: list[float]
    minutebook_peak_mib: float  # the largest peak of the process tree's summed RSS
    peer_peak_mib: float
    minutebook_pages: int
    peer_pages: int

    @property
    def ratio(self) -> float:
        return statistics.median(self.minutebook_seconds) / statistics.median(self.peer_seconds)


@dataclass(slots=True)
class Runner:
    """One generator's cold build: what to move aside before it, and the command."""

    name: str
    argv: list[str]
    leftovers: list[Path]  # output and caches, moved aside before each run
    output: Path

    def run(self, aside: Path, number: int) -> Measurement:
        for path in self.leftovers:
            if path.exists():
                target = aside / f"{self.name}-{number}-{path.name}"
                path.rename(target)
        measurement = measure(self.argv)
        if measurement.returncode != 0:
            tail = "\n".join(measurement.stderr.splitlines()[-20:])
            raise SystemExit(f"error: the {self.name} build failed:\n{tail}")
        return measurement


def require_peer(peer: str, peer_dir: Path) -> Path:
    """The converter's path, once the peer's own command is known to run."""
    adapter = peer_dir / "adapt.py"
    if not adapter.is_file():
        raise PeerMissing(f"no converter at {adapter}; pass --peer-dir")
    if shutil.which(peer) is None:
        raise PeerMissing(f"{peer} is not installed: {INSTALL_HINT[peer]}")
    return adapter


def convert(adapter: Path, peer: str, archive: Path, site: Path) -> None:
    """The peer's equivalent site (not timed), by the converter run from its own folder."""
    shutil.rmtree(site, ignore_errors=True)
    subprocess.run(
        [sys.executable, str(adapter), peer, str(archive), str(site)],
        cwd=adapter.parent,
        check=True,
    )


def count_pages(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.html")) if folder.exists() else 0


def runners(
    archive: Path, peer_site: Path, work: Path, minutebook_flags: Sequence[str]
) -> tuple[Runner, Runner]:
    output = work / "minutebook-output"
    minutebook = Runner(
        "minutebook",
        [sys.executable, "-m", "minutebook", "build", str(archive), "--output", str(output),
         *minutebook_flags],
        [output, archive / ".minutebook-cache"],
        output,
    )  # fmt: skip
    public = peer_site / "public"
    cache = work / "hugo-cache"
    hugo = Runner(
        "hugo",
        ["hugo", "--quiet", "--source", str(peer_site), "--destination", str(public),
         "--cacheDir", str(cache)],
        [public, peer_site / "resources", cache],
        public,
    )  # fmt: skip
    return minutebook, hugo


def side_by_side(
    size: int,
    archive: Path,
    work: Path,
    *,
    peer: str = "hugo",
    peer_dir: Path = DEFAULT_PEER_DIR,
    rounds: int = 3,
    minutebook_flags: Sequence[str] = ("--quiet",),
    progress: Callable[[str], None] = log,
) -> SideBySide:
    """Build ``archive`` cold with Minutebook and with the peer, interleaved, ``rounds``
    counted pairs after one warm-up pair."""
    adapter = require_peer(peer, peer_dir)
    peer_site = work / f"{peer}-site"
    convert(adapter, peer, archive, peer_site)
    aside = work / "aside"
    aside.mkdir(exist_ok=True)
    minutebook, other = runners(archive, peer_site, work, minutebook_flags)
    times: dict[str, list[float]] = {"minutebook": [], "hugo": []}
    peaks: dict[str, float] = {"minutebook": 0.0, "hugo": 0.0}
    try:
        for number in range(rounds + 1):
            for runner in (minutebook, other):
                measurement = runner.run(aside, number)
                label = "warm-up" if number == 0 else f"round {number}"
                progress(f"  {runner.name:<10} {label}: {measurement.wall_seconds:.2f} s")
                if number == 0:
                    continue
                times[runner.name].append(measurement.wall_seconds)
                peak = measurement.peak_tree_rss_bytes / MIB
                peaks[runner.name] = max(peaks[runner.name], peak)
        pages = count_pages(minutebook.output), count_pages(other.output)
    finally:
        shutil.rmtree(aside, ignore_errors=True)
    return SideBySide(
        size=size,
        peer=peer,
        rounds=rounds,
        minutebook_seconds=times["minutebook"],
        peer_seconds=times["hugo"],
        minutebook_peak_mib=peaks["minutebook"],
        peer_peak_mib=peaks["hugo"],
        minutebook_pages=pages[0],
        peer_pages=pages[1],
    )


def side_by_side_table(results: Sequence[SideBySide], cores: int | None) -> str:
    lines = [
        f"Cold builds side by side, interleaved, {cores} cores; median of the counted rounds.",
        "",
        "| meetings | Minutebook s | peer | peer s | ratio | Minutebook peak MiB "
        "| peer peak MiB | Minutebook pages | peer pages |",
        "|---:|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        mine = statistics.median(r.minutebook_seconds)
        theirs = statistics.median(r.peer_seconds)
        lines.append(
            f"| {r.size} | {mine:.2f} | {r.peer} | {theirs:.2f} | {r.ratio:.2f} "
            f"| {r.minutebook_peak_mib:.0f} | {r.peer_peak_mib:.0f} "
            f"| {r.minutebook_pages} | {r.peer_pages} |"
        )
    lines.append("")
    for r in results:
        mine_runs = ", ".join(f"{t:.2f}" for t in r.minutebook_seconds)
        their_runs = ", ".join(f"{t:.2f}" for t in r.peer_seconds)
        lines.append(f"{r.size}: Minutebook {mine_runs} s; {r.peer} {their_runs} s")
    return "\n".join(lines)
