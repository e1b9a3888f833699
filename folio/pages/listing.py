"""Paginated lists of articles: the home page and each term's pages.

A list's page is made on demand: its paginator holds the entries it shows, and a term's
page also what every page of the term shows about it (its profile and counts, and its
timeline, drawn only when a page is rendered). The home page's first page is the front
page (`folio.pages.front`): its paginator, and the sections below it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from markupsafe import Markup

from folio.graph.build import years_of
from folio.graph.model import Entry, SiteGraph, Term
from folio.pages import charts
from folio.pages.deferred import Deferred
from folio.pages.front import front_context, year_span

TIMELINE_YEARS = 5  # a term's timeline shows at least this many years, up to its latest
PAGER_NEIGHBOURS = 2  # page numbers shown on each side of the current one


@dataclass(frozen=True)
class Paginator:
    items: Sequence[Entry]
    number: int
    count: int
    base_url: str  # the first page's URL
    total: int

    def url(self, number: int) -> str:
        return page_url(self.base_url, number)

    @property
    def previous_url(self) -> str | None:
        return self.url(self.number - 1) if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.url(self.number + 1) if self.number < self.count else None

    def numbers(self, neighbours: int = PAGER_NEIGHBOURS) -> list[int | None]:
        """The page numbers a pager shows: the first, the last, the current one and its
        neighbours; None where numbers are left out (`1 … 4 5 6 7 8 … 31`)."""
        shown = sorted({1, self.count, *range(max(1, self.number - neighbours),
                                              min(self.count, self.number + neighbours) + 1)})
        result: list[int | None] = []
        for number in shown:
            if result and number - (result[-1] or 0) == 2:
                result.append(number - 1)  # a gap of one page: show it rather than "…"
            elif result and number - (result[-1] or 0) > 2:
                result.append(None)
            result.append(number)
        return result


def page_url(base_url: str, number: int) -> str:
    """The URL of page `number` of a list whose first page is at `base_url`."""
    return base_url if number == 1 else f"{base_url}page/{number}/"


@dataclass(frozen=True)
class ListPage:
    """Page `number` of `count` of the list `indices`, whose first page is at `base_url`."""

    url: str
    title: str
    context: Callable[[], dict[str, Any]]
    shown: Callable[[], Sequence[Entry]]


def pages_of(graph: SiteGraph, base_url: str, title: str, indices: Sequence[int],
             per_page: int, term: Term | None = None, front: bool = False
             ) -> Iterator[ListPage]:
    """The pages of a list; with `front`, the first is the site's front page."""
    count = max(1, -(-len(indices) // per_page))
    about = _TermInfo(graph, term) if term is not None else None
    for number in range(1, count + 1):
        paginator = partial(_paginator, graph, indices, per_page, number, count, base_url)
        if about:
            context = partial(_term_context, paginator, about)
        elif front and number == 1:
            context = partial(_front_context, graph, paginator)
        else:
            context = partial(_list_context, paginator)
        yield ListPage(page_url(base_url, number),
                       title if number == 1 else f"{title} (page {number})",
                       context, partial(_shown, paginator))


def _paginator(graph: SiteGraph, indices: Sequence[int], per_page: int, number: int,
               count: int, base_url: str) -> Paginator:
    start = (number - 1) * per_page
    entries = graph.entries
    return Paginator([entries[i] for i in indices[start:start + per_page]], number, count,
                     base_url, len(indices))


def _list_context(paginator: Callable[[], Paginator]) -> dict[str, Any]:
    return {"paginator": paginator()}


def _front_context(graph: SiteGraph, paginator: Callable[[], Paginator]) -> dict[str, Any]:
    return {"paginator": paginator(), "front": front_context(graph)}


def _term_context(paginator: Callable[[], Paginator], about: _TermInfo) -> dict[str, Any]:
    return {"paginator": paginator(), "term": about.value()}


def _shown(paginator: Callable[[], Paginator]) -> Sequence[Entry]:
    return paginator().items


class _TermInfo:
    """What every page of one term shows about it, made once for all of them."""

    def __init__(self, graph: SiteGraph, term: Term) -> None:
        self.graph, self.term = graph, term
        self._value: dict[str, Any] | None = None

    def value(self) -> dict[str, Any]:
        if self._value is None:
            term = self.term
            per_year = years_of(self.graph, term.entries)
            self._value = {
                "name": term.name, "url": term.url, "taxonomy": term.taxonomy,
                "count": len(term.entries), "profile_html": Markup(term.profile_html),
                "timeline": Deferred(partial(_timeline, term.name, per_year),
                                     "timeline", term.name, sorted(per_year.items())),
                "first_year": min(per_year, default=""),
                "last_year": max(per_year, default=""),
                "span": year_span(per_year),
            }
        return self._value


def _timeline(name: str, per_year: dict[int, int]) -> Markup:
    bars = charts.years_span(per_year, at_least=TIMELINE_YEARS)
    if not bars:
        return Markup("")
    return charts.bar_chart(bars, title=f"{name}: articles per year", chart_id="timeline",
                            compact=True)
