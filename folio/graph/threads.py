"""Debates and series: which articles answer which (`responds_to`), and the series that
`series` and `part` put articles in.

`responds_to` names other articles by their `.md` files, like a link in the body, and is
checked like one: a path that finds no article is an error with the key's line. A series
is every article naming it (spellings that make the same slug are one series); its reading
order is by `part`, then by date, and an article's number in it is its `part` or else its
place in that order. Two articles of a series with the same `part` are an error in both.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from folio.graph.links import resolve_link
from folio.graph.model import Entry, Series
from folio.problems import Report
from folio.urls import slugify


def series_url(slug: str) -> str:
    return f"/series/{slug}/"


def responses(entries: Sequence[Entry], targets: Mapping[str, str], report: Report
              ) -> tuple[dict[int, tuple[int, ...]], dict[int, tuple[int, ...]]]:
    """The articles each entry responds to (as written) and the responses each entry has
    (oldest first, as a debate is read)."""
    index_of = {entry.url: entry.index for entry in entries}
    answers: dict[int, tuple[int, ...]] = {}
    answered: dict[int, list[int]] = defaultdict(list)
    for entry in entries:
        article = entry.article
        found: list[int] = []
        for href in article.responds_to:
            url = resolve_link(article.path, href, targets)
            target = index_of.get(url.split("#")[0]) if url is not None else None
            line = article.line("responds_to")
            if url is None:
                report.error(article.path, line, f"responds_to: {href} finds no article")
            elif target is None:
                report.error(article.path, line,
                             f"responds_to: {href} is a page, not an article")
            elif target == entry.index:
                report.error(article.path, line, f"responds_to: {href} is this article")
            elif target not in found:
                found.append(target)
                answered[target].append(entry.index)
        if found:
            answers[entry.index] = tuple(found)
    return answers, {t: tuple(sorted(r, reverse=True)) for t, r in answered.items()}


def group_series(entries: Sequence[Entry], report: Report) -> tuple[Series, ...]:
    """Every series, A-Z by slug."""
    members: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        if entry.article.series:
            members[slugify(entry.article.series, fallback="series")].append(entry)
    found = []
    for slug, group in sorted(members.items()):
        # reading order: numbered parts first, by number; then by date, oldest first
        ordered = sorted(group, key=lambda e: (e.article.part is None, e.article.part or 0,
                                               -e.index))
        taken: dict[int, Entry] = {}
        for entry in ordered:
            part = entry.article.part
            if part is None:
                continue
            other = taken.setdefault(part, entry)
            if other is not entry:
                for one, two in ((entry, other), (other, entry)):
                    report.error(one.article.path, one.article.line("part"),
                                 f"part {part} of the series {entry.article.series!r} is "
                                 f"also {two.article.path}")
        numbers = tuple(e.article.part or n for n, e in enumerate(ordered, 1))
        found.append(Series(ordered[0].article.series, slug, series_url(slug),
                            tuple(e.index for e in ordered), numbers))
    return tuple(found)
