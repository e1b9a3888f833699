"""folio/incremental/state.py: one look at every input (stamp, frame, corpus, the content
files), whether the published site is intact, and the record a build leaves."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from folio.config import SiteConfig
from folio.incremental.refresh import Published
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
from folio.problems import Problem
from folio.publish.output import OutputState


@pytest.fixture
def root(tmp_path: Path) -> Path:
    for name, text in {"content/articles/a.md": "a", "content/pages/p.md": "p",
                       "layouts/base.html": "<html>", "layouts/static/s.css": "x"}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    return tmp_path


def see(root: Path, config: SiteConfig | None = None, drafts: bool = False,
        future: bool = False) -> Inputs:
    return look(root / "content", root / "layouts", config or SiteConfig(), drafts, future)


def bump(path: Path) -> None:
    """A touch that only changes the mtime."""
    mtime = path.stat().st_mtime_ns + 10**9
    os.utime(path, ns=(mtime, mtime))


def test_the_same_inputs_look_the_same(root: Path) -> None:
    first = see(root)
    assert see(root) == first
    assert first.content == {
        "articles/a.md": ((root / "content/articles/a.md").stat().st_mtime_ns, 1),
        "pages/p.md": ((root / "content/pages/p.md").stat().st_mtime_ns, 1)}


def test_a_content_edit_changes_the_stamp_and_corpus_not_the_frame(root: Path) -> None:
    first = see(root)
    bump(root / "content/articles/a.md")
    touched = see(root)
    assert touched.stamp != first.stamp and touched.corpus != first.corpus
    assert touched.frame == first.frame
    assert touched.content["articles/a.md"] != first.content["articles/a.md"]
    (root / "content/articles/b.md").write_text("b")
    assert see(root).frame == first.frame and see(root).stamp != touched.stamp
    assert "articles/b.md" in see(root).content


def test_a_same_size_same_mtime_rewrite_is_not_seen(root: Path) -> None:
    path = root / "content/articles/a.md"
    first = see(root)
    stat = path.stat()
    path.write_text("z")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert see(root).stamp == first.stamp  # names, sizes and mtimes: what a look is


def test_a_layout_edit_changes_the_stamp_and_frame_not_the_corpus(root: Path) -> None:
    first = see(root)
    (root / "layouts/base.html").write_text("<html lang>")
    edited = see(root)
    assert edited.stamp != first.stamp and edited.frame != first.frame
    assert edited.corpus == first.corpus


def test_settings_and_options_are_inputs_too(root: Path) -> None:
    first = see(root)
    for other in (see(root, SiteConfig(title="Other")), see(root, drafts=True),
                  see(root, future=True)):
        assert other.stamp != first.stamp and other.frame != first.frame
        assert other.corpus != first.corpus


def test_a_moved_file_is_a_change(root: Path) -> None:
    first = see(root)
    (root / "content/pages/p.md").rename(root / "content/pages/q.md")
    assert see(root).stamp != first.stamp


def test_a_dangling_link_is_seen_not_raised(root: Path) -> None:
    first = see(root)
    (root / "content/articles/gone.md").symlink_to(root / "nowhere.md")
    found = see(root)
    assert found.stamp != first.stamp and "articles/gone.md" not in found.content


def test_the_site_is_intact_while_it_is_the_one_published_with_all_its_files(
        tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a/index.html").write_text("x")
    (site / "index.html").write_text("x")
    state = OutputState(site.stat().st_ino, {"index.html": "m", "a/index.html": "m"})
    assert site_intact(site, state)
    (site / "extra.html").write_text("added")
    assert site_intact(site, state)  # an added file is not a missing one
    (site / "a/index.html").unlink()
    assert not site_intact(site, state)
    assert not site_intact(site, OutputState(site.stat().st_ino + 1, {}))
    assert not site_intact(tmp_path / "missing", OutputState(0, {}))


def test_keys_are_per_output_folder(tmp_path: Path) -> None:
    one, two = tmp_path / "site", tmp_path / "public"
    keys = {state_key(one), graph_key(one), busy_key(one), state_key(two)}
    assert len(keys) == 4
    assert state_key(tmp_path / "x" / ".." / "site") == state_key(one)


def test_a_snapshot_survives_the_cache() -> None:
    snapshot = Snapshot("stamp", "frame", {"articles/a.md": (1, 2)}, float("inf"),
                        OutputState(5, {"index.html": "m"}), [Problem("a.md", 1, "w")], "g",
                        {"content/articles/a.md": "k"}, Published(["index.html"], ["m"], [(0,)]),
                        Published(), [ShardRecord("m", (0,), {"pagefind/x": "d"})])
    back = pickle.loads(pickle.dumps(snapshot))
    assert back == snapshot and back.patches == {} and back.related == {}
