"""The allow-list sanitizer (nh3, Rust's ammonia), and a report of what it takes out.

nh3 keeps only the tags, attributes and URL schemes below; a body cannot carry scripts,
event handlers, frames, style elements or `javascript:`/`data:` URLs into the site. Some
elements go with their content (`<noscript>` fallbacks would otherwise show their markup as
text, `<script>` its code). `style` survives only on table cells and only its `text-align`
(the column alignment of Markdown tables); `class` survives everywhere (Pygments' token
classes, footnotes, task lists). Comments are dropped: they were never visible.

`changes` reads the same fragment with the same rules and says, in one line, what the
sanitizer will remove, so that the build can warn about it instead of dropping it silently.
"""

from __future__ import annotations

import html
import re
from collections import Counter

import nh3

from folio.urls import SAFE_SCHEMES

TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details",
    "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span",
    "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
    "u", "ul", "var",
})
# Removed with everything inside them (the others lose the tag and keep their text).
CONTENT_TAGS = frozenset({
    "script", "style", "noscript", "iframe", "object", "embed", "template", "textarea",
    "select", "svg", "math", "canvas", "video", "audio", "title", "head",
})
ATTRIBUTES: dict[str, frozenset[str]] = {
    "*": frozenset({"id", "class", "title", "lang", "dir"}),
    "a": frozenset({"href", "rel"}),
    "img": frozenset({"src", "alt", "width", "height", "loading"}),
    "ol": frozenset({"start", "type"}),
    "td": frozenset({"colspan", "rowspan", "align", "style"}),
    "th": frozenset({"colspan", "rowspan", "align", "scope", "style"}),
    "abbr": frozenset({"title"}),
    "blockquote": frozenset({"cite"}),
    "q": frozenset({"cite"}),
    "span": frozenset({"aria-label"}),  # task-list boxes
}
# Attributes kept only with these values.
ATTRIBUTE_VALUES: dict[str, dict[str, frozenset[str]]] = {
    "span": {"role": frozenset({"img"})},  # task-list boxes
}
STYLE_PROPERTIES = frozenset({"text-align"})
URL_ATTRIBUTES = frozenset({"href", "src", "cite"})

_ATTRIBUTE_SETS = {tag: {*ATTRIBUTES["*"], *ATTRIBUTES.get(tag, ()),
                         *ATTRIBUTE_VALUES.get(tag, ())} for tag in TAGS}
_START_TAG = re.compile(r"""<([a-zA-Z][a-zA-Z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>""")
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
# Where a tag may need a look: all but the common ones with only class, id or title (most
# of them: paragraphs, list items, Pygments' spans), which the regex engine skips.
_COMMON = ("a|p|li|ul|ol|em|strong|code|pre|span|div|sup|sub|h[1-6]|td|th|tr|table|thead|"
           "tbody|blockquote|hr|br|del|dl|dt|dd|b|i|abbr|figure|figcaption|details|summary")
_SUSPECT = re.compile(rf"""<(?!(?:{_COMMON})(?:\s+(?:class|id|title)="[^"]*")*\s*/?>)[a-zA-Z]""")
# What in Markdown can make HTML that the sanitizer changes: raw HTML and autolinks,
# attr_list's key=value, link targets and definitions with a scheme other than http(s)
# and mailto, bare ftp:// addresses (magiclink links them).
_RAW_HTML = re.compile(r"<[a-zA-Z!?/]")
_ATTR_LIST = re.compile(r"\{[^}\n]*=")
_LINK_SCHEME = re.compile(r"[(\]][ \t:]*<?(?!(?:https?|mailto):)[a-zA-Z][\w+.-]*:")


def may_change(markdown_text: str) -> bool:
    """False when nothing in `markdown_text` can make HTML that `sanitize` would change (the
    HTML that Folio's own extensions write is all on the allow-list)."""
    text = markdown_text
    return bool(("<" in text and _RAW_HTML.search(text))
                or ("{" in text and _ATTR_LIST.search(text))
                or _LINK_SCHEME.search(text)
                or "ftp://" in text.lower() or "ftps://" in text.lower())


def sanitize(fragment: str) -> str:
    return nh3.clean(
        fragment,
        tags=set(TAGS),
        clean_content_tags=set(CONTENT_TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        tag_attribute_values={tag: {name: set(values) for name, values in names.items()}
                              for tag, names in ATTRIBUTE_VALUES.items()},
        url_schemes=set(SAFE_SCHEMES),
        link_rel=None,
        strip_comments=True,
        filter_style_properties=set(STYLE_PROPERTIES),
    )


def changes(fragment: str) -> tuple[str, str] | None:
    """What `sanitize` removes from `fragment`, as (a short description, a needle to find
    the first of it in the Markdown text); None when it removes nothing but comments."""
    tags: Counter[str] = Counter()
    attributes: Counter[str] = Counter()
    styles, properties = 0, set()
    needle = ""
    skip_until = -1
    fragment = _COMMENT.sub("", fragment)
    for suspect in _SUSPECT.finditer(fragment):
        match = _START_TAG.match(fragment, suspect.start())
        if match is None or match.start() < skip_until:
            continue  # not a whole tag, or inside an element that goes with its content
        tag = match.group(1).lower()
        if tag not in TAGS:
            tags[tag] += 1
            needle = needle or f"<{match.group(1)}"
            if tag in CONTENT_TAGS:
                close = re.compile(rf"</{tag}\s*>", re.I).search(fragment, match.end())
                skip_until = close.end() if close else len(fragment)
            continue
        allowed = _ATTRIBUTE_SETS[tag]
        for attr in _ATTRIBUTE.finditer(match.group(2)):
            name = attr.group(1).lower()
            value = html.unescape(next((v for v in attr.group(2, 3, 4) if v is not None), ""))
            if name == "style":
                dropped = {p for p in _properties(value)
                           if name not in allowed or p not in STYLE_PROPERTIES}
                if dropped or name not in allowed:
                    styles += 1
                    properties |= dropped
                    needle = needle or attr.group(1)
                continue
            found = _removed(name, value, allowed, ATTRIBUTE_VALUES.get(tag, {}).get(name))
            if found:
                attributes[found] += 1
                needle = needle or (value if found.endswith("URL") else attr.group(1))
    if not tags and not attributes and not styles:
        return None
    parts = []
    if tags:
        parts.append(", ".join(_times(f"<{t}>", n) + (" with its content" if t in CONTENT_TAGS
                                                         else "") for t, n in sorted(tags.items())))
    removed = [f"{_article(a)} {a}" if n == 1 else f"{a}s ×{n}"
               for a, n in sorted(attributes.items())]
    if styles:
        shown = sorted(properties)
        listed = ", ".join(shown[:_SHOWN]) + (", …" if len(shown) > _SHOWN else "")
        removed.append(_times("style", styles) + f" ({listed or 'empty'})")
    if removed:
        parts.append(", ".join(removed))
    return "the sanitizer removed " + "; ".join(parts), needle


_SHOWN = 4  # style properties named in a warning


def _removed(name: str, value: str, allowed: set[str], values: frozenset[str] | None) -> str:
    """How the attribute `name="value"` is described if the sanitizer removes it, else ""."""
    if name not in allowed or (values is not None and value not in values):
        return f"{name} attribute"
    if name in URL_ATTRIBUTES:
        scheme = _SCHEME.match(value)
        if scheme and scheme.group(1).lower() not in SAFE_SCHEMES:
            return f"{scheme.group(1).lower()}: URL"
    return ""


def _properties(style: str) -> set[str]:
    return {p.split(":", 1)[0].strip().lower() for p in style.split(";") if p.strip()}


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _times(what: str, count: int) -> str:
    return what if count == 1 else f"{what} ×{count}"
