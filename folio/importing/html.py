"""The saved-HTML reader: an article page as the browser saved it -> `SeedArticle`.

trafilatura finds the main text of the page (dropping menus, sidebars, comments and the
site's footer) and gives it as Markdown, links and emphasis kept; it also reads the page's
metadata (title, author, date, site name) for pages that lack the publisher's own header
lines. The header lines the publisher prints around its headline (byline, dateline,
`Region:`/`Theme:`/`In-depth Report:`) are taken from the page itself, since trafilatura
treats them as boilerplate. The two are put together as publisher text and read by
`folio.importing.text`: the same rules as a text seed, so the same article gives the same
front matter whichever way it was saved.

Problems name the page only (`page.html: …`): their lines would be those of the text made
here, not of the page.
"""

from __future__ import annotations

import copy
import datetime as dt
import logging
import re
from dataclasses import replace

import trafilatura
from lxml.html import HtmlElement, tostring
from markdownify import markdownify
from trafilatura.metadata import extract_metadata
from trafilatura.utils import load_html

from folio.importing.decode import strip_controls
from folio.importing.header import labels, pick_publisher
from folio.importing.model import Removed, SeedArticle
from folio.importing.publishers import MONTHS, Publisher
from folio.importing.text import parse_seed
from folio.importing.typography import normalise
from folio.problems import Problem

# trafilatura and htmldate log what they skip; without a handler Python would print their
# warnings on stderr between import's own lines. Problems are reported through the Report.
for _name in ("trafilatura", "htmldate", "courlan"):
    logging.getLogger(_name).addHandler(logging.NullHandler())

# What a missing field means in a page, instead of the text reader's words.
_PAGE_MESSAGES = {
    "missing title": "missing title: the page has no <h1> and no og:title",
    "missing author": "missing author: the page has no 'By …' line and no author metadata",
    "missing date": "missing date: the page has no dateline and no article:published_time",
}
_BLOCKS = ("p", "div", "span", "li", "ul", "section", "header", "small", "time",
           "address", "h2", "h3", "h4", "h5", "h6", "td", "em", "strong", "a")
_BYLINE = re.compile(r"^by\s+\S", re.IGNORECASE)
_SHORT = 300  # a header element's text is short
_TOP = 30  # where trafilatura's text may repeat the header lines


def read_html(data: bytes, path: str) -> tuple[SeedArticle | None, list[Problem]]:
    """Read one saved page; the article is None exactly when a problem is an error."""
    tree = load_html(data)
    if tree is None or not tree.xpath("//body"):
        return None, [Problem(path, 0, "not a readable HTML page")]
    text, publication = page_text(tree)
    warnings: list[Problem] = []
    text = strip_controls(text, path, warnings, at=0)
    article, problems = parse_seed(text, path)
    problems = [replace(p, line=0, message=_PAGE_MESSAGES.get(p.message.split(":")[0],
                                                              p.message)) for p in problems]
    if article is not None:  # lines of the text made here mean nothing in the page
        removed = tuple(sorted({Removed(0, r.text) for r in article.removed}))
        article = replace(article, publication=article.publication or publication,
                          removed=removed)
    return article, [*warnings[:1], *problems]


def page_text(tree: HtmlElement) -> tuple[str, str | None]:
    """The page as publisher text (header lines, then the main text), and the site's name
    from the metadata."""
    body = trafilatura.extract(
        copy.deepcopy(tree), output_format="markdown", include_links=True,
        include_formatting=True, include_comments=False, include_tables=True,
        include_images=False, favor_recall=True, deduplicate=False,
    ) or ""
    meta = extract_metadata(copy.deepcopy(tree), date_config={"extensive_search": False})
    found = _blocks(tree)
    publisher = pick_publisher(found)
    header = _header(tree, publisher, meta.title)
    if not any(line.startswith("# ") for line in header):
        header.insert(0, f"# {meta.title}" if meta.title else "")
    if not any(_BYLINE.match(line) for line in header) and meta.author:
        header.append("By " + ", ".join(a.strip() for a in meta.author.split(";")))
    if not any(publisher.dateline.match(normalise(line)) for line in header) and meta.date:
        header.append(_spelled(meta.date))
    known = {normalise(line) for line in header}
    lines = body.split("\n")  # less the header lines trafilatura kept too, near its top
    lines = [line for n, line in enumerate(lines) if n >= _TOP or not line.strip()
             or normalise(line) not in known]
    return "\n\n".join([*header, "\n".join(lines)]), meta.sitename


def _blocks(tree: HtmlElement) -> list[str]:
    """The text of each short element of the page, in document order, spaces collapsed."""
    return [text for element in tree.iter(*_BLOCKS)
            if (text := _text(element)) and len(text) <= _SHORT]


def _headline(tree: HtmlElement, title: str | None) -> HtmlElement | None:
    """The article's `<h1>`: the first inside an `<article>` or `<main>`, else the one the
    metadata's title names, else the first (a site may use `<h1>` for its own name)."""
    headlines = list(tree.iter("h1"))
    inside = [h for h in headlines if any(a.tag in ("article", "main")
                                          for a in h.iterancestors())]
    named = [h for h in headlines if title and _text(h) and _text(h) in title]
    return next(iter(inside or named or headlines), None)


def _text(element: HtmlElement) -> str:
    return " ".join(" ".join(element.itertext()).split())


def _header(tree: HtmlElement, publisher: Publisher, title: str | None) -> list[str]:
    """Headline, deck, byline, dateline and label lines, as publisher text."""
    header: list[str] = []
    headline = _headline(tree, title)
    if headline is not None:
        header.append("# " + _text(headline))
        after = headline.getnext()
        if after is not None and after.tag == "h2":
            header.append("## " + _text(after))
    taken: set[HtmlElement] = set()  # elements read; their descendants are not read again
    for element in tree.iter(*_BLOCKS):
        text = _text(element)
        if not text or len(text) > _SHORT or any(a in taken for a in element.iterancestors()):
            continue
        if _BYLINE.match(text) and not any(_BYLINE.match(line) for line in header):
            header.append(_markdown(element))
        elif publisher.dateline.match(normalise(text)) and text not in header:
            header.append(text)
        elif labels(publisher, text) and element.xpath(".//a"):
            header.append(_markdown(element))
        else:
            continue
        taken.add(element)
    return header


def _markdown(element: HtmlElement) -> str:
    """One element as one line of Markdown, its links kept."""
    html = tostring(element, encoding="unicode", with_tail=False)
    return " ".join(markdownify(html, heading_style="ATX").split())


def _spelled(iso: str) -> str:
    """"2019-03-14" -> "March 14, 2019": a date line the header reader knows."""
    try:
        day = dt.date.fromisoformat(iso[:10])
    except ValueError:
        return ""
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"

