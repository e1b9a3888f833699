"""The one place that knows the order of the stages:

    content/ ──load──▶ Corpus ──link──▶ SiteGraph ──render──▶ pages ──publish──▶ site/
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from folio.config import SiteConfig, load_config
from folio.discover import extra_files
from folio.graph import SiteGraph, build_graph
from folio.loader import LoadOptions, load_corpus
from folio.output import Publisher, PublishStats, check_output_folder
from folio.problems import Report
from folio.render import render_pages
from folio.search import SearchError, index_files


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


@dataclass(frozen=True)
class BuildOptions:
    drafts: bool = False
    future: bool = False
    base_url: str | None = None
    write: bool = True  # False for `check`: every stage but publish


@dataclass
class BuildResult:
    report: Report
    graph: SiteGraph | None = None
    stats: PublishStats | None = None
    pages: int = 0
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)


def build(project: Project, options: BuildOptions, report: Report | None = None) -> BuildResult:
    report = report or Report(root=project.root)
    result = BuildResult(report)
    started = time.perf_counter()

    def lap(stage: str) -> None:
        result.timings[stage] = time.perf_counter() - started - sum(result.timings.values())

    config = load_config(project.config_file, report)
    if options.base_url is not None:
        from dataclasses import replace

        config = replace(config, base_url=options.base_url)
    if options.write:
        reason = check_output_folder(project.output, project.root,
                                     (project.content, project.layouts, project.root / "seeds"))
        if reason:
            report.error(project.output, 0, reason)
    if not project.layouts.is_dir():
        report.error(project.layouts, 0, "layouts folder not found")
    if report.failed:
        return result
    corpus, profile_html = load_corpus(project.content, config,
                                       LoadOptions(options.drafts, options.future), report,
                                       time.time())
    lap("load")
    graph = build_graph(corpus, config, report, profile_html)
    result.graph = graph
    lap("link")
    if report.failed:
        return result
    if not config.base_url:
        report.warning(project.config_file, 0, "base_url is not set: feeds, the sitemap and "
                       "canonical links use site-rooted URLs (/articles/…), right only at a "
                       "domain root; set base_url in site.toml or pass --base-url")
    publisher = Publisher(project.output) if options.write else None
    try:
        for path, data in render_pages(graph, project.layouts, report):
            result.pages += 1
            if publisher:
                publisher.write(path, data)
        for path, data in extra_files(graph):
            if publisher:
                publisher.write(path, data)
        lap("render")
        if publisher and not report.failed:
            try:
                for path, data in index_files(publisher.staging, project.output):
                    publisher.write(path, data)
            except SearchError as exc:
                report.error(project.output, 0, str(exc))
            lap("search")
        if publisher and not report.failed:
            _copy_static(project, config, publisher)
            result.stats = publisher.commit()
            lap("publish")
    finally:
        if publisher and result.stats is None:
            publisher.abort()
    result.seconds = time.perf_counter() - started
    return result


def _copy_static(project: Project, config: SiteConfig, publisher: Publisher) -> None:
    if not project.static.is_dir():
        return
    for path in sorted(project.static.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            publisher.copy("static/" + path.relative_to(project.static).as_posix(), path)
