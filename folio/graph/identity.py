"""An article's stable identifier: what feeds, JSON-LD and the data export know it by.

It comes from the article's `id` (which `import` and `new` write into the front matter), so
a new slug, title or date keeps the article's identity. The identifier is always an IRI,
as Atom ids and JSON-LD `@id` must be:

- a UUID, bare or as `urn:uuid:…`, becomes `urn:uuid:<lower-case UUID>`;
- any other value with a URI scheme (`tag:…`, `https://…`, `doi:…`) is used as it is;
- any other word becomes a name-based UUID of it (`urn:uuid:…`, the same on every build).

An article without an `id` gets a name-based UUID of its file's path below content/:
renaming or moving the file then changes its identity (`import` and `new` write ids).
Two articles may not share an identifier: each is an error naming the other.
"""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache

from folio.content.model import Article
from folio.problems import Report

# Folio's namespace for name-based UUIDs (itself the UUID5 of its name in the URL space).
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://folio.invalid/article-id")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S")


@lru_cache(maxsize=1 << 16)
def normalise(value: str) -> str:
    """The identifier an `id` value stands for (see the module's docstring)."""
    try:
        return f"urn:uuid:{uuid.UUID(value)}"
    except ValueError:
        pass
    if _SCHEME.match(value):
        return value
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, 'id:' + value)}"


@lru_cache(maxsize=1 << 16)
def from_path(path: str) -> str:
    """The identifier of an article without an `id`: from its path below content/."""
    parts = path.split("/")
    at = max((n for n, part in enumerate(parts[:-1]) if part == "articles"), default=None)
    below = "/".join(parts[at:]) if at is not None else path  # the content folder's own
    # place (`--content`) does not count
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, 'path:' + below)}"


def identifier(article: Article) -> str:
    return normalise(article.id) if article.id else from_path(article.path)


def new_id() -> str:
    """An id for a new article (`new`): random, so no two sites' articles share one."""
    return f"urn:uuid:{uuid.uuid4()}"


def seed_id(*names: str) -> str:
    """An id for an imported article, from what names its source (its URL, else its title
    and date): importing the same seed again gives the same id."""
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, 'seed:' + chr(31).join(names))}"


def check_unique(articles: Sequence[Article], report: Report) -> None:
    """Each identifier held by more than one article is an error in every file holding it."""
    holders: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        holders[identifier(article)].append(article)
    for found, group in holders.items():
        for article in group if len(group) > 1 else ():
            others = ", ".join(a.path for a in group if a is not article)
            report.error(article.path, article.line("id"),
                         f"id {found} is also the id of {others}; each article needs its "
                         "own: give one of them a new id, or delete its 'id' line")
