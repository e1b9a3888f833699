"""Patch builds: an edited article costs the pages that show it, not a walk of the site.

When the only changes since the last build are articles edited without changing their
placement (`graph.build.Placement`: what linking reads of an article), the new graph is the
stored one with those entries replaced (`graph.build.with_edits`, which also works out again
the related lists the edits can move). Every page, file and search shard whose digest read
none of the changed entries is then exactly as before (`incremental.refresh`); only the
others are digested again. Anything else (a file added or deleted, a profile, a page, a
layout, site.toml, or an article retitled, redated, retagged or relinked) takes a full
build.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from folio.config import SiteConfig
from folio.content.load import hidden
from folio.content.model import Article
from folio.graph.build import placement, with_edits
from folio.graph.claims import warn_unpublished
from folio.graph.model import SiteGraph
from folio.incremental.cache import Cache
from folio.incremental.loading import load_one
from folio.incremental.memory import lasting
from folio.incremental.state import Snapshot, graph_key
from folio.markup import Rendered
from folio.problems import Problem, Report, Severity

PATCH_LIMIT = 64  # edited articles: beyond this a full build, with its workers, is quicker


@dataclass(frozen=True)
class Patch:
    graph: SiteGraph  # the site after the edits
    keys: dict[str, str]  # content keys, the edited files' included
    edited: frozenset[int]  # entries whose files changed
    changed: frozenset[int]  # those, and the entries whose related list changed
    shown: frozenset[str]  # the edited files' display paths: their warnings are new
    problems: tuple[Problem, ...]  # what reading them found (warnings only)


def visible(files: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
    """The content files a build reads (editors' backups and hidden files left out)."""
    return {name: st for name, st in files.items() if not hidden(name)}


def plan(snapshot: Snapshot, files: dict[str, tuple[int, int]], content: Path, shown: str,
         config: SiteConfig, drafts: bool, cache: Cache, output: Path) -> Patch | None:
    """The patch that turns the snapshot's site into that of `files`, or None when the
    edits need a full build. Files read on the way are cached either way."""
    files = visible(files)
    if files.keys() != snapshot.files.keys():
        return None
    changed = [name for name, st in files.items() if snapshot.files[name] != st]
    if len(changed) > PATCH_LIMIT or not all(
            name.startswith("articles/") and name.endswith(".md") for name in changed):
        return None
    graph = stored_graph(snapshot, cache, output)
    if graph is None or not cache.holds(snapshot.keys.values()):  # bodies to render from
        return None
    place = {entry.path: entry.index for entry in graph.entries}
    keys = dict(snapshot.keys)
    edits: dict[int, tuple[Article, Rendered]] = {}
    problems: list[Problem] = []
    paths: set[str] = set()
    for name in changed:
        path = f"{shown}/{name}"
        i = place.get(path)
        if i is None:  # a draft, a future article or a file that failed: not in the graph
            return None
        try:
            data = (content / name).read_bytes()
        except OSError:
            return None  # the full build says why
        loaded, key = load_one(cache, config, path, "articles", data, files[name])
        if key == keys.get(path):
            continue  # touched, not changed: it keeps its warnings
        old = graph.entries[i]
        article, rendered = loaded.value, loaded.rendered
        if (not isinstance(article, Article) or rendered is None
                or (article.draft and not drafts)
                or any(p.severity is Severity.ERROR for p in loaded.problems)
                or placement(article, rendered) != placement(old.article, old.rendered)):
            return None
        edits[i] = (article, rendered)
        keys[path] = key
        problems.extend(loaded.problems)
        if path in graph.unpublished:  # the same links as before, maybe on other lines
            warned = Report()
            warn_unpublished(article, graph.unpublished[path], warned)
            problems.extend(warned.problems)
        paths.add(path)
    patched, relisted = with_edits(graph, edits)
    return Patch(patched, keys, frozenset(edits), frozenset(edits) | relisted,
                 frozenset(paths), tuple(problems))


def stored_graph(snapshot: Snapshot, cache: Cache, output: Path) -> SiteGraph | None:
    """The snapshot's site: the full build's graph with the patches since. What is loaded
    here lives to the end of the build: the collector is told not to walk it again."""
    with lasting():  # a few hundred thousand objects, none of them garbage
        found = cache.get(graph_key(output))
    if not (isinstance(found, tuple) and len(found) == 2 and found[0] == snapshot.graph_id
            and isinstance(found[1], SiteGraph)):
        return None
    graph: SiteGraph = found[1]
    if snapshot.patches:
        entries = list(graph.entries)
        for i, entry in snapshot.patches.items():
            entries[i] = entry
        graph = replace(graph, entries=tuple(entries))
    if snapshot.related:
        graph = replace(graph, related={**graph.related, **snapshot.related})
    return graph


def patched(snapshot: Snapshot, patch: Patch) -> Snapshot:
    """The edits a patch made, kept for the next build (the stored graph stays as it is)."""
    graph = patch.graph
    return replace(snapshot, keys=patch.keys,
                   patches={**snapshot.patches, **{i: graph.entries[i] for i in patch.edited}},
                   related={**snapshot.related,
                            **{i: graph.related.get(i, ()) for i in patch.changed}})
