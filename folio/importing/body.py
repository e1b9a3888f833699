"""The article text under the header: notices out, attribution kept, bios found.

`read_body` walks the lines after the header. A line matching one of the publisher's
notices goes, with the rest of its paragraph (an attribution line in that paragraph is
still read); attribution lines (source, image, copyright) go into an `Attribution`; the
author's bio (under "About the author", or a paragraph opening with the author's name in
bold) is kept apart; after the lone `\\*` that closes the article, a line that is none of
these is left out with a warning. Every line left out is listed in `removed`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from folio.importing.attribution import Attribution
from folio.importing.header import is_notice
from folio.importing.inline import plain, unlink
from folio.importing.model import AuthorBio, Removed
from folio.importing.publishers import Publisher
from folio.importing.typography import is_rule, italic_line, normalise
from folio.problems import Problem, Severity

_BOLD_NAME = re.compile(r"^\*\*(?P<name>[^*]+)\*\*\s")
_JOINED = re.compile(
    r"^(?P<first>.*?the original source of this article is .+?)\s*"
    r"(?P<second>(?:copyright\s*©|©\s*copyright).+)$", re.IGNORECASE
)
_ADDRESS = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
# `[[1]](#)`, `[\[1\]](#_ftn1)`: a footnote marker whose link goes nowhere -> `[1]`.
_FOOTNOTE = re.compile(r"\[\\?\[(?P<mark>[0-9]{1,3}|[ivxIVX]{1,5}|\*)\\?\]\]\((?:#[^)\s]*)?\)")
# Cloudflare's stand-in for an address it hid: `[[email protected]](/cdn-cgi/…)` and bare.
_HIDDEN_EMAIL = re.compile(
    r"\[\\?\[email\s*(?:&#160;|\u00a0)?\s*protected\\?\]\]\([^)]*\)|\\?\[email\s*protected\\?\]",
    re.IGNORECASE,
)
# A separator left at the top or bottom of the text once the notices around it are gone.
_RULES_AT_ENDS = re.compile(r"\A(?:\s*(?:\\?\*[ \\*]*|-{3,}|_{3,})\n)+|"
                            r"(?:\n\s*(?:\\?\*[ \\*]*|-{3,}|_{3,}))+\s*\Z")
_QUOTE_OPEN = ('"', "“")
_QUOTE_CLOSE = ('"', "”", '".', "”.")


@dataclass
class Body:
    text: str = ""
    summary: str | None = None
    bios: tuple[AuthorBio, ...] = ()
    removed: list[Removed] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass
class _Walk:
    """The state of one walk through the body."""

    kept: list[str] = field(default_factory=list)
    bio: list[str] = field(default_factory=list)
    bold_bios: list[AuthorBio] = field(default_factory=list)
    bio_line: int = 0
    tail: bool = False  # past the lone `\*` or the bio heading
    in_bio: bool = False
    in_notice: bool = False  # in a paragraph of boilerplate
    expect_address: bool = False  # after "Url of this article:"
    top: bool = True  # no text kept yet: a separator or the summary may still come


def read_body(
    lines: list[str],
    start: int,
    publisher: Publisher,
    attribution: Attribution,
    authors: tuple[str, ...],
    path: str,
    *,
    want_summary: bool = True,
) -> Body:
    """The article text from `lines[start:]`, collecting attribution into `attribution`."""
    body, walk = Body(), _Walk()
    items = _split_joined(lines, start)
    position = 0
    while position < len(items):
        number, raw = items[position]
        line = raw.strip()
        position += 1
        matched = normalise(line)
        walk.in_notice = walk.in_notice and bool(line)
        address = walk.expect_address and bool(_ADDRESS.match(matched))
        walk.expect_address = walk.expect_address and not line
        bold = _BOLD_NAME.match(line)
        if address:  # the page's own address, under "Url of this article:"
            body.removed.append(Removed(number, line))
        elif publisher.end_of_body.match(line):
            walk.tail = True
            body.removed.append(Removed(number, line))
        elif publisher.bio_heading.match(line):
            walk.tail = walk.in_bio = True
            walk.bio_line = number
        elif line and is_notice(publisher, matched):
            walk.in_bio, walk.in_notice = False, True
            walk.expect_address = any(p.match(matched) for p in publisher.url_notices)
            body.removed.append(Removed(number, line))
        elif line and attribution.read(line, publisher):
            walk.in_bio = False
            body.removed.append(Removed(number, line))
        elif walk.in_notice or (walk.top and is_rule(line)):
            body.removed.append(Removed(number, line))  # the rest of a notice's paragraph
        elif walk.top and want_summary and (italic := italic_line(line)) and not any(
                p.search(matched) for p in publisher.suspicious):
            body.summary, walk.top = italic, False
        elif bold and plain(bold.group("name")) in authors:
            paragraph = [line]
            while position < len(items) and items[position][1].strip():
                paragraph.append(items[position][1].strip())
                position += 1
            walk.bold_bios.append(AuthorBio(plain(bold.group("name")), _unlink_all(paragraph)))
        elif walk.in_bio:
            walk.bio.append(raw.rstrip())
        elif not walk.tail:
            walk.kept.append(_keep(raw))
            walk.top = walk.top and not line
            _check_kept(publisher, line, matched, path, number, body.problems)
        elif line and re.search(r"\w", line):
            message = f"unrecognised line after the article, left out: {_shorten(line)!r}"
            body.problems.append(Problem(path, number, message, Severity.WARNING))
            body.removed.append(Removed(number, line))
    body.text = _text(walk.kept)
    body.bios = _bios(walk, authors, path, body.problems)
    return body


def _split_joined(lines: list[str], start: int) -> list[tuple[int, str]]:
    """The lines from `start` with their numbers; a footer line that a page ran together
    ("…is Global ResearchCopyright © …") is read as the two lines it was."""
    items: list[tuple[int, str]] = []
    for number, raw in enumerate(lines[start:], start + 1):
        joined = _JOINED.match(raw.strip())
        parts = [joined.group("first"), joined.group("second")] if joined else [raw]
        items.extend((number, part) for part in parts)
    return items


def _check_kept(publisher: Publisher, line: str, matched: str, path: str, number: int,
                problems: list[Problem]) -> None:
    """Warn about a kept line that reads like a notice, or hides an e-mail address."""
    if line and any(p.search(matched) for p in publisher.suspicious):
        message = f"reads like a notice, kept in the text: {_shorten(line)!r}"
        problems.append(Problem(path, number, message, Severity.WARNING))
    if _HIDDEN_EMAIL.search(line):
        message = ("an e-mail address the publisher's page hid ('[email protected]'); "
                   "write it in by hand")
        problems.append(Problem(path, number, message, Severity.WARNING))


def _text(kept: list[str]) -> str:
    """The kept lines as Markdown: footnote markers plain, hidden addresses not links,
    dead links unwrapped, separators at the ends gone, quotations as blockquotes."""
    text = _FOOTNOTE.sub(r"[\g<mark>]", "\n".join(kept))
    text = _HIDDEN_EMAIL.sub(r"\\[email protected\\]", text)
    return _blockquotes(_RULES_AT_ENDS.sub("", unlink(text)).strip())


def _keep(raw: str) -> str:
    """A body line without trailing blanks, except a Markdown hard break ("  ")."""
    line = raw.rstrip()
    return line + "  " if line and raw.endswith("  ") else line


def _unlink_all(lines: list[str]) -> str:
    return unlink("\n".join(lines).strip())


def _shorten(line: str) -> str:
    return line if len(line) <= 60 else line[:57] + "..."


def _blockquotes(body: str) -> str:
    """A quoted paragraph introduced by "… that", "…," or "…:" becomes a blockquote."""
    paragraphs = re.split(r"\n{2,}", body)
    for n in range(1, len(paragraphs)):
        quote, before = paragraphs[n], paragraphs[n - 1].rstrip()
        introduced = before.endswith((",", ":")) or re.search(r"\bthat$", before)
        if introduced and quote.startswith(_QUOTE_OPEN) and quote.endswith(_QUOTE_CLOSE):
            paragraphs[n] = "\n".join("> " + line for line in quote.split("\n"))
    return "\n\n".join(paragraphs)


def _bios(walk: _Walk, authors: tuple[str, ...], path: str,
          problems: list[Problem]) -> tuple[AuthorBio, ...]:
    """Bios by author: the "About the author" paragraph first, bold-name paragraphs next."""
    bios = {b.name: b for b in reversed(walk.bold_bios)}
    heading_bio = _unlink_all(walk.bio) or None
    if heading_bio:
        named = [a for a in authors if heading_bio.startswith(a)]
        if named or len(authors) == 1:
            name = (named or list(authors))[0]
            bios[name] = AuthorBio(name, heading_bio)
        else:
            message = "'About the author' names none of the authors; bio left out"
            problems.append(Problem(path, walk.bio_line, message, Severity.WARNING))
    return tuple(bios[a] for a in authors if a in bios)
