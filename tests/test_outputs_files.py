"""folio/outputs/files.py: every file beside the pages as a FileSpec (its path, a view
holding all it is made of, a producer of view and bodies), in a fixed order; drafts in no
feed; the sitemap's lines."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from conftest import SiteProject
from linked import Linked, link

from folio.graph.model import Entry
from folio.incremental.digest import Digester
from folio.outputs.feeds import Feed
from folio.outputs.files import FileSpec, Records, Sitemap, SitemapLine, extra_files, sitemap_line


@pytest.fixture
def site(project: SiteProject) -> Linked:
    project.write("site.toml", 'title = "T"\nbase_url = "https://x.org/sub/"\nfeed_entries = 2\n'
                  'term_feed_content = "full"\n[taxonomies.authors]\n[taxonomies.tags]\n')
    project.article("a", "A", "2023-05-01", ["Jane Doe"], tags=["NATO"],
                    body="See [b](b.md).", aliases=["/old/a/"], updated="2024-01-10")
    project.article("b", "B", "2024-01-02", ["Jane Doe"], tags=["NATO", "EU"],
                    series="Trips", part=1)
    project.article("c", "C", "2024-02-03", ["John Roe"], updated="2024-03-01")
    project.article("d", "D", "2024-03-04", ["John Roe"], draft=True)
    found = link(project.root, drafts=True)
    assert not found.report.failed, found.report.lines()
    return found


def entry(site: Linked, title: str) -> Entry:
    return next(e for e in site.graph.entries if e.title == title)


def lines(site: Linked) -> list[SitemapLine]:
    return [("/", entry(site, "C")), ("/about/", None), ("/old/a/", entry(site, "A"))]


def files(site: Linked) -> list[FileSpec]:
    return list(extra_files(site.graph, lines(site)))


def cites(url: str) -> list[str]:
    return [f"{url}cite.{kind}" for kind in ("bib", "ris", "json")]


def test_every_file_in_a_fixed_order(site: Linked) -> None:
    assert [spec.relative for spec in files(site)] == [
        "feed.xml", "feed.json",
        "authors/jane-doe/feed.xml", "authors/jane-doe/feed.json", *cites("authors/jane-doe/"),
        "authors/john-roe/feed.xml", "authors/john-roe/feed.json", *cites("authors/john-roe/"),
        "tags/eu/feed.xml", "tags/eu/feed.json", *cites("tags/eu/"),
        "tags/nato/feed.xml", "tags/nato/feed.json", *cites("tags/nato/"),
        "series/trips/feed.xml", "series/trips/feed.json",
        "sitemap.xml", "robots.txt",
        *cites("articles/d/"), *cites("articles/c/"), *cites("articles/b/"),
        *cites("articles/a/"),
        "data/articles.json", "data/articles.csv"]


def test_each_view_holds_what_its_file_shows(site: Linked) -> None:
    by_path = {spec.relative: spec.view for spec in files(site)}
    feed = by_path["feed.xml"]
    assert isinstance(feed, Feed) and feed.full and feed.feed_url == "/feed.xml"
    assert [item.entry.title for item in feed.items] == ["C", "B"]  # no draft; feed_entries
    nato = by_path["tags/nato/feed.xml"]
    assert isinstance(nato, Feed) and nato.title == "NATO · T" and nato.page_url == "/tags/nato/"
    assert [(i.entry.title, i.links) for i in nato.items] == [
        ("B", ()), ("A", (("b.md", "/articles/b/"),))]
    sitemap = by_path["sitemap.xml"]
    dated = lines(site)[:2]  # no redirect
    assert isinstance(sitemap, Sitemap) and sitemap.lines == tuple(
        (url, entry.updated if entry else None) for url, entry in dated)
    assert sitemap.sources.indices == tuple(sorted({e.index for _, e in dated if e}))
    assert by_path["robots.txt"] is site.graph.config
    record = by_path["articles/b/cite.bib"]
    assert isinstance(record, Records) and [w.title for w in record.works] == ["B"]
    assert [w.series for w in record.works] == [("Trips", 1)]
    assert record.sources.indices == (next(e.index for e in site.graph.entries if e.title == "B"),)
    assert by_path["articles/b/cite.ris"] is record  # the three records share one view
    john = by_path["authors/john-roe/cite.bib"]
    assert isinstance(john, Records) and [w.title for w in john.works] == ["C"]


def test_summary_feeds_carry_no_links_and_each_kind_follows_its_setting(site: Linked) -> None:
    graph = replace(site.graph, config=replace(site.graph.config, feed_content="summary"))
    views = {spec.relative: spec.view for spec in extra_files(graph, lines(site))}
    feed, nato = views["feed.xml"], views["tags/nato/feed.xml"]
    assert not feed.full and all(item.links == () for item in feed.items)
    assert nato.full and nato.items[1].links == (("b.md", "/articles/b/"),)
    graph = replace(graph, config=replace(graph.config, feed_content="full",
                                          term_feed_content="summary"))
    views = {spec.relative: spec.view for spec in extra_files(graph, lines(site))}
    assert views["feed.json"].full and not views["tags/nato/feed.xml"].full


def test_each_file_is_made_from_its_view_and_the_bodies(site: Linked) -> None:
    made = {spec.relative: spec.produce(spec.view, site.bodies) for spec in files(site)}
    assert b"<title>T</title>" in made["feed.xml"] and b"<title>D</title>" not in made["feed.xml"]
    assert b'href="https://x.org/sub/articles/b/"' in made["tags/nato/feed.xml"]
    assert made["feed.json"].startswith(b"{") and b'"title": "C"' in made["feed.json"]
    assert made["sitemap.xml"].count(b"<loc>") == 2
    assert b"<lastmod>2024-03-01T00:00:00+00:00</lastmod>" in made["sitemap.xml"]
    assert b"/old/a/" not in made["sitemap.xml"]
    assert made["robots.txt"].endswith(b"Sitemap: https://x.org/sub/sitemap.xml\n")
    assert b"title = {{A}}" in made["articles/a/cite.bib"]
    assert b"{{B}}" not in made["articles/a/cite.bib"]  # its own record, not the last made
    assert made["articles/a/cite.ris"].startswith(b"TY  - ")
    assert made["articles/a/cite.json"].startswith(b"[")
    assert b'"title": "B"' in made["data/articles.json"]
    assert made["data/articles.csv"].count(b"\n") >= 4


def test_views_are_digested_without_reading_a_body(site: Linked) -> None:
    digester = Digester(["m"] * len(site.graph.entries))
    marks = {spec.relative: digester.of(spec.view) for spec in files(site)}
    c, b, a = (entry(site, t).index for t in "CBA")
    assert marks["feed.xml"][1] == tuple(sorted((c, b)))  # the entries the feed shows
    assert marks["articles/a/cite.bib"][1] == (a,)
    assert marks["robots.txt"][1] == ()
    assert marks["sitemap.xml"][1] == tuple(sorted((c,)))  # the article that dates a line


def test_a_sitemap_line_is_dated_by_the_newest_article_shown(site: Linked) -> None:
    a, b, c, d = (entry(site, t) for t in "ABCD")
    assert sitemap_line("/archive/", [a, b]) == ("/archive/", a)  # updated after b's date
    assert sitemap_line("/articles/c/", [c]) == ("/articles/c/", c)
    assert c.updated == datetime(2024, 3, 1, tzinfo=UTC)
    assert sitemap_line("/search/", []) == ("/search/", None)
    assert sitemap_line("/404.html", [a]) is None
    assert sitemap_line(d.url, [d]) is None  # a draft's page is listed nowhere
    assert sitemap_line("/archive/2024/", [d, c]) == ("/archive/2024/", d)
