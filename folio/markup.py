"""Markdown → sanitised HTML, plus what later stages need from the body.

Python-Markdown does the conversion (one instance per process, reset between texts);
nh3 then keeps only an allow-list of tags, attributes and URL schemes, so a body cannot
carry scripts, event handlers or `javascript:` links into the site.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote, urlsplit

import markdown
import nh3

from folio.urls import SAFE_SCHEMES

# No "smarty": typographic quotes would cost as much again as the whole conversion
# (measured on the benchmark corpus); quotes are published as the author typed them.
EXTENSIONS = ("extra", "sane_lists", "toc")
EXTENSION_CONFIGS = {"toc": {"permalink": False}}
SETTINGS_KEY = "markdown-3:" + ",".join(EXTENSIONS)  # part of every cache key

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details",
    "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span",
    "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
    "u", "ul",
}
_ATTRIBUTES = {
    "*": {"id", "title", "lang", "dir"},
    "a": {"href", "rel"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start", "type"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "abbr": {"title"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "sup": {"class"},
    "div": {"class"},
    "li": {"class"},
    "code": {"class"},
}

_HREF = re.compile(r'<a\s[^>]*?href="([^"]*)"')
_SRC = re.compile(r'<img\s[^>]*?src="([^"]*)"')
_TAG = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(
    r"</(p|li|h[1-6]|blockquote|td|th|dd|dt|pre|figcaption)>|<br\s*/?>|<hr\s*/?>")
_FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)


@dataclass(frozen=True)
class Rendered:
    html: str
    text: str  # plain text of the body, for summaries, word counts and similarity
    first_paragraph: str  # plain text of the first paragraph
    links: tuple[str, ...]  # hrefs to other content files (`other-article.md#part`)
    link_lines: tuple[int, ...]  # for each link, its line in the Markdown text (0-based)
    word_count: int
    # The body's most frequent content words, A-Z: a small signature for textual similarity.
    signature: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def _converter() -> markdown.Markdown:
    return markdown.Markdown(extensions=list(EXTENSIONS), extension_configs=EXTENSION_CONFIGS,
                             output_format="html")


def to_html(text: str, trust_html: bool = False) -> Rendered:
    """Convert a Markdown body; with `trust_html` raw HTML is kept as the author wrote it."""
    converter = _converter()
    converter.reset()
    body = converter.convert(text)
    if not trust_html:
        body = sanitize(body)
    plain = html_to_text(body)
    first = _FIRST_PARAGRAPH.search(body)
    links = tuple(dict.fromkeys(h for h in map(html.unescape, _HREF.findall(body))
                                if is_content_link(h)))
    return Rendered(body, plain, html_to_text(first.group(1)) if first else "", links,
                    tuple(_line_of(text, href) for href in links), len(plain.split()),
                    signature(plain))


def _line_of(text: str, href: str) -> int:
    """The 0-based line of `text` that holds `href` (0 when it cannot be found)."""
    position = text.find(f"({href}")
    if position < 0:
        position = text.find(href)
    return text.count("\n", 0, position) if position >= 0 else 0


SIGNATURE_SIZE = 24
_WORD = re.compile(r"[^\W\d_]{4,}")
_STOPWORD_TEXT = """
    about above after again against also although among another because been before being
    below between both but could does doing down during each even every from further have
    having here hers herself himself into itself just more most much must never none only
    other ours ourselves over same shall should since some such than that their theirs them
    themselves then there these they this those through under until upon very were what when
    where which while whom whose will with within without would your yours yourself
    """
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())


def signature(plain: str) -> tuple[str, ...]:
    """The `SIGNATURE_SIZE` most frequent words of four letters or more, stopwords left out."""
    counts = Counter(w for w in _WORD.findall(plain.casefold()) if w not in _STOPWORDS)
    if len(counts) <= SIGNATURE_SIZE:
        return tuple(sorted(counts))
    # The words above the last place's count, then the A-Z first of those tied at it: the
    # same as sorting every word by (count, word), which costs more than the conversion.
    last = sorted(counts.values(), reverse=True)[SIGNATURE_SIZE - 1]
    above = [w for w, n in counts.items() if n > last]
    tied = sorted(w for w, n in counts.items() if n == last)
    return tuple(sorted(above + tied[:SIGNATURE_SIZE - len(above)]))


def sanitize(fragment: str) -> str:
    return nh3.clean(
        fragment,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=set(SAFE_SCHEMES),
        link_rel=None,
        strip_comments=True,
        filter_style_properties=set(),
    )


def html_to_text(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", _BLOCK_END.sub(" ", fragment))).split())


def is_content_link(href: str) -> bool:
    """A relative link to a Markdown file of the archive: `other.md`, `../pages/about.md#x`."""
    parts = urlsplit(href)
    return not parts.scheme and not parts.netloc and unquote(parts.path).endswith(".md")


def local_sources(fragment: str) -> list[str]:
    """Relative `src`/`href` values: ones the site itself must serve."""
    values = _SRC.findall(fragment) + _HREF.findall(fragment)
    return [v for v in map(html.unescape, values)
            if v and not urlsplit(v).scheme and not v.startswith(("#", "//"))]


def cut_summary(text: str, limit: int) -> str:
    """`text` cut at a word boundary to at most `limit` characters, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0].rstrip(" ,;:.-–—")
    return cut + "…"
