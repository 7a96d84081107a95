"""Work spread over forked processes, with results in input order: the same bytes at any -j.

The state (a Lexicon, the page list…) reaches each worker through fork, not pickling, so only the
small work items and the results cross between processes.
"""

from __future__ import annotations

import collections
import contextlib
import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

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


class Standby:
    """Workers forked before a build loads the archive, so that they share none of its memory
    (see Apart); each is sent its task and state with its first batch of work."""

    def __init__(self, jobs: int) -> None:
        context = multiprocessing.get_context("fork")
        self.jobs = jobs
        self.states: Any = context.Queue()
        self.states.cancel_join_thread()  # what no worker took is of no use once the build ends
        self.pool: Any = context.Pool(jobs, initializer=_stand_by, initargs=(self.states,))
        self.used = False  # a worker keeps the first state it is sent: one map each

    def send(self, task: Task, state: object) -> None:
        if self.used:
            raise RuntimeError("workers on standby take the work of one map only")  # our bug
        self.used = True
        for _ in range(self.jobs):
            self.states.put((task, state))


@contextlib.contextmanager
def standby(jobs: int) -> Iterator[Standby | None]:
    """`jobs - 1` workers on standby for the build in this block (None if one process does
    the work: the parent always takes a share, see ordered_map)."""
    if jobs <= 1 or not can_fork():
        yield None
        return
    waiting = Standby(jobs - 1)
    try:
        yield waiting
    finally:
        waiting.pool.terminate()


# Per-process, in a worker on standby: where its task and state come from.
_STATES: Any = None


def _stand_by(states: Any) -> None:
    global _STATES
    _STATES = states
    gc.enable()


def _run_apart(batch: Sequence[object]) -> list[object]:
    global _STATE
    if _STATE is None:
        _STATE = _STATES.get()
    return _run(batch)


@dataclass(frozen=True, slots=True)
class Apart(Generic[S, I]):
    """Work for workers on standby (see Standby): given `state` pickled, they take only the
    batches whose every item they `take`, and the parent does the rest. A worker forked from a
    parent that holds the archive copies every page of memory that either process touches
    after the fork, which making the lists of a large archive does (a gigabyte at 100,000
    meetings)."""

    workers: Standby
    state: S
    take: Callable[[I], bool]


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
    apart: Apart[Any, I] | None = None,
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
    if apart is not None:
        spare = apart.workers
        spare.send(task, apart.state)
        taken = [all(map(apart.take, chunk)) for chunk in batches]
        yield from _shared(spare.pool, spare.jobs, task, state, batches, taken, _run_apart)
        return
    # Reading an object still writes its reference count, so each worker ends up with its own
    # copy of most of what it reads: one worker fewer is one copy fewer (at 10,000 meetings on
    # 2 cores, 190 MiB less in all).
    with context.Pool(jobs - 1, initializer=_start, initargs=(task, state)) as pool:
        yield from _shared(pool, jobs - 1, task, state, batches, [True] * len(batches), _run)


def _shared(
    pool: Any,
    workers: int,
    task: Callable[[S, I], R],
    state: S,
    batches: list[Sequence[I]],
    taken: Sequence[bool],
    run: Callable[[Sequence[Any]], list[Any]],
) -> Iterator[R]:
    """The batches' results in order. The workers take the batches they can (`taken`) from the
    front; whenever the next result is not ready, the parent does it if no worker can, and
    otherwise the last batch nobody has started (its results wait until their turn), so
    neither side idles while there is work left. (The parent keeps its garbage collection
    off, as while building: a page or a meeting leaves next to no reference cycles, and a
    collection would walk everything the parent has made.)"""
    waiting = collections.deque(range(len(batches)))
    for_workers = collections.deque(n for n in range(len(batches)) if taken[n])
    started: set[int] = set()
    sent: dict[int, Any] = {}
    kept: dict[int, list[R]] = {}
    for number in range(len(batches)):
        while number not in kept:
            # Each worker busy, with more queued (results done but not yet due don't count).
            while sum(not result.ready() for result in sent.values()) < 4 * workers:
                first = _unstarted(for_workers, started, last=False)
                if first is None:
                    break
                sent[first] = pool.apply_async(run, (batches[first],))
            if number not in sent:  # not started, and no worker can take it
                started.add(number)
                kept[number] = [task(state, item) for item in batches[number]]
            elif sent[number].ready():
                kept[number] = sent.pop(number).get()
            elif (last := _unstarted(waiting, started, last=True)) is not None:
                kept[last] = [task(state, item) for item in batches[last]]
            else:  # every batch has started: the next result can only be waited for
                kept[number] = sent.pop(number).get()
        yield from kept.pop(number)


def _unstarted(queue: collections.deque[int], started: set[int], *, last: bool) -> int | None:
    """The first (or last) batch of the queue that has not started, marked as started."""
    while queue:
        number = queue.pop() if last else queue.popleft()
        if number not in started:
            started.add(number)
            return number
    return None
