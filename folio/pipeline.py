"""The one place that knows the order of the stages:

    content/ ─load─▶ Corpus ─link─▶ SiteGraph ─render─▶ pages, files, search ─publish─▶ site/

`build` and `_stages` read top to bottom as that order. The speed layer
(`folio.incremental`) wraps the stages without their knowing: it loads from the cache,
may patch the last build's graph instead of linking again, digests every page and file so
that only what changed is made, and keeps one typed record (`incremental.state.Snapshot`)
of what each build published.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

from folio.config import SiteConfig, load_config
from folio.content.load import LoadOptions, with_bundles
from folio.graph.build import build_graph
from folio.graph.model import SiteGraph
from folio.incremental.cache import Cache
from folio.incremental.digest import Digester, entry_marks, files_digest
from folio.incremental.indexing import check_bundles, index_shards
from folio.incremental.loading import BodyStore, load
from folio.incremental.memory import build_collector, lasting
from folio.incremental.patch import Patch, patched, plan, visible
from folio.incremental.refresh import Published, Refresh, file_maker, page_maker
from folio.incremental.state import (
    Inputs,
    ShardRecord,
    Snapshot,
    busy_key,
    graph_key,
    look,
    site_intact,
    state_key,
)
from folio.incremental.workers import in_workers
from folio.outputs.files import extra_files, sitemap_line
from folio.pages.kinds import PageSpec, claimant, page_specs, site_context, url_collisions
from folio.pages.templates import Renderer, check_readable, check_templates
from folio.problems import Report, Severity, display_path
from folio.progress import progress
from folio.project import BuildOptions, BuildResult, Project
from folio.publish import assets
from folio.publish.lock import LockError, build_lock
from folio.publish.output import (
    OutputError,
    OutputState,
    Publisher,
    check_output_folder,
    foreign_files,
)
from folio.search.bundle import BundleError
from folio.search.pagefind import SearchError
from folio.search.records import shards
from folio.urls import output_path

__all__ = ["BuildOptions", "BuildResult", "Project", "build"]

RELATED_CHUNK = 250
RELATED_PARALLEL_MINIMUM = 500  # related lists to work out: below this, workers cost more


@dataclass
class Run:
    """What one build carries from stage to stage."""

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


@dataclass(frozen=True)
class Linked:
    """The site to render: its graph, the body store, each file's content key; and, when
    the build patched the last one, the patch."""

    graph: SiteGraph
    bodies: BodyStore
    keys: dict[str, str]
    due: float  # when the first article left out for its date comes due
    patch: Patch | None = None


@dataclass(frozen=True)
class Made:
    digester: Digester
    pages: Published
    extras: Published


def build(project: Project, options: BuildOptions, report: Report | None = None) -> BuildResult:
    report = report or Report(root=project.root)
    result = BuildResult(report)
    started = time.perf_counter()
    config = load_config(project.config_file, report)
    if options.base_url is not None:
        config = replace(config, base_url=options.base_url)
    if report.failed:  # the defaults stand in: go on to find every other problem
        options = replace(options, write=False)
    if _where_to_write(project, options, report):
        try:
            with ExitStack() as stack:
                if options.cache and options.write:  # `check` writes nothing, not a lock
                    stack.enter_context(build_lock(project.cache_dir / "build.lock",
                                                   options.waiting or (lambda message: None)))
                stack.enter_context(build_collector())
                cache = stack.enter_context(_cache(project, options, report))
                inputs = look(project.content, project.layouts, config, options.drafts,
                              options.future, project.theme)
                previous = cache.get(state_key(project.output)) if options.write else None
                _stages(Run(project, options, config, report, result, cache, inputs,
                            previous if isinstance(previous, Snapshot) else None, started))
        except LockError as exc:
            report.error(project.cache_dir, 0, str(exc))
    result.seconds = time.perf_counter() - started
    return result


def _stages(run: Run) -> None:
    """The stages, in order."""
    if _unchanged(run):
        return
    site = _load_and_link(run)
    run.lap("link")
    readable = check_readable(run.project.layouts, run.report)
    if run.report.failed:
        if readable:  # still find a layout's problems
            check_templates(run.project.layouts, run.report, run.project.theme)
        return
    if not run.config.base_url:
        run.report.warning(run.project.config_file, 0, "base_url is not set: feeds, the "
                           "sitemap and canonical links use site-rooted URLs (/articles/…), "
                           "right only at a domain root; set base_url in site.toml or pass "
                           "--base-url")
    publisher = _publisher(run) if run.options.write else None
    if run.options.write and publisher is None:
        return
    try:
        made = _render(run, site, publisher)
        if made is None or publisher is None:
            return
        _copy_static(run.project, publisher, run.report)
        _copy_bundles(run.project, site.graph, publisher, run.report)
        indexed = _index(run, site, publisher, made.digester)
        run.lap("search")
        if indexed is not None and not run.report.failed:
            _publish(run, site, publisher, made, indexed)
            run.lap("publish")
    except OSError as exc:  # a full disk, a read-only file system, a folder not ours to write
        run.report.error(Path(exc.filename or run.project.output), 0,
                         f"cannot write the site: {exc.strerror or exc}")
        if publisher is not None:  # the half-written buffer goes, rather than fill the disk
            shutil.rmtree(publisher.buffer, ignore_errors=True)


def _unchanged(run: Run) -> bool:
    """Whether nothing changed since the last build (then its warnings are repeated)."""
    previous = run.previous
    if previous is not None and run.cache.get(busy_key(run.project.output)):
        previous.output.buffer = None  # a build stopped mid-way: the buffer is unknown
    if (previous is None or previous.stamp != run.inputs.stamp or time.time() >= previous.due
            or not site_intact(run.project.output, previous.output)):
        return False
    run.report.extend(previous.warnings)
    run.result.unchanged = True
    return True


def _load_and_link(run: Run) -> Linked:
    """Load the content and link it; or, when only articles' bodies changed, patch the last
    build's graph."""
    project, options, report, cache, previous = (run.project, run.options, run.report,
                                                  run.cache, run.previous)
    now = time.time()
    shown = display_path(project.content, report.root)
    patch = None
    if previous is not None and previous.frame == run.inputs.frame and now < previous.due:
        patch = plan(previous, run.inputs.content, project.content, shown, run.config,
                     options.drafts, cache, project.output)
    if patch is not None and previous is not None:
        run.result.patched = len(patch.edited)
        report.extend(p for p in previous.warnings if p.path not in patch.shown)
        report.extend(patch.problems)
        run.result.graph = patch.graph
        return Linked(patch.graph, BodyStore(cache, patch.keys), patch.keys, previous.due,
                      patch)
    with lasting(), progress(options.progress, "Converting", "articles") as bar:
        loading = load(str(project.content), shown, run.config,
                       LoadOptions(options.drafts, options.future, options.jobs), report, now,
                       cache, progress=bar)
        run.lap("load")
        memo = cache.get("related") or {}
        corpus = with_bundles(loading.corpus, str(project.content), shown)
        graph = build_graph(corpus, run.config, report, memo,
                            partial(_related_in_workers, options.jobs))
    cache.put("related", memo)
    run.result.graph = graph
    future = [t for t in loading.corpus.future_dates if t > now]
    return Linked(graph, loading.bodies, loading.keys, min(future, default=float("inf")))


def _render(run: Run, site: Linked, publisher: Publisher | None) -> Made | None:
    """Every page, then every other file: digested, and made unless it is unchanged."""
    graph, report, previous, patch = site.graph, run.report, run.previous, site.patch
    digester = Digester(entry_marks(graph, site.keys), site.keys)
    refresh = Refresh(digester, publisher, run.options.jobs, partial(_reopen, site.bodies),
                      previous.pages if patch and previous else None,
                      patch.changed if patch else frozenset())
    common = digester.of(files_digest(run.project.layouts), files_digest(run.project.theme),
                         graph.config, site_context(graph))[0]
    specs = list(page_specs(graph, site.bodies))
    if not _urls_unique(specs, run):
        return None
    renderer = Renderer(graph, run.project.layouts, site_context(graph),
                        run.project.cache_dir / "jinja" if run.cache.enabled else None,
                        run.project.theme)
    pages, lines = Published(), []
    with progress(run.options.progress, "Rendering", "pages") as bar:
        tick = bar(len(specs))
        paths = [output_path(spec.url) for spec in specs]
        of = dict(zip(paths, specs, strict=True))
        # Every outcome is taken, to the end: the workers then stop at once, not when the
        # collector gets to them (they would hold their memory through the next stages).
        for outcome in refresh.items(paths, page_maker(specs, renderer, refresh, common),
                                     report):
            spec = of[outcome.relative]
            pages.add(outcome.relative, outcome.mark, outcome.reads)
            run.result.kinds[spec.template] += 1
            line = sitemap_line(spec.url, spec.shown())
            if line:
                lines.append(line)
            tick(1)
    run.result.pages = len(pages.paths)
    run.lap("render")
    if report.failed:
        return None
    files = list(extra_files(graph, lines))
    refresh.previous = previous.extras if patch and previous else None
    extras = Published()
    plain = digester.of("files", graph.config)[0]  # made by Folio itself: no layout reads
    for outcome in refresh.items([f.relative for f in files],
                                 file_maker(files, site.bodies, refresh, plain), report):
        extras.add(outcome.relative, outcome.mark, outcome.reads)
    run.lap("files")
    return None if report.failed else Made(digester, pages, extras)


def _index(run: Run, site: Linked, publisher: Publisher, digester: Digester
           ) -> list[ShardRecord] | None:
    """The search index, shard by shard, checked whole in the new site."""
    if not run.config.search:
        return []
    previous, patch = run.previous, site.patch
    try:
        indexed = index_shards(list(shards(site.graph)), site.bodies, digester, publisher,
                               previous.shards if previous else None,
                               patch.changed if patch else None, run.options.jobs)
        check_bundles(publisher, len(indexed))
    except (SearchError, BundleError) as exc:
        run.report.error(run.project.output, 0, f"search index: {exc}")
        return None
    return indexed


def _publish(run: Run, site: Linked, publisher: Publisher, made: Made,
             indexed: list[ShardRecord]) -> None:
    """Swap the new site in, and remember what it is made of for the next build."""
    project, cache, previous, patch = run.project, run.cache, run.previous, site.patch
    run.result.stats, output = publisher.commit()
    warnings = [p for p in run.report.problems
                if p.severity is Severity.WARNING and p.message not in cache.notes]
    graph_id = previous.graph_id if patch and previous else Digester(()).of(
        run.inputs.corpus, [entry.path for entry in site.graph.entries])[0]
    snapshot = Snapshot(run.inputs.stamp, run.inputs.frame, visible(run.inputs.content),
                        site.due, output, warnings, graph_id, site.keys, made.pages,
                        made.extras, indexed)
    if patch is not None and previous is not None:
        snapshot = patched(replace(snapshot, patches=previous.patches,
                                   related=previous.related), patch)
    cache.put(busy_key(project.output), False)
    cache.put(state_key(project.output), snapshot)
    if patch is None and cache.get(graph_key(project.output) + ":id") != graph_id:
        # The graph is made from the content files and the settings: it is stored again
        # only when one of those changed (not for a layout edit).
        cache.put(graph_key(project.output), (graph_id, site.graph))
        cache.put(graph_key(project.output) + ":id", graph_id)


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
    cache = Cache.open(project.cache_dir if options.cache else None, read_only=not options.write)
    for note in cache.notes:
        report.warning(project.cache_dir / "folio.sqlite", 0, note)
    try:
        yield cache
    finally:
        cache.close(commit=options.write)  # `check` writes nothing, not even the cache


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
    except OSError as exc:
        run.report.error(Path(exc.filename or project.output), 0,
                         f"cannot prepare the output folder: {exc.strerror or exc}")
    return None


def _urls_unique(specs: list[PageSpec], run: Run) -> bool:
    """Report every URL two pages claim (the graph has named colliding content files
    already; these are the rest: a term, a page or an article on the archive's own URLs)."""
    report = run.report
    for url, claims in url_collisions(specs):
        sources = [spec.source for spec in claims if spec.source]
        for spec in claims:
            others = ", ".join(claimant(other) for other in claims if other is not spec)
            if spec.source or not sources:
                where: str | Path = spec.source or run.project.config_file
                report.error(where, 1 if spec.source else 0, f"{url} is also the URL of "
                             f"{others}")
    return not report.failed


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


def _copy_bundles(project: Project, graph: SiteGraph, publisher: Publisher,
                  report: Report) -> None:
    """The files of page bundles → beside their articles' pages, each under a digest of its
    bytes (like the static files): an unchanged image is kept, never written again."""
    for source, published in graph.bundle_files:
        path = project.content / source
        try:
            data = path.read_bytes()
        except OSError as exc:
            report.error(path, 0, f"cannot read file: {exc.strerror or exc}")
            continue
        mark = Digester(()).of(data)[0]
        if not publisher.keep(published, mark):
            publisher.write(published, data, mark)



def _reopen(bodies: BodyStore) -> None:
    """In a forked worker: read article bodies through a cache connection of its own."""
    bodies.reopen()


def _related_in_workers(jobs: int, tasks: Any) -> Iterator[Any]:
    return in_workers(tasks, jobs, RELATED_CHUNK, minimum=RELATED_PARALLEL_MINIMUM)
