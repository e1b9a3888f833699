"""folio/incremental/loading.py: content/ → Corpus converting only what changed; bodies
read from the cache by content key; a damaged cache read around, never trusted."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from folio.config import SiteConfig, Taxonomy
from folio.content import load as content_load
from folio.content.load import LoadOptions
from folio.incremental import loading
from folio.incremental.cache import Cache
from folio.incremental.loading import BodyStore, Loading, load, load_one, settings_key
from folio.problems import Report

CONFIG = SiteConfig()


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    for n in range(3):
        write(root / f"articles/a{n}.md", f"Body of article {n}.")
    (root / "pages").mkdir()
    (root / "pages/about.md").write_text("---\ntitle: About\n---\nAbout us.\n")
    (root / "authors").mkdir()
    (root / "authors/jane.md").write_text("---\nname: Jane\n---\nHer bio.\n")
    return root


def write(path: Path, body: str, title: str = "") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: {title or path.stem}\ndate: 2024-01-01\nauthors: [Jane]\n"
                    f"---\n{body}\n")


@pytest.fixture
def converted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files converted, in order."""
    done: list[str] = []
    real = content_load.process

    def process(data: bytes, shown: str, folder: str, config: SiteConfig) -> Any:
        done.append(shown)
        return real(data, shown, folder, config)

    monkeypatch.setattr(loading, "process", process)
    return done


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[Cache]:
    opened = Cache.open(tmp_path / ".cache")
    yield opened
    opened.close(commit=False)


def run(content: Path, cache: Cache, report: Report | None = None,
        config: SiteConfig = CONFIG) -> Loading:
    return load(str(content), "content", config, LoadOptions(), report or Report(),
                time.time(), cache)


def test_a_first_load_converts_everything_and_keeps_the_bodies(
        content: Path, cache: Cache, converted: list[str]) -> None:
    found = run(content, cache)
    assert converted == ["content/articles/a0.md", "content/articles/a1.md",
                         "content/articles/a2.md", "content/authors/jane.md",
                         "content/pages/about.md"]
    assert [a.title for a, _ in found.corpus.articles] == ["a0", "a1", "a2"]
    assert found.corpus.pages[0][1].html == "<p>About us.</p>"
    assert found.corpus.profiles[0][1] == "<p>Her bio.</p>"
    assert found.bodies["content/articles/a1.md"] == "<p>Body of article 1.</p>"
    assert set(found.keys) == set(converted)


def test_a_second_load_converts_only_what_changed(content: Path, cache: Cache,
                                                  converted: list[str]) -> None:
    first = run(content, cache)
    converted.clear()
    again = run(content, cache)
    assert converted == [] and again.keys == first.keys
    assert again.corpus == first.corpus
    write(content / "articles/a1.md", "A new body.")
    edited = run(content, cache)
    assert converted == ["content/articles/a1.md"]
    assert edited.bodies["content/articles/a1.md"] == "<p>A new body.</p>"
    assert edited.keys["content/articles/a1.md"] != first.keys["content/articles/a1.md"]


def test_a_touched_file_is_read_but_not_converted(content: Path, cache: Cache,
                                                  converted: list[str]) -> None:
    first = run(content, cache)
    converted.clear()
    path = content / "articles/a0.md"
    mtime = path.stat().st_mtime_ns + 10**9
    os.utime(path, ns=(mtime, mtime))
    assert run(content, cache).keys == first.keys and converted == []


def test_a_change_of_settings_converts_again(content: Path, cache: Cache,
                                             converted: list[str]) -> None:
    first = run(content, cache)
    converted.clear()
    trusting = run(content, cache, config=replace(CONFIG, trust_html=True))
    assert len(converted) == 5
    assert trusting.keys != first.keys


def test_a_change_of_settings_converts_again_when_the_files_are_new_to_the_cache(
        content: Path, cache: Cache, converted: list[str]) -> None:
    first = run(content, cache)
    for path in content.rglob("*.md"):  # every file touched: the file rows do not match
        mtime = path.stat().st_mtime_ns + 10**9
        os.utime(path, ns=(mtime, mtime))
    converted.clear()
    trusting = run(content, cache, config=replace(CONFIG, trust_html=True))
    assert len(converted) == 5 and trusting.keys != first.keys


def test_settings_key_holds_what_changes_a_conversion() -> None:
    base = settings_key(CONFIG)
    assert settings_key(SiteConfig(title="Other")) == base  # the title converts nothing
    assert len({base, settings_key(SiteConfig(trust_html=True)),
                settings_key(SiteConfig(timezone="Europe/Paris")),
                settings_key(SiteConfig(taxonomies=(Taxonomy("tags", "Tags", "Tag"),)))}) == 4


def test_a_file_whose_cached_document_is_damaged_is_read_again(
        content: Path, tmp_path: Path, converted: list[str]) -> None:
    cache = Cache.open(tmp_path / ".cache")
    first = run(content, cache)
    cache.close(commit=True)
    db = sqlite3.connect(tmp_path / ".cache" / "folio.sqlite")
    db.execute("UPDATE docs SET meta = x'00' WHERE key = ?",
               (first.keys["content/articles/a2.md"],))
    db.commit()
    db.close()
    converted.clear()
    cache = Cache.open(tmp_path / ".cache")
    try:
        again = run(content, cache)
        assert converted == ["content/articles/a2.md"]
        assert [a.title for a, _ in again.corpus.articles] == ["a0", "a1", "a2"]
    finally:
        cache.close(commit=False)


def test_without_a_cache_bodies_are_kept_in_memory(content: Path, converted: list[str]) -> None:
    found = run(content, Cache.open(None))
    assert found.bodies["content/articles/a0.md"] == "<p>Body of article 0.</p>"
    assert len(converted) == 5


def test_problems_are_reported_and_bad_files_left_out(content: Path, cache: Cache) -> None:
    (content / "articles/bad.md").write_text("---\ntitle: Bad\n---\nBody\n")
    report = Report()
    found = run(content, cache, report)
    assert len(found.corpus.articles) == 3
    assert report.lines() == ["content/articles/bad.md:1: missing required key 'authors' "
                              "(a list of names)",
                              "content/articles/bad.md:1: missing required key 'date'"]
    report = Report()
    run(content, cache, report)  # from the cache: the same problems
    assert len(report.errors) == 2


def test_conversion_is_spread_over_workers_when_there_are_many(
        content: Path, cache: Cache, monkeypatch: pytest.MonkeyPatch,
        converted: list[str]) -> None:
    monkeypatch.setattr(loading, "PARALLEL_MINIMUM", 2)
    found = load(str(content), "content", CONFIG, LoadOptions(jobs=2), Report(), time.time(),
                 cache)
    assert converted == []  # converted in the forked workers, not here
    assert [a.title for a, _ in found.corpus.articles] == ["a0", "a1", "a2"]
    assert found.bodies["content/articles/a2.md"] == "<p>Body of article 2.</p>"


def test_the_body_store(cache: Cache) -> None:
    cache.store("k1", None, "<p>from the cache</p>")
    store = BodyStore(cache, {"a.md": "k1", "b.md": "k2", "c.md": "k3"})
    store.keep("k2", "<p>fresh</p>")
    assert store["a.md"] == "<p>from the cache</p>" and store["b.md"] == "<p>fresh</p>"
    with pytest.raises(KeyError):
        store["c.md"]  # known, but its body is nowhere
    with pytest.raises(KeyError):
        store["unknown.md"]


def test_load_one_converts_once(cache: Cache, converted: list[str]) -> None:
    data = b"---\ntitle: X\ndate: 2024-01-01\nauthors: [A]\n---\nOne.\n"
    loaded, key = load_one(cache, CONFIG, "content/articles/x.md", "articles", data, (1, 2))
    again, same = load_one(cache, CONFIG, "content/articles/x.md", "articles", data, (1, 2))
    assert converted == ["content/articles/x.md"] and key == same and again == loaded
    assert cache.html(key) == "<p>One.</p>"
