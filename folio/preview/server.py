"""`python build.py serve`: build, serve the output folder, rebuild on every change, reload tabs.

    watcher thread ──change, debounced──▶ pipeline.build ──BuildState──▶ event loop ──▶ tabs

The watcher polls content/, layouts/ and site.toml. After each build the server tells every
open tab the new state over a websocket: a tab reloads when the site changed, and shows the
problems in an overlay over the last good page when the build failed. The script that does
this is added by the server to HTML responses only; the files in site/ never contain it.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import json
import mimetypes
import secrets
import signal
import socket
import sys
import threading
import traceback
import webbrowser
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO
from urllib.parse import quote, unquote

from tornado import httpserver, netutil, web, websocket

from folio.cli import summary_line
from folio.pipeline import BuildOptions, Project, build
from folio.preview.live import inject
from folio.preview.watch import Snapshot, Watcher, snapshot
from folio.problems import Report, display_path

PORT_ATTEMPTS = 10  # a port in use: try the next ones, up to this many in all
LIVE_PREFIX = "/__folio__/"
TYPES = {".html": "text/html", ".css": "text/css", ".js": "text/javascript",
         ".json": "application/json", ".xml": "application/xml", ".txt": "text/plain",
         ".svg": "image/svg+xml", ".woff2": "font/woff2", ".woff": "font/woff",
         ".webmanifest": "application/manifest+json", ".bib": "text/plain"}


@dataclass(frozen=True)
class BuildState:
    """What the open tabs need to know: which build they show and whether the last one failed."""

    version: str  # changes whenever the files in the output folder do
    ok: bool
    problems: tuple[str, ...] = ()

    def as_json(self) -> str:
        return json.dumps({"version": self.version, "ok": self.ok,
                           "problems": list(self.problems)})


# ---- which file a URL path names -----------------------------------------------------------

def locate(root: Path, raw_path: str) -> Path | str | None:
    """The file under `root` that the percent-encoded URL path names, or a redirect (a folder
    asked for without its trailing slash), or None: missing, or not inside `root`.

    The path is decoded once; a `..` segment, a NUL or a backslash is refused, and so is a
    file whose real path (symbolic links followed) is outside `root`.
    """
    try:
        decoded = unquote(raw_path, errors="strict")
    except UnicodeDecodeError:
        return None
    if not decoded.startswith("/") or "\x00" in decoded or "\\" in decoded:
        return None
    segments = [s for s in decoded.split("/") if s not in ("", ".")]
    if ".." in segments:
        return None
    try:
        base = root.resolve()
        target = base.joinpath(*segments).resolve()
        if not target.is_relative_to(base):
            return None
        if target.is_dir():
            if not decoded.endswith("/"):
                return "/" + "".join(quote(s, safe="!$&'()*+,;=:@~") + "/" for s in segments)
            target = (target / "index.html").resolve()
            if not target.is_relative_to(base):
                return None
        return target if target.is_file() else None
    except (OSError, RuntimeError):  # a name too long, a loop of links (RuntimeError in 3.11)
        return None


# ---- the HTTP side --------------------------------------------------------------------------

class Hub:
    """The latest build state and the tabs listening for the next one (event-loop thread)."""

    def __init__(self, state: BuildState) -> None:
        self.state = state
        self.sockets: set[LiveSocket] = set()

    def publish(self, state: BuildState) -> None:
        self.state = state
        for sock in list(self.sockets):
            with contextlib.suppress(websocket.WebSocketClosedError):
                sock.write_message(state.as_json())


NOT_FOUND = b"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Not found</title></head>
<body><h1>Not found</h1><p>Nothing is built at this address.</p></body></html>
"""


def allowed_hosts(host: str, port: int) -> frozenset[str] | None:
    """The `Host` values a request may carry when the server listens on `host:port` (None:
    any that names this machine by address, for a server listening on every address)."""
    if host in ("0.0.0.0", "::", ""):
        return None
    names = {host.lower()}
    if host in ("127.0.0.1", "::1", "localhost"):
        names |= {"127.0.0.1", "::1", "localhost"}
    return frozenset(f"[{n}]:{port}" if ":" in n else f"{n}:{port}" for n in names)


def host_allowed(value: str, allowed: frozenset[str] | None) -> bool:
    """Whether a request's `Host` header names this server (a DNS-rebinding page's does
    not: it names the attacker's domain)."""
    value = value.strip().lower()
    if allowed is not None:
        return value in allowed
    name = value.rsplit(":", 1)[0] if not value.endswith("]") else value
    name = name.strip("[]")
    if name in ("localhost", socket.gethostname().lower(), socket.getfqdn().lower()):
        return True
    try:
        socket.inet_pton(socket.AF_INET6 if ":" in name else socket.AF_INET, name)
    except OSError:
        return False
    return True


class _OwnHost:
    """Refuses a request whose Host is not this server's (421 Misdirected Request)."""

    allowed: frozenset[str] | None

    def check_host(self, handler: web.RequestHandler) -> bool:
        if host_allowed(handler.request.headers.get("Host", ""), self.allowed):
            return True
        handler.set_status(421)
        handler.set_header("Content-Type", "text/plain; charset=utf-8")
        handler.finish("This server answers only requests for its own address.\n")
        return False


class SiteHandler(_OwnHost, web.RequestHandler):
    """Files of the output folder; HTML gets the live-reload script; misses get 404.html."""

    def initialize(self, root: Path, hub: Hub, allowed: frozenset[str] | None) -> None:
        self.root = root
        self.hub = hub
        self.allowed = allowed

    def prepare(self) -> None:
        self.check_host(self)

    def compute_etag(self) -> str | None:
        return None  # every response is fresh: the site changes under the browser

    def get(self) -> None:
        self._send(head=False)

    def head(self) -> None:
        self._send(head=True)

    def _send(self, head: bool) -> None:
        found = locate(self.root, self.request.path)
        if isinstance(found, str):
            query = f"?{self.request.query}" if self.request.query else ""
            self.redirect(found + query)
            return
        status, path = (200, found) if found else (404, locate(self.root, "/404.html"))
        body = NOT_FOUND
        if isinstance(path, Path):
            try:
                body = path.read_bytes()
            except OSError:  # swapped out by a publish between locate and read
                status, path, body = 404, None, NOT_FOUND
        kind = _content_type(path) if isinstance(path, Path) else "text/html"
        if kind == "text/html":
            body = inject(body, self.hub.state.as_json())
        if kind.startswith("text/") or kind in ("application/json", "application/xml"):
            kind += "; charset=utf-8"
        self.set_status(status)
        self.set_header("Content-Type", kind)
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Content-Length", str(len(body)))
        if not head:
            self.write(body)


def _content_type(path: Path) -> str:
    suffix = path.suffix.lower()
    return TYPES.get(suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


class StateHandler(_OwnHost, web.RequestHandler):
    """`/__folio__/errors.json`: the state of the last build, problems included."""

    def initialize(self, hub: Hub, allowed: frozenset[str] | None) -> None:
        self.hub = hub
        self.allowed = allowed

    def prepare(self) -> None:
        self.check_host(self)

    def get(self) -> None:
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.write(self.hub.state.as_json())


class LiveSocket(_OwnHost, websocket.WebSocketHandler):
    """`/__folio__/live`: sends the current state on connect, then every new one."""

    def initialize(self, hub: Hub, allowed: frozenset[str] | None) -> None:
        self.hub = hub
        self.allowed = allowed

    def prepare(self) -> None:
        self.check_host(self)

    def check_origin(self, origin: str) -> bool:
        """Only pages of this server may listen (the Origin's host is checked too)."""
        from urllib.parse import urlsplit

        return host_allowed(urlsplit(origin).netloc, self.allowed)

    def open(self, *args: str, **kwargs: str) -> None:
        self.hub.sockets.add(self)
        self.write_message(self.hub.state.as_json())

    def on_close(self) -> None:
        self.hub.sockets.discard(self)


def application(root: Path, hub: Hub, allowed: frozenset[str] | None = None
                ) -> web.Application:
    """The preview server's routes; `allowed` as from `allowed_hosts`."""
    return web.Application([
        (LIVE_PREFIX + "live", LiveSocket, {"hub": hub, "allowed": allowed}),
        (LIVE_PREFIX + "errors.json", StateHandler, {"hub": hub, "allowed": allowed}),
        (r".*", SiteHandler, {"root": root, "hub": hub, "allowed": allowed}),
    ], log_function=lambda handler: None)


class PortError(Exception):
    pass


def bind(host: str, port: int) -> tuple[list[socket.socket], int]:
    """Listening sockets on `port`, or on the next free one of PORT_ATTEMPTS; and the port."""
    last = port if port == 0 else min(port + PORT_ATTEMPTS - 1, 65535)
    for candidate in range(port, last + 1):
        try:
            sockets = netutil.bind_sockets(candidate, address=host)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE and candidate < last:
                continue
            if exc.errno == errno.EADDRINUSE:
                span = f"port {port}" if last == port else f"ports {port} to {last}"
                raise PortError(f"{span} on {host} in use; choose another with --port") from None
            raise PortError(f"cannot listen on {host}:{candidate}: "
                            f"{exc.strerror or exc}") from None
        return sockets, int(sockets[0].getsockname()[1])
    raise PortError(f"no port to try from {port}")  # pragma: no cover: the range is never empty


# ---- building ------------------------------------------------------------------------------

class Builder:
    """Runs pipeline.build, prints what happened and says which state the tabs should show."""

    def __init__(self, project: Project, options: BuildOptions) -> None:
        self.project = project
        self.options = options
        self.boot = secrets.token_hex(4)
        self.count = 0

    def __call__(self, reason: str | None = None) -> BuildState:
        report = Report(root=self.project.root)
        try:
            result = build(self.project, self.options, report)
        except Exception as exc:  # a bug, or the disk: report it and keep serving
            traceback.print_exc()
            report.error(self.project.root, 0, f"internal error: {exc!r}")
            result = None
        for line in report.lines():
            print(line, file=sys.stderr, flush=True)
        if result is None or report.failed:
            count = len(report.errors)
            _say(reason, f"build failed ({count} error{'s' if count != 1 else ''}); "
                 "still serving the last good build", sys.stderr)
            return BuildState(self._version(), False, tuple(report.lines()))
        stats = result.stats
        changed = not result.unchanged and (stats is None or stats.written or stats.removed)
        if changed or self.count == 0:
            self.count += 1  # a new version: the tabs reload
        said = summary_line(result, self.project)
        if said:
            _say(reason, said)
        return BuildState(self._version(), True)

    def _version(self) -> str:
        return f"{self.boot}-{self.count}"


def _say(reason: str | None, what: str, stream: TextIO | None = None) -> None:
    print(f"{reason}: {what[:1].lower() + what[1:]}" if reason else what[:1].upper() + what[1:],
          file=stream or sys.stdout, flush=True)


# ---- the command ----------------------------------------------------------------------------

def preview_folder(project: Project) -> Path:
    return project.cache_dir / "preview" / "site"


def serve(project: Project, options: BuildOptions, host: str = "127.0.0.1", port: int = 8000,
          open_browser: bool = False) -> int:
    """Build into a preview folder of its own, serve it on host:port with live reload until
    Ctrl-C; 0 when stopped. The preview (drafts and future articles included) is built under
    .cache/, never into the output folder a user deploys."""
    project = replace(project, output=preview_folder(project))
    if not 0 <= port <= 65535:
        print(f"build.py: error: --port {port} is not between 0 and 65535", file=sys.stderr)
        return 2
    interrupted = threading.Event()
    try:
        sockets, actual = bind(host, port)
    except PortError as exc:
        print(f"build.py: error: {exc}", file=sys.stderr)
        return 2
    try:
        if port and actual != port:
            print(f"Port {port} is in use; using {actual} instead.", flush=True)
        sources = [project.content, project.layouts, project.theme, project.config_file]
        seen = snapshot(sources)
        shown = f"[{host}]" if ":" in host else host
        url = f"http://{shown}:{actual}/"
        if options.base_url is None:  # absolute links (the 404 page's, feeds') lead here
            local = "localhost" if host in ("0.0.0.0", "::", "") else shown
            options = replace(options, base_url=f"http://{local}:{actual}/")
        builder = Builder(project, options)
        hub = Hub(builder())
        # From here until the event loop takes the signals over, Ctrl-C only takes note:
        # a KeyboardInterrupt inside asyncio.run's setup would leave a half-made loop.
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: interrupted.set())
        print(f"Serving {display_path(project.output, project.root)}/ at {url} "
              "(live reload; Ctrl-C to stop)", flush=True)
        if open_browser:
            threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
        asyncio.run(_run(project, sockets, hub, sources, seen, builder, interrupted,
                         allowed_hosts(host, actual)))
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        for sock in sockets:
            sock.close()
    print("Stopped.", flush=True)
    return 0


async def _run(project: Project, sockets: list[socket.socket], hub: Hub, sources: list[Path],
               seen: Snapshot, builder: Builder, interrupted: threading.Event,
               allowed: frozenset[str] | None) -> None:
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(signum, stop.set)
    if interrupted.is_set():  # Ctrl-C came while the loop was starting
        stop.set()
    server = httpserver.HTTPServer(application(project.output, hub, allowed))
    server.add_sockets(sockets)

    def rebuild(paths: list[str]) -> None:  # in the watcher's thread
        more = f" and {len(paths) - 1} more" if len(paths) > 1 else ""
        state = builder(f"{display_path(paths[0], project.root)} changed{more}")
        loop.call_soon_threadsafe(hub.publish, state)

    watcher = Watcher(sources, seen, rebuild)
    watcher.start()
    try:
        await stop.wait()
    finally:
        watcher.stop()
        server.stop()
        for sock in list(hub.sockets):
            sock.close()
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(server.close_all_connections(), 2)
        await asyncio.to_thread(watcher.join, 2)
