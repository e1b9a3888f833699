"""Shared fixtures: real projects written into tmp_path and built with the real pipeline."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from folio.pipeline import BuildOptions, BuildResult, Project, build
from folio.problems import Report

REPO = Path(__file__).resolve().parent.parent
LAYOUTS = REPO / "folio" / "theme"  # the default theme: copied, it overrides itself
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclass
class SiteProject:
    root: Path

    @property
    def site(self) -> Path:
        return self.root / "site"

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def article(self, slug: str, title: str, date: str, authors: list[str],
                body: str = "Body text.", **meta: object) -> Path:
        lines = [f"title: {title!r}", f"date: {date}", f"authors: {authors!r}"]
        lines += [f"{key}: {value!r}" for key, value in meta.items()]
        front = "\n".join(lines).replace("'", '"') if "'" not in title else "\n".join(lines)
        return self.write(f"content/articles/{slug}.md", f"---\n{front}\n---\n\n{body}\n")

    def build(self, **options: object) -> BuildResult:
        return build(Project.at(self.root), BuildOptions(**options),  # type: ignore[arg-type]
                     Report(root=self.root))

    def page(self, url: str) -> str:
        relative = url.strip("/")
        path = self.site / relative / "index.html" if not relative.endswith(
            (".html", ".xml", ".json", ".txt", ".bib")) else self.site / relative
        return path.read_text(encoding="utf-8")

    def files(self) -> dict[str, bytes]:
        """Every output file, the search bundle included (it is byte-stable too)."""
        return {p.relative_to(self.site).as_posix(): p.read_bytes()
                for p in sorted(self.site.rglob("*")) if p.is_file()}


def clean_copy(project: SiteProject, tmp_path: Path, name: str) -> SiteProject:
    """A copy of `project` built from nothing: no cache, no previous site, no buffer."""
    copy = tmp_path / f"clean-{name}"
    shutil.copytree(project.root, copy, ignore=shutil.ignore_patterns(
        ".cache", "site", ".site.folio-buffer"))
    result = build(Project.at(copy), BuildOptions(cache=False), Report(root=copy))
    assert not result.report.failed, result.report.lines()
    return SiteProject(copy)


@pytest.fixture
def project(tmp_path: Path) -> SiteProject:
    """An empty project with the default layouts and site.toml."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copytree(LAYOUTS, root / "layouts")
    shutil.copy(REPO / "site.toml", root / "site.toml")
    return SiteProject(root)


@pytest.fixture
def archive(tmp_path: Path) -> SiteProject:
    """A copy of tests/fixtures/archive: several authors, themes, regions, reports and tags."""
    root = tmp_path / "archive"
    shutil.copytree(FIXTURES / "archive", root)
    shutil.copytree(LAYOUTS, root / "layouts")
    return SiteProject(root)


@pytest.fixture
def built_archive(archive: SiteProject) -> SiteProject:
    result = archive.build()
    assert not result.report.failed, result.report.lines()
    return archive


BuildFn = Callable[..., BuildResult]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """A headless Debian Chromium driven by Playwright (skipped where it is missing)."""
    from browser import CHROMIUM, CHROMIUM_ARGS, require_browser

    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser page (1280×800) that is closed after the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    tab = context.new_page()
    yield tab
    context.close()
