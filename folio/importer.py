"""Seeds -> `content/articles/<slug>.md` and `content/authors/<slug>.md`, atomically.

`import_seeds` does the work and returns one `Outcome` per file; `run_import` is what the
command line calls: it prints one line per file and returns how many were (or, in a dry
run, would be) written. Problems go to the `Report`, never to the output.

Rules: an existing article is overwritten only with `force`; an existing author profile is
never overwritten (editors curate bios); an unchanged file is left alone; a seed with an
error writes nothing, and the other seeds go on.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, TextIO

import yaml

from folio.problems import Report, display_path
from folio.seeds import AuthorBio, SeedArticle, decode_seed, parse_seed
from folio.urls import join_inside, slugify


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
            data = seed.read_bytes()
        except OSError as exc:
            report.error(shown, 0, f"cannot read seed: {exc.strerror or exc}")
            continue
        text, warnings = decode_seed(data, shown)
        article, problems = parse_seed(text, shown)
        report.extend([*warnings, *problems])
        if article is None:
            continue
        target = join_inside(content_dir, f"articles/{slugify(article.title)}.md")
        if target in claimed:
            other = display_path(claimed[target], report.root)
            report.error(shown, 1, f"same slug as {other}: {display_path(target, report.root)}")
            continue
        claimed[target] = seed
        files = [(target, render_article(article), force, Action.SKIPPED)]
        for bio in article.bios:
            profile = join_inside(content_dir, f"authors/{slugify(bio.name)}.md")
            if profile not in claimed:
                claimed[profile] = seed
                files.append((profile, render_profile(bio), False, Action.KEPT))
        for path, text_out, overwrite, if_exists in files:
            action = _write(path, text_out, overwrite=overwrite, dry_run=dry_run)
            action = if_exists if action is Action.SKIPPED else action
            if action is Action.SKIPPED:
                report.warning(
                    display_path(path, report.root), 0, "exists, use --force to overwrite"
                )
            outcomes.append(Outcome(path, action, seed))
    return outcomes


def _write(path: Path, text: str, *, overwrite: bool, dry_run: bool) -> Action:
    data = text.encode("utf-8")
    if path.exists():
        if path.read_bytes() == data:
            return Action.UNCHANGED
        if not overwrite:
            return Action.SKIPPED
    if dry_run:
        return Action.WOULD_WRITE
    write_atomic(path, data)
    return Action.WROTE


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder + `os.replace`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def run_import(
    seeds: list[Path],
    content_dir: Path,
    *,
    force: bool,
    dry_run: bool,
    report: Report,
    out: TextIO,
) -> int:
    """Import `seeds` (a folder stands for every `*.txt` in it) and print one line per file.

    Returns how many files were written (or would be, in a dry run). The caller decides the
    exit status from `report.failed`.
    """
    paths: list[Path] = []
    for seed in seeds:
        paths.extend(sorted(seed.glob("*.txt")) if seed.is_dir() else [seed])
    if not paths:
        report.error(", ".join(str(s) for s in seeds) or "seeds", 0, "no seed files to import")
    outcomes = import_seeds(paths, content_dir, force=force, dry_run=dry_run, report=report)
    for outcome in outcomes:
        print(f"{outcome.action.value} {display_path(outcome.path, report.root)}", file=out)
    return sum(o.action in (Action.WROTE, Action.WOULD_WRITE) for o in outcomes)
