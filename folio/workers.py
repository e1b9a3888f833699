"""Forked workers that share the parent's memory.

The tasks (callables over the site graph) are set just before the fork, so nothing large
is pickled: a worker is told only which range of tasks to run, and only the results travel
back. Results come in task order, at most a few chunks ahead of the caller, so that memory
holds only those chunks however many tasks there are.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from multiprocessing import get_context
from typing import Any

AHEAD = 4  # chunks in flight per worker

# What the forked workers run: set just before the fork, cleared after.
_TASKS: Sequence[Callable[[], Any]] | None = None


def in_workers(tasks: Sequence[Callable[[], Any]], jobs: int, chunk: int,
               start: Callable[[], None] | None = None, minimum: int = 0) -> Iterator[Any]:
    """Each task's result, in order, from `jobs` forked processes; `start` runs first in
    each (to reopen what a fork cannot share, such as a database connection). With one
    job, or fewer than `minimum` tasks (starting workers would cost more than they save),
    the tasks run here."""
    if jobs <= 1 or len(tasks) < minimum:
        return (task() for task in tasks)
    return _forked(tasks, jobs, chunk, start)


def _forked(tasks: Sequence[Callable[[], Any]], jobs: int, chunk: int,
            start: Callable[[], None] | None) -> Iterator[Any]:
    global _TASKS
    _TASKS = tasks
    bounds = iter([(first, min(first + chunk, len(tasks)))
                   for first in range(0, len(tasks), chunk)])
    try:
        with ProcessPoolExecutor(jobs, mp_context=get_context("fork"), initializer=start
                                 ) as pool:
            pending = deque(pool.submit(_run, b) for b in islice(bounds, jobs * AHEAD))
            while pending:
                done = pending.popleft().result()
                following = next(bounds, None)
                if following is not None:
                    pending.append(pool.submit(_run, following))
                yield from done
    finally:
        _TASKS = None


def _run(bounds: tuple[int, int]) -> list[Any]:
    assert _TASKS is not None
    return [_TASKS[i]() for i in range(*bounds)]
