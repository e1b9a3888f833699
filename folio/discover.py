"""The files published beside the pages: feeds, sitemap, robots.txt and BibTeX records.

Each comes as (output path, fingerprint, producer) so that, like a page, a file whose
inputs did not change is neither built nor written again; the fingerprint is a function,
called only when needed (a patch build asks only for those of the files an edit touches).
The sitemap lists every HTML page but 404.html, with `lastmod` from the article's updated
or date, and for a listing the newest date among the articles it shows (collected while
the pages were rendered).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from functools import partial

from folio import cite
from folio.feeds import feed_files, sitemap, updated
from folio.fingerprint import fingerprint
from folio.graph import Entry, SiteGraph
from folio.urls import output_path

Producer = Callable[[], bytes]


def extra_files(graph: SiteGraph, lastmods: Sequence[tuple[str, datetime | None]]
                ) -> Iterator[tuple[str, Callable[[], str], Producer]]:
    yield from feed_files(graph)
    yield ("sitemap.xml", partial(fingerprint, repr(graph.config), "sitemap", lastmods),
           partial(sitemap, lastmods, graph.config))
    common = fingerprint(repr(graph.config), "bibtex-1")
    for entry in graph.entries:
        yield (output_path(cite.bib_url(entry)), partial(fingerprint, common, entry),
               partial(_bibtex, graph, entry))


def _bibtex(graph: SiteGraph, entry: Entry) -> bytes:
    return cite.bibtex(cite.work_of(graph, entry)).encode("utf-8")


def lastmod(url: str, shown: Iterable[Entry]) -> tuple[str, datetime | None] | None:
    """The sitemap line of a page: None for pages the sitemap leaves out. A page is as new
    as the newest article it shows (an article page shows itself)."""
    if url == "/404.html":
        return None
    return url, max(map(updated, shown), default=None)
