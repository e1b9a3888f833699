"""Crash safety (issue 7, "Never lose an archive"): kills, damaged caches and buffers, and
output folders that must never be used, all through the real command line."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import FIXTURES, LAYOUTS, REPO, SiteProject, clean_copy

from folio.pipeline import BuildOptions, Project, build
from folio.problems import Report

ARTICLES = "content/articles"
EXTRA = 100  # generated articles, so that a build lasts long enough to be killed inside
KILLS = 24


# helpers ----------------------------------------------------------------------------------


def make_project(root: Path, extra: int = 0) -> SiteProject:
    """The fixture archive, search on as a user gets it, with `extra` more articles."""
    shutil.copytree(FIXTURES / "archive", root)
    shutil.copytree(LAYOUTS, root / "layouts")
    project = SiteProject(root)
    for n in range(extra):
        project.article(f"extra-{n}", f"Extra piece {n}", f"2022-{n % 12 + 1:02d}-{n % 28 + 1:02d}",
                        [f"Author {n % 7}"], body=f"Paragraph {n} on [a source](https://x.org/{n}).",
                        themes=["Economy"], tags=[f"Tag {n % 11}", "NATO"])
    return project


def cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(REPO / "build.py"), "--quiet", *args], cwd=root,
                          capture_output=True, text=True, timeout=120)


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes; every folder as a `/`-ended name."""
    found: dict[str, bytes] = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[relative] = b"symlink -> " + os.fsencode(os.readlink(path))
        elif path.is_dir():
            found[relative + "/"] = b""
        else:
            found[relative] = path.read_bytes()
    return found


def clean_tree(project: SiteProject, tmp_path: Path, name: str) -> dict[str, bytes]:
    """The site a first build of a copy of the project gives, with no cache and no buffer."""
    return tree(clean_copy(project, tmp_path, name).site)


def differences(got: dict[str, bytes], want: dict[str, bytes]) -> list[str]:
    return sorted(k for k in got.keys() | want.keys() if got.get(k) != want.get(k))[:10]


def built(root: Path) -> None:
    """A normal build, in this process (quicker than the command line)."""
    result = build(Project.at(root), BuildOptions(), Report(root=root))
    assert not result.report.failed, result.report.lines()


def successful(root: Path, *args: str) -> str:
    """Build with the command line; return what it printed on stderr."""
    done = cli(root, *args)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    return done.stderr


# 1. a build killed at any moment ----------------------------------------------------------


class Versions:
    """Three versions of the content, visited in a cycle. Each step changes, adds or deletes
    articles, and the pages one step rewrites are pages the step before kept (hard-linked
    between site/ and the buffer), so a write through a shared link would show."""

    retitled = f"{ARTICLES}/commentary-number-3-on-media-disinformation.md"
    edited = f"{ARTICLES}/commentary-number-7-on-media-disinformation.md"
    deleted = f"{ARTICLES}/commentary-number-12-on-intelligence.md"
    added = f"{ARTICLES}/a-new-arrival.md"

    def __init__(self, root: Path) -> None:
        self.root = root
        base = {relative: (root / relative).read_text(encoding="utf-8")
                for relative in (self.retitled, self.edited, self.deleted)}
        arrival = ("---\ntitle: A new arrival\ndate: 2024-12-31\n"
                   "authors: [New Author, Jane Doe]\ntags: [NATO, Fresh Tag]\n---\n"
                   "Cites [number 9](commentary-number-9-on-economy.md).\n")
        retitled = base[self.retitled].replace("Commentary number 3", "A retitled piece", 1)
        assert retitled != base[self.retitled]
        self.contents: list[dict[str, str | None]] = [
            {**base, self.added: None},
            {**base, self.retitled: retitled, self.added: arrival},
            {**base, self.edited: base[self.edited] + "\nA new closing paragraph.\n",
             self.deleted: None, self.added: None},
        ]

    def apply(self, version: int) -> None:
        for relative, text in self.contents[version].items():
            path = self.root / relative
            if text is None:
                path.unlink(missing_ok=True)
            elif not path.exists() or path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")


def killed_build(root: Path, delay: float) -> int | None:
    """Start `build.py`, SIGKILL it (and any worker) after `delay` s; its exit status, or
    None when it was killed."""
    process = subprocess.Popen([sys.executable, str(REPO / "build.py"), "--quiet"], cwd=root,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               start_new_session=True)
    deadline = time.monotonic() + delay
    while process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return None
    _, err = process.communicate()
    assert process.returncode == 0, err
    return 0


def test_a_build_killed_at_any_moment_leaves_the_old_site_or_the_new_one(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path / "archive", extra=EXTRA)
    versions = Versions(project.root)
    expected = []
    for version in range(3):
        versions.apply(version)
        expected.append(clean_tree(project, tmp_path, f"v{version}"))
    assert len({repr(sorted(e.items())) for e in expected}) == 3
    versions.apply(0)
    built(project.root)
    assert tree(project.site) == expected[0]

    # How long an incremental build takes, from the start of the process.
    versions.apply(1)
    started = time.monotonic()
    successful(project.root)
    duration = time.monotonic() - started
    assert tree(project.site) == expected[1]

    # Each round kills the incremental build a user would run after the next edit, at a
    # point spread over the whole build, from the interpreter starting to the swap and the
    # cache commit; then a normal build must give the new site.
    current, outcomes = 1, []
    for i in range(KILLS):
        target = (current + 1) % 3
        versions.apply(target)
        delay = duration * (0.1 + 1.0 * i / (KILLS - 1))
        status = killed_build(project.root, delay)
        after = tree(project.site)
        assert after in (expected[current], expected[target]), (
            f"after a kill at {delay:.2f} s the site is neither version {current} nor "
            f"{target}: {differences(after, expected[target])}")
        outcomes.append("killed" if status is None else "finished")
        outcomes.append("new site" if after == expected[target] else "old site")
        built(project.root)
        assert tree(project.site) == expected[target], f"the build after a kill at {delay:.2f} s"
        assert not (project.root / "site.folio-old").exists()
        current = target
    # The kills really fell inside builds.
    assert "killed" in outcomes and "old site" in outcomes, outcomes


# 2. a damaged cache or buffer ---------------------------------------------------------------


def _truncate(cache: Path) -> None:
    with cache.open("r+b") as f:
        f.truncate(cache.stat().st_size // 2)


def _garbage(cache: Path) -> None:
    cache.write_bytes(b"\x13\x37not a database" * 1000)


def _header_only(cache: Path) -> None:
    cache.write_bytes(cache.read_bytes()[:100])


def _scribbled_pages(cache: Path) -> None:
    """Every page after the first overwritten: the header still says SQLite."""
    data = bytearray(cache.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for start in range(page, len(data), page):
        data[start:start + page] = b"\xa5" * min(page, len(data) - start)
    cache.write_bytes(bytes(data))


def _sql(*statements: str) -> Callable[[Path], None]:
    def damage(cache: Path) -> None:
        db = sqlite3.connect(cache)
        with db:
            for statement in statements:
                db.execute(statement)
        db.close()
    return damage


DAMAGES: dict[str, tuple[Callable[[Path], None], bool]] = {  # damage, whether a note is due
    "truncated": (_truncate, True),
    "garbage": (_garbage, True),
    "header-only": (_header_only, True),
    "scribbled-pages": (_scribbled_pages, True),
    "garbage-state": (_sql("UPDATE state SET value = x'80049500' WHERE name != 'format'"),
                      False),
    "dangling-file-rows": (_sql("UPDATE files SET key = 'no-such-key'"), False),
    "lost-documents": (_sql("DELETE FROM docs"), False),
    "garbage-documents": (_sql("UPDATE docs SET meta = x'deadbeef'"), False),
    "wrong-format": (_sql("UPDATE state SET value = x'00' WHERE name = 'format'"), False),
}


@pytest.mark.parametrize("name", list(DAMAGES))
def test_a_damaged_cache_gives_a_note_and_the_clean_site(tmp_path: Path, name: str) -> None:
    project = make_project(tmp_path / "archive")
    built(project.root)
    damage, noted = DAMAGES[name]
    cache = project.root / ".cache/folio.sqlite"
    damage(cache)
    edited = project.root / ARTICLES / "commentary-number-5-on-economy.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nOne more paragraph.\n",
                      encoding="utf-8")
    stderr = successful(project.root)
    notes = [line for line in stderr.splitlines() if "build cache" in line]
    if noted:
        assert len(notes) >= 1 and "warning" in notes[0] and "rebuilt" in notes[0], stderr
    else:
        assert notes == [], stderr
    assert tree(project.site) == clean_tree(project, tmp_path, "clean")
    # The cache works again: no note, and nothing to do.
    again = subprocess.run([sys.executable, str(REPO / "build.py")], cwd=project.root,
                           capture_output=True, text=True, timeout=120)
    assert again.returncode == 0 and again.stderr == "", again.stderr
    assert "Nothing changed" in again.stdout, again.stdout


def _buffer_garbage(buffer: Path, outside: Path) -> None:
    for relative in ("index.html", "articles/x/index.html", "junk/deep/file.bin"):
        (buffer / relative).parent.mkdir(parents=True, exist_ok=True)
        (buffer / relative).write_bytes(b"\x00garbage")


def _buffer_emptied(buffer: Path, outside: Path) -> None:
    shutil.rmtree(buffer)
    buffer.mkdir()


def _buffer_a_link_outside(buffer: Path, outside: Path) -> None:
    shutil.rmtree(buffer)
    buffer.symlink_to(outside, target_is_directory=True)


def _buffer_holds_a_link_outside(buffer: Path, outside: Path) -> None:
    (buffer / "articles").rename(buffer.parent / "moved-articles")
    (buffer / "articles").symlink_to(outside, target_is_directory=True)


BUFFER_DAMAGES = [_buffer_garbage, _buffer_emptied, _buffer_a_link_outside,
                  _buffer_holds_a_link_outside]


@pytest.mark.parametrize("damage", BUFFER_DAMAGES, ids=lambda f: f.__name__[1:])
def test_a_damaged_buffer_is_never_trusted_nor_followed(
    tmp_path: Path, damage: Callable[[Path, Path], None]
) -> None:
    project = make_project(tmp_path / "archive")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("precious")
    (outside / "index.html").write_text("precious too")
    built(project.root)
    edit = project.root / ARTICLES / "commentary-number-5-on-economy.md"
    for n in range(2):  # the second build leaves a buffer that the cache trusts
        edit.write_text(edit.read_text(encoding="utf-8") + f"\nParagraph {n}.\n",
                        encoding="utf-8")
        built(project.root)
    buffer = project.root / ".site.folio-buffer"
    assert buffer.is_dir()
    damage(buffer, outside)
    edit.write_text(edit.read_text(encoding="utf-8") + "\nLast paragraph.\n", encoding="utf-8")
    successful(project.root)
    expected = clean_tree(project, tmp_path, "clean")
    assert tree(project.site) == expected
    assert tree(outside) == {"keep.txt": b"precious", "index.html": b"precious too"}
    edit.write_text(edit.read_text(encoding="utf-8") + "\nAfterword.\n", encoding="utf-8")
    built(project.root)
    assert tree(project.site) == clean_tree(project, tmp_path, "clean-after")
    assert tree(outside) == {"keep.txt": b"precious", "index.html": b"precious too"}


# 3. the output folder ---------------------------------------------------------------------


@pytest.mark.parametrize("output", [".", "content", "content/articles", "layouts",
                                    "layouts/static", "seeds", "..", "../..", "site.toml"])
def test_an_output_folder_that_holds_the_sources_is_refused(
    tmp_path: Path, output: str
) -> None:
    project = make_project(tmp_path / "archive")
    (project.root / "seeds").mkdir()
    (project.root / "seeds/raw.txt").write_text("a raw seed")
    (tmp_path / "sentinel.txt").write_text("beside the project")
    before = tree(tmp_path)
    done = cli(project.root, "--output", output)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "the output folder" in done.stderr and "nothing was written" in done.stderr, \
        done.stderr
    assert tree(tmp_path) == before  # nothing deleted, nothing written, not even a cache


def test_an_output_folder_that_is_a_link_is_refused(tmp_path: Path) -> None:
    project = make_project(tmp_path / "archive")
    target = tmp_path / "elsewhere"
    target.mkdir()
    (target / "keep.txt").write_text("precious")
    (project.root / "site").symlink_to(target, target_is_directory=True)
    done = cli(project.root)
    assert done.returncode == 1 and "symbolic link" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert tree(target) == {"keep.txt": b"precious"}


def test_a_build_touches_nothing_outside_its_output_folder(tmp_path: Path) -> None:
    project = make_project(tmp_path / "archive")
    out = tmp_path / "public"  # the buffer goes beside it, in tmp_path
    sentinels = {tmp_path / "sentinel.txt": "beside the output and its buffer",
                 project.root / "site.txt": "beside site/",
                 tmp_path / "public.folio-old.txt": "looks like ours, is not"}
    for path, text in sentinels.items():
        path.write_text(text)
    for n in range(3):
        edit = project.root / ARTICLES / "commentary-number-5-on-economy.md"
        edit.write_text(edit.read_text(encoding="utf-8") + f"\nParagraph {n}.\n",
                        encoding="utf-8")
        successful(project.root, "--output", str(out))
    (project.root / ARTICLES / "commentary-number-12-on-intelligence.md").unlink()
    successful(project.root, "--output", str(out))
    for path, text in sentinels.items():
        assert path.read_text() == text
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".public.folio-buffer", "archive", "public", "public.folio-old.txt", "sentinel.txt"]
    assert not (project.root / "site").exists()
    assert tree(out) == clean_tree(project, tmp_path, "clean")


def test_files_a_user_puts_into_the_site_do_not_survive_the_next_build(
    tmp_path: Path,
) -> None:
    """site/ belongs to the build: what a user adds there is gone after the next build
    that changes anything, and does not come back from the buffer in a later one."""
    project = make_project(tmp_path / "archive")
    successful(project.root)
    (project.site / "stray.txt").write_text("mine")
    (project.site / "articles/stray-folder/deep").mkdir(parents=True)
    (project.site / "articles/stray-folder/deep/note.md").write_text("mine too")
    (project.site / "empty-folder").mkdir()
    edit = project.root / ARTICLES / "commentary-number-5-on-economy.md"
    for n in range(3):
        edit.write_text(edit.read_text(encoding="utf-8") + f"\nParagraph {n}.\n",
                        encoding="utf-8")
        successful(project.root)
        assert tree(project.site) == clean_tree(project, tmp_path, f"clean-{n}"), n


# 4. what a build did not make, it never deletes or moves -------------------------------


@pytest.mark.parametrize("name", [".site.folio-buffer", "site.folio-old"])
@pytest.mark.parametrize("kind", ["folder", "file"])
def test_a_users_things_named_like_folios_scratch_folders_survive(
        tmp_path: Path, name: str, kind: str) -> None:
    project = make_project(tmp_path / "archive")
    built(project.root)
    site = tree(project.site)
    theirs = project.root / name
    if theirs.exists():
        shutil.rmtree(theirs)
    if kind == "folder":
        theirs.mkdir()
        (theirs / "notes.txt").write_text("mine")
    else:
        theirs.write_text("mine")
    (project.root / ARTICLES / "commentary-number-5-on-economy.md").open("a").write("\nMore.\n")
    done = cli(project.root)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith(f"{name}: "), done.stderr
    assert "move it elsewhere" in done.stderr
    assert tree(project.site) == site  # nothing published
    if kind == "folder":
        assert (theirs / "notes.txt").read_text() == "mine"
    else:
        assert theirs.read_text() == "mine"


def test_an_output_folder_folio_did_not_write_is_refused_unless_forced(tmp_path: Path) -> None:
    project = make_project(tmp_path / "archive")
    theirs = tmp_path / "public"
    theirs.mkdir()
    (theirs / "index.html").write_text("their own site")
    done = cli(project.root, "--output", str(theirs))
    assert done.returncode == 1, done.stderr
    assert "holds files Folio did not write (such as 'index.html')" in done.stderr
    assert "--force" in done.stderr
    assert tree(theirs) == {"index.html": b"their own site"}
    done = cli(project.root, "--output", str(theirs), "--force")
    assert done.returncode == 0, done.stderr
    assert (theirs / "search/index.html").is_file()
    successful(project.root, "--output", str(theirs))  # now Folio's: no --force needed


# 5. builds that overlap, builds killed with their workers, a disk that fills up -------

OVERLAP_RUNS = int(os.environ.get("FOLIO_OVERLAP_RUNS", "3"))  # the check: 100


def test_two_builds_started_together_leave_one_whole_site(tmp_path: Path) -> None:
    """Two terminals, one project: the second build waits for the first and says so;
    `site/` is then exactly what a clean build of the same input gives."""
    project = make_project(tmp_path / "archive", extra=388)  # 400 articles
    built(project.root)
    versions = Versions(project.root)
    waited = 0
    for run in range(OVERLAP_RUNS):
        versions.apply((run + 1) % 3)
        started = [subprocess.Popen([sys.executable, str(REPO / "build.py"), "--quiet"],
                                    cwd=project.root, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True) for _ in range(2)]
        outputs = [process.communicate(timeout=600) for process in started]
        assert [p.returncode for p in started] == [0, 0], outputs
        said = [err for _, err in outputs if err]
        assert all("another build of this project is running" in err and "waiting" in err
                   for err in said), said
        waited += len(said)
        assert tree(project.site) == clean_tree(project, tmp_path, f"clean-{run}"), run
    assert waited >= 1  # at least once the two met


def test_a_stale_lock_is_taken_over(tmp_path: Path) -> None:
    """A build killed while it holds the lock leaves the lock file behind: the next build
    takes it at once (the kernel dropped the lock with its holder)."""
    project = make_project(tmp_path / "archive")
    built(project.root)
    holder = subprocess.Popen([sys.executable, "-c", (
        "import fcntl, os, sys, time; fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT); "
        "fcntl.flock(fd, fcntl.LOCK_EX); os.write(fd, str(os.getpid()).encode()); "
        "print('locked', flush=True); time.sleep(600)"), str(project.root / ".cache/build.lock")],
        stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    (project.root / ARTICLES / "commentary-number-5-on-economy.md").open("a").write("\nMore.\n")
    started = time.monotonic()
    assert successful(project.root) == ""
    assert time.monotonic() - started < 60


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def _children(pid: int) -> set[int]:
    found = set()
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(status.parent.name))
    return found


@pytest.mark.parametrize("command", [["build", "--jobs", "2"], ["serve", "--port", "0"]])
def test_a_killed_build_leaves_no_process_behind(tmp_path: Path, command: list[str]) -> None:
    """SIGKILL reaches only the build (not its process group, as when an OOM killer or a
    CI runner kills it): its forked workers and the search indexer notice and exit."""
    project = make_project(tmp_path / "archive", extra=400)
    process = subprocess.Popen([sys.executable, str(REPO / "build.py"), *command],
                               cwd=project.root, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while not _children(process.pid) and time.monotonic() < deadline:
        time.sleep(0.01)
    children = _children(process.pid)
    assert children, "the build started no worker"
    os.kill(process.pid, signal.SIGKILL)  # the build only, as an OOM killer would
    process.wait()
    deadline = time.monotonic() + 10
    while _group_alive(process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _group_alive(process.pid), "workers outlived their build"
    successful(project.root)  # and the lock they held is free


def test_a_full_disk_leaves_no_half_written_buffer(tmp_path: Path) -> None:
    project = make_project(tmp_path / "archive")
    out = project.root / "out"
    out.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(out)],
                      capture_output=True, check=False).returncode != 0:
        pytest.skip("needs to mount a tmpfs (root)")
    try:
        big = project.root / ARTICLES / "big.md"
        big.write_text("---\ntitle: Big\ndate: 2024-12-31\nauthors: [Jane Doe]\n---\n\n"
                       + "Words to fill the disk with, again. " * 120_000, encoding="utf-8")
        done = cli(project.root, "--output", "out/site")
        assert done.returncode == 1 and "No space left on device" in done.stderr, done.stderr
        assert sorted(os.listdir(out)) == []  # nothing half-made is left to fill the disk
        big.unlink()
        successful(project.root, "--output", "out/site")
        assert (out / "site/index.html").is_file()
    finally:
        subprocess.run(["umount", str(out)], check=False)
