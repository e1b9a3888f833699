"""folio/incremental/cache.py: the build cache in SQLite; entries keyed so they are never
stale; each build's writes one transaction; a damaged cache set aside, never trusted."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from folio.incremental.cache import FORMAT, Cache, content_key, iter_chunks


def test_a_content_key_stands_for_settings_path_and_bytes() -> None:
    key = content_key("s1", "content/a.md", b"text")
    assert key == content_key("s1", "content/a.md", b"text") and len(key) == 40
    assert len({key, content_key("s2", "content/a.md", b"text"),
                content_key("s1", "content/b.md", b"text"),
                content_key("s1", "content/a.md", b"text!"),
                content_key("s1", "content/a.m", b"dtext")}) == 5


def test_without_a_folder_the_cache_remembers_nothing() -> None:
    cache = Cache.open(None)
    assert not cache.enabled and cache.notes == []
    cache.store("k", {"x": 1}, "<p>")
    cache.put("state", 1)
    assert (cache.meta("k"), cache.html("k"), cache.get("state")) == (None, None, None)
    assert cache.metas(["k"]) == {} and not cache.holds([])
    cache.commit()
    cache.close(commit=True)
    assert not cache.reader().enabled


def test_documents_files_and_state(tmp_path: Path) -> None:
    cache = Cache.open(tmp_path)
    assert cache.enabled and (tmp_path / "folio.sqlite").is_file()
    cache.store("k1", ("parsed", 1), "<p>one</p>")
    cache.store("k2", ("parsed", 2), "<p>two</p>")
    assert cache.meta("k1") == ("parsed", 1) and cache.html("k2") == "<p>two</p>"
    assert cache.metas(["k2", "k1", "missing", "k1"]) == {"k1": ("parsed", 1),
                                                         "k2": ("parsed", 2)}
    assert cache.holds(["k1", "k2"]) and not cache.holds(["k1", "k3"])
    cache.remember_file("content/a.md", 123, 4, "k1")
    assert cache.file_key("content/a.md", 123, 4) == "k1"
    assert cache.file_key("content/a.md", 124, 4) is None  # touched: read it again
    assert cache.file_key("content/a.md", 123, 5) is None
    cache.remember_file("content/b.md", 1, 1, "gone")
    assert cache.file_key("content/b.md", 1, 1) is None  # its document is not there
    cache.put("graph", {"big": list(range(10))})
    assert cache.get("graph") == {"big": list(range(10))} and cache.get("none") is None
    cache.close(commit=True)


def test_many_documents_at_once(tmp_path: Path) -> None:
    cache = Cache.open(tmp_path)
    for n in range(1200):
        cache.store(f"k{n}", n, "")
    found = cache.metas(f"k{n}" for n in range(0, 1300, 3))
    assert found == {f"k{n}": n for n in range(0, 1200, 3)}
    cache.close(commit=False)


def test_a_build_that_does_not_commit_leaves_the_cache_as_it_was(tmp_path: Path) -> None:
    cache = Cache.open(tmp_path)
    cache.store("kept", 1, "a")
    cache.close(commit=True)
    cache = Cache.open(tmp_path)
    cache.store("lost", 2, "b")
    cache.put("state", "half-made")
    cache.close(commit=False)  # a failed or killed build
    cache = Cache.open(tmp_path)
    assert cache.meta("kept") == 1 and cache.meta("lost") is None and cache.get("state") is None
    cache.close(commit=False)


def test_a_reader_sees_what_was_committed_and_writes_nothing(tmp_path: Path) -> None:
    cache = Cache.open(tmp_path)
    cache.store("early", 1, "<p>early</p>")
    cache.commit()
    reader = cache.reader()
    reader.store("from-a-worker", 3, "")
    assert reader.meta("from-a-worker") is None  # read-only: a worker cannot spoil it
    cache.store("late", 2, "<p>late</p>")
    assert reader.enabled
    assert reader.html("early") == "<p>early</p>" and reader.html("late") is None
    reader.close(commit=False)
    cache.close(commit=True)


def test_only_what_a_build_used_is_kept(tmp_path: Path) -> None:
    cache = Cache.open(tmp_path)
    for key in ("a", "b", "c"):
        cache.store(key, key, key)
        cache.remember_file(f"{key}.md", 1, 1, key)
    cache.keep_only(["a", "c"], ["a.md"])
    assert cache.holds(["a", "c"]) and not cache.holds(["b"])
    assert cache.file_key("a.md", 1, 1) == "a" and cache.file_key("c.md", 1, 1) is None
    cache.close(commit=True)


def test_a_damaged_entry_is_a_miss(tmp_path: Path) -> None:
    cache = Cache.open(tmp_path)
    cache.store("ok", 1, "")
    cache.close(commit=True)
    db = sqlite3.connect(tmp_path / "folio.sqlite")
    db.execute("INSERT INTO docs VALUES ('bad', x'80049501', '')")
    db.execute("INSERT INTO state VALUES ('bad', x'00')")
    db.commit()
    db.close()
    cache = Cache.open(tmp_path)
    assert cache.meta("bad") is None and cache.get("bad") is None
    assert cache.metas(["ok", "bad"]) == {"ok": 1}
    cache.close(commit=False)


def test_a_cache_of_another_format_is_emptied(tmp_path: Path) -> None:
    cache = Cache.open(tmp_path)
    cache.store("old", 1, "")
    cache.close(commit=True)
    db = sqlite3.connect(tmp_path / "folio.sqlite")
    db.execute("UPDATE state SET value = ? WHERE name = 'format'", (b"folio-cache-0",))
    db.commit()
    db.close()
    cache = Cache.open(tmp_path)
    assert cache.meta("old") is None and cache.notes == []
    cache.close(commit=True)
    db = sqlite3.connect(tmp_path / "folio.sqlite")
    assert db.execute("SELECT value FROM state WHERE name = 'format'").fetchone()[0] == FORMAT
    db.close()


def test_an_unreadable_cache_is_set_aside_and_rebuilt(tmp_path: Path) -> None:
    (tmp_path / "folio.sqlite").write_bytes(b"this is not a database" * 100)
    cache = Cache.open(tmp_path)
    assert cache.enabled
    assert len(cache.notes) == 1 and "was unreadable" in cache.notes[0]
    assert "set aside and will be rebuilt" in cache.notes[0]
    cache.store("k", 1, "")
    cache.close(commit=True)
    assert Cache.open(tmp_path).meta("k") == 1


def test_a_cache_that_cannot_be_made_is_not_used(tmp_path: Path) -> None:
    (tmp_path / "cache").write_text("a file where the folder should be")
    cache = Cache.open(tmp_path / "cache")
    assert not cache.enabled
    assert cache.notes[-1].endswith("cannot be used; building without it")


@pytest.mark.parametrize(("items", "size", "chunks"), [
    ([], 3, []), ([1, 2, 3], 3, [[1, 2, 3]]), ([1, 2, 3, 4], 3, [[1, 2, 3], [4]])])
def test_iter_chunks(items: list[int], size: int, chunks: list[list[int]]) -> None:
    assert list(iter_chunks(items, size)) == chunks
