"""One post of another generator read into what Folio's article will hold: its front
matter mapped key by key, its old URL, its bundle's files; and a `Tally` of how each
was mapped, for the report.

Keys: `title`; `date` (else `publishDate`, `pubdate`, the date a file or bundle name starts
with, or a `YYYY/MM/DD` in its path or URL); `updated` from `lastmod`, `updated`,
`modified` or `last_modified_at`; `draft` (Jekyll's `published: false` and `_drafts` too);
`authors` from `authors`, `author` (or `by`), `params.author(s)`, `extra.author(s)` or Zola's
`taxonomies.authors`, through the site's author data (`data/authors.yaml`), each string
that names several people split; taxonomies into those of Folio's site.toml of the same
name (`categories` into `themes` where there is no `categories`); `summary` from
`summary`, `description` or `excerpt`; `image` from `image`, `images`, `featured_image` or
`cover`. What Folio has no key for is kept under `extra`; the generators' own settings
(`layout`, `weight`, `template`, …) are left out. Both are counted in the report.
"""

from __future__ import annotations

import posixpath
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from pathlib import PurePosixPath
from typing import Any

from folio.config import SiteConfig
from folio.content.frontmatter import Document, FrontMatterError, split_document
from folio.content.text import decode_text
from folio.importing.migrate.body import Converted
from folio.importing.migrate.permalinks import old_url
from folio.importing.migrate.source import SourcePost, SourceSite
from folio.importing.migrate.values import (
    Moment,
    date_in_name,
    date_in_path,
    names_of,
    parse_when,
    split_names,
    words_of,
    zone_named,
)
from folio.problems import Report
from folio.urls import is_safe_url

DATE_KEYS = ("date", "publishDate", "publishdate", "pubdate", "published")
HUGO_LAST_DATES = ("lastmod", "lastMod", "modified")  # Hugo dates a post by these last
UPDATED_KEYS = ("lastmod", "updated", "modified", "last_modified_at", "lastModified")
IMAGE_KEYS = ("image", "images", "featured_image", "featuredImage", "cover", "thumbnail")
SUMMARY_KEYS = ("summary", "description", "excerpt")
SETTINGS = frozenset((
    "layout", "template", "page_template", "type", "weight", "menu", "menus", "outputs",
    "_build", "build", "cascade", "resources", "markup", "sitemap", "headless", "render",
    "in_search_index", "insert_anchor_links", "sort_by", "paginate_by", "paginate",
    "transparent", "linkTitle", "redirect_to", "excerpt_separator", "expiryDate",
    "expirydate", "toc", "comments", "render_with_liquid",
))
URL_KEYS = ("url", "path", "permalink", "slug", "aliases", "redirect_from")  # see `urls`
CATEGORY_FALLBACK = {"categories": "themes", "category": "themes", "tag": "tags",
                     "topics": "themes"}


@dataclass
class Tally:
    """How the posts were mapped, counted for the report."""

    dates: Counter[str] = field(default_factory=Counter)  # where each date came from
    authors: Counter[str] = field(default_factory=Counter)  # where each byline came from
    split: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    taxonomies: Counter[tuple[str, str]] = field(default_factory=Counter)  # (from, to)
    unmapped: Counter[str] = field(default_factory=Counter)  # taxonomies kept in extra
    extra: Counter[str] = field(default_factory=Counter)
    settings: Counter[str] = field(default_factory=Counter)  # left out
    drafts: int = 0


@dataclass
class Post:
    """A post read, mapped but for its URL and body (which need every post known)."""

    source: SourcePost
    shown: str
    meta: dict[str, Any]  # Folio's front matter, but `url`, `slug` and `aliases`
    when: Moment  # the date its old URL was made from
    old_url: str
    old_aliases: list[str]
    body: str
    body_line: int
    problem: str = ""  # a permalink pattern that could not be followed


@dataclass
class Migrated:
    """A post as it will be written: its file below content/, its body made right, and
    how its old URLs are kept (`urls.place`)."""

    post: Post
    target: str  # articles/blog/a-post/index.md
    converted: Converted = field(default_factory=lambda: Converted(""))
    url: str = ""  # Folio's `url`, when its permalink would not make the old URL
    slug: str = ""  # else the `slug` that makes it
    aliases: list[str] = field(default_factory=list)

    @property
    def bundle(self) -> bool:
        return self.target.endswith("/index.md")


def read_post(site: SourceSite, source: SourcePost, config: SiteConfig, tally: Tally,
              report: Report, shown: str) -> Post | None:
    """The post at `source` mapped to Folio's keys; None (with a problem) when it cannot
    be: it does not read, its front matter does not parse, or it has no title or date."""
    try:
        data = source.path.read_bytes()
    except OSError as exc:
        report.error(shown, 0, f"cannot read: {exc.strerror or exc}")
        return None
    text = decode_text(data, shown, report)
    if text is None:
        return None
    try:
        doc = split_document(text)
    except FrontMatterError as exc:
        report.error(shown, exc.line, exc.message)
        return None
    return _map(site, source, doc, config, tally, report, shown)


def _line(doc: Document, key: str) -> int:
    return doc.lines.get(key, 1)


def _map(site: SourceSite, source: SourcePost, doc: Document, config: SiteConfig,
         tally: Tally, report: Report, shown: str) -> Post | None:
    meta = dict(doc.meta)
    params, extra_table = _table(meta, "params"), _table(meta, "extra")
    title = meta.get("title")
    if not isinstance(title, str | int | float) or not str(title).strip():
        report.warning(shown, _line(doc, "title"), "not imported: it has no title (a "
                       "generator's list or redirect page, not a post)")
        return None
    title = " ".join(str(title).split())
    unpublished = _unpublished(meta)
    if unpublished:
        report.warning(shown, _line(doc, unpublished), f"not imported: '{unpublished}' says "
                       "the generator does not publish it")
        return None
    zone = zone_named(site.config.get("timezone") or site.config.get("timeZone"))
    found = _date(site, source, meta, zone)
    if found is None:
        report.warning(shown, _line(doc, "date"), "not imported: no date in its front "
                       "matter, its file name or its path (a page, not a post?)")
        return None
    written, when, how = found
    tally.dates[how] += 1
    out: dict[str, Any] = {"title": title}
    for key in ("subtitle",):
        if isinstance(meta.get(key), str):
            out[key] = meta[key]
    out["authors"] = _authors(site, meta, params, extra_table, tally)
    out["date"] = written
    updated = next((parse_when(meta[k]) for k in UPDATED_KEYS if k in meta), None)
    if updated is not None:
        out["updated"] = _zoned(updated, zone)
    summary = next((meta[k] for k in SUMMARY_KEYS if isinstance(meta.get(k), str)
                    and meta[k].strip()), None)
    if summary:
        out["summary"] = " ".join(summary.split())
    draft = meta.get("draft") is True or meta.get("published") is False or source.draft
    if draft:
        out["draft"] = True
        tally.drafts += 1
    image = _image(meta, params)
    if image and not is_safe_url(image):
        report.warning(shown, _line(doc, "image"), f"image {image!r} left out: Folio takes "
                       "http(s) and relative addresses only")
        image = ""
    if image:
        out["image"] = {"src": image}
    categories = _taxonomies(site, source, meta, config, out, tally)
    used = {"title", "subtitle", "authors", "author", "by", "params", "taxonomies", "draft",
            "published", "extra", "tags", "categories", "category", *URL_KEYS, *DATE_KEYS,
            *UPDATED_KEYS, *SUMMARY_KEYS, *IMAGE_KEYS}
    extra = {k: v for k, v in extra_table.items() if k not in ("author", "authors")}
    extra |= {k: v for k, v in params.items() if k not in ("author", "authors", *IMAGE_KEYS)}
    for key, value in meta.items():
        if key in SETTINGS:
            tally.settings[key] += 1
        elif key not in used and key not in out:
            extra[key] = value
    extra |= out.pop("_unmapped", {})
    for key in extra:
        tally.extra[key] += 1
    if extra:
        out["extra"] = _plain(extra)
    url = old_url(site, source, meta, when, title, categories)
    aliases = _old_aliases(site, source, meta, url.url)
    return Post(source, shown, out, when, url.url, aliases, doc.body, doc.body_line,
                url.problem)


def _unpublished(meta: dict[str, Any]) -> str:
    """The key that keeps a page from being published (Hugo's `_build: {render: never}`,
    `headless`), or ""."""
    for key in ("_build", "build"):
        build = meta.get(key)
        if isinstance(build, dict) and build.get("render") in (False, "never", "false"):
            return key
    return "headless" if meta.get("headless") is True else ""


def _table(meta: dict[str, Any], key: str) -> dict[str, Any]:
    value = meta.get(key)
    return {str(k): v for k, v in value.items()} if isinstance(value, dict) else {}


def _zoned(moment: Moment, zone: tzinfo | None) -> Moment:
    if isinstance(moment, datetime) and moment.tzinfo is None and zone is not None:
        return moment.replace(tzinfo=zone)
    return moment


def _date(site: SourceSite, source: SourcePost, meta: dict[str, Any], zone: tzinfo | None
          ) -> tuple[Moment, Moment, str] | None:
    """The date to write, the date the old URL was made from and where it came from."""
    written: Moment | None = None
    how = ""
    for key in DATE_KEYS:
        if key in meta and not isinstance(meta[key], bool):
            written, how = parse_when(meta[key]), key
            if written is not None:
                break
    if written is None:
        name = PurePosixPath(source.relative)
        written = date_in_name(name.parent.name if source.bundle else name.name)
        how = "the file name"
    if written is None and site.generator == "hugo":
        for key in HUGO_LAST_DATES:
            if key in meta:
                written, how = parse_when(meta[key]), key
                if written is not None:
                    break
    if written is None:
        for key in ("path", "url", "permalink"):
            if isinstance(meta.get(key), str):
                written, how = date_in_path(meta[key]), f"'{key}'"
                if written is not None:
                    break
    if written is None:
        written, how = date_in_path(source.relative), "the folders"
    if written is None and source.draft:  # Jekyll dates a draft by its file's time
        written = datetime.fromtimestamp(source.path.stat().st_mtime).date()
        how = "a draft's file time"
    if written is None:
        return None
    written = _zoned(written, zone)
    when = written
    if site.generator == "jekyll" and isinstance(written, datetime) and zone is not None \
            and written.tzinfo is not None:
        when = written.astimezone(zone)  # Jekyll makes URLs in the site's zone
    return written, when, how


def _authors(site: SourceSite, meta: dict[str, Any], params: dict[str, Any],
             extra: dict[str, Any], tally: Tally) -> list[str]:
    taxonomies = _table(meta, "taxonomies")
    for where, table in (("", meta), ("params.", params), ("extra.", extra),
                         ("taxonomies.", taxonomies)):
        for key in ("authors", "author", "by") if not where else ("authors", "author"):
            names = names_of(table.get(key))
            if names:
                tally.authors[where + key] += 1
                return _people(site, names, tally)
    config = site.config
    params = _table(config, "params")
    for key, table in (("author", config), ("author", params), ("authors", params)):
        names = names_of(table.get(key))
        if names:
            tally.authors["the site's configured author"] += 1
            return _people(site, names, tally)
    title = config.get("title")
    name = str(title) if isinstance(title, str) and title.strip() else "Unknown"
    tally.authors[f"none: written as {name!r}"] += 1
    return [name]


def _people(site: SourceSite, names: list[str], tally: Tally) -> list[str]:
    """The people `names` give: keys of the site's author data as the names it gives
    (never split), other strings split where they name several people."""
    people: list[str] = []
    for name in names:
        if name in site.authors:
            people.append(site.authors[name])
            continue
        split = split_names(name)
        if len(split) > 1:
            tally.split.append((name, tuple(split)))
        people.extend(site.authors.get(n, n) for n in split)
    return list(dict.fromkeys(people))


def _image(meta: dict[str, Any], params: dict[str, Any]) -> str:
    for table in (meta, params):
        for key in IMAGE_KEYS:
            value = table.get(key)
            if isinstance(value, list) and value:
                value = value[0]
            if isinstance(value, dict):
                value = value.get("src") or value.get("image") or value.get("url")
            if isinstance(value, str) and value.strip():
                return value.strip()
    return ""


def _taxonomies(site: SourceSite, source: SourcePost, meta: dict[str, Any],
                config: SiteConfig, out: dict[str, Any], tally: Tally) -> list[str]:
    """Put each taxonomy's terms under Folio's key for it (or in extra); return the
    post's categories (Jekyll's URLs hold them)."""
    keys = [t.key for t in config.taxonomies]
    found: dict[str, list[str]] = {}
    jekyll = site.generator == "jekyll"
    tables = [meta, _table(meta, "taxonomies")]
    names = {"tags", "categories", "category"} | _configured(site)
    for table in tables:
        for key, value in table.items():
            if key in names or table is tables[1]:
                if key in ("authors", "author"):
                    continue
                words = words_of(value, split_spaces=jekyll)
                if words:
                    found.setdefault("categories" if key == "category" else key,
                                     []).extend(words)
    categories = list(found.get("categories", []))
    if jekyll:  # news/_posts/…: the folders above _posts are categories too
        parts = PurePosixPath(source.relative).parts
        folders = [p for p in parts[:parts.index("_posts")]] if "_posts" in parts else []
        categories = list(dict.fromkeys(folders + categories))
    unmapped: dict[str, list[str]] = {}
    for key, words in found.items():
        target = key if key in keys else CATEGORY_FALLBACK.get(key)
        if target in keys and target != "authors":
            terms = out.setdefault(target, [])
            terms.extend(w for w in dict.fromkeys(words) if w not in terms)
            tally.taxonomies[(key, str(target))] += 1
        else:
            unmapped[key] = list(dict.fromkeys(words))
            tally.unmapped[key] += 1
    if unmapped:
        out["_unmapped"] = unmapped
    return categories


def _configured(site: SourceSite) -> set[str]:
    """The taxonomies a Hugo or Zola site defines besides tags and categories."""
    value = site.config.get("taxonomies")
    if isinstance(value, dict):  # Hugo: singular = plural
        return {str(v) for v in value.values()}
    if isinstance(value, list):  # Zola: [{name = "series"}]
        return {str(t["name"]) for t in value if isinstance(t, dict) and "name" in t}
    return set()


def _old_aliases(site: SourceSite, source: SourcePost, meta: dict[str, Any],
                 url: str) -> list[str]:
    """The old URLs the generator redirected to the post: Hugo's and Zola's `aliases`,
    Jekyll's `redirect_from`; site-rooted (Hugo's may be relative to the post's folder)."""
    value = meta.get("redirect_from" if site.generator == "jekyll" else "aliases")
    items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    found = []
    for item in items:
        if not isinstance(item, str) or not item.strip():
            continue
        item = item.strip()
        if site.generator == "hugo" and not item.startswith("/"):
            folder = PurePosixPath(source.relative).parent
            folder = folder.parent if source.bundle else folder
            item = "/" + str(PurePosixPath(*folder.parts, item)) if folder.parts else "/" + item
            item = _normal(item)
        found.append(item if item.startswith("/") else "/" + item)
    return found


def _normal(path: str) -> str:
    trailing = path.endswith("/")
    path = posixpath.normpath(path)
    return path + ("/" if trailing and path != "/" else "")


def _plain(value: Any) -> Any:
    """A value YAML writes plainly: dates as ISO text, everything else as it is."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value

