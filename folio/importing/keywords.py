"""Tags for an imported article: the proper names its body keeps coming back to.

The rule, for editors (docs/importing.md says the same):

1. Runs of capitalised words in the body are candidate names ("Valdai Club", "Sergey
   Lavrov"). Headings are skipped; links and emphasis count as plain text.
2. A possessive is dropped ("Erdogan's" -> "Erdogan"); "West/Ukraine" is two names, and so
   is "West-Ukraine" when each part also appears on its own (else "Müller-Øström" stays).
3. Leading titles ("President", "Foreign Minister"), a nationality before a title
   ("Russian Foreign Minister …") and common words ("The", or a sentence's first word that
   also appears in lower case) are dropped from the front of a run.
4. Left out: stopwords, month and day names, compass points, nationality adjectives
   ("Russian", "Western"), and any name seen only as a sentence's first word.
5. A multi-word name whose last word is itself a candidate counts toward that word:
   "Recep Tayyip Erdogan" and "President Erdogan" both count as "Erdogan".
6. Names seen at least twice are ranked by count, then first appearance; names equal to
   one of `exclude` (the article's authors and their surnames, regions, themes and
   reports) are dropped; at most `limit` are kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from folio.importing.inline import strip_markup
from folio.importing.publishers import MONTHS


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_TITLES = _words(
    """President Vice Prime Minister Foreign Defense Defence Finance Interior Secretary
    Chancellor King Queen Prince Princess Crown Pope Senator Sen Rep Representative
    Congressman Congresswoman Governor Gov Mayor Ambassador Chairman Chairwoman Chair
    Director Deputy Mr Mrs Ms Miss Dr Prof Professor Sir Dame Lord Lady Sheikh Emir Sultan
    General Gen Colonel Col Admiral Adm Commander Chief Speaker Premier Spokesman
    Spokeswoman Spokesperson Former Ex Acting Supreme Justice Judge Marshal Lieutenant Lt
    Major Captain Capt Sergeant Sgt Pres"""
)
_STOPWORDS = _words(
    """A An The This That These Those It Its It's I I'm I've We Us Our You Your He Him His
    She Her They Them Their There Here What When Where Which Who Whom Whose Why How If
    But And Or Nor So As At By For From In Into Of On Onto To With Without About Above
    After Against Along Among Around Before Behind Below Beneath Beside Between Beyond
    During Except Inside Near Since Through Throughout Toward Towards Under Until Upon
    Within Also Although Though Yet Still Even Just Only Not No Yes All Any Each Every
    Some Many Most Much More Less Few Both Either Neither Other Another Such Same Then
    Thus Hence However Moreover Meanwhile Therefore Furthermore Instead Indeed
    Nevertheless Nonetheless Accordingly Likewise Consequently Finally First Second
    Third Last Next Now Today Tomorrow Yesterday Like Unlike While Whereas Because
    Unless Whether Once Was Were Is Are Be Been Being Has Have Had Do Does Did Will
    Would Shall Should Can Could May Might Must Let Per Via Etc Part Chapter
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    North South East West Northern Southern Eastern Western"""
) | frozenset(MONTHS)
_NATIONALITIES = _words(
    """American African Arab Arabic Afghan Chinese Cuban Dutch French German Greek Iraqi
    Israeli Korean Mexican Pakistani Polish Qatari Saudi Swiss Thai Turkish Yemeni
    Emirati Venezuelan Brazilian Filipino Nepali Bangladeshi Kuwaiti Omani"""
)
_NATIONALITY_SUFFIXES = ("ian", "ean", "ish", "ese", "ern")

_TOKEN = re.compile(r"(?P<word>[^\W_][\w'\u2019]*(?:[-/][^\W_][\w'\u2019]*)*)|(?P<end>[.!?:])|\S")
_POSSESSIVE = re.compile(r"['\u2019]s$|(?<=s)['\u2019]$")

Word = tuple[str, bool]  # the word and whether it starts a sentence


def proper_names(body: str, exclude: Iterable[str] = (), limit: int = 8) -> tuple[str, ...]:
    """The names `body` mentions at least twice, most frequent first (see module doc)."""
    runs = [run for paragraph in _paragraphs(body) for run in _runs(paragraph)]
    lower = {w.casefold() for run in runs for w, _ in run if not w[:1].isupper()}
    alone = {w for run in runs for w, _ in run if "-" not in w and "/" not in w}
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    mid_sentence: set[str] = set()
    for run in _split_compounds(runs, alone):
        for name, at_start in _names(run, lower):
            first.setdefault(name, len(first))
            counts[name] = counts.get(name, 0) + 1
            if not at_start:
                mid_sentence.add(name)
    merged: dict[str, int] = {}
    for name, count in counts.items():
        if name not in mid_sentence or not _is_name(name):
            continue
        last = name.rsplit(" ", 1)[-1]
        key = last if last != name and last in counts and last in mid_sentence else name
        merged[key] = merged.get(key, 0) + count
    excluded = {e.casefold() for e in exclude}
    ranked = sorted(merged, key=lambda n: (-merged[n], first[n]))
    return tuple(n for n in ranked if merged[n] >= 2 and n.casefold() not in excluded)[:limit]


def _paragraphs(body: str) -> list[str]:
    text = strip_markup(body)
    blocks = re.split(r"\n\s*\n", text)
    return [b for b in blocks if b.strip() and not b.lstrip().startswith("#")]


def _runs(paragraph: str) -> list[list[Word]]:
    """Every word of `paragraph`, grouped into runs of capitalised words."""
    runs: list[list[Word]] = []
    current: list[Word] = []
    at_start = True
    for match in _TOKEN.finditer(paragraph):
        word = match.group("word")
        if word is None:
            if current:
                runs.append(current)
            current = []
            at_start = at_start or match.group("end") is not None
            continue
        word = _POSSESSIVE.sub("", word)
        if word[:1].isupper():
            current.append((word, at_start))
        else:
            if current:
                runs.append(current)
            current = []
            runs.append([(word, at_start)])
        at_start = False
    if current:
        runs.append(current)
    return runs


def _split_compounds(runs: list[list[Word]], alone: set[str]) -> list[list[Word]]:
    out: list[list[Word]] = []
    for run in runs:
        current: list[Word] = []
        for word, at_start in run:
            parts = re.split(r"[-/]", word)
            if "/" in word or ("-" in word and all(p in alone for p in parts)):
                out.extend([current] if current else [])
                out.extend([[(p, at_start and i == 0)] for i, p in enumerate(parts)])
                current = []
            else:
                current.append((word, at_start))
        out.extend([current] if current else [])
    return out


def _names(run: list[Word], lower: set[str]) -> list[tuple[str, bool]]:
    """The candidate name in one run of words, with whether it opened a sentence."""
    words = list(run)
    while words:
        word, at_start = words[0]
        nxt = words[1][0] if len(words) > 1 else ""
        if (
            not word[:1].isupper()
            or word in _STOPWORDS
            or word in _TITLES
            or (at_start and word.casefold() in lower)
            or (_is_nationality(word) and nxt in _TITLES)
        ):
            words.pop(0)
        else:
            break
    if not words:
        return []
    return [(" ".join(w for w, _ in words), words[0][1])]


def _is_name(name: str) -> bool:
    if " " in name:
        return True
    return (
        len(name) > 1
        and name not in _STOPWORDS
        and name not in _TITLES
        and not _is_nationality(name)
    )


def _is_nationality(word: str) -> bool:
    return word in _NATIONALITIES or (len(word) > 4 and word.endswith(_NATIONALITY_SUFFIXES))
