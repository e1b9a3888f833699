"""Corpus → SiteGraph: URLs, merged terms, order, archives and the links between articles.

Everything a page shows about other pages is worked out here, once; templates only read it.
Linking reads of each article only its `Placement`: an edit that leaves the placement of
every article as it was (a corrected sentence, a new summary) leaves the graph's shape as
it was, and `with_edits` places the edited articles in it without linking again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from itertools import islice

from folio.config import SiteConfig
from folio.content.load import BundleFile, Corpus
from folio.content.model import Article
from folio.graph.claims import check_collisions, check_references, generated_urls, url_claims
from folio.graph.identity import check_unique
from folio.graph.links import citations
from folio.graph.model import (
    Alias,
    Entry,
    SiteGraph,
    StaticPage,
    Term,
    TermLink,
    TermLinks,
    permalink,
    sort_key,
)
from folio.graph.related import RelatedMemo, RunTasks, related_after, related_lists, run_here
from folio.graph.terms import merge_terms
from folio.graph.threads import group_series, responses
from folio.markup import Rendered, cut_summary
from folio.problems import Report
from folio.urls import output_path

MORE_BY_COUNT = 3  # newest other articles shown per author


@dataclass(frozen=True)
class Placement:
    """All that linking reads of an article: where it stands in the site (its URL and its
    place in time), what it is filed under, whether it is a draft, what it links to, and
    its identity, the articles it responds to and its place in a series."""

    path: str
    slug: str
    title: str
    date: tuple[datetime, str]  # the instant and how it was written: the zone shows
    updated: tuple[datetime, str] | None
    terms: tuple[tuple[str, tuple[str, ...]], ...]
    draft: bool
    links: tuple[str, ...]
    threads: tuple[str, tuple[str, ...], str, int | None]  # id, responds_to, series, part
    # Its own URL and old ones, and the files its relative links and images name (not
    # their lines: a patch build warns again, at the new lines, of those that name none).
    url: str = ""
    aliases: tuple[str, ...] = ()
    references: tuple[str, ...] = ()  # where they lead (their lines may move in a patch)


def placement(article: Article, rendered: Rendered) -> Placement:
    def moment(value: datetime | None) -> tuple[datetime, str] | None:
        return None if value is None else (value, value.isoformat())

    return Placement(article.path, article.slug, article.title, (article.date,
                     article.date.isoformat()), moment(article.updated), article.terms,
                     article.draft, rendered.links,
                     (article.id, article.responds_to, article.series, article.part),
                     article.url, article.aliases,
                     tuple(href for href, _ in article.references))


def make_entry(config: SiteConfig, article: Article, rendered: Rendered, terms: TermLinks,
               index: int) -> Entry:
    summary = article.summary or cut_summary(rendered.first_paragraph, config.summary_length)
    return Entry(article, rendered, permalink(config, article), summary, terms, index)


def build_graph(corpus: Corpus, config: SiteConfig, report: Report,
                related_memo: RelatedMemo | None = None,
                run: RunTasks[tuple[int, ...]] = run_here) -> SiteGraph:
    """Link the corpus. `related_memo` carries related lists from one build to the next;
    `run` runs the related-list tasks (in this process unless told otherwise)."""
    ordered = sorted(corpus.articles, key=lambda pair: sort_key(pair[0]))
    terms, links_of = merge_terms([article for article, _ in ordered], corpus.profiles,
                                  config, report)
    entries = tuple(make_entry(config, article, rendered, links_of[i], i)
                    for i, (article, rendered) in enumerate(ordered))
    pages = tuple(StaticPage(p, r, f"/{p.slug}/") for p, r in
                  sorted(corpus.pages, key=lambda pr: (pr[0].weight, pr[0].title, pr[0].slug)))
    series = group_series(entries, report)
    check_unique([entry.article for entry in entries], report)
    targets = {e.article.path: e.url for e in entries} | {p.page.path: p.url for p in pages}
    answers, answered = responses(entries, targets, report)
    archive: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    zone = config.zone
    for i, entry in enumerate(entries):
        local = entry.article.date.astimezone(zone)
        archive[local.year][local.month].append(i)
    months = {y: {m: tuple(ix) for m, ix in sorted(ms.items(), reverse=True)}
              for y, ms in sorted(archive.items(), reverse=True)}
    aliases = tuple(sorted((Alias(url, e.url, e.title, e.path) for e in entries
                            for url in e.article.aliases), key=lambda a: (a.url, a.path)))
    files = bundle_outputs(entries, corpus.bundles)
    claims = url_claims(entries, pages, aliases, files,
                        generated_urls(entries, terms, months, config, series))
    check_collisions(claims, report)
    unpublished = check_references(entries, claims, report)
    return SiteGraph(
        config=config,
        entries=entries,
        terms=terms,
        pages=pages,
        archive=months,
        related=related_lists(entries, related_memo, run),
        cited_by=citations(entries, pages, targets, report, corpus.unread),
        link_targets=targets,
        term_pages={term.url: term for group in terms.values() for term in group},
        responds_to=answers,
        responses=answered,
        series=series,
        series_of={i: n for n, one in enumerate(series) for i in one.entries},
        aliases=aliases,
        bundle_files=tuple((source, published) for _, source, published in files),
        unpublished=unpublished,
    )


def bundle_outputs(entries: Sequence[Entry], bundles: Sequence[BundleFile]
                   ) -> list[tuple[str, str, str]]:
    """Where each file of a page bundle is published: beside its article's page, in the
    folder of the article's URL. (the file's display path, its path below content/, its
    output path), for the articles in the site (a draft's files are left out with it)."""
    folders = {entry.path: output_path(entry.url).rsplit("/", 1)[0] for entry in entries}
    return [(f"{file.article.rsplit('/', 1)[0]}/{file.relative}", file.source,
             f"{folders[file.article]}/{file.relative}")
            for file in bundles if file.article in folders]


def with_edits(graph: SiteGraph, edits: Mapping[int, tuple[Article, Rendered]]
               ) -> tuple[SiteGraph, frozenset[int]]:
    """The graph with the articles at `edits` replaced by their new versions, which must
    have the placement of the old ones; and the entries whose related list changed (an edit
    may move keyword signatures, and with them the lists that can see the edited articles).
    """
    entries = list(graph.entries)
    moved = []
    for i, (article, rendered) in edits.items():
        old = entries[i]
        entries[i] = make_entry(graph.config, article, rendered, old.terms, i)
        if rendered.signature != old.rendered.signature:
            moved.append(i)
    edited = replace(graph, entries=tuple(entries))
    if not moved:
        return edited, frozenset()
    lists = related_after(edited, sorted(moved))
    relisted = frozenset(i for i, found in lists.items() if found != graph.related.get(i, ()))
    return replace(edited, related={**graph.related, **lists}), relisted


def more_by_authors(graph: SiteGraph, i: int, count: int = MORE_BY_COUNT
                    ) -> list[tuple[TermLink, tuple[int, ...]]]:
    """For each author of entry `i`: their newest other articles, at most `count`."""
    result = []
    for link in graph.entries[i].links("authors"):
        term = graph.term(link)
        others = tuple(islice((j for j in (term.entries if term else ()) if j != i), count))
        if others:
            result.append((link, others))
    return result


def author_terms(graph: SiteGraph, entry: Entry) -> list[tuple[TermLink, Term | None]]:
    """Each author of the entry with their term (None only for a broken graph)."""
    return [(link, graph.term(link)) for link in entry.links("authors")]


def local_date(graph: SiteGraph, entry: Entry) -> datetime:
    return entry.article.date.astimezone(graph.config.zone)


def years_of(graph: SiteGraph, indices: Sequence[int]) -> dict[int, int]:
    """How many of the entries at `indices` fall in each year, oldest year first."""
    zone = graph.config.zone
    counts: dict[int, int] = defaultdict(int)
    for i in indices:
        counts[graph.entries[i].article.date.astimezone(zone).year] += 1
    return dict(sorted(counts.items()))
