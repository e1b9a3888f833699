"""content/ → Corpus: every article, term profile and page, parsed and converted.

Each file is parsed and converted once: the result is kept in the build cache under a hash
of the file's bytes and the settings, and a file whose size and mtime did not change is not
even read again. Files that do need converting are spread over `jobs` processes. Bodies stay
in the cache until a page is rendered; the corpus holds only what linking needs.
Files are taken in sorted order so the site never depends on how the file system lists them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

from folio.cache import Cache, content_key
from folio.config import SiteConfig
from folio.content import (
    Article,
    Page,
    TermProfile,
    decode_text,
    parse_article,
    parse_page,
    parse_profile,
)
from folio.graph import Corpus
from folio.markup import SETTINGS_KEY, Rendered, to_html
from folio.problems import Problem, Report, display_path
from folio.workers import in_workers

PARALLEL_MINIMUM = 48  # fewer files than this convert faster in this process


@dataclass(frozen=True)
class LoadOptions:
    drafts: bool = False
    future: bool = False
    jobs: int = 1


@dataclass(frozen=True)
class Loaded:
    """One content file as the cache keeps it: bodies live apart, in the html column."""

    kind: str  # "article", "page", "profile" or "" when the file had errors
    value: Article | Page | TermProfile | None
    rendered: Rendered | None
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class _Source:
    path: Path
    shown: str
    folder: str
    stat: os.stat_result


class BodyStore:
    """Article bodies as HTML, by content key: from memory where fresh, else the cache."""

    def __init__(self, cache: Cache) -> None:
        self._cache = cache
        self._fresh: dict[str, str] = {}

    def reopen(self) -> None:
        """Read the cache through a connection of this process's own (after a fork)."""
        self._cache = self._cache.reader()

    def keep(self, key: str, html: str, in_cache: bool) -> None:
        if not in_cache:
            self._fresh[key] = html

    def __getitem__(self, key: str) -> str:
        html = self._fresh.get(key)
        if html is None:
            html = self._cache.html(key)
        if html is None:
            raise KeyError(key)
        return html


def settings_key(config: SiteConfig) -> str:
    """Everything besides a file's bytes that changes how it is parsed or converted."""
    taxonomies = ",".join(t.key for t in config.taxonomies)
    return f"{SETTINGS_KEY};trust={config.trust_html};tz={config.timezone};tax={taxonomies}"


def content_files(folder: Path) -> list[Path]:
    """Every visible file below `folder`, sorted (see `_content_parts`)."""
    return [folder.joinpath(*parts) for parts in _content_parts(folder)]


def hidden(relative: str) -> bool:
    """Whether a file below content/ is one the build skips: a part of its path starts
    with "." or ends in "~" (editors' backups)."""
    return any(part.startswith(".") or part.endswith("~") for part in relative.split("/"))


def _content_parts(folder: Path) -> list[tuple[str, ...]]:
    """The path parts of every file below `folder`, sorted. Names that start with "." or
    end in "~" (editors' backups) are hidden; a linked folder is not followed."""
    found: list[tuple[str, ...]] = []

    def walk(directory: str, parts: tuple[str, ...]) -> None:
        try:
            with os.scandir(directory) as scan:
                entries = list(scan)
        except OSError:
            return
        for entry in entries:
            name = entry.name
            if hidden(name):
                continue
            if entry.is_dir(follow_symlinks=False):
                walk(entry.path, (*parts, name))
            elif entry.is_file():
                found.append((*parts, name))

    if folder.is_dir():
        walk(str(folder), ())
    return sorted(found)


def _sources(content: Path, report: Report) -> Iterator[_Source]:
    prefix = display_path(content, report.root)
    for parts in _content_parts(content):
        shown = f"{prefix}/{'/'.join(parts)}"
        if os.path.splitext(parts[-1])[1] != ".md":
            if parts[0] == "articles" or len(parts) == 1:
                report.warning(shown, 0, "not a Markdown file (.md); ignored")
            continue
        if len(parts) == 1:
            report.warning(shown, 0, "Markdown files belong in articles/, pages/ or a "
                           "taxonomy folder; ignored")
            continue
        path = content.joinpath(*parts)
        try:
            stat = os.stat(path)
        except OSError as exc:
            report.error(shown, 0, f"cannot read file: {exc.strerror or exc}")
            continue
        yield _Source(path, shown, parts[0], stat)


def process(data: bytes, shown: str, folder: str, config: SiteConfig) -> tuple[Loaded, str]:
    """Parse and convert one file's bytes: the pure core of loading."""
    report = Report()
    text = decode_text(data, shown, report)
    value: Article | Page | TermProfile | None = None
    rendered: Rendered | None = None
    if text is not None:
        if folder == "articles":
            value = parse_article(text, shown, config, report)
        elif folder == "pages":
            value = parse_page(text, shown, report)
        else:
            value = parse_profile(text, shown, folder, report)
    html = ""
    if value is not None:
        full = to_html(value.body, config.trust_html)
        html = full.html
        rendered = replace(full, html="", text="")
        value = replace(value, body="")
    kind = "" if value is None else ("article" if folder == "articles" else
                                     "page" if folder == "pages" else "profile")
    return Loaded(kind, value, rendered, tuple(report.problems)), html


def _convert(jobs: list[tuple[str, str, str, bytes]], config: SiteConfig, workers: int,
             tick: Callable[[int], None]) -> Iterator[tuple[str, Loaded, str]]:
    """Each job converted, in order: by forked workers (which share the jobs' bytes with
    this process) when there are enough of them."""
    chunk = max(1, min(64, len(jobs) // (max(1, workers) * 8)))
    tasks = [partial(process, data, shown, folder, config) for _, shown, folder, data in jobs]
    for (key, _, _, _), (loaded, html) in zip(
            jobs, in_workers(tasks, workers, chunk, minimum=PARALLEL_MINIMUM), strict=True):
        tick(1)
        yield key, loaded, html


def load_corpus(content: Path, config: SiteConfig, options: LoadOptions, report: Report,
                now_timestamp: float, cache: Cache,
                progress: Callable[[int, int], Callable[[int], None]] | None = None) -> Corpus:
    """The corpus of `content/`, converting only what the cache does not already hold."""
    if not content.is_dir():
        report.error(content, 0, "content folder not found")
        return Corpus(())
    settings = settings_key(config)
    sources = list(_sources(content, report))
    keys: dict[str, str] = {}
    misses: list[tuple[str, str, str, bytes]] = []

    def read(source: _Source) -> None:
        """Read a file to convert it: its key is then that of its bytes."""
        try:
            data = source.path.read_bytes()
        except OSError as exc:
            report.error(source.shown, 0, f"cannot read file: {exc.strerror or exc}")
            keys.pop(source.shown, None)
            return
        key = keys[source.shown] = content_key(settings, source.shown, data)
        st = source.stat
        cache.remember_file(source.shown, st.st_mtime_ns, st.st_size, key)
        misses.append((key, source.shown, source.folder, data))

    for source in sources:
        st = source.stat
        known = cache.file_key(source.shown, st.st_mtime_ns, st.st_size)
        if known is None:
            read(source)
        else:
            keys[source.shown] = known

    found: dict[str, Loaded] = cache.metas(keys.values())
    just_read = {job[1] for job in misses}
    for source in sources:  # a file row that outlived its document (a damaged cache):
        key = keys.get(source.shown)  # read the file again rather than lose the article
        if key is not None and key not in found and source.shown not in just_read:
            read(source)
    jobs = [job for job in misses if job[0] not in found]
    bodies = BodyStore(cache)
    tick = progress(len(jobs), len(sources)) if progress else (lambda n: None)
    for key, fresh, html in _convert(jobs, config, options.jobs, tick):
        found[key] = fresh
        cache.store(key, fresh, html)
        bodies.keep(key, html, in_cache=cache.enabled)

    articles: list[tuple[Article, Rendered]] = []
    pages: list[tuple[Page, Rendered]] = []
    profiles: list[TermProfile] = []
    profile_html: dict[str, str] = {}
    article_keys: dict[str, str] = {}
    future: list[float] = []
    for source in sources:
        key = keys.get(source.shown)
        loaded = found.get(key) if key else None
        if loaded is None:
            continue
        report.extend(loaded.problems)
        value, rendered = loaded.value, loaded.rendered
        if isinstance(value, Article) and rendered is not None:
            if value.draft and not options.drafts:
                continue
            if not options.future and value.date.timestamp() > now_timestamp:
                future.append(value.date.timestamp())
                continue
            articles.append((value, rendered))
            article_keys[value.path] = key or ""
        elif isinstance(value, Page) and rendered is not None:
            pages.append((value, replace(rendered, html=bodies[key or ""])))
        elif isinstance(value, TermProfile):
            profiles.append(value)
            profile_html[value.path] = bodies[key or ""]
    cache.keep_only(keys.values(), keys)
    return Corpus(tuple(articles), tuple(profiles), tuple(pages), article_keys, bodies,
                  profile_html, tuple(future))


def corpus_from_files(content: Path, config: SiteConfig, report: Report,
                      **options: Any) -> Corpus:
    """Load without a cache, in this process: for tests and one-off checks."""
    import time

    return load_corpus(content, config, LoadOptions(**options), report, time.time(),
                       Cache.open(None))
