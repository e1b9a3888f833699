"""The one place that knows the order of the stages:

    content/ ──load──▶ Corpus ──link──▶ SiteGraph ──render──▶ pages ──publish──▶ site/

Every build is incremental: the cache in `.cache/` keeps each file's parsed front matter and
converted body, and each page's fingerprint. A page whose fingerprint did not change is not
rendered again, and a build whose inputs did not change at all stops after one look at them.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from folio import __version__, assets
from folio.cache import Cache
from folio.config import SiteConfig, load_config
from folio.discover import extra_files
from folio.fingerprint import fingerprint
from folio.graph import SiteGraph, build_graph, reading
from folio.loader import LoadOptions, load_corpus
from folio.output import OutputState, Publisher, PublishStats, check_output_folder
from folio.problems import Report, Severity, display_path
from folio.render import PageSpec, check_templates, render_pages, reopen_bodies
from folio.search import SearchError, index_files, pagefind_version
from folio.snapshot import (
    Patch,
    Published,
    Snapshot,
    Stored,
    plan,
    snapshot_key,
    stored_key,
    visible_files,
)
from folio.workers import in_workers


@dataclass(frozen=True)
class Project:
    root: Path
    content: Path
    layouts: Path
    output: Path
    config_file: Path

    @classmethod
    def at(cls, root: Path, content: Path | None = None, output: Path | None = None) -> Project:
        return cls(root, content or root / "content", root / "layouts",
                   output or root / "site", root / "site.toml")

    @property
    def static(self) -> Path:
        return self.layouts / "static"

    @property
    def cache_dir(self) -> Path:
        return self.root / ".cache"


@dataclass(frozen=True)
class BuildOptions:
    drafts: bool = False
    future: bool = False
    base_url: str | None = None
    write: bool = True  # False for `check`: every stage but publish
    jobs: int = 1
    cache: bool = True
    progress: bool = False  # progress bars on stderr for builds longer than a second


@dataclass
class BuildResult:
    report: Report
    graph: SiteGraph | None = None
    stats: PublishStats | None = None
    pages: int = 0  # pages rendered or kept
    kinds: Counter[str] = field(default_factory=Counter)  # pages by template
    seconds: float = 0.0
    unchanged: bool = False  # nothing to do: the inputs were those of the last build
    patched: int | None = None  # articles re-read, when the build patched the last one
    timings: dict[str, float] = field(default_factory=dict)


# A build makes millions of objects that live to its end and little cyclic garbage: the
# collector runs far less often than by default (700 allocations), and what loading and
# linking made is frozen out of its sight.
GC_THRESHOLDS = (50_000, 20, 100)


def build(project: Project, options: BuildOptions, report: Report | None = None) -> BuildResult:
    report = report or Report(root=project.root)
    result = BuildResult(report)
    started = time.perf_counter()

    def lap(stage: str) -> None:
        result.timings[stage] = time.perf_counter() - started - sum(result.timings.values())

    config = load_config(project.config_file, report)
    if options.base_url is not None:
        config = replace(config, base_url=options.base_url)
    config_failed = report.failed  # the defaults stand in: go on to find every other problem
    if options.write:
        reason = check_output_folder(project.output, project.root,
                                     (project.content, project.layouts, project.root / "seeds"))
        if reason:
            report.error(project.output, 0, reason)
            return result
    if not project.layouts.is_dir():
        report.error(project.layouts, 0, "layouts folder not found")
        return result
    if config_failed:
        options = replace(options, write=False)

    cache = Cache.open(project.cache_dir if options.cache else None)
    for note in cache.notes:
        report.warning(project.cache_dir / "folio.sqlite", 0, note)
    thresholds = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        _build(project, options, config, cache, report, result, lap)
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
        cache.close(commit=options.write)  # `check` writes nothing, not even the cache
    result.seconds = time.perf_counter() - started
    return result


def _build(project: Project, options: BuildOptions, config: SiteConfig, cache: Cache,
           report: Report, result: BuildResult, lap: Callable[[str], None]) -> None:
    output_key = f"output:{project.output.resolve()}"
    state: dict[str, Any] = cache.get(output_key) or {} if options.write else {}
    if state.get("output") and cache.get(output_key + ":busy"):  # a build stopped mid-way:
        state["output"] = replace(state["output"], buffer=None)  # the buffer is unknown
    now = time.time()
    inputs = _inputs(project, config, options)
    output: OutputState | None = state.get("output")
    if (options.write and state.get("stamp") == inputs.stamp and output is not None
            and now < state.get("due", float("inf"))
            and _site_intact(project.output, output)):
        report.extend(state.get("warnings", ()))
        result.unchanged = True
        return

    snapshot = cache.get(snapshot_key(project.output)) if options.write else None
    if (options.write and isinstance(snapshot, Snapshot) and snapshot.frame == inputs.frame
            and now < state.get("due", float("inf"))):
        patch = plan(snapshot, visible_files(inputs.content),
                     display_path(project.content, report.root), project.content, config,
                     options.drafts, cache, project.output)
        if patch is not None:
            _patch(project, config, cache, result, lap, state, output_key, snapshot, patch,
                   inputs)
            return

    load = LoadOptions(options.drafts, options.future, options.jobs)
    gc.disable()  # loading and linking make a great many objects and no garbage
    try:
        with _progress(options.progress, "Converting", "articles") as bar:
            corpus = load_corpus(project.content, config, load, report, now, cache,
                                 progress=lambda total, _all: bar(total))
        lap("load")
        related_memo = cache.get("related") or {}
        graph = build_graph(corpus, config, report, related_memo, options.jobs)
    finally:
        gc.freeze()  # what is made so far lives to the end: no collection need walk it
        gc.enable()
    cache.put("related", related_memo)
    result.graph = graph
    lap("link")
    if report.failed:
        check_templates(project.layouts, report)  # pages cannot render: still find these
        return
    if not config.base_url:
        report.warning(project.config_file, 0, "base_url is not set: feeds, the sitemap and "
                       "canonical links use site-rooted URLs (/articles/…), right only at a "
                       "domain root; set base_url in site.toml or pass --base-url")

    publisher = _publisher(project, cache, output_key, state) if options.write else None
    pages = render_pages(graph, project.layouts, report,
                         skip=publisher.reuse if publisher else None,
                         bytecode=_bytecode(project, cache) if options.write else None,
                         can_skip=publisher.can_reuse if publisher else None,
                         jobs=options.jobs)
    lastmods: list[tuple[str, datetime | None]] = []
    published = Published()
    with _progress(options.progress, "Rendering", "pages") as bar:
        tick = bar(None)
        for page in pages:
            result.pages += 1
            result.kinds[page.template] += 1
            tick(1)
            if page.lastmod:
                lastmods.append(page.lastmod)
            published.add(page.relative, page.mark, page.reads, page.template)
            if publisher and page.data is not None:
                publisher.write(page.relative, page.data, page.mark)
    lap("render")
    if publisher is None or report.failed:
        return
    extras = _publish_extras(graph, publisher, lastmods, options.jobs)
    # The graph is made from the content files and the settings, less the articles not yet
    # due: it is stored again only when one of those changed (not for a layout edit).
    graph_id = fingerprint(inputs.corpus, [entry.article.path for entry in graph.entries])
    snapshot = Snapshot(inputs.frame, visible_files(inputs.content), graph_id, published,
                        extras)
    if _finish(project, config, cache, result, lap, publisher, state, output_key, inputs,
               snapshot, _next_due(corpus.future_dates, now)):
        stored = stored_key(project.output)
        if cache.get(stored + ":id") != graph_id:
            cache.put(stored, (graph_id, Stored(replace(graph, bodies={}), lastmods)))
            cache.put(stored + ":id", graph_id)
        lap("snapshot")


def _patch(project: Project, config: SiteConfig, cache: Cache, result: BuildResult,
           lap: Callable[[str], None], state: dict[str, Any], output_key: str,
           snapshot: Snapshot, patch: Patch, inputs: _Inputs) -> None:
    """Publish the snapshot's site with the patch applied: fingerprint and render only the
    pages and files whose fingerprints read an edited entry (see `folio.snapshot`)."""
    report = result.report
    graph = result.graph = patch.graph
    result.patched = len(patch.edited)
    report.extend(p for p in state.get("warnings", ()) if p.path not in patch.shown)
    report.extend(patch.problems)
    lap("load")
    publisher = _publisher(project, cache, output_key, state)
    pages = snapshot.pages.copy()
    place = {relative: k for k, relative in enumerate(pages.paths)}
    relisted = {graph.entries[i].url for i in patch.relisted}

    def wanted(k: int, spec: PageSpec) -> bool:
        """Pages that read an edited entry, and any the publisher cannot keep as they are."""
        return (not patch.edited.isdisjoint(pages.reads[k]) or spec.url in relisted
                or not publisher.reuse(pages.paths[k], pages.marks[k]))

    for page in render_pages(graph, project.layouts, report, skip=publisher.reuse,
                             bytecode=_bytecode(project, cache), wanted=wanted):
        k = place[page.relative]
        pages.marks[k], pages.reads[k] = page.mark, page.reads
        if page.data is not None:
            publisher.write(page.relative, page.data, page.mark)
    result.pages = len(pages.paths)
    result.kinds.update(pages.templates)
    lap("render")
    if report.failed:
        return
    extras = snapshot.extras.copy()
    made = list(extra_files(graph, patch.lastmods))
    if [relative for relative, _, _ in made] != extras.paths:  # cannot be, short of a bug
        cache.put(snapshot_key(project.output), None)
        report.error(project.cache_dir / "folio.sqlite", 0, "the build cache does not match the "
                     "site; it has been reset: build again")
        return
    for k, (relative, mark_of, produce) in enumerate(made):
        if not patch.edited.isdisjoint(extras.reads[k]):
            extras.marks[k], extras.reads[k] = reading(mark_of)
        if not publisher.reuse(relative, extras.marks[k]):
            publisher.write(relative, produce(), extras.marks[k])
    _finish(project, config, cache, result, lap, publisher, state, output_key, inputs,
            patch.patched(snapshot, pages, extras), state.get("due", float("inf")))


def _publisher(project: Project, cache: Cache, output_key: str, state: dict[str, Any]
               ) -> Publisher:
    cache.put(output_key + ":busy", True)
    cache.commit()  # from here on the buffer is being changed: never trust it half-done
    output: OutputState | None = state.get("output")
    return Publisher(project.output, output)


def _bytecode(project: Project, cache: Cache) -> Path | None:
    return project.cache_dir / "jinja" if cache.enabled else None


def _finish(project: Project, config: SiteConfig, cache: Cache, result: BuildResult,
            lap: Callable[[str], None], publisher: Publisher, state: dict[str, Any],
            output_key: str, inputs: _Inputs, snapshot: Snapshot, due: float) -> bool:
    """Static files and the search index, then the swap; remember what was published.
    Returns whether the new site is live."""
    report = result.report
    _copy_static(project, publisher)
    publisher.prune()  # the buffer now holds exactly the new site: index it
    pages = snapshot.pages
    indexed = [mark for mark, template in zip(pages.marks, pages.templates, strict=True)
               if template == "article.html"]
    search = _search(config, publisher, indexed, state.get("search"), report)
    if report.failed:
        return False
    lap("search")
    try:
        result.stats, new_output = publisher.commit()
    except OSError as exc:
        report.error(project.output, 0, f"cannot publish the site: {exc}")
        return False
    cache.put(output_key + ":busy", False)
    cache.put(output_key, {
        "stamp": inputs.stamp,
        "output": new_output,
        "due": due,
        "warnings": [p for p in report.problems if p.severity is Severity.WARNING
                     and p.message not in cache.notes],  # a cache note is this build's
        "search": search,
    })
    cache.put(snapshot_key(project.output), snapshot)
    lap("publish")
    return True


EXTRAS_PARALLEL_MINIMUM = 200  # files to make: below this, workers cost more than they save
EXTRAS_CHUNK = 16


def _publish_extras(graph: SiteGraph, publisher: Publisher,
                    lastmods: list[tuple[str, datetime | None]], jobs: int) -> Published:
    """Feeds, sitemap, robots.txt and BibTeX records: made only where they changed, by
    forked workers when there are many (a cold build has one record per article)."""
    published = Published()
    todo: list[tuple[str, str, Callable[[], bytes]]] = []
    for relative, mark_of, produce in extra_files(graph, lastmods):
        mark, reads = reading(mark_of)
        published.add(relative, mark, reads)
        if not publisher.reuse(relative, mark):
            todo.append((relative, mark, produce))
    made = in_workers([produce for _, _, produce in todo], jobs, EXTRAS_CHUNK,
                      partial(reopen_bodies, graph), EXTRAS_PARALLEL_MINIMUM)
    for (relative, mark, _), data in zip(todo, made, strict=True):
        publisher.write(relative, data, mark)
    return published


def _search(config: SiteConfig, publisher: Publisher, indexed: list[str],
            previous: tuple[str, dict[str, str]] | None, report: Report
            ) -> tuple[str, dict[str, str]] | None:
    """Publish the search bundle: the last one while no indexed page changed, else anew.

    Returns what to remember: the fingerprint of the indexed pages and the bundle's files.
    """
    if not config.search:
        return None
    mark = fingerprint(indexed, pagefind_version())
    if previous is not None and previous[0] == mark and all(
            publisher.can_reuse(relative, file_mark)
            for relative, file_mark in previous[1].items()):
        for relative, file_mark in previous[1].items():
            publisher.reuse(relative, file_mark)
        return previous
    files: dict[str, str] = {}
    try:
        for relative, data in index_files(publisher.buffer):
            files[relative] = fingerprint(data)
            if not publisher.reuse(relative, files[relative]):
                publisher.write(relative, data, files[relative])
    except SearchError as exc:
        report.error(publisher.output, 0, str(exc))
        return None
    return mark, files


def _site_intact(folder: Path, output: OutputState) -> bool:
    """The output folder is the one last published, with none of its files deleted."""
    try:
        if folder.stat().st_ino != output.live_inode:
            return False
    except OSError:
        return False
    prefix = str(folder) + os.sep
    return all(os.path.exists(prefix + relative) for relative in output.live)


def _copy_static(project: Project, publisher: Publisher) -> None:
    """layouts/static/* → static/*, stylesheets and scripts under fingerprinted names."""
    for asset in assets.collect(project.static).values():
        data = asset.source.read_bytes()
        mark = fingerprint(data)
        if not publisher.reuse(asset.published, mark):
            publisher.write(asset.published, data, mark)


@dataclass(frozen=True)
class _Inputs:
    stamp: str  # names, sizes and mtimes of every input: equal stamps, identical builds
    frame: str  # the same but for content/: what a patch build needs unchanged
    corpus: str  # the same but for layouts/: what the site graph is made from
    content: dict[str, tuple[int, int]]  # each file below content/: mtime, size


def _inputs(project: Project, config: SiteConfig, options: BuildOptions) -> _Inputs:
    """One look at every input file."""
    content: dict[str, tuple[int, int]] = {}
    lines: dict[Path, list[str]] = {}  # one string per file: hashed at once, not one by one
    for folder in (project.content, project.layouts):
        prefix = len(str(folder)) + 1
        found = lines[folder] = []
        for root, dirs, files in os.walk(folder):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(root, name)
                st = os.stat(path)
                found.append(f"{path}\0{st.st_mtime_ns}\0{st.st_size}")
                if folder == project.content:
                    content[path[prefix:].replace(os.sep, "/")] = (st.st_mtime_ns, st.st_size)
    settings = (__version__, repr(config), options.drafts, options.future)
    corpus, layouts = "\n".join(lines[project.content]), "\n".join(lines[project.layouts])
    return _Inputs(fingerprint(*settings, corpus + "\n" + layouts),
                   fingerprint(*settings, str(project.content), layouts),
                   fingerprint(*settings, corpus), content)


def _next_due(future_dates: tuple[float, ...], now: float) -> float:
    """When the earliest article left out for its future date becomes due."""
    due = [t for t in future_dates if t > now]
    return min(due) if due else float("inf")


@contextmanager
def _progress(enabled: bool, label: str, unit: str) -> Iterator[Callable[[int | None],
                                                                         Callable[[int], None]]]:
    """Yields a factory: given a total, it starts a bar and returns its `update`."""
    bars: list[Any] = []

    def start(total: int | None) -> Callable[[int], None]:
        if not enabled or not sys.stderr.isatty() or os.environ.get("CI"):
            return lambda n: None
        from tqdm import tqdm

        bar = tqdm(total=total, desc=label, unit=" " + unit, delay=1.0, leave=False,
                   file=sys.stderr, dynamic_ncols=True)
        bars.append(bar)
        return lambda n: bar.update(n)

    try:
        yield start
    finally:
        for bar in bars:
            bar.close()
