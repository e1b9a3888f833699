"""folio/search/records.py: what search knows of each article (no byline in the text,
filters with stand-ins Pagefind can match), and the shards the index is cut into."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest
from conftest import SiteProject
from linked import Linked, link

from folio.config import SiteConfig
from folio.search import records as records_module
from folio.search.records import (
    MAX_SHARDS,
    SHARD_SIZE,
    bundle_folder,
    filter_value,
    index_language,
    record,
    records,
    shard_count,
    shard_folders,
    shard_of,
    shards,
)


@pytest.fixture
def site(project: SiteProject) -> Linked:
    project.write("site.toml", 'title = "T"\nlanguage = "pt-BR"\ntimezone = "Asia/Tokyo"\n')
    project.write("content/articles/a.md", """\
        ---
        title: Alpha
        subtitle: A deck
        date: 2024-01-02T08:00:00
        authors: [Jane Doe, John Roe]
        tags: ['The "Quoted" Tag', 'back\\slash']
        ---
        The body speaks of *sanctions*.
        """)
    project.article("b", "Beta", "2024-01-03", ["Jane Doe"], body="Other text.")
    project.article("c", "Draft", "2024-01-04", ["Jane Doe"], draft=True)
    found = link(project.root, drafts=True)
    assert not found.report.failed, found.report.lines()
    return found


def test_a_record_holds_the_text_but_no_byline(site: Linked) -> None:
    alpha = next(e for e in site.graph.entries if e.title == "Alpha")
    found = record(alpha, site.bodies[alpha.path], "pt")
    assert found.url == "/articles/alpha/" and found.language == "pt"
    assert found.content == "Alpha\nA deck\nThe body speaks of sanctions."
    assert "Jane" not in found.content and "Roe" not in found.content
    assert found.meta == {"title": "Alpha", "date": "2024-01-02",
                          "authors": "Jane Doe, John Roe", "subtitle": "A deck"}
    assert found.sort == {"date": "2024-01-01T23:00:00Z"}  # Tokyo 08:00 is 23:00 UTC before


def test_filters_are_every_taxonomy_with_stand_ins_for_quotes_and_backslashes(
        site: Linked) -> None:
    alpha = next(e for e in site.graph.entries if e.title == "Alpha")
    filters = record(alpha, site.bodies[alpha.path], "pt").filters
    assert filters == {"authors": ["Jane Doe", "John Roe"],
                       "tags": ["The \uff02Quoted\uff02 Tag", "back\uff3cslash"]}
    beta = next(e for e in site.graph.entries if e.title == "Beta")
    plain = record(beta, site.bodies[beta.path], "pt")
    assert plain.filters == {"authors": ["Jane Doe"]}  # no empty filters
    assert "subtitle" not in plain.meta


def test_filter_value() -> None:
    assert filter_value('a "b" \\c') == "a \uff02b\uff02 \uff3cc"
    assert filter_value("plain – name") == "plain – name"


@pytest.mark.parametrize(("language", "code"), [("pt-BR", "pt"), ("EN", "en"), ("", "en"),
                                                ("fr", "fr"), ("zh-Hant-TW", "zh")])
def test_index_language(language: str, code: str) -> None:
    assert index_language(SiteConfig(language=language)) == code


@pytest.mark.parametrize(("articles", "count"), [
    (0, 1), (1, 1), (2 * SHARD_SIZE, 1), (2 * SHARD_SIZE + 1, 2), (4 * SHARD_SIZE, 2),
    (4 * SHARD_SIZE + 1, 4), (40 * SHARD_SIZE, 32), (10**7, MAX_SHARDS)])
def test_shard_count_grows_in_powers_of_two(articles: int, count: int) -> None:
    assert shard_count(articles) == count


def test_an_articles_shard_depends_on_its_path_alone() -> None:
    paths = [f"content/articles/a{n}.md" for n in range(2000)]
    for count in (1, 2, 8):
        assert all(0 <= shard_of(p, count) < count for p in paths)
        assert [shard_of(p, count) for p in paths] == [shard_of(p, count) for p in paths]
    spread = Counter(shard_of(p, 8) for p in paths)
    assert len(spread) == 8 and min(spread.values()) > 150  # near even
    assert shard_of("content/articles/a1.md", 1) == 0


def test_shards_hold_every_entry_once_by_path(site: Linked,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    (one,) = shards(site.graph)
    assert (one.number, one.count, one.language) == (0, 1, "pt")
    assert one.taxonomies == tuple((t.key, t.title) for t in site.graph.config.taxonomies)
    assert [e.title for e in one.entries] == ["Alpha", "Beta"]  # by path, not by date
    assert "Draft" in [e.title for e in site.graph.entries]  # built with --drafts ...
    # ... but never searchable
    monkeypatch.setattr(records_module, "SHARD_SIZE", 0)  # as many shards as they come
    many = list(shards(site.graph))
    assert [s.number for s in many] == list(range(MAX_SHARDS))
    assert sorted(e.path for s in many for e in s.entries) == sorted(
        e.path for e in site.graph.entries if not e.article.draft)
    for s in many:
        assert all(shard_of(e.path, MAX_SHARDS) == s.number for e in s.entries)


def test_records_of_a_shard_in_its_order(site: Linked) -> None:
    (one,) = shards(site.graph)
    assert [r.meta["title"] for r in records(one, site.bodies)] == ["Alpha", "Beta"]
    empty = replace(one, entries=())
    assert list(records(empty, {})) == []


def test_bundle_folders() -> None:
    assert bundle_folder(0) == "pagefind/"
    assert bundle_folder(3) == "pagefind/shard-3/"
    assert shard_folders(3) == ["pagefind/", "pagefind/shard-1/", "pagefind/shard-2/"]
