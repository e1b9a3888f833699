"""Body headings shifted under the page's `<h1>`, so that the outline never skips a level.

The page template gives the title the page's only `<h1>`; a body may start at `#`, `##` or
`###`. The highest level the body uses becomes `<h2>` and the others move with it (`###`
then `####` become `<h2>` then `<h3>`; `#` becomes `<h2>`), and a heading that would still
skip a level (`##` then `####`) is raised to one level below the heading before it. Ids
are the ones `toc` made from the heading text before the shift, so links to them hold.
"""

from __future__ import annotations

from xml.etree import ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

_LEVELS = {f"h{n}": n for n in range(1, 7)}
TOP = 2  # the level of the body's highest headings: the page's title is the h1


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


class HeadingShiftTreeprocessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        headings = [el for el in root.iter() if el.tag in _LEVELS]
        for element, level in zip(headings, shift([_LEVELS[h.tag] for h in headings]),
                                  strict=True):
            element.tag = f"h{level}"


class HeadingShiftExtension(Extension):
    """After `toc` (5) has given the headings their ids."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(HeadingShiftTreeprocessor(md), "folio_heading_shift", 4)


def makeExtension(**kwargs: object) -> HeadingShiftExtension:
    return HeadingShiftExtension(**kwargs)
