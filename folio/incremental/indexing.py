"""The search index, shard by shard: a shard whose articles did not change is kept as it
was published; the others are indexed again by Pagefind.

A shard is digested like a file's view (its entries stand for their marks), and each of
its files is published under its own digest, like a page. Before the site is swapped in,
`check_bundles` reads the new site's bundles back and makes sure every file a search will
ask for is there.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import ExitStack

from folio.content.load import Bodies
from folio.incremental.digest import Digester, digest
from folio.incremental.state import ShardRecord
from folio.publish.output import Publisher
from folio.search.bundle import BundleError, normalise, verify
from folio.search.pagefind import Service, bundle_files, pagefind_version
from folio.search.records import Shard, bundle_folder, records


def index_shards(shards: Sequence[Shard], bodies: Bodies, digester: Digester,
                 publisher: Publisher, previous: Sequence[ShardRecord] | None,
                 changed: frozenset[int] | None) -> Iterator[ShardRecord]:
    """Each shard's record, kept or indexed anew; raises SearchError or BundleError.
    `changed` (a patch build's) skips digesting the shards that hold none of the changed
    entries."""
    common = digest("search-1", pagefind_version())
    same_plan = previous is not None and len(previous) == len(shards)
    with ExitStack() as stack:
        service: Service | None = None
        for shard in shards:
            old = previous[shard.number] if same_plan and previous is not None else None
            if old is not None and changed is not None and changed.isdisjoint(old.reads) \
                    and _keep(publisher, old):
                yield old
                continue
            mark, reads = digester.of(common, shard)
            if old is not None and old.mark == mark and _keep(publisher, old):
                yield ShardRecord(mark, reads, old.files)
                continue
            if service is None:
                service = Service()
                stack.callback(service.close)
            folder = bundle_folder(shard.number)
            made = normalise(bundle_files(records(shard, bodies), shard.language, service),
                             primary=shard.number == 0)
            files = {}
            for name, data in made.items():
                relative = folder + name
                files[relative] = file_mark = digest(data)
                if not publisher.keep(relative, file_mark):
                    publisher.write(relative, data, file_mark)
            yield ShardRecord(mark, reads, files)


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
