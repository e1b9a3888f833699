"""Body headings shifted under the page's `<h1>`, so that the outline never skips a level.

The page template gives the title the page's only `<h1>`; a body may start at `#`, `##` or
`###`, or at any `<hN>` of raw HTML (exports from blog platforms). The highest level the
body uses becomes `<h2>` and the others move with it (`###` then `####` become `<h2>` then
`<h3>`; `#` becomes `<h2>`), and a heading that would still skip a level (`##` then `####`)
is raised to one level below the heading before it. The shift works on the finished HTML,
so raw HTML headings move with the Markdown ones; their ids (made by `toc` from the text,
or written by the author) stay as they were.
"""

from __future__ import annotations

import re

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

TOP = 2  # the level of the body's highest headings: the page's title is the h1
_HEADING_TAG = re.compile(r"<(/?)[hH]([1-6])(?=[\s>/])")


def shift(levels: list[int]) -> list[int]:
    """The new level of each heading of a body, in document order."""
    if not levels:
        return []
    offset = min(levels) - TOP
    shifted, previous = [], TOP - 1
    for level in levels:
        new = max(TOP, min(6, level - offset, previous + 1))
        shifted.append(new)
        previous = new
    return shifted


def shift_headings(html: str) -> str:
    """`html` with its heading tags renamed by `shift` (a closing tag follows its opening)."""
    levels = [int(m.group(2)) for m in _HEADING_TAG.finditer(html) if not m.group(1)]
    new_levels = shift(levels)
    if new_levels == levels:
        return html
    opened = iter(new_levels)
    current = [TOP]

    def rename(match: re.Match[str]) -> str:
        if match.group(1):
            return f"</h{current[-1]}"
        current.append(next(opened))
        return f"<h{current[-1]}"

    return _HEADING_TAG.sub(rename, html)


class HeadingShiftPostprocessor(Postprocessor):
    def run(self, text: str) -> str:
        return shift_headings(text)


class HeadingShiftExtension(Extension):
    """After the raw HTML is back in place (the raw_html postprocessor, 30)."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.postprocessors.register(HeadingShiftPostprocessor(md), "folio_heading_shift", 4)


def makeExtension(**kwargs: object) -> HeadingShiftExtension:
    return HeadingShiftExtension(**kwargs)
