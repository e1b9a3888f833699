"""Each post's old URLs kept in Folio: the URL it was published at becomes the article's
`slug` (when the site's permalink makes that very URL from it) or its `url`; an address
Folio serves differently (`/2019/05/a-title.html`, which Folio serves as a folder) and the
generator's own redirects (`aliases`, `redirect_from`) become `aliases`.

A URL that cannot be kept is reported with the post: characters a slug may not hold, a
URL another post already has, or one of the addresses Folio makes for the archive itself
(`/archive/`, `/search/`, `/tags/`, `/page/2/`, …).
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime
from typing import Any
from urllib.parse import unquote

from folio.config import SiteConfig
from folio.importing.migrate.plan import Migrated
from folio.problems import Report
from folio.urls import alias_url, is_slug, slugify, url_problem

_FILE = re.compile(r"\.(html?|php|aspx?)$", re.IGNORECASE)
_FOLIO_FILES = ("/feed.xml", "/feed.json", "/sitemap.xml", "/robots.txt", "/404.html")


def keep(old: str) -> tuple[str, list[str]]:
    """Folio's URL for an old one (a folder), and the old one as an alias when Folio
    serves it elsewhere: `/a/b.html` → (`/a/b/`, [`/a/b.html`])."""
    path = unquote(old.split("?", 1)[0].split("#", 1)[0])
    if not path.startswith("/"):
        path = "/" + path
    if path.endswith("/index.html"):
        return path[:-len("index.html")], []
    found = _FILE.search(path)
    if found:
        return path[:found.start()] + "/", [path] if found.group(1).lower() in (
            "html", "htm") else []
    return (path if path.endswith("/") else path + "/"), []


def reserved(url: str, config: SiteConfig) -> str:
    """What Folio publishes (or may publish) at `url` itself, or "": its home pages,
    archive, search, feeds and folders, and each taxonomy's pages (`/tags/`, a term's
    `/tags/x/`, its `page/2/` and `feed.xml`)."""
    parts = url.strip("/").split("/")
    if url == "/" or re.fullmatch(r"/page/\d+/", url):
        return "the home page"
    if parts[0] in ("static", "pagefind"):
        return f"Folio's /{parts[0]}/ folder"
    if url in ("/archive/", "/search/", *_FOLIO_FILES) or \
            re.fullmatch(r"/archive/\d{4}/(\d{2}/)?", url):
        return f"Folio's {url}"
    if any(parts[0] == t.key for t in config.taxonomies) and (
            len(parts) <= 2 or re.fullmatch(r"[^/]+/(page/\d+|feed\.xml)", "/".join(parts[1:]))):
        return f"Folio's pages of the {parts[0]}"
    return ""


def place(migrated: list[Migrated], config: SiteConfig, report: Report,
          counts: Counter[str]) -> None:
    """Decide each post's `url` or `slug` and its `aliases`; `counts` says how each old
    URL was kept."""
    claimed: dict[str, str] = {}  # a URL -> the post that has it
    wanted: dict[int, list[str]] = {}
    for i, m in enumerate(migrated):
        url, more = keep(m.post.old_url)
        wanted[i] = [*more, *m.post.old_aliases]
        why = url_problem(url) or reserved(url, config)
        if url in claimed:
            why = f"{claimed[url]} has it"
        if why:
            m.url = _unclaimed(f"/articles/{slugify(url.strip('/').rsplit('/', 1)[-1])}/",
                               claimed, m.post.shown)
            report.warning(m.post.shown, 1, f"its old URL {m.post.old_url} cannot be kept "
                           f"({why}); it is published at {m.url}")
            counts["old URLs not kept"] += 1
            continue
        claimed[url] = m.post.shown
        last = url.rstrip("/").rsplit("/", 1)[-1]
        if is_slug(last) and _permalink(config, last, m.post.meta["date"]) == url:
            m.slug = last
            counts["kept by the site's permalink and a slug"] += 1
        else:
            m.url = url
            counts["kept as 'url'"] += 1
    for i, m in enumerate(migrated):
        own = m.url or (_permalink(config, m.slug, m.post.meta["date"]) if m.slug else "")
        for old in wanted[i]:
            old = unquote(old.split("?", 1)[0].split("#", 1)[0])
            alias = alias_url(old[:-len("index.html")] if old.endswith("/index.html") else old)
            if alias is None:
                report.warning(m.post.shown, 1, f"old URL {old} cannot be kept as an alias: "
                               "it holds characters a URL path of Folio may not")
                counts["aliases not kept"] += 1
                continue
            url = alias
            if url == own or url in m.aliases:
                continue
            why = reserved(url, config) or (f"{claimed[url]} has it" if url in claimed else "")
            if why:
                report.warning(m.post.shown, 1, f"old URL {url} cannot be kept as an alias "
                               f"({why})")
                counts["aliases not kept"] += 1
                continue
            claimed[url] = m.post.shown
            m.aliases.append(url)
            counts["aliases"] += 1


def _unclaimed(url: str, claimed: dict[str, str], shown: str) -> str:
    """`url`, or `url` with the first number that makes it one no post has yet."""
    found, number = url, 2
    while found in claimed:
        found, number = f"{url[:-1]}-{number}/", number + 1
    claimed[found] = shown
    return found


def _permalink(config: SiteConfig, slug: str, when: Any) -> str:
    moment = when if isinstance(when, date | datetime) else date(1970, 1, 1)
    return config.permalink.format(slug=slug, year=f"{moment.year:04d}",
                                   month=f"{moment.month:02d}", day=f"{moment.day:02d}")
