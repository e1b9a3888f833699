"""folio/incremental/workers.py: tasks over forked workers that share the parent's memory;
results in task order; a worker dies with its parent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest

from folio.incremental import workers
from folio.incremental.workers import die_with_parent, in_workers

REPO = Path(__file__).resolve().parent.parent


def square(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


def test_one_job_runs_the_tasks_here_lazily() -> None:
    ran: list[int] = []

    def task(n: int) -> int:
        ran.append(n)
        return n

    results = in_workers([partial(task, n) for n in range(3)], 1, 8)
    assert ran == []  # nothing runs until asked for
    assert list(results) == [0, 1, 2] and ran == [0, 1, 2]


def test_results_come_back_in_task_order_from_other_processes() -> None:
    tasks: list[Callable[[], tuple[int, int]]] = [partial(square, n) for n in range(50)]
    results = list(in_workers(tasks, 2, 3))
    assert [value for value, _ in results] == [n * n for n in range(50)]
    pids = {pid for _, pid in results}
    assert os.getpid() not in pids and 1 <= len(pids) <= 2
    assert workers._TASKS is None  # nothing of this run is left behind


def test_few_tasks_run_here_below_the_minimum() -> None:
    tasks = [partial(square, n) for n in range(5)]
    assert {pid for _, pid in in_workers(tasks, 2, 1, minimum=6)} == {os.getpid()}
    assert os.getpid() not in {pid for _, pid in in_workers(tasks, 2, 1, minimum=5)}


STARTED: list[int] = []


def mark_started() -> None:
    STARTED.append(os.getpid())


def started_in_this_process() -> list[int]:
    return list(STARTED)


def test_start_runs_first_in_each_worker() -> None:
    results = list(in_workers([started_in_this_process] * 8, 2, 1, start=mark_started))
    assert all(len(found) == 1 for found in results)  # once per worker, before its tasks
    assert STARTED == []  # not here


def fail() -> None:
    raise ValueError("task failed")


def test_a_failing_task_raises_here() -> None:
    with pytest.raises(ValueError, match="task failed"):
        list(in_workers([fail, fail], 2, 1))
    assert workers._TASKS is None


def child_exit(parent: int) -> int:
    pid = os.fork()
    if pid == 0:  # pragma: no cover - in the child
        die_with_parent(parent)
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def test_die_with_parent_stops_a_child_whose_parent_is_already_gone() -> None:
    assert child_exit(os.getpid()) == 0  # its parent is there: it goes on
    assert child_exit(os.getpid() + 1_000_000) == 1  # not its parent: it stops


BUILD = """
import os, sys, time
from functools import partial
from folio.incremental.workers import in_workers

def task():
    print(os.getpid(), flush=True)
    time.sleep(60)

list(in_workers([task] * 2, 2, 1))
"""


def gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ")[1][0] in "ZX"
    except FileNotFoundError:
        return True


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_workers_die_with_a_killed_build() -> None:
    build = subprocess.Popen([sys.executable, "-c", BUILD], cwd=REPO, stdout=subprocess.PIPE,
                             text=True)
    pids: list[int] = []
    try:
        assert build.stdout is not None
        pids = [int(build.stdout.readline()) for _ in range(2)]
        assert not any(gone(pid) for pid in pids)
        os.kill(build.pid, signal.SIGKILL)
        build.wait()
        deadline = time.monotonic() + 10
        while not all(gone(pid) for pid in pids) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert all(gone(pid) for pid in pids)
    finally:
        build.kill()
        build.wait()
        for pid in pids:
            if not gone(pid):
                os.kill(pid, signal.SIGKILL)
