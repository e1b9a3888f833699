"""Markdown → sanitised HTML, as GitHub renders it, plus what later stages need from it.

Python-Markdown is the engine (one instance per process, reset between texts). Its own
extensions and PyMdown Extensions close most of the distance to GitHub's renderer; the
`folio.markup.*` extensions close the rest where no kept extension exists (each module says
why). nh3 then keeps an allow-list of tags, attributes and URL schemes, and what it removes
comes back as a warning.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version

import markdown

from folio.markup.sanitize import changes, may_change, sanitize
from folio.markup.text import content_links, first_paragraph, prose_text, signature

# No "smarty": typographic quotes would cost as much again as the whole conversion
# (measured on the benchmark corpus); quotes are published as the author typed them.
EXTENSIONS = (
    # Python-Markdown's "extra" without its fenced_code (superfences replaces it).
    "abbr", "attr_list", "def_list", "footnotes", "md_in_html", "tables",
    "sane_lists", "toc",
    "pymdownx.superfences",  # fenced code anywhere: in list items, quotes, HTML blocks
    "pymdownx.highlight",  # Pygments, CSS classes only (layouts/static/highlight.css)
    "pymdownx.tilde",  # ~~strikethrough~~
    "pymdownx.tasklist",  # - [x] task lists
    "pymdownx.magiclink",  # bare URLs become links
    "pymdownx.saneheaders",  # `#word` is not a heading: GitHub wants a space after the #
    "folio.markup.lists",  # lists nested by 2 or 4 spaces, lists right after a paragraph
    "folio.markup.html_blocks",  # Markdown between HTML tags (<details>, <div align>)
    "folio.markup.code_refs",  # [`name`] reference links
    "folio.markup.headings",  # body headings start at <h2>, never skip a level
    "folio.markup.tasks",  # task boxes as glyphs, not form controls
)
EXTENSION_CONFIGS: dict[str, dict[str, object]] = {
    "toc": {"permalink": False},
    "pymdownx.highlight": {"use_pygments": True, "noclasses": False, "guess_lang": False,
                           "css_class": "highlight"},
    "pymdownx.tilde": {"subscript": False},
    "pymdownx.magiclink": {"hide_protocol": False},
}
# Bumped whenever Folio's own extensions, the sanitizer's rules or the text extraction
# change what a body becomes.
REVISION = 5
_LIBRARIES = ("markdown", "pymdown-extensions", "pygments", "nh3")


def settings_key(extensions: tuple[str, ...], configs: dict[str, dict[str, object]]) -> str:
    """A hash of everything besides the text that decides what a body becomes: the
    extensions, their settings, `REVISION` and the libraries' versions."""
    settings = sorted((name, sorted(map(repr, values.items())))
                      for name, values in configs.items())
    versions = [version(library) for library in _LIBRARIES]
    digest = hashlib.sha256(repr((REVISION, extensions, settings, versions)).encode())
    return "markdown:" + digest.hexdigest()[:16]


SETTINGS_KEY = settings_key(EXTENSIONS, EXTENSION_CONFIGS)  # part of every cache key


@dataclass(frozen=True)
class Rendered:
    html: str
    text: str  # plain text of the body's prose, for word counts and similarity
    first_paragraph: str  # plain text of the first paragraph that has text
    links: tuple[str, ...]  # hrefs to other content files (`other-article.md#part`)
    link_lines: tuple[int, ...]  # for each link, its line in the Markdown text (0-based)
    word_count: int
    # The body's most frequent content words, A-Z: a small signature for textual similarity.
    signature: tuple[str, ...] = ()
    # What the sanitizer removed, at most one (line, message) per body; the line is 0-based
    # in the Markdown text, as for links.
    warnings: tuple[tuple[int, str], ...] = ()


@lru_cache(maxsize=1)
def _converter() -> markdown.Markdown:
    return markdown.Markdown(extensions=list(EXTENSIONS), extension_configs=EXTENSION_CONFIGS,
                             output_format="html")


def convert(text: str) -> str:
    """Python-Markdown's HTML for `text`, before sanitizing."""
    converter = _converter()
    converter.reset()
    return str(converter.convert(text))


def to_html(text: str, trust_html: bool = False) -> Rendered:
    """Convert a Markdown body; with `trust_html` raw HTML is kept as the author wrote it."""
    body = convert(text)
    warnings: tuple[tuple[int, str], ...] = ()
    if not trust_html:
        removed = changes(body) if may_change(text) else None
        if removed is not None:
            message, needle = removed
            warnings = ((_line_of(text, needle), message),)
        body = sanitize(body)
    plain = prose_text(body)
    links = content_links(body)
    return Rendered(body, plain, first_paragraph(body), links,
                    tuple(_line_of(text, f"({href}") for href in links), len(plain.split()),
                    signature(plain), warnings)


def _line_of(text: str, needle: str) -> int:
    """The 0-based line of `text` that holds `needle` (0 when it cannot be found)."""
    position = text.find(needle)
    if position < 0 and needle.startswith("("):
        position = text.find(needle[1:])
    if position < 0:
        position = text.lower().find(needle.lower())
    return text.count("\n", 0, position) if position >= 0 else 0
