"""folio/graph/model.py: entries, terms and the site graph as plain values; term keys,
permalinks and the order of articles."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta, timezone

import pytest

from folio.config import DEFAULT_TAXONOMIES, SiteConfig
from folio.content.model import Article
from folio.graph.model import Entry, SiteGraph, Term, TermLink, permalink, sort_key, term_key
from folio.markup import Rendered

AUTHORS, TAGS = DEFAULT_TAXONOMIES[0], DEFAULT_TAXONOMIES[4]


def article(slug: str = "a-title", title: str = "A Title",
            date: datetime = datetime(2024, 3, 5, 23, 30, tzinfo=UTC),
            updated: datetime | None = None) -> Article:
    return Article(f"content/articles/{slug}.md", slug, title, date, ("Jane",),
                   (("authors", ("Jane",)),), "", 5, updated=updated)


def entry(words: int = 460, updated: datetime | None = None) -> Entry:
    rendered = Rendered("", "", "", (), (), words)
    links = ((AUTHORS, (TermLink("Jane", "/authors/jane/"),)),
             (TAGS, (TermLink("NATO", "/tags/nato/"), TermLink("EU", "/tags/eu/"))))
    return Entry(article(updated=updated), rendered, "/articles/a-title/", "Sum.", links, 0)


def test_an_entry_shows_its_article() -> None:
    e = entry()
    assert (e.title, e.path) == ("A Title", "content/articles/a-title.md")
    assert e.links("tags") == (TermLink("NATO", "/tags/nato/"), TermLink("EU", "/tags/eu/"))
    assert e.links("regions") == ()


@pytest.mark.parametrize(("words", "minutes"), [(0, 1), (100, 1), (460, 2), (2300, 10)])
def test_reading_minutes(words: int, minutes: int) -> None:
    assert entry(words).reading_minutes == minutes


def test_updated_is_the_update_else_the_date() -> None:
    assert entry().updated == datetime(2024, 3, 5, 23, 30, tzinfo=UTC)
    later = datetime(2024, 4, 1, tzinfo=UTC)
    assert entry(updated=later).updated == later


def test_a_graph_finds_the_term_a_link_names() -> None:
    term = Term(TAGS, "NATO", "nato", "/tags/nato/", (0,))
    graph = SiteGraph(SiteConfig(), (entry(),), {"tags": (term,)}, (), {}, {}, {}, {},
                      {"/tags/nato/": term})
    assert graph.term(TermLink("Nato", "/tags/nato/")) is term
    assert graph.term(TermLink("EU", "/tags/eu/")) is None


@pytest.mark.parametrize(("one", "other"), [
    ("NATO", "nato"), ("Grand  Strategy", "grand strategy"), (" EU ", "eu"),
    ("Straße", "STRASSE"),
])
def test_spellings_that_are_one_term(one: str, other: str) -> None:
    assert term_key(one) == term_key(other)


def test_spellings_that_are_two_terms() -> None:
    assert term_key("C") != term_key("C++")
    assert term_key("Grand-Strategy") != term_key("Grand Strategy")


def test_permalinks_fill_their_fields() -> None:
    a = article(date=datetime(2024, 3, 5, 1, 0, tzinfo=timezone(timedelta(hours=2))))
    assert permalink(SiteConfig(), a) == "/articles/a-title/"
    config = SiteConfig(permalink="/{year}/{month}/{day}/{slug}/")
    assert permalink(config, a) == "/2024/03/05/a-title/"  # the date as written, not UTC
    old = article(date=datetime(812, 1, 2, tzinfo=UTC))
    assert permalink(config, old) == "/0812/01/02/a-title/"


def test_newest_first_then_by_title_then_by_slug() -> None:
    noon = datetime(2024, 1, 1, 12, tzinfo=UTC)
    articles = [article("b", "beta", noon), article("old", "Old", noon - timedelta(days=1)),
                article("a2", "Alpha", noon), article("a1", "alpha", noon),
                article("new", "New", noon + timedelta(seconds=1)),
                article("z", "Zone", datetime(2024, 1, 1, 13, tzinfo=timezone(timedelta(
                    hours=2))))]  # 11:00 UTC: an hour before noon
    assert [a.slug for a in sorted(articles, key=sort_key)] == [
        "new", "a1", "a2", "b", "z", "old"]


def test_graph_values_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry().url = "/x/"  # type: ignore[misc]
