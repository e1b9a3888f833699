"""The files published beside the pages: feeds (the site's, each term's and each series',
in Atom and JSON Feed), sitemap, robots.txt, citation records (BibTeX, RIS, CSL-JSON) of
each article and each term, and the catalogue as data (`/data/articles.json`, `.csv`).

Each comes as a `FileSpec`: its output path, a plain value holding all the file is made of
(`view`) and the function that makes the bytes from that value and the body store. Like a
page's context, the view is what the speed layer compares with the last build: there is no
second list of a file's inputs.

The sitemap lists every HTML page but 404.html, drafts' pages and the redirects of old URLs
(`aliases`), with `lastmod` from the article's updated or date, and for a listing the newest
date among the articles it shows: its view holds, for each page, the article that dates it.
Drafts (built with --drafts) are in no feed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from folio.config import SiteConfig
from folio.content.load import Bodies
from folio.graph.model import Entry, SiteGraph
from folio.outputs import bibliography, catalogue, cite
from folio.outputs.feeds import Feed, atom_feed, feed_of, json_feed, robots, sitemap, term_feed_url
from folio.urls import output_path


class FileSpec(NamedTuple):
    relative: str  # the output path: feed.xml, articles/x/cite.bib
    view: Any  # all the file is made of
    produce: Callable[[Any, Bodies], bytes]  # view, bodies → the file's bytes


SitemapLine = tuple[str, Entry | None]  # a page's URL, and the article that dates it


@dataclass(frozen=True)
class Sitemap:
    config: SiteConfig
    lines: tuple[SitemapLine, ...]


@dataclass(frozen=True)
class Records:
    """Articles as citable records: one article's (`…/cite.bib`) or a term's."""

    config: SiteConfig
    entries: tuple[Entry, ...]
    series: tuple[tuple[str, int] | None, ...]  # each entry's series and number in it


def records(graph: SiteGraph, indices: Sequence[int]) -> Records:
    return Records(graph.config, tuple(graph.entries[i] for i in indices),
                   tuple(_place(graph, i) for i in indices))


def _place(graph: SiteGraph, i: int) -> tuple[str, int] | None:
    series = graph.series_at(i)
    if series is None:
        return None
    return series.name, series.numbers[series.entries.index(i)]


def extra_files(graph: SiteGraph, lines: Sequence[SitemapLine]) -> Iterator[FileSpec]:
    """Every file but the pages, in a fixed order; `lines` are the sitemap's."""
    config = graph.config
    published = [i for i, entry in enumerate(graph.entries) if not entry.article.draft]
    full = config.feed_content == "full"
    yield FileSpec("feed.xml", feed_of(graph, published, config.title, "/", "/feed.xml",
                                       full), _atom)
    yield FileSpec("feed.json", feed_of(graph, published, config.title, "/", "/feed.json",
                                        full), _json)
    term_full = config.term_feed_content == "full"
    for taxonomy in config.taxonomies:
        for term in graph.terms[taxonomy.key]:
            title = f"{term.name} · {config.title}"
            entries = [i for i in term.entries if not graph.entries[i].article.draft]
            for kind, make in (("xml", _atom), ("json", _json)):
                url = term_feed_url(term, kind)
                yield FileSpec(url.lstrip("/"), feed_of(graph, entries, title, term.url,
                                                        url, term_full), make)
            yield from _bibliography(term.url, records(graph, entries))
    for series in graph.series:
        title = f"{series.name} · {config.title}"
        entries = [i for i in series.entries if not graph.entries[i].article.draft]
        for kind, make in (("xml", _atom), ("json", _json)):
            url = series.feed_url(kind)
            yield FileSpec(url.lstrip("/"), feed_of(graph, entries, title, series.url,
                                                    url, term_full), make)
    old = {alias.url for alias in graph.aliases}  # redirects: listed nowhere
    yield FileSpec("sitemap.xml", Sitemap(config, tuple(line for line in lines
                                                      if line[0] not in old)), _sitemap)
    yield FileSpec("robots.txt", config, _robots)
    for entry in graph.entries:
        yield from _bibliography(entry.url, records(graph, (entry.index,)))
    rows = catalogue.rows_of(graph)
    for path, page in catalogue.json_pages(graph, rows):
        yield FileSpec(path, page, _catalogue_json)
    yield FileSpec("data/articles.csv", catalogue.Catalogue(config, rows, total=len(rows)),
                   _catalogue_csv)


def _bibliography(url: str, view: Records) -> Iterator[FileSpec]:
    """A page's citation files: `cite.bib`, `cite.ris` and `cite.json` beside it."""
    for kind, make in (("bib", _bibtex), ("ris", _ris), ("json", _csl)):
        yield FileSpec(output_path(f"{url}cite.{kind}"), view, make)


def _atom(feed: Feed, bodies: Bodies) -> bytes:
    return atom_feed(feed, bodies)


def _json(feed: Feed, bodies: Bodies) -> bytes:
    return json_feed(feed, bodies)


def _sitemap(view: Sitemap, bodies: Bodies) -> bytes:
    return sitemap([(url, entry.updated if entry else None) for url, entry in view.lines],
                   view.config)


def _robots(config: SiteConfig, bodies: Bodies) -> bytes:
    return robots(config)


_last: list[tuple[Records, list[cite.Work]]] = []  # the three records of a view share it


def _works(view: Records) -> list[cite.Work]:
    if _last and _last[0][0] is view:
        return _last[0][1]
    works = [cite.work_of(view.config, None, entry, series)
             for entry, series in zip(view.entries, view.series, strict=True)]
    _last[:] = [(view, works)]
    return works


def _bibtex(view: Records, bodies: Bodies) -> bytes:
    return bibliography.bibtex_file(_works(view)).encode("utf-8")


def _ris(view: Records, bodies: Bodies) -> bytes:
    return bibliography.ris(_works(view)).encode("utf-8")


def _csl(view: Records, bodies: Bodies) -> bytes:
    return bibliography.csl_json(_works(view)).encode("utf-8")


def _catalogue_json(view: catalogue.Catalogue, bodies: Bodies) -> bytes:
    return catalogue.json_page(view)


def _catalogue_csv(view: catalogue.Catalogue, bodies: Bodies) -> bytes:
    return catalogue.csv_file(view)


def sitemap_line(url: str, shown: Iterable[Entry]) -> SitemapLine | None:
    """The sitemap line of a page: None for pages the sitemap leaves out. A page is as new
    as the newest article it shows (an article page shows itself)."""
    if url == "/404.html" or any(e.url == url and e.article.draft for e in shown):
        return None
    return url, max(shown, key=lambda entry: (entry.updated, -entry.index), default=None)
