"""`python build.py import --from hugo|zola|jekyll DIR`: another generator's posts into
content/articles/, keeping their URLs, bundles and links; with a report of what was
mapped and what could not be.

Steps: find the site and its posts (`source`), read and map each (`plan`), give each a
file under content/articles/ (a page bundle when it has files beside it), make its body's
links lead to the migrated files and copy the static files it shows (`body`), keep its old
URL as `url` (or `slug`, when Folio's permalink makes the same URL) and its old addresses as
`aliases`, then write: each file atomically, never over a file that differs (unless
`--force`), nothing at all with `--dry-run`.
"""

from __future__ import annotations

import posixpath
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TextIO
from urllib.parse import urlsplit

from folio.config import SiteConfig, load_config
from folio.importing.migrate.body import Links, convert
from folio.importing.migrate.files import Written, write_all
from folio.importing.migrate.plan import Migrated, Post, Tally, read_post
from folio.importing.migrate.report import summary
from folio.importing.migrate.source import MARKDOWN, Skipped, SourceSite, locate, posts
from folio.importing.migrate.urls import place
from folio.problems import Report, display_path


@dataclass
class Migration:
    site: SourceSite
    posts: list[Migrated]
    tally: Tally
    skipped: Skipped
    config: SiteConfig
    url_counts: Counter[str] = field(default_factory=Counter)


def migrate(generator: str, folder: Path, config_file: Path, report: Report
            ) -> Migration | None:
    """Read and map every post below `folder`; nothing is written."""
    config = load_config(config_file, report)
    site = locate(generator, folder, report)
    if site is None:
        return None
    skipped = Skipped()
    tally = Tally()
    read: list[Post] = []
    for source in posts(site, skipped):
        shown = display_path(source.path, report.root)
        post = read_post(site, source, config, tally, report, shown)
        if post is not None:
            read.append(post)
    if not read and not report.failed:
        report.error(display_path(site.within, report.root), 0,
                     f"no {generator.title()} posts found here")
    migrated = [Migrated(post, _target(site, post)) for post in read]
    _unique_targets(migrated, report)
    by_source = _by_source(migrated)
    by_url = {_url_key(u): m for m in migrated for u in [m.post.old_url, *m.post.old_aliases]}
    base = _base_url(site)
    for bundled in (False, True):  # once to find the files a post shows, once for real
        for m in migrated:
            m.converted = convert(m.post.body, generator, _links(site, m, by_source, by_url,
                                                                 base))
        if not bundled:
            folders = {str(PurePosixPath(x.target).parent) for x in migrated}
            for m in migrated:
                if m.converted.copies and not m.bundle:
                    target = m.target[:-3] + "/index.md"
                    if str(PurePosixPath(target).parent) not in folders:
                        m.target = target
    counts: Counter[str] = Counter()
    place(migrated, config, report, counts)
    for m in migrated:
        for line, message in m.converted.problems:
            report.warning(m.post.shown, m.post.body_line + line, message)
        if m.post.problem:
            report.warning(m.post.shown, 1, m.post.problem + "; its URL was made as "
                           f"{site.generator.title()} makes it by default")
    return Migration(site, migrated, tally, skipped, config, counts)


def _target(site: SourceSite, post: Post) -> str:
    parts = [p for p in PurePosixPath(post.source.relative).parts
             if p not in ("_posts", "_drafts")]
    name = PurePosixPath(parts[-1])
    stem = name.stem
    if site.generator == "hugo" and "." in stem and stem.rsplit(".", 1)[1] in site.languages:
        stem = stem.rsplit(".", 1)[0]
    parts[-1] = f"{stem}.md"
    return "articles/" + "/".join(parts)


def _unique_targets(migrated: list[Migrated], report: Report) -> None:
    seen: dict[str, Migrated] = {}
    for m in migrated:
        target, number = m.target, 2
        while target in seen:
            stem = m.target[:-len("/index.md")] if m.bundle else m.target[:-3]
            target = f"{stem}-{number}/index.md" if m.bundle else f"{stem}-{number}.md"
            number += 1
        if target != m.target:
            report.warning(m.post.shown, 0, f"written as {target}: "
                           f"{seen[m.target].post.shown} is written as {m.target}")
            m.target = target
        seen[target] = m


def _by_source(migrated: list[Migrated]) -> dict[str, Migrated]:
    """Each post by the names a link may give it: its path below the content folder, with
    and without its extension, its bundle's folder, and its name when no other has it."""
    found: dict[str, Migrated] = {}
    names: Counter[str] = Counter()
    for m in migrated:
        relative = PurePosixPath(m.post.source.relative)
        keys = {str(relative), str(relative.with_suffix(""))}
        if m.post.source.bundle:
            keys.add(str(relative.parent))
        for key in keys:
            found.setdefault(key, m)
        names[_name(m)] += 1
    for m in migrated:
        if names[_name(m)] == 1:
            found.setdefault(_name(m), m)
    return found


def _name(m: Migrated) -> str:
    relative = PurePosixPath(m.post.source.relative)
    return relative.parent.name if m.post.source.bundle else relative.stem


def _url_key(url: str) -> str:
    """An old URL as links write it, whatever its ending: `/a/b/`, `/a/b`, `/a/b.html`."""
    path = urlsplit(url).path
    for ending in ("/index.html", ".html", ".htm", "/"):
        if path.endswith(ending) and len(path) > len(ending):
            path = path[:-len(ending)]
            break
    return path.lower()


def _base_url(site: SourceSite) -> str:
    """The source site's address (`base_url`, `baseURL`, Jekyll's `url` + `baseurl`), when
    it is an absolute one: https://example.org/blog/."""
    config = site.config
    base = config.get("base_url") or config.get("baseURL") or config.get("baseurl") or ""
    if site.generator == "jekyll":
        base = str(config.get("url") or "") + str(config.get("baseurl") or "")
    base = str(base)
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return ""
    return base.rstrip("/") + "/"


def _links(site: SourceSite, m: Migrated, by_source: dict[str, Migrated],
           by_url: dict[str, Migrated], base: str) -> Links:
    here = str(PurePosixPath(m.target).parent)

    def relative(other: Migrated) -> str:
        return posixpath.relpath(other.target, here)

    def post_by_source(path: str) -> str | None:
        path = path.strip().lstrip("/")
        folder = PurePosixPath(m.post.source.relative).parent
        section = folder.parent if m.post.source.bundle else folder  # where the post is
        for key in (path, posixpath.normpath(posixpath.join(str(folder), path)),
                    posixpath.normpath(posixpath.join(str(section), path))):
            for candidate in (key, key.rstrip("/"), str(PurePosixPath(key).with_suffix(""))
                              if PurePosixPath(key).suffix in MARKDOWN else key):
                found = by_source.get(candidate)
                if found is not None:
                    return relative(found)
        return None

    def post_by_url(path: str) -> str | None:
        found = by_url.get(_url_key(path))
        return relative(found) if found is not None else None

    return Links(post_by_url, post_by_source, lambda path: static_file(site, path),
                 m.post.old_url, m.post.source.relative, urlsplit(base).hostname or "",
                 frozenset(m.post.source.files), base, by_name=site.generator == "hugo",
                 setting=lambda name: setting(site, name))


def setting(site: SourceSite, name: str) -> str | None:
    """`site.repository` in the site's configuration, when it is text or a number."""
    value: object = site.config
    for part in name.split(".")[1:]:
        value = value.get(part) if isinstance(value, dict) else None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    return str(value)


def static_file(site: SourceSite, path: str) -> Path | None:
    """The file a site path names in the site's static folders (Jekyll's: the site, but
    for `_` and `.` folders, which it does not publish), or in Hugo's and Zola's content
    folder, whose files they publish at their paths (a section's images)."""
    parts = [p for p in path.split("/") if p]
    if not parts or any(p in (".", "..") or p.startswith(".") for p in parts):
        return None
    if site.generator == "jekyll" and parts[0].startswith("_"):
        return None
    content: tuple[Path, ...] = (site.content,) if site.generator != "jekyll" else ()
    for folder in (*site.static, *content):
        candidate = folder.joinpath(*parts)
        if candidate.is_file() and candidate.suffix.lower() not in MARKDOWN:
            return candidate
    return None


def run_migration(generator: str, folder: Path, content: Path, config_file: Path, *,
                  force: bool, dry_run: bool, report: Report, out: TextIO) -> str:
    """What the command line runs: migrate the posts below `folder` into `content`, print
    a line for each (written, or to write, and from where); return the report's summary."""
    migration = migrate(generator, folder, config_file, report)
    if migration is None:
        return "nothing migrated"
    written: list[Written] = write_all(migration.posts, content, force=force,
                                       dry_run=dry_run, report=report)
    for outcome in written:
        print(outcome.line(report.root), file=out)
    return summary(migration, written, dry_run)
