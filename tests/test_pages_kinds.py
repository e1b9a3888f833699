"""folio/pages/kinds.py: every page of the site, one PageSpec each in a fixed order; each
kind's context made only when asked for, and made of what the digester can stand for."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest
from conftest import SiteProject
from linked import Linked, link

from folio.graph.model import Entry, Term
from folio.incremental.digest import Digester
from folio.pages.anchors import SCHEME, Anchored
from folio.pages.body import Body
from folio.pages.deferred import Deferred
from folio.pages.kinds import (
    PageSpec,
    _letters,
    article_context,
    claimant,
    page_specs,
    site_context,
    url_collisions,
)


class NoBodies:
    """A body store that must not be read while pages are listed or digested."""

    def __getitem__(self, path: str) -> str:
        raise AssertionError(f"read the body of {path}")


@pytest.fixture
def site(project: SiteProject) -> Linked:
    project.write("site.toml", 'title = "T"\nper_page = 2\nterm_per_page = 2\n')
    project.article("a", "A", "2023-05-01", ["Jane Doe"], tags=["NATO"])
    project.article("b", "B", "2024-01-02", ["Jane Doe"], tags=["NATO", "EU"],
                    body="See [a](a.md).")
    project.article("c", "C", "2024-02-03", ["John Roe"], tags=["NATO"])
    project.write("content/pages/about.md", "---\ntitle: About\n---\nAbout.\n")
    project.write("content/pages/hidden.md", "---\ntitle: Hidden\nmenu: false\n---\nX.\n")
    project.write("content/authors/jane-doe.md", "---\nname: Jane Doe\n---\nBio.\n")
    found = link(project.root)
    assert not found.report.failed, found.report.lines()
    return found


def specs(site: Linked) -> list[PageSpec]:
    return list(page_specs(site.graph, NoBodies()))


def test_one_spec_per_page_in_a_fixed_order(site: Linked) -> None:
    urls = [spec.url for spec in specs(site)]
    assert urls == [
        "/", "/page/2/",
        "/articles/c/", "/articles/b/", "/articles/a/",
        "/about/", "/hidden/",
        "/authors/", "/authors/jane-doe/", "/authors/john-roe/",
        "/themes/", "/regions/", "/reports/",
        "/tags/", "/tags/eu/", "/tags/nato/", "/tags/nato/page/2/",
        "/archive/", "/archive/2024/", "/archive/2024/02/", "/archive/2024/01/",
        "/archive/2023/", "/archive/2023/05/",
        "/search/", "/404.html"]
    assert url_collisions(specs(site)) == []
    assert urls == [spec.url for spec in specs(site)]  # the same order every time


def test_templates_titles_and_sources(site: Linked) -> None:
    by_url = {spec.url: spec for spec in specs(site)}
    assert Counter(spec.template for spec in by_url.values()) == Counter({
        "home.html": 2, "article.html": 3, "page.html": 2, "taxonomy.html": 5, "term.html": 5,
        "archive.html": 1, "archive_year.html": 2, "archive_month.html": 3, "search.html": 1,
        "404.html": 1})
    assert (by_url["/tags/nato/page/2/"].title, by_url["/archive/2024/02/"].title) == (
        "NATO (page 2)", "February 2024")
    assert by_url["/articles/b/"].source == "content/articles/b.md"
    assert by_url["/authors/jane-doe/"].source == "content/authors/jane-doe.md"
    assert by_url["/authors/john-roe/"].source == "" and by_url["/"].source == ""


def test_what_each_page_shows_dates_it(site: Linked) -> None:
    by_url = {spec.url: spec for spec in specs(site)}
    assert [e.article.slug for e in by_url["/articles/b/"].shown()] == ["b"]
    assert [e.article.slug for e in by_url["/page/2/"].shown()] == ["a"]
    assert [e.article.slug for e in by_url["/tags/"].shown()] == ["b", "c"]  # newest of each
    assert [e.article.slug for e in by_url["/archive/"].shown()] == ["c", "b"]
    assert list(by_url["/404.html"].shown()) == []


def test_no_search_page_without_search(site: Linked) -> None:
    graph = replace(site.graph, config=replace(site.graph.config, search=False))
    assert "/search/" not in [spec.url for spec in page_specs(graph, NoBodies())]


def test_every_context_is_made_of_what_the_digester_stands_for(site: Linked) -> None:
    digester = Digester(["m"] * len(site.graph.entries))
    for spec in specs(site):
        digest, _ = digester.of(spec.context())  # raises TypeError for anything else
        assert len(digest) == 32


def test_an_articles_context(site: Linked) -> None:
    graph = site.graph
    b = next(e for e in graph.entries if e.article.slug == "b")
    context = article_context(graph, NoBodies(), b.index)
    assert context["article"] is b
    assert [context["newer"].article.slug, context["older"].article.slug] == ["c", "a"]
    assert all(isinstance(e, Entry) for e in context["related"])
    assert [a["name"] for a in context["authors"]] == ["Jane Doe"]
    assert context["authors"][0]["bio_html"] == "<p>Bio.</p>"
    assert context["month_url"] == "/archive/2024/01/"
    assert [m["name"] for m in context["more_by"]] == ["Jane Doe"]
    assert [e.article.slug for e in context["more_by"][0]["entries"]] == ["a"]
    anchored = context["body_html"]
    assert isinstance(anchored, Anchored) and anchored.scheme == SCHEME
    assert isinstance(anchored.body, Body) and anchored.body.links == (("a.md", "/articles/a/"),)
    assert isinstance(context["citations"], Deferred)
    assert context["citations"].inputs == ("citations", b)
    assert context["bib_url"] == "/articles/b/cite.bib"
    a = next(e for e in graph.entries if e.article.slug == "a")
    cited = article_context(graph, NoBodies(), a.index)
    assert [e.article.slug for e in cited["cited_by"]] == ["b"]
    assert cited["older"] is None
    newest = article_context(graph, NoBodies(), 0)
    assert newest["newer"] is None and newest["older"].article.slug == "b"


def test_the_site_context(site: Linked) -> None:
    context = site_context(site.graph)
    assert context["title"] == "T" and context["search"] is True
    assert context["pages"] == [{"title": "About", "url": "/about/"}]  # not the hidden one
    assert context["taxonomies"][0] == {"key": "authors", "title": "Authors",
                                        "singular": "Author", "url": "/authors/"}


def test_terms_by_first_letter_digits_and_symbols_last(site: Linked) -> None:
    tag = site.graph.terms["tags"][0]
    terms = [replace(tag, slug=slug) for slug in ("zeta", "2024", "alpha", "apple", "_x")]
    assert [(letter, [t.slug for t in group]) for letter, group in _letters(terms)] == [
        ("A", ["alpha", "apple"]), ("Z", ["zeta"]), ("#", ["2024", "_x"])]


def spec(url: str, template: str, title: str = "", source: str = "") -> PageSpec:
    return PageSpec(url, template, title, dict, source=source)


def test_url_collisions_list_every_claim() -> None:
    one, two = spec("/x/", "page.html", source="content/pages/x.md"), spec("/x/", "term.html", "X")
    other = spec("/y/", "home.html")
    assert url_collisions([one, other, two]) == [("/x/", [one, two])]


@pytest.mark.parametrize(("page", "name"), [
    (spec("/a/", "article.html", source="content/articles/a.md"), "content/articles/a.md"),
    (spec("/", "home.html"), "the home page"),
    (spec("/tags/", "taxonomy.html", "Tags"), "the list 'Tags'"),
    (spec("/tags/x/", "term.html", "X"), "the page of 'X'"),
    (spec("/search/", "search.html"), "the search page"),
    (spec("/404.html", "404.html"), "the page for missing addresses"),
    (spec("/archive/2024/", "archive_year.html"), "the date archive"),
    (spec("/odd/", "odd.html"), "the archive's own page /odd/"),
])
def test_claimant_names_who_asks_for_a_page(page: PageSpec, name: str) -> None:
    assert claimant(page) == name


def test_terms_in_a_context_are_terms(site: Linked) -> None:
    tags = next(s for s in specs(site) if s.url == "/tags/").context()
    assert all(isinstance(t, Term) for t in tags["terms"])


@pytest.fixture
def research(project: SiteProject) -> Linked:
    project.write("site.toml", 'title = "T"\n')
    project.article("one", "One", "2024-01-01", ["Jane Doe"], series="Trips", part=1,
                    aliases=["/old/one/", "/one.html"])
    project.article("two", "Two", "2024-01-02", ["Jane Doe"], series="Trips", part=2,
                    responds_to=["one.md"])
    project.article("three", "Three", "2024-01-03", ["Jane Doe"], series="Trips", part=3)
    found = link(project.root)
    assert not found.report.failed, found.report.lines()
    return found


def test_series_and_old_urls_have_pages_of_their_own(research: Linked) -> None:
    found = list(page_specs(research.graph, NoBodies()))
    urls = [spec.url for spec in found]
    assert urls[urls.index("/archive/2024/01/") + 1:] == [
        "/series/", "/series/trips/", "/search/", "/404.html", "/old/one/", "/one.html"]
    by_url = {spec.url: spec for spec in found}
    assert by_url["/old/one/"].template == "alias.html"
    assert by_url["/old/one/"].context() == {"alias": {
        "title": "One", "url": "/articles/one/", "canonical": "/articles/one/"}}
    assert [e.title for e in by_url["/series/"].shown()] == ["One", "Two", "Three"]
    parts = by_url["/series/trips/"].context()["series_page"]["parts"]
    assert [(p["number"], p["entry"].title) for p in parts] == [(1, "One"), (2, "Two"),
                                                               (3, "Three")]
    digester = Digester(["m"] * len(research.graph.entries))
    for spec in found:
        digester.of(spec.context())  # every new kind is made of what the digester knows


def test_an_articles_place_in_its_series_and_its_answers(research: Linked) -> None:
    graph = research.graph
    two = next(e for e in graph.entries if e.title == "Two")
    context = article_context(graph, NoBodies(), two.index)
    nav = context["series"]
    assert (nav["name"], nav["number"], nav["total"]) == ("Trips", 2, 3)
    assert (nav["previous"].title, nav["next"].title) == ("One", "Three")
    assert [p["current"] for p in nav["parts"]] == [False, True, False]
    assert [e.title for e in context["responds_to"]] == ["One"]
    one = next(e for e in graph.entries if e.title == "One")
    answered = article_context(graph, NoBodies(), one.index)
    assert [e.title for e in answered["responses"]] == ["Two"]
    assert answered["series"]["previous"] is None
    assert context["paragraph_citation"].inputs == ("paragraph-citation", two)
    assert [r["url"] for r in context["records"]] == [
        "/articles/two/cite.bib", "/articles/two/cite.ris", "/articles/two/cite.json"]
