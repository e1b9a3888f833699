"""Shared helpers for browser tests: Playwright driving Debian's Chromium, never a download.

Where /usr/bin/chromium is missing the browser tests are skipped with a reason, except when
FOLIO_REQUIRE_BROWSER is set (as `.ci/run` does): there a missing browser is a failure.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("FOLIO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
]


def require_browser() -> None:
    """Skip (or, in CI, fail) when Chromium or Playwright is not available."""
    missing = None
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        missing = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            missing = "playwright is not installed (pip install -e '.[test]')"
    if missing:
        if os.environ.get("FOLIO_REQUIRE_BROWSER"):
            pytest.fail(missing)
        pytest.skip(missing)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve_folder(folder: Path, subpath: str = "/") -> Iterator[str]:
    """Serve `folder` over HTTP on 127.0.0.1 at `subpath`; yields the base URL.

    With subpath "/archive/" the site is reachable at http://127.0.0.1:PORT/archive/ only,
    as on a host that publishes it under a subpath.
    """
    mount = folder
    if subpath.strip("/"):
        root = folder.parent / (folder.name + ".mount")
        target = root / subpath.strip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            target.symlink_to(folder.resolve(), target_is_directory=True)
        mount = root
    handler = functools.partial(_QuietHandler, directory=str(mount))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{subpath.strip('/')}/".replace(
            "//", "/").replace("http:/", "http://")
    finally:
        server.shutdown()
        server.server_close()
