"""Fingerprinted static assets: content-hashed names, referenced through asset()."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from conftest import SiteProject

from folio.publish.assets import collect, fingerprinted_name


def test_css_and_js_get_the_hash_of_their_content_other_files_keep_their_name() -> None:
    data = b"body { color: red }"
    digest = hashlib.sha256(data).hexdigest()[:10]
    assert fingerprinted_name("style.css", data) == f"style.{digest}.css"
    assert fingerprinted_name("js/app.min.js", data) == f"js/app.min.{digest}.js"
    assert fingerprinted_name("icons/logo.svg", data) == "icons/logo.svg"


def test_collect_skips_hidden_files(tmp_path: Path) -> None:
    (tmp_path / "style.css").write_text("a{}")
    (tmp_path / ".hidden.css").write_text("b{}")
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "logo.png").write_bytes(b"png")
    found = collect(tmp_path)
    assert sorted(found) == ["img/logo.png", "style.css"]
    assert found["img/logo.png"].published == "static/img/logo.png"
    assert re.fullmatch(r"static/style\.[0-9a-f]{10}\.css", found["style.css"].published)


def test_built_site_links_the_fingerprinted_files(built_archive: SiteProject) -> None:
    files = built_archive.files()
    static = sorted(name for name in files if name.startswith("static/"))
    css = [n for n in static if re.fullmatch(r"static/style\.[0-9a-f]{10}\.css", n)]
    js = [n for n in static if re.fullmatch(r"static/theme\.[0-9a-f]{10}\.js", n)]
    assert len(css) == 1 and len(js) == 1 and "static/style.css" not in files
    assert css[0] == "static/" + fingerprinted_name("style.css", files[css[0]])
    assert f'href="{css[0]}"' in built_archive.page("/")
    assert f'href="../../{css[0]}"' in built_archive.page("/authors/andrew-korybko/")
    assert f'src="../../{js[0]}"' in built_archive.page("/authors/andrew-korybko/")


def test_changing_the_stylesheet_changes_its_name(built_archive: SiteProject) -> None:
    before = {n for n in built_archive.files() if n.startswith("static/style.")}
    with (built_archive.root / "layouts/static/style.css").open("a") as css:
        css.write("\n/* changed */\n")
    assert not built_archive.build().report.failed
    after = {n for n in built_archive.files() if n.startswith("static/style.")}
    assert len(after) == 1 and after != before
    assert f'href="{after.pop()}"' in built_archive.page("/")
