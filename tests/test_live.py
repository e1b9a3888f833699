"""folio/preview/live.py (what test_serve leaves out): the state handed to the script is
the server's JSON, byte for byte once read back, and nothing in it can end the script."""

from __future__ import annotations

import json
import re

import pytest

from folio.preview.live import CLIENT_JS, inject


def argument(html: bytes) -> str:
    """The state the page hands the script: what is between `CLIENT_JS(` and `);`."""
    text = html.decode("utf-8")
    start = text.index(CLIENT_JS) + len(CLIENT_JS) + 1
    return text[start:text.index(");</script>", start)]


@pytest.mark.parametrize("problems", [
    ["a.md:3: bad </script><script>alert(1)</script>"],
    ["<!-- a comment opens -->", "&amp; &lt;", "quote \" and ' and \\"],
    ["line\u2028separator", "ünïcödé – “quotes”"],
    [],
])
def test_the_state_reaches_the_script_as_it_was(problems: list[str]) -> None:
    state = json.dumps({"version": "v1", "ok": not problems, "problems": problems})
    html = inject(b"<html><body><p>page</p></body></html>", state)
    passed = argument(html)
    assert json.loads(passed) == json.loads(state)
    assert not re.search(r"[<>&]", passed)  # nothing the HTML parser reads inside a script
    assert html.count(b"</script>") == 1


def test_the_script_goes_before_the_last_body_end() -> None:
    html = inject(b"<body><pre>&lt;/body&gt; </body> in text</pre></body>", "{}")
    assert html.endswith(b"</script>\n</body>")
    assert html.startswith(b"<body><pre>&lt;/body&gt; </body> in text</pre><script")


def test_the_page_is_otherwise_left_as_it_was() -> None:
    page = "<html><body><p>café</p></body></html>".encode()
    html = inject(page, "{}")
    script = html[html.index(b"<script"):html.index(b"</script>\n") + len(b"</script>\n")]
    assert html.replace(script, b"") == page


def test_problems_are_shown_as_text_never_parsed_as_html() -> None:
    assert "textContent" in CLIENT_JS
    assert "innerHTML" not in CLIENT_JS and "insertAdjacentHTML" not in CLIENT_JS
    assert "document.write" not in CLIENT_JS and "eval(" not in CLIENT_JS


def test_a_tab_reloads_only_for_a_good_build_of_a_new_version() -> None:
    assert "next.ok && next.version !== state.version" in CLIENT_JS
    assert "/__folio__/live" in CLIENT_JS
