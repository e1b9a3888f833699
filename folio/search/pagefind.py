"""Pagefind, driven through its service protocol: records in, a search bundle out.

Pagefind (https://pagefind.app/) ships a service mode (`pagefind --service`) that its own
Python and Node APIs use: requests and responses are base64-encoded JSON messages, each
followed by a comma, on the binary's stdin and stdout. Its Python API waits 0.1 s before
reading each response, which makes ten thousand records cost over 15 minutes; this client
speaks the same protocol synchronously, with every record of a bundle written at once and
the answers read by a thread, so a bundle costs what Pagefind's indexing costs.

The binary comes with the `pagefind[bin]` package (found the way Pagefind's own API finds
it). It is started so that it dies with the build: a killed build leaves no indexer behind.
"""

from __future__ import annotations

import base64
import ctypes
import importlib.metadata
import json
import os
import shutil
import signal
import subprocess
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

INSTALL_HINT = "install it with: python -m pip install 'pagefind[bin]'"


class SearchError(Exception):
    pass


@dataclass(frozen=True)
class Record:
    """One searchable article, as Pagefind takes it."""

    url: str
    content: str
    language: str
    meta: dict[str, str]
    filters: dict[str, list[str]]
    sort: dict[str, str]


def pagefind_version() -> str:
    """Part of the search bundle's fingerprint: a new Pagefind builds a new bundle."""
    try:
        return importlib.metadata.version("pagefind")
    except importlib.metadata.PackageNotFoundError:
        return "none"


def executable() -> Path | None:
    """The Pagefind binary, as Pagefind's own Python API finds it."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        found = shutil.which("pagefind")
        return Path(found) if found else None
    return get_executable()


def available() -> bool:
    binary = executable()
    return binary is not None and binary.is_file()


def _die_with_parent() -> None:  # pragma: no cover: runs in the child before exec
    """Linux: the child gets SIGKILL when the build that started it dies."""
    libc = ctypes.CDLL(None, use_errno=True)
    pr_set_pdeathsig = 1
    libc.prctl(pr_set_pdeathsig, signal.SIGKILL)


class Service:
    """One `pagefind --service` process; `bundle` indexes records into a folder."""

    def __init__(self) -> None:
        binary = executable()
        if binary is None or not binary.is_file():
            raise SearchError("the search index needs Pagefind, which is not installed; "
                              f"{INSTALL_HINT}")
        try:
            self._process = subprocess.Popen(
                [str(binary), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL, preexec_fn=_die_with_parent if os.name == "posix"
                else None)
        except OSError as exc:
            raise SearchError(f"Pagefind could not run: {exc}") from None
        self._next = 0

    def close(self) -> None:
        if self._process.stdin:
            self._process.stdin.close()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()

    def bundle(self, records: Iterable[Record], language: str) -> dict[str, bytes]:
        """Index `records` (in the order given); the bundle's files by path. (The files come
        back in the answer: Pagefind may answer a request to write them before they are all
        written, and a build must never read half a file.)"""
        index = self._call([{"type": "NewIndex", "config": {
            "force_language": language, "keep_index_url": False}}])[0]["index_id"]
        requests: list[dict[str, Any]] = [
            {"type": "AddRecord", "index_id": index, "url": r.url, "content": r.content,
             "language": r.language, "meta": r.meta, "filters": r.filters, "sort": r.sort}
            for r in records]
        requests.append({"type": "GetFiles", "index_id": index})
        requests.append({"type": "DeleteIndex", "index_id": index})
        answers = self._call(requests)
        files = {}
        for item in answers[-2].get("files", ()):
            path = str(item["path"]).replace("\\", "/").lstrip("/")
            if path.startswith("pagefind/"):
                path = path[len("pagefind/"):]
            files[path] = base64.b64decode(item["content"])
        return dict(sorted(files.items()))

    def _call(self, payloads: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Send every payload, then wait for every answer, in order."""
        stdin, stdout = self._process.stdin, self._process.stdout
        assert stdin is not None and stdout is not None
        first = self._next
        self._next += len(payloads)
        answers: dict[int, dict[str, Any]] = {}
        failure: list[BaseException] = []
        reader = threading.Thread(target=_read, args=(stdout, len(payloads), answers, failure),
                                  daemon=True)
        reader.start()
        try:
            for n, payload in enumerate(payloads, first):
                message = json.dumps({"message_id": n, "payload": payload})
                stdin.write(base64.b64encode(message.encode("utf-8")) + b",")
            stdin.flush()
        except OSError as exc:
            raise SearchError(f"Pagefind stopped: {exc}") from None
        reader.join()
        if failure:
            raise SearchError(f"Pagefind stopped: {failure[0]}")
        results = []
        for n in range(first, first + len(payloads)):
            answer = answers.get(n)
            if answer is None or answer.get("type") == "Error":
                detail = (answer or {}).get("message", "no answer")
                raise SearchError(f"Pagefind failed: {detail}")
            results.append(answer)
        return results


def _read(stream: BinaryIO, count: int, answers: dict[int, dict[str, Any]],
          failure: list[BaseException]) -> None:
    try:
        buffer = b""
        while len(answers) < count:
            cut = buffer.find(b",")
            if cut < 0:
                chunk = stream.read1(1 << 20)  # type: ignore[attr-defined]
                if not chunk:
                    raise EOFError("it closed its output")
                buffer += chunk
                continue
            message, buffer = json.loads(base64.b64decode(buffer[:cut])), buffer[cut + 1:]
            answers[int(message.get("message_id", -1))] = message.get("payload", {})
    except (OSError, ValueError, EOFError) as exc:
        failure.append(exc)


@contextmanager
def service() -> Iterator[Service]:
    running = Service()
    try:
        yield running
    finally:
        running.close()


def bundle_files(records: Iterable[Record], language: str, running: Service
                 ) -> dict[str, bytes]:
    """The bundle Pagefind makes of `records`: its files by path inside the bundle."""
    return running.bundle(records, language)
