"""Reference links whose label is code: `` [`fmt`] `` with `` [`fmt`]: https://… `` below.

Python-Markdown turns the code span into a placeholder before it looks for reference links,
so the label it looks up is the placeholder, not `` `fmt` ``, and the link stays literal
brackets. These processors put the code span's source back into the label before the
lookup (the definition keeps its backticks: Python-Markdown stores labels as written,
lower-cased). Everything else about reference links is Python-Markdown's own.
"""

from __future__ import annotations

import html
import re
from xml.etree import ElementTree as etree

from markdown import Extension, Markdown, util
from markdown.inlinepatterns import (
    IMAGE_REFERENCE_RE,
    REFERENCE_RE,
    ImageReferenceInlineProcessor,
    ReferenceInlineProcessor,
    ShortImageReferenceInlineProcessor,
    ShortReferenceInlineProcessor,
)


class _CodeLabel:
    md: Markdown
    RE_LINK: re.Pattern[str]

    def label(self, text: str) -> str:
        """`text` with each stashed code span written back as `` `code` ``, lower-cased."""
        stash = self.md.treeprocessors["inline"].stashed_nodes

        def source(m: re.Match[str]) -> str:
            node = stash.get(m.group(1))
            if isinstance(node, etree.Element) and node.tag == "code":
                return "`" + html.unescape(node.text or "") + "`"
            return m.group(0)

        return str(util.INLINE_PLACEHOLDER_RE.sub(source, text)).lower()

    def full(self, data: str, index: int, text: str) -> tuple[str | None, int, bool]:
        m = self.RE_LINK.match(data, pos=index)
        if not m:
            return None, index, False
        return self.label(m.group(1) or text), m.end(0), True


class CodeReference(_CodeLabel, ReferenceInlineProcessor):
    def evalId(self, data: str, index: int, text: str) -> tuple[str | None, int, bool]:
        return self.full(data, index, text)


class CodeImageReference(_CodeLabel, ImageReferenceInlineProcessor):
    def evalId(self, data: str, index: int, text: str) -> tuple[str | None, int, bool]:
        return self.full(data, index, text)


class CodeShortReference(_CodeLabel, ShortReferenceInlineProcessor):
    def evalId(self, data: str, index: int, text: str) -> tuple[str, int, bool]:
        return self.label(text), index, True


class CodeShortImageReference(_CodeLabel, ShortImageReferenceInlineProcessor):
    def evalId(self, data: str, index: int, text: str) -> tuple[str, int, bool]:
        return self.label(text), index, True


class CodeReferencesExtension(Extension):
    """Replace the four reference-link processors, at Python-Markdown's own priorities."""

    def extendMarkdown(self, md: Markdown) -> None:
        patterns = md.inlinePatterns
        patterns.register(CodeReference(REFERENCE_RE, md), "reference", 170)
        patterns.register(CodeImageReference(IMAGE_REFERENCE_RE, md), "image_reference", 140)
        patterns.register(CodeShortReference(REFERENCE_RE, md), "short_reference", 130)
        patterns.register(CodeShortImageReference(IMAGE_REFERENCE_RE, md), "short_image_ref",
                          125)


def makeExtension(**kwargs: object) -> CodeReferencesExtension:
    return CodeReferencesExtension(**kwargs)
