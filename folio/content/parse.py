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
    Article,
    Image,
    Page,
    Source,
    TermProfile,
)
from folio.problems import Report
from folio.urls import is_slug, slugify


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
        report.error(path, _closing_line(text),
                     "the article has no text after its front matter")
        f.errors += 1
    slug = f.text("slug")
    if slug and not is_slug(slug):
        f.error("slug", f"slug {slug!r} may only hold lower-case letters, digits and single "
                f"hyphens, e.g. {slugify(slug)!r}")
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
    )
    return article if f.ok else None


def _closing_line(text: str) -> int:
    """The line of the `---` that closes the front matter."""
    lines = text.split("\n")
    return next((n for n, line in enumerate(lines[1:], 2) if line.rstrip() == "---"), 1)


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
        report.error(path, 1, f"the file name {slug!r} is the term's URL slug and may only "
                     f"hold lower-case letters, digits and single hyphens; rename the file "
                     f"{slugify(slug, fallback=taxonomy)!r}.md")
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
        f.error("slug", f"slug {slug!r} may only hold lower-case letters, digits and hyphens")
    page = Page(path, slug, title, doc.body, doc.body_line, f.integer("weight", 0),
                f.boolean("menu") if "menu" in f.meta else True, f.extra(PAGE_KEYS))
    return page if f.ok else None
