"""README screenshots of the demonstration archive (tests/demo.py), taken by the test
browser: the front page, an article with its featured image, an author, the search page
with results, the dark scheme and a 390 px phone.

Run with FOLIO_SCREENSHOTS=1 to (re)write docs/screenshots/*.png; otherwise skipped.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from browser import serve_folder
from conftest import REPO
from demo import demo_project

from folio.pipeline import BuildOptions, Project, build
from folio.problems import Report

pytestmark = pytest.mark.browser

SHOTS = REPO / "docs" / "screenshots"
ARTICLE = "articles/the-liberation-of-port-halden-contractors-and-militias-join-hands/"
# name, path, width, scheme, height of the picture (None: the whole page)
PICTURES = [
    ("home", "", 1280, "light", 1500),
    ("article", ARTICLE, 1280, "light", 1400),
    ("author", "authors/andrew-korybko/", 1280, "light", 900),
    ("search", "search/?q=harbour", 1280, "light", 1100),
    ("home-dark", "", 1280, "dark", 1100),
    ("article-dark", ARTICLE, 1280, "dark", 1100),
    ("home-mobile", "", 390, "light", 1600),
    ("article-mobile", ARTICLE, 390, "light", 1600),
]


@pytest.mark.skipif(not os.environ.get("FOLIO_SCREENSHOTS"), reason="set FOLIO_SCREENSHOTS=1")
def test_readme_screenshots(browser: Any, tmp_path: Path) -> None:
    root = demo_project(tmp_path / "project")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with serve_folder(root / "site") as base:
        result = build(Project.at(root), BuildOptions(base_url=base), Report(root=root))
        assert not result.report.failed, result.report.lines()
        for name, path, width, scheme, height in PICTURES:
            context = browser.new_context(viewport={"width": width, "height": height},
                                          color_scheme=scheme, device_scale_factor=1)
            page = context.new_page()
            page.goto(base + path)
            if path.startswith("search/"):
                page.wait_for_selector(".search-result")
                page.locator("details.search-filter summary").nth(1).click()
            page.screenshot(path=str(SHOTS / f"{name}.png"))
            context.close()
    assert all((SHOTS / f"{name}.png").stat().st_size > 0 for name, *_ in PICTURES)
