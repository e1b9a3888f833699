"""One line of seed text as the notice patterns read it.

Publishers retype their notices: curly or straight apostrophes, in italics or not, with a
non-breaking space or two spaces. `normalise` irons all of that out so one pattern in
`folio.importing.publishers` matches every variant.
"""

from __future__ import annotations

import re

from folio.importing.inline import plain, unlink

_QUOTES = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u02bc": "'",
    "`": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"', "\u2013": "-", "\u2014": "-", "\u2212": "-",
})  # fmt: skip
_SPACES = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_ESCAPE = re.compile(r"\\(?=[^\w\s])")
_EMPHASIS = re.compile(r"\*+|(?<![^\W_])_+|_+(?![^\W_])")
_ITALIC_LINE = re.compile(r"^(?:\*(?!\*)(?P<star>.+?)(?<!\\)\*|_(?!_)(?P<under>.+?)_)$")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_HEADING = re.compile(r"^(?:#{1,6}|>)\s*")


def flatten(line: str) -> str:
    """`line` as plain text: no links, emphasis, escapes or heading marks, single spaces.
    Case and quotes stay: this is the text a value (a caption, a note) is taken from."""
    text = unlink(_IMAGE.sub("", line), everything=True)
    text = _SPACES.sub(" ", _EMPHASIS.sub("", _ESCAPE.sub("", text))).strip()
    return _HEADING.sub("", text)


def normalise(line: str) -> str:
    """`flatten(line)` with straight quotes and plain hyphens: what patterns are matched
    against (case-insensitively)."""
    return flatten(line).translate(_QUOTES)


def is_rule(line: str) -> bool:
    """A separator: `***`, `\\*\\*\\*`, `* * *`, `---`, `___` (one `\\*` is not: it ends
    the article)."""
    bare = line.replace("\\", "").replace(" ", "")
    if set(bare) == {"*"}:
        return len(bare) >= 2
    return len(bare) >= 3 and set(bare) in ({"-"}, {"_"})


def italic_line(line: str) -> str | None:
    """The plain text of a line in italics from end to end (`*…*`, `_…_`), else None."""
    match = _ITALIC_LINE.match(line.strip())
    return plain(match.group("star") or match.group("under") or "") or None if match else None
