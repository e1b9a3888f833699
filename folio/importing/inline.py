"""Inline Markdown in imported text: links, backslash escapes and emphasis.

Seeds mark taxonomy terms, names and many phrases as links to `#`; these helpers unwrap
those links and turn one-line Markdown into the plain strings front matter holds.
"""

from __future__ import annotations

import re

_LINK = re.compile(r"(!?)\[((?:\\.|[^\]\\])*)\]\(\s*([^)\s]*)(?:\s+\"[^\"]*\")?\s*\)")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|~])")
_MARKUP = re.compile(r"\\(?=[^\w\s])|\*+|(?<!\w)_+|_+(?!\w)|^\s*>\s?", re.MULTILINE)
_EMPTY_TARGETS = ("", "#")


def unlink(text: str, everything: bool = False) -> str:
    """`[text](#)` -> `text`, `![alt](#)` -> nothing; links to a real target stay unless
    `everything`."""

    def replace(m: re.Match[str]) -> str:
        if m.group(1) and m.group(3) in _EMPTY_TARGETS:
            return ""  # an image whose source was not saved: nothing to show
        if everything or m.group(3) in _EMPTY_TARGETS:
            return m.group(2)
        return m.group(0)

    return _LINK.sub(replace, text)


def links(text: str) -> list[tuple[str, str | None]]:
    """Each link's text and target (None for `#` or an empty target), images left out."""
    return [
        (m.group(2), None if m.group(3) in _EMPTY_TARGETS else m.group(3))
        for m in _LINK.finditer(text)
        if not m.group(1)
    ]


def plain(text: str) -> str:
    """One line of Markdown as a plain string: no links, escapes or wrapping emphasis."""
    text = _ESCAPE.sub(r"\1", unlink(text.strip(), everything=True))
    for mark in ("**", "*", "_"):
        if len(text) > 2 * len(mark) and text.startswith(mark) and text.endswith(mark):
            text = text[len(mark) : -len(mark)].strip()
    return text


def strip_markup(text: str) -> str:
    """Markdown as running text: links unwrapped, emphasis, escapes and `>` removed."""
    return _MARKUP.sub("", unlink(text, everything=True))
