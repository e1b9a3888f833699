"""Raw publisher seeds -> `SeedArticle`: header, body and attribution, boilerplate out.

Pure: `decode_seed` turns bytes into text and `parse_seed` turns text into a `SeedArticle`
plus the problems found; neither touches the disk (`folio.importer` does). What is
publisher-specific (dateline, boilerplate, attribution lines) is data in
`folio.publishers`.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, replace

from folio.inline import links, plain, unlink
from folio.keywords import proper_names
from folio.problems import Problem, Severity
from folio.publishers import MONTHS, PUBLISHERS, PublisherPattern


@dataclass(frozen=True)
class Source:
    """Where the article was first published."""

    name: str
    url: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class AuthorBio:
    name: str
    text: str


@dataclass(frozen=True)
class SeedArticle:
    title: str
    authors: tuple[str, ...]
    date: dt.date
    body: str
    subtitle: str | None = None
    publication: str | None = None
    regions: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    reports: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    summary: str | None = None
    source: Source | None = None
    image_caption: str | None = None
    copyright: str | None = None
    bios: tuple[AuthorBio, ...] = ()


def decode_seed(data: bytes, path: str) -> tuple[str, list[Problem]]:
    """Seed bytes as text with `\\n` line ends, NFC-normalised.

    UTF-8 (with or without BOM) and UTF-16 with a BOM decode silently; anything else is
    read as Windows-1252 (Latin-1 for the five bytes it leaves undefined), with a warning.
    """
    warnings: list[Problem] = []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                text = data.decode("latin-1")
            message = "not UTF-8; decoded as Windows-1252 (save the seed as UTF-8)"
            warnings.append(Problem(path, line, message, Severity.WARNING))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text), warnings


_ITALIC_LINE = re.compile(r"^\*(?!\*)(?P<text>.+?)(?<!\\)\*$")
_BYLINE = re.compile(r"^By\s+(?P<names>.+)$", re.IGNORECASE)
_LABEL = re.compile(r"^(?P<label>[A-Za-z][\w -]*?):\s*(?P<values>.*)$")
_HEADLINE = re.compile(r"^(?P<title>.+?[.!?])\s+(?P<subtitle>[\"\u201c'\u2018].+)$")
_NAME_SPLIT = re.compile(r"\s*(?:,\s*and\s+|,|\s+and\s+|\s*&\s*)\s*")
_QUOTE_OPEN = ('"', "“")
_QUOTE_CLOSE = ('"', "”", '".', "”.")


def _terms(values: str) -> tuple[str, ...]:
    found = links(values)
    names = [t for t, _ in found] if found else _NAME_SPLIT.split(values)
    return tuple(n for n in (plain(n) for n in names) if n)


def _publisher(lines: list[str]) -> tuple[PublisherPattern, re.Match[str] | None, int]:
    for pattern in PUBLISHERS:
        for number, line in enumerate(lines[:40], 1):
            match = pattern.dateline.match(line.strip())
            if match:
                return pattern, match, number
    return PUBLISHERS[0], None, 0


@dataclass
class _Draft:
    """The fields found so far, while parsing."""

    title: str | None = None
    subtitle: str | None = None
    authors: tuple[str, ...] = ()
    summary: str | None = None
    source: Source | None = None
    caption: str | None = None
    copyright: str | None = None
    heading_bio: str | None = None
    heading_bio_line: int = 0
    bold_bios: tuple[AuthorBio, ...] = ()


def parse_seed(text: str, path: str) -> tuple[SeedArticle | None, list[Problem]]:
    """Parse one seed. The article is None exactly when the problems include an error."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    lines = text.split("\n")
    problems: list[Problem] = []
    draft = _Draft()
    pattern, dateline, date_line = _publisher(lines)
    terms: dict[str, tuple[str, ...]] = {}
    i = _skip_blank(lines, 0)
    title_line = i + 1
    if i < len(lines) and lines[i].startswith("# "):
        _headline(draft, lines[i][2:])
        i = _skip_blank(lines, i + 1)
    byline_line = i + 1
    while i < len(lines):
        line = lines[i].strip()
        label = _LABEL.match(line)
        if (m := _BYLINE.match(line)) and not draft.authors:
            draft.authors = _terms(m.group("names"))
        elif i + 1 == date_line:
            pass
        elif label and label.group("label") in pattern.term_labels:
            terms[pattern.term_labels[label.group("label")]] = _terms(label.group("values"))
        elif line:
            break
        i += 1
    if i < len(lines) and (m := _ITALIC_LINE.match(lines[i].strip())):
        if not _attribution(draft, pattern, lines[i].strip()):
            draft.summary = plain(m.group("text"))
        i += 1
    body = _body(draft, pattern, lines, i, path, problems)

    if draft.title is None:
        problems.append(Problem(path, title_line, "missing title: expected a '# Headline' line"))
    if not draft.authors:
        message = "missing author: expected a 'By [Name](#)' line after the headline"
        problems.append(Problem(path, byline_line, message))
    date = _date(dateline, date_line, byline_line + 1, path, problems)
    if draft.title is None or not draft.authors or date is None or dateline is None:
        return None, _clamp_lines(problems, lines)
    if not body:
        problems.append(Problem(path, i + 1, "no article text found", Severity.WARNING))
    regions, themes = terms.get("regions", ()), terms.get("themes", ())
    reports = terms.get("reports", ())
    surnames = (a.rsplit(" ", 1)[-1] for a in draft.authors)
    exclude = (*draft.authors, *surnames, *regions, *themes, *reports)
    article = SeedArticle(
        title=draft.title,
        subtitle=draft.subtitle,
        authors=draft.authors,
        date=date,
        body=body,
        publication=dateline.group("publication"),
        regions=regions,
        themes=themes,
        reports=reports,
        tags=proper_names(body, exclude),
        summary=draft.summary,
        source=draft.source,
        image_caption=draft.caption,
        copyright=draft.copyright,
        bios=_bios(draft, path, problems),
    )
    return article, _clamp_lines(problems, lines)


def _clamp_lines(problems: list[Problem], lines: list[str]) -> list[Problem]:
    """A line "expected here" past the end of the text is reported at its last line."""
    last = max(1, len(lines) - (len(lines) > 1 and not lines[-1]))
    return [p if p.line <= last else replace(p, line=last) for p in problems]


def _skip_blank(lines: list[str], i: int) -> int:
    while i < len(lines) and not lines[i].strip():
        i += 1
    return i


def _headline(draft: _Draft, headline: str) -> None:
    headline = plain(headline)
    match = _HEADLINE.match(headline)
    if match:
        title, draft.subtitle = match.group("title"), match.group("subtitle").strip()
        draft.title = title[:-1].rstrip() if title.endswith(".") else title
    else:
        draft.title = headline
    if not draft.title:
        draft.title = None


def _date(
    match: re.Match[str] | None, line: int, expected: int, path: str, problems: list[Problem]
) -> dt.date | None:
    if match is None:
        message = "missing date: expected a line like 'Global Research, November 20, 2024'"
        problems.append(Problem(path, expected, message))
        return None
    month = MONTHS.index(match.group("month").capitalize()) + 1
    try:
        return dt.date(int(match.group("year")), month, int(match.group("day")))
    except ValueError as exc:
        problems.append(Problem(path, line, f"invalid date: {exc}"))
        return None


def _attribution(draft: _Draft, pattern: PublisherPattern, line: str) -> bool:
    """Record `line` if it is a source, image or copyright line; say whether it was."""
    if m := pattern.source.match(line):
        found = links(m.group("note"))
        note = plain(m.group("note"))
        name = plain(found[-1][0]) if found else re.sub(r"^.*\b(on|in|by)\s+", "", note)
        url = found[-1][1] if found else None
        draft.source = Source(name=name.rstrip("."), url=url, note=note)
    elif m := pattern.image.match(line):
        caption = plain(m.group("caption"))
        draft.caption = caption[:1].upper() + caption[1:] or None  # "from Reuters" too
    elif m := pattern.copyright.match(line):
        draft.copyright = plain(m.group("holder"))
    else:
        return False
    return True


def _body(
    draft: _Draft,
    pattern: PublisherPattern,
    lines: list[str],
    start: int,
    path: str,
    problems: list[Problem],
) -> str:
    """The article text from `lines[start:]`, collecting attribution on the way."""
    kept: list[str] = []
    tail = in_bio = in_notice = False  # in_notice: in a paragraph of boilerplate
    bio: list[str] = []
    bold_bios: list[AuthorBio] = []
    number = start
    while number < len(lines):
        raw = lines[number]
        line = raw.strip()
        number += 1
        in_notice = in_notice and bool(line)
        bold = re.match(r"^\*\*(?P<name>[^*]+)\*\*\s", line)
        if pattern.end_of_body.match(line):
            tail = True
        elif pattern.bio_heading.match(line):
            tail = in_bio = True
            draft.heading_bio_line = number
        elif _boilerplate(pattern, line):
            in_bio, in_notice = False, True
        elif _attribution(draft, pattern, line):
            in_bio = False
        elif in_notice and line:
            pass  # the rest of a notice's paragraph goes with it
        elif bold and plain(bold.group("name")) in draft.authors:
            paragraph = [line]
            while number < len(lines) and lines[number].strip():
                paragraph.append(lines[number].strip())
                number += 1
            bold_bios.append(AuthorBio(plain(bold.group("name")), _unlink_all(paragraph)))
        elif in_bio:
            bio.append(raw.rstrip())
        elif not tail:
            kept.append(_keep(raw))
        elif line and re.search(r"\w", line):
            shown = line if len(line) <= 60 else line[:57] + "..."
            message = f"unrecognised line after the article, left out: {shown!r}"
            problems.append(Problem(path, number, message, Severity.WARNING))
    draft.heading_bio = _unlink_all(bio) or None
    draft.bold_bios = tuple(bold_bios)
    return _blockquotes(_RULES_AT_ENDS.sub("", unlink("\n".join(kept))).strip())


# A separator left at the top or bottom of the text once the notices around it are gone.
_RULES_AT_ENDS = re.compile(r"\A(?:\s*(?:\\?\*[ \\*]*|-{3,}|_{3,})\n)+|"
                            r"(?:\n\s*(?:\\?\*[ \\*]*|-{3,}|_{3,}))+\s*\Z")


def _boilerplate(pattern: PublisherPattern, line: str) -> bool:
    return any(p.search(line) for p in pattern.boilerplate)


def _keep(raw: str) -> str:
    """A body line without trailing blanks, except a Markdown hard break ("  ")."""
    line = raw.rstrip()
    return line + "  " if line and raw.endswith("  ") else line


def _unlink_all(lines: list[str]) -> str:
    return unlink("\n".join(lines).strip())


def _blockquotes(body: str) -> str:
    """A quoted paragraph introduced by "… that", "…," or "…:" becomes a blockquote."""
    paragraphs = re.split(r"\n{2,}", body)
    for n in range(1, len(paragraphs)):
        quote, before = paragraphs[n], paragraphs[n - 1].rstrip()
        introduced = before.endswith((",", ":")) or re.search(r"\bthat$", before)
        if introduced and quote.startswith(_QUOTE_OPEN) and quote.endswith(_QUOTE_CLOSE):
            paragraphs[n] = "\n".join("> " + line for line in quote.split("\n"))
    return "\n\n".join(paragraphs)


def _bios(draft: _Draft, path: str, problems: list[Problem]) -> tuple[AuthorBio, ...]:
    """Bios by author: the "About the author" paragraph first, bold-name paragraphs next."""
    bios = {b.name: b for b in reversed(draft.bold_bios)}
    if draft.heading_bio:
        named = [a for a in draft.authors if draft.heading_bio.startswith(a)]
        if named or len(draft.authors) == 1:
            name = (named or list(draft.authors))[0]
            bios[name] = AuthorBio(name, draft.heading_bio)
        else:
            message = "'About the author' names none of the authors; bio left out"
            problems.append(Problem(path, draft.heading_bio_line, message, Severity.WARNING))
    return tuple(bios[a] for a in draft.authors if a in bios)
