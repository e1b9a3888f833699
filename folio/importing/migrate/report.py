"""The report of a migration: what was mapped, and how, and what could not be.

Problems with a file and line (a post not imported, a shortcode left as text, a URL that
cannot be kept) are in the run's `Report`, printed as `path:line: message`; this is the
summary printed after the files.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from folio.importing.migrate.files import Written

if TYPE_CHECKING:
    from folio.importing.migrate.run import Migration

EXAMPLES = 3  # split bylines shown in the report


def _count(n: int, noun: str, plural: str = "") -> str:
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"


def _counts(counter: Counter[str], unit: str = "") -> str:
    items = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    return ", ".join(f"{name} ({_count(n, unit) if unit else f'{n:,}'})" for name, n in items)


def summary(migration: Migration, written: Iterable[Written], dry_run: bool) -> str:
    site, tally, posts = migration.site, migration.tally, migration.posts
    outcomes = Counter(w.action for w in written)
    files = sum(w.files for w in written)
    bundles = sum(m.bundle for m in posts)
    copies = sum(len(m.converted.copies) for m in posts)
    verb = "would write" if dry_run else "wrote"
    lines = [f"Migrated from {site.generator.title()}: {_count(len(posts), 'post')} of "
             f"{site.within}",
             f"  files: {verb} {outcomes['wrote'] + outcomes['would write']:,} articles "
             f"({_count(bundles, 'page bundle')}) and {_count(files, 'file')} beside them"
             + (f", {copies:,} of them static files the posts show" if copies else "")
             + "".join(f"; {n:,} {action}" for action, n in sorted(outcomes.items())
                       if action not in ("wrote", "would write"))]
    lines.append(f"  dates from: {_counts(tally.dates)}")
    lines.append(f"  authors from: {_counts(tally.authors)}")
    if tally.split:
        shown = "; ".join(f"{text!r} → {', '.join(names)}"
                          for text, names in tally.split[:EXAMPLES])
        lines.append(f"  {_count(len(tally.split), 'byline')} naming several people, "
                     f"split: {shown}{'; …' if len(tally.split) > EXAMPLES else ''}")
    urls = migration.url_counts
    lines.append(f"  old URLs: {_counts(urls)}" if urls else "  old URLs: none")
    if tally.taxonomies:
        lines.append("  taxonomies: " + ", ".join(
            f"{source} → {target} ({_count(n, 'post')})"
            for (source, target), n in sorted(tally.taxonomies.items())))
    converted: Counter[str] = Counter()
    for m in posts:
        converted.update(m.converted.shortcodes)
    relinked = sum(m.converted.relinked for m in posts)
    if relinked or converted:
        lines.append(f"  links made to lead to the migrated posts and files: {relinked:,}"
                     + (f"; template tags turned into Markdown: {_counts(converted)}"
                        if converted else ""))
    if tally.drafts:
        lines.append(f"  drafts: {tally.drafts:,} (built only with --drafts)")
    lines.append("Not mapped:")
    before = len(lines)
    if tally.unmapped:
        lines.append(f"  taxonomies site.toml does not have, kept under 'extra' (add them "
                     f"to site.toml and import again to make them taxonomies): "
                     f"{_counts(tally.unmapped, 'post')}")
    other = {k: n for k, n in tally.extra.items() if k not in tally.unmapped}
    if other:
        lines.append(f"  front-matter keys Folio has no use for, kept under 'extra': "
                     f"{_counts(Counter(other))}")
    if tally.settings:
        lines.append(f"  the generator's own settings, left out: {_counts(tally.settings)}")
    unknown: Counter[str] = Counter()
    wrappers: Counter[str] = Counter()
    for m in posts:
        unknown.update(m.converted.unknown)
        wrappers.update(m.converted.wrappers)
    if unknown:
        lines.append(f"  template tags left as text: {_counts(unknown)}")
    if wrappers:
        lines.append(f"  template tags around text, dropped (the text kept): "
                     f"{_counts(wrappers)}")
    skipped = migration.skipped
    if skipped.sections or skipped.translations or skipped.other:
        lines.append(f"  not posts: {_count(len(skipped.sections), 'list page')} "
                     f"(_index.md), {_count(len(skipped.translations), 'translation')}, "
                     f"{_count(len(skipped.other), 'other file')}")
    if len(lines) == before:
        lines.append("  nothing")
    return "\n".join(lines)
