"""Patch builds: an edited article costs the pages that show it, not a walk of the site.

Every full build leaves a snapshot of what it made: the site graph (without bodies; it is
kept apart, being large and written only by full builds), the size and mtime of every
content file, and for every published page and extra file its fingerprint and the entries
that fingerprint read (`graph.reading`).

The next build compares the content folder with the snapshot. When the only changes are
articles edited without changing what the graph is made of (their path, slug, title,
dates, authors, terms, draft flag and links), the new graph is the old one with those
entries replaced and, where their keyword signatures moved, the related lists that can
see them worked out again (`graph.related_after`). A page or file whose fingerprint read
none of the edited entries, and which is not the page of an article whose related list
changed, is then exactly as before; only the others are fingerprinted and rendered.
Anything else (a file added or deleted, a profile, a page, a layout, site.toml, or an
article retitled, redated, retagged or relinked) takes a full build.
"""

from __future__ import annotations

import gc
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from folio.cache import Cache, content_key
from folio.config import SiteConfig
from folio.content import Article
from folio.graph import Entry, SiteGraph, make_entry, related_after
from folio.loader import BodyStore, Loaded, hidden, process, settings_key
from folio.markup import Rendered
from folio.problems import Problem, Severity

PATCH_LIMIT = 64  # edited articles: beyond this a full build, with its workers, is quicker


@dataclass
class Published:
    """Published files in a fixed order, with their fingerprints, the entries each
    fingerprint read, and (for pages) their templates. Kept as columns: lists of strings
    pickle many times faster than as many small records."""

    paths: list[str] = field(default_factory=list)
    marks: list[str] = field(default_factory=list)
    reads: list[tuple[int, ...]] = field(default_factory=list)
    templates: list[str] = field(default_factory=list)

    def add(self, relative: str, mark: str, reads: tuple[int, ...], template: str = "") -> None:
        self.paths.append(relative)
        self.marks.append(mark)
        self.reads.append(reads)
        self.templates.append(template)

    def copy(self) -> Published:
        return Published(list(self.paths), list(self.marks), list(self.reads),
                         list(self.templates))


@dataclass
class Snapshot:
    frame: str  # everything but content/ that a build depends on
    files: dict[str, tuple[int, int]]  # visible content files (below content/): mtime, size
    graph_id: str  # which stored graph (and sitemap dates) this snapshot patches
    pages: Published  # in `page_specs` order
    extras: Published  # in `extra_files` order
    patches: dict[int, Entry] = field(default_factory=dict)  # entries edited since
    related: dict[int, tuple[int, ...]] = field(default_factory=dict)  # lists changed since


@dataclass(frozen=True)
class Stored:
    """What a full build keeps for patch builds, written only by full builds."""

    graph: SiteGraph  # without bodies
    lastmods: list[tuple[str, datetime | None]]  # the sitemap's lines: a patch keeps them


@dataclass
class Patch:
    graph: SiteGraph  # the site after the edits
    files: dict[str, tuple[int, int]]
    edited: frozenset[int]  # entries whose files changed
    relisted: frozenset[int]  # entries whose related list changed
    shown: frozenset[str]  # the edited files' display paths
    problems: list[Problem]  # what loading them found (warnings only)
    lastmods: list[tuple[str, datetime | None]]  # the sitemap's lines, as stored

    def patched(self, snapshot: Snapshot, pages: Published, extras: Published) -> Snapshot:
        """The snapshot of the site this patch made."""
        return replace(snapshot, files=self.files, pages=pages, extras=extras,
                       patches={**snapshot.patches,
                                **{i: self.graph.entries[i] for i in self.edited}},
                       related={**snapshot.related,
                                **{i: self.graph.related[i] for i in self.relisted}})


def snapshot_key(output: Path) -> str:
    return f"snapshot:{output.resolve()}"


def stored_key(output: Path) -> str:
    return f"graph:{output.resolve()}"


def visible_files(files: Mapping[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
    """The content files a build reads (editors' backups and hidden files left out)."""
    return {name: st for name, st in files.items() if not hidden(name)}


def plan(snapshot: Snapshot, files: dict[str, tuple[int, int]], content_prefix: str,
         content: Path, config: SiteConfig, drafts: bool, cache: Cache, output: Path
         ) -> Patch | None:
    """The patch that turns the snapshot's site into that of `files`, or None when the
    edits need a full build. Converted files go to the cache either way."""
    if files.keys() != snapshot.files.keys():
        return None
    changed = [name for name, st in files.items() if snapshot.files[name] != st]
    if len(changed) > PATCH_LIMIT or not all(
            name.startswith("articles/") and name.endswith(".md") for name in changed):
        return None
    stored = _stored(snapshot, cache, output)
    if stored is None:
        return None
    graph = stored.graph
    if not cache.holds(entry.key for entry in graph.entries):  # bodies to render from
        return None
    entries = list(graph.entries)
    place = {entry.article.path: entry.index for entry in entries}
    settings = settings_key(config)
    edited: set[int] = set()
    moved: list[int] = []  # edited entries whose keyword signature changed
    shown: set[str] = set()  # display paths of the edited files
    problems: list[Problem] = []
    for name in changed:
        path = f"{content_prefix}/{name}"
        i = place.get(path)
        if i is None:  # a draft, a future article or a file that failed: not in the graph
            return None
        try:
            data = (content / name).read_bytes()
        except OSError:
            return None  # the full build says why
        key = content_key(settings, path, data)
        old = entries[i]
        if key != old.key:
            loaded = _load(cache, key, data, path, config)
            if (loaded is None or (loaded.value.draft and not drafts)
                    or any(p.severity is Severity.ERROR for p in loaded.problems)
                    or _shape(loaded.value, loaded.rendered) != _shape(old.article,
                                                                      old.rendered)):
                return None
            entries[i] = make_entry(config, loaded.value, loaded.rendered, old.terms, key, i)
            edited.add(i)
            if loaded.rendered.signature != old.rendered.signature:
                moved.append(i)
            problems.extend(loaded.problems)
            shown.add(path)  # its warnings are these now (a touched file keeps its own)
        cache.remember_file(path, *files[name], key)
    graph = replace(graph, entries=tuple(entries), bodies=BodyStore(cache))
    relisted: set[int] = set()
    if moved:
        lists = related_after(graph, sorted(moved))
        relisted = {i for i, found in lists.items() if found != graph.related.get(i, ())}
        graph = replace(graph, related={**graph.related, **lists})
    return Patch(graph, files, frozenset(edited), frozenset(relisted), frozenset(shown),
                 problems, stored.lastmods)


def _stored(snapshot: Snapshot, cache: Cache, output: Path) -> Stored | None:
    """The snapshot's site: the full build's graph with the patches since, and its
    sitemap dates. What is loaded here lives to the end of the build: the garbage collector
    is told not to walk it again."""
    enabled = gc.isenabled()
    gc.disable()  # a few hundred thousand objects, none of them garbage
    try:
        found: Any = cache.get(stored_key(output))
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
    if not (isinstance(found, tuple) and len(found) == 2 and found[0] == snapshot.graph_id
            and isinstance(found[1], Stored)):
        return None
    stored: Stored = found[1]
    graph = stored.graph
    if snapshot.patches:
        entries = list(graph.entries)
        for i, entry in snapshot.patches.items():
            entries[i] = entry
        graph = replace(graph, entries=tuple(entries))
    if snapshot.related:
        graph = replace(graph, related={**graph.related, **snapshot.related})
    return replace(stored, graph=graph)


class _Article(NamedTuple):
    value: Article
    rendered: Rendered
    problems: tuple[Problem, ...]


def _load(cache: Cache, key: str, data: bytes, path: str, config: SiteConfig
          ) -> _Article | None:
    """The article in `data`, from the cache or converted now (and cached)."""
    loaded = cache.metas([key]).get(key)
    if not isinstance(loaded, Loaded):
        loaded, html = process(data, path, "articles", config)
        cache.store(key, loaded, html)
    if not isinstance(loaded.value, Article) or loaded.rendered is None:
        return None
    return _Article(loaded.value, loaded.rendered, loaded.problems)


def _shape(article: Article, rendered: Rendered) -> tuple[Any, ...]:
    """What the site graph reads of an article, besides what its own entry carries."""
    return (article.path, article.slug, article.title, _moment(article.date),
            _moment(article.updated), article.authors, article.terms, article.draft,
            rendered.links)


def _moment(value: datetime | None) -> tuple[Any, ...]:
    """A date as the site shows it: the same instant in another zone is a change."""
    return () if value is None else (value, value.isoformat(), str(value.tzinfo))
