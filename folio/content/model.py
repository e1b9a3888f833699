"""What a content file holds, as plain frozen values: `Article`, `TermProfile`, `Page`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Source:
    name: str = ""
    url: str = ""
    note: str = ""


@dataclass(frozen=True)
class Image:
    src: str = ""
    alt: str = ""
    caption: str = ""
    credit: str = ""  # who made it: "Photo: Jane Doe / Agency"
    width: int | None = None  # its size in pixels, when known: the page keeps its room
    height: int | None = None


@dataclass(frozen=True)
class Correction:
    """A note on a change to a published article, shown with its date."""

    date: datetime
    text: str


@dataclass(frozen=True)
class Article:
    path: str  # display path, e.g. content/articles/a-title.md
    slug: str
    title: str
    date: datetime  # aware, in the site's zone unless it carried its own
    authors: tuple[str, ...]
    terms: tuple[tuple[str, tuple[str, ...]], ...]  # (taxonomy key, names) in config order
    body: str
    body_line: int
    subtitle: str = ""
    updated: datetime | None = None
    summary: str = ""
    publication: str = ""
    source: Source | None = None
    image: Image | None = None
    copyright: str = ""
    draft: bool = False
    lang: str = ""
    corrections: tuple[Correction, ...] = ()  # oldest first
    extra: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True)
class TermProfile:
    path: str
    taxonomy: str
    slug: str  # from the file name
    name: str
    aliases: tuple[str, ...]
    body: str
    body_line: int
    extra: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True)
class Page:
    path: str
    slug: str
    title: str
    body: str
    body_line: int
    weight: int = 0  # order in the navigation, then by title
    menu: bool = True
    extra: tuple[tuple[str, Any], ...] = field(default=())


ARTICLE_KEYS = (
    "title", "subtitle", "date", "updated", "authors", "author", "summary", "slug",
    "publication", "source", "image", "copyright", "draft", "lang", "corrections",
)
PROFILE_KEYS = ("name", "aliases")
PAGE_KEYS = ("title", "slug", "weight", "menu")


