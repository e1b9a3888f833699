"""The one place that knows the order of the stages:

    content/ ─load─▶ Corpus ─link─▶ SiteGraph ─render─▶ pages, files, search ─publish─▶ site/

`build` reads top to bottom as that order. The speed layer (`folio.incremental`) wraps the
stages without their knowing: it loads from the cache, may patch the last build's graph
instead of linking again, digests every page and file so that only what changed is made,
and keeps one typed record (`incremental.state.Snapshot`) of what each build published.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from folio.config import SiteConfig, load_config
from folio.content.load import LoadOptions
from folio.graph.build import build_graph
from folio.graph.model import SiteGraph
from folio.incremental.cache import Cache
from folio.incremental.digest import Digester, entry_marks, files_digest
from folio.incremental.indexing import check_bundles, index_shards
from folio.incremental.loading import BodyStore, load
from folio.incremental.memory import build_collector, lasting
from folio.incremental.patch import Patch, patched, plan, visible
from folio.incremental.refresh import Published, Refresh, file_maker, page_maker
from folio.incremental.state import Inputs, Snapshot, busy_key, graph_key, look, state_key
from folio.incremental.workers import in_workers
from folio.outputs.files import extra_files
from folio.pages.kinds import page_specs, site_context
from folio.pages.templates import THEME, Renderer, check_templates
from folio.problems import Report, Severity, display_path
from folio.publish import assets
from folio.publish.lock import LockError, build_lock
from folio.publish.output import (
    OutputError,
    OutputState,
    Publisher,
    PublishStats,
    check_output_folder,
    foreign_files,
)
from folio.search.bundle import BundleError
from folio.search.pagefind import SearchError
from folio.search.records import shards

RELATED_CHUNK = 250
RELATED_PARALLEL_MINIMUM = 500  # lists to work out: below this, workers cost more


@dataclass(frozen=True)
class Project:
    root: Path
    content: Path
    layouts: Path
    output: Path
    config_file: Path
    theme: Path = THEME  # the default theme, which layouts/ overrides file by file

    @classmethod
    def at(cls, root: Path, content: Path | None = None, output: Path | None = None) -> Project:
        return cls(root, content or root / "content", root / "layouts",
                   output or root / "site", root / "site.toml")

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
    force: bool = False  # replace an output folder Folio did not write
    waiting: Callable[[str], None] | None = None  # told when another build holds the lock


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


@dataclass
class Run:
    """Everything one build carries from stage to stage."""

    project: Project
    options: BuildOptions
    config: SiteConfig
    report: Report
    result: BuildResult
    cache: Cache
    inputs: Inputs
    previous: Snapshot | None  # what the last build of this output left
    started: float = field(default_factory=time.perf_counter)

    def lap(self, stage: str) -> None:
        timings = self.result.timings
        timings[stage] = time.perf_counter() - self.started - sum(timings.values())


def build(project: Project, options: BuildOptions, report: Report | None = None) -> BuildResult:
    report = report or Report(root=project.root)
    result = BuildResult(report)
    started = time.perf_counter()
    config = load_config(project.config_file, report)
    if options.base_url is not None:
        config = replace(config, base_url=options.base_url)
    if report.failed:  # the defaults stand in: go on to find every other problem
        options = replace(options, write=False)
    if not _where_to_write(project, options, report):
        return result
    try:
        with ExitStack() as stack:
            if options.cache and options.write:  # `check` writes nothing, not even a lock
                stack.enter_context(build_lock(project.cache_dir / "build.lock",
                                               options.waiting or (lambda message: None)))
            stack.enter_context(build_collector())
            cache = stack.enter_context(_cache(project, options, report))
            inputs = look(project.content, project.layouts, config, options.drafts,
                          options.future, project.theme)
            previous = cache.get(state_key(project.output)) if options.write else None
            run = Run(project, options, config, report, result, cache, inputs,
                      previous if isinstance(previous, Snapshot) else None, started)
            _stages(run)
    except LockError as exc:
        report.error(project.cache_dir, 0, str(exc))
    result.seconds = time.perf_counter() - started
    return result


def _where_to_write(project: Project, options: BuildOptions, report: Report) -> bool:
    if not options.write:
        return True
    reason = check_output_folder(project.output, project.root,
                                 (project.content, project.layouts, project.root / "seeds"))
    if reason:
        report.error(project.output, 0, reason)
        return False
    return True


@contextmanager
def _cache(project: Project, options: BuildOptions, report: Report) -> Iterator[Cache]:
    cache = Cache.open(project.cache_dir if options.cache else None)
    for note in cache.notes:
        report.warning(project.cache_dir / "folio.sqlite", 0, note)
    try:
        yield cache
    finally:
        cache.close(commit=options.write)  # `check` writes nothing, not even the cache


def _stages(run: Run) -> None:
    project, options, report, cache = run.project, run.options, run.report, run.cache
    previous = run.previous
    if previous is not None and cache.get(busy_key(project.output)):
        previous.output.buffer = None  # a build stopped mid-way: the buffer is unknown
    now = time.time()
    if (previous is not None and previous.stamp == run.inputs.stamp and now < previous.due
            and _site_intact(project.output, previous.output)):
        report.extend(previous.warnings)
        run.result.unchanged = True
        return

    # load and link, or patch the last build's graph
    patch = _patch(run, now)
    if patch is not None:
        graph, keys, bodies = patch.graph, patch.keys, BodyStore(cache, patch.keys)
        run.result.patched = len(patch.edited)
        report.extend(p for p in (previous.warnings if previous else ())
                      if p.path not in patch.shown)
        report.extend(patch.problems)
        due = previous.due if previous else float("inf")
    else:
        with lasting(), _progress(options.progress, "Converting", "articles") as bar:
            loading = load(str(project.content), display_path(project.content, report.root),
                           run.config, LoadOptions(options.drafts, options.future,
                                                   options.jobs),
                           report, now, cache, progress=bar)
            run.lap("load")
            memo = cache.get("related") or {}
            graph = build_graph(loading.corpus, run.config, report, memo,
                                partial(_in_workers, options.jobs))
        cache.put("related", memo)
        graph, keys, bodies = graph, loading.keys, loading.bodies
        due = _next_due(loading.corpus.future_dates, now)
    run.result.graph = graph
    run.lap("link")
    if report.failed:
        check_templates(project.layouts, report, project.theme)  # still find these
        return
    if not run.config.base_url:
        report.warning(project.config_file, 0, "base_url is not set: feeds, the sitemap and "
                       "canonical links use site-rooted URLs (/articles/…), right only at a "
                       "domain root; set base_url in site.toml or pass --base-url")

    # render pages and files, index for search, publish
    publisher = _publisher(run) if options.write else None
    if options.write and publisher is None:
        return
    marks = entry_marks(graph, keys)
    refresh = Refresh(Digester(marks, keys), publisher, options.jobs,
                      partial(_reopen, bodies),
                      previous.pages if patch and previous else None,
                      patch.changed if patch else frozenset())
    common = refresh.digester.of(files_digest(project.layouts), files_digest(project.theme),
                                 graph.config, site_context(graph))[0]
    specs = list(page_specs(graph, bodies))
    renderer = Renderer(graph, project.layouts, site_context(graph),
                        project.cache_dir / "jinja" if cache.enabled else None, project.theme)
    pages, lines = Published(), []
    with _progress(options.progress, "Rendering", "pages") as bar:
        tick = bar(len(specs))
        for spec, outcome in zip(specs, refresh.items([_output(s.url) for s in specs],
                                                      page_maker(specs, renderer, refresh,
                                                                 common), report),
                                 strict=False):
            pages.add(outcome.relative, outcome.mark, outcome.reads)
            run.result.kinds[spec.template] += 1
            if outcome.line:
                lines.append(outcome.line)
            tick(1)
    run.result.pages = len(pages.paths)
    run.lap("render")
    if report.failed:
        return
    files = list(extra_files(graph, lines))
    refresh.previous = previous.extras if patch and previous else None
    extras = Published()
    for outcome in refresh.items([f.relative for f in files],
                                 file_maker(files, bodies, refresh, common), report):
        extras.add(outcome.relative, outcome.mark, outcome.reads)
    run.lap("files")
    if publisher is None:
        return
    _copy_static(project, publisher, report)
    indexed = []
    if run.config.search:
        try:
            indexed = list(index_shards(list(shards(graph)), bodies, refresh.digester,
                                        publisher, previous.shards if previous else None,
                                        patch.changed if patch else None))
            check_bundles(publisher, len(indexed))
        except (SearchError, BundleError) as exc:
            report.error(project.output, 0, f"search index: {exc}")
    run.lap("search")
    if report.failed:
        return
    try:
        run.result.stats, output = publisher.commit()
    except OSError as exc:
        report.error(project.output, 0, f"cannot publish the site: {exc.strerror or exc}")
        return
    snapshot = Snapshot(run.inputs.stamp, run.inputs.frame, visible(run.inputs.content), due,
                        output, [p for p in report.problems if p.severity is Severity.WARNING
                                 and p.message not in cache.notes],
                        previous.graph_id if patch and previous else _graph_id(run, graph),
                        keys, pages, extras, indexed)
    if patch is not None and previous is not None:
        snapshot = patched(replace(snapshot, patches=previous.patches,
                                   related=previous.related), patch)
    cache.put(busy_key(project.output), False)
    cache.put(state_key(project.output), snapshot)
    if patch is None and cache.get(graph_key(project.output) + ":id") != snapshot.graph_id:
        # The graph is made from the content files and the settings: it is stored again
        # only when one of those changed (not for a layout edit).
        cache.put(graph_key(project.output), (snapshot.graph_id, graph))
        cache.put(graph_key(project.output) + ":id", snapshot.graph_id)
    run.lap("publish")


def _patch(run: Run, now: float) -> Patch | None:
    previous, options = run.previous, run.options
    if previous is None or previous.frame != run.inputs.frame or now >= previous.due:
        return None
    return plan(previous, run.inputs.content, run.project.content,
                display_path(run.project.content, run.report.root), run.config,
                options.drafts, run.cache, run.project.output)


def _graph_id(run: Run, graph: SiteGraph) -> str:
    return Digester(()).of(run.inputs.corpus, [entry.path for entry in graph.entries])[0]


def _publisher(run: Run) -> Publisher | None:
    """The publisher of this build's site; None (with an error) when the output folder
    holds files Folio did not write, or its scratch folders are in the way."""
    project, cache = run.project, run.cache
    state: OutputState | None = run.previous.output if run.previous else None
    try:
        foreign = foreign_files(project.output, state.live_inode if state else 0)
        if foreign is not None and not run.options.force:
            run.report.error(project.output, 0, f"the output folder holds files Folio did not "
                             f"write (such as {foreign!r}); choose an empty or new folder, or "
                             "pass --force to replace its contents")
            return None
        cache.put(busy_key(project.output), True)
        cache.commit()  # from here on the buffer is being changed: never trust it half-done
        return Publisher(project.output, state, adopt=foreign is not None)
    except OutputError as exc:
        run.report.error(exc.path, 0, exc.message)
        return None
    except OSError as exc:
        run.report.error(Path(exc.filename or project.output), 0,
                         f"cannot prepare the output folder: {exc.strerror or exc}")
        return None


def _copy_static(project: Project, publisher: Publisher, report: Report) -> None:
    """The theme's and layouts/ static files → static/*, stylesheets and scripts under
    fingerprinted names."""
    for asset in assets.collect(project.layouts / "static", project.theme / "static").values():
        try:
            data = asset.source.read_bytes()
        except OSError as exc:
            report.error(asset.source, 0, f"cannot read static file: {exc.strerror or exc}")
            continue
        mark = Digester(()).of(data)[0]
        if not publisher.keep(asset.published, mark):
            publisher.write(asset.published, data, mark)


def _output(url: str) -> str:
    from folio.urls import output_path

    return output_path(url)


def _reopen(bodies: BodyStore) -> None:
    """In a forked worker: read article bodies through a cache connection of its own."""
    bodies.reopen()


def _in_workers(jobs: int, tasks: Any) -> Iterator[Any]:
    return in_workers(tasks, jobs, RELATED_CHUNK, minimum=RELATED_PARALLEL_MINIMUM)


def _site_intact(folder: Path, output: OutputState) -> bool:
    """The output folder is the one last published, with none of its files deleted."""
    import os

    try:
        if folder.stat().st_ino != output.live_inode:
            return False
    except OSError:
        return False
    prefix = str(folder) + os.sep
    return all(os.path.exists(prefix + relative) for relative in output.live)


def _next_due(future_dates: tuple[float, ...], now: float) -> float:
    """When the earliest article left out for its future date becomes due."""
    due = [t for t in future_dates if t > now]
    return min(due) if due else float("inf")


@contextmanager
def _progress(enabled: bool, label: str, unit: str) -> Iterator[Callable[[int | None],
                                                                         Callable[[int], None]]]:
    """Yields a factory: given a total, it starts a bar and returns its `update`."""
    import os
    import sys

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


_unused = datetime  # typing of lines
