"""folio/graph/build.py: the corpus linked into a SiteGraph (order, URLs, archive, targets,
related and cited-by), `Placement` (all that linking reads of an article), `with_edits`
and the helpers pages use."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from conftest import SiteProject
from linked import Linked, link

from folio.config import SiteConfig
from folio.content.load import process
from folio.content.model import Article
from folio.graph.build import (
    author_terms,
    build_graph,
    local_date,
    more_by_authors,
    placement,
    with_edits,
    years_of,
)
from folio.graph.related import related_lists
from folio.markup import Rendered
from folio.problems import Report


@pytest.fixture
def site(project: SiteProject) -> Linked:
    project.write("site.toml", 'title = "T"\ntimezone = "America/New_York"\n'
                  'permalink = "/{year}/{slug}/"\n')
    project.article("old", "Old", "2022-12-31T23:30:00-05:00", ["Jane Doe"], tags=["NATO"])
    project.article("mid", "Mid", "2023-07-01T02:00:00Z", ["Jane Doe", "John Roe"], tags=["nato"],
                    body="Links to [old](old.md) and [about](../pages/about.md).")
    project.article("new", "New", "2024-01-02", ["Jane Doe"], body="See [mid](mid.md#x).")
    project.article("newer", "Newer", "2024-01-03", ["Jane Doe"],
                    body="Sanctions, tariffs and embargoes: sanctions again.")
    project.article("draft", "Draft", "2024-01-04", ["Jane Doe"], draft=True)
    project.write("content/pages/about.md", "---\ntitle: About\nweight: 2\n---\nAbout.\n")
    project.write("content/pages/contact.md", "---\ntitle: Contact\nweight: 1\n---\nHi.\n")
    found = link(project.root)
    assert found.report.problems == [], found.report.lines()
    return found


def test_entries_newest_first_with_their_place_and_url(site: Linked) -> None:
    graph = site.graph
    assert [e.article.slug for e in graph.entries] == ["newer", "new", "mid", "old"]
    assert [e.index for e in graph.entries] == [0, 1, 2, 3]
    assert graph.entries[3].url == "/2022/old/"  # the year of the date as written
    assert graph.entries[3].summary == "Body text."


def test_the_archive_is_by_local_year_and_month_newest_first(site: Linked) -> None:
    archive = site.graph.archive
    assert list(archive) == [2024, 2023, 2022]
    assert {y: dict(ms) for y, ms in archive.items()} == {
        2024: {1: (0, 1)}, 2023: {6: (2,)}, 2022: {12: (3,)}}


def test_pages_by_weight_and_every_link_target(site: Linked) -> None:
    graph = site.graph
    assert [(p.page.title, p.url) for p in graph.pages] == [("Contact", "/contact/"),
                                                            ("About", "/about/")]
    assert graph.pages[0].rendered.html == "<p>Hi.</p>"
    assert graph.link_targets == {
        "content/articles/newer.md": "/2024/newer/", "content/articles/new.md": "/2024/new/",
        "content/articles/mid.md": "/2023/mid/", "content/articles/old.md": "/2022/old/",
        "content/pages/contact.md": "/contact/", "content/pages/about.md": "/about/"}


def test_terms_related_and_cited_by(site: Linked) -> None:
    graph = site.graph
    nato = graph.term_pages["/tags/nato/"]
    assert (nato.name, nato.entries) == ("nato", (2, 3))  # a tie: not the all-capitals one
    assert set(graph.term_pages) == {t.url for ts in graph.terms.values() for t in ts}
    assert graph.cited_by == {3: (2,), 2: (1,)}
    assert graph.related == related_lists(graph.entries)


def test_a_collision_and_a_broken_link_are_reported(project: SiteProject) -> None:
    project.article("same", "Same", "2024-01-01", ["A"], body="[x](gone.md)")
    project.write("content/articles/sub/same.md", "---\ntitle: Other\ndate: 2024-01-02\n"
                  "authors: [A]\nslug: same\n---\nBody.\n")
    lines = link(project.root).report.lines()
    assert "content/articles/same.md:7: link to gone.md finds no article or page" in lines
    assert ("content/articles/same.md:2: /articles/same/ is also the URL of "
            "content/articles/sub/same.md") in lines  # at the line its URL comes from
    assert ("content/articles/sub/same.md:5: /articles/same/ is also the URL of "
            "content/articles/same.md") in lines


def test_helpers_for_pages(site: Linked) -> None:
    graph = site.graph
    assert [(link.name, others) for link, others in more_by_authors(graph, 2)] == [
        ("Jane Doe", (0, 1, 3))]
    assert more_by_authors(graph, 2, count=1)[0][1] == (0,)
    assert [(link.name, term is not None and term.slug) for link, term in
            author_terms(graph, graph.entries[2])] == [("Jane Doe", "jane-doe"),
                                                       ("John Roe", "john-roe")]
    assert local_date(graph, graph.entries[3]) == datetime(
        2022, 12, 31, 23, 30, tzinfo=ZoneInfo("America/New_York"))
    assert years_of(graph, [0, 1, 2, 3]) == {2022: 1, 2023: 1, 2024: 2}
    assert list(years_of(graph, [3, 0])) == [2022, 2024]


def reread(site: Linked, project: SiteProject, slug: str, body: str
           ) -> tuple[int, Article, Rendered]:
    path = project.root / f"content/articles/{slug}.md"
    front = path.read_text().split("---\n")[1]
    loaded, _ = process(f"---\n{front}---\n{body}\n".encode(), f"content/articles/{slug}.md",
                        "articles", site.graph.config)
    assert isinstance(loaded.value, Article) and loaded.rendered is not None
    i = next(e.index for e in site.graph.entries if e.article.slug == slug)
    return i, loaded.value, loaded.rendered


def test_a_placement_is_what_linking_reads(site: Linked, project: SiteProject) -> None:
    entry = site.graph.entries[1]
    same = placement(entry.article, entry.rendered)
    _, article, rendered = reread(site, project, "new", "Other words. See [mid](mid.md#x).")
    assert placement(article, rendered) == same  # a new body: the same place in the site
    for changed in (replace(article, title="Retitled"), replace(article, terms=()),
                    replace(article, date=article.date.astimezone(ZoneInfo("UTC"))),
                    replace(article, draft=True), replace(article, slug="moved")):
        assert placement(changed, rendered) != same
    assert placement(article, replace(rendered, links=())) != same


def test_with_edits_replaces_entries_and_lists_relisted_ones(site: Linked,
                                                             project: SiteProject) -> None:
    graph = site.graph
    i, article, rendered = reread(site, project, "new", "See [mid](mid.md#x).")
    edited, relisted = with_edits(graph, {i: (article, rendered)})
    assert relisted == frozenset() and edited.related == graph.related
    assert edited.entries[i].rendered is rendered
    assert all(edited.entries[j] is graph.entries[j] for j in range(4) if j != i)
    # A body with other keywords moves the article nearer to or farther from the others:
    # in the words of "newer", "old" comes first among its equals in "newer"'s list.
    i, article, rendered = reread(site, project, "old", "Sanctions, tariffs and embargoes.")
    assert rendered.signature != graph.entries[i].rendered.signature
    edited, relisted = with_edits(graph, {i: (article, rendered)})
    assert edited.related == related_lists(edited.entries)
    assert 0 in relisted and edited.related[0][0] == i != graph.related[0][0]
    assert relisted == frozenset(j for j in edited.related
                                 if edited.related[j] != graph.related[j])


def test_an_empty_corpus_is_an_empty_site() -> None:
    from folio.content.load import Corpus

    graph = build_graph(Corpus(()), SiteConfig(), Report())
    assert graph.entries == () and graph.archive == {} and graph.related == {}
    assert all(terms == () for terms in graph.terms.values())
