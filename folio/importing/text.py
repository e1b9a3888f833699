"""The publisher-text reader: a seed saved as Markdown-like text -> `SeedArticle`.

Pure: `parse_seed(text, path)` returns the article and the problems found; it touches no
disk and never raises. The header (`folio.importing.header`) and the body
(`folio.importing.body`) are read by the publisher's rules (`folio.importing.publishers`);
`assemble` puts what they found together, for the other readers too.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from folio.importing.attribution import Attribution
from folio.importing.body import Body, read_body
from folio.importing.header import Header, read_header
from folio.importing.inline import plain
from folio.importing.keywords import proper_names
from folio.importing.model import Removed, SeedArticle
from folio.problems import Problem, Severity

_QUOTED_DECK = re.compile(r"^(?P<title>.+?[.!?])(?:\s+(?P<deck>[\"“'‘].+)|(?P<tight>[\"“].+))$")
_ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "st", "gen", "col", "lt", "sgt", "rev", "jr", "sr", "no",
    "vs", "inc", "ltd", "co", "corp", "gov", "sen", "rep", "adm", "capt", "maj", "mt", "ft",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "u.s", "u.k", "e.g", "i.e", "etc", "al",
})  # fmt: skip


def parse_seed(text: str, path: str) -> tuple[SeedArticle | None, list[Problem]]:
    """Parse one seed. The article is None exactly when the problems include an error."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    lines = text.split("\n")
    header = read_header(lines, path)
    body = read_body(lines, header.end, header.publisher, header.attribution, header.authors,
                     path, want_summary=header.summary is None)
    article, problems = assemble(header, body, path)
    return article, _clamp_lines(problems, lines)


def assemble(header: Header, body: Body, path: str) -> tuple[SeedArticle | None, list[Problem]]:
    """The article from what the header and body readers found, or the missing fields."""
    problems = [*header.problems]
    title, subtitle = split_headline(header.headline or "", header.deck)
    title_line = header.title_line or header.first_line or 1
    byline_line = header.byline_line or (title_line + 1 if header.title_line else title_line)
    if not title:
        problems.append(Problem(path, title_line, "missing title: expected a '# Headline' line"))
    if not header.authors:
        message = "missing author: expected a 'By [Name](#)' line after the headline"
        problems.append(Problem(path, byline_line, message))
    if header.date is None and not header.date_error:
        message = "missing date: expected a line like 'Global Research, November 20, 2024'"
        problems.append(Problem(path, header.date_line or byline_line + 1, message))
    problems.extend(body.problems)
    if not title or not header.authors or header.date is None:
        return None, problems
    if not body.text:
        problems.append(Problem(path, header.end + 1, "no article text found", Severity.WARNING))
    return build_article(title, subtitle, header.authors, header.date, header.publication,
                         header.terms, header.summary or body.summary, header.attribution,
                         body, removed=tuple(header.removed)), problems


def build_article(
    title: str,
    subtitle: str | None,
    authors: tuple[str, ...],
    date: dt.date,
    publication: str | None,
    terms: dict[str, tuple[str, ...]],
    summary: str | None,
    attribution: Attribution,
    body: Body,
    extra_tags: tuple[str, ...] = (),
    removed: tuple[Removed, ...] = (),
) -> SeedArticle:
    """A `SeedArticle`; tags are `extra_tags`, then the names the body keeps coming back to."""
    regions, themes = terms.get("regions", ()), terms.get("themes", ())
    reports = terms.get("reports", ())
    surnames = (a.rsplit(" ", 1)[-1] for a in authors)
    exclude = (*authors, *surnames, *regions, *themes, *reports)
    names = proper_names(body.text, exclude)
    tags = tuple(dict.fromkeys((*extra_tags, *names)))[: max(8, len(extra_tags))]
    return SeedArticle(
        title=title,
        subtitle=subtitle,
        authors=authors,
        date=date,
        body=body.text,
        publication=publication,
        regions=regions,
        themes=themes,
        reports=reports,
        tags=tags,
        summary=summary,
        source=attribution.resolve(publication),
        image_caption=attribution.caption,
        copyright=attribution.copyright,
        bios=body.bios,
        removed=tuple(sorted({*removed, *body.removed})),
    )


def split_headline(headline: str, deck: str | None = None) -> tuple[str | None, str | None]:
    """Title and subtitle from the headline and the deck line under it, if any.

    "Title. "Deck"", "Title."Deck"", "Who Pays? "Nobody" Says…" and "Title. Deck" (a
    period, then a capital, after a word that is no abbreviation) split in two; the period
    is dropped. With a deck line, the headline is the title, less the deck if it ends so.
    """
    headline = plain(headline)
    if deck:
        title = headline.removesuffix(deck).rstrip() if headline != deck else headline
        return (title.removesuffix(".") if title != headline else title) or None, deck
    match = _QUOTED_DECK.match(headline)
    if match:
        title, subtitle = match.group("title"), (match.group("deck") or match.group("tight"))
        return title.removesuffix(".").rstrip() or None, subtitle.strip()
    for match in re.finditer(r"(?<=[\w)\]’'”\"])\.(?P<close>[”\"]?)(?:\s+|(?=[A-Z]))"
                             r"(?=[A-Z0-9“\"‘'])", headline):
        before = headline[: match.start()] + (match.group("close") and "." + match["close"])
        word = before.rsplit(" ", 1)[-1].lower()
        if word in _ABBREVIATIONS or re.search(r"(?:^|[\s.])[A-Za-z]$", before):
            continue
        subtitle = headline[match.end() :].strip().removesuffix(".")
        if subtitle:
            return before.strip() or None, subtitle
    return headline or None, None


def _clamp_lines(problems: list[Problem], lines: list[str]) -> list[Problem]:
    """A line "expected here" past the end of the text is reported at its last line."""
    last = max(1, len(lines) - (len(lines) > 1 and not lines[-1]))
    return [p if 1 <= p.line <= last else replace(p, line=min(max(p.line, 1), last))
            for p in problems]
