"""Random sequences of edits, builds, killed builds and overlapping builds on a real project
with search on: after every step the site equals a clean build of the same input, byte for
byte, the search bundle included.

A Hypothesis state machine picks the steps. CI runs a few sequences; set
FOLIO_STATEFUL_EXAMPLES (and FOLIO_STATEFUL_STEPS) to run many more:

    FOLIO_STATEFUL_EXAMPLES=200 python -m pytest tests/test_stateful.py
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from conftest import FIXTURES, LAYOUTS, REPO
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from folio.pipeline import BuildOptions, Project, build
from folio.problems import Report

EXAMPLES = int(os.environ.get("FOLIO_STATEFUL_EXAMPLES", "3"))
STEPS = int(os.environ.get("FOLIO_STATEFUL_STEPS", "8"))
ARTICLES = "content/articles"
NAMES = ["Jane Doe", "Andrew Korybko", "Ann Lee", "Bo Chen"]
TAGS = ["NATO", "Oil", "Grain", "Elections", "Ports", "Media"]


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def cli(root: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, str(REPO / "build.py"), "--quiet"], cwd=root,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)


class Archive(RuleBasedStateMachine):
    """An archive edited, built and rebuilt the way people do."""

    @initialize()
    def start(self) -> None:
        self.temp = Path(tempfile.mkdtemp(prefix="folio-stateful-"))
        self.root = self.temp / "archive"
        shutil.copytree(FIXTURES / "archive", self.root)
        shutil.copytree(LAYOUTS, self.root / "layouts")
        self.made = 0
        self.last_good: dict[str, bytes] | None = None
        self.build()

    def teardown(self) -> None:
        shutil.rmtree(self.temp, ignore_errors=True)

    # what a build gives, and what a clean build of the same input gives ----------------

    def build(self) -> None:
        self.report = Report(root=self.root)
        build(Project.at(self.root), BuildOptions(jobs=2), self.report)

    @invariant()
    def equals_a_clean_build(self) -> None:
        clean = self.temp / "clean"
        shutil.rmtree(clean, ignore_errors=True)
        shutil.copytree(self.root, clean, ignore=shutil.ignore_patterns(
            ".cache", "site", ".site.folio-buffer"))
        report = Report(root=clean)
        build(Project.at(clean), BuildOptions(cache=False), report)
        assert self.report.lines() == report.lines()
        if report.failed:  # the same problems, and the last good site left as it was
            assert self.last_good is None or tree(self.root / "site") == self.last_good
            return
        self.last_good = tree(self.root / "site")
        assert self.last_good == tree(clean / "site")

    # the steps ---------------------------------------------------------------------------

    def articles(self) -> list[Path]:
        return sorted((self.root / ARTICLES).glob("*.md"))

    @rule(pick=st.integers(0, 99), text=st.sampled_from(["A new paragraph.",
                                                          "Oil and grain, again.", "Ports."]))
    def edit_a_body(self, pick: int, text: str) -> None:
        path = self.articles()[pick % len(self.articles())]
        path.write_text(path.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")
        self.build()

    @rule(pick=st.integers(0, 99))
    def retitle(self, pick: int) -> None:
        path = self.articles()[pick % len(self.articles())]
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("title: ", "title: Retitled ", 1), encoding="utf-8")
        self.build()

    @rule(pick=st.integers(0, 99), tags=st.lists(st.sampled_from(TAGS), max_size=3))
    def retag(self, pick: int, tags: list[str]) -> None:
        path = self.articles()[pick % len(self.articles())]
        lines = [line for line in path.read_text(encoding="utf-8").split("\n")
                 if not line.startswith("tags:")]
        lines.insert(1, f"tags: [{', '.join(tags)}]")
        path.write_text("\n".join(lines), encoding="utf-8")
        self.build()

    @rule(author=st.sampled_from(NAMES), tags=st.lists(st.sampled_from(TAGS), max_size=3),
          day=st.integers(1, 28), link=st.booleans())
    def add(self, author: str, tags: list[str], day: int, link: bool) -> None:
        self.made += 1
        target = self.articles()[0].name
        body = f"A new piece, number {self.made}." + (f" See [this]({target})." if link else "")
        (self.root / ARTICLES / f"new-piece-{self.made}.md").write_text(
            f"---\ntitle: New piece {self.made}\ndate: 2024-05-{day:02d}\n"
            f"authors: [{author}]\ntags: [{', '.join(tags)}]\n---\n\n{body}\n",
            encoding="utf-8")
        self.build()

    @rule(pick=st.integers(0, 99))
    def delete(self, pick: int) -> None:
        articles = self.articles()
        if len(articles) > 3:
            articles[pick % len(articles)].unlink()
        self.build()

    @rule(pick=st.integers(0, 99))
    def rename(self, pick: int) -> None:
        path = self.articles()[pick % len(self.articles())]
        path.rename(path.with_name("renamed-" + path.name))
        self.build()

    @rule(author=st.sampled_from(NAMES))
    def add_a_profile(self, author: str) -> None:
        slug = author.lower().replace(" ", "-")
        path = self.root / "content/authors" / f"{slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\nname: {author}\n---\n\n{author} writes, again and again.\n",
                        encoding="utf-8")
        self.build()

    @rule()
    def edit_a_layout(self) -> None:
        layout = self.root / "layouts/article.html"
        layout.write_text(layout.read_text(encoding="utf-8") + "{# edited #}\n",
                          encoding="utf-8")
        self.build()

    @rule(per_page=st.sampled_from([2, 3, 5]))
    def edit_the_settings(self, per_page: int) -> None:
        toml = self.root / "site.toml"
        lines = [line for line in toml.read_text(encoding="utf-8").split("\n")
                 if not line.startswith("per_page")]
        toml.write_text("\n".join([f"per_page = {per_page}", *lines]), encoding="utf-8")
        self.build()

    @rule(pick=st.integers(0, 99))
    def touch(self, pick: int) -> None:
        path = self.articles()[pick % len(self.articles())]
        path.write_bytes(path.read_bytes())
        os.utime(path, None)
        self.build()

    @rule(pick=st.integers(0, 99), delay=st.floats(0.05, 1.5))
    def kill_a_build_part_way(self, pick: int, delay: float) -> None:
        path = self.articles()[pick % len(self.articles())]
        path.write_text(path.read_text(encoding="utf-8") + "\nBefore the power cut.\n",
                        encoding="utf-8")
        process = cli(self.root)
        deadline = time.monotonic() + delay
        while process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        self.build()

    @rule(pick=st.integers(0, 99))
    def run_two_builds_at_once(self, pick: int) -> None:
        path = self.articles()[pick % len(self.articles())]
        path.write_text(path.read_text(encoding="utf-8") + "\nTwo terminals.\n",
                        encoding="utf-8")
        first, second = cli(self.root), cli(self.root)
        for process in (first, second):
            _, err = process.communicate(timeout=300)
            assert b"Traceback" not in err, err
        self.build()


Archive.TestCase.settings = settings(max_examples=EXAMPLES, stateful_step_count=STEPS,
                                     deadline=None,
                                     suppress_health_check=list(HealthCheck))
test_random_edits_and_builds_match_clean_builds = Archive.TestCase
