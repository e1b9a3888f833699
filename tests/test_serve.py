"""`python build.py serve`: path safety, the injected script, ports, Ctrl-C and live reload."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from browser import free_port
from conftest import REPO, SiteProject

import folio.preview.server as serve_module
from folio.preview.live import inject
from folio.preview.server import BuildState, locate
from folio.preview.watch import changed_paths, snapshot

ARTICLE = "content/articles/commentary-number-1-on-economy.md"
ARTICLE_URL = "articles/commentary-number-1-on-economy/"
TITLE_LINE = 'title: "Commentary number 1: on economy"'


# ---- which file a URL path names ---------------------------------------------------------

@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "articles" / "one").mkdir(parents=True)
    (root / "index.html").write_text("home")
    (root / "articles" / "one" / "index.html").write_text("one")
    (root / "a b.txt").write_text("spaced")
    (tmp_path / "secret.txt").write_text("secret")
    (root / "leak.txt").symlink_to(tmp_path / "secret.txt")
    (root / "leakdir").symlink_to(tmp_path, target_is_directory=True)
    (root / "alias.html").symlink_to(root / "index.html")
    (root / "loop").symlink_to(root / "loop")
    return root


def test_locate_serves_files_and_folder_indexes(tree: Path) -> None:
    assert locate(tree, "/") == (tree / "index.html").resolve()
    assert locate(tree, "/articles/one/") == (tree / "articles/one/index.html").resolve()
    assert locate(tree, "/articles/one/index.html") == (tree / "articles/one/index.html").resolve()
    assert locate(tree, "/a%20b.txt") == (tree / "a b.txt").resolve()
    assert locate(tree, "/alias.html") == (tree / "index.html").resolve()  # link inside: fine


def test_locate_redirects_a_folder_without_its_slash(tree: Path) -> None:
    assert locate(tree, "/articles/one") == "/articles/one/"
    assert locate(tree, "//articles//one") == "/articles/one/"  # never `//host` in Location
    (tree / "a b?").mkdir()
    assert locate(tree, "/a%20b%3F") == "/a%20b%3F/"


@pytest.mark.parametrize("raw", [
    "/../secret.txt", "/articles/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt",
    "/..%2fsecret.txt", "/..%2Fsecret.txt", "/articles/..%2f..%2fsecret.txt",
    "/%252e%252e/secret.txt", "/%252e%252e%252fsecret.txt", "/..%5csecret.txt",
    "/..\\secret.txt", "/index.html%00", "/%ff", "../secret.txt", "/leak.txt",
    "/leakdir/secret.txt", "/leakdir/", "/leakdir", "/missing.html", "/articles/two/",
    "/" + "x" * 5000, "/loop",
])
def test_locate_refuses_paths_that_leave_the_folder_or_miss(tree: Path, raw: str) -> None:
    assert locate(tree, raw) is None


def test_locate_in_a_missing_output_folder(tmp_path: Path) -> None:
    assert locate(tmp_path / "site", "/") is None


# ---- the injected script -----------------------------------------------------------------

def test_inject_puts_the_script_before_the_last_body_end() -> None:
    state = BuildState("v1", False, ("a.md:3: bad </script><b>",)).as_json()
    html = inject(b"<html><body><p>x</p></BODY></html>", state)
    script = html[html.index(b"<script"):html.index(b"</BODY>")]
    assert html.startswith(b"<html><body><p>x</p><script data-folio-live>")
    assert script.count(b"</script>") == 1  # the message cannot close the script early
    assert b"\\u003c/script\\u003e" in script
    assert inject(b"no body", state).startswith(b"no body<script")


def test_a_plain_build_never_writes_the_live_script(built_archive: SiteProject) -> None:
    for name, data in built_archive.files().items():
        assert b"__folio__" not in data and b"folio-live" not in data, name


# ---- watching ----------------------------------------------------------------------------

def test_snapshot_sees_changes_and_ignores_editor_litter(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("one")
    before = snapshot([tmp_path])
    (tmp_path / ".a.md.swp").write_text("x")
    (tmp_path / "a.md~").write_text("x")
    assert snapshot([tmp_path]) == before
    (tmp_path / "a.md").write_text("two!")
    (tmp_path / "b.md").write_text("new")
    assert changed_paths(before, snapshot([tmp_path])) == [str(tmp_path / "a.md"),
                                                            str(tmp_path / "b.md")]


# ---- the server in a subprocess ----------------------------------------------------------

@dataclass
class Server:
    process: subprocess.Popen[str]
    lines: list[str] = field(default_factory=list)
    url: str = ""

    def get(self, path: str, headers: dict[str, str] | None = None
            ) -> tuple[int, str, dict[str, str]]:
        """A GET with `path` sent exactly as written (no normalisation by the client)."""
        host, port = self.url.split("//")[1].rstrip("/").split(":")
        conn = http.client.HTTPConnection(host, int(port), timeout=10)
        try:
            own_host = headers is not None and "Host" in headers
            conn.putrequest("GET", path, skip_accept_encoding=True, skip_host=own_host)
            for name, value in (headers or {}).items():
                conn.putheader(name, value)
            conn.endheaders()
            response = conn.getresponse()
            return response.status, response.read().decode("utf-8", "replace"), \
                dict(response.getheaders())
        finally:
            conn.close()

    def state(self) -> dict[str, Any]:
        with urllib.request.urlopen(self.url + "__folio__/errors.json", timeout=10) as r:
            return dict(json.load(r))

    def output(self) -> str:
        return "\n".join(self.lines)


Start = Callable[..., Server]


@pytest.fixture
def start_server(archive: SiteProject) -> Iterator[Start]:
    """Starts `python build.py serve` in the archive; every server is stopped at teardown."""
    servers: list[Server] = []

    def start(*args: str, port: int | None = None) -> Server:
        port = free_port() if port is None else port
        process = subprocess.Popen(
            [sys.executable, str(REPO / "build.py"), "serve", "--port", str(port), *args],
            cwd=archive.root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"})
        server = Server(process)
        servers.append(server)
        ready = threading.Event()

        def read() -> None:
            assert process.stdout is not None
            for line in process.stdout:
                server.lines.append(line.rstrip("\n"))
                found = re.search(r"at (http://\S+/)", line)
                if found and not server.url:
                    server.url = found.group(1)
                    ready.set()
            ready.set()

        threading.Thread(target=read, daemon=True).start()
        ready.wait(60)
        assert server.url, server.output()
        return server

    yield start
    for server in servers:
        if server.process.poll() is None:
            server.process.terminate()
            try:
                server.process.wait(10)
            except subprocess.TimeoutExpired:
                server.process.kill()
                server.process.wait()


def test_serves_pages_with_the_script_but_leaves_the_files_alone(
        start_server: Start, archive: SiteProject) -> None:
    server = start_server()
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", server.url)
    status, body, headers = server.get("/" + ARTICLE_URL)
    assert status == 200 and "Commentary number 1" in body
    assert "/__folio__/live" in body and headers["Content-Type"].startswith("text/html")
    preview = archive.root / ".cache/preview/site"  # serve never builds into site/
    assert b"__folio__" not in (preview / ARTICLE_URL / "index.html").read_bytes()
    assert not archive.site.exists()
    stylesheet = re.search(r'href="(?:\.\./)*(static/style\.[0-9a-f]+\.css)"', body)
    assert stylesheet, "the page links its fingerprinted stylesheet"
    status, body, headers = server.get("/" + stylesheet.group(1))
    assert status == 200 and "__folio__" not in body and "text/css" in headers["Content-Type"]
    status, _, headers = server.get("/articles/commentary-number-1-on-economy?x=1")
    assert status == 302 and headers["Location"] == "/" + ARTICLE_URL + "?x=1"


def test_summary_line_is_builds_and_the_404_page_works_at_any_depth(
        start_server: Start, archive: SiteProject) -> None:
    server = start_server()
    assert re.search(r"^Built 12 articles into \d+ pages in [\d.]+ s \(\d+ files written\)$",
                     server.output(), re.M), server.output()
    status, body, _ = server.get("/a/b/c/no-such-page/")
    assert status == 404 and "Page not found" in body
    stylesheet = re.search(r'<link rel="stylesheet" href="(http://[^"]+)"', body)
    assert stylesheet and stylesheet.group(1).startswith(server.url)  # this server's URL
    status, css, _ = server.get(stylesheet.group(1)[len(server.url) - 1:])
    assert status == 200 and ".site-header" in css
    assert f'href="{server.url}archive/"' in body  # links lead back into the site


TRAVERSALS = ["/../site.toml", "/%2e%2e/site.toml", "/%2E%2E/site.toml", "/..%2fsite.toml",
              "/..%2Fsite.toml", "/%252e%252e%252fsite.toml", "/%252e%252e/site.toml",
              "/articles/../../site.toml", "/articles/..%2f..%2fsite.toml", "/..%5csite.toml",
              "/..\\site.toml", "/.%2e/site.toml", "/%2e./site.toml", "/leak", "/leakdir/site.toml",
              "/no/such/page/", "/index.html%00"]


def test_paths_outside_the_output_folder_or_missing_get_the_404_page(
        start_server: Start, archive: SiteProject) -> None:
    server = start_server()
    preview = archive.root / ".cache/preview/site"
    (preview / "leak").symlink_to(archive.root / "site.toml")
    (preview / "leakdir").symlink_to(archive.root, target_is_directory=True)
    for raw in TRAVERSALS:
        status, body, _ = server.get(raw)
        assert status == 404, raw
        assert "Fixture Archive" in body, raw  # the site's own 404.html ...
        assert "base_url" not in body, raw  # ... and nothing of site.toml
        assert "/__folio__/live" in body, raw  # the 404 page reloads too


def test_a_port_in_use_moves_to_the_next_one(start_server: Start) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = start_server(port=port)
        assert f"Port {port} is in use" in server.output()
        assert not server.url.endswith(f":{port}/")
        assert server.get("/")[0] == 200


def test_ctrl_c_stops_cleanly(start_server: Start) -> None:
    server = start_server()
    server.process.send_signal(signal.SIGINT)
    assert server.process.wait(10) in (0, 130)
    time.sleep(0.1)
    assert "Traceback" not in server.output()
    assert server.output().endswith("Stopped.")


# ---- live reload in a browser ------------------------------------------------------------

def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.browser
def test_live_reload_content_and_layouts_with_the_problem_overlay(
        start_server: Start, archive: SiteProject, page: Any) -> None:
    server = start_server()
    with page.expect_websocket() as live:
        page.goto(server.url + ARTICLE_URL)
    live.value.wait_for_event("framereceived")  # connected: the first state has arrived
    alert = page.get_by_role("alert")
    article = archive.root / ARTICLE

    # An edit to the Markdown shows up by itself.
    _edit(article, "Opening paragraph of commentary 1", "Freshly edited paragraph")
    page.get_by_text("Freshly edited paragraph").wait_for(timeout=5000)

    # Broken front matter: the overlay names file and line over the last good page.
    _edit(article, TITLE_LINE, 'title: "broken')
    alert.wait_for(timeout=5000)
    assert f"{ARTICLE}:3: invalid YAML" in alert.inner_text()
    assert page.get_by_text("Freshly edited paragraph").is_visible()

    # Fixed (with another edit): the overlay goes and the page is back, edited.
    _edit(article, 'title: "broken', TITLE_LINE)
    _edit(article, "Freshly edited paragraph", "Edited once more")
    page.get_by_text("Edited once more").wait_for(timeout=5000)
    alert.wait_for(state="detached", timeout=5000)

    # A layout change reloads too; a template error shows the overlay; fixing it clears it.
    layout = archive.root / "layouts/article.html"
    _edit(layout, '<div class="article-body prose">',
          '<p class="marker">Layout v2</p>\n  <div class="article-body prose">')
    page.get_by_text("Layout v2").wait_for(timeout=5000)
    _edit(layout, '<p class="marker">Layout v2</p>', '<p class="marker">{% if %}</p>')
    alert.wait_for(timeout=5000)
    assert re.search(r"layouts/article\.html:\d+: template syntax error", alert.inner_text())
    _edit(layout, '<p class="marker">{% if %}</p>', '<p class="marker">Layout v3</p>')
    page.get_by_text("Layout v3").wait_for(timeout=5000)
    alert.wait_for(state="detached", timeout=5000)
    assert server.state()["ok"] is True

    # Ctrl-C with a tab still connected stops promptly and quietly.
    server.process.send_signal(signal.SIGINT)
    assert server.process.wait(10) in (0, 130)
    time.sleep(0.1)
    assert "Traceback" not in server.output()


@pytest.mark.browser
def test_a_tab_reloads_within_a_second_of_a_save(
        start_server: Start, archive: SiteProject, page: Any) -> None:
    server = start_server()
    with page.expect_websocket() as live:
        page.goto(server.url + ARTICLE_URL)
    live.value.wait_for_event("framereceived")
    saved = time.monotonic()
    _edit(archive.root / ARTICLE, "Opening paragraph of commentary 1", "Timed edit")
    page.get_by_text("Timed edit").wait_for(timeout=5000)
    # A second on an idle machine; headroom here for a busy test runner.
    elapsed = time.monotonic() - saved
    print(f"save to reloaded page: {elapsed:.2f} s")
    assert elapsed < 2.5


def test_a_failed_first_build_still_serves_and_reports(
        start_server: Start, archive: SiteProject) -> None:
    _edit(archive.root / ARTICLE, TITLE_LINE, 'title: "broken')
    server = start_server()
    state = server.state()
    assert state["ok"] is False
    assert any(p.startswith(f"{ARTICLE}:3:") for p in state["problems"])
    assert f"{ARTICLE}:3: invalid YAML" in server.output()
    status, body, _ = server.get("/")
    assert status == 404 and "/__folio__/live" in body  # no site yet: the overlay still shows
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(server.url + "nothing", timeout=10)


def test_bind_says_clearly_when_every_port_tried_is_taken(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serve_module, "PORT_ATTEMPTS", 1)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(serve_module.PortError, match=f"port {port} on 127.0.0.1 in use"):
            serve_module.bind("127.0.0.1", port)
    sockets, chosen = serve_module.bind("127.0.0.1", 0)
    assert chosen > 0
    for sock in sockets:
        sock.close()


def test_serve_answers_only_its_own_host(start_server: Start) -> None:
    """A page on another domain that resolves to 127.0.0.1 (DNS rebinding) gets nothing."""
    server = start_server()
    port = server.url.rsplit(":", 1)[1].strip("/")
    for host in (f"127.0.0.1:{port}", f"localhost:{port}"):
        status, _, _ = server.get("/", headers={"Host": host})
        assert status == 200, host
    for host in (f"evil.example:{port}", "evil.example", f"127.0.0.1:{int(port) + 1}",
                 f"127.0.0.1.evil.example:{port}", ""):
        status, body, _ = server.get("/", headers={"Host": host})
        assert status == 421 and "own address" in body, host
        status, _, _ = server.get("/__folio__/errors.json", headers={"Host": host})
        assert status == 421, host


def test_allowed_hosts_follow_the_address_it_listens_on() -> None:
    assert serve_module.allowed_hosts("127.0.0.1", 8000) == {
        "127.0.0.1:8000", "localhost:8000", "[::1]:8000"}
    assert serve_module.allowed_hosts("192.0.2.7", 80) == {"192.0.2.7:80"}
    assert serve_module.allowed_hosts("0.0.0.0", 80) is None
    assert serve_module.host_allowed("192.0.2.7:80", None)
    assert not serve_module.host_allowed("evil.example:80", None)
