"""Hostile content, built end to end: text from front matter is escaped wherever it lands
(pages, feeds, JSON-LD, citations, sitemap), raw HTML in bodies is sanitised unless the site
trusts it, and no link, image or slug can make the build read or write outside the project."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree as ET

import feedparser
import pytest
from conftest import LAYOUTS, REPO, SiteProject

HOSTILE = "<script>alert(1)</script> \" ' & </script> ]]> {100%}"
BASE = "https://example.org/"
ATOM = "{http://www.w3.org/2005/Atom}"

# Every front-matter text field, prefixed so that each can be told apart.
TITLE, SUBTITLE = f"Title {HOSTILE}", f"Subtitle {HOSTILE}"
AUTHOR, PUBLICATION = f"Author {HOSTILE}", f"Publication {HOSTILE}"
THEME, REGION, REPORT, TAG = (f"Theme {HOSTILE}", f"Region {HOSTILE}", f"Report {HOSTILE}",
                              f"Tag {HOSTILE}")
SUMMARY, SOURCE, CAPTION = f"Summary {HOSTILE}", f"Source {HOSTILE}", f"Caption {HOSTILE}"
ALT, COPYRIGHT = f"Alt {HOSTILE}", f"Copyright {HOSTILE}"
SECOND = f"Second {HOSTILE}"
PAGE_TITLE, BIO = f"Page {HOSTILE}", "Bio with a & in it."
TERMS = {"themes": THEME, "regions": REGION, "reports": REPORT, "tags": TAG}


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are YAML)."""
    return json.dumps(text)


def new_project(root: Path, **settings: object) -> SiteProject:
    """A project with the default layouts; `settings` replace keys of site.toml."""
    root.mkdir(parents=True)
    shutil.copytree(LAYOUTS, root / "layouts")
    toml = (REPO / "site.toml").read_text(encoding="utf-8")
    settings = {"base_url": BASE} | settings  # search on, as a user gets it
    for key, value in settings.items():
        toml, count = re.subn(rf"(?m)^{key} = .*$", f"{key} = {json.dumps(value)}", toml)
        assert count == 1, key
    (root / "site.toml").write_text(toml, encoding="utf-8")
    return SiteProject(root)


def article(project: SiteProject, name: str, front: str, body: str = "Body text.") -> Path:
    path = project.root / "content" / "articles" / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front.strip()}\n---\n\n{body}\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> SiteProject:
    """One site built from front matter that tries every escape, in every field."""
    project = new_project(tmp_path_factory.mktemp("hostile") / "project")
    terms = "\n".join(f"{key}: [{q(name)}]" for key, name in TERMS.items())
    article(project, "hostile", f"""
title: {q(TITLE)}
subtitle: {q(SUBTITLE)}
date: 2024-11-20
authors: [{q(AUTHOR)}]
publication: {q(PUBLICATION)}
{terms}
summary: {q(SUMMARY)}
source: {{name: {q(SOURCE)}, url: "https://example.org/post?a=1&b=2"}}
image: {{src: "https://example.org/i.jpg?a=1&b=2", alt: {q(ALT)}, caption: {q(CAPTION)}}}
copyright: {q(COPYRIGHT)}
""", body="See [the second](second.md).")
    article(project, "second", f"""
title: {q(SECOND)}
date: 2024-11-21
authors: [{q(AUTHOR)}]
{terms}
""", body="See [the first](hostile.md).")
    project.write("content/authors/the-author.md",
                  f"---\nname: {q(AUTHOR)}\n---\n{BIO}\n")
    project.write("content/pages/about.md", f"---\ntitle: {q(PAGE_TITLE)}\n---\nAbout.\n")
    result = project.build()
    assert not result.report.failed, result.report.lines()
    return project


def output_files(project: SiteProject, *suffixes: str) -> dict[str, str]:
    return {p.relative_to(project.site).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(project.site.rglob("*"))
            if p.is_file() and p.suffix in suffixes}


class Page(HTMLParser):
    """What a browser would see in a page: elements, attributes, scripts and text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[tuple[dict[str, str], str]] = []
        self.text: list[str] = []
        self._open: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        self.elements.append((tag, attributes))
        if tag == "script":
            self.scripts.append((attributes, ""))
        self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        if self._open and self._open[-1] == "script" and self.scripts:
            attributes, content = self.scripts[-1]
            self.scripts[-1] = (attributes, content + data)
        else:
            self.text.append(data)

    @property
    def all_text(self) -> str:
        return " ".join(" ".join(self.text).split())

    def attribute(self, tag: str, attribute: str, **match: str) -> list[str]:
        """The values of `attribute` on each `tag` whose other attributes equal `match`."""
        return [a[attribute] for t, a in self.elements if t == tag and attribute in a
                and all(a.get(k) == v for k, v in match.items())]


def dangerous(page: Page) -> list[str]:
    """Everything in `page` that could run script it was not built with."""
    found = []
    for tag, attributes in page.elements:
        if tag in ("iframe", "object", "embed", "style", "base", "frame"):
            found.append(f"<{tag}>")
        if tag == "form" and not (attributes.get("role") == "search" and re.fullmatch(
                rf"(\.\./)*search/|\./|{re.escape(BASE)}search/",  # the theme's search box
                attributes.get("action", ""))):  # (the 404 page's links are absolute)
            found.append(f"<form {attributes}>")
        for name, value in attributes.items():
            if name.startswith("on"):
                found.append(f"<{tag} {name}>")
            if name in ("href", "src", "action", "formaction", "srcset") and urlsplit(
                    "".join(value.split())).scheme.lower() not in ("", "http", "https",
                                                                    "mailto"):
                found.append(f"<{tag} {name}={value!r}>")
    for attributes, content in page.scripts:
        kind = attributes.get("type", "")
        if attributes.get("src"):
            if not re.fullmatch(rf"((\.\./)*|{re.escape(BASE)})"
                                r"(static/\w+\.[0-9a-f]+|pagefind/[\w-]+)\.js",
                                attributes["src"]):
                found.append(f"<script src={attributes['src']!r}>")
        elif kind == "application/ld+json":
            json.loads(content)  # a JSON-LD block that does not parse was cut short
        elif "localStorage" not in content or "alert" in content:
            found.append(f"<script>{content[:60]}")
    return found


# --- front matter: escaped wherever it lands ---------------------------------------------


def test_no_html_or_xml_file_carries_the_payload_raw(hostile: SiteProject) -> None:
    files = output_files(hostile, ".html", ".xml")
    assert len(files) > 20
    for name, text in files.items():
        assert "<script>alert" not in text, name
        assert "]]>" not in text.replace("]]&gt;", ""), name
        if name.endswith(".html"):
            assert dangerous(Page(text)) == [], name


def test_article_page_shows_every_field_as_text(hostile: SiteProject) -> None:
    page = Page(hostile.page("/articles/title-script-alert-1-script-script-100/"))
    text = page.all_text
    for value in (TITLE, SUBTITLE, AUTHOR, PUBLICATION, THEME, REGION, REPORT, TAG, SOURCE,
                  CAPTION, COPYRIGHT, SECOND, BIO):
        assert value in text, value
    assert page.attribute("meta", "content", name="description") == [SUMMARY]
    assert page.attribute("meta", "content", property="og:title") == [TITLE]
    assert f"{TITLE} · " in text  # the <title>
    assert page.attribute("a", "href", rel="tag") == [
        f"../../{key}/{key[:-1] if key != 'reports' else 'report'}-script-alert-1-script-"
        f"script-100/" for key in TERMS]
    assert "https://example.org/post?a=1&b=2" in page.attribute("a", "href")


@pytest.mark.browser
def test_the_search_page_shows_results_and_filters_as_text(hostile: SiteProject,
                                                          page: Any) -> None:
    """Search on, as a user gets it: results and every filter open, in Chromium; any
    alert, script error or element that was not put there by the search page fails."""
    from browser import serve_folder

    problems: list[str] = []
    page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"),
                                      dialog.dismiss()))
    page.on("pageerror", lambda error: problems.append(f"error: {error}"))
    with serve_folder(hostile.site, "/sub/") as base:
        page.goto(base + "search/?q=see")
        page.wait_for_selector(".search-result")
        for box in page.query_selector_all("details.search-filter"):
            box.evaluate("element => { element.open = true; }")
        page.wait_for_selector(".search-filter-value label")
        page.wait_for_timeout(300)
        titles = [a.inner_text() for a in page.query_selector_all(".search-result h2 a")]
        assert sorted(titles) == sorted([TITLE, SECOND])
        labels = {label.inner_text() for label in
                  page.query_selector_all(".search-filter-value label")}
        for name in (AUTHOR, THEME, REGION, REPORT, TAG):
            assert any(label.startswith(name) for label in labels), (name, labels)
        # every element under the results and filters is one the page made itself
        made = page.evaluate("""() => Array.from(document.querySelectorAll(
            '#search-results *, #search-filters *')).map(e => e.tagName.toLowerCase())""")
        assert set(made) <= {"li", "h2", "a", "p", "time", "mark", "details", "summary", "div",
                             "input", "label"}, set(made)
        page.query_selector(".search-filter[data-filter=authors] input").check()
        page.wait_for_function("() => location.search.includes('authors=')")
        page.wait_for_selector(".search-result")
    assert problems == []


@pytest.mark.browser
def test_no_page_runs_script_in_a_browser(hostile: SiteProject, page: Any) -> None:
    """Every page of the hostile site, opened in Chromium: no alert, no script error."""
    from browser import serve_folder

    problems: list[str] = []
    page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"),
                                      dialog.dismiss()))
    page.on("pageerror", lambda error: problems.append(f"error: {error}"))
    pages = sorted(p.relative_to(hostile.site).as_posix()
                   for p in hostile.site.rglob("*.html"))
    assert len(pages) > 15
    with serve_folder(hostile.site) as base:
        for name in pages:
            page.goto(base + name)
            page.wait_for_load_state("load")
            for box in page.query_selector_all("details"):
                box.evaluate("element => { element.open = true; }")
            assert problems == [], name


def test_listing_and_term_pages_show_the_names_as_text(hostile: SiteProject) -> None:
    listings = ["/", "/archive/", "/archive/2024/", "/archive/2024/11/", "/authors/",
                "/authors/the-author/"]
    listings += [f"/{key}/" for key in TERMS]
    listings += [f"/{key}/{name.split()[0].lower()}-script-alert-1-script-script-100/"
                 for key, name in TERMS.items()]
    for url in listings:
        page = Page(hostile.page(url))
        assert dangerous(page) == [], url
        if url not in ("/archive/", "/archive/2024/", "/authors/", *(f"/{k}/" for k in TERMS)):
            assert TITLE in page.all_text and SECOND in page.all_text, url
    assert AUTHOR in Page(hostile.page("/authors/")).all_text
    for key, name in TERMS.items():
        assert name in Page(hostile.page(f"/{key}/")).all_text
    assert BIO in Page(hostile.page("/authors/the-author/")).all_text
    assert PAGE_TITLE in Page(hostile.page("/about/")).all_text
    assert PAGE_TITLE in Page(hostile.page("/")).all_text  # the menu


def test_atom_feeds_give_the_text_back_literally(hostile: SiteProject) -> None:
    feeds = [name for name in output_files(hostile, ".xml") if name.endswith("feed.xml")]
    assert len(feeds) == 1 + 1 + len(TERMS)  # the site, the author, each term
    for name in feeds:
        data = (hostile.site / name).read_bytes()
        ET.fromstring(data)  # well-formed XML
        feed = feedparser.parse(data)
        assert not feed.bozo, (name, feed.get("bozo_exception"))
        titles = {entry.title for entry in feed.entries}
        assert titles == {TITLE, SECOND}, name
        for entry in feed.entries:
            assert [a.name for a in entry.authors] == [AUTHOR]
            assert {t.term for t in entry.tags} >= set(TERMS.values())
    root = ET.fromstring((hostile.site / "feed.xml").read_bytes())
    first = root.findall(f"{ATOM}entry")[-1]
    assert first.findtext(f"{ATOM}title") == TITLE
    assert first.findtext(f"{ATOM}summary") == SUMMARY
    assert first.findtext(f"{ATOM}author/{ATOM}name") == AUTHOR


def test_json_feed_gives_the_text_back_literally(hostile: SiteProject) -> None:
    feed = json.loads((hostile.site / "feed.json").read_text(encoding="utf-8"))
    first = next(item for item in feed["items"] if item["title"] == TITLE)
    assert first["summary"] == SUMMARY
    assert first["authors"][0]["name"] == AUTHOR
    assert set(first["tags"]) == set(TERMS.values())
    assert first["image"] == "https://example.org/i.jpg?a=1&b=2"


LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def test_json_ld_parses_and_cannot_close_its_script(hostile: SiteProject) -> None:
    seen = 0
    for name, html in output_files(hostile, ".html").items():
        blocks = LD_JSON.findall(html)
        assert html.count("<script") == html.count("</script>"), name
        for block in blocks:
            assert not re.search(r"</script|<!--|<script", block, re.I), name
            data = json.loads(block)
            seen += 1
            if data.get("@type") == "NewsArticle" or "headline" in data:
                assert data["headline"] in (TITLE, SECOND), name
                assert [a["name"] for a in data["author"]] == [AUTHOR]
    assert seen >= 2
    html = hostile.page("/articles/title-script-alert-1-script-script-100/")
    data = json.loads(LD_JSON.findall(html)[0])
    flat_values = json.dumps(data, ensure_ascii=False)
    for value in (TITLE, SUBTITLE, AUTHOR, PUBLICATION, SUMMARY, SOURCE, COPYRIGHT):
        assert json.dumps(value, ensure_ascii=False) in flat_values, value


def test_citations_are_escaped_in_html_and_bibtex(hostile: SiteProject) -> None:
    html = hostile.page("/articles/title-script-alert-1-script-script-100/")
    cite = re.search(r'<details class="end-section cite".*?</details>', html, re.S)
    assert cite
    page = Page(cite.group(0))
    assert dangerous(page) == [] and "<script>" not in cite.group(0)
    assert [tag for tag, _ in page.elements if tag not in ("details", "summary", "h2", "dl",
                                                           "dt", "dd", "i", "p", "a")] == []
    assert f"{PUBLICATION}" in page.all_text
    assert page.all_text.count(PUBLICATION) == 3  # Chicago, APA and MLA, each in <i>
    bib = (hostile.site / "articles/title-script-alert-1-script-script-100/cite.bib").read_text(
        encoding="utf-8")
    assert bib.startswith("@article{") and bib.endswith("}\n")
    fields = dict(re.findall(r"(?m)^  (\w+) = (.*?),?$", bib))
    for name in ("author", "title", "journal"):
        value = fields[name]
        unescaped = re.sub(r"\\[&%$#_{}]", "", value)
        assert not re.search(r"[&%$#_]", unescaped), (name, value)  # specials escaped
        depth = 0
        for char in unescaped:
            depth += {"{": 1, "}": -1}.get(char, 0)
            assert depth >= 0, (name, value)
        assert depth == 0, (name, value)
    assert r"\{100\%\}" in fields["title"] and r"\&" in fields["journal"]


def test_sitemap_lists_only_site_urls(hostile: SiteProject) -> None:
    root = ET.fromstring((hostile.site / "sitemap.xml").read_bytes())
    locations = [e.text or "" for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert len(locations) > 10
    for url in locations:
        assert url.startswith(BASE) and re.fullmatch(r"[a-z0-9:/.-]+", url), url


# --- raw HTML in bodies ------------------------------------------------------------------

RAW_BODY = """\
Intro <script>alert(1)</script> and <img src="x.jpg" onerror="alert(2)"> and
<a href="javascript:alert(3)" onclick="alert(4)">js link</a> and <em>kept</em>.

[md js](javascript:alert(5)) [md js2](JavaScript:alert(6))
[md data](data:text/html;base64,PHNjcmlwdD4=)
![md img](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoNyk+)
<a href="jav&#x09;ascript:alert(8)">entity js</a>

<iframe src="https://evil.example/"></iframe>

<style>body { display: none }</style>

<object data="x.swf"></object><svg onload="alert(9)"></svg>

<p onmouseover="alert(10)">Hover</p> <b>Bold</b> [fine](https://example.org/ok)
"""


def test_raw_html_in_a_body_is_sanitised(tmp_path: Path) -> None:
    project = new_project(tmp_path / "project")
    article(project, "raw", "title: Raw\ndate: 2024-11-20\nauthors: [A]", RAW_BODY)
    result = project.build()
    assert not result.report.failed, result.report.lines()
    html = project.page("/articles/raw/")
    body = html.split('<div class="article-body prose">', 1)[1].split("</div>", 1)[0]
    page = Page(body)
    assert dangerous(page) == [] and page.scripts == []
    assert not re.search(r"alert|javascript|data:|display: none|<iframe|<svg", body, re.I)
    assert "<em>kept</em>" in body and "<b>Bold</b>" in body
    assert [href for href in page.attribute("a", "href") if not href.startswith("#p-")] \
        == ["https://example.org/ok"]  # besides the ¶ links to its own paragraphs
    assert dangerous(Page(html)) == []
    feed = ET.fromstring((project.site / "feed.xml").read_bytes())
    content = feed.findtext(f"{ATOM}entry/{ATOM}content") or ""
    assert "<em>kept</em>" in content
    assert dangerous(Page(content)) == [] and not re.search(r"alert|javascript", content)
    item = json.loads((project.site / "feed.json").read_text(encoding="utf-8"))["items"][0]
    assert "<em>kept</em>" in item["content_html"]
    assert not re.search(r"alert|javascript|<script|<iframe", item["content_html"])


def test_trusted_html_is_kept_as_written(tmp_path: Path) -> None:
    project = new_project(tmp_path / "project", trust_html=True)
    article(project, "raw", "title: Raw\ndate: 2024-11-20\nauthors: [A]", RAW_BODY)
    result = project.build()
    assert not result.report.failed, result.report.lines()
    html = project.page("/articles/raw/")
    for kept in ("<script>alert(1)</script>", 'onerror="alert(2)"', '<iframe src="https://evil',
                 "<style>body { display: none }</style>", 'onmouseover="alert(10)"'):
        assert kept in html, kept


# --- nothing outside the project is read, copied or written ------------------------------

SECRET = "TOP-SECRET-9f3b"


def plant_secrets(tmp_path: Path, project: SiteProject) -> None:
    """Markdown files outside content/: beside it, and beside the project."""
    (project.root / "secret.md").write_text(f"---\ntitle: {SECRET}\n---\n{SECRET}\n")
    (tmp_path / "outside.md").write_text(f"---\ntitle: {SECRET}\n---\n{SECRET}\n")


def site_holds(project: SiteProject, needle: str) -> list[str]:
    return [p.as_posix() for p in project.site.rglob("*")
            if p.is_file() and needle.encode() in p.read_bytes()]


def test_md_links_out_of_content_are_errors_with_their_line(tmp_path: Path) -> None:
    project = new_project(tmp_path / "project")
    plant_secrets(tmp_path, project)
    article(project, "ok", "title: Ok\ndate: 2024-11-20\nauthors: [A]")
    article(project, "links", "title: Links\ndate: 2024-11-20\nauthors: [A]",
            "One [up](../../secret.md).\n\n"  # line 7
            "Two [further](../../../outside.md) [absolute](/etc/passwd.md).\n\n"  # line 9
            "Three [root](../../../../../../../../etc/passwd.md) "  # line 11
            "[encoded](..%2F..%2Fsecret.md) [fine](ok.md).\n")
    result = project.build()
    assert result.report.lines() == [
        "content/articles/links.md:7: link to ../../secret.md finds no article or page",
        "content/articles/links.md:9: link to ../../../outside.md finds no article or page",
        "content/articles/links.md:9: link to /etc/passwd.md finds no article or page",
        "content/articles/links.md:11: link to ..%2F..%2Fsecret.md finds no article or page",
        "content/articles/links.md:11: link to ../../../../../../../../etc/passwd.md finds "
        "no article or page",
    ]
    assert not project.site.exists()


def test_local_paths_in_links_and_images_stay_harmless(tmp_path: Path) -> None:
    project = new_project(tmp_path / "project")
    plant_secrets(tmp_path, project)
    article(project, "paths", "title: Paths\ndate: 2024-11-20\nauthors: [A]",
            "![pw](../../../../etc/passwd) ![secret](../../secret.md) "
            "![abs](/etc/passwd) [file](file:///etc/passwd) ![file](file:///etc/passwd) "
            "[unc](file://server/share/x) [outside](../../../outside.txt)")
    result = project.build()
    assert not result.report.failed, result.report.lines()
    assert site_holds(project, SECRET) == [] and site_holds(project, "root:x:0:0") == []
    names = {p.name for p in project.site.rglob("*")}
    assert not names & {"passwd", "secret.md", "outside.md", "outside.txt", "share"}
    html = project.page("/articles/paths/")
    page = Page(html.split('<div class="article-body prose">', 1)[1].split("</div>", 1)[0])
    assert "file:" not in html
    here = BASE + "articles/paths/"
    links = page.attribute("img", "src") + [h for h in page.attribute("a", "href")
                                            if not h.startswith("#p-")]  # but ¶ links
    assert len(links) == 4  # the file: URLs are gone
    for link in links:  # served from the site, every one lands inside it
        assert urljoin(here, link).startswith(BASE), link


SCRIPT_URLS = ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html;base64,PHNjcmlwdD4=",
               "vbscript:x", "java\\tscript:alert(1)", "\\x01javascript:alert(1)",
               "file:///etc/passwd"]


def test_script_urls_in_source_and_image_are_errors(tmp_path: Path) -> None:
    project = new_project(tmp_path / "project")
    expected = []
    for n, value in enumerate(SCRIPT_URLS):
        for key, mapping in (("source", f'{{name: n, url: "{value}"}}'),
                             ("image", f'{{src: "{value}"}}')):
            article(project, f"{key}-{n}",
                    f"title: T{n}\ndate: 2024-11-20\nauthors: [A]\n{key}: {mapping}")
            field = "url" if key == "source" else "src"
            expected.append(f"content/articles/{key}-{n}.md:5: '{key}.{field}' must be an "
                            f"http(s) or relative URL")
    result = project.build()
    lines = [str(p) for p in result.report if p.severity == "error"]
    assert len(lines) == len(expected), lines
    assert [line.split(", not ")[0] for line in lines] == sorted(expected)
    # "\x01javascript:" loses its control character on the way in, and is still refused
    warned = {str(p).split(":")[0] for p in result.report.warnings}
    assert warned == {f"content/articles/{key}-5.md" for key in ("source", "image")}
    assert not project.site.exists()


def test_safe_source_and_image_urls_are_kept(tmp_path: Path) -> None:
    project = new_project(tmp_path / "project")
    article(project, "good", 'title: Good\ndate: 2024-11-20\nauthors: [A]\n'
                             'source: {name: S, url: "https://example.org/s"}\n'
                             "image: /images/x.jpg")
    result = project.build()
    assert not result.report.failed, result.report.lines()
    page = Page(project.page("/articles/good/"))
    assert "https://example.org/s" in page.attribute("a", "href")
    assert page.attribute("meta", "content", property="og:image") == [
        "https://example.org/images/x.jpg"]


BAD_SLUGS = ["../../escape", "a/b", "..", ".hidden", "with space", "/abs", "a\\\\b", "a?b"]


def test_a_slug_that_is_not_a_slug_is_an_error_not_a_path(tmp_path: Path) -> None:
    project = new_project(tmp_path / "project")
    for n, slug in enumerate(BAD_SLUGS):
        article(project, f"bad-{n}", f'title: Bad\ndate: 2024-11-20\nauthors: [A]\nslug: "{slug}"')
    result = project.build()
    lines = result.report.lines()
    assert len(lines) == len(BAD_SLUGS), lines
    for n, line in enumerate(lines):
        assert line.startswith(f"content/articles/bad-{n}.md:5: slug "), line
        assert "may only hold letters, digits, '-', '_', '.' and '~'" in line
    assert not project.site.exists()
    strays = [p for p in tmp_path.rglob("*") if p.name in ("escape", "b", "abs", "index.html")]
    assert strays == []


# --- URLs Folio writes, control characters, error lines ---------------------------------


def test_a_quote_in_a_md_link_fragment_stays_inside_the_href(tmp_path: Path) -> None:
    project = new_project(tmp_path / "project")
    article(project, "target", "title: Target\ndate: 2024-11-20\nauthors: [A]")
    article(project, "source", "title: Source\ndate: 2024-11-21\nauthors: [A]",
            body='Read [this](target.md#"onfocus="alert(1)).\n\nAnd [that](target.md#x\'y>z).')
    result = project.build()
    assert not result.report.failed, result.report.lines()
    page = Page(project.page("/articles/source/"))
    assert dangerous(page) == []
    links = [a for tag, a in page.elements if tag == "a" and "target/#" in a.get("href", "")]
    assert [set(a) for a in links] == [{"href"}, {"href"}]
    assert [a["href"] for a in links] == ["../target/#%22onfocus=%22alert(1)",
                                          "../target/#x'y%3Ez"]


def test_control_characters_are_removed_with_a_warning(tmp_path: Path) -> None:
    project = new_project(tmp_path / "project")
    controls = "".join(map(chr, [0, 1, 8, 11, 12, 14, 27, 31, 127]))
    article(project, "raw", f"title: Raw{controls} title\ndate: 2024-11-20\nauthors: [A]",
            body=f"A body{controls} with controls.")
    article(project, "escaped", "title: \"Escaped \\x1b\\0\\e\\x0c title\"\n"
            "date: 2024-11-21\nauthors: [\"B\\x0b\"]\ntags: [\"T\\x01\"]")
    result = project.build()
    assert not result.report.failed, result.report.lines()
    assert sorted(result.report.lines()) == [
        "content/articles/escaped.md:2: warning: removed control characters from 'title' "
        "that no page or feed may hold",
        "content/articles/escaped.md:4: warning: removed control characters from 'authors' "
        "that no page or feed may hold",
        "content/articles/escaped.md:5: warning: removed control characters from 'tags' "
        "that no page or feed may hold",
        "content/articles/raw.md:2: warning: removed 18 control characters (U+0000 first) "
        "that no page or feed may hold"]
    for path in project.site.rglob("*"):
        if path.suffix in (".xml", ".json") and path.parent.name != "pagefind":
            text = path.read_text(encoding="utf-8")
            ET.fromstring(text) if path.suffix == ".xml" else json.loads(text)
    assert feedparser.parse(project.site / "feed.xml").bozo == 0
    assert "Escaped  title" in project.page("/articles/escaped-title/")


def test_a_bad_base_url_on_the_command_line_is_refused_like_site_toml(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from folio.cli import main

    project = new_project(tmp_path / "project")
    article(project, "a", "title: A\ndate: 2024-11-20\nauthors: [A]")
    monkeypatch.chdir(project.root)
    for bad in ('https://example.org/"><script>alert(1)</script>', "javascript:alert(1)",
                "example.org", "https://exa mple.org/", "https://example.org/?q=1"):
        assert main(["build", "--base-url", bad]) == 2
        err = capsys.readouterr().err
        assert err.startswith("build.py: error: --base-url: base_url must be an absolute"), err
        assert not project.site.exists()
        toml = (project.root / "site.toml").read_text(encoding="utf-8")
        (project.root / "site.toml").write_text(
            re.sub(r"(?m)^base_url = .*$", f"base_url = {json.dumps(bad)}", toml),
            encoding="utf-8")
        result = project.build()
        assert [p.message.split(", not")[0] for p in result.report.errors] == [
            "base_url must be an absolute http(s) URL such as https://example.org/archive/"]
    assert main(["build", "--quiet", "--base-url", "https://example.org/sub/"]) == 1
    capsys.readouterr()


def test_profile_file_names_are_checked_like_slugs(tmp_path: Path) -> None:
    project = new_project(tmp_path / "project")
    article(project, "a", "title: A\ndate: 2024-11-20\nauthors: [Ann Lee]")
    project.write("content/authors/Ann Lee\".md", "---\nname: Ann Lee\n---\nBio.\n")
    result = project.build()
    assert result.report.lines() == [
        "content/authors/Ann Lee\".md:1: the file name 'Ann Lee\"' is the term's URL slug "
        "and may only hold letters, digits, '-', '_', '.' and '~' (no '/', no '..', no "
        "leading '.'); rename it to ann-lee.md"]
    assert not project.site.exists()


def test_an_error_line_cannot_forge_another_line() -> None:
    from folio.problems import Problem

    name = "content/articles/a.md:1: fake\nmessage\x1b[31m\u2028.md"
    line = str(Problem(name, 3, "bad value 'x\r\ny'"))
    assert "\n" not in line and "\r" not in line and "\x1b" not in line
    assert line == ("content/articles/a.md:1: fake\\nmessage\\x1b[31m\\u2028.md:3: "
                    "bad value 'x\\r\\ny'")
