"""The bad-input matrix: one broken project per folder of tests/invalid/, run through the real
`python build.py`.

Each folder holds the files that break a valid base project (they are copied over it;
`delete.txt` lists files to remove) and `expected.txt`, the exact standard error. A case
whose expected output ends in "nothing was written" must exit 1 and leave the previously
built `site/` byte for byte as it was, modification times included; any other case is a
warning and exits 0. No case may print a traceback or change a file under `content/`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

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
    """Every file under `folder` with its bytes and modification time."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


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


def run_build(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CI": "true"}
    return subprocess.run([sys.executable, str(REPO / "build.py"), *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=120)


def broken_copy(base: Path, tmp_path: Path, case: str) -> Path:
    root = tmp_path / "project"
    shutil.copytree(base, root, symlinks=True)
    for source in sorted((CASES / case).rglob("*")):
        relative = source.relative_to(CASES / case)
        if source.is_dir() or relative.as_posix() in ("expected.txt", "delete.txt"):
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
    site_before, content_before = snapshot(root / "site"), snapshot(root / "content")
    expected = (CASES / case / "expected.txt").read_text(encoding="utf-8")

    done = run_build(root)

    assert "Traceback" not in done.stderr
    assert done.stderr == expected
    assert snapshot(root / "content") == content_before
    if expected.rstrip().endswith("nothing was written"):
        assert done.returncode == 1
        assert done.stdout == ""
        assert snapshot(root / "site") == site_before
    else:
        assert done.returncode == 0
        assert done.stdout.startswith("Built ")


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
