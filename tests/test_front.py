"""folio/pages/front.py: what the front page shows besides the newest articles: a section
per featured taxonomy with each term's newest pieces, the most active authors, the years;
all as plain values and entries, so the page's digest sees every choice it makes."""

from __future__ import annotations

import pytest
from conftest import SiteProject
from linked import Linked, link

from folio.graph.model import Term
from folio.incremental.digest import Digester
from folio.pages import front
from folio.pages.front import front_context, year_span


@pytest.fixture
def site(project: SiteProject) -> Linked:
    project.write("site.toml", 'title = "T"\n[taxonomies.authors]\n[taxonomies.themes]\n'
                  '[taxonomies.tags]\n')
    plan = [("Ann", "Energy"), ("Ben", "Law"), ("Ann", "Energy"), ("Cy", "Law"),
            ("Ann", "Media"), ("Ben", "Energy")]
    for n, (author, theme) in enumerate(plan):
        project.article(f"p{n}", f"P{n}", f"{2019 + n}-03-01", [author], themes=[theme],
                        tags=[f"t{n}"])
    found = link(project.root)
    assert not found.report.failed, found.report.lines()
    return found


def test_a_section_per_featured_taxonomy_the_site_has(site: Linked) -> None:
    context = front_context(site.graph)
    (themes,) = context["sections"]  # no reports in this site; tags are not featured
    assert (themes["key"], themes["title"], themes["url"], themes["total"]) == (
        "themes", "Themes", "/themes/", 3)
    # terms most recently written in first, each with its newest pieces
    assert [t["name"] for t in themes["terms"]] == ["Energy", "Media", "Law"]
    energy = themes["terms"][0]
    assert [e.title for e in energy["entries"]] == ["P5", "P2", "P0"]
    assert (energy["count"], energy["span"], energy["url"]) == (3, "2019–2024", "/themes/energy/")


def test_limits(site: Linked, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(front, "TERMS_SHOWN", 1)
    monkeypatch.setattr(front, "ENTRIES_SHOWN", 2)
    monkeypatch.setattr(front, "AUTHORS_SHOWN", 2)
    context = front_context(site.graph)
    assert [len(t["entries"]) for t in context["sections"][0]["terms"]] == [2]
    assert [a["name"] for a in context["authors"]] == ["Ann", "Ben"]
    assert context["authors_total"] == 3


def test_the_most_active_authors_then_the_most_recent(site: Linked) -> None:
    authors = front_context(site.graph)["authors"]
    assert [(a["name"], a["count"]) for a in authors] == [("Ann", 3), ("Ben", 2), ("Cy", 1)]
    assert all(a["entries"] == [] for a in authors)


def test_the_years_newest_first(site: Linked) -> None:
    years = front_context(site.graph)["years"]
    assert [(y["year"], y["count"], y["url"]) for y in years][:2] == [
        (2024, 1, "/archive/2024/"), (2023, 1, "/archive/2023/")]
    assert len(years) == 6


def test_the_context_holds_no_term_and_is_digestible(site: Linked) -> None:
    context = front_context(site.graph)

    def walk(value: object) -> None:
        assert not isinstance(value, Term)  # a Term's digest leaves out its members
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(context)
    Digester(["m"] * len(site.graph.entries)).of(context)


@pytest.mark.parametrize(("years", "span"), [
    ([], ""), ([2024], "2024"), ({2009: 1, 2024: 3}, "2009–2024"), ([2020, 2011, 2015],
                                                                       "2011–2020")])
def test_year_span(years: list[int] | dict[int, int], span: str) -> None:
    assert year_span(years) == span
