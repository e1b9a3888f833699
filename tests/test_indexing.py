"""folio/incremental/indexing.py: the search index shard by shard; a shard whose articles
did not change is kept as published (all its files or none), the others indexed again;
the new site's bundles checked whole before it is swapped in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import SiteProject
from linked import Linked, link

from folio.incremental import indexing
from folio.incremental.digest import Digester, entry_marks
from folio.incremental.indexing import _keep, check_bundles, index_shards
from folio.incremental.state import ShardRecord
from folio.publish.output import OutputState, Publisher
from folio.search import pagefind
from folio.search.bundle import BundleError
from folio.search.records import Shard, shards

pytestmark = pytest.mark.skipif(not pagefind.available(), reason="Pagefind is missing")


@pytest.fixture
def site(project: SiteProject) -> Linked:
    for n in range(3):
        project.article(f"a{n}", f"Article {n}", f"2024-01-0{n + 1}", ["Jane Doe"],
                        tags=["NATO"], body=f"Text number {n} about sanctions.")
    found = link(project.root)
    assert not found.report.failed
    return found


def digester(site: Linked) -> Digester:
    return Digester(entry_marks(site.graph, {}))


class Counted:
    """Pagefind's indexer, counting the shards it indexes."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        real = pagefind.bundle_files

        def bundle(*args: Any) -> dict[str, bytes]:
            self.calls += 1
            return real(*args)

        monkeypatch.setattr(indexing, "bundle_files", bundle)


def first_build(site: Linked, output: Path) -> tuple[list[Shard], list[ShardRecord],
                                                     OutputState]:
    planned = list(shards(site.graph))
    publisher = Publisher(output, None)
    records = index_shards(planned, site.bodies, digester(site), publisher, None, None)
    check_bundles(publisher, len(records))
    _, state = publisher.commit()
    return planned, records, state


def test_a_first_build_indexes_every_shard_and_publishes_its_files(
        site: Linked, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    indexer = Counted(monkeypatch)
    _planned, records, state = first_build(site, tmp_path / "site")
    assert indexer.calls == 1 and len(records) == 1
    (record,) = records
    assert record.reads == (0, 1, 2)
    assert all(path.startswith("pagefind/") for path in record.files)
    assert {"pagefind/pagefind-entry.json", "pagefind/pagefind.js"} <= set(record.files)
    for path, mark in record.files.items():
        assert (tmp_path / "site" / path).is_file() and state.live[path] == mark


def test_an_unchanged_shard_is_kept_without_pagefind(
        site: Linked, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    planned, records, state = first_build(site, tmp_path / "site")
    indexer = Counted(monkeypatch)
    publisher = Publisher(tmp_path / "site", state)
    again = index_shards(planned, site.bodies, digester(site), publisher, records, None)
    assert indexer.calls == 0 and again == records
    assert set(publisher.new) == set(records[0].files)


class NoDigests(Digester):
    def of(self, *values: Any) -> tuple[str, tuple[int, ...]]:
        raise AssertionError("digested a shard the patch did not touch")


def test_a_patch_keeps_a_shard_of_unchanged_entries_without_digesting_it(
        site: Linked, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    planned, records, state = first_build(site, tmp_path / "site")
    indexer = Counted(monkeypatch)
    publisher = Publisher(tmp_path / "site", state)
    kept = index_shards(planned, site.bodies, NoDigests([]), publisher, records,
                        frozenset({7}))
    assert kept == records and indexer.calls == 0


def test_a_changed_entry_indexes_its_shard_again(
        site: Linked, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    planned, records, state = first_build(site, tmp_path / "site")
    indexer = Counted(monkeypatch)
    marks = entry_marks(site.graph, {})
    marks[1] = "edited"
    publisher = Publisher(tmp_path / "site", state)
    again = index_shards(planned, site.bodies, Digester(marks), publisher, records,
                         frozenset({1}))
    assert indexer.calls == 1 and again[0].mark != records[0].mark
    assert again[0].files == records[0].files  # the same records: the same bundle, byte for byte


def test_a_shard_with_a_file_gone_is_indexed_again_and_verifies(
        site: Linked, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    planned, records, state = first_build(site, tmp_path / "site")
    (tmp_path / "site/pagefind/pagefind.js").unlink()  # gone from the live site
    indexer = Counted(monkeypatch)
    publisher = Publisher(tmp_path / "site", state)
    again = index_shards(planned, site.bodies, digester(site), publisher, records, None)
    assert indexer.calls == 1 and again[0].files == records[0].files
    check_bundles(publisher, 1)
    assert (publisher.buffer / "pagefind/pagefind.js").is_file()


def test_a_shard_is_kept_whole_or_not_at_all(site: Linked, tmp_path: Path) -> None:
    _planned, records, state = first_build(site, tmp_path / "site")
    (tmp_path / "site/pagefind/pagefind.js").unlink()
    publisher = Publisher(tmp_path / "site", state)
    assert not _keep(publisher, records[0])
    assert publisher.new == {}  # nothing claimed: every file is written anew


def test_check_bundles_names_a_file_missing_from_the_new_site(site: Linked,
                                                             tmp_path: Path) -> None:
    publisher = Publisher(tmp_path / "site", None)
    records = index_shards(list(shards(site.graph)), site.bodies, digester(site), publisher,
                           None, None)
    entry = next(p for p in records[0].files if "/fragment/" in p)
    (publisher.buffer / entry).unlink()
    with pytest.raises(BundleError, match=f"{entry} is missing"):
        check_bundles(publisher, 1)


def test_a_new_plan_of_shards_indexes_every_shard(
        site: Linked, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    planned, records, state = first_build(site, tmp_path / "site")
    indexer = Counted(monkeypatch)
    publisher = Publisher(tmp_path / "site", state)
    two = [Shard(0, 2, "en", planned[0].taxonomies, planned[0].entries[:2]),
           Shard(1, 2, "en", planned[0].taxonomies, planned[0].entries[2:])]
    again = index_shards(two, site.bodies, digester(site), publisher, records, None, jobs=2)
    assert indexer.calls == 2
    assert [r.reads for r in again] == [tuple(sorted(e.index for e in s.entries)) for s in two]
    assert any(p.startswith("pagefind/shard-1/") for p in again[1].files)
    check_bundles(publisher, 2)
