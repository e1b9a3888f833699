"""The migrated posts written into content/: each article as YAML front matter and its
body, each bundle's files beside it; every file atomically, inside content/ (never through
a link out of it), never over a file that differs unless `force`, nothing in a dry run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from folio.importing.files import ImportFileError, current, target, write_atomic
from folio.importing.migrate.plan import Migrated
from folio.importing.migrate.values import iso
from folio.problems import Report, display_path

FOLIO_FILES = ("index.html", "cite.bib")  # what Folio writes in an article's folder
ORDER = ("title", "subtitle", "authors", "date", "updated", "slug", "url", "aliases",
         "summary", "draft", "image")


@dataclass(frozen=True)
class Written:
    path: Path
    action: str  # wrote, would write, unchanged, skipped, failed
    source: str  # the post it comes from, as shown
    files: int = 0  # the bundle's files written (or to write) with it

    @property
    def changed(self) -> int:
        return 1 if self.action in ("wrote", "would write") else 0

    def line(self, root: Path | None) -> str:
        more = f" and {self.files} file{'s' if self.files != 1 else ''} beside it" \
            if self.files else ""
        return f"{self.action} {display_path(self.path, root)}{more} ← {self.source}"


def front_matter(m: Migrated) -> dict[str, Any]:
    """The article's front matter, in a fixed order."""
    meta = dict(m.post.meta)
    meta["slug"], meta["url"], meta["aliases"] = m.slug, m.url, m.aliases
    for key in ("date", "updated"):
        if isinstance(meta.get(key), date):
            moment = meta[key]
            meta[key] = moment if type(moment) is date else iso(moment)
    ordered = {k: meta[k] for k in ORDER if meta.get(k) not in (None, "", [], False)}
    rest = {k: v for k, v in meta.items() if k not in ORDER and k != "extra"}
    ordered |= rest
    if meta.get("extra"):
        ordered["extra"] = meta["extra"]
    return ordered


def document(m: Migrated) -> str:
    matter = yaml.safe_dump(front_matter(m), sort_keys=False, allow_unicode=True,
                            width=1_000_000, default_flow_style=False)
    body = m.converted.text.strip("\n")
    if not body.strip():  # Folio needs text: the summary, else a line saying there is none
        body = str(m.post.meta.get("summary") or "This post has no text.")
    return f"---\n{matter}---\n\n{body}\n"


def write_all(migrated: list[Migrated], content: Path, *, force: bool, dry_run: bool,
              report: Report) -> list[Written]:
    """Write every post and its files; the outcome of each post."""
    outcomes = []
    for m in migrated:
        shown = m.post.shown
        files: dict[str, bytes | Path] = {m.target: document(m).encode("utf-8")}
        folder = m.target.rsplit("/", 1)[0]
        if m.bundle:
            source_folder = m.post.source.path.parent
            beside = {name: source_folder / name
                      for name in (m.post.source.files if m.post.source.bundle else ())}
            for name, path in {**m.converted.copies, **beside}.items():
                if name in FOLIO_FILES:
                    report.warning(display_path(path, report.root), 0, f"not copied: Folio "
                                   f"publishes its own {name} beside each article")
                else:
                    files.setdefault(f"{folder}/{name}", path)
        actions = [_write(content, relative, data, force, dry_run, report)
                   for relative, data in files.items()]
        main, rest = actions[0], actions[1:]
        outcomes.append(Written(content / m.target, main, shown,
                                sum(a in ("wrote", "would write") for a in rest)))
    return outcomes


def _write(content: Path, relative: str, data: bytes | Path, force: bool, dry_run: bool,
           report: Report) -> str:
    shown = display_path(content / relative, report.root)
    try:
        path = target(content, relative)
        if isinstance(data, Path):
            data = data.read_bytes()
        existing = current(path)
        if existing is not None:
            if existing == data:
                return "unchanged"
            if not force:
                report.warning(shown, 0, "exists and differs; not overwritten (use --force)")
                return "skipped"
        if dry_run:
            return "would write"
        write_atomic(path, data)
    except ImportFileError as exc:
        report.error(shown, 0, str(exc))
        return "failed"
    except OSError as exc:
        report.error(shown, 0, f"cannot write: {exc.strerror or exc}")
        return "failed"
    return "wrote"

