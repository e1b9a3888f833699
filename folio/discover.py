"""The files published beside the pages: feeds, sitemap, robots.txt and BibTeX records.

Each comes as (output path, fingerprint, producer) so that, like a page, a file whose
inputs did not change is neither built nor written again. The sitemap lists every HTML
page but 404.html, with `lastmod` from the article's updated or date, and for a listing
the newest date among the articles it shows (collected while the pages were rendered).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from functools import partial
from typing import Any

from folio import cite
from folio.feeds import feed_files, sitemap, updated
from folio.fingerprint import fingerprint
from folio.graph import Entry, SiteGraph
from folio.urls import output_path

Producer = Callable[[], bytes]


def extra_files(graph: SiteGraph, lastmods: Sequence[tuple[str, datetime | None]]
                ) -> Iterator[tuple[str, str, Producer]]:
    yield from feed_files(graph)
    yield ("sitemap.xml", fingerprint(repr(graph.config), "sitemap", lastmods),
           partial(sitemap, lastmods, graph.config))
    common = fingerprint(repr(graph.config), "bibtex-1")
    for entry in graph.entries:
        yield (output_path(cite.bib_url(entry)), fingerprint(common, entry),
               partial(_bibtex, graph, entry))


def _bibtex(graph: SiteGraph, entry: Entry) -> bytes:
    return cite.bibtex(cite.work_of(graph, entry)).encode("utf-8")


def lastmod(graph: SiteGraph, url: str, template: str, context: dict[str, Any]
            ) -> tuple[str, datetime | None] | None:
    """The sitemap line of a page: None for pages the sitemap leaves out."""
    if url == "/404.html":
        return None
    if template == "article.html":
        return url, updated(context["article"])
    if template in ("page.html", "search.html"):
        return url, None
    return url, _newest(graph, context)


def _newest(graph: SiteGraph, context: dict[str, Any]) -> datetime | None:
    """The newest date among the articles a listing page shows."""
    shown: list[Entry] = []
    paginator = context.get("paginator")
    if paginator is not None:
        shown = list(getattr(paginator, "items", ()))
    elif "entries" in context:
        shown = list(context["entries"])
    elif "terms" in context:
        shown = [graph.entries[t.entries[0]] for t in context["terms"] if t.entries]
    elif "months" in context or "years" in context:
        year = context.get("year")
        for y, months in graph.archive.items():  # newest year first, newest month first
            if year in (None, y):
                shown = [graph.entries[i] for ix in months.values() for i in ix]
                break
    return max(map(updated, shown), default=None)
