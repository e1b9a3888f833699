"""Every URL of the site and what claims it: collisions are errors naming every file
involved; a relative link or image that names no published file is a warning.

A URL is claimed by an article (its permalink or `url`), an alias (an old URL that
redirects), a file of a page bundle, a static page, or a page or file Folio makes of the
archive itself (`generated_urls`). Claims are compared by the file that serves them, so
`/a/` and `/a/index.html` are one; a URL that needs as a folder what another claims as a
file (`/feed.xml/`) collides too. The folders of the theme's static files and of the search
index belong to Folio whatever they hold.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from folio.config import SiteConfig
from folio.content.model import Article
from folio.graph.model import Alias, Entry, Series, StaticPage, Term
from folio.problems import Report
from folio.urls import output_path

RESERVED_FOLDERS = {"static/": "the theme's static files", "pagefind/": "the search index",
                    "data/": "the catalogue as data"}
CATALOGUE_PAGE = 5000  # articles per page of /data/articles.json (outputs.catalogue)
SITE_FILES = ("/feed.xml", "/feed.json", "/sitemap.xml", "/robots.txt", "/404.html")


@dataclass(frozen=True)
class Claim:
    url: str
    path: str  # the content file that claims the URL; "" for a page Folio makes
    line: int
    kind: str  # "article", "page", "alias", "bundle" or "generated"

    def describe(self) -> str:
        return {"alias": f"an alias in {self.path}",
                "bundle": f"the page bundle's file {self.path}",
                "generated": f"a page Folio makes of the archive ({self.url})"
                }.get(self.kind, f"the URL of {self.path}")


def describe(claims: list[Claim]) -> str:
    """"the URL of a.md, b.md, an alias in c.md": what else claims a URL."""
    files = [c.path for c in claims if c.kind in ("article", "page")]
    rest = [c.describe() for c in claims if c.kind not in ("article", "page")]
    return ", ".join(([f"the URL of {', '.join(files)}"] if files else []) + rest)


Claims = Mapping[str, list[Claim]]  # output path -> what claims it, in a fixed order


def pages_count(items: int, per_page: int) -> int:
    """Pages of a paginated list (one even when it is empty): as `pages.listing` makes them."""
    return max(1, -(-items // per_page))


def generated_urls(entries: tuple[Entry, ...], terms: Mapping[str, tuple[Term, ...]],
                   archive: Mapping[int, Mapping[int, tuple[int, ...]]],
                   config: SiteConfig, series: Sequence[Series] = ()) -> Iterator[str]:
    """The URL of every page and file Folio makes of the archive itself, besides the
    articles, static pages and aliases: what `pages.kinds.page_specs` and
    `outputs.files.extra_files` make (tests/test_claims.py holds them to it)."""
    yield "/"
    for number in range(2, pages_count(len(entries), config.per_page) + 1):
        yield f"/page/{number}/"
    for entry in entries:
        yield from _records(entry.url)
    for taxonomy in config.taxonomies:
        yield f"/{taxonomy.key}/"
        for term in terms.get(taxonomy.key, ()):
            yield term.url
            yield term.url + "feed.xml"
            yield term.url + "feed.json"
            yield from _records(term.url)
            for number in range(2, pages_count(len(term.entries), config.term_per_page) + 1):
                yield f"{term.url}page/{number}/"
    if series:
        yield "/series/"
    for one in series:
        yield one.url
        yield one.feed_url("xml")
        yield one.feed_url("json")
    yield "/archive/"
    for year, months in archive.items():
        yield f"/archive/{year:04d}/"
        for month in months:
            yield f"/archive/{year:04d}/{month:02d}/"
    if config.search:
        yield "/search/"
    yield from SITE_FILES
    for number in range(1, max(1, -(-len(entries) // CATALOGUE_PAGE)) + 1):
        yield "/data/articles.json" if number == 1 else f"/data/articles-{number}.json"
    yield "/data/articles.csv"


def _records(url: str) -> Iterator[str]:
    """A page's citation files."""
    for kind in ("bib", "ris", "json"):
        yield f"{url}cite.{kind}"


def url_claims(entries: tuple[Entry, ...], pages: tuple[StaticPage, ...],
               aliases: Iterable[Alias], bundle_files: Iterable[tuple[str, str, str]],
               generated: Iterable[str]) -> dict[str, list[Claim]]:
    """Every claim on a URL, by the output path that serves it. `bundle_files` are
    (the file's display path, its path below content/, its output path)."""
    claims: dict[str, list[Claim]] = defaultdict(list)

    def claim(url: str, path: str, line: int, kind: str) -> None:
        with suppress(ValueError):  # a URL that leaves the site was refused when parsed
            claims[output_path(url)].append(Claim(url, path, line, kind))

    for entry in entries:
        claim(entry.url, entry.path, entry.article.url_line, "article")
    for page in pages:
        claim(page.url, page.page.path, 1, "page")
    lines = {entry.path: entry.article.aliases_line for entry in entries}
    for alias in aliases:
        claim(alias.url, alias.path, lines.get(alias.path, 1), "alias")
    for shown, _, published in bundle_files:
        claim("/" + published, shown, 0, "bundle")
    for url in generated:
        claim(url, "", 0, "generated")
    return claims


def check_collisions(claims: Claims, report: Report) -> None:
    """An error for each file whose URL another claims, naming the others."""
    for _, found in sorted(claims.items()):
        if len(found) > 1:
            for me in found:
                if me.kind != "generated":
                    others = describe([c for c in found if c is not me])
                    report.error(me.path, me.line, f"{me.url} is also {others}")
    for published, found in sorted(claims.items()):
        mine = [c for c in found if c.kind != "generated"]
        if not mine:
            continue
        reserved = next((what for folder, what in RESERVED_FOLDERS.items()
                         if published.startswith(folder)), None)
        if reserved is not None:
            for me in mine:
                report.error(me.path, me.line, f"{me.url} is inside /{published.split('/')[0]}"
                             f"/, where Folio publishes {reserved}")
            continue
        folder = published
        while "/" in folder:
            folder = folder.rsplit("/", 1)[0]
            files = claims.get(folder)
            if files:
                for me in mine:
                    report.error(me.path, me.line, f"{me.url} needs /{folder}/ to be a "
                                 f"folder, but it is {files[0].describe()}")
                break


def check_references(entries: tuple[Entry, ...], claims: Claims, report: Report
                     ) -> dict[str, frozenset[str]]:
    """A warning for each relative link or image that names no file the site publishes
    (a bundle's files are published beside its article's page, where the link leads);
    returns those links by article, for a patch build to warn of them again."""
    unpublished = {}
    for entry in entries:
        missing = frozenset(href for href, _ in entry.article.references
                            if not _published(entry.url, href, claims))
        if missing:
            unpublished[entry.path] = missing
            warn_unpublished(entry.article, missing, report)
    return unpublished


def warn_unpublished(article: Article, missing: frozenset[str], report: Report) -> None:
    for href, line in article.references:
        if href in missing:
            report.warning(article.path, line, f"{href} names no file the site publishes "
                           f"(a page bundle's files are those beside its index.md)")


def _published(page_url: str, href: str, claims: Claims) -> bool:
    path = unquote(urlsplit(href).path)
    if not path:
        return True  # a query or fragment of the page itself
    url = posixpath.normpath(posixpath.join(page_url, path))
    url = "/" + url.lstrip("/") + ("/" if path.endswith("/") and url != "/" else "")
    try:
        wanted = output_path(url)
        folder = output_path(url.rstrip("/") + "/")
    except ValueError:
        return False
    return (wanted in claims or folder in claims
            or any(wanted.startswith(reserved) for reserved in RESERVED_FOLDERS))
