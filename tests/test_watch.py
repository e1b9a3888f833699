"""folio/preview/watch.py (what test_serve leaves out): what a snapshot sees, and the
watcher thread: one call per burst of changes, after a quiet moment; stopped on demand."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from folio.preview import watch
from folio.preview.watch import Watcher, changed_paths, snapshot


def test_a_snapshot_of_folders_and_single_files(tmp_path: Path) -> None:
    (tmp_path / "content/articles").mkdir(parents=True)
    (tmp_path / "content/articles/a.md").write_text("a")
    (tmp_path / "site.toml").write_text("title = 'x'")
    seen = snapshot([tmp_path / "content", tmp_path / "site.toml", tmp_path / "missing"])
    assert set(seen) == {str(tmp_path / "content/articles/a.md"), str(tmp_path / "site.toml")}
    stat = (tmp_path / "site.toml").stat()
    assert seen[str(tmp_path / "site.toml")] == (stat.st_mtime_ns, stat.st_size)


@pytest.mark.parametrize("name", [".hidden.md", "#a.md#", "a.md.tmp", "a.swx",
                                  ".git/config", "sub/.cache/x.md"])
def test_editor_and_tool_litter_is_not_watched(tmp_path: Path, name: str) -> None:
    (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / name).write_text("x")
    assert snapshot([tmp_path]) == {}


def test_changed_paths_names_added_removed_and_modified_files() -> None:
    before = {"/a": (1, 1), "/b": (1, 1), "/c": (1, 1)}
    after = {"/a": (1, 1), "/b": (2, 1), "/d": (1, 1)}
    assert changed_paths(before, after) == ["/b", "/c", "/d"]
    assert changed_paths(before, before) == []


@pytest.fixture
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(watch, "POLL_SECONDS", 0.02)
    monkeypatch.setattr(watch, "DEBOUNCE_SECONDS", 0.25)


class Calls:
    def __init__(self) -> None:
        self.calls: list[list[str]] = []
        self.event = threading.Event()

    def __call__(self, paths: list[str]) -> None:
        self.calls.append(paths)
        self.event.set()


@pytest.fixture
def watched(tmp_path: Path, quick: None) -> Iterator[tuple[Path, Calls, Watcher]]:
    (tmp_path / "a.md").write_text("a")
    calls = Calls()
    watcher = Watcher([tmp_path], snapshot([tmp_path]), calls)
    watcher.start()
    yield tmp_path, calls, watcher
    watcher.stop()
    watcher.join(5)


def test_a_change_is_reported_with_its_paths(watched: tuple[Path, Calls, Watcher]) -> None:
    folder, calls, _ = watched
    (folder / "a.md").write_text("changed")
    (folder / "b.md").write_text("new")
    assert calls.event.wait(5)
    time.sleep(0.3)
    assert calls.calls == [[str(folder / "a.md"), str(folder / "b.md")]]


def test_a_burst_of_saves_is_one_rebuild(watched: tuple[Path, Calls, Watcher]) -> None:
    folder, calls, _ = watched
    for n in range(6):  # an editor saving in steps, each well inside the quiet time
        (folder / "a.md").write_text("x" * (n + 2))
        time.sleep(0.02)
    assert calls.event.wait(5)
    time.sleep(0.6)
    assert calls.calls == [[str(folder / "a.md")]]


def test_nothing_changed_nothing_reported(watched: tuple[Path, Calls, Watcher]) -> None:
    folder, calls, _ = watched
    (folder / ".a.md.swp").write_text("litter")
    time.sleep(0.6)
    assert calls.calls == []


def test_the_next_change_is_seen_against_the_last_one(
        watched: tuple[Path, Calls, Watcher]) -> None:
    folder, calls, _ = watched
    (folder / "a.md").write_text("one")
    assert calls.event.wait(5)
    calls.event.clear()
    time.sleep(0.4)
    os.remove(folder / "a.md")
    assert calls.event.wait(5)
    time.sleep(0.4)
    assert calls.calls == [[str(folder / "a.md")], [str(folder / "a.md")]]


def test_stop_ends_the_thread(tmp_path: Path, quick: None) -> None:
    watcher = Watcher([tmp_path], {}, lambda paths: None)
    watcher.start()
    assert watcher.daemon and watcher.is_alive()
    watcher.stop()
    watcher.join(2)
    assert not watcher.is_alive()
