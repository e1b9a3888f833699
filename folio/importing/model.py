"""What every reader produces: a `SeedArticle`, plain frozen data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    """Where the article was first published."""

    name: str
    url: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class AuthorBio:
    name: str
    text: str


@dataclass(frozen=True, order=True)
class Removed:
    """A line of the seed left out as boilerplate: `import -v` lists them."""

    line: int
    text: str


@dataclass(frozen=True)
class SeedArticle:
    title: str
    authors: tuple[str, ...]
    date: dt.date
    body: str
    subtitle: str | None = None
    publication: str | None = None
    regions: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    reports: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    summary: str | None = None
    source: Source | None = None
    image_caption: str | None = None
    copyright: str | None = None
    bios: tuple[AuthorBio, ...] = ()
    removed: tuple[Removed, ...] = ()
