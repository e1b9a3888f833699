"""The one place that knows the order of the stages:

    content/ ──load──▶ Corpus ──link──▶ SiteGraph ──render──▶ pages ──publish──▶ site/

Every build is incremental: the cache in `.cache/` keeps each file's parsed front matter and
converted body, and each page's fingerprint. A page whose fingerprint did not change is not
rendered again, and a build whose inputs did not change at all stops after one look at them.
"""

from __future__ import annotations

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
from folio.graph import SiteGraph, build_graph
from folio.loader import LoadOptions, load_corpus
from folio.output import OutputState, Publisher, PublishStats, check_output_folder
from folio.problems import Report, Severity
from folio.render import check_templates, render_pages, reopen_bodies
from folio.search import SearchError, index_files, pagefind_version
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
    timings: dict[str, float] = field(default_factory=dict)


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
    try:
        _build(project, options, config, cache, report, result, lap)
    finally:
        cache.close(commit=options.write)  # `check` writes nothing, not even the cache
    result.seconds = time.perf_counter() - started
    return result


def _build(project: Project, options: BuildOptions, config: SiteConfig, cache: Cache,
           report: Report, result: BuildResult, lap: Callable[[str], None]) -> None:
    output_key = f"output:{project.output.resolve()}"
    state: dict[str, Any] = cache.get(output_key) or {} if options.write else {}
    now = time.time()
    stamp = _input_stamp(project, config, options)
    output: OutputState | None = state.get("output")
    if (options.write and state.get("stamp") == stamp and output is not None
            and now < state.get("due", float("inf"))
            and _site_intact(project.output, output)):
        report.extend(state.get("warnings", ()))
        result.unchanged = True
        return

    load = LoadOptions(options.drafts, options.future, options.jobs)
    with _progress(options.progress, "Converting", "articles") as bar:
        corpus = load_corpus(project.content, config, load, report, now, cache,
                             progress=lambda total, _all: bar(total))
    lap("load")
    related_memo = cache.get("related") or {}
    graph = build_graph(corpus, config, report, related_memo, options.jobs)
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

    publisher = None
    if options.write:
        cache.put(output_key, {**state, "output": replace(output, buffer=None)}
                  if output else {})
        cache.commit()  # from here on the buffer is being changed: never trust it half-done
        publisher = Publisher(project.output, output)
    pages = render_pages(graph, project.layouts, report,
                         skip=publisher.reuse if publisher else None,
                         bytecode=project.cache_dir / "jinja" if cache.enabled
                         and options.write else None,
                         can_skip=publisher.can_reuse if publisher else None,
                         jobs=options.jobs)
    lastmods: list[tuple[str, datetime | None]] = []
    indexed: list[str] = []  # fingerprints of the pages the search index reads
    with _progress(options.progress, "Rendering", "pages") as bar:
        tick = bar(None)
        for page in pages:
            result.pages += 1
            result.kinds[page.template] += 1
            tick(1)
            if page.lastmod:
                lastmods.append(page.lastmod)
            if page.template == "article.html":
                indexed.append(page.mark)
            if publisher and page.data is not None:
                publisher.write(page.relative, page.data, page.mark)
    lap("render")
    if publisher is None or report.failed:
        return
    _publish_extras(graph, publisher, lastmods, options.jobs)
    _copy_static(project, publisher)
    publisher.prune()  # the buffer now holds exactly the new site: index it
    search = _search(config, publisher, indexed, state.get("search"), report)
    if report.failed:
        return
    lap("search")
    try:
        result.stats, new_output = publisher.commit()
    except OSError as exc:
        report.error(project.output, 0, f"cannot publish the site: {exc}")
        return
    cache.put(output_key, {
        "stamp": stamp,
        "output": new_output,
        "due": _next_due(corpus.future_dates, now),
        "warnings": [p for p in report.problems if p.severity is Severity.WARNING
                     and p.message not in cache.notes],  # a cache note is this build's
        "search": search,
    })
    lap("publish")


EXTRAS_PARALLEL_MINIMUM = 200  # files to make: below this, workers cost more than they save
EXTRAS_CHUNK = 16


def _publish_extras(graph: SiteGraph, publisher: Publisher,
                    lastmods: list[tuple[str, datetime | None]], jobs: int) -> None:
    """Feeds, sitemap, robots.txt and BibTeX records: made only where they changed, by
    forked workers when there are many (a cold build has one record per article)."""
    todo = [(relative, mark, produce) for relative, mark, produce in extra_files(graph, lastmods)
            if not publisher.reuse(relative, mark)]
    made = in_workers([produce for _, _, produce in todo], jobs, EXTRAS_CHUNK,
                      partial(reopen_bodies, graph), EXTRAS_PARALLEL_MINIMUM)
    for (relative, mark, _), data in zip(todo, made, strict=True):
        publisher.write(relative, data, mark)


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


def _input_stamp(project: Project, config: SiteConfig, options: BuildOptions) -> str:
    """Names, sizes and mtimes of every input: equal stamps mean an identical build."""
    entries: list[str] = []  # one string per file: hashed at once, not value by value
    for folder in (project.content, project.layouts):
        for root, dirs, files in os.walk(folder):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(root, name)
                st = os.stat(path)
                entries.append(f"{path}\0{st.st_mtime_ns}\0{st.st_size}")
    return fingerprint(__version__, repr(config), options.drafts, options.future,
                       "\n".join(entries))


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
