"""Debates (`responds_to`), series (`series`, `part`) and stable ids, from front matter to
the pages that show them both ways."""

from __future__ import annotations

import json
import re
from pathlib import Path

import feedparser
import jsonschema
import pytest
from conftest import SiteProject

from folio.graph.identity import from_path, normalise

JSON_FEED_SCHEMA = json.loads(
    (Path(__file__).parent / "vendor" / "jsonfeed-1.1.schema.json").read_text())


def debate(project: SiteProject) -> None:
    project.article("claim", "The Claim", "2024-01-01", ["Ann Author"])
    project.article("reply", "A Reply", "2024-02-01", ["Bo Writer"],
                    responds_to=["claim.md"])
    project.article("rejoinder", "A Rejoinder", "2024-03-01", ["Ann Author"],
                    responds_to=["reply.md", "claim.md"])


def test_a_responds_to_chain_renders_both_ways(project: SiteProject) -> None:
    debate(project)
    result = project.build()
    assert not result.report.failed, result.report.lines()
    claim = project.page("/articles/the-claim/")
    reply = project.page("/articles/a-reply/")
    rejoinder = project.page("/articles/a-rejoinder/")
    assert "In response to" not in claim
    assert re.findall(r'<a href="([^"]*)" rel="related">([^<]*)</a>', reply) == [
        ("../the-claim/", "The Claim")]
    assert re.findall(r'<a href="([^"]*)" rel="related">([^<]*)</a>', rejoinder) == [
        ("../a-reply/", "A Reply"), ("../the-claim/", "The Claim")]
    assert "by Bo Writer (February 1, 2024)" in rejoinder
    responses = re.compile(r'<h2 class="end-heading" id="responses-heading">Responses</h2>'
                           r'\s*<ul[^>]*>(.*?)</ul>', re.S)
    assert re.findall(r'href="([^"]*)"', responses.search(claim)[1]) == [
        "../a-reply/", "../a-rejoinder/"]
    assert re.findall(r'href="([^"]*)"', responses.search(reply)[1]) == ["../a-rejoinder/"]
    assert responses.search(rejoinder) is None
    data = json.loads((project.site / "data/articles.json").read_text())
    by_title = {a["title"]: a for a in data["articles"]}
    assert by_title["A Rejoinder"]["responds_to"] == [by_title["A Reply"]["id"],
                                                      by_title["The Claim"]["id"]]


@pytest.mark.parametrize(("value", "message"), [
    ('["nowhere.md"]', "responds_to: nowhere.md finds no article"),
    ('["../pages/about.md"]', "responds_to: ../pages/about.md is a page, not an article"),
    ('["self.md"]', "responds_to: self.md is this article"),
    ('["claim.txt"]', "'responds_to' items must be paths of articles ending in .md "
                      "(as in a link), not 'claim.txt'"),
    ("{a: b}", "'responds_to' must be a list of .md paths, e.g. responds_to: "
               "[other-article.md], not a mapping"),
])
def test_a_wrong_responds_to_is_an_error_with_its_line(
    project: SiteProject, value: str, message: str
) -> None:
    project.article("claim", "The Claim", "2024-01-01", ["Ann"])
    project.write("content/pages/about.md", "---\ntitle: About\n---\nAbout us.\n")
    project.write("content/articles/self.md", f"---\ntitle: Self\ndate: 2024-02-01\n"
                  f"authors: [Bo]\nresponds_to: {value}\n---\nText.\n")
    result = project.build()
    assert result.report.lines() == [f"content/articles/self.md:5: {message}"]


def test_a_string_names_one_article(project: SiteProject) -> None:
    project.article("claim", "The Claim", "2024-01-01", ["Ann"])
    project.write("content/articles/reply.md", "---\ntitle: Reply\ndate: 2024-02-01\n"
                  "authors: [Bo]\nresponds_to: claim.md\n---\nText.\n")
    assert not project.build().report.failed
    assert 'href="../reply/"' in project.page("/articles/the-claim/")


def series(project: SiteProject) -> None:
    for n, (day, part) in enumerate([("05", 3), ("01", 1), ("03", 2)]):
        project.article(f"part-{part}", f"Chapter {part}", f"2024-03-{day}", ["Ann"],
                        series="The Long Game" if n else "the long game", part=part)
    project.article("other", "Unrelated", "2024-03-02", ["Ann"])


def test_a_series_gives_its_page_its_navigation_and_its_feeds(project: SiteProject) -> None:
    series(project)
    result = project.build()
    assert not result.report.failed, result.report.lines()
    two = project.page("/articles/chapter-2/")
    assert "Part 2 of 3 in the series <cite>The Long Game</cite>" in two
    start = two.index('<nav class="end-section series-nav"')
    nav = two[start:two.index("</nav>", start)]
    assert re.findall(r'href="([^"]*)"', nav) == ["../../series/the-long-game/", "../chapter-1/",
                                                  "../chapter-3/", "../chapter-1/", "../chapter-3/"]
    assert '<span aria-current="page">Chapter 2</span>' in nav
    assert "Previous part" in nav and "Next part" in nav
    assert "Previous part" not in project.page("/articles/chapter-1/")
    assert "series-nav" not in project.page("/articles/unrelated/")
    page = project.page("/series/the-long-game/")
    titles = re.findall(r'class="card-title"><a href="[^"]*">([^<]*)</a>', page)
    assert titles == ["Chapter 1", "Chapter 2", "Chapter 3"]
    assert "Chapter 1" in project.page("/series/")
    atom = feedparser.parse((project.site / "series/the-long-game/feed.xml").read_bytes())
    assert not atom.bozo and {e.title for e in atom.entries} == {"Chapter 1", "Chapter 2",
                                                                 "Chapter 3"}
    feed = json.loads((project.site / "series/the-long-game/feed.json").read_text())
    jsonschema.validate(feed, JSON_FEED_SCHEMA)
    assert len(feed["items"]) == 3
    ld = json.loads(re.search(r'application/ld\+json">\n(.*?)\n</script>', two, re.S)[1])
    assert ld["position"] == 2 and ld["isPartOf"][1]["name"] == "The Long Game"
    data = json.loads((project.site / "data/articles.json").read_text())
    assert [a["series"]["part"] for a in data["articles"] if a["series"]] == [1, 2, 3]


def test_two_parts_with_one_number_are_an_error_in_both(project: SiteProject) -> None:
    project.article("a", "A", "2024-01-01", ["Ann"], series="S", part=1)
    project.article("b", "B", "2024-01-02", ["Ann"], series="S", part=1)
    project.article("c", "C", "2024-01-03", ["Ann"], part=2)
    assert project.build().report.lines() == [
        "content/articles/a.md:6: part 1 of the series 'S' is also content/articles/b.md",
        "content/articles/b.md:6: part 1 of the series 'S' is also content/articles/a.md",
        "content/articles/c.md:5: 'part' numbers an article in a series: add 'series: Name'",
    ]


def test_without_parts_a_series_reads_by_date(project: SiteProject) -> None:
    project.article("late", "Late", "2024-05-01", ["Ann"], series="Diary")
    project.article("early", "Early", "2024-01-01", ["Ann"], series="Diary")
    assert not project.build().report.failed
    assert "Part 2 of 2" in project.page("/articles/late/")


def test_a_page_at_series_is_refused_only_when_there_are_series(
    project: SiteProject,
) -> None:
    project.article("a", "A", "2024-01-01", ["Ann"])
    project.write("content/pages/series.md", "---\ntitle: Series\n---\nOur series.\n")
    assert not project.build().report.failed
    project.article("b", "B", "2024-01-02", ["Ann"], series="S")
    assert project.build().report.lines() == [
        "content/pages/series.md:1: /series/ is also a page Folio makes of the archive "
        "(/series/)"]


def test_ids_are_stable_iris(project: SiteProject) -> None:
    assert normalise("0B6C8F2E-1D2A-4C4E-9A57-3F0E2B1C9D11") == \
        "urn:uuid:0b6c8f2e-1d2a-4c4e-9a57-3f0e2b1c9d11"
    assert normalise("urn:uuid:0b6c8f2e-1d2a-4c4e-9a57-3f0e2b1c9d11") == \
        normalise("0b6c8f2e1d2a4c4e9a573f0e2b1c9d11")
    assert normalise("tag:example.org,2024:a") == "tag:example.org,2024:a"
    assert normalise("korybko-001").startswith("urn:uuid:")
    assert from_path("content/articles/a.md") == from_path("/srv/articles/site/articles/a.md")
    assert from_path("content/articles/x/index.md") != from_path("content/articles/index.md")
    assert from_path("content/articles/a.md") != from_path("content/articles/b.md")


def test_an_id_keeps_an_article_s_identity_through_a_new_slug(project: SiteProject) -> None:
    project.article("a", "A", "2024-01-01", ["Ann"], id="korybko-001")
    assert not project.build().report.failed
    before = json.loads((project.site / "feed.json").read_text())["items"][0]["id"]
    path = project.root / "content/articles/a.md"
    path.write_text(path.read_text().replace("title:", "slug: renamed\ntitle:", 1))
    assert not project.build().report.failed
    after = json.loads((project.site / "feed.json").read_text())["items"][0]
    assert after["id"] == before == normalise("korybko-001")
    assert after["url"].endswith("/articles/renamed/")
    html = project.page("/articles/renamed/")
    assert f'"@id": "{before}"' in html
    assert f'<meta name="DC.identifier" content="{before}">' in html


def test_a_shared_id_is_an_error_in_both_files(project: SiteProject) -> None:
    project.article("a", "A", "2024-01-01", ["Ann"], id="same")
    project.article("b", "B", "2024-01-02", ["Ann"], id="same")
    lines = project.build().report.lines()
    found = normalise("same")
    assert lines == [
        f"content/articles/a.md:5: id {found} is also the id of content/articles/b.md; each "
        "article needs its own: give one of them a new id, or delete its 'id' line",
        f"content/articles/b.md:5: id {found} is also the id of content/articles/a.md; each "
        "article needs its own: give one of them a new id, or delete its 'id' line"]


@pytest.mark.parametrize("value", ["two words", "[a, b]", "'<x>'"])
def test_a_wrong_id_is_an_error_with_its_line(project: SiteProject, value: str) -> None:
    project.write("content/articles/a.md",
                  f"---\ntitle: A\ndate: 2024-01-01\nauthors: [Ann]\nid: {value}\n---\nText.\n")
    lines = project.build().report.lines()
    assert len(lines) == 1 and lines[0].startswith("content/articles/a.md:5: 'id' must be")
