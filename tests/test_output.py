"""folio/publish/output.py: the double-buffered output folder. A build writes, keeps or
prunes files in the buffer, then swaps it in; every generation holds Folio's marker, and a
folder without it is never emptied or replaced."""

from __future__ import annotations

import ctypes.util
import os
from pathlib import Path

import pytest

from folio.publish import output
from folio.publish.output import (
    MARKER,
    MARKER_TEXT,
    OutputError,
    OutputState,
    Publisher,
    PublishStats,
    buffer_path,
    check_output_folder,
    clear_buffer,
    foreign_files,
    made_by_folio,
    recover,
)

Files = dict[str, bytes]


def publish(site: Path, state: OutputState | None, files: Files,
            keep: tuple[str, ...] = ()) -> tuple[PublishStats, OutputState]:
    """One build: every file of `files` written under a fingerprint of its bytes, except
    those in `keep`, which are kept from an earlier generation."""
    publisher = Publisher(site, state)
    for relative, data in files.items():
        mark = data.decode()
        if relative in keep:
            assert publisher.keep(relative, mark), relative
        else:
            publisher.write(relative, data, mark)
    return publisher.commit()


def tree(folder: Path) -> Files:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_first_build_makes_the_site_with_its_marker(tmp_path: Path) -> None:
    site = tmp_path / "site"
    stats, state = publish(site, None, {"index.html": b"home", "a/b/index.html": b"ab"})
    assert tree(site) == {MARKER: MARKER_TEXT, "index.html": b"home", "a/b/index.html": b"ab"}
    assert made_by_folio(site)
    assert (stats.written, stats.removed) == (2, 0)
    assert state.live_inode == site.stat().st_ino
    assert state.live == {MARKER: output.MARKER_MARK, "index.html": "home", "a/b/index.html": "ab"}
    assert not buffer_path(site).exists()  # nothing to keep a generation of yet


def test_kept_files_are_links_to_the_live_ones_and_gone_ones_are_pruned(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _, state = publish(site, None, {"keep.html": b"k", "change.html": b"c1",
                                    "gone/deep/x.html": b"x"})
    live_inode = (site / "keep.html").stat().st_ino
    stats, state = publish(site, state, {"keep.html": b"k", "change.html": b"c2"},
                           keep=("keep.html",))
    assert tree(site) == {MARKER: MARKER_TEXT, "keep.html": b"k", "change.html": b"c2"}
    assert (site / "keep.html").stat().st_ino == live_inode  # the same file, its mtime too
    assert not (site / "gone").exists()
    assert (stats.written, stats.kept, stats.removed) == (1, 2, 1)  # the marker is kept too
    old = buffer_path(site)
    assert tree(old)["change.html"] == b"c1"  # the generation before waits beside it


def test_a_third_build_keeps_from_the_buffer_it_trusts(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _, state = publish(site, None, {"a.html": b"a1", "b.html": b"b"})
    _, state = publish(site, state, {"a.html": b"a2", "b.html": b"b"}, keep=("b.html",))
    publisher = Publisher(site, state)
    assert publisher.held == {MARKER: output.MARKER_MARK, "a.html": "a1", "b.html": "b"}
    assert publisher.can_keep("a.html", "a1") and publisher.can_keep("a.html", "a2")
    assert not publisher.can_keep("a.html", "a3")
    assert publisher.keep("a.html", "a1")  # back to the first version, without writing it
    publisher.commit()
    assert tree(site)["a.html"] == b"a1"


def test_can_keep_does_not_claim_and_no_file_is_written_twice(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _, state = publish(site, None, {"a.html": b"a"})
    publisher = Publisher(site, state)
    assert publisher.can_keep("a.html", "a") and publisher.new == {}
    publisher.write("a.html", b"a", "a")
    with pytest.raises(ValueError, match=r"a\.html is written twice"):
        publisher.write("a.html", b"b", "b")
    assert not publisher.keep("missing.html", "m")


def test_bytes_the_live_site_has_are_linked_not_written(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _, state = publish(site, None, {"a.html": b"same"})
    inode = (site / "a.html").stat().st_ino
    publisher = Publisher(site, state)
    publisher.write("a.html", b"same", "a new fingerprint")
    stats, _ = publisher.commit()
    assert (stats.written, stats.kept) == (0, 2)
    assert (site / "a.html").stat().st_ino == inode


def test_prune_forgets_what_it_removed(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _, state = publish(site, None, {"a.html": b"a", "b/c.html": b"c"})
    _, state = publish(site, state, {"a.html": b"a", "b/c.html": b"c"}, keep=("a.html",))
    publisher = Publisher(site, state)
    publisher.keep("a.html", "a")
    publisher.prune()
    assert not (publisher.buffer / "b").exists()  # emptied folders go too
    assert "b/c.html" not in publisher.held
    # Kept after all (a later stage asks for it): linked from the live site, not assumed there
    assert publisher.keep("b/c.html", "c")
    assert (publisher.buffer / "b/c.html").read_bytes() == b"c"


def test_a_file_a_user_adds_to_the_site_does_not_outlive_two_builds(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _, state = publish(site, None, {"a.html": b"a"})
    _, state = publish(site, state, {"a.html": b"a"}, keep=("a.html",))
    (site / "stray.txt").write_text("added by hand")
    _, state = publish(site, state, {"a.html": b"a"}, keep=("a.html",))
    _, state = publish(site, state, {"a.html": b"a"}, keep=("a.html",))
    assert "stray.txt" not in tree(site)
    assert "stray.txt" not in tree(buffer_path(site))


def test_commit_swaps_without_renameat2_too(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None)
    site = tmp_path / "site"
    _, state = publish(site, None, {"a.html": b"1"})
    _, state = publish(site, state, {"a.html": b"2"})
    assert tree(site)["a.html"] == b"2" and tree(buffer_path(site))["a.html"] == b"1"
    assert not (tmp_path / ("site" + output.OLD_SUFFIX)).exists()


def test_a_write_that_fails_names_the_output_file(tmp_path: Path) -> None:
    site = tmp_path / "site"
    publisher = Publisher(site, None)
    (publisher.buffer / "a.html").mkdir()
    with pytest.raises(OSError) as caught:
        publisher.write("a.html", b"x", "x")
    assert caught.value.filename == str(site / "a.html")


def test_a_folder_without_the_marker_is_not_folios(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert foreign_files(site, 0) is None  # missing
    site.mkdir()
    assert foreign_files(site, 0) is None  # empty
    (site / "z.txt").write_text("mine")
    (site / "b.txt").write_text("mine too")
    assert foreign_files(site, 0) == "b.txt"
    assert foreign_files(site, site.stat().st_ino) is None  # the one the cache published
    (tmp_path / "marker").write_bytes(MARKER_TEXT)
    (site / MARKER).symlink_to(tmp_path / "marker")  # a marker by link is no marker
    assert not made_by_folio(site) and foreign_files(site, 0) == MARKER
    (site / MARKER).unlink()
    (site / MARKER).write_bytes(MARKER_TEXT)
    assert foreign_files(site, 0) is None


def test_adopting_a_folder_marks_it(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "old.txt").write_text("someone else's")
    Publisher(site, None, adopt=True).commit()
    assert tree(site) == {MARKER: MARKER_TEXT}


def test_the_buffers_marker_links_to_the_live_one(tmp_path: Path) -> None:
    site, buffer = tmp_path / "site", tmp_path / ".site.folio-buffer"
    site.mkdir()
    (site / MARKER).write_bytes(MARKER_TEXT)
    clear_buffer(buffer, site)
    assert (buffer / MARKER).stat().st_ino == (site / MARKER).stat().st_ino
    (site / MARKER).write_bytes(b"an older text")
    clear_buffer(buffer, site)
    assert (buffer / MARKER).read_bytes() == MARKER_TEXT
    assert (buffer / MARKER).stat().st_ino != (site / MARKER).stat().st_ino


def test_a_buffer_folio_did_not_make_is_refused(tmp_path: Path) -> None:
    site, buffer = tmp_path / "site", tmp_path / ".site.folio-buffer"
    buffer.mkdir()
    (buffer / "precious.txt").write_text("keep me")
    with pytest.raises(OutputError, match="Folio did not make the folder now there"):
        clear_buffer(buffer, site)
    assert (buffer / "precious.txt").exists()
    (buffer / "precious.txt").unlink()
    buffer.rmdir()
    buffer.write_text("a file")
    with pytest.raises(OutputError, match="a file is there"):
        clear_buffer(buffer, site)


def test_a_link_in_the_buffers_place_is_removed_not_followed(tmp_path: Path) -> None:
    site, buffer, elsewhere = tmp_path / "site", tmp_path / ".site.folio-buffer", tmp_path / "x"
    elsewhere.mkdir()
    (elsewhere / MARKER).write_bytes(MARKER_TEXT)
    (elsewhere / "data.txt").write_text("not to be deleted")
    buffer.symlink_to(elsewhere, target_is_directory=True)
    clear_buffer(buffer, site)
    assert buffer.is_dir() and not buffer.is_symlink()
    assert (elsewhere / "data.txt").exists()


def test_recover_an_interrupted_swap(tmp_path: Path) -> None:
    site, old = tmp_path / "site", tmp_path / ("site" + output.OLD_SUFFIX)
    recover(site)  # nothing to do
    old.mkdir()
    (old / MARKER).write_bytes(MARKER_TEXT)
    recover(site)
    assert made_by_folio(site) and not old.exists()
    old.mkdir()
    (old / MARKER).write_bytes(MARKER_TEXT)
    recover(site)  # the site is there: the half-swapped old one goes
    assert not old.exists() and site.exists()
    old.mkdir()
    (old / "theirs.txt").write_text("x")
    with pytest.raises(OutputError, match="Folio did not make what is there"):
        recover(site)


def test_where_a_site_may_not_go(tmp_path: Path) -> None:
    project = tmp_path / "project"
    content, layouts = project / "content", project / "layouts"
    for folder in (content, layouts):
        folder.mkdir(parents=True)
    protected = (content, layouts)
    assert check_output_folder(project / "site", project, protected) is None
    assert check_output_folder(tmp_path / "public", project, protected) is None
    for bad, why in [(project, "would contain or replace"), (tmp_path, "would contain"),
                     (content, "would contain or replace"), (content / "site", "is inside"),
                     (layouts / "x", "is inside")]:
        reason = check_output_folder(bad, project, protected)
        assert reason is not None and why in reason, (bad, reason)
    (project / "link").symlink_to(tmp_path / "public", target_is_directory=True)
    (tmp_path / "public").mkdir()
    assert "is a symbolic link" in str(check_output_folder(project / "link", project, protected))
    (project / "file").write_text("x")
    assert "is not a folder" in str(check_output_folder(project / "file", project, protected))


def test_the_marker_keeps_its_mtime_across_builds(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _, state = publish(site, None, {"a.html": b"a"})
    os.utime(site / MARKER, ns=(10**18, 10**18))
    for _ in range(3):
        _, state = publish(site, state, {"a.html": b"a"}, keep=("a.html",))
    assert (site / MARKER).stat().st_mtime_ns == 10**18
