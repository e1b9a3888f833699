"""folio/preview/server.py (what test_serve leaves out): the build state the tabs get, which
builds make a new version, the headers of each response, and which Host names are ours.
The server runs in this process on a free port; no build, no browser."""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tornado import httpclient, httpserver, netutil, websocket

import folio.preview.server as server_module
from folio.pipeline import BuildOptions, BuildResult, Project
from folio.preview.server import (
    NOT_FOUND,
    Builder,
    BuildState,
    Hub,
    _content_type,
    allowed_hosts,
    application,
    host_allowed,
    preview_folder,
)
from folio.problems import Report
from folio.publish.output import PublishStats


def test_a_build_state_as_the_tabs_read_it() -> None:
    assert json.loads(BuildState("abc-1", True).as_json()) == {
        "version": "abc-1", "ok": True, "problems": []}
    failed = BuildState("abc-1", False, ("a.md:1: bad",))
    assert json.loads(failed.as_json())["problems"] == ["a.md:1: bad"]


@pytest.mark.parametrize(("name", "kind"), [
    ("index.html", "text/html"), ("STYLE.CSS", "text/css"), ("app.js", "text/javascript"),
    ("feed.json", "application/json"), ("feed.xml", "application/xml"),
    ("cite.bib", "text/plain"), ("robots.txt", "text/plain"), ("logo.svg", "image/svg+xml"),
    ("font.woff2", "font/woff2"), ("photo.png", "image/png"),
    ("wasm.en.pagefind", "application/octet-stream"), ("noext", "application/octet-stream"),
])
def test_content_types(name: str, kind: str) -> None:
    assert _content_type(Path(name)) == kind


def test_the_preview_is_built_under_the_cache(tmp_path: Path) -> None:
    assert preview_folder(Project.at(tmp_path)) == tmp_path / ".cache" / "preview" / "site"


@pytest.mark.parametrize(("host", "port", "value", "allowed"), [
    ("127.0.0.1", 8000, "LOCALHOST:8000", True),
    ("127.0.0.1", 8000, " localhost:8000 ", True),
    ("127.0.0.1", 8000, "[::1]:8000", True),
    ("127.0.0.1", 8000, "localhost", False),  # the port is part of the name
    ("::1", 8000, "[::1]:8000", True),
    ("::1", 8000, "127.0.0.1:8000", True),
    ("192.0.2.7", 80, "localhost:80", False),
    ("0.0.0.0", 80, "192.0.2.7", True),
    ("0.0.0.0", 80, "[2001:db8::1]:80", True),
    ("0.0.0.0", 80, "localhost:80", True),
    ("0.0.0.0", 80, "evil.example:80", False),
    ("0.0.0.0", 80, "", False),
    ("::", 80, "192.0.2.7.evil.example", False),
])
def test_host_names_that_are_this_server(host: str, port: int, value: str,
                                         allowed: bool) -> None:
    assert host_allowed(value, allowed_hosts(host, port)) is allowed


class FakeSocket:
    def __init__(self, closed: bool = False) -> None:
        self.sent: list[str] = []
        self.closed = closed

    def write_message(self, message: str) -> None:
        if self.closed:
            raise websocket.WebSocketClosedError()
        self.sent.append(message)


def test_the_hub_tells_every_tab_and_skips_closed_ones() -> None:
    hub = Hub(BuildState("v0", True))
    open_one, closed, other = FakeSocket(), FakeSocket(closed=True), FakeSocket()
    hub.sockets.update({open_one, closed, other})  # type: ignore[arg-type]
    state = BuildState("v1", False, ("x",))
    hub.publish(state)
    assert hub.state is state
    assert open_one.sent == other.sent == [state.as_json()]


def result(unchanged: bool = False, written: int = 0, removed: int = 0,
           failed: bool = False) -> BuildResult:
    report = Report()
    if failed:
        report.error("a.md", 3, "broken")
    return BuildResult(report, None, None if failed or unchanged else
                       PublishStats(written, 0, removed), 5, unchanged=unchanged)


def builder_with(monkeypatch: pytest.MonkeyPatch, results: list[BuildResult | Exception],
                 tmp_path: Path) -> Builder:
    def build(project: Project, options: BuildOptions, report: Report) -> BuildResult:
        found = results.pop(0)
        if isinstance(found, Exception):
            raise found
        report.extend(found.report.problems)
        found.report = report
        return found

    monkeypatch.setattr(server_module, "build", build)
    return Builder(Project.at(tmp_path), BuildOptions())


def test_a_new_version_only_when_the_site_changed(monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    builder = builder_with(monkeypatch, [result(unchanged=True), result(unchanged=True),
                                         result(written=0), result(written=2),
                                         result(removed=1), result(failed=True)], tmp_path)
    first = builder()
    assert first.ok and first.version.endswith("-1")  # the first build is always new
    assert builder("a.md changed").version == first.version  # nothing to rebuild
    assert builder().version == first.version  # built, but no file changed
    second = builder()
    assert second.version != first.version and second.version.endswith("-2")
    third = builder()
    assert third.version.endswith("-3")  # a removed file is a change too
    failed = builder("a.md changed")
    assert not failed.ok and failed.version == third.version
    assert failed.problems == ("a.md:3: broken",)
    out = capsys.readouterr()
    assert "a.md changed: nothing changed since the last build: " in out.out  # cli's line
    assert out.out.startswith("Nothing changed since the last build")  # no reason: a capital
    assert "a.md changed: build failed (1 error); still serving the last good build" in out.err


def test_a_crashing_build_is_reported_and_the_server_goes_on(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    builder = builder_with(monkeypatch, [RuntimeError("disk on fire")], tmp_path)
    state = builder()
    assert not state.ok
    assert len(state.problems) == 1
    assert state.problems[0].endswith(": internal error: RuntimeError('disk on fire')")
    assert "Traceback" in capsys.readouterr().err


def test_versions_differ_between_two_servers(monkeypatch: pytest.MonkeyPatch,
                                             tmp_path: Path) -> None:
    one = builder_with(monkeypatch, [result(written=1)], tmp_path)()
    two = builder_with(monkeypatch, [result(written=1)], tmp_path)()
    assert one.version != two.version  # a tab of an old server reloads on the new one


Fetch = Callable[..., httpclient.HTTPResponse]


def fetch_from(root: Path, hub: Hub) -> Fetch:
    def fetch(path: str, method: str = "GET", host: str | None = None) -> Any:
        async def go() -> httpclient.HTTPResponse:
            sockets = netutil.bind_sockets(0, "127.0.0.1")
            port = sockets[0].getsockname()[1]
            server = httpserver.HTTPServer(application(root, hub,
                                                       allowed_hosts("127.0.0.1", port)))
            server.add_sockets(sockets)
            try:
                headers = {"Host": host} if host is not None else None
                return await httpclient.AsyncHTTPClient().fetch(
                    f"http://127.0.0.1:{port}{path}", method=method, headers=headers,
                    raise_error=False, follow_redirects=False)
            finally:
                server.stop()

        # In a thread of its own: a browser test before this one may have left Playwright's
        # event loop running in this one.
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            return pool.submit(asyncio.run, go()).result()
    return fetch


@pytest.fixture
def fetch(tmp_path: Path) -> Fetch:
    (tmp_path / "site").mkdir()
    (tmp_path / "site/index.html").write_text("<html><body>home</body></html>")
    (tmp_path / "site/data.json").write_text('{"a": 1}')
    (tmp_path / "site/style.css").write_text("body{}")
    return fetch_from(tmp_path / "site", Hub(BuildState("v7", True)))


def test_html_gets_the_script_and_nothing_is_cached(fetch: Fetch) -> None:
    response = fetch("/")
    body = response.body.decode()
    assert response.code == 200 and "data-folio-live" in body and '"v7"' in body
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Etag" not in response.headers
    assert int(response.headers["Content-Length"]) == len(response.body)


def test_other_files_are_sent_as_they_are(fetch: Fetch) -> None:
    data = fetch("/data.json")
    assert data.body == b'{"a": 1}'
    assert data.headers["Content-Type"] == "application/json; charset=utf-8"
    assert fetch("/style.css").headers["Content-Type"] == "text/css; charset=utf-8"


def test_head_sends_the_headers_alone(fetch: Fetch) -> None:
    response = fetch("/", method="HEAD")
    assert response.code == 200 and response.body == b""
    assert int(response.headers["Content-Length"]) == len(fetch("/").body)


def test_a_site_without_a_404_page_still_answers_with_one(fetch: Fetch) -> None:
    response = fetch("/missing/")
    assert response.code == 404
    assert response.body.startswith(NOT_FOUND.split(b"</body>")[0])
    assert b"data-folio-live" in response.body


def test_the_state_is_served_as_json(fetch: Fetch) -> None:
    response = fetch("/__folio__/errors.json")
    assert json.loads(response.body) == {"version": "v7", "ok": True, "problems": []}
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"


def test_another_host_gets_nothing(fetch: Fetch) -> None:
    response = fetch("/data.json", host="evil.example")
    assert response.code == 421
    assert response.body == b"This server answers only requests for its own address.\n"


class Started:
    """What `serve` hands its builder and its event loop, without serving anything."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.options: list[BuildOptions] = []
        self.projects: list[Project] = []
        self.sources: list[list[Path]] = []
        started = self

        class FakeBuilder:
            def __init__(self, project: Project, options: BuildOptions) -> None:
                started.projects.append(project)
                started.options.append(options)

            def __call__(self, reason: str | None = None) -> BuildState:
                return BuildState("v", True)

        def run(coroutine: Any) -> None:
            frame = coroutine.cr_frame
            started.sources.append(frame.f_locals["sources"])
            coroutine.close()

        monkeypatch.setattr(server_module, "Builder", FakeBuilder)
        monkeypatch.setattr(asyncio, "run", run)


@pytest.mark.parametrize(("host", "base_url", "expected"), [
    ("127.0.0.1", None, "http://127.0.0.1:{port}/"),
    ("0.0.0.0", None, "http://localhost:{port}/"),
    ("::1", None, "http://[::1]:{port}/"),
    ("127.0.0.1", "https://example.org/", "https://example.org/"),
])
def test_serve_builds_a_preview_whose_absolute_links_lead_to_itself(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        host: str, base_url: str | None, expected: str) -> None:
    started = Started(monkeypatch)
    project = Project.at(tmp_path)
    try:
        code = server_module.serve(project, BuildOptions(base_url=base_url), host=host, port=0)
    except OSError as exc:  # no IPv6 here
        pytest.skip(f"cannot listen on {host}: {exc}")
    assert code == 0
    served = re.search(r" at http://\S+:(\d+)/ ", capsys.readouterr().out)
    assert served is not None
    port = served.group(1)
    (options,) = started.options
    assert options.base_url == expected.format(port=port)
    assert started.projects[0].output == preview_folder(project)
    assert started.sources == [[project.content, project.layouts, project.theme,
                                project.config_file]]
