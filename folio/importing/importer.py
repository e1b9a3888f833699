"""Seeds -> `content/articles/<slug>.md` and `content/authors/<slug>.md`, atomically.

`import_seeds` does the work and returns one `Outcome` per file; `run_import` is what the
command line calls: it prints one line per file (and, with `verbose`, every line of a seed
left out as boilerplate) and returns how many files were (or, in a dry run, would be)
written; `summary` is the closing line. Problems go to the `Report`, never to the output.

A seed may be publisher text, a saved HTML page or a feed (`folio.importing.detect` picks
the reader by content). Rules: an existing article is overwritten only with `force`; an
existing author profile is never overwritten (editors curate bios); an unchanged file is
left alone; a seed with an error writes nothing, and the other seeds go on; nothing is
written through a symbolic link out of content/, nor onto a folder.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, TextIO

import yaml

from folio.graph.identity import seed_id
from folio.importing.detect import read_seed_data
from folio.importing.files import ImportFileError, current, read_seed, target, write_atomic
from folio.importing.model import AuthorBio, Removed, SeedArticle
from folio.problems import Report, display_path
from folio.urls import slugify

# What a folder given to `import` stands for: the seeds in it, of every format.
SEED_SUFFIXES = (".txt", ".html", ".htm", ".xml", ".rss", ".atom", ".json")


class Action(StrEnum):
    WROTE = "wrote"
    WOULD_WRITE = "would write"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"  # an article that exists and differs, without --force
    KEPT = "kept"  # an author profile that exists: never overwritten


@dataclass(frozen=True)
class Outcome:
    path: Path
    action: Action
    seed: Path
    removed: tuple[Removed, ...] = ()  # the seed's lines left out, for an article


def front_matter(article: SeedArticle) -> dict[str, Any]:
    """The article's front matter in the fixed key order; empty fields left out."""
    source: dict[str, str] | None = None
    if article.source:
        source = {"name": article.source.name}
        source |= {"url": article.source.url} if article.source.url else {}
        source |= {"note": article.source.note} if article.source.note else {}
    fields: dict[str, Any] = {
        "title": article.title,
        "subtitle": article.subtitle,
        "authors": list(article.authors),
        "date": article.date,
        "publication": article.publication,
        "regions": list(article.regions),
        "themes": list(article.themes),
        "reports": list(article.reports),
        "tags": list(article.tags),
        "summary": article.summary,
        "source": source,
        "image": {"caption": article.image_caption} if article.image_caption else None,
        "copyright": article.copyright,
        # a stable identity, the same on every import of the seed (folio/graph/identity.py)
        "id": seed_id(" ".join(article.title.casefold().split()), article.date.isoformat()),
    }
    return {key: value for key, value in fields.items() if value}


def _document(fields: dict[str, Any], body: str) -> str:
    matter = yaml.safe_dump(
        fields, sort_keys=False, allow_unicode=True, width=1_000_000, default_flow_style=False
    )
    return f"---\n{matter}---\n\n{body.strip()}\n" if body.strip() else f"---\n{matter}---\n"


def render_article(article: SeedArticle) -> str:
    return _document(front_matter(article), article.body)


def render_profile(bio: AuthorBio) -> str:
    return _document({"name": bio.name}, bio.text)


def import_seeds(
    paths: Iterable[Path],
    content_dir: Path,
    *,
    force: bool = False,
    dry_run: bool = False,
    report: Report,
) -> list[Outcome]:
    """Import each seed; problems go to `report`, outcomes (one per file) are returned."""
    outcomes: list[Outcome] = []
    claimed: dict[Path, Path] = {}  # target -> the seed that produced it in this run
    for seed in paths:
        shown = display_path(seed, report.root)
        try:
            data = read_seed(seed)
        except ImportFileError as exc:
            report.error(shown, 0, str(exc))
            continue
        articles, problems = read_seed_data(data, shown)
        report.extend(problems)
        for article in articles:
            outcomes.extend(_import_article(article, seed, content_dir, claimed, force=force,
                                            dry_run=dry_run, report=report))
    return outcomes


def _import_article(article: SeedArticle, seed: Path, content_dir: Path,
                    claimed: dict[Path, Path], *, force: bool, dry_run: bool,
                    report: Report) -> list[Outcome]:
    shown = display_path(seed, report.root)
    relative = f"articles/{slugify(article.title)}.md"
    try:
        path = target(content_dir, relative)
    except ImportFileError as exc:
        report.error(display_path(content_dir / relative, report.root), 0, str(exc))
        return []
    if path in claimed:
        other = display_path(claimed[path], report.root)
        report.error(shown, 1, f"same slug as {other}: {display_path(path, report.root)}")
        return []
    claimed[path] = seed
    files = [(path, render_article(article), force, Action.SKIPPED, article.removed)]
    for bio in article.bios:
        relative = f"authors/{slugify(bio.name)}.md"
        try:
            profile = target(content_dir, relative)
        except ImportFileError as exc:
            report.error(display_path(content_dir / relative, report.root), 0, str(exc))
            continue
        if profile not in claimed:
            claimed[profile] = seed
            files.append((profile, render_profile(bio), False, Action.KEPT, ()))
    outcomes: list[Outcome] = []
    for file, text, overwrite, if_exists, removed in files:
        try:
            action = _write(file, text, overwrite=overwrite, dry_run=dry_run)
        except OSError as exc:
            report.error(display_path(file, report.root), 0,
                         f"cannot write: {exc.strerror or exc}")
            continue
        action = if_exists if action is Action.SKIPPED else action
        if action is Action.SKIPPED:
            report.warning(display_path(file, report.root), 0,
                           "exists, use --force to overwrite")
        outcomes.append(Outcome(file, action, seed, removed))
    return outcomes


def _write(path: Path, text: str, *, overwrite: bool, dry_run: bool) -> Action:
    data = text.encode("utf-8")
    existing = current(path)
    if existing is not None:
        if existing == data:
            return Action.UNCHANGED
        if not overwrite:
            return Action.SKIPPED
    if dry_run:
        return Action.WOULD_WRITE
    write_atomic(path, data)
    return Action.WROTE


def seed_files(seeds: list[Path]) -> list[Path]:
    """The seeds to read: a folder stands for the seed files in it, by name."""
    paths: list[Path] = []
    for seed in seeds:
        if seed.is_dir():
            paths.extend(sorted(p for p in seed.iterdir() if not p.name.startswith(".")
                                and p.suffix.lower() in SEED_SUFFIXES))
        else:
            paths.append(seed)
    return paths


def run_import(
    seeds: list[Path],
    content_dir: Path,
    *,
    force: bool,
    dry_run: bool,
    report: Report,
    out: TextIO,
    verbose: bool = False,
) -> int:
    """Import `seeds` and print one line per file (with `verbose`, each line left out too).

    Returns how many files were written (or would be, in a dry run). The caller decides the
    exit status from `report.failed`.
    """
    paths = seed_files(seeds)
    if not paths:
        shown = ", ".join(display_path(s, report.root) for s in seeds) or "seeds"
        report.error(shown, 0, "no seed files to import")
    outcomes = import_seeds(paths, content_dir, force=force, dry_run=dry_run, report=report)
    for outcome in outcomes:
        print(f"{outcome.action.value} {display_path(outcome.path, report.root)}", file=out)
        if verbose:
            seed = display_path(outcome.seed, report.root)
            for line in outcome.removed:
                where = f"{seed}:{line.line}" if line.line else seed
                print(f"  removed {where}: {line.text}", file=out)
    return sum(o.action in (Action.WROTE, Action.WOULD_WRITE) for o in outcomes)


def summary(written: int, report: Report, *, dry_run: bool) -> str:
    """"wrote 26 files; 1 error": what the run did, then what went wrong."""
    parts = [f"{'would write' if dry_run else 'wrote'} {_count(written, 'file')}"]
    if report.errors:
        parts.append(_count(len(set(report.errors)), "error"))
    if report.warnings:
        parts.append(_count(len(set(report.warnings)), "warning"))
    return "; ".join(parts)


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'s' if n != 1 else ''}"
