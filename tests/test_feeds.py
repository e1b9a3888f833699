"""Atom and JSON feeds, sitemap and robots.txt of built sites."""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.etree import ElementTree as ET

import feedparser
import pytest
from conftest import SiteProject

from folio.search.records import shards
from folio.urls import output_path

BASE = "https://archive.example.org/commentary"
HOSTILE = 'Rock & Roll <script>alert("x")</script> "Quoted" \'single\''


def _feeds(site: Path) -> list[Path]:
    return sorted(site.rglob("feed.xml"))


def _built_path(site: Path, url: str) -> Path:
    assert url.startswith(BASE + "/"), url
    return site / output_path(url[len(BASE):].split("#")[0])


def test_every_atom_feed_parses_with_complete_entries(built_archive: SiteProject) -> None:
    feeds = _feeds(built_archive.site)
    assert len(feeds) == 1 + 20  # the archive's and one per term
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.feed.title and parsed.entries, path
        for entry in parsed.entries:
            assert entry.title and entry.link and entry.id and entry.updated, path
            assert entry.id.startswith("urn:uuid:")  # the article's stable identifier
            assert _built_path(built_archive.site, entry.link).is_file()


def test_site_feed_has_newest_entries_authors_categories_and_content(
    built_archive: SiteProject,
) -> None:
    parsed = feedparser.parse(built_archive.page("/feed.xml"))
    assert parsed.feed.updated == "2024-12-07T00:00:00+00:00"  # newest entry, not build time
    dates = [e.published for e in parsed.entries]
    assert dates == sorted(dates, reverse=True) and len(dates) == 12
    five = next(e for e in parsed.entries if e.title == "Commentary number 5: on economy")
    assert [a.name for a in five.authors] == ["Jane Doe", "Sergeï Müller-Øström"]
    assert {t.term for t in five.tags} == {"Economy", "Russia and FSU", "China", "Putin"}
    body = five.content[0].value
    # the .md link of the body, made absolute
    assert f'href="{BASE}/articles/commentary-number-1-on-economy/"' in body
    assert 'href="commentary-number-1-on-economy.md"' not in body


def test_feed_entries_and_summary_settings(project: SiteProject) -> None:
    for n in range(4):
        project.article(f"a{n}", f"A{n}", f"2024-01-0{n + 1}", ["Ann"], summary=f"Sum {n}.")
    toml = project.root / "site.toml"
    toml.write_text(toml.read_text().replace("feed_entries = 20", "feed_entries = 2")
                    .replace('feed_content = "full"', 'feed_content = "summary"'))
    assert not project.build().report.failed
    parsed = feedparser.parse(project.page("/feed.xml"))
    assert [e.title for e in parsed.entries] == ["A3", "A2"]
    assert "content" not in parsed.entries[0] and parsed.entries[0].summary == "Sum 3."
    items = json.loads(project.page("/feed.json"))["items"]
    assert len(items) == 2 and "content_html" not in items[0]


def test_json_feed_follows_version_1_1(built_archive: SiteProject) -> None:
    feed = json.loads(built_archive.page("/feed.json"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] == "Fixture Archive"
    assert feed["home_page_url"] == BASE + "/" and feed["feed_url"] == BASE + "/feed.json"
    assert len(feed["items"]) == 12
    for item in feed["items"]:
        assert {"id", "url", "title", "date_published", "authors"} <= set(item)
        assert "content_html" in item or "summary" in item
        assert all(set(a) == {"name", "url"} for a in item["authors"])
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d",
                            item["date_published"])
        assert _built_path(built_archive.site, item["url"]).is_file()


def test_term_pages_link_their_feed(built_archive: SiteProject) -> None:
    html = built_archive.page("/themes/intelligence/")
    assert '<link rel="alternate" type="application/atom+xml" title="Intelligence (Atom)" ' \
        'href="feed.xml">' in html
    assert 'href="feed.xml" type="application/atom+xml" rel="alternate">Subscribe' in html
    page2 = built_archive.page("/themes/intelligence/page/2/")
    assert 'href="../../feed.xml" type="application/atom+xml" rel="alternate">Subscribe' in page2
    feed = feedparser.parse(built_archive.page("/themes/intelligence/feed.xml"))
    assert feed.feed.link == BASE + "/themes/intelligence/"
    assert all("Intelligence" in {t.term for t in e.tags} for e in feed.entries)


def test_every_page_links_the_site_feeds(built_archive: SiteProject) -> None:
    for page in built_archive.site.rglob("*.html"):
        if "pagefind" in page.parts:
            continue
        html = page.read_text(encoding="utf-8")
        assert 'type="application/atom+xml" title="Fixture Archive (Atom)"' in html, page
        assert 'type="application/feed+json"' in html, page


def test_sitemap_lists_every_page_but_404_with_lastmod(built_archive: SiteProject) -> None:
    site = built_archive.site
    root = ET.fromstring(built_archive.page("/sitemap.xml"))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = {u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns)
            for u in root.findall("s:url", ns)}
    pages = {p.relative_to(site).as_posix() for p in site.rglob("*.html")
             if p.name != "404.html" and "pagefind" not in p.parts}
    assert {_built_path(site, u).relative_to(site).as_posix() for u in locs} == pages
    assert locs[BASE + "/articles/commentary-number-5-on-economy/"] == \
        "2024-06-16T00:00:00+00:00"
    assert locs[BASE + "/"] == "2024-12-07T00:00:00+00:00"
    assert locs[BASE + "/archive/2023/"].startswith("2023-")
    assert locs[BASE + "/about/"] is None
    robots = built_archive.page("/robots.txt")
    assert f"Sitemap: {BASE}/sitemap.xml" in robots


def test_updated_date_drives_entry_and_sitemap(project: SiteProject) -> None:
    project.article("a", "A", "2024-01-01", ["Ann"], updated="2024-05-05T10:00:00+02:00")
    assert not project.build().report.failed
    entry = feedparser.parse(project.page("/feed.xml")).entries[0]
    assert entry.updated == "2024-05-05T10:00:00+02:00"
    assert entry.published == "2024-01-01T00:00:00+00:00"
    assert "<lastmod>2024-05-05T10:00:00+02:00</lastmod>" in project.page("/sitemap.xml")


def test_hostile_title_is_escaped_in_feeds(project: SiteProject) -> None:
    project.write("content/articles/bad.md", f"---\ntitle: {json.dumps(HOSTILE)}\n"
                  "date: 2024-01-01\nauthors: ['A & B <i>']\ntags: ['<b>x</b>']\n---\n\n"
                  "Body with [a link](../pages/nothing.html) and ![i](img/x.png).\n")
    assert not project.build().report.failed
    atom = project.page("/feed.xml")
    assert "<script>" not in atom and "&lt;script&gt;" in atom
    parsed = feedparser.parse(atom)
    assert not parsed.bozo
    assert parsed.entries[0].title == HOSTILE
    assert parsed.entries[0].authors[0].name == "A & B <i>"
    assert json.loads(project.page("/feed.json"))["items"][0]["title"] == HOSTILE
    body = parsed.entries[0].content[0].value
    url = "https://example.org/articles/rock-roll-script-alert-x-script-quoted-single/"
    assert 'href="https://example.org/articles/pages/nothing.html"' in body
    assert f'src="{url}img/x.png"' in body


def test_without_base_url_warns_once_and_uses_rooted_urls(project: SiteProject) -> None:
    toml = project.root / "site.toml"
    toml.write_text(toml.read_text().replace('base_url = "https://example.org/"\n', ""))
    project.article("a", "A", "2024-01-01", ["Ann"])
    project.article("b", "B", "2024-01-02", ["Ann"])
    result = project.build()
    assert not result.report.failed
    warnings = [p for p in result.report.lines() if "base_url" in p]
    assert len(warnings) == 1 and "warning: base_url is not set" in warnings[0]
    parsed = feedparser.parse(project.page("/feed.xml"))
    assert parsed.entries[0].link == "/articles/b/"
    assert "Sitemap:" not in project.page("/robots.txt").replace("# Sitemap", "")
    assert '<link rel="canonical"' not in project.page("/articles/a/")


@pytest.mark.parametrize("setting", ["full", "summary"])
def test_feed_content_setting_is_validated(project: SiteProject, setting: str) -> None:
    toml = project.root / "site.toml"
    toml.write_text(toml.read_text().replace('feed_content = "full"',
                                             f'feed_content = "{setting}"'))
    project.article("a", "A", "2024-01-01", ["Ann"])
    assert not project.build().report.failed


JSON_FEED_SCHEMA = json.loads(
    (Path(__file__).parent / "vendor" / "jsonfeed-1.1.schema.json").read_text())


def test_every_term_has_a_json_feed_beside_its_atom_feed(built_archive: SiteProject) -> None:
    """JSON Feed 1.1, checked with its JSON Schema (feedparser reads only the Atom ones)."""
    import jsonschema

    site = built_archive.site
    atom = {p.parent for p in site.rglob("feed.xml")}
    json_feeds = sorted(site.rglob("feed.json"))
    assert {p.parent for p in json_feeds} == atom and len(json_feeds) == 21
    checker = jsonschema.Draft7Validator(JSON_FEED_SCHEMA,
                                         format_checker=jsonschema.FormatChecker())
    for path in json_feeds:
        feed = json.loads(path.read_text(encoding="utf-8"))
        errors = [e.message for e in checker.iter_errors(feed)]
        assert errors == [], path
        parsed = feedparser.parse((path.parent / "feed.xml").read_bytes())
        assert [i["id"] for i in feed["items"]] == [e.id for e in parsed.entries]
        assert [i["url"] for i in feed["items"]] == [e.link for e in parsed.entries]
        for item in feed["items"]:
            assert _built_path(site, item["url"]).is_file()
    theme = json.loads((site / "themes/economy/feed.json").read_text())
    assert theme["feed_url"] == f"{BASE}/themes/economy/feed.json"
    assert theme["home_page_url"] == f"{BASE}/themes/economy/"
    page = built_archive.page("/themes/economy/")
    assert '<link rel="alternate" type="application/feed+json" title="Economy (JSON Feed)" ' \
        'href="feed.json">' in page


def test_feed_entry_ids_are_the_articles_ids(project: SiteProject) -> None:
    project.article("a", "A", "2024-01-01", ["Ann"], id="9d3c1f8a-2b4e-4c6d-8e0f-1a2b3c4d5e6f")
    assert not project.build().report.failed
    entry = feedparser.parse(project.page("/feed.xml")).entries[0]
    assert entry.id == "urn:uuid:9d3c1f8a-2b4e-4c6d-8e0f-1a2b3c4d5e6f"


def test_drafts_are_in_no_feed_sitemap_or_search_and_say_so(project: SiteProject) -> None:
    project.article("kept", "Kept", "2024-01-01", ["A"], themes=["T"])
    project.article("unready", "Unready", "2024-01-02", ["A"], themes=["T"], draft=True)
    result = project.build(drafts=True)
    assert not result.report.failed, result.report.lines()
    page = project.page("/articles/unready/")
    assert '<meta name="robots" content="noindex">' in page and 'class="draft-banner"' in page
    assert "noindex" not in project.page("/articles/kept/")
    assert 'class="badge-draft">Draft</span>' in project.page("/")  # listed, and marked
    for feed in ("/feed.xml", "/feed.json", "/themes/t/feed.xml", "/authors/a/feed.xml"):
        text = project.page(feed)
        assert "articles/kept/" in text and "unready" not in text, feed
    sitemap = project.page("/sitemap.xml")
    assert "articles/kept/" in sitemap and "articles/unready/" not in sitemap
    assert result.graph is not None
    indexed = [e.url for shard in shards(result.graph) for e in shard.entries]
    assert indexed == ["/articles/kept/"]
