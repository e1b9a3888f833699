"""Digests of what a page or file is made of: equal digests mean equal output.

A page is made from its template (all layouts are hashed into one digest), the site
settings and its context; a file from its view (`folio.outputs.files`). Walking a context
is cheap because the large values stand for something small:

- an `Entry` for its mark, worked out once per build from its file's content key (which
  stands for every byte of the file), its URL, its summary and its terms;
- a `Body` for its file's content key, where its links lead and the page showing it;
- a `Deferred` value for the inputs it is made from;
- the site settings for one digest of them.

Walking also returns which entries were read: a patch build re-checks only the pages and
files that read an entry it changed. Domain values know nothing of this: the kinds this
module can digest are listed in `Digester._kinds`.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from markupsafe import Markup

from folio.config import SiteConfig, Taxonomy
from folio.content.model import Article, Image, Source, TermProfile
from folio.graph.model import Entry, SiteGraph, Sources, Term, TermLink
from folio.markup import Rendered
from folio.outputs.cite import Work
from folio.pages.body import Body
from folio.pages.deferred import Deferred


def digest(*values: Any) -> str:
    """A digest of plain values (strings, numbers, dates, lists, mappings, dataclasses)."""
    return Digester(()).of(*values)[0]


def entry_marks(graph: SiteGraph, keys: Mapping[str, str]) -> list[str]:
    """Each entry's mark: what a page showing the entry depends on. `keys` gives each
    article file's content key, which stands for all of the file."""
    marks = []
    for entry in graph.entries:
        terms = "\x1f".join(f"{tax.key}\x1e{link.name}\x1e{link.url}"
                            for tax, links in entry.terms for link in links)
        source = keys.get(entry.path) or Digester(()).of(entry.article, entry.rendered)[0]
        marks.append(hashlib.blake2b(f"{source}\x1d{entry.url}\x1d{entry.summary}\x1d{terms}"
                                     .encode("utf-8", "surrogatepass"),
                                     digest_size=16).hexdigest())
    return marks


def files_digest(folder: Path) -> str:
    """One digest of every file below `folder` (names and bytes)."""
    h = hashlib.blake2b(digest_size=16)
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                h.update(path.relative_to(folder).as_posix().encode() + b"\0")
                h.update(path.read_bytes() + b"\0")
    return h.hexdigest()


class Digester:
    """Digests values of one build: `marks[i]` stands for entry i, `keys[path]` for the
    body of the file at `path`."""

    def __init__(self, marks: Sequence[str], keys: Mapping[str, str] | None = None) -> None:
        self.marks, self.keys = marks, keys or {}
        self._configs: dict[int, tuple[SiteConfig, str]] = {}  # kept: an id is not reused
        self._kinds: dict[type, Callable[[Any, Any, set[int]], None]] = {
            Entry: self._entry, Sources: self._sources, Body: self._body,
            Deferred: self._deferred,
            SiteConfig: self._config, Term: self._term, Article: self._plain,
            Rendered: self._plain, TermProfile: self._plain,
            # Values of strings, numbers, dates and tuples of them: their repr says it all,
            # and costs a fraction of a walk (a term's bibliography holds thousands of works).
            TermLink: self._repr, Taxonomy: self._repr, Source: self._repr, Image: self._repr,
            Work: self._repr,
        }
        self._fields: dict[type, tuple[str, ...]] = {}

    def of(self, *values: Any) -> tuple[str, tuple[int, ...]]:
        """The digest of `values` and the entries it read, in order."""
        h = hashlib.blake2b(digest_size=16)
        reads: set[int] = set()
        for value in values:
            self._feed(h, value, reads)
        return h.hexdigest(), tuple(sorted(reads))

    def _feed(self, h: Any, value: Any, reads: set[int]) -> None:
        update = h.update
        kind = type(value)  # the common kinds first, by exact type: this runs for every page
        if kind is str or kind is Markup:
            data = value.encode("utf-8", "surrogatepass")
            update(b"s%d:" % len(data) + data)
        elif kind is list or kind is tuple:
            update(b"[%d" % len(value))
            for item in value:
                self._feed(h, item, reads)
            update(b"]")
        elif kind is dict:
            update(b"{%d" % len(value))
            for key, item in value.items():
                self._feed(h, key, reads)
                self._feed(h, item, reads)
            update(b"}")
        elif value is None or kind is bool or kind is int or kind is float:
            update(f"{kind.__name__}:{value!r};".encode())
        elif kind in self._kinds:
            self._kinds[kind](h, value, reads)
        elif isinstance(value, datetime | date):
            update(b"d:" + value.isoformat().encode() + b";")
        elif isinstance(value, str):
            self._feed(h, str(value), reads)
        elif isinstance(value, bytes):
            update(b"b%d:" % len(value) + value)
        elif isinstance(value, Enum):
            update(f"e:{value.value!r};".encode())
        elif isinstance(value, list | tuple | range):
            self._feed(h, list(value), reads)
        elif isinstance(value, Mapping):
            self._feed(h, dict(value), reads)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            self._plain(h, value, reads)
        elif isinstance(value, Path):
            self._feed(h, value.as_posix(), reads)
        else:
            raise TypeError(f"cannot digest a {kind.__name__} in a page context")

    def _plain(self, h: Any, value: Any, reads: set[int]) -> None:
        kind = type(value)
        names = self._fields.get(kind)
        if names is None:
            names = self._fields[kind] = tuple(f.name for f in dataclasses.fields(value))
        h.update(kind.__name__.encode() + b"(")
        for name in names:
            self._feed(h, getattr(value, name), reads)
        h.update(b")")

    def _repr(self, h: Any, value: Any, reads: set[int]) -> None:
        data = repr(value).encode("utf-8", "surrogatepass")
        h.update(b"r%d:" % len(data) + data)

    def _entry(self, h: Any, entry: Entry, reads: set[int]) -> None:
        reads.add(entry.index)
        h.update(b"E" + self.marks[entry.index].encode() + b";")

    def _sources(self, h: Any, sources: Sources, reads: set[int]) -> None:
        reads.update(sources.indices)  # the value beside it is digested as it is

    def _term(self, h: Any, term: Term, reads: set[int]) -> None:
        """What a page can show of a term: its members count, not their places in the
        site's order, which a new article shifts for every term (a page that lists the
        members shows them as entries, and those carry their own marks)."""
        self._feed(h, ("term", term.taxonomy, term.name, term.slug, term.url,
                       len(term.entries), term.profile, term.profile_html), reads)

    def _body(self, h: Any, body: Body, reads: set[int]) -> None:
        source = self.keys.get(body.path, body.path) if body.html is None else body.html
        self._feed(h, ("body", source, body.url, body.links, body.trusted), reads)

    def _deferred(self, h: Any, value: Deferred, reads: set[int]) -> None:
        self._feed(h, ("deferred", value.inputs), reads)

    def _config(self, h: Any, config: SiteConfig, reads: set[int]) -> None:
        known = self._configs.get(id(config))
        if known is None or known[0] is not config:
            known = self._configs[id(config)] = (config, hashlib.blake2b(
                repr(config).encode(), digest_size=16).hexdigest())
        h.update(b"C" + known[1].encode() + b";")
