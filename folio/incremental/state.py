"""What a build leaves for the next one, kept in the build cache: one typed record.

- `stamp`: the names, sizes and mtimes of every input: an equal stamp means nothing to do;
- `frame`: the same without content/, which a patch build needs unchanged;
- `files`: each content file's mtime and size, to see which files an edit touched;
- what was published (every page, file and search shard with its digest and the entries
  that digest read), the output folder's state, the warnings to repeat, when the next
  article not yet due comes due;
- `keys`: each content file's content key (what an entry's mark and a body stand for).

The site graph is stored apart (`graph_key`): it is large, and written only when the
content changed; a patch build keeps its edits in `patches` instead of storing it again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from folio import __version__
from folio.config import SiteConfig
from folio.graph.model import Entry
from folio.incremental.digest import digest
from folio.incremental.refresh import Published
from folio.problems import Problem
from folio.publish.output import OutputState


@dataclass
class ShardRecord:
    mark: str  # the digest of all the shard is made of
    reads: tuple[int, ...]  # its entries
    files: dict[str, str]  # its published files and their digests


@dataclass
class Snapshot:
    stamp: str
    frame: str
    files: dict[str, tuple[int, int]]
    due: float  # when the earliest article left out for its date comes due
    output: OutputState
    warnings: list[Problem]
    graph_id: str  # which stored graph the record was made from
    keys: dict[str, str]
    pages: Published
    extras: Published
    shards: list[ShardRecord]
    patches: dict[int, Entry] = field(default_factory=dict)  # entries edited since
    related: dict[int, tuple[int, ...]] = field(default_factory=dict)  # lists changed since


def state_key(output: Path) -> str:
    return f"build:{output.resolve()}"


def graph_key(output: Path) -> str:
    return f"graph:{output.resolve()}"


def busy_key(output: Path) -> str:
    """Set while a build changes the buffer: a build that stops half-way leaves it set."""
    return f"busy:{output.resolve()}"


@dataclass(frozen=True)
class Inputs:
    stamp: str  # names, sizes and mtimes of every input: equal stamps, identical builds
    frame: str  # the same but for content/: what a patch build needs unchanged
    corpus: str  # the same but for layouts/: what the site graph is made from
    content: dict[str, tuple[int, int]]  # each file below content/: mtime, size


def look(content: Path, layouts: Path, config: SiteConfig, drafts: bool, future: bool,
         theme: Path | None = None) -> Inputs:
    """One look at every input file (the default theme's among the layouts)."""
    files: dict[str, tuple[int, int]] = {}
    lines: dict[Path, list[str]] = {}  # one string per file: hashed at once, not one by one
    for folder in (content, layouts, *([theme] if theme else [])):
        prefix = len(str(folder)) + 1
        found = lines[folder] = []
        for root, dirs, names in os.walk(folder):
            dirs.sort()
            for name in sorted(names):
                path = os.path.join(root, name)
                try:
                    st = os.stat(path)
                except OSError:  # a dangling link: the build reports it
                    found.append(f"{path}\0missing")
                    continue
                found.append(f"{path}\0{st.st_mtime_ns}\0{st.st_size}")
                if folder == content:
                    files[path[prefix:].replace(os.sep, "/")] = (st.st_mtime_ns, st.st_size)
    settings = (__version__, repr(config), drafts, future)
    corpus = "\n".join(lines[content])
    layout = "\n".join(lines[layouts] + (lines[theme] if theme else []))
    return Inputs(digest(*settings, corpus + "\n" + layout),
                  digest(*settings, str(content), layout),
                  digest(*settings, corpus), files)


def site_intact(folder: Path, output: OutputState) -> bool:
    """The output folder is the one last published, with none of its files deleted."""
    try:
        if folder.stat().st_ino != output.live_inode:
            return False
    except OSError:
        return False
    prefix = str(folder) + os.sep
    return all(os.path.exists(prefix + relative) for relative in output.live)
