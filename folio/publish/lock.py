"""One build of a project at a time.

Two builds of one project (two terminals, or `serve` and `build.py`) would each bring the
same buffer up to date and swap it in: `site/` could end up with pages of both, or with
pages missing. A build therefore holds an exclusive lock on `.cache/build.lock` from its
first look at the inputs to its last write; a second build waits for it, saying so.

The lock is an `flock` on an open file: the kernel drops it when its holder dies, however
it dies, so a lock left by a killed build is taken over at once (its workers, which share
the open file, die with it). The file holds the holder's process id, for the message.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Callable, Iterator
from pathlib import Path


class LockError(Exception):
    pass


@contextlib.contextmanager
def build_lock(path: Path, waiting: Callable[[str], None]) -> Iterator[None]:
    """Hold the project's build lock; `waiting` is told once if another build holds it."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        raise LockError(f"the build cache cannot be written ({exc.strerror or exc}); make it "
                        "writable, or delete it to start afresh") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            waiting(f"another build of this project is running{holder}; waiting for it "
                    "to finish")
            fcntl.flock(fd, fcntl.LOCK_EX)
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _holder(fd: int) -> str:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return ""
    return f" (process {text})" if text.isdigit() else ""
