"""The front page of an archive (the home page's first page): the newest pieces, then a
section per featured taxonomy (in-depth reports, themes) with each term's newest few, the
most active authors and the archive by year.

Everything the page shows is in its context as plain values and entries (never a `Term`,
whose digest leaves out its members): when a section's choice of terms or articles
changes, the context changes with it, and the page is made again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from folio.graph.build import years_of
from folio.graph.model import SiteGraph, Term

FEATURED = ("reports", "themes")  # the taxonomies given a section, when the site has them
TERMS_SHOWN = 4  # terms in each section: the most recently written in
ENTRIES_SHOWN = 3  # newest articles under each term
AUTHORS_SHOWN = 8  # the most active authors
AUTHORS_KEY = "authors"


def front_context(graph: SiteGraph) -> dict[str, Any]:
    """What the front page shows besides its list of the newest articles."""
    config = graph.config
    sections = []
    for key in FEATURED:
        taxonomy = config.taxonomy(key)
        terms = graph.terms.get(key, ())
        if taxonomy is None or not terms:
            continue
        newest = sorted((t for t in terms if t.entries), key=lambda t: (t.entries[0], t.slug))
        sections.append({
            "key": key, "title": taxonomy.title, "url": f"/{key}/", "total": len(terms),
            "terms": [_term_summary(graph, term, ENTRIES_SHOWN)
                      for term in newest[:TERMS_SHOWN]],
        })
    authors = [t for t in graph.terms.get(AUTHORS_KEY, ()) if t.entries]
    active = sorted(authors, key=lambda t: (-len(t.entries), t.entries[0], t.slug))
    per_year = {year: sum(map(len, months.values())) for year, months in graph.archive.items()}
    return {
        "sections": sections,
        "authors": [_term_summary(graph, term, 0) for term in active[:AUTHORS_SHOWN]],
        "authors_total": len(authors),
        "years": [{"year": y, "url": f"/archive/{y:04d}/", "count": n}
                  for y, n in per_year.items()],
    }


def _term_summary(graph: SiteGraph, term: Term, shown: int) -> dict[str, Any]:
    return {"name": term.name, "url": term.url, "count": len(term.entries),
            "span": year_span(years_of(graph, term.entries)),
            "entries": [graph.entries[i] for i in term.entries[:shown]]}


def year_span(per_year: dict[int, int] | Sequence[int]) -> str:
    """"2009–2024", or "2024" for a single year, or "" for none."""
    years = sorted(per_year)
    if not years:
        return ""
    return str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}"
