"""Which reader a seed needs, from its first bytes rather than its name.

An HTML page (a doctype, `<html>`, or a page's usual tags near the top), an RSS or Atom
feed (`<rss>`, `<feed>` or RDF in an XML document), a JSON Feed (a JSON object), or else
publisher text. A `.txt` that holds a saved page is read as the page; a feed saved as
`.html` is read as a feed.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from enum import StrEnum

from folio.importing.decode import decode_seed
from folio.importing.feeds import read_feed, read_json_feed
from folio.importing.html import read_html
from folio.importing.model import SeedArticle
from folio.importing.text import parse_seed
from folio.problems import Problem

_FEED = re.compile(r"<(?:\w+:)?(?:rss|feed|RDF)[\s>]", re.IGNORECASE)
_HTML = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|<article[\s>]",
                   re.IGNORECASE)
# A publisher-text seed starts with Markdown; these start no Markdown line.
_MARKUP_START = re.compile(r"^\s*(?:<\?xml|<!--|<!doctype|<[a-z][\w:-]*[\s>/])", re.IGNORECASE)


class Kind(StrEnum):
    TEXT = "publisher text"
    HTML = "HTML page"
    FEED = "RSS or Atom feed"
    JSON_FEED = "JSON Feed"


def sniff(data: bytes) -> Kind:
    head = _head(data)
    stripped = head.lstrip()
    if stripped.startswith("{"):
        return Kind.JSON_FEED
    if not _MARKUP_START.match(head):
        return Kind.TEXT
    feed, page = _FEED.search(head), _HTML.search(head)
    if feed and (not page or feed.start() < page.start()):
        return Kind.FEED
    return Kind.HTML


def _head(data: bytes) -> str:
    """The first few kilobytes as text, whatever the encoding."""
    sample = data[:4096]
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return sample.decode("utf-16", errors="ignore")
    return sample.decode("utf-8", errors="ignore").lstrip("\ufeff")


def read_text(data: bytes, path: str) -> tuple[list[SeedArticle], list[Problem]]:
    text, warnings = decode_seed(data, path)
    article, problems = parse_seed(text, path)
    return ([article] if article else []), [*warnings, *problems]


def read_page(data: bytes, path: str) -> tuple[list[SeedArticle], list[Problem]]:
    article, problems = read_html(data, path)
    return ([article] if article else []), problems


READERS: dict[Kind, Callable[[bytes, str], tuple[list[SeedArticle], list[Problem]]]] = {
    Kind.TEXT: read_text,
    Kind.HTML: read_page,
    Kind.FEED: read_feed,
    Kind.JSON_FEED: read_json_feed,
}


def read_seed_data(data: bytes, path: str) -> tuple[list[SeedArticle], list[Problem]]:
    """The articles in one seed's bytes, read by the reader its content calls for."""
    return READERS[sniff(data)](data, path)
