"""The files published beside the pages: feeds (the site's, each term's and each series',
in Atom and JSON Feed), sitemap, robots.txt, citation records (BibTeX, RIS, CSL-JSON) of
each article and each term, and the catalogue as data (`/data/articles.json`, `.csv`).

Each comes as a `FileSpec`: its output path, a plain value holding all the file is made of
(`view`, made on first use: a build that patches a few files makes only theirs) and the
function that makes the bytes from that value and the body store. Like a page's context, the
view is what the speed layer compares with the last build: there is no second list of a
file's inputs.

The sitemap lists every HTML page but 404.html, drafts' pages and the redirects of old URLs
(`aliases`), with `lastmod` from the article's updated or date, and for a listing the newest
date among the articles it shows: its view holds, for each page, the article that dates it.
Drafts (built with --drafts) are in no feed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from folio.config import SiteConfig
from folio.content.load import Bodies
from folio.graph.model import Entry, SiteGraph, Sources
from folio.outputs import bibliography, catalogue, cite
from folio.outputs.feeds import Feed, atom_feed, feed_of, json_feed, robots, sitemap, term_feed_url
from folio.urls import output_path


class FileSpec:
    """A file to publish: its output path (`relative`: feed.xml, articles/x/cite.bib), all
    it is made of (`view`) and how its bytes are made from that (`produce(view, bodies)`).
    `FileSpec.lazy` gives the function that makes the view instead, called each time the
    view is asked for (`make_view`): a build keeps no view longer than it needs it, and one
    that patches a few files makes only theirs."""

    __slots__ = ("_make", "_view", "produce", "relative")

    def __init__(self, relative: str, view: Any,
                 produce: Callable[[Any, Bodies], bytes]) -> None:
        self.relative, self._view, self.produce = relative, view, produce
        self._make: Callable[[], Any] | None = None

    @classmethod
    def lazy(cls, relative: str, make: Callable[[], Any],
             produce: Callable[[Any, Bodies], bytes]) -> FileSpec:
        spec = cls(relative, None, produce)
        spec._make = make
        return spec

    def make_view(self) -> Any:
        return self._make() if self._make is not None else self._view

    @property
    def view(self) -> Any:
        return self.make_view()


SitemapLine = tuple[str, Entry | None]  # a page's URL, and the article that dates it


@dataclass(frozen=True)
class Sitemap:
    config: SiteConfig
    lines: tuple[tuple[str, datetime | None], ...]  # each page's URL and last change
    sources: Sources  # the articles that date the pages


@dataclass(frozen=True)
class Records:
    """Articles as citable records: one article's (`…/cite.bib`) or a term's. It holds
    what the records show of each article (not its body: a corrected sentence changes no
    record), and which articles they come from."""

    works: tuple[cite.Work, ...]
    sources: Sources


def records(graph: SiteGraph, indices: Sequence[int]) -> Records:
    return Records(tuple(cite.work_of(graph.config, None, graph.entries[i], _place(graph, i))
                         for i in indices), Sources(tuple(indices)))


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
                yield FileSpec.lazy(url.lstrip("/"), partial(
                    feed_of, graph, entries, title, term.url, url, term_full), make)
            yield from _bibliography(term.url, _Once(partial(records, graph, entries), 3))
    for series in graph.series:
        title = f"{series.name} · {config.title}"
        entries = [i for i in series.entries if not graph.entries[i].article.draft]
        for kind, make in (("xml", _atom), ("json", _json)):
            url = series.feed_url(kind)
            yield FileSpec.lazy(url.lstrip("/"), partial(
                feed_of, graph, entries, title, series.url, url, term_full), make)
    old = {alias.url for alias in graph.aliases}  # redirects: listed nowhere
    yield FileSpec.lazy("sitemap.xml", partial(
        _sitemap_view, config, [line for line in lines if line[0] not in old]), _sitemap)
    yield FileSpec("robots.txt", config, _robots)
    for entry in graph.entries:
        yield from _bibliography(entry.url, _Once(partial(records, graph, (entry.index,)), 3))
    rows = catalogue.rows_of(graph)
    for path, page in catalogue.json_pages(graph, rows):
        yield FileSpec(path, page, _catalogue_json)
    yield FileSpec("data/articles.csv", catalogue.Catalogue(config, rows, total=len(rows)),
                   _catalogue_csv)


def _bibliography(url: str, view: Callable[[], Records]) -> Iterator[FileSpec]:
    """A page's citation files: `cite.bib`, `cite.ris` and `cite.json` beside it, one view
    made (when first asked for) for the three."""
    for kind, make in (("bib", _bibtex), ("ris", _ris), ("json", _csl)):
        yield FileSpec.lazy(output_path(f"{url}cite.{kind}"), view, make)


class _Once:
    """A view the files beside one page share (`cite.bib`, `.ris`, `.json`): made for the
    first of them and handed to the next ones, then forgotten, so a process making
    thousands of files never holds their views."""

    __slots__ = ("_left", "_make", "_sharers", "_value")

    def __init__(self, make: Callable[[], Any], sharers: int) -> None:
        self._make, self._value, self._left = make, None, 0
        self._sharers = sharers

    def __call__(self) -> Any:
        if self._left == 0:
            self._value, self._left = self._make(), self._sharers
        value = self._value
        self._left -= 1
        if self._left == 0:
            self._value = None
        return value


def _atom(feed: Feed, bodies: Bodies) -> bytes:
    return atom_feed(feed, bodies)


def _json(feed: Feed, bodies: Bodies) -> bytes:
    return json_feed(feed, bodies)


def _sitemap(view: Sitemap, bodies: Bodies) -> bytes:
    return sitemap(view.lines, view.config)


def _sitemap_view(config: SiteConfig, lines: Sequence[SitemapLine]) -> Sitemap:
    return Sitemap(config, tuple((url, entry.updated if entry else None) for url, entry in lines),
                   Sources(tuple(sorted({entry.index for _, entry in lines if entry}))))


def _robots(config: SiteConfig, bodies: Bodies) -> bytes:
    return robots(config)


def _bibtex(view: Records, bodies: Bodies) -> bytes:
    return bibliography.bibtex_file(view.works).encode("utf-8")


def _ris(view: Records, bodies: Bodies) -> bytes:
    return bibliography.ris(view.works).encode("utf-8")


def _csl(view: Records, bodies: Bodies) -> bytes:
    return bibliography.csl_json(view.works).encode("utf-8")


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
