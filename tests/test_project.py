"""folio/project.py: where a project's folders are, and what a build is asked and did."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from folio.pages.templates import THEME
from folio.problems import Report
from folio.project import BuildOptions, BuildResult, Project


def test_a_project_at_a_root_uses_its_usual_folders(tmp_path: Path) -> None:
    project = Project.at(tmp_path)
    assert project.root == tmp_path
    assert project.content == tmp_path / "content"
    assert project.layouts == tmp_path / "layouts"
    assert project.output == tmp_path / "site"
    assert project.config_file == tmp_path / "site.toml"
    assert project.theme == THEME and (THEME / "base.html").is_file()
    assert project.cache_dir == tmp_path / ".cache"


def test_content_and_output_may_be_elsewhere(tmp_path: Path) -> None:
    project = Project.at(tmp_path, content=tmp_path / "posts", output=tmp_path / "public")
    assert (project.content, project.output) == (tmp_path / "posts", tmp_path / "public")
    assert project.layouts == tmp_path / "layouts"  # the rest stays with the root


def test_options_default_to_a_cached_written_build_of_published_articles() -> None:
    options = BuildOptions()
    assert (options.drafts, options.future, options.force, options.progress) == (
        False, False, False, False)
    assert (options.write, options.cache, options.jobs) == (True, True, 1)
    assert options.base_url is None and options.waiting is None


def test_projects_and_options_are_frozen(tmp_path: Path) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        Project.at(tmp_path).root = Path("/")  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        BuildOptions().jobs = 4  # type: ignore[misc]


def test_results_do_not_share_their_counters() -> None:
    one, two = BuildResult(Report()), BuildResult(Report())
    one.kinds["article.html"] += 1
    one.timings["load"] = 1.0
    assert two.kinds == {} and two.timings == {}
    assert (one.pages, one.unchanged, one.patched, one.graph, one.stats) == (
        0, False, None, None, None)
