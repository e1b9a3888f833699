"""README screenshots of the seed archive, taken by the test browser.

Run with FOLIO_SCREENSHOTS=1 to (re)write docs/screenshots/*.png; otherwise skipped.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from browser import serve_folder
from conftest import REPO

from folio.pipeline import BuildOptions, Project, build
from folio.problems import Report

pytestmark = pytest.mark.browser

SHOTS = REPO / "docs" / "screenshots"


@pytest.mark.skipif(not os.environ.get("FOLIO_SCREENSHOTS"), reason="set FOLIO_SCREENSHOTS=1")
def test_readme_screenshots(browser: Any, tmp_path: Path) -> None:
    root = tmp_path / "project"
    root.mkdir()
    for name in ("content", "layouts"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "site.toml", root / "site.toml")
    result = build(Project.at(root), BuildOptions(), Report(root=root))
    assert not result.report.failed, result.report.lines()
    graph = result.graph
    assert graph is not None and graph.entries
    article = graph.entries[0]
    author = graph.term("authors", article.links("authors")[0].name)
    assert author is not None
    shots = [("home", "", 1280, "light"), ("article", article.url[1:], 1280, "light"),
             ("author", author.url[1:], 1280, "light"), ("article-dark", article.url[1:], 1280,
                                                          "dark"),
             ("article-mobile", article.url[1:], 375, "light")]
    SHOTS.mkdir(parents=True, exist_ok=True)
    with serve_folder(root / "site") as base:
        for name, url, width, scheme in shots:
            context = browser.new_context(viewport={"width": width, "height": 900},
                                          color_scheme=scheme, device_scale_factor=1)
            page = context.new_page()
            page.goto(base + url)
            page.screenshot(path=str(SHOTS / f"{name}.png"))
            context.close()
    assert all((SHOTS / f"{name}.png").stat().st_size > 0 for name, *_ in shots)
