"""The bad-input matrix: one broken project per folder of tests/invalid/, run through the real
`python build.py`.

Each folder holds the files that break a valid base project (they are copied over it;
`delete.txt` lists files to remove) and `expected.txt`, the exact standard error. A case
whose expected output ends in "nothing was written" must exit 1 and leave the previously
built `site/` byte for byte as it was, modification times included; one that starts with
"build.py: error:" is a usage error (exit 2); any other case is a warning and exits 0. No
case may print a traceback or change a file under `content/`.

What git cannot hold is made by the case's `setup.py` (a `setup(root)` function, and an
optional `teardown(root)`): links that loop, names that are not UTF-8, FIFOs, unreadable
files, a full or read-only disk. `args.txt` holds command-line arguments. A case with a file
`unprivileged` is built without the power to read what its owner may not (root keeps its
uid but loses CAP_DAC_OVERRIDE, through util-linux's `setpriv`).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from folio.pipeline import BuildOptions, Project, build
from folio.problems import Report

REPO = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "invalid"
CASE_NAMES = sorted(p.name for p in CASES.iterdir() if p.is_dir())

SITE_TOML = 'title = "Base"\nbase_url = "https://example.org/"\n'
ARTICLE = """---
title: Good News
date: 2024-03-01
authors: [Ben Jones]
themes: [Economy]
regions: [Europe]
---

A short article that builds.
"""
PROFILE = "---\nname: Ben Jones\n---\n\nBen Jones writes about the economy.\n"


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under `folder` with its bytes and modification time (links, FIFOs and
    unreadable files by what they are, not by what they lead to)."""
    found: dict[str, tuple[bytes, int]] = {}
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files + [d for d in dirs if os.path.islink(os.path.join(root, d))]):
            path = Path(root, name)
            relative = os.fsencode(path.relative_to(folder)).decode("utf-8", "replace")
            info = path.lstat()
            if path.is_symlink():
                found[relative] = (os.fsencode(os.readlink(path)), info.st_mtime_ns)
            elif not path.is_file() or not os.access(path, os.R_OK) or info.st_mode & 0o444 == 0:
                found[relative] = (b"", info.st_mtime_ns)
            else:
                found[relative] = (path.read_bytes(), info.st_mtime_ns)
    return found


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A valid project, already built once."""
    root = tmp_path_factory.mktemp("base") / "project"  # no layouts/: the default theme
    root.mkdir()
    (root / "site.toml").write_text(SITE_TOML, encoding="utf-8")
    for relative, text in [("content/articles/good-news.md", ARTICLE),
                           ("content/authors/ben-jones.md", PROFILE)]:
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    report = Report(root=root)
    build(Project.at(root), BuildOptions(), report)
    assert not report.problems, report.lines()
    return root


UNPRIVILEGED = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]


def run_build(root: Path, *args: str, unprivileged: bool = False
              ) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CI": "true"}
    prefix = UNPRIVILEGED if unprivileged else []
    return subprocess.run([*prefix, sys.executable, str(REPO / "build.py"), *args], cwd=root,
                          env=env, capture_output=True, text=True, timeout=120)


def _case_module(case: str) -> Any:
    script = CASES / case / "setup.py"
    if not script.exists():
        return None
    spec = importlib.util.spec_from_file_location(f"invalid_{case.replace('-', '_')}", script)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _unprivileged_works() -> bool:
    if shutil.which("setpriv") is None or os.geteuid() != 0:
        return False
    done = subprocess.run([*UNPRIVILEGED, "true"], capture_output=True, check=False)
    return done.returncode == 0


def broken_copy(base: Path, tmp_path: Path, case: str) -> Path:
    root = tmp_path / "project"
    shutil.copytree(base, root, symlinks=True)
    for source in sorted((CASES / case).rglob("*")):
        relative = source.relative_to(CASES / case)
        if source.is_dir() or relative.as_posix() in ("expected.txt", "delete.txt", "setup.py",
                                                       "args.txt", "unprivileged"):
            continue
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, root / relative)
    deletions = CASES / case / "delete.txt"
    if deletions.exists():
        for line in deletions.read_text(encoding="utf-8").split():
            (root / line).unlink()
    return root


@pytest.mark.parametrize("case", CASE_NAMES)
def test_invalid_project(base: Path, tmp_path: Path, case: str) -> None:
    root = broken_copy(base, tmp_path, case)
    unprivileged = (CASES / case / "unprivileged").exists()
    if unprivileged and not _unprivileged_works():
        pytest.skip("needs root and setpriv to build without CAP_DAC_OVERRIDE")
    module = _case_module(case)
    site_before = snapshot(root / "site")
    if module is not None:
        module.setup(root)
    try:
        content_before = snapshot(root / "content")
        expected = (CASES / case / "expected.txt").read_text(encoding="utf-8")
        args = (CASES / case / "args.txt").read_text(encoding="utf-8").split() \
            if (CASES / case / "args.txt").exists() else []

        done = run_build(root, *args, unprivileged=unprivileged)

        assert "Traceback" not in done.stderr
        assert done.stderr == expected
        assert snapshot(root / "content") == content_before
        if expected.startswith("build.py: error:"):
            assert done.returncode == 2
            assert snapshot(root / "site") == site_before
        elif expected.rstrip().endswith("nothing was written"):
            assert done.returncode == 1
            assert done.stdout == ""
            assert snapshot(root / "site") == site_before
        else:
            assert done.returncode == 0
            assert done.stdout.startswith("Built ")
    finally:
        if module is not None and hasattr(module, "teardown"):
            module.teardown(root)


def test_check_reports_the_same_problems_and_writes_nothing(base: Path, tmp_path: Path) -> None:
    root = broken_copy(base, tmp_path, "everything-at-once")
    before = snapshot(root)

    done = run_build(root, "check")

    assert done.returncode == 1
    assert done.stderr == (CASES / "everything-at-once" / "expected.txt").read_text()
    assert snapshot(root) == before


def test_every_case_has_its_expected_output() -> None:
    missing = [c for c in CASE_NAMES if not (CASES / c / "expected.txt").is_file()]
    assert missing == []


def test_an_oversized_article_is_refused(base: Path, tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(base, root, symlinks=True)
    huge = root / "content/articles/huge.md"
    huge.write_bytes(ARTICLE.replace("Good News", "Huge").encode()
                     + b"Twenty megabytes of words. " * 800_000)
    before = snapshot(root / "site")

    done = run_build(root)

    assert done.returncode == 1
    assert done.stderr == ("content/articles/huge.md:1: file is 20.6 MB; the limit is 10 MB\n"
                           "1 error; nothing was written\n")
    assert snapshot(root / "site") == before


def test_bom_and_crlf_build_like_plain_utf8(base: Path, tmp_path: Path) -> None:
    """Not errors at all: a file saved by a Windows editor builds the same page."""
    plain = tmp_path / "plain"
    windows = tmp_path / "windows"
    for root in (plain, windows):
        shutil.copytree(base, root, symlinks=True)
        shutil.rmtree(root / "site")
    text = ARTICLE.replace("Good News", "Café Society").replace("builds.", "builds — «here».")
    (plain / "content/articles/cafe.md").write_bytes(text.encode("utf-8"))
    (windows / "content/articles/cafe.md").write_bytes(
        b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))

    for root in (plain, windows):
        done = run_build(root)
        assert (done.returncode, done.stderr) == (0, "")

    page = "articles/cafe-society/index.html"
    assert (windows / "site" / page).read_bytes() == (plain / "site" / page).read_bytes()
    assert "Café Society" in (plain / "site" / page).read_text(encoding="utf-8")
