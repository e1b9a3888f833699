"""What a search costs a reader: requests and bytes of a first and a second query.

    python benchmarks/search_cost.py FOLIO_SITE [--pagefind-site HUGO_PUBLIC]
                                     [--words sanctions,pipeline] [--json FILE]

Serves the built site FOLIO_SITE (e.g. benchmarks/work/n10000/folio/site) on 127.0.0.1 and
drives Debian's Chromium (Playwright, never a downloaded browser) to its search page,
`/search/?q=WORD`, in a fresh browser profile: the first query is a reader arriving on a cold
page (the page, its assets and the search index it needs), the second a new query typed
into the same page. It waits for the results to be on the page, then for the network to
be quiet, and counts what the server sent.

With --pagefind-site (e.g. benchmarks/work/n10000/hugo-pagefind/public, Pagefind's bundle
under /pagefind/) it does the same for a plain Pagefind set-up: a minimal page, served by
this script, that imports /pagefind/pagefind.js, calls `pagefind.search(word)` and then
`data()` on the first 10 results (Folio's page shows 10 at a time), as a Hugo site's search
page would at the least.

Bytes are counted by the server itself (status line, headers and body of every response),
so requests from Pagefind's web worker count too and the browser's cache is honoured. Like
most static hosts, the server gzips text (HTML, CSS, JavaScript, JSON) when the browser
asks for it (--no-gzip turns that off); Pagefind's own index files are gzipped already and
are sent as they are. Prints one Markdown table; --json writes every request.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import functools
import gzip
import http.server
import json
import os
import socket
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import quote, urlsplit

CHROMIUM = os.environ.get("FOLIO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
DEFAULT_WORDS = "sanctions,pipeline"  # both in corpus.py's vocabulary
RESULTS_SHOWN = 10  # Folio's search page shows 10 results at a time
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml",
                "application/xml", "application/atom+xml", "application/manifest+json")

# The minimal search page of a plain Pagefind set-up, served at PAGEFIND_PAGE.
PAGEFIND_PAGE = "/search-cost/"
PAGEFIND_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Pagefind search</title>
<link rel="icon" href="data:,"></head>
<body><p id="status">loading</p>
<script type="module">
const pagefind = await import("/pagefind/pagefind.js");
window.runQuery = async (word) => {
  const search = await pagefind.search(word);
  const data = await Promise.all(search.results.slice(0, SHOWN).map((r) => r.data()));
  document.getElementById("status").textContent =
    "done " + search.results.length + " " + data.length + " " + word;
};
const word = new URLSearchParams(location.search).get("q");
if (word) await window.runQuery(word);
</script></body></html>
""".replace("SHOWN", str(RESULTS_SHOWN))


# ------------------------------------------------------------------------------ server


@dataclasses.dataclass
class Served:
    path: str
    status: int
    wire: int  # bytes sent: status line, headers and (maybe gzipped) body
    body: int  # bytes of the body before compression


class Log:
    """What the server sent, and whether it is busy; shared by the handler threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.served: list[Served] = []
        self.in_flight = 0
        self.last_activity = time.monotonic()

    def begin(self) -> None:
        with self.lock:
            self.in_flight += 1
            self.last_activity = time.monotonic()

    def end(self, served: Served) -> None:
        with self.lock:
            self.in_flight -= 1
            self.served.append(served)
            self.last_activity = time.monotonic()

    def mark(self) -> int:
        with self.lock:
            return len(self.served)

    def since(self, mark: int) -> list[Served]:
        with self.lock:
            return list(self.served[mark:])

    def settle(self, quiet: float = 0.5, limit: float = 15.0) -> None:
        """Wait until no request has been open or answered for `quiet` seconds."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            with self.lock:
                idle = self.in_flight == 0 and time.monotonic() - self.last_activity >= quiet
            if idle:
                return
            time.sleep(0.05)


class _Counting:
    """The handler's output stream, counting the bytes written to the socket."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.count = 0

    def write(self, data: bytes) -> int:
        self.raw.write(data)
        self.count += len(data)
        return len(data)

    def flush(self) -> None:
        self.raw.flush()

    @property
    def closed(self) -> bool:
        return bool(self.raw.closed)

    def close(self) -> None:
        self.raw.close()


class Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as browsers and hosts use it

    def __init__(self, *args: Any, log: Log, use_gzip: bool, pages: dict[str, bytes],
                 **kwargs: Any) -> None:
        self.log_book = log
        self.use_gzip = use_gzip
        self.pages = pages
        self.status = 0
        self.body_size = 0
        super().__init__(*args, **kwargs)

    def setup(self) -> None:
        super().setup()
        self.counter = _Counting(self.wfile)
        self.wfile = self.counter  # type: ignore[assignment]

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def handle(self) -> None:
        with contextlib.suppress(ConnectionError):  # the browser dropped a connection
            super().handle()

    def parse_request(self) -> bool:
        ok = super().parse_request()
        if ok:
            self.log_book.begin()
            self.started = self.counter.count
        return ok

    def handle_one_request(self) -> None:
        self.started = -1
        self.status = 0
        self.body_size = 0
        try:
            super().handle_one_request()
        finally:
            if self.started >= 0:
                self.log_book.end(Served(urlsplit(self.path).path, self.status,
                                         self.counter.count - self.started, self.body_size))

    def send_response(self, code: int, message: str | None = None) -> None:
        self.status = code
        super().send_response(code, message)

    def send_header(self, keyword: str, value: str) -> None:
        if keyword.lower() == "content-length" and not self.body_size:
            self.body_size = int(value)
        super().send_header(keyword, value)

    def _send(self, data: bytes, ctype: str) -> None:
        self.body_size = len(data)
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        compress = self.use_gzip and wants_gzip and ctype.startswith(COMPRESSIBLE)
        if compress:
            data = gzip.compress(data, compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        if compress:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path in self.pages:
            self._send(self.pages[path], "text/html; charset=utf-8")
            return
        local = Path(self.translate_path(self.path))
        if local.is_dir() and path.endswith("/"):
            local = local / "index.html"
        ctype = self.guess_type(str(local))
        if local.is_file() and self.use_gzip and ctype.startswith(COMPRESSIBLE):
            self._send(local.read_bytes(), ctype)
            return
        super().do_GET()  # redirects, 404, and files sent as they are


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve(folder: Path, log: Log, use_gzip: bool,
          pages: dict[str, bytes] | None = None) -> Iterator[str]:
    """Serve `folder` (and `pages`, by path) on 127.0.0.1; yields the base URL."""
    handler = functools.partial(Handler, directory=str(folder), log=log, use_gzip=use_gzip,
                                pages=pages or {})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# ----------------------------------------------------------------------------- queries


@dataclasses.dataclass
class Query:
    site: str
    query: str  # which query: first (cold page) or second
    word: str
    results: int
    seconds: float  # from navigation (or submit) to the results on the page
    served: list[Served]

    @property
    def requests(self) -> int:
        return len(self.served)

    @property
    def wire(self) -> int:
        return sum(s.wire for s in self.served)

    @property
    def body(self) -> int:
        return sum(s.body for s in self.served)

    @property
    def search_wire(self) -> int:
        return sum(s.wire for s in self.served if "/pagefind/" in s.path)

    @property
    def search_requests(self) -> int:
        return sum(1 for s in self.served if "/pagefind/" in s.path)


FOLIO_DONE = """(word) => {
  const status = document.getElementById("search-status").textContent;
  if (status.includes("could not load")) throw new Error(status);
  const list = document.getElementById("search-results");
  return status.includes("\\u201c" + word + "\\u201d") && status.includes("found") &&
         (status.startsWith("No articles") || list.children.length > 0);
}"""


def _count(status: str) -> int:
    first = status.split(" ", 1)[0].replace(",", "")
    return int(first) if first.isdigit() else 0


def folio_queries(browser: Any, base: str, log: Log, words: list[str]) -> list[Query]:
    """Folio's own search page: the first word in its address, the second typed in."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    out: list[Query] = []
    try:
        for n, word in enumerate(words):
            mark = log.mark()
            began = time.monotonic()
            if n == 0:
                page.goto(f"{base}/search/?q={quote(word)}")
            else:
                page.fill("#search-query", word)
                page.press("#search-query", "Enter")
            page.wait_for_function(FOLIO_DONE, arg=word, timeout=120_000)
            seconds = time.monotonic() - began
            status = page.inner_text("#search-status")
            log.settle()
            out.append(Query("Folio", "first, cold page" if n == 0 else "second", word,
                             _count(status), seconds, log.since(mark)))
    finally:
        context.close()
    if errors:
        raise RuntimeError("errors on Folio's search page: " + "; ".join(errors))
    return out


def pagefind_queries(browser: Any, base: str, log: Log, words: list[str]) -> list[Query]:
    """A minimal page over a plain Pagefind bundle: search, then data() of 10 results."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    out: list[Query] = []
    try:
        for n, word in enumerate(words):
            mark = log.mark()
            began = time.monotonic()
            if n == 0:
                page.goto(f"{base}{PAGEFIND_PAGE}?q={quote(word)}")
            else:
                page.evaluate("(word) => { window.runQuery(word); }", word)
            page.wait_for_function(
                "(word) => document.getElementById('status').textContent.startsWith('done ') &&"
                " document.getElementById('status').textContent.endsWith(' ' + word)",
                arg=word, timeout=120_000)
            seconds = time.monotonic() - began
            status = page.inner_text("#status").split()
            log.settle()
            out.append(Query("Hugo + Pagefind", "first, cold page" if n == 0 else "second",
                             word, int(status[1]), seconds, log.since(mark)))
    finally:
        context.close()
    if errors:
        raise RuntimeError("errors on the Pagefind page: " + "; ".join(errors))
    return out


# ------------------------------------------------------------------------------ report


def kib(n: int) -> str:
    return f"{n / 1024:,.1f} KiB"


def table(queries: list[Query], use_gzip: bool) -> str:
    lines = [
        "| site | query | word | requests | transferred | of which /pagefind/ | "
        "bodies before gzip | results | time to results |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for q in queries:
        lines.append(
            f"| {q.site} | {q.query} | {q.word} | {q.requests} | {kib(q.wire)} | "
            f"{kib(q.search_wire)} ({q.search_requests} requests) | {kib(q.body)} | "
            f"{q.results:,} | {q.seconds:.2f} s |")
    lines.append(
        "\nTransferred: status line, headers and body of every response, as counted by the "
        "server (" + ("text gzipped, as most static hosts do" if use_gzip else "no gzip")
        + "); Pagefind's index files are compressed by Pagefind. Time to results depends on "
        "the machine and its load.")
    return "\n".join(lines) + "\n"


def check_site(folder: Path, needed: str, what: str) -> None:
    if not (folder / needed).is_file():
        sys.exit(f"search_cost.py: {folder} has no {needed}: is it {what}?")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a built Folio site (search on)")
    parser.add_argument("--pagefind-site", type=Path,
                        help="a site with a plain Pagefind bundle in pagefind/ (Hugo + Pagefind)")
    parser.add_argument("--words", default=DEFAULT_WORDS,
                        help="the first and the second query, comma-separated")
    parser.add_argument("--no-gzip", action="store_true", help="send text uncompressed")
    parser.add_argument("--json", type=Path, help="write every request to this file")
    parser.add_argument("--chromium", default=CHROMIUM)
    args = parser.parse_args(argv)
    words = [w.strip() for w in args.words.split(",") if w.strip()]
    if not words:
        parser.error("--words needs at least one word")
    check_site(args.site, "search/index.html", "a Folio site built with search on")
    if args.pagefind_site:
        check_site(args.pagefind_site, "pagefind/pagefind.js", "a site indexed by Pagefind")
    if not Path(args.chromium).exists():
        sys.exit(f"search_cost.py: no Chromium at {args.chromium} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sys.exit("search_cost.py: Playwright is missing (pip install playwright); run it with "
                 "the project's virtualenv")

    use_gzip = not args.no_gzip
    queries: list[Query] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        try:
            log = Log()
            with serve(args.site.resolve(), log, use_gzip) as base:
                queries += folio_queries(browser, base, log, words)
            if args.pagefind_site:
                log = Log()
                pages = {PAGEFIND_PAGE: PAGEFIND_HTML.encode()}
                with serve(args.pagefind_site.resolve(), log, use_gzip, pages) as base:
                    queries += pagefind_queries(browser, base, log, words)
        finally:
            browser.close()
    print(table(queries, use_gzip))
    if args.json:
        args.json.write_text(json.dumps(
            [{**{k: v for k, v in dataclasses.asdict(q).items() if k != "served"},
              "requests": q.requests, "wire": q.wire, "body": q.body,
              "served": [dataclasses.asdict(s) for s in q.served]} for q in queries],
            indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
