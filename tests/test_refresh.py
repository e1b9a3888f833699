"""folio/incremental/refresh.py: each page and file digested, kept when unchanged, made
otherwise (in workers when there are many); a patch build keeps what read no changed entry
without looking at it."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import pytest

from folio.config import SiteConfig
from folio.content.load import Corpus
from folio.graph.build import build_graph
from folio.incremental import refresh as refresh_module
from folio.incremental.digest import Digester
from folio.incremental.refresh import (
    Outcome,
    Published,
    Refresh,
    file_maker,
    page_maker,
)
from folio.outputs.files import FileSpec
from folio.pages.kinds import PageSpec
from folio.pages.templates import Renderer, TemplateProblem
from folio.problems import Report
from folio.publish.output import Publisher


class FakePublisher:
    """Keeps what `keepable` holds; says it can keep what `can` holds."""

    def __init__(self, keepable: dict[str, str], can: dict[str, str] | None = None) -> None:
        self.keepable = keepable
        self.can = keepable if can is None else can
        self.kept: list[str] = []
        self.written: list[tuple[str, bytes | None, str]] = []

    def can_keep(self, relative: str, mark: str) -> bool:
        return self.can.get(relative) == mark

    def keep(self, relative: str, mark: str) -> bool:
        if self.keepable.get(relative) == mark:
            self.kept.append(relative)
            return True
        return False

    def write(self, relative: str, data: bytes, mark: str) -> None:
        self.written.append((relative, data, mark))


PATHS = ["a.html", "b.html", "c.html"]
READS = [(0,), (1,), ()]


class Maker:
    """Makes item k (its mark "m<k>"), noting each call; claims it can be kept when
    `claims` says so, as a worker that asked the publisher might."""

    def __init__(self, claims: bool = False, problems: dict[int, TemplateProblem] | None = None
                 ) -> None:
        self.calls: list[tuple[int, bool]] = []
        self.claims, self.problems = claims, problems or {}

    def __call__(self, k: int, force: bool) -> Outcome:
        self.calls.append((k, force))
        data = None if self.claims and not force else f"<{k}>".encode()
        return Outcome(PATHS[k], f"m{k}", READS[k], data, self.problems.get(k))


def run(refresh: Refresh, maker: Maker, report: Report | None = None) -> list[Outcome]:
    return list(refresh.items(PATHS, maker, report or Report()))


def test_without_a_publisher_everything_is_made() -> None:
    maker = Maker()
    outcomes = run(Refresh(Digester([]), None, 1), maker)
    assert [o.data for o in outcomes] == [b"<0>", b"<1>", b"<2>"]
    assert maker.calls == [(0, False), (1, False), (2, False)]


def test_made_items_are_written_in_order() -> None:
    publisher = FakePublisher({})
    maker = Maker()
    outcomes = run(Refresh(Digester([]), cast(Publisher, publisher), 1), maker)
    assert [o.relative for o in outcomes] == PATHS
    assert [w[0] for w in publisher.written] == ["a.html", "b.html", "c.html"]


def test_an_item_a_worker_thought_it_could_keep_but_cannot_is_made() -> None:
    publisher = FakePublisher({"a.html": "m0"})  # keeps a; b's old file is gone since
    maker = Maker(claims=True)
    outcomes = run(Refresh(Digester([]), cast(Publisher, publisher), 1), maker)
    assert publisher.kept == ["a.html"]
    assert [w[0] for w in publisher.written] == ["b.html", "c.html"]
    assert maker.calls == [(0, False), (1, False), (1, True), (2, False), (2, True)]
    assert [o.data for o in outcomes] == [None, b"<1>", b"<2>"]


def previous() -> Published:
    record = Published()
    for path, reads in zip(PATHS, READS, strict=True):
        record.add(path, f"old-{path}", reads)
    return record


def test_a_patch_keeps_what_read_no_changed_entry_without_making_it() -> None:
    publisher = FakePublisher({"a.html": "old-a.html", "b.html": "old-b.html",
                               "c.html": "old-c.html"})
    maker = Maker()
    refresh = Refresh(Digester([]), cast(Publisher, publisher), 1, previous=previous(),
                      changed=frozenset({1}))
    outcomes = run(refresh, maker)
    assert maker.calls == [(1, False)]  # only the item that read entry 1
    assert publisher.kept == ["a.html", "c.html"]
    assert [(o.mark, o.reads, o.data) for o in outcomes] == [
        ("old-a.html", (0,), None), ("m1", (1,), b"<1>"), ("old-c.html", (), None)]


def test_a_patch_makes_what_it_cannot_keep() -> None:
    publisher = FakePublisher({"c.html": "old-c.html"})  # a's file is gone
    maker = Maker()
    refresh = Refresh(Digester([]), cast(Publisher, publisher), 1, previous=previous(),
                      changed=frozenset({1}))
    run(refresh, maker)
    assert maker.calls == [(0, False), (1, False)]


def test_a_record_of_other_items_is_not_trusted() -> None:
    publisher = FakePublisher({"a.html": "old-a.html"})
    record = previous()
    record.paths[2] = "other.html"
    maker = Maker()
    run(Refresh(Digester([]), cast(Publisher, publisher), 1, previous=record,
                changed=frozenset({1})), maker)
    assert [k for k, _ in maker.calls] == [0, 1, 2]


def test_a_layout_problem_is_reported_once_per_line_and_its_items_left_out() -> None:
    problem = TemplateProblem("layouts/x.html", 3, "template error: boom")
    maker = Maker(problems={0: problem, 2: problem})
    report = Report()
    outcomes = run(Refresh(Digester([]), None, 1), maker, report)
    assert [o.relative for o in outcomes] == ["b.html"]
    assert report.lines() == ["layouts/x.html:3: template error: boom"]
    assert len(report.problems) == 1


def test_many_items_are_made_in_workers_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(refresh_module, "PARALLEL_MINIMUM", 2)
    monkeypatch.setattr(refresh_module, "CHUNK", 1)
    publisher = FakePublisher({})
    maker = Maker()
    outcomes = run(Refresh(Digester([]), cast(Publisher, publisher), 2), maker)
    assert maker.calls == []  # made in the forked workers, not here
    assert [o.data for o in outcomes] == [b"<0>", b"<1>", b"<2>"]
    assert [w[0] for w in publisher.written] == PATHS  # written here, in order


@pytest.fixture
def renderer(tmp_path: Path) -> Renderer:
    (tmp_path / "page.html").write_text("<p>{{ word }}</p>")
    (tmp_path / "bad.html").write_text("\n{{ missing }}")
    graph = build_graph(Corpus(()), SiteConfig(), Report())
    return Renderer(graph, tmp_path, {})


def spec(url: str, template: str = "page.html", word: str = "hi") -> PageSpec:
    return PageSpec(url, template, "T", lambda: {"word": word})


def test_a_page_is_digested_from_its_context_and_made_unless_it_can_be_kept(
        renderer: Renderer) -> None:
    specs = [spec("/a/"), spec("/b/", word="other"), spec("/bad/", "bad.html")]
    probe = Refresh(Digester([]), None, 1)
    make = page_maker(specs, renderer, probe, "common")
    first = make(0, False)
    assert (first.relative, first.data) == ("a/index.html", b"<p>hi</p>")
    assert make(1, False).mark != first.mark
    assert page_maker(specs, renderer, probe, "other common")(0, False).mark != first.mark
    publisher = FakePublisher({"a/index.html": first.mark})
    keeping = Refresh(Digester([]), cast(Publisher, publisher), 1)
    make = page_maker(specs, renderer, keeping, "common")
    assert make(0, False).data is None  # it can be kept: not rendered
    assert make(0, True).data == b"<p>hi</p>"
    bad = make(2, False)
    assert bad.data is None and bad.problem is not None and bad.problem.line == 2


def test_a_file_is_digested_from_its_view() -> None:
    files = [FileSpec("x.txt", ("view", 1), lambda view, bodies: repr(view).encode())]
    make = file_maker(files, {}, Refresh(Digester([]), None, 1), "common")
    made = make(0, False)
    assert (made.relative, made.data, made.reads) == ("x.txt", b"('view', 1)", ())
    publisher = FakePublisher({"x.txt": made.mark})
    keeping = Refresh(Digester([]), cast(Publisher, publisher), 1)
    assert file_maker(files, {}, keeping, "common")(0, False).data is None
    changed = [FileSpec("x.txt", ("view", 2), files[0].produce)]
    assert file_maker(changed, {}, keeping, "common")(0, False).data == b"('view', 2)"
