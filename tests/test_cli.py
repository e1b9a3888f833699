"""The command line as a newcomer meets it: `init`, `new`, `build`, `check`, each command's
--help, and one summary line for all builds. Run through the real `python build.py`."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CI": "true"}
    script = cwd / "build.py" if (cwd / "build.py").is_file() else REPO / "build.py"
    return subprocess.run([sys.executable, str(script), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_init_new_build_check_in_an_empty_folder(tmp_path: Path) -> None:
    done = run(tmp_path, "init", "mysite")
    assert done.returncode == 0 and done.stderr == "", done.stderr
    site = tmp_path / "mysite"
    assert "Started a new site in mysite/" in done.stdout and "cd mysite" in done.stdout
    for name in ("site.toml", "build.py", ".gitignore", "content/pages/about.md",
                 "content/articles/welcome-to-your-archive.md",
                 "content/authors/your-name.md"):
        assert (site / name).is_file(), name
    for name in ("layouts/static", "seeds", "content/articles"):
        assert (site / name).is_dir(), name
    assert not list((site / "layouts").glob("*.html"))  # the theme comes from the package
    toml = (site / "site.toml").read_text()
    assert toml.count("\n#") >= 8 and 'default_author = "Your Name"' in toml

    done = run(site, "new", "My First Piece")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Created content/articles/my-first-piece.md: a draft")
    text = (site / "content/articles/my-first-piece.md").read_text()
    assert 'authors: ["Your Name"]' in text and "draft: true" in text

    built = run(site)  # the example builds; the new draft waits for --drafts or serve
    assert built.returncode == 0, built.stderr
    assert re.fullmatch(r"Built 1 article into (\d+) pages in [\d.]+ s \(\d+ files written\)\n",
                        built.stdout)
    assert "error" not in built.stderr
    assert (site / "site/articles/welcome-to-your-archive/index.html").is_file()
    with_draft = run(site, "--drafts")
    pages = re.search(r"into (\d+) pages", with_draft.stdout)
    assert with_draft.returncode == 0 and pages and "Built 2 articles" in with_draft.stdout
    checked = run(site, "check", "--drafts")
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith(f"Checked 2 articles and {pages.group(1)} pages in ")


def test_init_refuses_to_write_over_a_site(tmp_path: Path) -> None:
    assert run(tmp_path, "init").returncode == 0
    (tmp_path / "site.toml").write_text('title = "Mine"\n')
    before = files(tmp_path)
    done = run(tmp_path, "init")
    assert done.returncode == 1
    assert done.stderr.startswith("build.py init: site.toml already exists")
    assert files(tmp_path) == before


def test_new_takes_authors_from_the_option_then_the_setting(tmp_path: Path) -> None:
    (tmp_path / "site.toml").write_text('title = "T"\n')
    done = run(tmp_path, "new", "No Author")
    assert done.returncode == 2 and "--author" in done.stderr and "default_author" in done.stderr
    assert not (tmp_path / "content").exists()
    done = run(tmp_path, "new", "Two Authors", "--author", "Ann Alder", "--author", 'Bo "B" Bo')
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "content/articles/two-authors.md").read_text()
    assert 'authors: ["Ann Alder", "Bo \\"B\\" Bo"]' in text
    assert run(tmp_path, "new", "Two Authors", "--author", "X").returncode == 1  # exists
    (tmp_path / "site.toml").write_text('title = "T"\ndefault_author = "Cy Cedar"\n')
    assert run(tmp_path, "new", "Third").returncode == 0
    assert 'authors: ["Cy Cedar"]' in (tmp_path / "content/articles/third.md").read_text()
    built = run(tmp_path, "--drafts")
    assert built.returncode == 0 and "Built 2 articles" in built.stdout, built.stderr


@pytest.mark.parametrize(("command", "present", "absent"), [
    ("build", ["--output", "--drafts", "--force", "--base-url"], ["--host", "--author"]),
    ("check", ["--drafts", "--future", "--content"], ["--output", "--force", "--host"]),
    ("serve", ["--host ADDRESS  the address to listen on", "--port PORT", "--open"],
     ["--drafts", "--future", "--force", "--quiet"]),
    ("import", ["--dry-run", "--force", "--content", "SEED"],
     ["--output", "--drafts", "--base-url", "--jobs"]),
    ("new", ["--author", "--content", "title"], ["--output", "--drafts", "--jobs"]),
    ("init", ["DIR"], ["--content", "--output"]),
])
def test_each_command_lists_only_its_own_options(tmp_path: Path, command: str,
                                                  present: list[str], absent: list[str]) -> None:
    done = run(tmp_path, command, "--help")
    assert done.returncode == 0 and done.stdout.startswith(f"usage: build.py {command} ")
    text = " ".join(done.stdout.split())
    for option in present:
        assert " ".join(option.split()) in text, option
    for option in absent:
        assert option not in text, option


def test_an_option_a_command_does_not_take_is_a_usage_error(tmp_path: Path) -> None:
    done = run(tmp_path, "serve", "--drafts")
    assert done.returncode == 2
    assert "build.py serve: error: unrecognized arguments: --drafts" in done.stderr
    done = run(tmp_path, "--output", "x", "import")  # the command may come after options
    assert done.returncode == 2
    assert "build.py import: error: unrecognized arguments: --output" in done.stderr
    top = run(tmp_path, "--help")
    assert top.returncode == 0 and "init" in top.stdout and "Without a command: build" in \
        " ".join(top.stdout.split())
