"""Every page of the site, one function per page kind: what it is (URL, template, title)
and its template context, made only when asked for.

The context is all a page is made from besides the layouts and the site settings: the
speed layer compares a page with its last build by the context alone (entries standing for
their files, a body or a chart for the inputs it is drawn from), so there is no second list
of a page's inputs to keep in step with it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from functools import partial
from typing import Any, NamedTuple

from markupsafe import Markup

from folio.config import Taxonomy
from folio.content.load import Bodies
from folio.graph.build import author_terms, local_date, more_by_authors
from folio.graph.model import Alias, Entry, Series, SiteGraph, StaticPage, Term
from folio.outputs import cite
from folio.pages import charts
from folio.pages.anchors import Anchored
from folio.pages.body import body
from folio.pages.deferred import Deferred
from folio.pages.listing import pages_of
from folio.search.records import shard_count, shard_folders
from folio.urls import absolute_url

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


class PageSpec(NamedTuple):
    """A page to publish; its context is made only when asked for. (A named tuple: a site
    has one per page, and a tuple is the quickest to make.)"""

    url: str
    template: str
    title: str
    context: Callable[[], dict[str, Any]]
    shown: Callable[[], Iterable[Entry]] = tuple  # the entries that date it in the sitemap
    source: str = ""  # the content file that asks for it ("": the archive's own page)


def site_context(graph: SiteGraph) -> dict[str, Any]:
    """What every page knows of the site."""
    config = graph.config
    return {
        "title": config.title,
        "description": config.description,
        "base_url": config.base_url,
        "search": config.search,
        "language": config.language,
        "extra": config.extra_dict,
        "taxonomies": [
            {"key": t.key, "title": t.title, "singular": t.singular, "url": f"/{t.key}/"}
            for t in config.taxonomies
        ],
        "pages": [{"title": p.page.title, "url": p.url} for p in graph.pages if p.page.menu],
    }


def page_specs(graph: SiteGraph, bodies: Bodies) -> Iterator[PageSpec]:
    """Every page of the site, in a fixed order."""
    config = graph.config
    for listing in pages_of(graph, "/", config.title, range(len(graph.entries)),
                            config.per_page, front=True):
        yield PageSpec(listing.url, "home.html", listing.title, listing.context, listing.shown)
    for entry in graph.entries:
        yield PageSpec(entry.url, "article.html", entry.title,
                       partial(article_context, graph, bodies, entry.index),
                       partial(tuple, (entry,)), entry.path)
    for page in graph.pages:
        yield PageSpec(page.url, "page.html", page.page.title,
                       partial(static_context, graph, bodies, page), source=page.page.path)
    for taxonomy in config.taxonomies:
        terms = graph.terms[taxonomy.key]
        yield PageSpec(f"/{taxonomy.key}/", "taxonomy.html", taxonomy.title,
                       partial(taxonomy_context, taxonomy, terms),
                       partial(_newest_of_each, graph, terms))
        for term in terms:
            for listing in pages_of(graph, term.url, term.name, term.entries,
                                    config.term_per_page, term):
                yield PageSpec(listing.url, "term.html", listing.title, listing.context,
                               listing.shown, term.profile.path if term.profile else "")
    yield from archive_specs(graph)
    yield from series_specs(graph)
    if config.search:
        yield PageSpec("/search/", "search.html", "Search", partial(search_context, graph))
    yield PageSpec("/404.html", "404.html", "Page not found", partial(dict, anywhere=True))
    for alias in graph.aliases:
        yield PageSpec(alias.url, "alias.html", alias.title, partial(alias_context, graph, alias))


def article_context(graph: SiteGraph, bodies: Bodies, i: int) -> dict[str, Any]:
    entries = graph.entries
    entry = entries[i]
    article = entry.article
    local = local_date(graph, entry)
    return {
        "article": entry,
        "body_html": Anchored(body(bodies, article.path, entry.url, entry.rendered.links,
                                   graph.link_targets, graph.config.trust_html)),
        "authors": [{"name": link.name, "url": link.url,
                     "bio_html": Markup(term.profile_html if term else "")}
                    for link, term in author_terms(graph, entry)],
        "month_url": f"/archive/{local.year:04d}/{local.month:02d}/",
        "local_date": local,
        "updated_date": article.updated.astimezone(graph.config.zone)
        if article.updated else None,
        "newer": entries[i - 1] if i > 0 else None,
        "older": entries[i + 1] if i + 1 < len(entries) else None,
        "related": [entries[j] for j in graph.related.get(i, ())],
        "cited_by": [entries[j] for j in graph.cited_by.get(i, ())],
        "more_by": [{"name": link.name, "url": link.url, "entries": [entries[j] for j in js]}
                    for link, js in more_by_authors(graph, i)],
        "citations": Deferred(partial(_citations, graph, bodies, entry), "citations", entry),
        "bib_url": cite.bib_url(entry),
        "records": [{"kind": kind, "label": label, "type": mime, "url": cite.bib_url(entry, kind)}
                    for kind, label, mime in RECORDS],
        "paragraph_citation": Deferred(partial(_paragraph_citation, graph, entry),
                                       "paragraph-citation", entry),
        "responds_to": [entries[j] for j in graph.responds_to.get(i, ())],
        "responses": [entries[j] for j in graph.responses.get(i, ())],
        "series": series_nav(graph, i),
    }


RECORDS = (("bib", "BibTeX", "application/x-bibtex"),
           ("ris", "RIS", "application/x-research-info-systems"),
           ("json", "CSL-JSON", "application/vnd.citationstyles.csl+json"))


def alias_context(graph: SiteGraph, alias: Alias) -> dict[str, Any]:
    """An old URL of an article: a page that sends readers on to it, listed nowhere."""
    return {"alias": {"title": alias.title, "url": alias.target,
                      "canonical": absolute_url(graph.config.base_url, alias.target)}}


def _citations(graph: SiteGraph, bodies: Bodies, entry: Entry) -> tuple[cite.Citation, ...]:
    return cite.citations(cite.work_of(graph.config, bodies, entry))


def _paragraph_citation(graph: SiteGraph, entry: Entry) -> Markup:
    """Chicago's note for one paragraph, with `{para}` and `{url}` for the script to fill."""
    work = cite.work_of(graph.config, None, entry)
    return cite.chicago_note(replace(work, url="{url}"), "para. {para}").html


def series_nav(graph: SiteGraph, i: int) -> dict[str, Any] | None:
    """"Part 2 of 5" of the series entry `i` is in: its place, the parts before and after,
    and every part."""
    series = graph.series_at(i)
    if series is None:
        return None
    at = series.entries.index(i)
    entries = graph.entries
    return {
        "name": series.name, "url": series.url, "number": series.numbers[at],
        "total": series.total,
        "previous": entries[series.entries[at - 1]] if at > 0 else None,
        "next": entries[series.entries[at + 1]] if at + 1 < len(series.entries) else None,
        "parts": [{"number": n, "entry": entries[j], "current": j == i}
                  for n, j in zip(series.numbers, series.entries, strict=True)],
    }


def static_context(graph: SiteGraph, bodies: Bodies, page: StaticPage) -> dict[str, Any]:
    return {"static": {"title": page.page.title,
                       "body_html": body(bodies, page.page.path, page.url, page.rendered.links,
                                         graph.link_targets, graph.config.trust_html,
                                         page.rendered.html)}}


def taxonomy_context(taxonomy: Taxonomy, terms: Sequence[Term]) -> dict[str, Any]:
    return {"taxonomy": taxonomy, "terms": terms, "letters": _letters(terms)}


def _newest_of_each(graph: SiteGraph, terms: Sequence[Term]) -> list[Entry]:
    return [graph.entries[t.entries[0]] for t in terms if t.entries]


def _letters(terms: Sequence[Term]) -> list[tuple[str, list[Term]]]:
    groups: dict[str, list[Term]] = {}
    for term in terms:
        first = term.slug[:1].upper()
        groups.setdefault(first if first.isalpha() else "#", []).append(term)
    return sorted(groups.items(), key=lambda kv: (kv[0] == "#", kv[0]))


def search_context(graph: SiteGraph) -> dict[str, Any]:
    """The search page: the index's shards to merge, and a filter per taxonomy."""
    return {"shards": list(shard_folders(shard_count(len(graph.entries)))),
            "filters": [{"key": t.key, "title": t.title} for t in graph.config.taxonomies]}


def archive_specs(graph: SiteGraph) -> Iterator[PageSpec]:
    per_year = {y: sum(map(len, ms.values())) for y, ms in graph.archive.items()}
    newest_year = next(iter(graph.archive), None)  # newest year first
    yield PageSpec("/archive/", "archive.html", "Archive",
                   partial(_archive_context, graph, per_year),
                   partial(_year_entries, graph, newest_year))
    for year, months in graph.archive.items():
        yield PageSpec(f"/archive/{year:04d}/", "archive_year.html", str(year),
                       partial(_year_context, graph, year, months),
                       partial(_year_entries, graph, year))
        for month, indices in months.items():
            shown = [graph.entries[i] for i in indices]
            yield PageSpec(f"/archive/{year:04d}/{month:02d}/", "archive_month.html",
                           f"{MONTHS[month - 1]} {year}",
                           partial(dict, year=year, month=month,
                                   year_url=f"/archive/{year:04d}/", entries=shown),
                           partial(tuple, shown))


def _archive_context(graph: SiteGraph, per_year: dict[int, int]) -> dict[str, Any]:
    years = [{"year": y, "url": f"/archive/{y:04d}/", "count": n} for y, n in per_year.items()]
    bars = charts.years_span(per_year)
    chart = charts.bar_chart(bars, title="Articles per year", chart_id="chart-years",
                             links=[f"{label}/" if count else None for label, count in bars])
    return {"years": years, "chart": chart, "total": len(graph.entries)}


def _year_context(graph: SiteGraph, year: int, months: Mapping[int, tuple[int, ...]]
                  ) -> dict[str, Any]:
    """A year: its months, newest first, each with the titles published in it."""
    month_list = [{"month": m, "url": f"/archive/{year:04d}/{m:02d}/", "count": len(ix),
                   "entries": [graph.entries[i] for i in ix]} for m, ix in months.items()]
    chart = charts.bar_chart(charts.months_of({m: len(ix) for m, ix in months.items()}),
                             title=f"Articles per month in {year}", chart_id="chart-months",
                             links=[f"{m:02d}/" if m in months else None
                                    for m in range(1, 13)])
    return {"year": year, "months": month_list, "chart": chart,
            "total": sum(map(len, months.values()))}


def _year_entries(graph: SiteGraph, year: int | None) -> list[Entry]:
    months = graph.archive.get(year, {}) if year is not None else {}
    return [graph.entries[i] for ix in months.values() for i in ix]


def url_collisions(specs: Sequence[PageSpec]) -> list[tuple[str, list[PageSpec]]]:
    """Every URL more than one page claims, with the pages that claim it."""
    claims: dict[str, list[PageSpec]] = {}
    for spec in specs:
        claims.setdefault(spec.url, []).append(spec)
    return [(url, found) for url, found in claims.items() if len(found) > 1]


def claimant(spec: PageSpec) -> str:
    """Who asks for a page, as a message names them."""
    if spec.source:
        return spec.source
    kinds = {"home.html": "the home page", "taxonomy.html": f"the list {spec.title!r}",
             "term.html": f"the page of {spec.title!r}", "search.html": "the search page",
             "404.html": "the page for missing addresses"}
    return kinds.get(spec.template, "the date archive" if spec.template.startswith("archive")
                     else f"the archive's own page {spec.url}")


def series_specs(graph: SiteGraph) -> Iterator[PageSpec]:
    """The series index (when there are series) and a page per series."""
    if not graph.series:
        return
    yield PageSpec("/series/", "series_index.html", "Series",
                   partial(series_index_context, graph),
                   partial(_series_entries, graph, range(len(graph.series))))
    for n, series in enumerate(graph.series):
        yield PageSpec(series.url, "series.html", series.name,
                       partial(series_context, graph, series),
                       partial(_series_entries, graph, (n,)))


def series_index_context(graph: SiteGraph) -> dict[str, Any]:
    return {"series_list": [_series_value(graph, series) for series in graph.series]}


def series_context(graph: SiteGraph, series: Series) -> dict[str, Any]:
    return {"series_page": _series_value(graph, series)}


def _series_value(graph: SiteGraph, series: Series) -> dict[str, Any]:
    return {"name": series.name, "url": series.url, "total": series.total,
            "feeds": {"atom": series.feed_url("xml"), "json": series.feed_url("json")},
            "parts": [{"number": n, "entry": graph.entries[j]}
                      for n, j in zip(series.numbers, series.entries, strict=True)]}


def _series_entries(graph: SiteGraph, which: Iterable[int]) -> list[Entry]:
    return [graph.entries[j] for n in which for j in graph.series[n].entries]
