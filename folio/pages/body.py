"""An article's or page's body as the page shows it: `.md` links resolved to the pages they
name, the HTML sanitized once more after that (unless the site trusts its authors), tables
and code blocks in boxes that scroll.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape, unescape

from folio.content.load import Bodies
from folio.graph.links import resolve_link
from folio.markup import sanitize
from folio.urls import relative_url

_HREF_ATTRIBUTE = re.compile(r'(?<=\s)href="([^"]*)"')


@dataclass(frozen=True)
class Body:
    """A body, read from the store only when the page is really rendered. Its value is
    made from the file's body (`path`, or `html` for a page), where its links lead
    (`links`) and the page it is shown on (`url`)."""

    bodies: Bodies
    path: str
    url: str
    links: tuple[tuple[str, str], ...]  # (href as written, the URL it names)
    trusted: bool  # the site trusts raw HTML: no second sanitizing
    html: str | None = None

    def __html__(self) -> str:
        html = self.html if self.html is not None else self.bodies[self.path]
        if self.links:
            targets = dict(self.links)

            def resolve(match: re.Match[str]) -> str:
                target = targets.get(unescape(match.group(1)))
                if target is None:
                    return match.group(0)
                return f'href="{escape(relative_url(self.url, target), quote=True)}"'

            html = _HREF_ATTRIBUTE.sub(resolve, html)
        if not self.trusted:  # once more, now that links are resolved
            html = sanitize(html)
        return scroll_boxes(html)

    def __str__(self) -> str:
        return self.__html__()


def body(bodies: Bodies, path: str, url: str, hrefs: tuple[str, ...],
         targets: Mapping[str, str], trusted: bool, html: str | None = None) -> Body:
    """The body of the file at `path` shown at `url`, its `.md` links resolved."""
    links = tuple((href, target) for href in hrefs
                  if (target := resolve_link(path, href, targets)))
    return Body(bodies, path, url, links, trusted, html)


def scroll_boxes(html: str) -> str:
    """Tables and code blocks scroll sideways in their own box, reachable by keyboard."""
    html = html.replace("<table>", '<div class="scroll-box" tabindex="0"><table>')
    html = html.replace("</table>", "</table></div>")
    return html.replace("<pre>", '<pre tabindex="0">')
