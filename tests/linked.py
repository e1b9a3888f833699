"""A site linked in this process, without the speed layer: for the unit tests of the stages
that come after linking (pages, files, search records, the digester).

`link(root)` runs the real stages (discover, process, assemble with the page bundles,
build_graph) on a project
folder such as the `project` or `archive` fixture writes, and keeps the article bodies in
a plain dict: the `Bodies` the stages are handed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from folio.config import SiteConfig, load_config
from folio.content.load import Corpus, LoadOptions, assemble, discover, read_all, with_bundles
from folio.graph.build import build_graph
from folio.graph.model import SiteGraph
from folio.problems import Report


@dataclass(frozen=True)
class Linked:
    graph: SiteGraph
    bodies: dict[str, str]  # article content path -> body HTML
    corpus: Corpus
    report: Report


def link(root: Path, config: SiteConfig | None = None, drafts: bool = False) -> Linked:
    """The site of the project at `root` (its site.toml unless `config` is given)."""
    report = Report(root=root)
    config = config or load_config(root / "site.toml", report)
    bodies: dict[str, str] = {}
    found = []
    for source, loaded, html in read_all(discover(str(root / "content"), "content", report),
                                         config, report):
        if loaded.kind == "article":
            bodies[source.shown] = html
        found.append((loaded, html))
    corpus = with_bundles(assemble(found, LoadOptions(drafts=drafts), time.time(), report),
                          str(root / "content"), "content")
    return Linked(build_graph(corpus, config, report), bodies, corpus, report)
