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
    # A researcher's keys (DESIGN.md): a stable identifier, the articles this one answers
    # (`.md` paths as written, checked when the site is linked, with the key's line) and
    # its place in a series.
    id: str = ""
    responds_to: tuple[str, ...] = ()
    series: str = ""
    part: int | None = None
    key_lines: tuple[tuple[str, int], ...] = ()  # the lines of those keys, for messages

    def line(self, key: str) -> int:
        """The line of a researcher's key (`id`, `responds_to`, `series`, `part`)."""
        return next((n for k, n in self.key_lines if k == key), 1)
    # Where the article is published besides `permalink` (issue 15, migrations):
    url: str = ""  # its whole path, overriding the permalink: "/2019/05/a-title/"
    aliases: tuple[str, ...] = ()  # old URLs, each a redirect page: "/old/path/"
    url_line: int = 1  # the line of the key its URL comes from: url, slug or title
    aliases_line: int = 1
    # Relative links and images in the body other than `.md` links (href as written, its
    # line in the file): each must name a file the site publishes, such as a bundle's.
    references: tuple[tuple[str, int], ...] = ()


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
    "id", "responds_to", "series", "part",
    "url", "aliases",
)
RESEARCH_KEYS = ("id", "responds_to", "series", "part")
PROFILE_KEYS = ("name", "aliases")
PAGE_KEYS = ("title", "slug", "weight", "menu")


