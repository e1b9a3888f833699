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
    not_found: Path | None = None  # the page a miss gets, as static hosts serve 404.html

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_error(self, code: int, message: str | None = None,
                   explain: str | None = None) -> None:
        page = self.not_found
        if code != 404 or page is None or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextmanager
def serve_folder(folder: Path, subpath: str = "/", not_found: bool = False) -> Iterator[str]:
    """Serve `folder` over HTTP on 127.0.0.1 at `subpath`; yields the base URL. The folder
    may be made after this starts (build with the URL as base_url, then look).

    With subpath "/archive/" the site is reachable at http://127.0.0.1:PORT/archive/ only,
    as on a host that publishes it under a subpath. With `not_found`, a missing page gets the
    site's 404.html (status 404), as GitHub Pages or Netlify give it.
    """
    mount = folder
    if subpath.strip("/"):
        root = folder.parent / (folder.name + ".mount")
        target = root / subpath.strip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            target.symlink_to(folder.resolve(), target_is_directory=True)
        mount = root
    kind = type("Handler", (_QuietHandler,), {"not_found": folder / "404.html"}) \
        if not_found else _QuietHandler
    handler = functools.partial(kind, directory=str(mount))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{subpath.strip('/')}/".replace(
            "//", "/").replace("http:/", "http://")
    finally:
        server.shutdown()
        server.server_close()
