"""Bringing the published pages and files up to date: digest each, keep what is unchanged,
make the rest, spread over forked workers when there are many.

A page's digest is taken from its context, a file's from its view (`incremental.digest`);
each comes back with the entries it read. A full build digests every item. A patch build
passes the last build's record (`Published`) and the entries it changed: an item that read
none of them is what it was, and is kept under its old digest without being looked at.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import NamedTuple

from folio.content.load import Bodies
from folio.incremental.digest import Digester
from folio.incremental.workers import in_workers
from folio.outputs.files import FileSpec
from folio.pages.kinds import PageSpec
from folio.pages.templates import Renderer, TemplateProblem
from folio.problems import Report
from folio.publish.output import Publisher
from folio.urls import output_path

PARALLEL_MINIMUM = 400  # items to make: below this, starting workers costs more than it saves
CHUNK = 32  # items a worker makes per task


@dataclass
class Published:
    """Published items in a fixed order, with their digests and the entries each read.
    Kept as columns: lists of strings pickle many times faster than as many records."""

    paths: list[str] = field(default_factory=list)
    marks: list[str] = field(default_factory=list)
    reads: list[tuple[int, ...]] = field(default_factory=list)

    def add(self, relative: str, mark: str, reads: tuple[int, ...]) -> None:
        self.paths.append(relative)
        self.marks.append(mark)
        self.reads.append(reads)


class Outcome(NamedTuple):
    relative: str
    mark: str
    reads: tuple[int, ...]
    data: bytes | None  # None: the published file is already right
    problem: TemplateProblem | None = None


Make = Callable[[int, bool], Outcome]  # item k, whether to make it even if it can be kept


@dataclass
class Refresh:
    """What one build needs to bring items up to date."""

    digester: Digester
    publisher: Publisher | None  # None for `check`: make everything, keep nothing
    jobs: int
    start: Callable[[], None] | None = None  # runs first in each worker
    previous: Published | None = None  # the last build's, when this build patches it
    changed: frozenset[int] = frozenset()  # entries the patch changed

    def can_keep(self, relative: str, mark: str) -> bool:
        return self.publisher is not None and self.publisher.can_keep(relative, mark)

    def items(self, relatives: Sequence[str], make: Make, report: Report
              ) -> Iterator[Outcome]:
        """Each item's outcome, in order, made (or kept) as the record allows. Problems
        (a layout's) go to `report`, each place once, and their items are left out."""
        kept: dict[int, Outcome] = {}
        previous, publisher = self.previous, self.publisher
        if previous is not None and publisher is not None and previous.paths == list(relatives):
            for k, relative in enumerate(relatives):
                if self.changed.isdisjoint(previous.reads[k]) and publisher.keep(
                        relative, previous.marks[k]):
                    kept[k] = Outcome(relative, previous.marks[k], previous.reads[k], None)
        todo = [k for k in range(len(relatives)) if k not in kept]
        jobs = self.jobs if len(todo) >= PARALLEL_MINIMUM else 1
        made = iter(in_workers([partial(make, k, False) for k in todo], jobs, CHUNK,
                               self.start))
        seen: set[tuple[str, int]] = set()
        for k in range(len(relatives)):
            outcome = kept.get(k) or next(made)
            if outcome.problem is not None:
                problem = outcome.problem
                if (problem.path, problem.line) not in seen:  # once per layout line
                    seen.add((problem.path, problem.line))
                    report.error(Path(problem.path), problem.line, problem.message)
                continue
            if k not in kept:
                outcome = self._publish(outcome, make, k)
            yield outcome

    def _publish(self, outcome: Outcome, make: Make, k: int) -> Outcome:
        publisher = self.publisher
        if publisher is None:
            return outcome
        if outcome.data is None:
            if publisher.keep(outcome.relative, outcome.mark):
                return outcome
            outcome = make(k, True)  # a worker thought it could be kept; it could not
        if outcome.data is not None:
            publisher.write(outcome.relative, outcome.data, outcome.mark)
        return outcome


def page_maker(specs: Sequence[PageSpec], renderer: Renderer, refresh: Refresh, common: str
               ) -> Make:
    """How to make page k: digest its context, then render it unless it can be kept."""
    def make(k: int, force: bool) -> Outcome:
        spec = specs[k]
        relative = output_path(spec.url)
        context = spec.context()
        mark, reads = refresh.digester.of(common, spec.url, spec.title, spec.template, context)
        if not force and refresh.can_keep(relative, mark):
            return Outcome(relative, mark, reads, None)
        try:
            return Outcome(relative, mark, reads, renderer.render(spec, context))
        except TemplateProblem as problem:
            return Outcome(relative, mark, reads, None, problem)

    return make


def file_maker(files: Sequence[FileSpec], bodies: Bodies, refresh: Refresh, common: str
               ) -> Make:
    """How to make file k: digest its view, then make it unless it can be kept."""
    def make(k: int, force: bool) -> Outcome:
        spec = files[k]
        view = spec.make_view()
        mark, reads = refresh.digester.of(common, spec.relative, view)
        if not force and refresh.can_keep(spec.relative, mark):
            return Outcome(spec.relative, mark, reads, None)
        return Outcome(spec.relative, mark, reads, spec.produce(view, bodies))

    return make
