"""Plain text from a rendered body: for summaries, word counts, similarity and links.

The text that summaries and counts are made from leaves out what a reader does not read as
the body's prose: footnote markers and the footnotes themselves, code blocks, task-list
boxes and every tag (a footnote marker left in would glue its number to the word before
it: "word1"). Inline code keeps its text.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from urllib.parse import unquote, urlsplit

_HREF = re.compile(r'<a\s[^>]*?href="([^"]*)"')
_SRC = re.compile(r'<img\s[^>]*?src="([^"]*)"')
_TAG = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(
    r"</(p|li|h[1-6]|blockquote|td|th|dd|dt|pre|figcaption|summary)>|<br\s*/?>|<hr\s*/?>")
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
# Not prose: footnote markers, code blocks, task-list boxes (the footnotes are cut off).
_NOT_PROSE = re.compile(r'<sup id="fnref[^"]*">.*?</sup>|<pre\b.*?</pre>|'
                        r'<span class="task-box"[^>]*>.*?</span>', re.S)
_FOOTNOTES = '<div class="footnote">'


def html_to_text(fragment: str) -> str:
    """Every piece of text in `fragment`, tags out, one space between words."""
    return " ".join(html.unescape(_TAG.sub("", _BLOCK_END.sub(" ", fragment))).split())


def prose(fragment: str) -> str:
    """`fragment` without footnotes, footnote markers, code blocks and task boxes."""
    cut = fragment.find(_FOOTNOTES)
    if cut >= 0:
        fragment = fragment[:cut]
    return _NOT_PROSE.sub("", fragment)


def prose_text(fragment: str) -> str:
    """The plain text of the prose of a body (see `prose`)."""
    return html_to_text(prose(fragment))


def first_paragraph(fragment: str) -> str:
    """The plain text of the first paragraph that has any (a badge or an image has none)."""
    for match in _PARAGRAPH.finditer(prose(fragment)):
        text = html_to_text(match.group(1))
        if text:
            return text
    return ""


def is_content_link(href: str) -> bool:
    """A relative link to a Markdown file of the archive: `other.md`, `../pages/about.md#x`."""
    parts = urlsplit(href)
    return not parts.scheme and not parts.netloc and unquote(parts.path).endswith(".md")


def content_links(fragment: str) -> tuple[str, ...]:
    """The hrefs of `fragment` that lead to other content files, each once, in order."""
    return tuple(dict.fromkeys(h for h in map(html.unescape, _HREF.findall(fragment))
                               if is_content_link(h)))


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
