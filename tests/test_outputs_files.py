"""folio/outputs/files.py: every file beside the pages as a FileSpec (its path, a view
holding all it is made of, a producer of view and bodies), in a fixed order; sitemap
lines."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from conftest import SiteProject
from linked import Linked, link

from folio.incremental.digest import Digester
from folio.outputs.feeds import Feed
from folio.outputs.files import FileSpec, Record, Sitemap, extra_files, lastmod

LINES = [("/", datetime(2024, 2, 3, tzinfo=UTC)), ("/about/", None)]


@pytest.fixture
def site(project: SiteProject) -> Linked:
    project.write("site.toml", 'title = "T"\nbase_url = "https://x.org/sub/"\nfeed_entries = 2\n'
                  'term_feed_content = "full"\n[taxonomies.authors]\n[taxonomies.tags]\n')
    project.article("a", "A", "2023-05-01", ["Jane Doe"], tags=["NATO"],
                    body="See [b](b.md).")
    project.article("b", "B", "2024-01-02", ["Jane Doe"], tags=["NATO", "EU"])
    project.article("c", "C", "2024-02-03", ["John Roe"], updated="2024-03-01")
    found = link(project.root)
    assert not found.report.failed, found.report.lines()
    return found


def files(site: Linked) -> list[FileSpec]:
    return list(extra_files(site.graph, LINES))


def test_every_file_in_a_fixed_order(site: Linked) -> None:
    assert [spec.relative for spec in files(site)] == [
        "feed.xml", "feed.json",
        "authors/jane-doe/feed.xml", "authors/john-roe/feed.xml",
        "tags/eu/feed.xml", "tags/nato/feed.xml",
        "sitemap.xml", "robots.txt",
        "articles/c/cite.bib", "articles/b/cite.bib", "articles/a/cite.bib"]


def test_each_view_holds_what_its_file_shows(site: Linked) -> None:
    by_path = {spec.relative: spec.view for spec in files(site)}
    feed = by_path["feed.xml"]
    assert isinstance(feed, Feed) and feed.full and feed.feed_url == "/feed.xml"
    assert [item.entry.title for item in feed.items] == ["C", "B"]  # feed_entries
    nato = by_path["tags/nato/feed.xml"]
    assert isinstance(nato, Feed) and nato.title == "NATO · T" and nato.page_url == "/tags/nato/"
    assert [(i.entry.title, i.links) for i in nato.items] == [
        ("B", ()), ("A", (("b.md", "/articles/b/"),))]
    assert by_path["sitemap.xml"] == Sitemap(site.graph.config, tuple(LINES))
    assert by_path["robots.txt"] is site.graph.config
    record = by_path["articles/a/cite.bib"]
    assert isinstance(record, Record) and record.entry.title == "A"


def test_summary_feeds_carry_no_links_and_each_kind_follows_its_setting(site: Linked) -> None:
    graph = replace(site.graph, config=replace(site.graph.config, feed_content="summary"))
    views = {spec.relative: spec.view for spec in extra_files(graph, LINES)}
    feed, nato = views["feed.xml"], views["tags/nato/feed.xml"]
    assert not feed.full and all(item.links == () for item in feed.items)
    assert nato.full and nato.items[1].links == (("b.md", "/articles/b/"),)
    graph = replace(graph, config=replace(graph.config, feed_content="full",
                                          term_feed_content="summary"))
    views = {spec.relative: spec.view for spec in extra_files(graph, LINES)}
    assert views["feed.json"].full and not views["tags/nato/feed.xml"].full


def test_each_file_is_made_from_its_view_and_the_bodies(site: Linked) -> None:
    made = {spec.relative: spec.produce(spec.view, site.bodies) for spec in files(site)}
    assert b"<title>T</title>" in made["feed.xml"]
    assert b'href="https://x.org/sub/articles/b/"' in made["tags/nato/feed.xml"]
    assert made["feed.json"].startswith(b"{") and b'"title": "C"' in made["feed.json"]
    assert made["sitemap.xml"].count(b"<loc>") == 2
    assert b"<lastmod>2024-02-03T00:00:00+00:00</lastmod>" in made["sitemap.xml"]
    assert made["robots.txt"].endswith(b"Sitemap: https://x.org/sub/sitemap.xml\n")
    assert b"title = {{A}}" in made["articles/a/cite.bib"]


def test_views_are_digested_without_reading_a_body(site: Linked) -> None:
    digester = Digester(["m"] * len(site.graph.entries))
    marks = {spec.relative: digester.of(spec.view) for spec in files(site)}
    assert marks["feed.xml"][1] == (0, 1)  # the entries the feed shows
    assert marks["articles/a/cite.bib"][1] == (2,)
    assert marks["robots.txt"][1] == () and marks["sitemap.xml"][1] == ()


def test_a_sitemap_line_is_as_new_as_the_newest_article_shown(site: Linked) -> None:
    a, b, c = reversed(site.graph.entries)
    assert lastmod("/archive/", [a, b]) == ("/archive/", b.updated)
    assert lastmod("/articles/c/", [c]) == ("/articles/c/", datetime(2024, 3, 1, tzinfo=UTC))
    assert lastmod("/search/", []) == ("/search/", None)
    assert lastmod("/404.html", [a]) is None
