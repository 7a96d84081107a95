"""Work spread over forked processes, with results in input order: the same bytes at any -j.

The state (a Lexicon, the page list…) reaches each worker through fork, not pickling, so only the
small work items and the results cross between processes.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

S = TypeVar("S")
I = TypeVar("I")  # noqa: E741 - the usual name for an item type
R = TypeVar("R")

Task = Callable[[Any, Any], Any]

# Per-process: set once in each forked worker by the pool initializer, never in the parent.
_STATE: tuple[Task, Any] | None = None


def _start(task: Task, state: object) -> None:
    global _STATE
    _STATE = (task, state)
    gc.enable()  # off in the parent while it builds; a worker collects what it makes itself


def _run(batch: Sequence[object]) -> list[object]:
    assert _STATE is not None
    task, state = _STATE
    return [task(state, item) for item in batch]


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def ordered_map(
    task: Callable[[S, I], R],
    state: S,
    items: Sequence[I],
    *,
    jobs: int,
    batch: int = 32,
    threshold: int = 200,
) -> Iterator[R]:
    """`task(state, item)` for every item, in order; in parallel when there is enough work."""
    if jobs <= 1 or len(items) < threshold or not can_fork():
        for item in items:
            yield task(state, item)
        return
    batches = [items[start : start + batch] for start in range(0, len(items), batch)]
    context = multiprocessing.get_context("fork")
    # The workers share the parent's memory until they write to it, and a garbage collection
    # writes to every object it visits: frozen, the archive is never visited, so it stays
    # shared instead of being copied into each worker (hundreds of MiB at 10,000 meetings).
    # (Never unfrozen: what lives now lives until the build ends, and refcounting still frees
    # everything acyclic that dies.)
    gc.freeze()
    with context.Pool(jobs, initializer=_start, initargs=(task, state)) as pool:
        for results in pool.imap(_run, batches):
            yield from results  # type: ignore[misc]
