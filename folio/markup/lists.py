"""Lists as GitHub reads them, re-indented the way Python-Markdown expects them.

GitHub (CommonMark) decides what belongs to a list item by the column where the item's text
starts: under `- item` a line indented by 2 spaces or more is inside it, under `1. item` by
3, so lists nested by 2 spaces and by 4 both nest. A list may also follow a paragraph line
with no blank line between (`Highlights:` then `- item`), except an ordered one that does not
start at 1 (a wrapped line that begins `2019. The` stays text). Python-Markdown instead wants
children indented by exactly 4 spaces per level and a blank line before a list.

No list extension on PyPI reads both 2 and 4 spaces (`mdx_truly_sane_lists` and
`mdx_better_lists` take one fixed indent), so this preprocessor rewrites the lines: it
follows the items the way CommonMark does and writes every nested line at 4 spaces per
level, fenced code included, and puts a blank line before a list that interrupts a
paragraph. Lines of fenced code are moved as a whole, never read as Markdown. Lists inside
block quotes are left to Python-Markdown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

INDENT = 4  # Python-Markdown's tab_length: one level of nesting
_MARKER = re.compile(r"([*+-]|\d{1,9}[.)])( +|$)")
_RULE = re.compile(r"([-*_])(?: *\1){2,} *$")
_FENCE = re.compile(r"(`{3,}|~{3,})")
_BLOCK_TAGS = ("address|article|aside|blockquote|details|dialog|div|dl|fieldset|figcaption|"
               "figure|footer|form|h[1-6]|header|hr|li|main|nav|ol|p|pre|section|summary|"
               "table|ul|script|style|iframe|noscript")
# Lines that start a block of their own: they end a paragraph instead of continuing it.
_BLOCK_START = re.compile(rf"#{{1,6}}(?: |$)|>|`{{3,}}|~{{3,}}|<(?:/?(?:{_BLOCK_TAGS})\b|!--)",
                          re.IGNORECASE)


@dataclass
class _Item:
    marker: int  # output column of the item's marker
    content: int  # source column where the item's text starts


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def normalize(lines: list[str]) -> list[str]:
    """`lines` with lists re-indented to 4 spaces per level (see the module's text)."""
    out: list[str] = []
    stack: list[_Item] = []
    fence: tuple[str, int, int] | None = None  # fence characters, source and output columns
    paragraph = False  # the previous line is paragraph text that a next line may continue
    paragraph_depth = 0  # how many items hold that paragraph
    blank = True  # the previous line was blank (or the text starts here)
    # The lines since the last blank one began inside an item but not with its marker:
    # Python-Markdown then needs a blank line before the next item.
    nested_block = False
    for line in lines:
        indent = _indent(line)
        if fence is not None:
            chars, source, column = fence
            text = line[min(indent, source):]
            out.append(" " * column + text if text else "")
            if re.match(rf" {{0,3}}{chars[0]}{{{len(chars)},}} *$", text):
                fence = None
                out.append("")  # the fence's placeholder must stand alone in its block
                blank, paragraph = True, False
            continue
        if not line.strip():
            out.append("")
            blank, paragraph, nested_block = True, False, False
            continue
        depth = 0
        while depth < len(stack) and indent >= stack[depth].content:
            depth += 1
        base = stack[depth - 1].content if depth else 0
        relative = indent - base
        rest = line[indent:]
        marker = _MARKER.match(rest) if relative < INDENT else None
        if marker and _RULE.match(rest):
            marker = None
        if marker:
            empty = not rest[marker.end():].strip()
            number = marker.group(1)[:-1]
            interrupts = paragraph and paragraph_depth == depth == len(stack)
            if interrupts and (empty or (number and number != "1")):
                marker = None  # GitHub keeps it as a line of the paragraph
        if marker is None and paragraph and stack and not _BLOCK_START.match(rest):
            # A line that continues the paragraph of the innermost item, wherever it starts.
            out.append(" " * stack[-1].marker + rest)
            continue
        if marker is None and depth == 0 and stack and blank:
            stack.clear()  # text outside the items after a blank line ends the list
        del stack[depth:]
        column = stack[-1].marker + INDENT if stack else 0
        if marker:
            if not blank and (nested_block or (paragraph and paragraph_depth == depth == 0)):
                out.append("")  # Python-Markdown needs a blank line before this list item
            bullet = marker.group(1).replace(")", ".")
            spaces = len(marker.group(2))
            width = len(marker.group(1)) + (1 if spaces == 0 or spaces > INDENT else spaces)
            stack.append(_Item(column, indent + width))
            out.append(" " * column + bullet + " " + rest[marker.end():])
            paragraph, paragraph_depth, blank, nested_block = True, len(stack), False, False
            continue
        opening = _FENCE.match(rest)
        if opening and relative < INDENT and paragraph:
            out.append("")  # a fence ends the paragraph; its placeholder needs a block
            blank = True
        if blank and stack:
            nested_block = True
        if stack:
            out.append(" " * (column + max(0, relative)) + rest)
        else:  # a fence indented by 1-3 spaces moves to the margin with its lines
            out.append(rest if opening and relative < INDENT else line)
        if opening and relative < INDENT:
            fence = (opening.group(1), indent, column + max(0, relative) if stack else 0)
            paragraph = False
        else:
            paragraph = not _BLOCK_START.match(rest) and (relative < INDENT or paragraph)
            paragraph_depth = len(stack)
        blank = False
    return out


class ListPreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        return normalize(lines)


class GitHubListsExtension(Extension):
    """Register the preprocessor after whitespace is normalised, before fences are found."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(ListPreprocessor(md), "folio_lists", 29)


def makeExtension(**kwargs: object) -> GitHubListsExtension:
    return GitHubListsExtension(**kwargs)
