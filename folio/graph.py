"""Corpus → SiteGraph: URLs, merged terms, order, archives and the links between articles.

Everything a page shows about other pages is worked out here, once; templates only read it.
URL collisions are caught here too, naming every source file involved.
"""

from __future__ import annotations

import hashlib
import heapq
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache, partial
from itertools import islice
from pathlib import PurePosixPath
from typing import Generic, Protocol, TypeVar, cast
from urllib.parse import unquote, urlsplit

from folio.config import SiteConfig, Taxonomy
from folio.content import Article, Page, TermProfile
from folio.markup import Rendered, cut_summary
from folio.problems import Report
from folio.urls import slugify
from folio.workers import in_workers

RELATED_COUNT = 5
MORE_BY_COUNT = 3  # newest other articles shown per author
# How much one shared term says about two articles being related, per taxonomy.
RELATED_WEIGHTS = {"reports": 4.0, "tags": 3.0, "authors": 2.5, "themes": 2.0, "regions": 1.0}


class Bodies(Protocol):
    def __getitem__(self, key: str, /) -> str: ...


_NO_BODIES: dict[str, str] = {}
T = TypeVar("T")
V = TypeVar("V")
V_co = TypeVar("V_co", covariant=True)


@dataclass(frozen=True)
class Corpus:
    """What `load` found: articles and what their bodies hold, term profiles, pages.

    Article bodies as HTML are kept apart in `bodies`, by content key (`keys[path]`), and
    read only when their page is rendered.
    """

    articles: tuple[tuple[Article, Rendered], ...]
    profiles: tuple[TermProfile, ...] = ()
    pages: tuple[tuple[Page, Rendered], ...] = ()
    keys: Mapping[str, str] = field(default_factory=dict)
    bodies: Bodies = field(default_factory=lambda: _NO_BODIES)
    profile_html: Mapping[str, str] = field(default_factory=dict)
    future_dates: tuple[float, ...] = ()  # articles left out until their date comes


@dataclass(frozen=True)
class TermLink:
    name: str
    url: str

    def __fingerprint__(self) -> str:
        return f"{self.name}\x1e{self.url}"


@dataclass(frozen=True)
class Entry:
    """An article placed in the site."""

    article: Article
    rendered: Rendered
    url: str
    summary: str
    terms: tuple[tuple[Taxonomy, tuple[TermLink, ...]], ...]
    key: str = ""  # the content key of the article's file: its body is bodies[key]
    index: int = -1  # its place in SiteGraph.entries

    @property
    def title(self) -> str:
        return self.article.title

    def __fingerprint__(self) -> str:
        """What a page showing this entry depends on (the key stands for the whole file)."""
        if _reads is not None:
            _reads.add(self.index)
        cached: str | None = self.__dict__.get("_fingerprint")
        if cached is None:
            from folio.fingerprint import fingerprint

            source = self.key or fingerprint(self.article, self.rendered)  # the key implies both
            terms = "\x1f".join(f"{tax.key}\x1e{link.name}\x1e{link.url}"
                                 for tax, links in self.terms for link in links)
            cached = fingerprint(f"{source}\x1d{self.url}\x1d{self.summary}\x1d{terms}")
            object.__setattr__(self, "_fingerprint", cached)
        return cached

    def links(self, taxonomy: str) -> tuple[TermLink, ...]:
        return next((links for tax, links in self.terms if tax.key == taxonomy), ())

    @property
    def reading_minutes(self) -> int:
        return max(1, round(self.rendered.word_count / 230))


_reads: set[int] | None = None  # while `reading`: the entries whose fingerprint was taken


def reading(produce: Callable[[], T]) -> tuple[T, tuple[int, ...]]:
    """`produce()`, and the places of the entries whose fingerprints it took: what a page's
    fingerprint depends on besides the site's structure."""
    global _reads
    outer, _reads = _reads, set()
    reads = _reads
    try:
        return produce(), tuple(sorted(reads))
    finally:
        _reads = outer
        if outer is not None:
            outer |= reads


@dataclass(frozen=True)
class Term:
    taxonomy: Taxonomy
    name: str
    slug: str
    url: str
    entries: tuple[int, ...]  # indices into SiteGraph.entries, newest first
    profile: TermProfile | None = None
    profile_html: str = ""

    def __fingerprint__(self) -> str:
        """What a page can show of the term: its members count, not their places in the
        site's order, which a new article shifts for every term (a page that lists the
        members shows them as entries, and those carry their own fingerprints)."""
        cached: str | None = self.__dict__.get("_fingerprint")
        if cached is None:
            from folio.fingerprint import fingerprint

            cached = fingerprint(self.taxonomy, self.name, self.slug, self.url,
                                 len(self.entries), self.profile, self.profile_html)
            object.__setattr__(self, "_fingerprint", cached)
        return cached


@dataclass(frozen=True)
class StaticPage:
    page: Page
    rendered: Rendered
    url: str


@dataclass(frozen=True)
class SiteGraph:
    config: SiteConfig
    entries: tuple[Entry, ...]  # newest first
    terms: dict[str, tuple[Term, ...]]  # taxonomy key -> terms A-Z
    pages: tuple[StaticPage, ...]
    archive: dict[int, dict[int, tuple[int, ...]]]  # year -> month -> entry indices
    related: dict[int, tuple[int, ...]]
    cited_by: dict[int, tuple[int, ...]]
    link_targets: dict[str, str] = field(default_factory=dict)  # content path -> URL
    bodies: Bodies = field(default_factory=lambda: _NO_BODIES)

    def term(self, taxonomy: str, name: str) -> Term | None:
        """The term a name (any spelling or alias) stands for."""
        index: dict[tuple[str, str], Term] | None = self.__dict__.get("_term_index")
        if index is None:
            index = {}
            for key, terms in self.terms.items():
                for term in terms:
                    aliases = term.profile.aliases if term.profile else ()
                    for spelling in (term.name, *aliases):
                        index.setdefault((key, term_key(spelling)), term)
            object.__setattr__(self, "_term_index", index)
        return index.get((taxonomy, term_key(name)))


@lru_cache(maxsize=1 << 16)  # the same few names, over and over: a tag per article
def term_key(name: str) -> str:
    return " ".join(name.casefold().split())


def permalink(config: SiteConfig, article: Article) -> str:
    d = article.date
    return config.permalink.format(slug=article.slug, year=f"{d.year:04d}",
                                   month=f"{d.month:02d}", day=f"{d.day:02d}")


def sort_key(article: Article) -> tuple[float, str, str]:
    return (-article.date.timestamp(), article.title.casefold(), article.slug)


def make_entry(config: SiteConfig, article: Article, rendered: Rendered,
               terms: tuple[tuple[Taxonomy, tuple[TermLink, ...]], ...], key: str,
               index: int) -> Entry:
    summary = article.summary or cut_summary(rendered.first_paragraph, config.summary_length)
    return Entry(article, rendered, permalink(config, article), summary, terms, key, index)


def build_graph(corpus: Corpus, config: SiteConfig, report: Report,
                related_memo: dict[str, tuple[str, tuple[str, ...]]] | None = None,
                jobs: int = 1) -> SiteGraph:
    """Link the corpus. `related_memo` carries related articles from one build to the next."""
    ordered = sorted(corpus.articles, key=lambda pair: sort_key(pair[0]))
    terms, links_of = _terms(ordered, corpus.profiles, config, report, corpus.profile_html)
    entries = tuple(make_entry(config, article, rendered, links_of[i],
                               corpus.keys.get(article.path, ""), i)
                    for i, (article, rendered) in enumerate(ordered))
    pages = tuple(StaticPage(p, r, f"/{p.slug}/") for p, r in
                  sorted(corpus.pages, key=lambda pr: (pr[0].weight, pr[0].title, pr[0].slug)))
    _check_collisions(entries, pages, terms, config, report)
    targets = {e.article.path: e.url for e in entries} | {p.page.path: p.url for p in pages}
    cited_by = _citations(entries, pages, targets, report)
    archive: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for i, entry in enumerate(entries):
        local = entry.article.date.astimezone(config.zone)
        archive[local.year][local.month].append(i)
    return SiteGraph(
        config=config,
        entries=entries,
        terms=terms,
        pages=pages,
        archive={y: {m: tuple(ix) for m, ix in sorted(ms.items(), reverse=True)}
                 for y, ms in sorted(archive.items(), reverse=True)},
        related=_related(entries, related_memo if related_memo is not None else {}, jobs),
        cited_by=cited_by,
        link_targets=targets,
        bodies=corpus.bodies,
    )


def _terms(
    ordered: list[tuple[Article, Rendered]],
    profiles: Iterable[TermProfile],
    config: SiteConfig,
    report: Report,
    profile_html: Mapping[str, str],
) -> tuple[dict[str, tuple[Term, ...]], list[tuple[tuple[Taxonomy, tuple[TermLink, ...]], ...]]]:
    """Merge spellings into terms: case-insensitively and through profile aliases."""
    by_taxonomy: dict[str, list[TermProfile]] = defaultdict(list)
    for profile in profiles:
        by_taxonomy[profile.taxonomy].append(profile)

    result: dict[str, tuple[Term, ...]] = {}
    term_links: dict[tuple[str, str], TermLink] = {}
    names_of: dict[str, list[tuple[str, ...]]] = {t.key: [] for t in config.taxonomies}
    for article, _ in ordered:  # each article's names, by taxonomy
        own = dict(article.terms)
        for key, column in names_of.items():
            column.append(own.get(key, ()))
    for taxonomy in config.taxonomies:
        canon: dict[str, TermProfile] = {}  # spelling key -> profile
        for profile in sorted(by_taxonomy[taxonomy.key], key=lambda p: p.path):
            for spelling in (profile.name, *profile.aliases):
                other = canon.get(term_key(spelling))
                if other is not None and other is not profile:
                    report.error(profile.path, 1, f"'{spelling}' is also claimed by {other.path}")
                canon.setdefault(term_key(spelling), profile)
        spellings: dict[str, Counter[str]] = defaultdict(Counter)
        members: dict[str, list[int]] = defaultdict(list)
        for i, names in enumerate(names_of[taxonomy.key]):
            for name in names:
                key = term_key(name)
                owner = canon.get(key)
                if owner is not None:
                    key = term_key(owner.name)
                spellings[key][name] += 1
                found_in = members[key]
                if not found_in or found_in[-1] != i:
                    found_in.append(i)
        used = set()
        terms: list[Term] = []
        slugs: dict[str, str] = {}
        for key in sorted(members, key=lambda k: (_display(k, spellings[k], canon).casefold(), k)):
            found = canon.get(key)
            name = _display(key, spellings[key], canon)
            slug = found.slug if found else slugify(name, fallback=taxonomy.singular)
            if slug in slugs:  # distinct names, one slug ("C" and "C++")
                base, n = slug, 2
                while f"{base}-{n}" in slugs:
                    n += 1
                slug = f"{base}-{n}"
            slugs[slug] = name
            if found:
                used.add(found.path)
            url = f"/{taxonomy.key}/{slug}/"
            terms.append(Term(taxonomy, name, slug, url, tuple(members[key]), found,
                              profile_html.get(found.path, "") if found else ""))
            for spelling in spellings[key]:
                term_links[(taxonomy.key, term_key(spelling))] = TermLink(name, url)
        for profile in by_taxonomy[taxonomy.key]:
            if profile.path not in used:
                report.warning(profile.path, 1, f"no article uses the {taxonomy.singular.lower()} "
                               f"'{profile.name}'; its profile is not published")
        result[taxonomy.key] = tuple(terms)

    known = {t.key for t in config.taxonomies}
    for taxonomy_key, stray in by_taxonomy.items():
        if taxonomy_key not in known:
            for profile in stray:
                report.error(profile.path, 1, f"'{taxonomy_key}' is not a taxonomy in site.toml "
                             f"(taxonomies: {', '.join(sorted(known))})")

    columns = [[tuple(term_links[(tax.key, term_key(n))] for n in names)
                for names in names_of[tax.key]] for tax in config.taxonomies]
    rows = zip(*columns, strict=True) if columns else (() for _ in ordered)
    links = [tuple(zip(config.taxonomies, row, strict=True)) for row in rows]
    return result, links


def _display(key: str, spellings: Counter[str], canon: dict[str, TermProfile]) -> str:
    """The profile's name, else the most frequent spelling (ties: not all capitals, then A-Z)."""
    if key in canon:
        return canon[key].name
    return min(spellings, key=lambda s: (-spellings[s], s.isupper(), s))


def _check_collisions(entries: tuple[Entry, ...], pages: tuple[StaticPage, ...],
                      terms: dict[str, tuple[Term, ...]], config: SiteConfig,
                      report: Report) -> None:
    claims: dict[str, list[str]] = defaultdict(list)
    for entry in entries:
        claims[entry.url].append(entry.article.path)
    for page in pages:
        claims[page.url].append(page.page.path)
    reserved = {f"/{t.key}/" for t in config.taxonomies} | {"/archive/", "/search/", "/page/"}
    for url in reserved:
        if url in claims:
            claims[url].append(f"the generated page {url}")
    for url, sources in sorted(claims.items()):
        if len(sources) > 1:
            first, *others = sources
            report.error(first, 1, f"{url} is also the URL of {', '.join(others)}")
            for other in others:
                if not other.startswith("the generated"):
                    report.error(other, 1, f"{url} is also the URL of {first}")


def resolve_link(source_path: str, href: str, targets: dict[str, str]) -> str | None:
    """The URL (with fragment) of a relative `.md` link written in `source_path`."""
    parts = urlsplit(href)
    joined = PurePosixPath(source_path).parent / unquote(parts.path)
    normal: list[str] = []
    for part in joined.parts:
        if part == "..":
            if not normal:
                return None
            normal.pop()
        elif part != ".":
            normal.append(part)
    url = targets.get("/".join(normal))
    if url is None:
        return None
    return url + (f"#{parts.fragment}" if parts.fragment else "")


def _citations(entries: tuple[Entry, ...], pages: tuple[StaticPage, ...],
               targets: dict[str, str], report: Report) -> dict[int, tuple[int, ...]]:
    index_of = {e.url: i for i, e in enumerate(entries)}
    cited: dict[int, list[int]] = defaultdict(list)
    sources = [(i, e.article.path, e.article.body_line, e.rendered)
               for i, e in enumerate(entries)]
    sources += [(-1, p.page.path, p.page.body_line, p.rendered) for p in pages]
    for i, path, body_line, rendered in sources:
        for href, line in zip(rendered.links, rendered.link_lines, strict=True):
            url = resolve_link(path, href, targets)
            if url is None:
                report.error(path, body_line + line, f"link to {href} finds no article or page")
                continue
            target = index_of.get(url.split("#")[0])
            if target is not None and i >= 0 and target != i and i not in cited[target]:
                cited[target].append(i)
    return {t: tuple(sorted(c)) for t, c in cited.items()}


def _related(entries: tuple[Entry, ...], memo: dict[str, tuple[str, tuple[str, ...]]],
             jobs: int = 1) -> dict[int, tuple[int, ...]]:
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
    recomputations (a first build) are shared among `jobs` forked workers.
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
        known = memo.get(paths[i])
        if known is not None and known[0] == digest:
            result[i] = tuple(index_of[path] for path in known[1])
        else:
            missing.append(i)
    tasks = [partial(_nearest, i, terms_of[i], postings, term_sets, signatures)
             for i in missing]
    answers = in_workers(tasks, jobs, RELATED_CHUNK, minimum=RELATED_PARALLEL_MINIMUM)
    for i, answer in zip(missing, answers, strict=True):
        result[i] = answer
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


def _signatures(entries: tuple[Entry, ...]) -> OnDemand[frozenset[str]]:
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


RELATED_PARALLEL_MINIMUM = 500  # lists to work out: below this, workers cost more
RELATED_CHUNK = 250
SPECIFIC_TERM_LIMIT = 100
FILL_DEPTH = RELATED_COUNT * 4  # newest members of a broad term that may fill a short list


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


def more_by_authors(graph: SiteGraph, i: int, count: int = MORE_BY_COUNT) -> list[
        tuple[TermLink, tuple[int, ...]]]:
    """For each author of entry `i`: their newest other articles, at most `count`."""
    result = []
    for link in graph.entries[i].links("authors"):
        term = graph.term("authors", link.name)
        others = tuple(islice((j for j in (term.entries if term else ()) if j != i), count))
        if others:
            result.append((link, others))
    return result


def article_datetime(entry: Entry, config: SiteConfig) -> datetime:
    return entry.article.date.astimezone(config.zone)
