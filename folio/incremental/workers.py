"""Forked workers that share the parent's memory.

The tasks (callables over the site graph) are set just before the fork, so nothing large
is pickled: a worker is told only which range of tasks to run, and only the results travel
back. Results come in task order, at most a few chunks ahead of the caller, so that memory
holds only those chunks however many tasks there are.

A worker dies with the build: on Linux it asks the kernel for SIGKILL when its parent
goes (and checks that the parent is still there), so a build killed with SIGKILL leaves no
worker behind, holding the build lock or writing into a half-made site.
"""

from __future__ import annotations

import ctypes
import os
import signal
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import partial
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
        with ProcessPoolExecutor(jobs, mp_context=get_context("fork"),
                                 initializer=partial(_begin, os.getpid(), start)) as pool:
            pending = deque(pool.submit(_run, b) for b in islice(bounds, jobs * AHEAD))
            while pending:
                done = pending.popleft().result()
                following = next(bounds, None)
                if following is not None:
                    pending.append(pool.submit(_run, following))
                yield from done
    finally:
        _TASKS = None


def die_with_parent(parent: int) -> None:
    """In a child: be killed when `parent` dies (Linux), or stop now if it already has."""
    if hasattr(os, "getppid") and os.name == "posix":
        try:
            pr_set_pdeathsig = 1
            ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
        except (OSError, AttributeError):  # not Linux: the check below still helps
            pass
        if os.getppid() != parent:
            os._exit(1)


def _begin(parent: int, start: Callable[[], None] | None) -> None:
    die_with_parent(parent)
    if start is not None:
        start()


def _run(bounds: tuple[int, int]) -> list[Any]:
    assert _TASKS is not None
    return [_TASKS[i]() for i in range(*bounds)]
