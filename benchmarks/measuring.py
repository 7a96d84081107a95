"""Time and peak memory of one command's whole process tree (used by bench_build.py and
against.py)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

MIB = 1024 * 1024
SAMPLE_INTERVAL = 0.05  # seconds between memory samples
# PSS costs the kernel a page-table walk (about 12 ms per GiB mapped), so it is
# read only every PSS_EVERY-th sample, to keep the sampler off the build's CPUs,
# and reported only from PSS_MIN_SAMPLES samples on (a build of a second or more).
PSS_EVERY = 10
PSS_MIN_SAMPLES = 3


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------
# Measuring one process tree
# --------------------------------------------------------------------------


def read_kib_field(path: str, name: str) -> int:
    """The "<name>:  N kB" line of a /proc file, in bytes; 0 if the process is gone."""
    try:
        with Path(path).open() as lines:
            for line in lines:
                if line.startswith(name):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def read_rss_bytes(pid: int) -> int:
    """VmRSS of one process (0 for a zombie)."""
    return read_kib_field(f"/proc/{pid}/status", "VmRSS:")


def read_pss_bytes(pid: int) -> int:
    """Proportional set size: pages shared with forked workers count once in a sum."""
    return read_kib_field(f"/proc/{pid}/smaps_rollup", "Pss:")


def has_children_files() -> bool:
    """Whether the kernel offers /proc/<pid>/task/<tid>/children (CONFIG_PROC_CHILDREN)."""
    pid = os.getpid()
    return Path(f"/proc/{pid}/task/{pid}/children").exists()


def children_from_task_files(pid: int) -> list[int]:
    children: list[int] = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return children
    for task in tasks:
        try:
            children.extend(int(child) for child in (task / "children").read_text().split())
        except (OSError, ValueError):
            continue
    return children


def parent_map() -> dict[int, list[int]]:
    """parent pid → child pids, from /proc/*/stat (when there are no children files)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # "pid (comm) state ppid ...": comm may hold spaces and parentheses.
        fields = stat[stat.rfind(")") + 2 :].split()
        if len(fields) > 1:
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    return children


def process_tree(root: int, use_children_files: bool) -> Iterator[int]:
    """The pid ``root`` and all its descendants."""
    if use_children_files:
        children_of: Callable[[int], list[int]] = children_from_task_files
    else:
        table = parent_map()

        def children_of(pid: int) -> list[int]:
            return table.get(pid, [])

    seen: set[int] = set()
    stack = [root]
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        yield pid
        stack.extend(children_of(pid))


class TreeMemorySampler:
    """Polls the summed VmRSS and PSS of a process tree in a thread; keeps the maxima."""

    def __init__(self, root: int, interval: float = SAMPLE_INTERVAL) -> None:
        self.root = root
        self.interval = interval
        self.peak_rss_bytes = 0
        self.peak_pss_bytes = 0
        self.samples = 0
        self.pss_samples = 0
        self._use_children_files = has_children_files()
        self._finished = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)

    def __enter__(self) -> TreeMemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._finished.set()
        self._thread.join()

    def _run(self) -> None:
        while True:
            tree = list(process_tree(self.root, self._use_children_files))
            rss = sum(read_rss_bytes(pid) for pid in tree)
            self.peak_rss_bytes = max(self.peak_rss_bytes, rss)
            self.samples += 1
            if self.samples % PSS_EVERY == 0:
                pss = sum(read_pss_bytes(pid) for pid in tree)
                self.peak_pss_bytes = max(self.peak_pss_bytes, pss)
                self.pss_samples += 1
            if self._finished.wait(self.interval):
                return


@dataclass(frozen=True, slots=True)
class Measurement:
    argv: list[str]
    returncode: int
    wall_seconds: float
    peak_tree_rss_bytes: int  # sampled: the sum of VmRSS over the process tree
    peak_tree_pss_bytes: int | None  # sampled: the sum of PSS (None: too few samples)
    max_rss_bytes: int  # wait4: the largest single process of the tree
    cpu_seconds: float  # wait4: user + system time of the tree
    children_max_rss_bytes: int  # getrusage(RUSAGE_CHILDREN) after the run
    children_max_rss_grew: bool  # whether this run raised that high-water mark
    samples: int
    stderr: str


def measure(argv: Sequence[str]) -> Measurement:
    """Run argv to completion; time it and watch its memory."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        with TreeMemorySampler(process.pid) as sampler:
            # wait4 (rather than process.wait) also gives the child's own rusage.
            _, status, usage = os.wait4(process.pid, 0)
            wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", errors="replace")
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return Measurement(
        argv=list(argv),
        returncode=process.returncode,
        wall_seconds=wall,
        peak_tree_rss_bytes=sampler.peak_rss_bytes,
        peak_tree_pss_bytes=(
            sampler.peak_pss_bytes
            if sampler.pss_samples >= PSS_MIN_SAMPLES and sampler.peak_pss_bytes
            else None
        ),
        max_rss_bytes=usage.ru_maxrss * 1024,  # KiB on Linux
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        children_max_rss_bytes=after * 1024,
        children_max_rss_grew=after > before,
        samples=sampler.samples,
        stderr=stderr,
    )
