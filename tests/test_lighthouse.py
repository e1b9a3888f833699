"""Lighthouse (mobile) scores every page kind of the demonstration archive (tests/demo.py:
the seed site with the importer's golden articles) at least 95 for performance,
accessibility, best practices and SEO (issues 8 and 18): the front page and a later home
page, an article with its featured image, a corrected article, an author, a theme, a
taxonomy index, the archive, a year, a month, a static page, the search page with results
and the 404 page at a nested address.

Lighthouse is a Node tool, not a Python one, so it is not installed with Folio's test
tools: install it into a folder of your choice and point FOLIO_LIGHTHOUSE_DIR at it,

    npm install --prefix /some/dir lighthouse@12.8.2
    FOLIO_LIGHTHOUSE_DIR=/some/dir python -m pytest tests/test_lighthouse.py

Without it (or without Node or Chromium) the tests are skipped with the reason. Lighthouse
12 needs Node 18.16 or newer; it drives Debian's Chromium, offline, against the site served
on 127.0.0.1 (default mobile emulation and simulated throttling).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import CHROMIUM, CHROMIUM_ARGS, serve_folder
from demo import demo_project

from folio.pipeline import BuildOptions, Project, build
from folio.problems import Report

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
MINIMUM = 0.95


def lighthouse_command() -> list[str]:
    """The Lighthouse executable from FOLIO_LIGHTHOUSE_DIR, or a skip saying what is missing."""
    folder = os.environ.get("FOLIO_LIGHTHOUSE_DIR")
    if not folder:
        pytest.skip("FOLIO_LIGHTHOUSE_DIR is not set (npm install --prefix DIR "
                    "lighthouse@12.8.2, then FOLIO_LIGHTHOUSE_DIR=DIR)")
    executable = Path(folder) / "node_modules" / ".bin" / "lighthouse"
    if not executable.exists():  # pointed at a folder without it: a mistake, not a skip
        pytest.fail(f"no Lighthouse at {executable} (npm install --prefix {folder} "
                    "lighthouse@12.8.2)")
    if not shutil.which("node"):
        pytest.skip("Node.js is not installed (Lighthouse 12 needs node >= 18.16)")
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    return [str(executable)]


@pytest.fixture(scope="module")
def seed_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The demonstration archive, built with the address it is served at (on 127.0.0.1,
    a miss getting its 404.html) as base_url; yields the base URL and the site folder."""
    lighthouse_command()  # skip before building when Lighthouse cannot run
    root = demo_project(tmp_path_factory.mktemp("lighthouse") / "project")
    with serve_folder(root / "site", not_found=True) as url:
        result = build(Project.at(root), BuildOptions(base_url=url), Report(root=root))
        assert not result.report.failed, result.report.lines()
        yield url, root / "site"


def failing_audits(report: dict[str, Any], category: str) -> list[str]:
    """The audits that cost a category points, for a readable assertion message."""
    found = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
            found.append(f"{ref['id']}={audit['score']} {audit.get('displayValue', '')}".strip())
        elif audit["scoreDisplayMode"] == "error":
            found.append(f"{ref['id']}: error {audit.get('errorMessage', '')}")
    return found


def run_lighthouse(url: str, output: Path) -> dict[str, Any]:
    command = [
        *lighthouse_command(), url, "--quiet", "--output=json", f"--output-path={output}",
        "--form-factor=mobile", f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=" + " ".join(["--headless=new", *CHROMIUM_ARGS]),
    ]
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=180,
                          check=False)
    assert done.returncode == 0 and output.exists(), done.stderr[-2000:]
    report: dict[str, Any] = json.loads(output.read_text(encoding="utf-8"))
    assert not report.get("runtimeError"), report["runtimeError"]
    return report


KINDS = {
    "home": "",
    "home-page-2": "page/2/",
    "article-with-image": "articles/the-liberation-of-port-halden-contractors-and-militias-"
                          "join-hands/",
    "article-corrected": "articles/we-were-never-asked/",
    "author": "authors/andrew-korybko/",
    "theme": "themes/environment/",
    "taxonomy": "tags/",
    "archive": "archive/",
    "year": "archive/2011/",
    "month": "archive/2011/10/",
    "page": "about/",
    "search-with-results": "search/?q=harbour",
    "404": "404.html",  # Lighthouse refuses a 404 status: the page a miss gets, asked for
}


@pytest.mark.browser
@pytest.mark.parametrize("kind", list(KINDS))
def test_lighthouse_mobile_scores_at_least_95(
    seed_site: tuple[str, Path], tmp_path: Path, kind: str,
) -> None:
    base, site = seed_site
    path = KINDS[kind]
    target = site / path.split("?")[0] / "index.html"
    assert path.endswith(".html") or target.is_file(), target
    report = run_lighthouse(base + path, tmp_path / f"{kind}.json")
    scores = {name: report["categories"][name]["score"] for name in CATEGORIES}
    low = {name: score for name, score in scores.items() if score is None or score < MINIMUM}
    print(kind, scores)
    assert not low, {name: [score, *failing_audits(report, name)] for name, score in low.items()}
