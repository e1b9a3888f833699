"""folio/cli.py, in process (tests/test_cli.py runs `build.py` itself): each command's own
options, the command found wherever it is written, the options a build is given, the one
summary line, exit codes (0 done, 1 problems, 2 usage)."""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from conftest import SiteProject

import folio.preview.server
from folio import cli
from folio.config import SiteConfig
from folio.content.frontmatter import split_document
from folio.content.load import Corpus
from folio.graph.build import build_graph
from folio.pipeline import BuildOptions, BuildResult, Project
from folio.problems import Report
from folio.publish.output import PublishStats

GRAPH = build_graph(Corpus(()), SiteConfig(), Report())


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
    (["frobnicate"], "build.py build: error: unrecognized arguments: frobnicate"),
    (["check", "--force"], "build.py check: error: unrecognized arguments: --force"),
    (["import", "--output", "x"], "build.py import: error: unrecognized arguments: --output"),
    (["serve", "--drafts"], "build.py serve: error: unrecognized arguments: --drafts"),
    (["build", "--jobs", "two"], "invalid int value"),
    (["import", "--from", "wordpress", "x"], "invalid choice: 'wordpress'"),
])
def test_usage_errors_exit_2(argv: list[str], message: str,
                             capsys: pytest.CaptureFixture[str]) -> None:
    assert run(*argv)[0] == 2
    assert message in capsys.readouterr().err


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("--help")[0] == 0
    assert "serve" in capsys.readouterr().out
    assert run("serve", "--help")[0] == 0
    assert "--host" in capsys.readouterr().out


@pytest.mark.parametrize(("argv", "command"), [
    ([], ["build"]),
    (["--drafts"], ["build", "--drafts"]),
    (["--content", "serve", "check"], ["check", "--content", "serve"]),  # a value, not a command
    (["-q", "serve", "--port", "1"], ["serve", "-q", "--port", "1"]),
    (["import", "seeds/"], ["import", "seeds/"]),
    (["seeds/", "import"], ["build", "seeds/", "import"]),  # a word first: build's argument
    (["--help"], ["--help"]),
])
def test_the_command_is_found_wherever_it_is_written(argv: list[str],
                                                      command: list[str]) -> None:
    assert cli._with_command(argv) == command


def options_of(monkeypatch: pytest.MonkeyPatch, *argv: str) -> BuildOptions:
    asked: list[BuildOptions] = []

    def build(project: Project, options: BuildOptions) -> BuildResult:
        asked.append(options)
        return BuildResult(Report())

    monkeypatch.setattr(cli, "build", build)
    assert run(*argv)[0] == 0
    return asked[0]


def test_build_options_follow_the_command_line(here: SiteProject,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    built = options_of(monkeypatch, "build", "--drafts", "--force", "--jobs", "3",
                       "--base-url", "https://x.org/", "-q")
    assert (built.drafts, built.future, built.force, built.jobs, built.write) == (
        True, False, True, 3, True)
    assert built.base_url == "https://x.org/" and not built.progress
    checked = options_of(monkeypatch, "check", "--future")
    assert (checked.future, checked.write, checked.force, checked.progress) == (
        True, False, False, True)
    assert checked.waiting is not None


def test_serve_previews_drafts_and_future_articles(here: SiteProject,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[tuple[Project, BuildOptions, dict[str, Any]]] = []

    def serve(project: Project, options: BuildOptions, **where: Any) -> int:
        asked.append((project, options, where))
        return 0

    monkeypatch.setattr(folio.preview.server, "serve", serve)
    assert run("serve", "--port", "8123", "--jobs", "1", "--host", "0.0.0.0", "--open")[0] == 0
    project, options, where = asked[0]
    assert project.root == here.root and project.content == here.root / "content"
    assert options.drafts and options.future and options.write and not options.force
    assert options.base_url is None  # the server puts its own address there
    assert where == {"host": "0.0.0.0", "port": 8123, "open_browser": True}


def test_content_and_output_are_taken_from_the_options(here: SiteProject) -> None:
    (here.root / "content").rename(here.root / "posts")
    assert run("build", "-q", "--content", "posts", "--output", "public")[0] == 0
    assert (here.root / "public/articles/one/index.html").is_file()
    assert not here.site.exists()


def test_a_build_says_what_it_did_in_one_line(here: SiteProject) -> None:
    code, out = run("build", "--jobs", "1")
    assert code == 0 and out.startswith("Built 1 article into ") and " files written)\n" in out
    code, out = run("build")
    assert out == "Nothing changed since the last build: site/ is up to date\n"
    assert run("build", "-q")[1] == ""


def test_check_writes_nothing(here: SiteProject) -> None:
    code, out = run("check")
    assert code == 0 and out.startswith("Checked 1 article and ") and out.endswith(
        ": no errors\n")
    assert not here.site.exists()


def test_problems_exit_1_and_write_nothing(here: SiteProject,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    here.write("content/articles/bad.md", "---\ntitle: Bad\ndate: someday\nauthors: [A]\n---\n"
               "Text.\n")
    code, out = run("build")
    assert code == 1 and out == ""
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("content/articles/bad.md:3: 'date': 'someday' is not a date")
    assert err[-1] == "1 error; nothing was written"
    assert not here.site.exists()


def result(**changes: Any) -> BuildResult:
    return replace(BuildResult(Report(), GRAPH, PublishStats(2, 5, 0), 7, Counter(), 0.25),
                   **changes)


@pytest.mark.parametrize(("made", "checked", "line"), [
    (result(), False, "Built 0 articles into 7 pages in 0.2 s (2 files written)"),
    (result(stats=PublishStats(1, 0, 0), pages=1), False,
     "Built 0 articles into 1 page in 0.2 s (1 file written)"),
    (result(stats=PublishStats(0, 9, 0)), False,
     "Built 0 articles into 7 pages in 0.2 s (no file changed)"),
    (result(stats=None), False, "Built 0 articles into 7 pages in 0.2 s"),
    (result(), True, "Checked 0 articles and 7 pages in 0.2 s: no errors"),
    (result(unchanged=True), False,
     "Nothing changed since the last build: public/ is up to date"),
    (result(graph=None), False, None),
])
def test_the_summary_line(tmp_path: Path, made: BuildResult, checked: bool,
                          line: str | None) -> None:
    project = Project.at(tmp_path, output=tmp_path / "public")
    assert cli.summary_line(made, project, checked) == line


def test_verbose_names_a_patch_build_and_its_stages(here: SiteProject,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    patched = result(patched=1, timings={"link": 0.01, "render": 0.2})
    monkeypatch.setattr(cli, "build", lambda project, options: patched)
    assert run("build", "-v")[1].splitlines() == [
        "Built 0 articles into 7 pages in 0.2 s (2 files written)",
        "  patch build (1 article edited): link 0.01 s, render 0.20 s"]
    full = result(timings={"load": 0.5})
    monkeypatch.setattr(cli, "build", lambda project, options: full)
    assert run("build", "-v")[1].splitlines()[1] == "  full build: load 0.50 s"


def test_new_writes_a_draft_that_builds(here: SiteProject) -> None:
    title = 'The "Quoted" Path \\ Back'
    code, out = run("new", title, "--author", "Ann  Alder", "--author", "Ben")
    path = here.root / "content/articles/the-quoted-path-back.md"
    assert code == 0 and out.startswith("Created content/articles/the-quoted-path-back.md: "
                                        "a draft")
    doc = split_document(path.read_text())
    assert doc.meta["title"] == title and doc.meta["draft"] is True
    assert doc.meta["authors"] == ["Ann Alder", "Ben"]
    assert run("new", title, "--author", "Ann")[0] == 1  # never overwrites
    assert run("check", "--drafts")[0] == 0


def test_new_needs_an_author_and_a_title(here: SiteProject,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert run("new", "A Title")[0] == 2
    assert "who writes it? Give --author NAME" in capsys.readouterr().err
    assert run("new", "  ", "--author", "Ann")[0] == 2
    assert "the title is empty" in capsys.readouterr().err
    config = here.root / "site.toml"
    config.write_text('default_author = "Dee Dogwood"\n' + config.read_text())
    assert run("new", "A Title")[0] == 0
    doc = split_document((here.root / "content/articles/a-title.md").read_text())
    assert doc.meta["authors"] == ["Dee Dogwood"]


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
