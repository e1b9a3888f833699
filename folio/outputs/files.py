"""The files published beside the pages: feeds, sitemap, robots.txt and BibTeX records.

Each comes as a `FileSpec`: its output path, a plain value holding all the file is made of
(`view`) and the function that makes the bytes from that value and the body store. Like a
page's context, the view is what the speed layer compares with the last build: there is no
second list of a file's inputs.

The sitemap lists every HTML page but 404.html and drafts' pages, with `lastmod` from the
article's updated or date, and for a listing the newest date among the articles it shows.
Drafts (built with --drafts) are in no feed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from folio.config import SiteConfig
from folio.content.load import Bodies
from folio.graph.model import Entry, SiteGraph
from folio.outputs import cite
from folio.outputs.feeds import Feed, atom_feed, feed_of, json_feed, robots, sitemap, term_feed_url
from folio.urls import output_path


class FileSpec(NamedTuple):
    relative: str  # the output path: feed.xml, articles/x/cite.bib
    view: Any  # all the file is made of
    produce: Callable[[Any, Bodies], bytes]  # view, bodies → the file's bytes


@dataclass(frozen=True)
class Sitemap:
    config: SiteConfig
    lines: tuple[tuple[str, datetime | None], ...]  # (site-rooted URL, last modified)


@dataclass(frozen=True)
class Record:
    """One article as a citable record."""

    config: SiteConfig
    entry: Entry


def extra_files(graph: SiteGraph, lines: Sequence[tuple[str, datetime | None]]
                ) -> Iterator[FileSpec]:
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
            url = term_feed_url(term)
            entries = [i for i in term.entries if not graph.entries[i].article.draft]
            yield FileSpec(url.lstrip("/"), feed_of(graph, entries,
                                                    f"{term.name} · {config.title}",
                                                    term.url, url, term_full), _atom)
    yield FileSpec("sitemap.xml", Sitemap(config, tuple(lines)), _sitemap)
    yield FileSpec("robots.txt", config, _robots)
    for entry in graph.entries:
        yield FileSpec(output_path(cite.bib_url(entry)), Record(config, entry), _bibtex)


def _atom(feed: Feed, bodies: Bodies) -> bytes:
    return atom_feed(feed, bodies)


def _json(feed: Feed, bodies: Bodies) -> bytes:
    return json_feed(feed, bodies)


def _sitemap(view: Sitemap, bodies: Bodies) -> bytes:
    return sitemap(view.lines, view.config)


def _robots(config: SiteConfig, bodies: Bodies) -> bytes:
    return robots(config)


def _bibtex(record: Record, bodies: Bodies) -> bytes:
    return cite.bibtex(cite.work_of(record.config, bodies, record.entry)).encode("utf-8")


def lastmod(url: str, shown: Iterable[Entry]) -> tuple[str, datetime | None] | None:
    """The sitemap line of a page: None for pages the sitemap leaves out. A page is as new
    as the newest article it shows (an article page shows itself)."""
    if url == "/404.html" or any(e.url == url and e.article.draft for e in shown):
        return None
    return url, max((entry.updated for entry in shown), default=None)
