"""The built archive in a real browser, at a domain root and under a subpath."""

from __future__ import annotations

from typing import Any

import pytest
from browser import serve_folder
from conftest import SiteProject

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("subpath", ["/", "/archive/"])
def test_navigation_works_at_root_and_under_subpath(
    built_archive: SiteProject, page: Any, subpath: str
) -> None:
    with serve_folder(built_archive.site, subpath) as base:
        page.goto(base)
        assert page.title() == "Fixture Archive"
        page.get_by_role("link", name="Authors").first.click()
        page.get_by_role("link", name="Andrew Korybko").click()
        assert page.url == base + "authors/andrew-korybko/"
        assert "political analyst" in page.inner_text("main")
        page.locator("main article.card a").first.click()
        assert "/articles/" in page.url
        assert page.locator("h1").count() == 1
