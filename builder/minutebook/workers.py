"""Work spread over forked processes, with results in input order: the same bytes at any -j.

The state (a Lexicon, the page list…) reaches each worker through fork, not pickling, so only the
small work items and the results cross between processes.
"""

from __future__ import annotations

import collections
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
    parent_works: bool = False,
) -> Iterator[R]:
    """`task(state, item)` for every item, in order; in parallel when there is enough work.

    `parent_works`: the parent takes a share of the work instead of only waiting, with one
    worker fewer. Worth it when the state is large (see below); not when the results are,
    since the parent also unpickles every worker's results, and the two compete for its GIL.
    """
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
    if not parent_works:
        with context.Pool(jobs, initializer=_start, initargs=(task, state)) as pool:
            for results in pool.imap(_run, batches):
                yield from results  # type: ignore[misc]
        return
    # Reading an object still writes its reference count, so each worker ends up with its own
    # copy of most of what it reads: one worker fewer is one copy fewer (at 10,000 meetings on
    # 2 cores, 190 MiB less in all).
    with context.Pool(jobs - 1, initializer=_start, initargs=(task, state)) as pool:
        yield from _shared(pool, jobs - 1, task, state, batches)


def _shared(
    pool: Any, workers: int, task: Callable[[S, I], R], state: S, batches: list[Sequence[I]]
) -> Iterator[R]:
    """The batches' results in order. The workers take batches from the front; whenever the
    next result is not ready, the parent does the last batch nobody has started (its results
    wait until their turn), so neither side idles while there is work left. (The parent keeps
    its garbage collection off, as while building: a page or a meeting leaves next to no
    reference cycles, and a collection would walk everything the parent has made.)"""
    waiting = collections.deque(range(len(batches)))
    sent: dict[int, Any] = {}
    kept: dict[int, list[R]] = {}
    for number in range(len(batches)):
        while number not in kept:
            while waiting and len(sent) < 4 * workers:  # each worker busy, with more queued
                first = waiting.popleft()
                sent[first] = pool.apply_async(_run, (batches[first],))
            if number in sent and (sent[number].ready() or not waiting):
                kept[number] = sent.pop(number).get()
            elif waiting:
                last = waiting.pop()
                kept[last] = [task(state, item) for item in batches[last]]
        yield from kept.pop(number)
