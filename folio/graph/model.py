"""The linked site, as plain frozen values: entries (articles placed in the site), terms,
static pages and the links between them. Templates read these; nothing here reads a file,
a cache or a clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from folio.config import SiteConfig, Taxonomy
from folio.content.model import Article, Page, TermProfile
from folio.graph.identity import identifier
from folio.markup import Rendered


@dataclass(frozen=True)
class TermLink:
    """A term as an article names it: its display name and its page."""

    name: str
    url: str


TermLinks = tuple[tuple[Taxonomy, tuple[TermLink, ...]], ...]  # in site.toml's order


@dataclass(frozen=True)
class Entry:
    """An article placed in the site."""

    article: Article
    rendered: Rendered
    url: str
    summary: str
    terms: TermLinks
    index: int  # its place in SiteGraph.entries, newest first

    @property
    def title(self) -> str:
        return self.article.title

    @property
    def path(self) -> str:
        """The article's content file: what the body store knows its body by."""
        return self.article.path

    def links(self, taxonomy: str) -> tuple[TermLink, ...]:
        return next((links for tax, links in self.terms if tax.key == taxonomy), ())

    @property
    def identifier(self) -> str:
        """Its stable identifier (`graph.identity`): feeds, JSON-LD and the data export."""
        return identifier(self.article)

    @property
    def reading_minutes(self) -> int:
        return max(1, round(self.rendered.word_count / 230))

    @property
    def updated(self) -> datetime:
        """When the article last changed: its `updated` date, else its date."""
        return self.article.updated or self.article.date


@dataclass(frozen=True)
class Sources:
    """The entries a value was worked out from, when the value holds what it took from
    them rather than the entries themselves (a citation record holds a title, authors and
    a date, not the article's body). It stands for nothing in the value's digest, but says
    which entries it read: a build that changes one of them works the value out again."""

    indices: tuple[int, ...]


@dataclass(frozen=True)
class Term:
    taxonomy: Taxonomy
    name: str
    slug: str
    url: str
    entries: tuple[int, ...]  # indices into SiteGraph.entries, newest first
    profile: TermProfile | None = None
    profile_html: str = ""


@dataclass(frozen=True)
class StaticPage:
    page: Page
    rendered: Rendered  # with its HTML: pages are few and small
    url: str


@dataclass(frozen=True)
class Alias:
    """An old URL of an article (`aliases:`): a page that sends readers to the article."""

    url: str  # the old URL, site-rooted: "/2019/05/old-title/" or "/old-title.html"
    target: str  # the article's URL
    title: str  # the article's title
    path: str  # the article's content file


@dataclass(frozen=True)
class SiteGraph:
    config: SiteConfig
    entries: tuple[Entry, ...]  # newest first
    terms: Mapping[str, tuple[Term, ...]]  # taxonomy key -> terms A-Z
    pages: tuple[StaticPage, ...]
    archive: Mapping[int, Mapping[int, tuple[int, ...]]]  # year -> month -> entry indices
    related: Mapping[int, tuple[int, ...]]
    cited_by: Mapping[int, tuple[int, ...]]
    link_targets: Mapping[str, str]  # content path -> URL
    term_pages: Mapping[str, Term]  # a term's URL -> the term
    responds_to: Mapping[int, tuple[int, ...]] = field(default_factory=dict)  # as written
    responses: Mapping[int, tuple[int, ...]] = field(default_factory=dict)  # oldest first
    series: tuple[Series, ...] = ()  # A-Z by slug
    series_of: Mapping[int, int] = field(default_factory=dict)  # entry -> its series

    def series_at(self, i: int) -> Series | None:
        """The series entry `i` is part of, if any."""
        found = self.series_of.get(i)
        return None if found is None else self.series[found]
    aliases: tuple[Alias, ...] = ()  # by URL
    # The files of page bundles: (path below content/, output path beside the article)
    bundle_files: tuple[tuple[str, str], ...] = ()
    # An article's relative links and images that name no file the site publishes
    unpublished: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def term(self, link: TermLink) -> Term | None:
        """The term an article's link names."""
        return self.term_pages.get(link.url)


@dataclass(frozen=True)
class Series:
    """The articles that name one series, in reading order (`graph.threads`)."""

    name: str
    slug: str
    url: str  # /series/<slug>/
    entries: tuple[int, ...]  # indices into SiteGraph.entries, in reading order
    numbers: tuple[int, ...]  # the number of each ("Part 2"), in the same order

    @property
    def total(self) -> int:
        """The M of "Part N of M": the parts there are, or the highest part number."""
        return max(len(self.entries), max(self.numbers, default=0))

    def feed_url(self, kind: str) -> str:
        """Its feed: kind "xml" (Atom) or "json" (JSON Feed)."""
        return f"{self.url}feed.{kind}"


@lru_cache(maxsize=1 << 16)  # the same few names, over and over: a tag per article
def term_key(name: str) -> str:
    """What makes two spellings one term: case and spacing do not count."""
    return " ".join(name.casefold().split())


def permalink(config: SiteConfig, article: Article) -> str:
    """The article's URL: its `url` when it has one, else the site's pattern."""
    if article.url:
        return article.url
    d = article.date
    return config.permalink.format(slug=article.slug, year=f"{d.year:04d}",
                                   month=f"{d.month:02d}", day=f"{d.day:02d}")


def sort_key(article: Article) -> tuple[float, str, str]:
    """Newest first; on the same moment, by title and then slug."""
    return (-article.date.timestamp(), article.title.casefold(), article.slug)
