"""Bibliographic records for reference managers: BibTeX, RIS and CSL-JSON, for one article
(`…/cite.bib`, `.ris`, `.json`) or many (a term's bibliography, `/authors/<slug>/cite.bib`).

The three say the same of each article: a journal article (RIS `JOUR`, CSL
`article-journal`, BibTeX `@article`) whose journal is the publication the article appeared
in (else the site), with its title, authors in order, date, URL, summary as abstract,
keywords (its terms but authors), language, the site as the archive that keeps the copy, and
its stable identifier (RIS `ID`, CSL `id`). A BibTeX key that two records of one file share
gets a letter in the second and later ("korybko2024turkiye", "korybko2024turkiyeb").
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from folio.outputs.cite import Name, Work, bibtex, bibtex_key

# An article is in its own records and in those of each of its terms: each record is
# written once per build and process, then reused (the functions are pure).
RECORDS_KEPT = 1 << 12


def bibtex_file(works: Sequence[Work]) -> str:
    """BibTeX records, one after another, with keys made unique within the file."""
    keys = unique_keys(works)
    return "\n".join(_bibtex(work, key) for work, key in zip(works, keys, strict=True))


@lru_cache(maxsize=RECORDS_KEPT)
def _bibtex(work: Work, key: str) -> str:
    return bibtex(work, key)


@lru_cache(maxsize=RECORDS_KEPT)
def _key_of(work: Work) -> str:
    return bibtex_key(work)


def unique_keys(works: Sequence[Work]) -> list[str]:
    seen: dict[str, int] = {}
    keys = []
    for work in works:
        key = _key_of(work)
        count = seen[key] = seen.get(key, 0) + 1
        keys.append(key if count == 1 else key + _letters(count))
    return keys


def _letters(n: int) -> str:
    """2 → "b", 26 → "z", 27 → "ba": a suffix that never ends a key another one makes."""
    letters = ""
    n -= 1
    while n:
        n, rest = divmod(n, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def _ris_line(tag: str, value: str) -> str:
    return f"{tag}  - {' '.join(value.split())}"  # one line per tag: no line breaks inside


def ris_record(work: Work) -> list[str]:
    d = work.date
    lines = [_ris_line("TY", "JOUR"), _ris_line("TI", work.title)]
    lines += [_ris_line("AU", Name.parse(a).inverted) for a in work.authors]
    lines += [_ris_line("PY", f"{d.year:04d}"),
              _ris_line("DA", f"{d.year:04d}/{d.month:02d}/{d.day:02d}/"),
              _ris_line("T2", work.publication), _ris_line("JO", work.publication),
              _ris_line("UR", work.url)]
    if work.abstract:
        lines.append(_ris_line("AB", work.abstract))
    lines += [_ris_line("KW", k) for k in work.keywords]
    if work.series:
        lines.append(_ris_line("T3", work.series[0]))
    if work.language:
        lines.append(_ris_line("LA", work.language))
    if work.archive:
        lines.append(_ris_line("DB", work.archive))
    if work.identifier:
        lines.append(_ris_line("ID", work.identifier))
    return [*lines, "ER  - "]


def ris(works: Sequence[Work]) -> str:
    """RIS records, separated by a blank line; CRLF line ends as the format asks."""
    return "".join(map(_ris_text, works))


@lru_cache(maxsize=RECORDS_KEPT)
def _ris_text(work: Work) -> str:
    return "\r\n".join(ris_record(work)) + "\r\n\r\n"


def csl_item(work: Work, key: str) -> dict[str, Any]:
    """One CSL-JSON item (CSL 1.0.2 input data)."""
    d = work.date
    item: dict[str, Any] = {
        "id": work.identifier or key,
        "type": "article-journal",
        "citation-key": key,
        "title": work.title,
        "author": [_csl_name(a) for a in work.authors],
        "container-title": work.publication,
        "issued": {"date-parts": [[d.year, d.month, d.day]]},
        "URL": work.url,
    }
    if work.abstract:
        item["abstract"] = work.abstract
    if work.keywords:
        item["keyword"] = ", ".join(work.keywords)
    if work.series:
        item["collection-title"] = work.series[0]
        item["collection-number"] = work.series[1]
    if work.language:
        item["language"] = work.language
    if work.archive:
        item["archive"] = work.archive
    return item


def _csl_name(name: str) -> dict[str, str]:
    parsed = Name.parse(name)
    if not parsed.first:  # one word: an organisation, kept whole
        return {"literal": parsed.last}
    return {"family": parsed.last, "given": parsed.first}


def csl_json(works: Sequence[Work]) -> str:
    """A CSL-JSON array, one item per line: what Zotero, Mendeley, pandoc and citeproc
    read. (One line each keeps Python's fast JSON encoder, which indenting turns off.)"""
    items = [_csl_text(w, k) for w, k in zip(works, unique_keys(works), strict=True)]
    return "[\n" + ",\n".join(items) + "\n]\n"


@lru_cache(maxsize=RECORDS_KEPT)
def _csl_text(work: Work, key: str) -> str:
    return json.dumps(csl_item(work, key), ensure_ascii=False)
