"""Loading with the cache and the workers: content/ → Corpus, converting only what changed.

Each file is parsed and converted once: the result is kept in the build cache under a hash
of the file's bytes and the settings (its content key), and a file whose size and mtime did
not change is not even read again. Files that do need converting are spread over `jobs`
forked processes. Bodies stay in the cache until a page shows them: the `BodyStore` reads
them by content path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

from folio.config import SiteConfig
from folio.content.load import (
    Corpus,
    Loaded,
    LoadOptions,
    SourceFile,
    assemble,
    discover,
    process,
)
from folio.incremental.cache import Cache, content_key
from folio.incremental.workers import in_workers
from folio.markup import SETTINGS_KEY
from folio.problems import Report

PARALLEL_MINIMUM = 48  # fewer files than this convert faster in this process


class BodyStore:
    """Article bodies as HTML, by content path: from memory where just converted, else
    from the cache by the file's content key."""

    def __init__(self, cache: Cache, keys: dict[str, str]) -> None:
        self._cache = cache
        self.keys = keys  # content path -> content key
        self._fresh: dict[str, str] = {}

    def reopen(self) -> None:
        """Read the cache through a connection of this process's own (after a fork)."""
        self._cache = self._cache.reader()

    def keep(self, key: str, html: str) -> None:
        """Hold a body in memory: one the cache does not hold (no cache, or just made)."""
        self._fresh[key] = html

    def __getitem__(self, path: str) -> str:
        key = self.keys[path]
        html = self._fresh.get(key)
        if html is None:
            html = self._cache.html(key)
        if html is None:
            raise KeyError(path)
        return html


def file_row(settings: str, shown: str) -> str:
    """What the cache knows a file by: its path under the settings it was converted with (a
    file whose size and mtime did not change is converted again when the settings did)."""
    return f"{settings}\0{shown}"


def settings_key(config: SiteConfig) -> str:
    """Everything besides a file's bytes that changes how it is parsed or converted."""
    taxonomies = ",".join(t.key for t in config.taxonomies)
    return f"{SETTINGS_KEY};trust={config.trust_html};tz={config.timezone};tax={taxonomies}"


@dataclass(frozen=True)
class Loading:
    corpus: Corpus
    bodies: BodyStore
    keys: dict[str, str]  # content path -> content key, for every file read


def load(content: str, shown: str, config: SiteConfig, options: LoadOptions, report: Report,
         now: float, cache: Cache,
         progress: Callable[[int], Callable[[int], None]] | None = None) -> Loading:
    """The corpus of `content`, converting only what the cache does not already hold."""
    settings = settings_key(config)
    sources = discover(content, shown, report)
    keys: dict[str, str] = {}
    misses: list[tuple[str, SourceFile, bytes]] = []

    def read(source: SourceFile) -> None:
        """Read a file to convert it: its key is then that of its bytes."""
        try:
            with open(source.path, "rb") as handle:
                data = handle.read()
        except OSError as exc:
            report.error(source.shown, 0, f"cannot read file: {exc.strerror or exc}")
            keys.pop(source.shown, None)
            return
        key = keys[source.shown] = content_key(settings, source.shown, data)
        cache.remember_file(file_row(settings, source.shown), source.mtime_ns, source.size,
                            key)
        misses.append((key, source, data))

    for source in sources:
        known = cache.file_key(file_row(settings, source.shown), source.mtime_ns, source.size)
        if known is None:
            read(source)
        else:
            keys[source.shown] = known

    found: dict[str, Loaded] = cache.metas(keys.values())
    just_read = {source.shown for _, source, _ in misses}
    for source in sources:  # a file row that outlived its document (a damaged cache):
        key = keys.get(source.shown)  # read the file again rather than lose the article
        if key is not None and key not in found and source.shown not in just_read:
            read(source)
    jobs = [job for job in misses if job[0] not in found]
    bodies = BodyStore(cache, keys)
    tick = progress(len(jobs)) if progress else (lambda n: None)
    for key, fresh, html in _convert(jobs, config, options.jobs, tick):
        found[key] = fresh
        cache.store(key, fresh, html)
        if not cache.writable:
            bodies.keep(key, html)
    cache.keep_only(keys.values(), (file_row(settings, shown) for shown in keys))

    def processed() -> Iterator[tuple[Loaded, str]]:
        for source in sources:
            key = keys.get(source.shown)
            loaded = found.get(key) if key else None
            if loaded is not None:
                html = bodies[source.shown] if loaded.kind in ("page", "profile") else ""
                yield loaded, html

    return Loading(assemble(processed(), options, now, report), bodies, keys)


def load_one(cache: Cache, config: SiteConfig, shown: str, folder: str, data: bytes,
             stat: tuple[int, int]) -> tuple[Loaded, str]:
    """One file's bytes (whose mtime and size are `stat`), parsed and converted, from the
    cache or now (and cached); and its content key."""
    settings = settings_key(config)
    key = content_key(settings, shown, data)
    cache.remember_file(file_row(settings, shown), *stat, key)
    loaded = cache.metas([key]).get(key)
    if not isinstance(loaded, Loaded):
        loaded, html = process(data, shown, folder, config)
        cache.store(key, loaded, html)
    return loaded, key


def _convert(jobs: list[tuple[str, SourceFile, bytes]], config: SiteConfig, workers: int,
             tick: Callable[[int], None]) -> Iterator[tuple[str, Loaded, str]]:
    """Each job converted, in order: by forked workers (which share the jobs' bytes with
    this process) when there are enough of them."""
    chunk = max(1, min(64, len(jobs) // (max(1, workers) * 8)))
    tasks = [partial(process, data, source.shown, source.folder, config)
             for _, source, data in jobs]
    for (key, _, _), (loaded, html) in zip(
            jobs, in_workers(tasks, workers, chunk, minimum=PARALLEL_MINIMUM), strict=True):
        tick(1)
        yield key, loaded, html
