"""folio/search/pagefind.py: Pagefind's service protocol spoken synchronously: records in, a
bundle's files out; its failures a SearchError; its process dies with the build."""

from __future__ import annotations

import base64
import importlib.metadata
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from folio.search import pagefind
from folio.search.bundle import normalise
from folio.search.pagefind import Record, SearchError, Service, _read, bundle_files, service

needs_pagefind = pytest.mark.skipif(not pagefind.available(), reason="Pagefind is missing")
REPO = Path(__file__).resolve().parent.parent


def records(n: int) -> list[Record]:
    return [Record(f"/a{k}/", f"Article {k} about sanctions and trade", "en",
                   {"title": f"Article {k}"}, {"tags": [f"t{k % 3}", "all"]},
                   {"date": f"2024-01-{k + 1:02d}T00:00:00Z"}) for k in range(n)]


@needs_pagefind
def test_a_bundle_of_records() -> None:
    with service() as running:
        files = bundle_files(records(3), "en", running)
        again = bundle_files(records(3), "en", running)  # one service, many indexes
    assert list(files) == sorted(files)
    assert "pagefind-entry.json" in files and "pagefind.js" in files
    assert not any(path.startswith(("/", "pagefind/")) for path in files)
    entry = json.loads(files["pagefind-entry.json"])
    assert entry["languages"]["en"]["page_count"] == 3
    assert normalise(files, True) == normalise(again, True)


@needs_pagefind
def test_the_language_is_forced() -> None:
    with service() as running:
        files = bundle_files([Record("/x/", "Texto en español", "es", {"title": "x"}, {}, {})],
                             "es", running)
    assert list(json.loads(files["pagefind-entry.json"])["languages"]) == ["es"]


@needs_pagefind
def test_a_refused_request_is_a_search_error() -> None:
    running = Service()
    try:
        with pytest.raises(SearchError, match="Pagefind failed: Invalid index"):
            running._call([{"type": "AddRecord", "index_id": 999, "url": "/x/", "content": "x",
                            "language": "en", "meta": {}, "filters": {}, "sort": {}}])
    finally:
        running.close()
    assert running._process.poll() is not None  # closed means gone


def test_without_pagefind_a_search_error_says_how_to_install_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pagefind, "executable", lambda: None)
    assert not pagefind.available()
    with pytest.raises(SearchError, match=r"python -m pip install 'pagefind\[bin\]'"):
        Service()
    monkeypatch.setattr(pagefind, "executable", lambda: Path("/nonexistent/pagefind"))
    with pytest.raises(SearchError, match="not installed"):
        Service()


def test_the_version_is_pagefinds_or_none(monkeypatch: pytest.MonkeyPatch) -> None:
    assert pagefind.pagefind_version() == importlib.metadata.version("pagefind")

    def missing(name: str) -> str:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", missing)
    assert pagefind.pagefind_version() == "none"


class Trickle(io.RawIOBase):
    """A pipe that hands out its bytes a few at a time."""

    def __init__(self, data: bytes, step: int) -> None:
        self.data, self.step = data, step

    def read1(self, size: int = -1) -> bytes:
        chunk, self.data = self.data[:self.step], self.data[self.step:]
        return chunk


def message(n: int, payload: dict[str, Any]) -> bytes:
    return base64.b64encode(json.dumps({"message_id": n, "payload": payload}).encode()) + b","


def test_answers_are_read_by_their_ids_across_any_chunking() -> None:
    data = message(5, {"a": 1}) + message(4, {"b": 2}) + message(6, {"c": 3})
    for step in (1, 7, len(data)):
        answers: dict[int, dict[str, Any]] = {}
        failure: list[BaseException] = []
        _read(Trickle(data, step), 3, answers, failure)  # type: ignore[arg-type]
        assert failure == [] and answers == {4: {"b": 2}, 5: {"a": 1}, 6: {"c": 3}}


def test_a_pipe_that_closes_early_is_a_failure() -> None:
    answers: dict[int, dict[str, Any]] = {}
    failure: list[BaseException] = []
    _read(Trickle(message(1, {}), 100), 2, answers, failure)  # type: ignore[arg-type]
    assert answers == {1: {}} and isinstance(failure[0], EOFError)
    failure.clear()
    _read(Trickle(b"not base64 json,", 100), 1, {}, failure)  # type: ignore[arg-type]
    assert isinstance(failure[0], ValueError)


HOLDER = """
import os, time
from folio.search.pagefind import Service
running = Service()
keeper = os.fork()  # holds Pagefind's pipes open: only the kernel's signal can stop it now
if keeper == 0:
    time.sleep(60)
    os._exit(0)
print(running._process.pid, keeper, flush=True)
time.sleep(60)
"""


def gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ")[1][0] in "ZX"  # a zombie is gone too
    except FileNotFoundError:
        return True


@needs_pagefind
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_pagefind_dies_with_a_killed_build() -> None:
    build = subprocess.Popen([sys.executable, "-c", HOLDER], cwd=REPO, stdout=subprocess.PIPE,
                             text=True)
    try:
        assert build.stdout is not None
        child, keeper = map(int, build.stdout.readline().split())
        try:
            assert not gone(child)
            os.kill(build.pid, signal.SIGKILL)
            build.wait()
            deadline = time.monotonic() + 10
            while not gone(child) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert gone(child)
        finally:
            os.kill(keeper, signal.SIGKILL)
            if not gone(child):
                os.kill(child, signal.SIGKILL)
    finally:
        build.kill()
        build.wait()
