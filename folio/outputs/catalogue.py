"""The catalogue as data: every article's metadata as JSON (`/data/articles.json`) and as
CSV (`/data/articles.csv`), documented with its schema in docs/data.md.

Articles come oldest first (by date, then title), so that a new article adds a row at the
end and the rows before it keep their places. The JSON is one document while the site has
at most `PAGE_SIZE` articles; beyond that `articles.json` holds the first page and names the
next (`articles-2.json`, …), each page linking to the one before and after. Everything is
deterministic: no build time, keys in a fixed order.

CSV: UTF-8 without a byte-order mark, RFC 4180 (CRLF line ends, quotes where needed), one
row per article, lists joined with "; ". A text cell that a spreadsheet would run as a
formula (one starting with =, +, -, @, a tab or a carriage return) starts with an
apostrophe; the JSON keeps every value as it is.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from folio.config import SiteConfig
from folio.graph.claims import CATALOGUE_PAGE
from folio.graph.model import Entry, SiteGraph
from folio.urls import absolute_url

PAGE_SIZE = CATALOGUE_PAGE  # articles per JSON page (the graph reserves their URLs)
VERSION = 1  # of the record format below; a change that drops or renames a field bumps it
FIXED = ("id", "url", "title", "subtitle", "authors", "date", "updated", "publication",
         "source_name", "source_url", "source_note")
LAST = ("series", "part", "responds_to", "language", "word_count", "summary")


@dataclass(frozen=True)
class Row:
    """One article as the catalogue shows it, with what it shows of other articles."""

    entry: Entry
    responds_to: tuple[str, ...]  # the identifiers of the articles it responds to
    series: tuple[str, str, int] | None  # (name, site-rooted URL, its number in it)


@dataclass(frozen=True)
class Catalogue:
    """All one catalogue file is made of: a page of rows (or all of them, for the CSV)."""

    config: SiteConfig
    rows: tuple[Row, ...]
    number: int = 1  # the JSON page
    count: int = 1  # JSON pages in all
    total: int = 0  # articles in all


def rows_of(graph: SiteGraph) -> tuple[Row, ...]:
    rows = []
    for entry in reversed(graph.entries):
        series = graph.series_at(entry.index)
        place = None
        if series is not None:
            number = series.numbers[series.entries.index(entry.index)]
            place = (series.name, series.url, number)
        rows.append(Row(entry, tuple(graph.entries[j].identifier
                                     for j in graph.responds_to.get(entry.index, ())),
                        place))
    return tuple(rows)


def json_pages(graph: SiteGraph, rows: Sequence[Row]) -> list[tuple[str, Catalogue]]:
    """The JSON files, (output path, view) each."""
    count = max(1, -(-len(rows) // PAGE_SIZE))
    return [(page_path(n), Catalogue(graph.config, tuple(rows[(n - 1) * PAGE_SIZE:
                                                               n * PAGE_SIZE]),
                                     n, count, len(rows)))
            for n in range(1, count + 1)]


def page_path(number: int) -> str:
    return "data/articles.json" if number == 1 else f"data/articles-{number}.json"


def _moment(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="seconds")


def record(config: SiteConfig, row: Row) -> dict[str, Any]:
    """One article's record (docs/data.md)."""
    entry = row.entry
    article = entry.article
    source = article.source
    data: dict[str, Any] = {
        "id": entry.identifier,
        "url": absolute_url(config.base_url, entry.url),
        "title": article.title,
        "subtitle": article.subtitle,
        "authors": [link.name for link in entry.links("authors")],
        "date": _moment(article.date),
        "updated": _moment(article.updated),
        "publication": article.publication,
        "source": None if source is None else
        {"name": source.name, "url": source.url, "note": source.note},
        "terms": {tax.key: [link.name for link in links] for tax, links in entry.terms
                  if tax.key != "authors"},
        "series": None if row.series is None else
        {"name": row.series[0], "url": absolute_url(config.base_url, row.series[1]),
         "part": row.series[2]},
        "responds_to": list(row.responds_to),
        "language": article.lang or config.language,
        "word_count": entry.rendered.word_count,
        "summary": entry.summary,
    }
    return data


def json_page(view: Catalogue) -> bytes:
    config = view.config
    document: dict[str, Any] = {"version": VERSION, "title": config.title,
                                "home_page_url": absolute_url(config.base_url, "/"),
                                "total": view.total, "page": view.number,
                                "pages": view.count}
    if view.number > 1:
        document["previous_url"] = absolute_url(config.base_url,
                                                "/" + page_path(view.number - 1))
    if view.number < view.count:
        document["next_url"] = absolute_url(config.base_url, "/" + page_path(view.number + 1))
    # One record per line: an edit changes one line, and Python's fast JSON encoder (which
    # indenting turns off) writes each.
    head = json.dumps(document, ensure_ascii=False, indent=1)[:-2]
    records = ",\n".join(json.dumps(record(config, row), ensure_ascii=False)
                          for row in view.rows)
    return f'{head},\n "articles": [\n{records}\n ]\n}}\n'.encode()


def columns(config: SiteConfig) -> list[str]:
    """The CSV header: fixed columns, one per taxonomy but authors, then the rest."""
    taken = set(FIXED) | set(LAST)
    taxonomies = [t.key if t.key not in taken else f"terms_{t.key}"
                  for t in config.taxonomies if t.key != "authors"]
    return [*FIXED, *taxonomies, *LAST]


def csv_file(view: Catalogue) -> bytes:
    config = view.config
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    header = columns(config)
    writer.writerow(header)
    keys = [t.key for t in config.taxonomies if t.key != "authors"]
    for row in view.rows:
        data = record(config, row)
        source = data["source"] or {}
        series = data["series"] or {}
        cells: list[object] = [
            data["id"], data["url"], data["title"], data["subtitle"],
            "; ".join(data["authors"]), data["date"], data["updated"] or "",
            data["publication"], source.get("name", ""), source.get("url", ""),
            source.get("note", ""),
            *("; ".join(data["terms"].get(key, [])) for key in keys),
            series.get("name", ""), series.get("part", ""), "; ".join(data["responds_to"]),
            data["language"], data["word_count"], data["summary"],
        ]
        writer.writerow([_inert(cell) for cell in cells])
    return out.getvalue().encode("utf-8")


def _inert(cell: object) -> object:
    """A text cell a spreadsheet cannot run as a formula."""
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + cell
    return cell
