"""The search index (records from Folio's data, indexed by Pagefind in shards) and the search
page, read back and driven in a browser."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from browser import serve_folder
from conftest import SiteProject, clean_copy

from folio.search import bundle, pagefind, records


def test_search_bundle_is_built_and_every_page_has_a_search_box(
    built_archive: SiteProject,
) -> None:
    entry = json.loads(built_archive.page("/pagefind/pagefind-entry.json"))
    assert entry["languages"]["en"]["page_count"] == 12
    for name in ("pagefind.js", "pagefind-worker.js", "wasm.en.pagefind"):
        assert (built_archive.site / "pagefind" / name).is_file()
    assert not (built_archive.site / "pagefind/pagefind-ui.js").exists()  # our own page
    assert any((built_archive.site / "pagefind/filter").iterdir())
    html = built_archive.page("/articles/commentary-number-5-on-economy/")
    assert ('<form class="search-form" role="search" aria-label="Search the archive" '
            'action="../../search/" method="get">') in html
    page = built_archive.page("/search/")
    assert "search-form" not in page  # the page's own box is the one to use
    assert "<noscript>" in page and "Search needs JavaScript" in page


def test_two_clean_builds_give_the_same_search_bundle(archive: SiteProject,
                                                      tmp_path: Path) -> None:
    first = clean_copy(archive, tmp_path, "one").files()
    second = clean_copy(archive, tmp_path, "two").files()
    bundle_files = {name for name in first if name.startswith("pagefind/")}
    assert len(bundle_files) > 20
    assert first == second


def test_pagefinds_own_orders_are_normalised() -> None:
    """Pagefind writes filter values in a hash map's order: the same records, indexed
    three times, give three bundles that differ until normalised, and one after."""
    made = []
    recs = [pagefind.Record(f"/a/{i}/", f"word{i} shared text", "en", {"title": f"T{i}"},
                            {"authors": [f"Author {i % 7}", f"Other {i % 5}"],
                             "tags": [f"tag {i % 11}"]}, {"date": f"2024-01-{i % 28 + 1:02d}"})
           for i in range(60)]
    with pagefind.service() as running:
        for _ in range(3):
            made.append(pagefind.bundle_files(recs, "en", running))
    normalised = [bundle.normalise(files, primary=True) for files in made]
    assert normalised[0] == normalised[1] == normalised[2]
    bundle.verify("", normalised[0].__getitem__, normalised[0].__contains__, primary=True)


def test_a_bundle_with_a_file_missing_fails_the_check() -> None:
    recs = [pagefind.Record("/a/", "some words", "en", {"title": "A"}, {}, {})]
    with pagefind.service() as running:
        files = bundle.normalise(pagefind.bundle_files(recs, "en", running), primary=True)
    for missing in ("pagefind.js", next(n for n in files if n.startswith("fragment/"))):
        rest = {k: v for k, v in files.items() if k != missing}
        with pytest.raises(bundle.BundleError, match="incomplete"):
            bundle.verify("", rest.__getitem__, rest.__contains__, primary=True)


def test_records_hold_the_article_text_and_every_taxonomy(archive: SiteProject) -> None:
    graph = archive.build().graph
    assert graph is not None
    entry = next(e for e in graph.entries if e.article.slug == "commentary-number-5-on-economy")
    record = records.record(entry, "<p>Body <b>text</b> here.</p>", "en")
    assert record.content.startswith(entry.title)
    assert "Body text here." in record.content and "By " not in record.content
    assert record.meta["date"] == entry.article.date.date().isoformat()
    assert record.filters.keys() == {tax.key for tax, links in entry.terms if links}
    assert record.sort["date"].endswith("Z")


def test_shards_split_the_archive_by_a_stable_key() -> None:
    size = records.SHARD_SIZE
    assert records.shard_count(10) == 1
    assert records.shard_count(2 * size) == 1
    assert records.shard_count(2 * size + 1) == 2
    for articles in (3 * size, 10_000, 50_000):
        count = records.shard_count(articles)
        assert count & (count - 1) == 0  # a power of two: doubling moves half the articles
        assert articles / count <= 2 * size or count == records.MAX_SHARDS
    assert records.shard_count(10**7) == records.MAX_SHARDS
    paths = [f"content/articles/a-{n}.md" for n in range(1000)]
    counts = [0] * 8
    for path in paths:
        counts[records.shard_of(path, 8)] += 1
    assert min(counts) > 80  # roughly even
    assert records.shard_of("content/articles/x.md", 8) == records.shard_of(
        "content/articles/x.md", 8)


def test_missing_pagefind_is_a_clear_error(project: SiteProject,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    project.article("a", "A", "2024-01-01", ["Ann"])
    monkeypatch.setattr(pagefind, "executable", lambda: None)
    result = project.build()
    assert result.report.lines() == [
        "site: search index: the search index needs Pagefind, which is not installed; "
        "install it with: python -m pip install 'pagefind[bin]'"]
    assert not project.site.exists()


ECONOMY = sorted(["Commentary number 1: on economy", "Commentary number 5: on economy",
                  "Commentary number 9: on economy",
                  "Commentary number 3: on media disinformation"])


def _results(page: Any) -> list[str]:
    page.wait_for_selector(".search-result h2 a", timeout=10000)
    page.wait_for_timeout(300)
    return [t.strip() for t in page.locator(".search-result h2 a").all_inner_texts()]


def _open_filter(page: Any, key: str) -> None:
    """Open a filter: its values load then (each costs a few files per shard)."""
    page.evaluate(f"document.querySelector('details[data-filter={key}]').open = true")
    page.wait_for_selector(f"details[data-filter={key}] input", state="attached")


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
        page.locator(".search-result h2 a").first.click()
        assert page.url.startswith(base + "articles/")

        page.goto(base + 'search/?q="commentary 11, which serves"')
        assert _results(page) == ["Commentary number 11: on media disinformation"]

        page.goto(base + "search/?q=summary")
        _results(page)
        assert page.inner_text("#search-status").startswith("12 articles found")
        _open_filter(page, "themes")
        page.locator('details[data-filter=themes] input[value="Economy"]').check()
        page.wait_for_function(
            "document.getElementById('search-status').innerText.startsWith('4 ')")
        assert sorted(_results(page)) == ECONOMY
        assert "themes=Economy" in page.url  # a search can be shared


@pytest.mark.browser
def test_results_show_dates_sort_by_date_and_filter_by_tag(built_archive: SiteProject,
                                                           page: Any) -> None:
    with serve_folder(built_archive.site) as base:
        page.goto(base + "search/?q=summary&sort=newest")
        _results(page)
        dates = page.locator(".search-result time").evaluate_all(
            "times => times.map(t => t.getAttribute('datetime'))")
        assert dates == sorted(dates, reverse=True) and len(dates) == 10
        shown = page.locator(".search-result time").first.inner_text()
        assert shown[0].isalpha() and "T" not in shown  # "March 3, 2024", not ISO
        page.select_option("#search-sort", "oldest")
        page.wait_for_function("location.search.includes('sort=oldest')")
        page.wait_for_timeout(500)
        dates = page.locator(".search-result time").evaluate_all(
            "times => times.map(t => t.getAttribute('datetime'))")
        assert dates == sorted(dates)
        page.click("#search-more")
        page.wait_for_function("document.querySelectorAll('.search-result').length === 12")
        _open_filter(page, "tags")
        assert page.locator("details[data-filter=tags] input").count() > 0


@pytest.mark.browser
def test_filters_load_only_when_opened_or_asked_for(built_archive: SiteProject,
                                                   page: Any) -> None:
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    with serve_folder(built_archive.site) as base:
        page.goto(base + "search/?q=summary")
        _results(page)
        assert not [url for url in asked if "/filter/" in url]
        _open_filter(page, "themes")
        assert [url for url in asked if "/filter/" in url]
        page.goto(base + "search/?q=summary&themes=Economy")
        page.wait_for_function(
            "document.getElementById('search-status').innerText.startsWith('4 ')")
        assert page.locator('details[data-filter=themes] input[value="Economy"]').is_checked()


@pytest.mark.browser
def test_search_works_across_shards_and_after_edits(archive: SiteProject, page: Any,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Several shards merged in the browser; a body edit (a patch build) re-indexes its
    shard only, and search finds the new words; every build leaves a whole bundle."""
    monkeypatch.setattr(records, "SHARD_SIZE", 2)  # 12 articles: four shards
    assert not archive.build().report.failed
    assert (archive.site / "pagefind/shard-3/pagefind-entry.json").is_file()
    target = archive.root / "content/articles/commentary-number-7-on-media-disinformation.md"
    for n, word in enumerate(["zanzibarite", "quokkaphile"]):
        target.write_text(target.read_text() + f"\nA closing word: {word}.\n")
        result = archive.build()
        assert not result.report.failed and result.patched == 1, (n, result.report.lines())
        with serve_folder(archive.site) as base:
            page.goto(base + f"search/?q={word}")
            assert _results(page) == ["Commentary number 7: on media disinformation"]
            page.goto(base + "search/?q=summary")
            _results(page)
            assert page.inner_text("#search-status").startswith("12 articles found")


def test_a_removed_search_file_is_noticed_and_restored(built_archive: SiteProject) -> None:
    (built_archive.site / "pagefind/pagefind.js").unlink()
    shutil.rmtree(built_archive.site / "pagefind/fragment")
    result = built_archive.build()
    assert not result.report.failed and not result.unchanged
    assert (built_archive.site / "pagefind/pagefind.js").is_file()
    assert any((built_archive.site / "pagefind/fragment").iterdir())
