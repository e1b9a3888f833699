"""Pin-point quotation: every paragraph and list item of an article body gets a stable id
and a small ¶ link to it (paragraphs inside a quotation are paragraphs too).

An id is made from the element's own text, not its place: `p-` and 8 hex digits of a hash of
the text with case, punctuation and spacing left out, so a paragraph keeps its id when
others are added, removed or edited around it, and when its own commas are corrected. Only
exact duplicates (and, vanishingly rarely, two texts with the same hash) are told apart by a
counter: `p-1a2b3c4d-2`. An element that already has an id (written in the Markdown) keeps
it. Footnotes are left alone: they have ids and back-links of their own.

The work is done on the sanitized body HTML when the page is rendered (`Anchored`), so the
ids follow every edit of the body, patch builds included.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from dataclasses import dataclass

from folio.pages.body import Body

SCHEME = "p1"  # the way ids are made: part of every page's digest, changed with the way
_TOKEN = re.compile(r"<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9]*)\b([^>]*)>", re.S)
_ID = re.compile(r"""\sid\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_ALL_IDS = re.compile(r"""\sid\s*=\s*["']?([^"'\s>]+)""")
_TAG = re.compile(r"<[^>]*>")
_NOT_WORD = re.compile(r"[\W_]+")
_CONTAINERS = {"p", "li", "ul", "ol", "blockquote", "div"}


@dataclass(frozen=True)
class Anchored:
    """A body shown with paragraph ids and ¶ links (the page's digest walks `body`)."""

    body: Body
    scheme: str = SCHEME

    def __html__(self) -> str:
        return add_anchors(self.body.__html__())

    def __str__(self) -> str:
        return self.__html__()


def paragraph_id(inner_html: str) -> str:
    """The id of an element from its inner HTML: a hash of its words."""
    text = html.unescape(_TAG.sub(" ", inner_html))
    words = _NOT_WORD.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()
    if not words:  # an image alone, say: what it shows stands for its text
        words = " ".join(inner_html.split())
    return "p-" + hashlib.blake2b(words.encode("utf-8"), digest_size=4).hexdigest()


@dataclass
class _Open:
    tag: str
    start: int  # offset of "<"
    inner: int  # offset just after ">"
    own_id: str | None
    lists: list[tuple[int, int]]  # for an li: its nested lists' (start, end)
    skip: bool  # inside footnotes, or a p inside a list item
    last_p: int | None = None  # for an li: where its last paragraph ends, before any list


def add_anchors(body: str) -> str:
    """`body` with an id on every paragraph and list item and a ¶ link at its end."""
    taken = set(_ALL_IDS.findall(body))
    stack: list[_Open] = []
    found: list[tuple[_Open, int]] = []  # (element, offset of its end tag), in order
    for match in _TOKEN.finditer(body):
        closing, tag = match.group(1), (match.group(2) or "").lower()
        if tag not in _CONTAINERS:
            continue
        if not closing:
            attributes = match.group(3)
            inside_li = any(o.tag == "li" for o in stack)
            skip = any(o.skip and o.tag == "div" for o in stack) or (
                tag == "div" and "footnote" in attributes) or (tag == "p" and inside_li)
            own = _ID.search(attributes)
            stack.append(_Open(tag, match.start(), match.end(),
                               next((g for g in own.groups() if g is not None), None)
                               if own else None, [], skip))
            continue
        at = next((k for k in range(len(stack) - 1, -1, -1) if stack[k].tag == tag), None)
        if at is None:
            continue  # a stray end tag: leave it be
        element = stack[at]
        del stack[at:]
        li = next((o for o in reversed(stack) if o.tag == "li"), None)
        if tag in ("ul", "ol") and li is not None:
            li.lists.append((element.start, match.end()))
        elif tag == "p" and li is not None and not li.lists and stack[-1] is li:
            li.last_p = match.start()  # the ¶ goes inside the item's last paragraph
        elif tag in ("p", "li") and not element.skip:
            found.append((element, match.start()))
    if not found:
        return body
    edits: list[tuple[int, int, str]] = []  # (offset, order, text to insert)
    seen: dict[str, int] = {}
    for number, (element, end) in enumerate(sorted(found, key=lambda f: f[0].start), 1):
        inner = body[element.inner:end]
        for start, stop in sorted(element.lists, reverse=True):
            inner = inner[:start - element.inner] + inner[stop - element.inner:]
        anchor = element.own_id
        if anchor is None:
            base = paragraph_id(inner)
            anchor, count = base, seen.get(base, 0)
            while anchor in taken:
                count += 1
                anchor = f"{base}-{count}" if count > 1 else base
            seen[base] = count or 1
            taken.add(anchor)
            edits.append((element.start + 1 + len(element.tag), 0,
                          f' id="{anchor}"'))
        link_at = element.last_p or min((s for s, _ in element.lists), default=end)
        edits.append((link_at, 1, f' <a class="para-link" href="#{html.escape(anchor)}" '
                      f'aria-label="Paragraph {number}: link and citation" '
                      f'data-para="{number}">¶</a>'))
    out: list[str] = []
    last = 0
    for offset, _, text in sorted(edits):
        out.append(body[last:offset])
        out.append(text)
        last = offset
    out.append(body[last:])
    return "".join(out)
