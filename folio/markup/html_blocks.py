"""Raw HTML blocks as GitHub cuts them, so that Markdown between HTML tags is Markdown.

Python-Markdown keeps a whole HTML element raw, from `<details>` to `</details>`, so the
list, bold text or table written inside stays literal (its `md_in_html` needs
`markdown="1"` on the tag, which no GitHub author writes). GitHub (CommonMark) instead ends
an HTML block at the first blank line: in

    <details>
    <summary>Changes</summary>

    * **new**: a list, rendered

    </details>

the first two lines and the last are raw HTML and the middle is Markdown; the browser puts
the pieces back together. This preprocessor finds the HTML blocks by CommonMark's seven
start and end conditions (outside indented lines, and after fenced code has been stashed)
and stashes as one raw block each that leaves an element open or closes one it did not
open, as `<details>` and `</details>` above do. A block whose elements all close within it
(`<p align="center">text</p>`) is left to Python-Markdown as before, which also renders
Markdown written after it on the same lines. A document that opts into `md_in_html` with a
`markdown` attribute is left to that extension whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

_BLOCK_TAGS = (
    "address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|"
    "details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|"
    "h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|"
    "optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|"
    "track|ul")
_ATTRIBUTE = r"""\s+[a-zA-Z_:][\w.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?"""
# (start, end): an end of None means "before the next blank line".
_CONDITIONS: tuple[tuple[re.Pattern[str], re.Pattern[str] | None], ...] = (
    (re.compile(r"<(?:script|pre|style|textarea)(?:\s|>|$)", re.I),
     re.compile(r"</(?:script|pre|style|textarea)>", re.I)),
    (re.compile(r"<!--"), re.compile(r"-->")),
    (re.compile(r"<\?"), re.compile(r"\?>")),
    (re.compile(r"<![a-zA-Z]"), re.compile(r">")),
    (re.compile(r"<!\[CDATA\["), re.compile(r"\]\]>")),
    (re.compile(rf"</?(?:{_BLOCK_TAGS})(?:\s|/?>|$)", re.I), None),
)
# CommonMark's 7th condition: a whole open or closing tag alone on its line (it cannot
# interrupt a paragraph).
_LONE_TAG = re.compile(
    rf"(?:<[a-zA-Z][a-zA-Z0-9-]*(?:{_ATTRIBUTE})*\s*/?>|</[a-zA-Z][a-zA-Z0-9-]*\s*>)\s*$")
_OPT_IN = re.compile(r"<[a-zA-Z][^>]*\smarkdown\s*=", re.I)
_TAG = re.compile(r"""<(/?)([a-zA-Z][a-zA-Z0-9-]*)(?:[^>"']|"[^"]*"|'[^']*')*?(/?)>""")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "param", "source", "track", "wbr"})


def balanced(block: str) -> bool:
    """Whether every element that `block` opens closes in it, and it closes no other."""
    open_tags: list[str] = []
    for closing, name, self_closing in _TAG.findall(block):
        name = name.lower()
        if name in _VOID or self_closing:
            continue
        if not closing:
            open_tags.append(name)
        elif name in open_tags:
            while open_tags.pop() != name:
                pass
        else:
            return False
    return not open_tags


def _start(line: str, in_paragraph: bool) -> re.Pattern[str] | bool | None:
    """The end condition of the HTML block that `line` starts (None: a blank line), or
    False when it starts none."""
    if len(line) - len(line.lstrip(" ")) > 3:
        return False
    text = line.lstrip(" ")
    if not text.startswith("<"):
        return False
    for start, end in _CONDITIONS:
        if start.match(text):
            return end
    if not in_paragraph and _LONE_TAG.match(text) and not re.match(
            r"</?(?:script|style|pre|textarea)\b", text, re.I):
        return None
    return False


def split_blocks(lines: list[str], store: Callable[[str], str]) -> list[str]:
    """`lines` with each HTML block replaced by the placeholder `store` gives for it."""
    out: list[str] = []
    i, in_paragraph = 0, False
    while i < len(lines):
        line = lines[i]
        end = _start(line, in_paragraph)
        if end is False:
            out.append(line)
            stripped = line.strip()
            in_paragraph = bool(stripped) and (in_paragraph or not re.match(
                r" {0,3}(?:#{1,6}(?:\s|$)|```|~~~|[-*_](?: *[-*_]){2,} *$)", line))
            i += 1
            continue
        block = [line]
        if end is None:
            i += 1
            while i < len(lines) and lines[i].strip():
                block.append(lines[i])
                i += 1
        else:
            assert isinstance(end, re.Pattern)
            first = re.sub(r"^ {0,3}<!--", "", line) if end.pattern == "-->" else line
            found = end.search(first)
            i += 1
            while not found and i < len(lines):
                block.append(lines[i])
                found = end.search(lines[i])
                i += 1
        text = "\n".join(block)
        if end is None and balanced(text):
            out += block  # Python-Markdown's own HTML handling does well with it
            in_paragraph = False
            continue
        out += ["", store(text), ""]
        in_paragraph = False
    return out


class HtmlBlockPreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        if any(_OPT_IN.search(line) for line in lines):
            return lines
        return split_blocks(lines, self.md.htmlStash.store)


class HtmlBlocksExtension(Extension):
    """Run after fenced code is stashed (25), before Python-Markdown's own HTML blocks (20)."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(HtmlBlockPreprocessor(md), "folio_html_blocks", 22)


def makeExtension(**kwargs: object) -> HtmlBlocksExtension:
    return HtmlBlocksExtension(**kwargs)
