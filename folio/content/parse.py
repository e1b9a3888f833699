"""Content files → `Article`, `TermProfile` and `Page`, with the schema checks of DESIGN.md.

`parse_*` take text and a display path and do all the work; nothing here reads a file.
Every problem is added to the report with the line of the offending key.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from folio.config import SiteConfig
from folio.content.fields import Fields, warn_typos, warn_unknown_taxonomies
from folio.content.frontmatter import Document, FrontMatterError, split_document
from folio.content.model import (
    ARTICLE_KEYS,
    PAGE_KEYS,
    PROFILE_KEYS,
    RESEARCH_KEYS,
    Article,
    Image,
    Page,
    Source,
    TermProfile,
)
from folio.problems import Report
from folio.urls import SLUG_RULE, alias_url, is_slug, slugify, url_problem


def _document(text: str, path: str, report: Report) -> Document | None:
    try:
        return split_document(text)
    except FrontMatterError as exc:
        report.error(path, exc.line, exc.message)
        return None


def parse_article(text: str, path: str, config: SiteConfig, report: Report) -> Article | None:
    doc = _document(text, path, report)
    if doc is None:
        return None
    f = Fields(doc, path, report)
    taxonomy_keys = tuple(t.key for t in config.taxonomies)
    known = ARTICLE_KEYS + taxonomy_keys
    warn_unknown_taxonomies(f, warn_typos(f, known), known)

    title = f.text("title", required=True)
    when = f.when("date", config.zone, required=True)
    updated = f.when("updated", config.zone)
    if "author" in f.meta and "authors" in f.meta:
        f.error("author", "use either 'author' or 'authors', not both")
    errors = f.errors
    authors = f.names("authors") if "author" not in f.meta else _one_name(f)
    if not authors and "authors" in taxonomy_keys and f.errors == errors:
        if "authors" in f.meta or "author" in f.meta:
            f.error("author" if "author" in f.meta else "authors",
                    "'authors' must name at least one author")
        else:
            f.error("authors", "missing required key 'authors' (a list of names)")
    terms = tuple(
        (key, authors if key == "authors" else f.names(key)) for key in taxonomy_keys
    )
    if not doc.body.strip():
        report.error(path, doc.closing_line,
                     "the article has no text after its front matter")
        f.errors += 1
    slug = f.text("slug")
    if slug and not is_slug(slug):
        f.error("slug", f"slug {slug!r} {SLUG_RULE}, e.g. {slugify(slug)!r}")
    url = f.text("url")
    if url and (problem := url_problem(url)):
        f.error("url", problem)
    article = Article(
        path=path,
        slug=slug or slugify(title or Path(path).stem),
        title=title,
        date=when or datetime(1970, 1, 1, tzinfo=config.zone),
        authors=authors,
        terms=terms,
        body=doc.body,
        body_line=doc.body_line,
        subtitle=f.text("subtitle"),
        updated=updated,
        summary=f.text("summary"),
        publication=f.text("publication"),
        source=f.mapping("source", Source, "name"),
        image=f.mapping("image", Image, "src"),
        copyright=f.text("copyright"),
        draft=f.boolean("draft"),
        lang=f.text("lang"),
        corrections=f.corrections("corrections", config.zone),
        extra=f.extra(known),
        id=f.identifier("id"),
        responds_to=f.paths("responds_to"),
        series=" ".join(f.text("series").split()),
        part=f.positive("part"),
        key_lines=tuple((k, f.line(k)) for k in RESEARCH_KEYS if k in f.meta),
        url=url,
        aliases=_aliases(f),
        url_line=f.line(next((k for k in ("url", "slug", "title") if k in f.meta), "title")),
        aliases_line=f.line("aliases"),
    )
    if article.part is not None and not article.series:
        f.error("part", "'part' numbers an article in a series: add 'series: Name'")
    return article if f.ok else None


def _aliases(f: Fields) -> tuple[str, ...]:
    """The old URLs of `aliases:`, site-rooted (a list of paths; one path is a list of one)."""
    value = f.meta.get("aliases")
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        f.error("aliases", "'aliases' must be a list of old paths, e.g. aliases: "
                "[/2019/05/old-title/, /old-title.html]")
        return ()
    urls: list[str] = []
    for item in items:
        url = alias_url(item)
        if url is None:
            f.error("aliases", f"alias {item!r} is not a path Folio can publish: each part "
                    f"{SLUG_RULE}; a file must end in .html")
        elif url not in urls:
            urls.append(url)
    return tuple(urls)


def _one_name(f: Fields) -> tuple[str, ...]:
    name = f.text("author")
    return (" ".join(name.split()),) if name else ()


def parse_profile(text: str, path: str, taxonomy: str, report: Report) -> TermProfile | None:
    doc = _document(text, path, report)
    if doc is None:
        return None
    f = Fields(doc, path, report)
    warn_typos(f, PROFILE_KEYS)
    name = f.text("name", required=True)
    aliases = f.names("aliases")
    slug = Path(path).stem  # the term's URL: checked like any slug
    if not is_slug(slug):
        report.error(path, 1, f"the file name {slug!r} is the term's URL slug and {SLUG_RULE}; "
                     f"rename it to {slugify(slug, fallback=taxonomy)}.md")
        f.errors += 1
    profile = TermProfile(path, taxonomy, slug, " ".join(name.split()), aliases,
                          doc.body, doc.body_line, f.extra(PROFILE_KEYS))
    return profile if f.ok else None


def parse_page(text: str, path: str, report: Report) -> Page | None:
    doc = _document(text, path, report)
    if doc is None:
        return None
    f = Fields(doc, path, report)
    warn_typos(f, PAGE_KEYS)
    title = f.text("title", required=True)
    slug = f.text("slug") or slugify(Path(path).stem)
    if not is_slug(slug):
        f.error("slug", f"slug {slug!r} {SLUG_RULE}")
    page = Page(path, slug, title, doc.body, doc.body_line, f.integer("weight", 0),
                f.boolean("menu") if "menu" in f.meta else True, f.extra(PAGE_KEYS))
    return page if f.ok else None
