"""folio/publish/lock.py: one build of a project at a time; a second build waits and is
told who holds the lock; a killed holder's lock is taken over at once."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from folio.publish.lock import LockError, _holder, build_lock

REPO = Path(__file__).resolve().parent.parent
HOLDER = """
import sys
from pathlib import Path
from folio.publish.lock import build_lock
with build_lock(Path(sys.argv[1]), lambda message: None):
    print("held", flush=True)
    sys.stdin.read()  # until the test lets go
"""


@pytest.fixture
def holder(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another build, holding the lock at tmp_path/.cache/build.lock."""
    process = subprocess.Popen([sys.executable, "-c", HOLDER, str(lock_path(tmp_path))],
                               cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdout.readline() == "held\n"
    yield process
    process.kill()
    process.wait()


def lock_path(root: Path) -> Path:
    return root / ".cache" / "build.lock"


def free(path: Path) -> bool:
    """Whether nobody holds the lock (asked through a file description of our own)."""
    fd = os.open(path, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)
    return True


def test_a_lone_build_takes_the_lock_and_names_itself(tmp_path: Path) -> None:
    told: list[str] = []
    lock_path(tmp_path).parent.mkdir()
    lock_path(tmp_path).write_text("99999999999\n")  # a longer id left by an older build
    with build_lock(lock_path(tmp_path), told.append):
        assert not free(lock_path(tmp_path))
        assert lock_path(tmp_path).read_text() == f"{os.getpid()}\n"
    assert told == [] and free(lock_path(tmp_path))
    with build_lock(lock_path(tmp_path), told.append):  # and again
        pass
    assert told == []


def test_the_lock_is_let_go_when_the_build_fails(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), build_lock(lock_path(tmp_path), print):
        raise RuntimeError("the build failed")
    assert free(lock_path(tmp_path))


def test_a_second_build_waits_and_is_told(tmp_path: Path,
                                          holder: subprocess.Popen[str]) -> None:
    told: list[str] = []
    asked, held = threading.Event(), threading.Event()

    def waiting(message: str) -> None:
        told.append(message)
        asked.set()

    def second() -> None:
        with build_lock(lock_path(tmp_path), waiting):
            held.set()

    thread = threading.Thread(target=second, daemon=True)
    thread.start()
    assert asked.wait(10)
    assert told == [f"another build of this project is running (process {holder.pid}); "
                    "waiting for it to finish"]
    time.sleep(0.2)
    assert not held.is_set()  # still waiting
    assert holder.stdin is not None
    holder.stdin.close()  # the first build finishes
    assert held.wait(10)
    thread.join(10)
    assert len(told) == 1


def test_a_killed_builds_lock_is_taken_at_once(tmp_path: Path,
                                               holder: subprocess.Popen[str]) -> None:
    assert not free(lock_path(tmp_path))
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    told: list[str] = []
    started = time.monotonic()
    with build_lock(lock_path(tmp_path), told.append):
        assert lock_path(tmp_path).read_text() == f"{os.getpid()}\n"
    assert told == [] and time.monotonic() - started < 1


def test_a_cache_that_cannot_be_written(tmp_path: Path) -> None:
    (tmp_path / ".cache").write_text("a file where the folder should be")
    with pytest.raises(LockError, match="the build cache cannot be written"), \
            build_lock(lock_path(tmp_path), print):
        pass


def test_the_holder_is_named_only_when_the_file_names_one(tmp_path: Path) -> None:
    path = tmp_path / "lock"
    for text, named in (("1234\n", " (process 1234)"), ("", ""), ("not a pid", "")):
        path.write_text(text)
        fd = os.open(path, os.O_RDONLY)
        try:
            assert _holder(fd) == named
        finally:
            os.close(fd)
