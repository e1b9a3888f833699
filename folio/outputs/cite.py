"""How to cite an article: Chicago (17th, bibliography), APA (7th) and MLA (9th) strings,
and a BibTeX record.

A citation is a list of segments, some italic, so one value gives both the plain text (for
tests and copying) and HTML (with the publication in <i>, every segment escaped).
Names are split at the last word ("Andrew Korybko" → Korybko, Andrew), keeping lower-case
particles with the surname ("Ludwig van Beethoven" → van Beethoven, Ludwig); a one-word
name (an organisation) is used as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from markupsafe import Markup, escape

from folio.config import SiteConfig
from folio.content.load import Bodies
from folio.graph.model import Entry
from folio.markup import html_to_text
from folio.urls import absolute_url, slugify

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
MLA_MONTHS = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.",
              "Nov.", "Dec.")
BIBTEX_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                 "dec")
# Lower-case inside a title (Chicago headline style, MLA): articles, coordinating
# conjunctions and prepositions.
_MINOR_TEXT = """
    a an the and but for nor or so yet as at by from in into like near of off on onto out
    over past per than till to up upon via with within without vs versus against among around
    before behind below beneath beside between beyond despite down during except inside
    outside since through toward towards under until
    """
MINOR_WORDS = frozenset(_MINOR_TEXT.split())
_PARTICLE_TEXT = "van von der den de del della di da du la le bin ibn al el dos das"
_PARTICLES = frozenset(_PARTICLE_TEXT.split())


@dataclass(frozen=True)
class Name:
    first: str  # given names ("" for a one-word name)
    last: str

    @classmethod
    def parse(cls, name: str) -> Name:
        if "," in name:
            last, first = (part.strip() for part in name.split(",", 1))
            return cls(first, last)
        words = name.split()
        if len(words) < 2:
            return cls("", name.strip())
        cut = len(words) - 1
        while cut > 1 and words[cut - 1] in _PARTICLES:
            cut -= 1
        return cls(" ".join(words[:cut]), " ".join(words[cut:]))

    @property
    def inverted(self) -> str:
        return f"{self.last}, {self.first}" if self.first else self.last

    @property
    def natural(self) -> str:
        return f"{self.first} {self.last}" if self.first else self.last

    @property
    def initials(self) -> str:
        """APA's "Last, F. M." (hyphenated given names keep the hyphen: J.-P.)."""
        if not self.first:
            return self.last
        parts = ["-".join(p[0] + "." for p in word.split("-") if p)
                 for word in self.first.split()]
        return f"{self.last}, {' '.join(parts)}"


@dataclass(frozen=True)
class Work:
    """What every style needs to know about an article."""

    title: str
    authors: tuple[str, ...]
    publication: str
    date: datetime
    url: str
    body_text: str = ""  # tells proper nouns from common words for APA's sentence case
    # What reference managers keep besides (bibliography.py):
    identifier: str = ""  # the article's stable identifier
    abstract: str = ""
    keywords: tuple[str, ...] = ()
    language: str = ""
    archive: str = ""  # the site that keeps this copy
    series: tuple[str, int] | None = None  # (name, number in it)


def work_of(config: SiteConfig, bodies: Bodies | None, entry: Entry,
            series: tuple[str, int] | None = None) -> Work:
    """The article as a citable work: its publication, else the site's title. Without
    `bodies` the body is not read (only APA's sentence case needs it)."""
    return Work(entry.title, tuple(link.name for link in entry.links("authors")),
                entry.article.publication or config.title,
                entry.article.date.astimezone(config.zone),
                absolute_url(config.base_url, entry.url),
                html_to_text(bodies[entry.path]) if bodies is not None else "",
                entry.identifier, entry.summary,
                tuple(link.name for tax, links in entry.terms if tax.key != "authors"
                      for link in links),
                entry.article.lang or config.language, config.title, series)


def bib_url(entry: Entry, kind: str = "bib") -> str:
    """An article's record: kind "bib" (BibTeX), "ris" or "json" (CSL-JSON)."""
    return f"{entry.url}cite.{kind}"


Segments = tuple[tuple[str, bool], ...]  # (text, italic)


@dataclass(frozen=True)
class Citation:
    style: str
    segments: Segments

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.segments)

    @property
    def html(self) -> Markup:
        return Markup("").join(Markup("<i>{}</i>").format(text) if italic else escape(text)
                               for text, italic in self.segments)


def citations(work: Work) -> tuple[Citation, ...]:
    return (chicago(work), apa(work), mla(work))


def chicago_note(work: Work, locator: str) -> Citation:
    """Chicago's note form, pin-pointed: `locator` is where in the work ("para. 4")."""
    names = [Name.parse(a).natural for a in work.authors]
    if len(names) > 3:
        who = f"{names[0]} et al."
    elif len(names) == 3:
        who = f"{names[0]}, {names[1]}, and {names[2]}"
    else:
        who = " and ".join(names)
    title = title_case(work.title).replace('"', "'")
    title = title.replace("\u201c", "\u2018").replace("\u201d", "\u2019")
    d = work.date
    return Citation("Chicago", (
        (f"{who}, " if who else "", False),
        (f'"{title}{"" if title.endswith(("?", "!")) else ","}" ', False),
        (work.publication, True),
        (f", {MONTHS[d.month - 1]} {d.day}, {d.year}, {locator}, {work.url}.", False),
    ))


def _end(text: str) -> str:
    """`text` followed by a period unless it already ends a sentence."""
    return text if text.endswith((".", "?", "!")) else text + "."


def _quoted(title: str) -> str:
    """A title in double quotes, the period inside; its own double quotes become single."""
    title = title.replace('"', "'").replace("\u201c", "\u2018").replace("\u201d", "\u2019")
    return f'"{_end(title)}"'


def chicago(work: Work) -> Citation:
    names = [Name.parse(a) for a in work.authors]
    if not names:
        who = ""
    elif len(names) == 1:
        who = names[0].inverted
    elif len(names) == 2:
        who = f"{names[0].inverted}, and {names[1].natural}"
    else:
        who = ", ".join([names[0].inverted, *(n.natural for n in names[1:-1])]) + \
            f", and {names[-1].natural}"
    d = work.date
    date = f"{MONTHS[d.month - 1]} {d.day}, {d.year}"
    return Citation("Chicago", (
        (f"{_end(who)} " if who else "", False),
        (f"{_quoted(title_case(work.title))} ", False),
        (work.publication, True),
        (f", {date}. {work.url}.", False),
    ))


def apa(work: Work) -> Citation:
    names = [Name.parse(a).initials for a in work.authors]
    if not names:
        who = ""
    elif len(names) == 1:
        who = names[0]
    elif len(names) <= 20:
        who = ", ".join(names[:-1]) + f", & {names[-1]}"
    else:  # APA 7: the first 19, an ellipsis, the last
        who = ", ".join(names[:19]) + f", . . . {names[-1]}"
    d = work.date
    title = _end(sentence_case(work.title, work.body_text))
    return Citation("APA", (
        (f"{who} " if who else "", False),
        (f"({d.year}, {MONTHS[d.month - 1]} {d.day}). {title} ", False),
        (work.publication, True),
        (f". {work.url}", False),
    ))


def mla(work: Work) -> Citation:
    names = [Name.parse(a) for a in work.authors]
    if not names:
        who = ""
    elif len(names) == 1:
        who = names[0].inverted
    elif len(names) == 2:
        who = f"{names[0].inverted}, and {names[1].natural}"
    else:
        who = f"{names[0].inverted}, et al"
    d = work.date
    url = re.sub(r"^https?://", "", work.url)
    return Citation("MLA", (
        (f"{_end(who)} " if who else "", False),
        (f"{_quoted(title_case(work.title))} ", False),
        (work.publication, True),
        (f", {d.day} {MLA_MONTHS[d.month - 1]} {d.year}, {url}.", False),
    ))


_WORD = re.compile(r"[^\s]+")


def title_case(title: str) -> str:
    """Headline style: major words capitalised; minor words lower case except first, last
    and after a colon. Words with capitals after the first letter (NATO, iPhone) stay."""
    words = _WORD.findall(title)
    result: list[str] = []
    for n, word in enumerate(words):
        core = word.strip("\"'“”‘’([{")
        boundary = n == 0 or n == len(words) - 1 or result[-1].endswith((":", "—", "?", "!"))
        if core.lower() in MINOR_WORDS and not boundary:
            result.append(word.replace(core, core.lower(), 1))
        else:
            result.append("-".join(_capitalise(part) for part in word.split("-")))
    return " ".join(result)


def _capitalise(word: str) -> str:
    if any(c.isupper() for c in word[1:]):
        return word
    for i, char in enumerate(word):
        if char.isalpha():
            return word[:i] + char.upper() + word[i + 1:]
    return word


def sentence_case(title: str, body_text: str = "") -> str:
    """APA's sentence case for a title written in title case: only the first word, the first
    word after a colon and proper nouns keep their capital. A word counts as a proper noun
    when the body uses it capitalised and never in lower case. A title that is already in
    sentence case is left as it is."""
    words = _WORD.findall(title)
    capitalised = sum(1 for w in words if w[:1].isupper())
    if len(words) < 3 or capitalised < len(words) * 0.6:  # already in sentence case
        return " ".join(_capitalise(w) if n and words[n - 1].endswith(":") else w
                        for n, w in enumerate(words))
    body_words = re.findall(r"[^\W\d_]+", body_text)
    lower_in_body = {w for w in body_words if w.islower()}
    result: list[str] = []
    for n, word in enumerate(words):
        core = re.sub(r"^[\"'“”‘’(\[]+|[^\w]+$", "", word)
        base = core.split("'")[0].split("’")[0]
        first = n == 0 or result[-1].endswith((":", "?", "!"))
        keep = (first or not core or any(c.isupper() for c in core[1:])
                or (core[:1].isupper() and base.lower() not in lower_in_body
                    and base in body_words))
        result.append(word if keep else word.replace(core, core.lower(), 1))
    return " ".join(result)


_BIBTEX_SPECIALS = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%",
                    "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}",
                    "^": r"\textasciicircum{}"}


_BIBTEX_TABLE = str.maketrans(_BIBTEX_SPECIALS)


def bibtex_escape(text: str) -> str:
    return text.translate(_BIBTEX_TABLE)


def bibtex_key(work: Work) -> str:
    return _key(work.authors[0] if work.authors else "", work.date.year, work.title)


@lru_cache(maxsize=1 << 14)  # a term's bibliography lists the same articles again
def _key(first_author: str, year: int, title: str) -> str:
    who = slugify(Name.parse(first_author).last, fallback="anon").replace("-", "") \
        if first_author else "anon"
    words = [w for w in slugify(title, fallback="untitled").split("-")
             if w not in MINOR_WORDS]
    return f"{who}{year}{words[0] if words else ''}"


def bibtex(work: Work, key: str | None = None) -> str:
    """An @article record: journal = the publication; UTF-8, specials escaped. `key`
    replaces the usual one (`bibtex_key`) where a file holds several records."""
    authors = " and ".join(
        bibtex_escape(n.inverted) if n.first and " and " not in n.natural
        else "{" + bibtex_escape(n.natural) + "}"
        for n in map(Name.parse, work.authors))
    url = work.url.replace("{", "%7B").replace("}", "%7D").replace(" ", "%20")
    fields = [
        ("author", "{" + authors + "}"),
        ("title", "{{" + bibtex_escape(work.title) + "}}"),
        ("journal", "{" + bibtex_escape(work.publication) + "}"),
        ("year", "{" + str(work.date.year) + "}"),
        ("month", BIBTEX_MONTHS[work.date.month - 1]),
        ("day", "{" + str(work.date.day) + "}"),
        ("url", "{" + url + "}"),
        ("abstract", "{" + bibtex_escape(" ".join(work.abstract.split())) + "}"),
        ("keywords", "{" + bibtex_escape(", ".join(work.keywords)) + "}"),
        ("language", "{" + bibtex_escape(work.language) + "}"),
    ]
    body = ",\n".join(f"  {name} = {value}" for name, value in fields if value != "{}")
    return f"@article{{{key or bibtex_key(work)},\n{body}\n}}\n"
