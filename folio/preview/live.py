"""The browser side of `serve`: a script the server adds to each HTML response it sends.

The script listens on the websocket `/__folio__/live` for the state of each build:
`{"version": ..., "ok": ..., "problems": ["path:line: message", ...]}`. A successful build
with a new version reloads the tab; a failed one shows the problems in an overlay
(`<div role="alert">`) over the page, which is the last good build; the next good build
removes it. Messages are put in with `textContent`, never parsed as HTML.
"""

from __future__ import annotations

CLIENT_JS = """(function (state) {
  "use strict";
  var ID = "folio-problems";
  function show(problems) {
    var box = document.getElementById(ID);
    if (!problems.length) { if (box) { box.remove(); } return; }
    if (!box) {
      box = document.createElement("div");
      box.id = ID;
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;left:1rem;right:1rem;bottom:1rem;z-index:2147483647;" +
        "max-height:60vh;overflow:auto;margin:0;padding:1rem 1.25rem;text-align:left;" +
        "background:#2b0b0b;color:#ffecec;border:2px solid #ff6b6b;border-radius:6px;" +
        "font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;" +
        "box-shadow:0 4px 24px rgba(0,0,0,.4);white-space:pre-wrap";
      (document.body || document.documentElement).appendChild(box);
    }
    var title = document.createElement("strong");
    title.textContent = "Build failed; this is the last good build. Fix and save:";
    var list = document.createElement("ul");
    list.style.cssText = "margin:.5rem 0 0;padding-left:1.25rem";
    problems.forEach(function (line) {
      var item = document.createElement("li");
      item.textContent = line;
      list.appendChild(item);
    });
    box.replaceChildren(title, list);
  }
  function apply(next) {
    if (next.ok && next.version !== state.version) { location.reload(); return; }
    show(next.ok ? [] : next.problems);
  }
  function connect(delay) {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + "/__folio__/live");
    socket.onopen = function () { delay = 250; };
    socket.onmessage = function (event) { apply(JSON.parse(event.data)); };
    socket.onclose = function () {
      setTimeout(function () { connect(Math.min(delay * 2, 4000)); }, delay);
    };
  }
  apply(state);
  connect(250);
})"""


def inject(html: bytes, state_json: str) -> bytes:
    """`html` with the live-reload script before its last `</body>` (or at its end)."""
    safe = state_json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    script = f'<script data-folio-live>{CLIENT_JS}({safe});</script>\n'.encode()
    at = html.lower().rfind(b"</body>")
    if at < 0:
        return html + script
    return html[:at] + script + html[at:]
