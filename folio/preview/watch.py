"""Noticing that sources changed: a polling thread with a debounce, for `serve`.

Polling needs nothing from the system and sees every editor's way of saving (write in place,
write and rename, delete and create). On a large corpus the interval grows so that the scan
stays under a fifth of one core.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

POLL_SECONDS = 0.1  # how often the sources are looked at, at least
DEBOUNCE_SECONDS = 0.1  # quiet time after the last change before reporting it

Snapshot = dict[str, tuple[int, int]]


def snapshot(sources: list[Path]) -> Snapshot:
    """Modification time and size of every file in `sources` (editor litter left out)."""
    seen: Snapshot = {}
    for source in sources:
        paths = [str(source)] if source.is_file() else _walk(source)
        for path in paths:
            name = os.path.basename(path)
            if name.startswith((".", "#")) or name.endswith(("~", ".swp", ".swx", ".tmp")):
                continue
            with contextlib.suppress(OSError):
                info = os.stat(path)
                seen[path] = (info.st_mtime_ns, info.st_size)
    return seen


def _walk(folder: Path) -> list[str]:
    found = []
    for top, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found += [os.path.join(top, f) for f in files]
    return found


def changed_paths(before: Snapshot, after: Snapshot) -> list[str]:
    """Files added, removed or modified between two snapshots, sorted."""
    return sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))


class Watcher(threading.Thread):
    """Polls `sources`; after a change and DEBOUNCE_SECONDS of quiet, calls `on_change` with
    the changed paths (in this thread, so a slow callback delays the next look)."""

    def __init__(self, sources: list[Path], seen: Snapshot,
                 on_change: Callable[[list[str]], None]) -> None:
        super().__init__(name="folio-watch", daemon=True)
        self.sources, self.seen, self.on_change = sources, seen, on_change
        self.stopping = threading.Event()

    def run(self) -> None:
        interval = POLL_SECONDS
        while not self.stopping.wait(interval):
            started = time.perf_counter()
            now = snapshot(self.sources)
            interval = max(POLL_SECONDS, 4 * (time.perf_counter() - started))
            if now == self.seen:
                continue
            while not self.stopping.wait(DEBOUNCE_SECONDS):
                later = snapshot(self.sources)
                if later == now:
                    break
                now = later
            if self.stopping.is_set():
                return
            paths = changed_paths(self.seen, now)
            self.seen = now
            self.on_change(paths)

    def stop(self) -> None:
        self.stopping.set()
