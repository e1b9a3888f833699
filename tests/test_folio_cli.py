"""folio/cli.py: commands, options and exit codes (0 done, 1 problems, 2 usage)."""

from __future__ import annotations

import io
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import SiteProject

import folio.preview.server
from folio import cli
from folio.config import SiteConfig
from folio.content.frontmatter import split_document
from folio.content.parse import parse_article
from folio.graph.model import SiteGraph
from folio.pipeline import BuildOptions, BuildResult, Project
from folio.problems import Report
from folio.publish.output import PublishStats


@pytest.fixture
def here(project: SiteProject, monkeypatch: pytest.MonkeyPatch) -> SiteProject:
    """The project, as the working folder, with search off (no Pagefind: quick builds)."""
    config = project.root / "site.toml"
    config.write_text(config.read_text().replace("search = true", "search = false"))
    project.article("one", "One", "2024-01-02", ["Jane Doe"], tags=["NATO"])
    monkeypatch.chdir(project.root)
    return project


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return cli.main(list(argv), out), out.getvalue()


@pytest.mark.parametrize(("argv", "message"), [
    (["--jobs", "0"], "--jobs must be at least 1"),
    (["build", "--base-url", "example.org"], "--base-url: base_url must be an absolute"),
    (["build", "--base-url", "https://x.org/\n"], "\\n"),  # printed on one line
    (["frobnicate"], "invalid choice"),
    (["check", "--force"], "unrecognized arguments: --force"),
    (["build", "--jobs", "two"], "invalid int value"),
])
def test_usage_errors_exit_2(argv: list[str], message: str,
                             capsys: pytest.CaptureFixture[str]) -> None:
    assert run(*argv)[0] == 2
    assert message in capsys.readouterr().err


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("--help")[0] == 0
    assert "serve" in capsys.readouterr().out


def test_new_scaffolds_a_draft_whose_title_survives_quotes(
        here: SiteProject, capsys: pytest.CaptureFixture[str]) -> None:
    title = 'The "Quoted" Path \\ Back'
    code, out = run("new", title)
    path = here.root / "content/articles/the-quoted-path-back.md"
    assert code == 0 and out == f"created {path}\n"
    doc = split_document(path.read_text())
    assert doc.meta["title"] == title and doc.meta["draft"] is True
    assert doc.meta["date"] == date.today().isoformat()
    report = Report()  # a scaffold names no author yet: it is a draft to fill in
    assert parse_article(path.read_text(), "a.md", SiteConfig(), report) is None
    assert report.lines() == ["a.md:4: 'authors' must name at least one author"]
    assert run("new", title)[0] == 1  # never overwrites
    assert "already exists" in capsys.readouterr().err


def test_check_writes_nothing(here: SiteProject, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("check")[0] == 0
    assert capsys.readouterr().out.startswith("Checked 1 articles and ")
    assert not here.site.exists()


def test_build_writes_the_site_and_says_so(here: SiteProject,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert run("build", "--jobs", "1")[0] == 0
    assert capsys.readouterr().out.startswith("Built 1 articles, 2 term pages in ")
    assert (here.site / "articles/one/index.html").is_file()
    assert run("build", "-q")[0] == 0  # quiet: nothing but problems
    assert capsys.readouterr().out == ""
    assert run("build")[0] == 0
    assert capsys.readouterr().out == "Nothing changed since the last build; site/ is up to date\n"


def test_problems_exit_1_and_write_nothing(here: SiteProject,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    here.write("content/articles/bad.md", "---\ntitle: Bad\ndate: someday\nauthors: [A]\n---\n"
               "Text.\n")
    assert run("build")[0] == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("content/articles/bad.md:3: 'date': 'someday' is not a date")
    assert err[-1] == "1 error; nothing was written"
    assert not here.site.exists()


def test_content_and_output_are_taken_from_the_options(here: SiteProject) -> None:
    (here.root / "content").rename(here.root / "posts")
    assert run("build", "-q", "--content", "posts", "--output", "public")[0] == 0
    assert (here.root / "public/articles/one/index.html").is_file()
    assert not here.site.exists()


def test_serve_previews_drafts_and_future_articles(here: SiteProject,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[tuple[Project, BuildOptions, dict[str, Any]]] = []

    def serve(project: Project, options: BuildOptions, **where: Any) -> int:
        asked.append((project, options, where))
        return 0

    monkeypatch.setattr(folio.preview.server, "serve", serve)
    assert run("--force", "serve", "--port", "8123", "--jobs", "1")[0] == 0
    project, options, where = asked[0]
    assert project.root == here.root and project.content == here.root / "content"
    assert options.drafts and options.future and options.write and not options.force
    assert where == {"host": "127.0.0.1", "port": 8123, "open_browser": False}
    # (--force replaces an output folder of the user's: serve builds into its own)


def test_build_options_follow_the_command_line(here: SiteProject,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[BuildOptions] = []

    def build(project: Project, options: BuildOptions) -> BuildResult:
        asked.append(options)
        return BuildResult(Report())

    monkeypatch.setattr(cli, "build", build)
    run("build", "--drafts", "--force", "--jobs", "3", "--base-url", "https://x.org/", "-q")
    run("check", "--future")
    first, second = asked
    assert (first.drafts, first.future, first.force, first.jobs, first.write) == (
        True, False, True, 3, True)
    assert first.base_url == "https://x.org/" and not first.progress
    assert (second.future, second.write, second.force) == (True, False, False)
    assert second.waiting is not None


def test_verbose_names_a_patch_build_and_its_stages(
        here: SiteProject, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    graph = SiteGraph(config=None, entries=(), terms={}, pages=(),  # type: ignore[arg-type]
                      archive={}, related={}, cited_by={}, link_targets={}, term_pages={})
    result = BuildResult(Report(), graph, PublishStats(1, 5, 0), 6, Counter(), 0.25,
                         patched=1, timings={"link": 0.01, "render": 0.2})
    monkeypatch.setattr(cli, "build", lambda project, options: result)
    assert run("build", "-v")[0] == 0
    out = capsys.readouterr().out.splitlines()
    assert out == ["Built 0 articles, 0 term pages in 0.2 s (1 page written)",
                   "  patch build (1 article edited): link 0.01 s, render 0.20 s"]


def test_ctrl_c_exits_130(here: SiteProject, monkeypatch: pytest.MonkeyPatch,
                          capsys: pytest.CaptureFixture[str]) -> None:
    def interrupted(project: Project, options: BuildOptions) -> BuildResult:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "build", interrupted)
    assert run("build")[0] == 130
    assert capsys.readouterr().err == "interrupted\n"


def test_waiting_is_said_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    cli._waiting("another build is running")
    assert capsys.readouterr().err == "build.py: another build is running\n"


def test_relative_folders_are_made_absolute(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli._absolute(Path("posts")) == tmp_path.resolve() / "posts"
    assert cli._absolute(None) is None
