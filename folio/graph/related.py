"""Related articles: the `RELATED_COUNT` nearest articles by weighted shared terms.

Candidates are the articles that share a *specific* term (one used by at most
`SPECIFIC_TERM_LIMIT` articles): an article that shares only a broad region or theme is no
neighbour. Each candidate scores the weights of every term it shares, broad ones too; ties
go to the more similar text (Jaccard over the keyword signatures), then to the more recent
article. When fewer than `RELATED_COUNT` candidates exist, the newest articles sharing a
broad term fill the list. Deterministic.
"""

from __future__ import annotations

import hashlib
import heapq
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import Generic, Protocol, TypeVar, cast

from folio.graph.model import Entry, SiteGraph

RELATED_COUNT = 5
# How much one shared term says about two articles being related, per taxonomy.
RELATED_WEIGHTS = {"reports": 4.0, "tags": 3.0, "authors": 2.5, "themes": 2.0, "regions": 1.0}
SPECIFIC_TERM_LIMIT = 100
FILL_DEPTH = RELATED_COUNT * 4  # newest members of a broad term that may fill a short list

T = TypeVar("T")
V = TypeVar("V")
V_co = TypeVar("V_co", covariant=True)
# How to run many independent tasks: in this process by default; the speed layer passes
# one that spreads them over forked workers. Results come back in task order.
RunTasks = Callable[[Sequence[Callable[[], T]]], Iterable[T]]
RelatedMemo = dict[str, tuple[str, tuple[str, ...]]]


def run_here(tasks: Sequence[Callable[[], T]]) -> Iterable[T]:
    return (task() for task in tasks)


def related_lists(entries: Sequence[Entry], memo: RelatedMemo | None = None,
                  run: RunTasks[tuple[int, ...]] = run_here) -> dict[int, tuple[int, ...]]:
    """The `RELATED_COUNT` nearest articles by weighted shared terms.

    Candidates are the articles that share a specific term (one used by at most
    `SPECIFIC_TERM_LIMIT` articles): an article that shares only a broad region or theme is
    no neighbour. Each candidate scores the weights of every term it shares, broad ones too;
    ties go to the more similar text (Jaccard over the keyword signatures), then to the
    more recent article. When fewer than `RELATED_COUNT` candidates exist, the newest
    articles sharing a broad term fill the list.

    `memo` maps an article's path to the digest of everything its answer depends on (its
    terms and the members of each) and the answer; it is read and brought up to date, so a
    rebuild recomputes only the articles that share a term with a changed one. Many
    recomputations (a first build) are handed to `run` together.
    """

    ids: dict[tuple[str, str], int] = {}
    terms_of: list[list[tuple[int, float]]] = []
    postings: list[list[int]] = []
    for i, entry in enumerate(entries):
        own = []
        for tax, links in entry.terms:
            weight = RELATED_WEIGHTS.get(tax.key, 1.0)
            for link in links:
                tid = ids.setdefault((tax.key, link.url), len(ids))
                if tid == len(postings):
                    postings.append([])
                if not postings[tid] or postings[tid][-1] != i:
                    postings[tid].append(i)
                    own.append((tid, weight))
        terms_of.append(own)
    # What an answer depends on, per term: a specific term's every member (they are the
    # candidates); a broad term only adds its weight to candidates, whose own keys cover
    # that, and lends its newest members when candidates are few.
    keys = [_related_key(entry) for entry in entries]
    members = [_digest("specific" if len(p) <= SPECIFIC_TERM_LIMIT else "broad",
                       *(keys[j] for j in (p if len(p) <= SPECIFIC_TERM_LIMIT
                                           else p[:FILL_DEPTH])))
               for p in postings]
    term_sets = [frozenset(t for t, _ in own) for own in terms_of]
    names = [f"{tax}:{url}" for tax, url in ids]  # ids depend on order; names do not
    signatures = _signatures(entries)
    paths = [e.article.path for e in entries]
    index_of = {path: i for i, path in enumerate(paths)}
    result: dict[int, tuple[int, ...]] = {}
    digests: list[str] = []
    missing: list[int] = []
    for i, own in enumerate(terms_of):
        digest = _digest(keys[i], *(f"{names[t]}\x1e{w}\x1e{members[t]}" for t, w in own))
        digests.append(digest)
        known = memo.get(paths[i]) if memo is not None else None
        if known is not None and known[0] == digest:
            result[i] = tuple(index_of[path] for path in known[1])
        else:
            missing.append(i)
    tasks = [partial(_nearest, i, terms_of[i], postings, term_sets, signatures)
             for i in missing]
    answers = run(tasks)
    for i, answer in zip(missing, answers, strict=True):
        result[i] = answer
    if memo is not None:
        memo.clear()
        memo.update((paths[i], (digests[i], tuple(paths[j] for j in result[i])))
                    for i in range(len(entries)))
    return {i: result[i] for i in range(len(entries))}


def related_after(graph: SiteGraph, edited: Iterable[int]) -> dict[int, tuple[int, ...]]:
    """The related lists that may change when the `edited` entries' keyword signatures
    changed and nothing else that related lists read (terms, dates, order) did: those of the
    entries themselves and of every article that can have one of them as a candidate. The
    same answers `_related` would give, without looking at the rest of the site."""
    by_url = {term.url: term for terms in graph.terms.values() for term in terms}
    tids: dict[str, int] = {}
    postings: list[list[int]] = []

    def own_terms(i: int) -> list[tuple[int, float]]:
        own, seen = [], set()
        for tax, links in graph.entries[i].terms:
            weight = RELATED_WEIGHTS.get(tax.key, 1.0)
            for link in links:
                if link.url in seen:
                    continue
                seen.add(link.url)
                tid = tids.get(link.url)
                if tid is None:
                    tid = tids[link.url] = len(postings)
                    postings.append(list(by_url[link.url].entries))
                own.append((tid, weight))
        return own

    todo: set[int] = set()
    for i in edited:
        todo.add(i)
        for tid, _ in own_terms(i):
            members = postings[tid]
            if len(members) <= SPECIFIC_TERM_LIMIT or i in members[:FILL_DEPTH]:
                todo.update(members)  # i is a candidate of each, or may fill their lists
    own_of = {i: own_terms(i) for i in sorted(todo)}
    term_sets = OnDemand(lambda i: frozenset(t for t, _ in own_terms(i)))
    signatures = _signatures(graph.entries)
    return {i: _nearest(i, own, postings, term_sets, signatures) for i, own in own_of.items()}


class OnDemand(Generic[V]):
    """Values by entry index, each worked out on first use."""

    def __init__(self, make: Callable[[int], V]) -> None:
        self._make = make
        self._made: dict[int, V] = {}

    def __getitem__(self, i: int) -> V:
        found = self._made.get(i, _MISSING)
        if found is _MISSING:
            found = self._made[i] = self._make(i)
        return cast(V, found)


_MISSING = object()


def _signatures(entries: Sequence[Entry]) -> OnDemand[frozenset[str]]:
    """Each entry's keyword signature as a set."""
    return OnDemand(lambda i: frozenset(entries[i].rendered.signature))


def _digest(*parts: str) -> str:
    return hashlib.blake2b("\x1f".join(parts).encode("utf-8", "surrogatepass"),
                           digest_size=16).hexdigest()


def _related_key(entry: Entry) -> str:
    """All that related lists read of an article: its place in time, its terms and its
    keyword signature. An edit that changes none of them (a corrected sentence, a new
    paragraph in the same vein) recomputes no other article's list."""
    article = entry.article
    terms = "\x1f".join(f"{tax.key}\x1e{link.url}" for tax, links in entry.terms
                        for link in links)
    return "\x1d".join((article.path, article.date.isoformat(), article.title, article.slug,
                        " ".join(entry.rendered.signature), terms))


class _ByIndex(Protocol[V_co]):
    def __getitem__(self, i: int, /) -> V_co: ...


def _nearest(i: int, own: list[tuple[int, float]], postings: list[list[int]],
             term_sets: _ByIndex[frozenset[int]], signatures: _ByIndex[frozenset[str]]
             ) -> tuple[int, ...]:
    partial: defaultdict[int, float] = defaultdict(float)
    broad = [(t, w) for t, w in own if len(postings[t]) > SPECIFIC_TERM_LIMIT]
    for t, w in own:
        if len(postings[t]) <= SPECIFIC_TERM_LIMIT:
            for j in postings[t]:
                partial[j] += w
    partial.pop(i, None)
    if len(partial) < RELATED_COUNT:  # fill with the newest articles sharing a broad term
        for t, _ in broad:
            for j in postings[t][:FILL_DEPTH]:
                if j != i:
                    partial.setdefault(j, 0.0)
    if not partial:
        return ()
    # A candidate's broad terms add at most `bonus`: only those within reach of the
    # `RELATED_COUNT`-th best partial score can still enter the list, so only they are scored.
    bonus = sum(w for _, w in broad)
    floor = heapq.nlargest(RELATED_COUNT, partial.values())[-1] - bonus
    scored = []
    for j, score in partial.items():
        if score < floor:
            continue
        scored.append((score + sum(w for t, w in broad if t in term_sets[j]), j))
    if len(scored) > RELATED_COUNT:  # only scores up to the last place can still rank
        cut = heapq.nlargest(RELATED_COUNT, [score for score, _ in scored])[-1]
        scored = [(score, j) for score, j in scored if score >= cut]
    own_signature = signatures[i]
    ranked = sorted((-score, -similarity(own_signature, signatures[j]), j)
                    for score, j in scored)
    return tuple(j for _, _, j in ranked[:RELATED_COUNT])


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard similarity of two keyword signatures (0 when both are empty)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


