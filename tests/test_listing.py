"""folio/pages/listing.py: paginated lists (the home page, each term's pages), made on
demand; a term's pages share what they show about the term."""

from __future__ import annotations

import pytest
from conftest import SiteProject
from linked import Linked, link

from folio.graph.model import SiteGraph
from folio.pages.deferred import Deferred
from folio.pages.listing import Paginator, page_url, pages_of


@pytest.fixture
def site(project: SiteProject) -> Linked:
    project.write("site.toml", 'title = "T"\n')
    for n in range(1, 8):
        project.article(f"a{n}", f"A{n}", f"20{18 + n % 3}-0{n}-01", ["Jane Doe"],
                        tags=["NATO"] if n % 2 else ["EU"])
    found = link(project.root)
    assert not found.report.failed
    return found


def test_page_url() -> None:
    assert page_url("/", 1) == "/"
    assert page_url("/", 2) == "/page/2/"
    assert page_url("/tags/nato/", 12) == "/tags/nato/page/12/"


@pytest.mark.parametrize(("count", "per_page", "pages"), [
    (0, 3, 1), (1, 3, 1), (3, 3, 1), (4, 3, 2), (7, 3, 3), (7, 1, 7), (7, 7, 1),
])
def test_pagination_counts(site: Linked, count: int, per_page: int, pages: int) -> None:
    listed = list(pages_of(site.graph, "/", "Home", range(count), per_page))
    assert len(listed) == pages
    assert [p.url for p in listed] == ["/"] + [f"/page/{n}/" for n in range(2, pages + 1)]
    assert [p.title for p in listed] == ["Home"] + [f"Home (page {n})"
                                                     for n in range(2, pages + 1)]
    shown = [e.index for p in listed for e in p.shown()]
    assert shown == list(range(count))  # each entry once, in order


def paginator(graph: SiteGraph, number: int, per_page: int = 3) -> Paginator:
    listed = list(pages_of(graph, "/tags/x/", "X", [6, 4, 2, 0, 1], per_page))
    value = listed[number - 1].context()["paginator"]
    assert isinstance(value, Paginator)
    return value


def test_a_paginator_links_its_neighbours(site: Linked) -> None:
    first, second = paginator(site.graph, 1), paginator(site.graph, 2)
    assert [e.index for e in first.items] == [6, 4, 2]
    assert [e.index for e in second.items] == [0, 1]
    assert (first.number, first.count, first.total) == (1, 2, 5)
    assert (first.previous_url, first.next_url) == (None, "/tags/x/page/2/")
    assert (second.previous_url, second.next_url) == ("/tags/x/", None)
    assert second.url(1) == "/tags/x/"


def test_nothing_is_worked_out_until_asked(site: Linked) -> None:
    empty = SiteGraph(site.graph.config, (), {}, (), {}, {}, {}, {}, {})
    listed = list(pages_of(empty, "/", "Home", range(1000), 10))  # indices the graph lacks
    assert len(listed) == 100
    with pytest.raises(IndexError):
        listed[0].context()


def test_a_terms_pages_show_what_they_share_about_it(site: Linked) -> None:
    graph = site.graph
    nato = graph.term_pages["/tags/nato/"]
    listed = list(pages_of(graph, nato.url, nato.name, nato.entries, 2, nato))
    assert len(listed) == 2
    first, second = listed[0].context(), listed[1].context()
    assert first["term"] is second["term"]  # made once for all the term's pages
    about = first["term"]
    years: dict[int, int] = {}
    for i in nato.entries:
        year = graph.entries[i].article.date.year
        years[year] = years.get(year, 0) + 1
    assert (about["name"], about["url"], about["count"]) == ("NATO", "/tags/nato/", 4)
    assert (about["first_year"], about["last_year"]) == (min(years), max(years))
    timeline = about["timeline"]
    assert isinstance(timeline, Deferred)
    assert timeline.inputs == ("timeline", "NATO", sorted(years.items()))
    assert "<svg" in str(timeline)
    assert [e.index for e in first["paginator"].items] == list(nato.entries[:2])
    assert "term" not in next(pages_of(graph, "/", "Home", [0], 2)).context()
