"""The search page and its Pagefind index, read back and driven in a browser."""

from __future__ import annotations

import json
from typing import Any

import pytest
from browser import serve_folder
from conftest import SiteProject

from folio import search


def test_articles_carry_pagefind_body_filters_and_meta(built_archive: SiteProject) -> None:
    html = built_archive.page("/articles/commentary-number-5-on-economy/")
    assert "data-pagefind-body>" in html
    assert '<span data-pagefind-filter="author">Jane Doe</span>' in html
    assert '<span data-pagefind-filter="theme">Economy</span>' in html
    assert '<span data-pagefind-filter="region">Russia and FSU</span>' in html
    assert '<span data-pagefind-meta="title">Commentary number 5: on economy</span>' in html
    assert "data-pagefind-body" not in built_archive.page("/")


def test_search_bundle_is_built_and_every_page_has_a_search_box(
    built_archive: SiteProject,
) -> None:
    entry = json.loads(built_archive.page("/pagefind/pagefind-entry.json"))
    assert entry["languages"]["en"]["page_count"] == 12
    assert (built_archive.site / "pagefind/pagefind-ui.js").is_file()
    assert any((built_archive.site / "pagefind/filter").iterdir())
    html = built_archive.page("/articles/commentary-number-5-on-economy/")
    assert '<form class="search-form" role="search" action="../../search/" method="get">' \
        in html
    page = built_archive.page("/search/")
    assert '<script src="../pagefind/pagefind-ui.js" defer></script>' in page
    assert "<noscript>" in page and "Search needs JavaScript" in page


def test_missing_pagefind_is_a_clear_error(project: SiteProject,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    project.article("a", "A", "2024-01-01", ["Ann"])
    monkeypatch.setattr(search, "available", lambda: False)
    result = project.build()
    assert result.report.lines() == [
        "site: the search index needs Pagefind, which is not installed; install it with: "
        "python -m pip install 'pagefind[bin]'"]
    assert not project.site.exists()


def test_hostile_title_is_escaped_in_the_search_meta(project: SiteProject) -> None:
    title = 'Rock & Roll <script>alert("x")</script>'
    project.write("content/articles/bad.md", f"---\ntitle: {json.dumps(title)}\n"
                  "date: 2024-01-01\nauthors: [Ann]\nslug: bad\n---\n\nBody.\n")
    assert not project.build().report.failed
    html = project.page("/articles/bad/")
    assert ('<span data-pagefind-meta="title">Rock &amp; Roll &lt;script&gt;alert(&#34;x&#34;)'
            "&lt;/script&gt;</span>") in html


ECONOMY = sorted(["Commentary number 1: on economy", "Commentary number 5: on economy",
                  "Commentary number 9: on economy",
                  "Commentary number 3: on media disinformation"])


def _results(page: Any) -> list[str]:
    page.wait_for_selector(".pagefind-ui__result-link", timeout=10000)
    page.wait_for_timeout(300)
    return [t.strip() for t in page.locator(".pagefind-ui__result-link").all_inner_texts()]


@pytest.mark.browser
@pytest.mark.parametrize("subpath", ["/", "/archive/"])
def test_search_finds_by_author_and_phrase_and_filters_narrow(
    built_archive: SiteProject, page: Any, subpath: str
) -> None:
    with serve_folder(built_archive.site, subpath) as base:
        page.goto(base)
        page.fill("#site-search", "Korybko")
        page.press("#site-search", "Enter")
        page.wait_for_url("**/search/?q=Korybko")
        titles = _results(page)
        assert "Commentary number 4: on intelligence" in titles
        assert len(titles) == 3  # Andrew Korybko wrote 4, 8 and 12
        page.locator(".pagefind-ui__result-link").first.click()
        assert page.url.startswith(base + "articles/")

        page.goto(base + 'search/?q="commentary 11, which serves"')
        assert _results(page) == ["Commentary number 11: on media disinformation"]

        page.goto(base + "search/?q=summary")
        _results(page)
        message = page.locator(".pagefind-ui__message")
        assert message.inner_text().startswith("12 results")
        theme = page.locator("details.pagefind-ui__filter-block",
                             has=page.locator("summary", has_text="Theme"))
        if theme.get_attribute("open") is None:
            theme.locator("summary").click()
        page.locator('input[name="theme"][value="Economy"]').check()
        page.wait_for_function(
            "document.querySelector('.pagefind-ui__message').innerText.startsWith('4 ')")
        assert sorted(_results(page)) == ECONOMY
