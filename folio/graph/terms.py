"""Names → terms: spellings merged case-insensitively and through profile aliases, each term
with its display name, slug, URL and members.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from folio.config import SiteConfig
from folio.content.model import Article, TermProfile
from folio.graph.model import Term, TermLink, TermLinks, term_key
from folio.problems import Report
from folio.urls import slugify


def merge_terms(
    ordered: Sequence[Article],
    profiles: Iterable[tuple[TermProfile, str]],
    config: SiteConfig,
    report: Report,
) -> tuple[dict[str, tuple[Term, ...]], list[TermLinks]]:
    """Merge spellings into terms: case-insensitively and through profile aliases.
    Returns the terms of each taxonomy, A-Z, and each article's links to its terms."""
    by_taxonomy: dict[str, list[TermProfile]] = defaultdict(list)
    profile_html: dict[str, str] = {}
    for profile, html in profiles:
        by_taxonomy[profile.taxonomy].append(profile)
        profile_html[profile.path] = html

    result: dict[str, tuple[Term, ...]] = {}
    term_links: dict[tuple[str, str], TermLink] = {}
    names_of: dict[str, list[tuple[str, ...]]] = {t.key: [] for t in config.taxonomies}
    for article in ordered:  # each article's names, by taxonomy
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


