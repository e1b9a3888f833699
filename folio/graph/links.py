"""The links between content: `.md` links resolved to pages, "cited by" lists, and the
URL collisions among articles and pages, each naming every file involved.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from folio.config import SiteConfig
from folio.graph.model import Entry, StaticPage, Term
from folio.problems import Report


def check_collisions(entries: tuple[Entry, ...], pages: tuple[StaticPage, ...],
                      terms: dict[str, tuple[Term, ...]], config: SiteConfig,
                      report: Report, series: Sequence[str] = ()) -> None:
    """`series`: the URLs of the series pages (with /series/ reserved when there are any)."""
    claims: dict[str, list[str]] = defaultdict(list)
    for entry in entries:
        claims[entry.url].append(entry.article.path)
    for page in pages:
        claims[page.url].append(page.page.path)
    reserved = {f"/{t.key}/" for t in config.taxonomies} | {"/archive/", "/search/", "/page/"}
    reserved |= {*series, "/series/"} if series else set()
    for url in reserved:
        if url in claims:
            claims[url].append(f"the generated page {url}")
    for url, sources in sorted(claims.items()):
        if len(sources) > 1:
            first, *others = sources
            report.error(first, 1, f"{url} is also the URL of {', '.join(others)}")
            for other in others:
                if not other.startswith("the generated"):
                    report.error(other, 1, f"{url} is also the URL of {first}")


def resolve_link(source_path: str, href: str, targets: Mapping[str, str]) -> str | None:
    """The URL (with fragment) of a relative `.md` link written in `source_path`."""
    parts = urlsplit(href)
    joined = PurePosixPath(source_path).parent / unquote(parts.path)
    normal: list[str] = []
    for part in joined.parts:
        if part == "..":
            if not normal:
                return None
            normal.pop()
        elif part != ".":
            normal.append(part)
    url = targets.get("/".join(normal))
    if url is None:
        return None
    return url + (f"#{parts.fragment}" if parts.fragment else "")


def citations(entries: tuple[Entry, ...], pages: tuple[StaticPage, ...],
               targets: dict[str, str], report: Report) -> dict[int, tuple[int, ...]]:
    index_of = {e.url: i for i, e in enumerate(entries)}
    cited: dict[int, list[int]] = defaultdict(list)
    sources = [(i, e.article.path, e.article.body_line, e.rendered)
               for i, e in enumerate(entries)]
    sources += [(-1, p.page.path, p.page.body_line, p.rendered) for p in pages]
    for i, path, body_line, rendered in sources:
        for href, line in zip(rendered.links, rendered.link_lines, strict=True):
            url = resolve_link(path, href, targets)
            if url is None:
                report.error(path, body_line + line, f"link to {href} finds no article or page")
                continue
            target = index_of.get(url.split("#")[0])
            if target is not None and i >= 0 and target != i and i not in cited[target]:
                cited[target].append(i)
    return {t: tuple(sorted(c)) for t, c in cited.items()}


