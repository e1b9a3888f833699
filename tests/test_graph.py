"""The links between articles: related, more by author, cited by and `.md` links."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from conftest import SiteProject

from folio.graph import related as graph_module
from folio.graph.related import related_after, similarity

SHARED_WORDS = "Pipeline sanctions gas turbines Baltic pipeline sanctions turbines gas."
OTHER_WORDS = "Elections parliament coalition ballots voters parliament coalition."


def _related_project(project: SiteProject) -> None:
    base = dict(reports=["Energy Report"], tags=["Gas"], themes=["Economy"],
                regions=["Europe"])
    project.article("base", "Base", "2024-01-10", ["Ann"], body=SHARED_WORDS, **base)
    project.article("report-mate", "Report mate", "2024-01-01", ["Bo"],
                    reports=["Energy Report"], body=OTHER_WORDS)
    project.article("tag-mate", "Tag mate", "2024-01-02", ["Cy"], tags=["Gas"],
                    body=OTHER_WORDS)
    project.article("author-mate", "Author mate", "2024-01-03", ["Ann"], body=OTHER_WORDS)
    project.article("theme-mate", "Theme mate", "2024-01-04", ["Di"], themes=["Economy"],
                    body=OTHER_WORDS)
    # Three that share only the region: the similar text wins, then the more recent.
    project.article("region-similar", "Region similar", "2024-01-05", ["Ed"],
                    regions=["Europe"], body=SHARED_WORDS)
    project.article("region-newer", "Region newer", "2024-01-09", ["Fay"],
                    regions=["Europe"], body=OTHER_WORDS)
    project.article("region-older", "Region older", "2024-01-06", ["Gus"],
                    regions=["Europe"], body=OTHER_WORDS)
    project.article("stranger", "Stranger", "2024-01-08", ["Hal"], body=SHARED_WORDS)


def test_related_articles_are_the_five_nearest(project: SiteProject) -> None:
    _related_project(project)
    result = project.build()
    assert not result.report.failed, result.report.lines()
    graph = result.graph
    assert graph is not None
    slugs = [e.article.slug for e in graph.entries]
    base = slugs.index("base")
    assert [slugs[j] for j in graph.related[base]] == [
        "report-mate", "tag-mate", "author-mate", "theme-mate", "region-similar"]
    newer = slugs.index("region-older")
    # region-older shares the region with base, region-similar and region-newer: weights
    # tie, text decides (region-newer has the same words), then recency.
    assert [slugs[j] for j in graph.related[newer]] == ["region-newer", "base",
                                                          "region-similar"]
    html = project.page("/articles/base/")
    related = html.split('id="related-heading"')[1]
    assert related.index("Report mate") < related.index("Region similar")
    assert "Stranger" not in related


def test_related_is_deterministic(project: SiteProject) -> None:
    _related_project(project)
    first = project.build(cache=False).graph
    second = project.build(cache=False).graph
    assert first is not None and second is not None
    assert first.related == second.related


def test_similarity() -> None:
    assert similarity(frozenset("ab"), frozenset("bc")) == 1 / 3
    assert similarity(frozenset(), frozenset()) == 0.0


def test_more_by_this_author_lists_newest_others(project: SiteProject) -> None:
    for n in range(1, 6):
        project.article(f"a{n}", f"A{n}", f"2024-01-0{n}", ["Ann"])
    project.article("b", "Other", "2024-01-09", ["Bo"])
    assert not project.build().report.failed
    html = project.page("/articles/a3/")
    more = html.split('class="end-section more-by"')[1].split("</section>")[0]
    assert '>More by <a href="../../authors/ann/">Ann</a>' in more
    assert [t for t in (">A5<", ">A4<", ">A2<", ">A1<", ">A3<") if t in more] \
        == [">A5<", ">A4<", ">A2<"]
    assert more.index(">A5<") < more.index(">A4<")


def test_cited_by_is_shown_on_the_cited_article(built_archive: SiteProject) -> None:
    html = built_archive.page("/articles/commentary-number-1-on-economy/")
    cited = html.split('id="cited-heading"')[1].split("</section>")[0]
    assert 'href="../commentary-number-5-on-economy/"' in cited


def test_md_link_points_at_the_target_page(project: SiteProject) -> None:
    project.article("first", "First", "2024-01-01", ["Ann"])
    project.article("second", "Second", "2024-01-02", ["Ann"],
                    body="See [the first](first.md#part).")
    assert not project.build().report.failed
    assert '<a href="../first/#part">the first</a>' in project.page("/articles/second/")
    assert "Second" in project.page("/articles/first/").split('id="cited-heading"')[1]


def test_broken_md_link_fails_the_build_with_file_and_line(project: SiteProject) -> None:
    project.article("first", "First", "2024-01-01", ["Ann"],
                    body="Intro.\n\nSecond paragraph with [a gap](missing.md).")
    result = project.build()
    assert result.report.failed
    # front matter: 5 lines (---, 3 keys, ---), a blank line, then the body
    assert result.report.lines() == [
        "content/articles/first.md:9: link to missing.md finds no article or page"]
    assert not project.site.exists()


@pytest.mark.parametrize(("limit", "depth"), [(100, 20), (3, 2), (1, 1)])
def test_related_after_an_edit_agrees_with_working_out_every_list(
    archive: SiteProject, monkeypatch: pytest.MonkeyPatch, limit: int, depth: int
) -> None:
    """A patch build works out only the related lists an edit can move: with the edited
    articles' keyword signatures changed at random, those lists and all the others are what
    working out every list from nothing gives. Low limits make most terms broad, so that
    lists are filled from their newest members."""
    monkeypatch.setattr(graph_module, "SPECIFIC_TERM_LIMIT", limit)
    monkeypatch.setattr(graph_module, "FILL_DEPTH", depth)
    _related_project(archive)  # more articles, sharing terms with the archive's
    result = archive.build(cache=False)
    assert result.graph is not None and not result.report.failed, result.report.lines()
    graph = result.graph
    vocabulary = (SHARED_WORDS + " " + OTHER_WORDS).lower().replace(".", "").split()
    rng = random.Random(limit)
    for _ in range(12):
        edited = rng.sample(range(len(graph.entries)), k=rng.randint(1, 3))
        entries = list(graph.entries)
        for i in edited:
            signature = tuple(sorted(set(rng.sample(vocabulary, 5))))
            entries[i] = replace(entries[i], rendered=replace(entries[i].rendered,
                                                              signature=signature))
        patched = replace(graph, entries=tuple(entries))
        expected = graph_module.related_lists(patched.entries)
        assert {**graph.related, **related_after(patched, edited)} == expected, edited
