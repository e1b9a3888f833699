"""The links between content: `.md` links resolved to pages and "cited by" lists; every
dead link is an error, in files with other errors too. (URL collisions: `graph.claims`.)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from folio.content.load import BodyLinks
from folio.graph.model import Entry, StaticPage
from folio.problems import Report


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
              targets: dict[str, str], report: Report, unread: tuple[BodyLinks, ...] = ()
              ) -> dict[int, tuple[int, ...]]:
    """Which entries cite each entry; a dead `.md` link is an error wherever it is written,
    in a file with errors of its own too (a link to such a file is not dead: the file's own
    errors are reported)."""
    index_of = {e.url: i for i, e in enumerate(entries)}
    cited: dict[int, list[int]] = defaultdict(list)
    sources = [(i, e.article.path, e.article.body_line, e.rendered.links,
                e.rendered.link_lines) for i, e in enumerate(entries)]
    sources += [(-1, p.page.path, p.page.body_line, p.rendered.links, p.rendered.link_lines)
                for p in pages]
    sources += [(-1, u.path, u.body_line, u.links, u.link_lines) for u in unread]
    known = {**targets, **{u.path: "" for u in unread if u.path not in targets}}
    for i, path, body_line, links, lines in sources:
        for href, line in zip(links, lines, strict=True):
            url = resolve_link(path, href, known)
            if url is None:
                report.error(path, body_line + line, f"link to {href} finds no article or page")
                continue
            target = index_of.get(url.split("#")[0])
            if target is not None and i >= 0 and target != i and i not in cited[target]:
                cited[target].append(i)
    return {t: tuple(sorted(c)) for t, c in cited.items()}


