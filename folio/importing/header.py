"""The header of a publisher-text seed, each element recognised wherever it stands.

Headline (`# …`), deck (`## …`), byline (`By [Name](#)`, `by A and B`), dateline
(`Global Research, November 20, 2024`), source line (`[Zero Hedge](#) 21 August 2018`),
label lines (`Region:`, `Theme:`, `In-depth Report:`), the italic summary, attribution
lines and the notices between them.

`read_header` reads from the top until the article text starts: after the last line it
could place, when more than `_GAP` lines follow that it could not place, or a paragraph
longer than `_LONG` (more than `_LEAD` when they are all short, like a share widget's
words). A line it could not place *above* its last header line is left out
with a warning naming the file and line, and reading goes on past it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from folio.importing.attribution import Attribution
from folio.importing.dates import parse_date
from folio.importing.inline import links, plain
from folio.importing.model import Removed, Source
from folio.importing.publishers import DATE, PUBLISHERS, Publisher
from folio.importing.typography import flatten, is_rule, italic_line, normalise
from folio.problems import Problem, Severity

_GAP = 3  # lines the reader could not place, tolerated between two header lines
_LEAD = 10  # the same, above the first header line (a page's menu, a breadcrumb)
_LONG = 200  # a line this long is article text
_SHORT = 80  # unknown lines this short (a share widget's words) may come in longer runs
_WINDOW = 120  # the header is in the first lines of a seed

_BYLINE = re.compile(r"^[*_\s]*by\s+(?P<names>.+?)[*_\s]*$", re.IGNORECASE)
_NAME_SPLIT = re.compile(r"\s*(?:,\s*and\s+|,|;|\s+and\s+|&)\s*")
_TERM_SPLIT = re.compile(r"\s*[,;|]\s*")
_LINKS_ONLY = re.compile(r"!?\[(?:\\.|[^\]\\])*\]\([^)]*\)")
_ADDRESS = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
_DATE_ONLY = re.compile(rf"^{DATE}\W*$", re.IGNORECASE)
_SOURCE_LINE = re.compile(rf"^(?P<name>.+?)[\s,|/-]+{DATE}\W*$", re.IGNORECASE)


@dataclass
class Header:
    """What the header said, and where. Line numbers are 1-based; 0 means not found."""

    publisher: Publisher
    headline: str | None = None
    deck: str | None = None
    authors: tuple[str, ...] = ()
    date: dt.date | None = None
    publication: str | None = None
    terms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    summary: str | None = None
    attribution: Attribution = field(default_factory=Attribution)
    end: int = 0  # index of the first line after the header
    title_line: int = 0
    byline_line: int = 0
    date_line: int = 0
    date_error: str | None = None
    open_label: str | None = None  # a label line without names: they follow on the next
    first_line: int = 0  # the first line that is not blank
    removed: list[Removed] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def pick_publisher(lines: list[str]) -> Publisher:
    """The first publisher whose dateline is among the first lines (else the first)."""
    for publisher in PUBLISHERS:
        if any(publisher.dateline.match(normalise(line)) for line in lines[:_WINDOW]):
            return publisher
    return PUBLISHERS[0]


def read_header(lines: list[str], path: str) -> Header:
    header = Header(pick_publisher(lines))
    pending: list[int] = []  # lines not placed since the last header line
    removed: list[Removed] = []
    in_notice = address_next = False
    for index, line in enumerate(lines[:_WINDOW]):
        raw = line.strip()
        if not raw:
            in_notice = False
            continue
        header.first_line = header.first_line or index + 1
        matched = normalise(raw)
        address, address_next = address_next and bool(_ADDRESS.match(matched)), False
        if not matched:  # an image alone, or emphasis around nothing
            continue
        if address or in_notice or is_rule(raw) or is_notice(header.publisher, matched):
            removed.append(Removed(index + 1, raw))
            in_notice = not is_rule(raw) and not address
            address_next = any(p.match(matched) for p in header.publisher.url_notices)
        elif _place_block(header, lines, index, pending) or \
                _place(header, raw, matched, index + 1, not pending):
            _above_byline(header, lines, index, pending)
            for unplaced in pending:
                text = lines[unplaced].strip()
                message = f"could not place this header line, left out: {_shorten(text)!r}"
                header.problems.append(Problem(path, unplaced + 1, message, Severity.WARNING))
                removed.append(Removed(unplaced + 1, text))
            pending.clear()
            header.end = index + 1
        elif _text_starts(header, lines, raw, pending):
            break
        else:
            pending.append(index)
    if header.date_error:
        header.problems.append(Problem(path, header.date_line, header.date_error))
    header.removed = sorted(r for r in removed if r.line <= header.end)
    return header


def _place_block(header: Header, lines: list[str], index: int, pending: list[int]) -> bool:
    """A date alone under an unplaced line, below the dateline: "Radio Show" / "12 May
    2015", a source given on two lines. The show is the source."""
    if not (pending and header.date_line and _DATE_ONLY.match(normalise(lines[index]))):
        return False
    _source_line(header, lines[pending.pop()].strip())
    return True


def _above_byline(header: Header, lines: list[str], index: int, pending: list[int]) -> None:
    """Just read the byline: the one line above it is the headline when there was no `#`
    line, or the deck when it stands alone under the headline."""
    if header.byline_line != index + 1 or not pending:
        return
    if header.headline is None:
        title = pending.pop()
        header.headline, header.title_line = lines[title].strip(), title + 1
    elif header.deck is None and len(pending) == 1 and pending[0] + 1 > header.title_line > 0:
        header.deck = plain(lines[pending.pop()])


def _text_starts(header: Header, lines: list[str], raw: str, pending: list[int]) -> bool:
    """Whether the article text has started: a long line, or too many lines not placed."""
    if len(raw) > _LONG:
        return True
    widget = all(len(lines[n].strip()) <= _SHORT for n in pending)  # "Share", "Tweet", …
    return len(pending) >= (_GAP if header.end and not widget else _LEAD)


def is_notice(publisher: Publisher, matched: str) -> bool:
    return any(p.search(matched) for p in publisher.notices)


def _suspicious(publisher: Publisher, matched: str) -> bool:
    return any(p.search(matched) for p in publisher.suspicious)


def _place(header: Header, raw: str, matched: str, number: int, adjacent: bool) -> bool:
    """Record `raw` if it is a header line; say whether it was. The summary and attribution
    lines count only when `adjacent`: right under the header lines, nothing unplaced
    between."""
    publisher = header.publisher
    open_label, header.open_label = header.open_label, None
    if raw.startswith("# ") and header.headline is None:
        header.headline, header.title_line = raw[2:], number
    elif raw.startswith("## ") and header.deck is None and header.headline is not None \
            and not header.authors and not header.date_line:
        header.deck = plain(raw[3:]) or None
    elif (byline := _BYLINE.match(raw)) and not header.authors and _named(byline["names"]):
        who, dateline = _split_dateline(publisher, byline["names"])
        header.authors, header.byline_line = names(who), number
        if dateline and not header.date_line:
            _dateline(header, dateline, number, publisher.name)
    elif publisher.dateline.match(matched):
        if not header.date_line:
            _dateline(header, matched, number, publisher.name)
    elif _DATE_ONLY.match(matched):
        if not header.date_line:  # a date alone, and no dateline (yet)
            _dateline(header, matched, number, None)
    elif terms := labels(publisher, raw):
        for taxonomy, values in terms.items():
            _add_terms(header, taxonomy, values)
            header.open_label = None if values else taxonomy
    elif open_label and links(raw) and not _LINKS_ONLY.sub("", raw).strip(" ,;|*_"):
        _add_terms(header, open_label, _terms(raw))  # "Region:" alone, links on the next line
    elif adjacent and header.attribution.read(raw, publisher):
        pass
    elif adjacent and (source := _SOURCE_LINE.match(matched)) and header.date_line and \
            len(source.group("name").split()) <= 8 and "[[" not in raw:
        _source_line(header, raw, source.group("name"))
    elif adjacent and (italic := italic_line(raw)) and header.summary is None and (
            header.headline is not None or header.authors) and not _suspicious(publisher, matched):
        header.summary = italic
    else:
        return False
    return True


def _add_terms(header: Header, taxonomy: str, values: tuple[str, ...]) -> None:
    header.terms[taxonomy] = tuple(dict.fromkeys((*header.terms.get(taxonomy, ()), *values)))


def _dateline(header: Header, text: str, number: int, publication: str | None) -> None:
    header.date_line, header.publication = number, publication
    match = re.search(DATE, text, re.IGNORECASE)
    try:
        header.date = parse_date(match.group("date")) if match else None
    except ValueError as exc:
        header.date_error = f"invalid date: {exc}"


def _source_line(header: Header, raw: str, name: str | None = None) -> None:
    """Where a repost comes from: the first link of the line, else its text before the
    date."""
    found = links(raw)
    if found:
        header.attribution.source_line = Source(flatten(found[0][0]), found[0][1])
    elif name or flatten(raw):
        header.attribution.source_line = Source((name or flatten(raw)).strip(" ,|-"))


def labels(publisher: Publisher, raw: str) -> dict[str, tuple[str, ...]]:
    """`Region: [A](#), [B](#) Theme: [C](#)` -> {"regions": (A, B), "themes": (C,)}."""
    keys = sorted(publisher.term_labels, key=len, reverse=True)
    pattern = "|".join(re.escape(k).replace(r"\-", "[- ]?") for k in keys)
    found = list(re.finditer(rf"[*_]*\b(?P<label>{pattern})s?\b[*_]*\s*:[*_]*", raw, re.I))
    if not found or raw[: found[0].start()].strip("*_ "):
        return {}
    taxonomies = {_label(k): v for k, v in publisher.term_labels.items()}
    terms: dict[str, tuple[str, ...]] = {}
    for n, match in enumerate(found):
        end = found[n + 1].start() if n + 1 < len(found) else len(raw)
        taxonomy = taxonomies.get(_label(match.group("label")))
        if taxonomy:
            terms[taxonomy] = (*terms.get(taxonomy, ()), *_terms(raw[match.end() : end]))
    return terms


def _label(text: str) -> str:
    """"In-Depth Report", "in depth report" -> "in depth report"."""
    return " ".join(text.lower().replace("-", " ").split())


def _terms(values: str) -> tuple[str, ...]:
    found = links(values)
    names = [t for t, _ in found] if found else _TERM_SPLIT.split(flatten(values))
    return tuple(n for n in (flatten(n).strip(" .,;") for n in names) if n)


def names(text: str) -> tuple[str, ...]:
    """Authors from a byline: link texts, else split on commas, "and" and "&"."""
    found = links(text)
    names = [t for t, _ in found] if found else _NAME_SPLIT.split(flatten(text))
    return tuple(dict.fromkeys(n for n in (flatten(n).strip(" .,;") for n in names) if n))


def _named(text: str) -> bool:
    """Whether the rest of a "By …" line reads as names, not as "By the end of 2020, …"."""
    if links(text):
        return True
    words = flatten(text).split()
    return bool(words) and len(words) <= 16 and words[0][:1].isupper()


def _split_dateline(publisher: Publisher, names: str) -> tuple[str, str | None]:
    """"[A](#) Global Research, May 1, 2020" -> ("[A](#)", "Global Research, May 1, 2020")."""
    for match in re.finditer(r"[\s,|]+", names):
        tail = normalise(names[match.end() :])
        if publisher.dateline.match(tail):
            return names[: match.start()], tail
    return names, None


def _shorten(line: str) -> str:
    return line if len(line) <= 60 else line[:57] + "..."
