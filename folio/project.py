"""What a build is asked to do (`Project`, `BuildOptions`) and what it did (`BuildResult`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from folio.graph.model import SiteGraph
from folio.pages.templates import THEME
from folio.problems import Report
from folio.publish.output import PublishStats


@dataclass(frozen=True)
class Project:
    root: Path
    content: Path
    layouts: Path
    output: Path
    config_file: Path
    theme: Path = THEME  # the default theme, which layouts/ overrides file by file

    @classmethod
    def at(cls, root: Path, content: Path | None = None, output: Path | None = None) -> Project:
        return cls(root, content or root / "content", root / "layouts",
                   output or root / "site", root / "site.toml")

    @property
    def cache_dir(self) -> Path:
        return self.root / ".cache"


@dataclass(frozen=True)
class BuildOptions:
    drafts: bool = False
    future: bool = False
    base_url: str | None = None
    write: bool = True  # False for `check`: every stage but publish
    jobs: int = 1
    cache: bool = True
    progress: bool = False  # progress bars on stderr for builds longer than a second
    force: bool = False  # replace an output folder Folio did not write
    waiting: Callable[[str], None] | None = None  # told when another build holds the lock


@dataclass
class BuildResult:
    report: Report
    graph: SiteGraph | None = None
    stats: PublishStats | None = None
    pages: int = 0  # pages rendered or kept
    kinds: Counter[str] = field(default_factory=Counter)  # pages by template
    seconds: float = 0.0
    unchanged: bool = False  # nothing to do: the inputs were those of the last build
    patched: int | None = None  # articles re-read, when the build patched the last one
    timings: dict[str, float] = field(default_factory=dict)
