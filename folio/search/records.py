"""What search knows of each article, made from Folio's own data (not by parsing pages):
its text, its title, date, byline and every taxonomy as filters.

The archive is indexed in shards, so that an edit re-indexes one shard and not the whole
archive: an article's shard is fixed by a hash of its content path (it never moves when
other articles come and go), and the number of shards grows with the archive in powers of
two. The search page merges the shards in the browser.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC

from folio.config import SiteConfig
from folio.content.load import Bodies
from folio.graph.model import Entry, SiteGraph
from folio.markup import html_to_text
from folio.search.pagefind import Record

SHARD_SIZE = 500  # articles a shard is meant to hold, at most twice that
MAX_SHARDS = 64


def shard_count(articles: int) -> int:
    """1 up to `2 × SHARD_SIZE` articles, then the power of two that keeps shards near
    `SHARD_SIZE`: few requests for a small archive, a bounded re-index for a large one."""
    count = 1
    while articles > 2 * SHARD_SIZE * count and count < MAX_SHARDS:
        count *= 2
    return count


def shard_of(path: str, count: int) -> int:
    digest = hashlib.blake2b(path.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % count


@dataclass(frozen=True)
class Shard:
    """All one shard of the search index is made of."""

    number: int
    count: int  # shards in all
    language: str
    taxonomies: tuple[tuple[str, str], ...]  # (key, title) of each filter
    entries: tuple[Entry, ...]  # in the order given to Pagefind: by content path


def shards(graph: SiteGraph) -> Iterator[Shard]:
    """The index in shards; drafts (built with --drafts) are never searchable."""
    config = graph.config
    count = shard_count(len(graph.entries))
    groups: list[list[Entry]] = [[] for _ in range(count)]
    for entry in graph.entries:
        if not entry.article.draft:
            groups[shard_of(entry.path, count)].append(entry)
    language = index_language(config)
    taxonomies = tuple((t.key, t.title) for t in config.taxonomies)
    for number, group in enumerate(groups):
        group.sort(key=lambda entry: entry.path)
        yield Shard(number, count, language, taxonomies, tuple(group))


def index_language(config: SiteConfig) -> str:
    """Pagefind's language: the two-letter code of the site's language."""
    return (config.language.split("-")[0] or "en").lower()


def records(shard: Shard, bodies: Bodies) -> Iterator[Record]:
    for entry in shard.entries:
        yield record(entry, bodies[entry.path], shard.language)


def record(entry: Entry, body_html: str, language: str) -> Record:
    """The article as search sees it: headline, deck and body text (no byline, kicker or
    chips), shown with its title, date and authors; every taxonomy is a filter."""
    article = entry.article
    text = "\n".join(part for part in (article.title, article.subtitle,
                                       html_to_text(body_html)) if part)
    meta = {"title": article.title, "date": article.date.date().isoformat(),
            "authors": ", ".join(link.name for link in entry.links("authors"))}
    if article.subtitle:
        meta["subtitle"] = article.subtitle
    filters = {taxonomy.key: [filter_value(link.name) for link in links]
               for taxonomy, links in entry.terms if links}
    sort = {"date": article.date.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")}
    return Record(entry.url, text, language, meta, filters, sort)


# Pagefind 1.5 finds nothing when a filter's value holds `"` or `\`: in the index they are
# stood in for by their fullwidth forms, which the search page turns back for display.
_FILTER_STAND_INS = str.maketrans({'"': "\uff02", "\\": "\uff3c"})


def filter_value(name: str) -> str:
    return name.translate(_FILTER_STAND_INS)


def bundle_folder(number: int) -> str:
    """Where a shard's index lives in the site: the first beside Pagefind's scripts."""
    return "pagefind/" if number == 0 else f"pagefind/shard-{number}/"


def shard_folders(count: int) -> Sequence[str]:
    return [bundle_folder(n) for n in range(count)]
