"""The files published beside the pages: feeds, sitemap, robots.txt and BibTeX records.

The sitemap lists every HTML page but 404.html, with `lastmod` from the article's updated
or date, and for a listing the newest date among the articles it shows.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from folio import cite
from folio.feeds import feed_files, updated
from folio.graph import Entry, SiteGraph
from folio.render import page_specs
from folio.urls import output_path


def extra_files(graph: SiteGraph) -> Iterator[tuple[str, bytes]]:
    yield from feed_files(graph, sitemap_pages(graph))
    for entry in graph.entries:
        yield output_path(cite.bib_url(entry)), cite.bibtex(
            cite.work_of(graph, entry)).encode("utf-8")


def sitemap_pages(graph: SiteGraph) -> list[tuple[str, datetime | None]]:
    by_url = {e.url: e for e in graph.entries}
    pages: list[tuple[str, datetime | None]] = []
    for spec in page_specs(graph):
        if spec.url == "/404.html":
            continue
        if spec.template == "article.html":
            pages.append((spec.url, updated(by_url[spec.url])))
        elif spec.template in ("page.html", "search.html"):
            pages.append((spec.url, None))
        else:
            pages.append((spec.url, _newest(graph, spec.context())))
    return pages


def _newest(graph: SiteGraph, context: dict[str, object]) -> datetime | None:
    """The newest date among the articles a listing page shows."""
    shown: list[Entry] = []
    paginator = context.get("paginator")
    if paginator is not None:
        shown = list(getattr(paginator, "items", ()))
    elif "entries" in context:
        shown = list(context["entries"])  # type: ignore[call-overload]
    elif "terms" in context:
        shown = [graph.entries[t.entries[0]] for t in context["terms"]  # type: ignore[attr-defined]
                 if t.entries]
    elif "months" in context or "years" in context:
        year = context.get("year")
        indices = [i for y, months in graph.archive.items() if year in (None, y)
                   for ix in months.values() for i in ix]
        shown = [graph.entries[i] for i in indices]
    return max(map(updated, shown), default=None)
