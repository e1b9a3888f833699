"""The search index, shard by shard: a shard whose articles did not change is kept as it
was published; the others are indexed again by Pagefind, `jobs` shards at a time (each by
its own Pagefind process: the threads here only wait on their pipes).

A shard is digested like a file's view (its entries stand for their marks), and each of
its files is published under its own digest, like a page. Before the site is swapped in,
`check_bundles` reads the new site's bundles back and makes sure every file a search will
ask for is there.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor

from folio.content.load import Bodies
from folio.incremental.digest import Digester, digest
from folio.incremental.state import ShardRecord
from folio.publish.output import Publisher
from folio.search.bundle import BundleError, normalise, verify
from folio.search.pagefind import Service, bundle_files, pagefind_version
from folio.search.records import Shard, bundle_folder, records


def index_shards(shards: Sequence[Shard], bodies: Bodies, digester: Digester,
                 publisher: Publisher, previous: Sequence[ShardRecord] | None,
                 changed: frozenset[int] | None, jobs: int = 1) -> list[ShardRecord]:
    """Each shard's record, kept or indexed anew; raises SearchError or BundleError.
    `changed` (a patch build's) skips digesting the shards that hold none of the changed
    entries."""
    common = digest("search-1", pagefind_version())
    same_plan = previous is not None and len(previous) == len(shards)
    done: dict[int, ShardRecord] = {}
    todo: list[tuple[Shard, str, tuple[int, ...]]] = []
    for shard in shards:
        old = previous[shard.number] if same_plan and previous is not None else None
        if old is not None and changed is not None and changed.isdisjoint(old.reads) \
                and _keep(publisher, old):
            done[shard.number] = old
            continue
        mark, reads = digester.of(common, shard)
        if old is not None and old.mark == mark and _keep(publisher, old):
            done[shard.number] = ShardRecord(mark, reads, old.files)
            continue
        todo.append((shard, mark, reads))
    made = _index([shard for shard, _, _ in todo], bodies, jobs)
    for (shard, mark, reads), files in zip(todo, made, strict=True):
        folder = bundle_folder(shard.number)
        marks = {}
        for name, data in normalise(files, primary=shard.number == 0).items():
            relative = folder + name
            marks[relative] = file_mark = digest(data)
            if not publisher.keep(relative, file_mark):
                publisher.write(relative, data, file_mark)
        done[shard.number] = ShardRecord(mark, reads, marks)
    return [done[shard.number] for shard in shards]


def _index(shards: list[Shard], bodies: Bodies, jobs: int) -> Iterator[dict[str, bytes]]:
    """Each shard as Pagefind's bundle, `jobs` at a time. A shard's records are made only
    when its turn comes (one at a time: the body store is shared), so memory holds the
    records of `jobs` shards, never the archive's."""
    if not shards:
        return
    local = threading.local()
    services: list[Service] = []
    lock = threading.Lock()

    def made(k: int) -> dict[str, bytes]:
        with lock:
            group = list(records(shards[k], bodies))
        return bundle_files(group, shards[k].language, service())

    def service() -> Service:
        found: Service | None = getattr(local, "service", None)
        if found is None:
            found = local.service = Service()
            with lock:
                services.append(found)
        return found

    try:
        with ThreadPoolExecutor(max_workers=max(1, min(jobs, len(shards)))) as pool:
            yield from pool.map(made, range(len(shards)))
    finally:
        for running in services:
            running.close()


def _keep(publisher: Publisher, record: ShardRecord) -> bool:
    """Keep every file of a shard as published, if every one can be kept."""
    if not all(publisher.can_keep(path, mark) for path, mark in record.files.items()):
        return False
    return all(publisher.keep(path, mark) for path, mark in record.files.items())


def check_bundles(publisher: Publisher, count: int) -> None:
    """Raise BundleError unless the buffer holds every file a search needs."""
    buffer = publisher.buffer
    for number in range(count):
        verify(bundle_folder(number), lambda path: (buffer / path).read_bytes(),
               lambda path: (buffer / path).is_file(), primary=number == 0)


__all__ = ["BundleError", "check_bundles", "index_shards"]
