"""folio/graph/related.py: the nearest articles by weighted shared terms, candidates only
through specific terms, broad terms filling short lists; a memo that recomputes only what
an edit can change."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from folio.config import DEFAULT_TAXONOMIES
from folio.content.model import Article
from folio.graph import related
from folio.graph.model import Entry, TermLink
from folio.graph.related import (
    RELATED_COUNT,
    OnDemand,
    RelatedMemo,
    related_lists,
    run_here,
    similarity,
)
from folio.markup import Rendered

TAX = {t.key: t for t in DEFAULT_TAXONOMIES}
START = datetime(2024, 1, 1, tzinfo=UTC)


def entry(i: int, signature: tuple[str, ...] = (), **terms: tuple[str, ...]) -> Entry:
    """Entry i (newest first: i days before START) filed under `terms`."""
    article = Article(f"content/articles/a{i}.md", f"a{i}", f"A{i}", START - timedelta(days=i),
                      (), (), "", 5)
    links = tuple((TAX[key], tuple(TermLink(n, f"/{key}/{n}/") for n in names))
                  for key, names in terms.items())
    return Entry(article, Rendered("", "", "", (), (), 1, signature), f"/a{i}/", "", links, i)


def test_articles_sharing_a_specific_term_are_related_by_weight() -> None:
    entries = [entry(0, tags=("t",), regions=("r",)), entry(1, regions=("r",), tags=("t",)),
               entry(2, reports=("p",), tags=("t",)), entry(3, reports=("p",)),
               entry(4, themes=("x",))]
    lists = related_lists(entries)
    assert lists[0] == (1, 2)  # tag + region beats tag alone
    assert lists[2] == (3, 0, 1)  # a report weighs more than a tag; ties: newer first
    assert lists[4] == ()


def test_ties_go_to_the_more_similar_text_then_to_the_newer() -> None:
    entries = [entry(0, ("war", "peace"), tags=("t",)), entry(1, ("cake",), tags=("t",)),
               entry(2, ("war", "peace"), tags=("t",)), entry(3, ("war",), tags=("t",))]
    assert related_lists(entries)[0] == (2, 3, 1)


def test_at_most_related_count() -> None:
    entries = [entry(i, tags=("t",)) for i in range(RELATED_COUNT + 3)]
    lists = related_lists(entries)
    assert all(len(found) == RELATED_COUNT for found in lists.values())
    assert lists[0] == tuple(range(1, RELATED_COUNT + 1))


def test_a_broad_term_makes_no_neighbour_but_fills_a_short_list(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(related, "SPECIFIC_TERM_LIMIT", 3)
    broad = [entry(i, regions=("r",)) for i in range(1, 5)]  # 4 members: broad
    entries = [entry(0, regions=("r",), tags=("t",)), *broad, entry(5, tags=("t",))]
    entries = [replace(e, index=i) for i, e in enumerate(entries)]
    lists = related_lists(entries)
    # entry 0's candidate is 5 (a shared tag); the newest of the region fill the rest
    assert lists[0] == (5, 1, 2, 3, 4)
    assert lists[5] == (0,)  # 5 shares no broad term: nothing to fill with


class Counting:
    """Runs the tasks here, counting them."""

    def __init__(self) -> None:
        self.ran = 0

    def __call__(self, tasks: Sequence[Callable[[], tuple[int, ...]]]
                 ) -> Iterable[tuple[int, ...]]:
        self.ran += len(tasks)
        return run_here(tasks)


def test_the_memo_recomputes_only_the_lists_an_edit_can_change() -> None:
    entries = [entry(0, tags=("a",)), entry(1, tags=("a",)), entry(2, tags=("b",)),
               entry(3, tags=("b",)), entry(4, tags=("c",))]
    memo: RelatedMemo = {}
    run = Counting()
    first = related_lists(entries, memo, run)
    assert run.ran == 5 and set(memo) == {e.path for e in entries}
    run = Counting()
    assert related_lists(entries, memo, run) == first and run.ran == 0
    entries[2] = entry(2, ("new",), tags=("b",))  # a new signature: 2 and its neighbour 3
    run = Counting()
    again = related_lists(entries, memo, run)
    assert run.ran == 2 and again == related_lists(entries)


def test_the_memo_answers_by_path_when_the_order_changes() -> None:
    entries = [entry(0, tags=("a",)), entry(1, tags=("a",)), entry(2, tags=("a",))]
    memo: RelatedMemo = {}
    related_lists(entries, memo)
    newest = entry(9, tags=("z",))
    moved = [replace(newest, index=0), *(replace(e, index=i + 1)
                                        for i, e in enumerate(entries))]
    assert related_lists(moved, memo) == related_lists(moved) == {
        0: (), 1: (2, 3), 2: (1, 3), 3: (1, 2)}


def test_similarity() -> None:
    assert similarity(frozenset(), frozenset()) == 0.0
    assert similarity(frozenset({"a", "b"}), frozenset({"b", "c"})) == pytest.approx(1 / 3)
    assert similarity(frozenset({"a"}), frozenset({"a"})) == 1.0


def test_on_demand_works_each_value_out_once() -> None:
    made: list[int] = []

    def make(i: int) -> int:
        made.append(i)
        return i * i

    values = OnDemand(make)
    assert (values[3], values[3], values[2]) == (9, 9, 4)
    assert made == [3, 2]
