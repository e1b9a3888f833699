"""Slugs, permalinks and the relative links between pages.

A page's URL is site-rooted and ends in `/` for pretty pages (`/articles/a-title/`) or names a
file (`/feed.xml`). Links written into HTML are always relative to the page that holds them,
so the output works at a domain root, under a subpath and opened from disk.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from slugify import slugify as _slugify

SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")  # what `slugify` makes
# What a slug may hold: the characters a URL carries as they are (RFC 3986's unreserved:
# letters of either case, digits, `-`, `_`, `.`, `~`; letters of other scripts too, which a
# URL carries percent-encoded), as archives migrated from other generators already publish
# them; never `/`, `..` or a leading dot, so a slug names one folder inside the site and
# never a hidden one.
_SLUG = re.compile(r"(?!\.)[\w.~-]+")
SLUG_RULE = ("may only hold letters, digits, '-', '_', '.' and '~' (no '/', no '..', "
             "no leading '.')")
_APOSTROPHES = re.compile("(?<=\\w)['\u2019\u02bc`](?=\\w)")


def slugify(text: str, fallback: str = "untitled") -> str:
    """A readable ASCII slug: transliterated, lower case, words joined by hyphens.

    Apostrophes inside words vanish ("Turkiye's" -> "turkiyes"). Text without a letter or
    digit (only punctuation, symbols or emoji: "!!!", "¢", "🙂"), or with nothing left once
    transliterated, gets `fallback`, itself slugified ("untitled" when that fails too).
    """
    slug = ""
    if any(c.isalnum() for c in text):
        slug = _slugify(_APOSTROPHES.sub("", text), max_length=80, word_boundary=True)
    if not slug and fallback != "untitled":
        slug = slugify(fallback)
    return slug or "untitled"


def is_slug(text: str) -> bool:
    """Whether `text` may name a page's folder: see `SLUG_RULE`."""
    return _SLUG.fullmatch(text) is not None and ".." not in text


def url_problem(url: str) -> str | None:
    """Why `url` cannot be an article's whole path (`url:`), or None when it can: it starts
    and ends with `/` and each folder is a slug (`is_slug`)."""
    parts = url.split("/")
    if len(url) < 2 or not url.startswith("/") or not url.endswith("/"):
        return f"url {url!r} must start and end with '/', e.g. '/2019/05/a-title/'"
    bad = next((part for part in parts[1:-1] if not is_slug(part)), None)
    if bad is not None:
        return f"url {url!r}: each folder {SLUG_RULE}, not {bad!r}"
    return None


ALIAS_FILES = (".html", ".htm")


def alias_url(text: str) -> str | None:
    """The site-rooted URL of an old address (`aliases:`), or None when it cannot be
    published: `old/path`, `/old/path` and `/old/path/` are the folder `/old/path/`;
    `/2019/05/a-title.html` is that file. Each part is a slug (`is_slug`)."""
    url = text.strip()
    if not url.startswith("/"):
        url = "/" + url
    if not url.endswith("/") and not url.lower().endswith(ALIAS_FILES):
        url += "/"
    parts = url.split("/")[1:]
    parts = parts[:-1] if url.endswith("/") else parts
    if not parts or not all(is_slug(part) for part in parts):
        return None
    return url


SAFE_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def is_safe_url(url: str) -> bool:
    """Whether `url` may be written into an `href` or `src`: relative, or http(s)/mailto.

    A browser drops control characters, tabs and newlines before reading the scheme, so
    `java\tscript:` and `\x01javascript:` are refused like `javascript:` and `data:`.
    """
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in url):
        return False
    scheme = _SCHEME.match(url.strip())
    return scheme is None or scheme.group(1).lower() in SAFE_SCHEMES


def output_path(url: str) -> str:
    """The file that serves `url`, relative to the output folder.

    `/articles/x/` -> `articles/x/index.html`; `/feed.xml` -> `feed.xml`; `/` -> `index.html`.
    Raises ValueError for a URL that would leave the output folder.
    """
    if not url.startswith("/"):
        raise ValueError(f"URL must start with '/': {url!r}")
    parts = [p for p in url.split("/") if p]
    if any(p in (".", "..") or "\\" in p for p in parts):
        raise ValueError(f"URL leaves the site: {url!r}")
    if url.endswith("/"):
        parts.append("index.html")
    return "/".join(parts)


@lru_cache(maxsize=64)  # a page asks for dozens of links from the same place
def _folders(url: str) -> tuple[str, ...]:
    """The folders of a page: "/a/b/" -> ["a", "b"]; "/a/feed.xml" -> ["a"]."""
    return tuple(url.split("/")[1:-1])


_PLAIN_URL = re.compile(r"[A-Za-z0-9/._~:?=&+,;!$@()*'-]*(#[A-Za-z0-9/._~:?=&+,;!$@()*'-]*)?")
_URL_SAFE = "/:?=&+,;!$@()*'~%"  # RFC 3986 reserved and unreserved characters, and escapes
_STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def safe_url(url: str) -> str:
    """`url` with every character a URL may not hold percent-encoded: quotes, `<`, `>`,
    spaces, control characters, non-ASCII letters, a second `#`, a `%` that starts no
    escape. Every URL Folio writes into a page, a feed or the sitemap passes through here,
    so no value can close the attribute or element that holds it."""
    if _PLAIN_URL.fullmatch(url):
        return url  # the common case: a URL Folio made from slugs
    head, hash_, fragment = url.partition("#")
    encoded = quote(_STRAY_PERCENT.sub("%25", head), safe=_URL_SAFE)
    if hash_:
        encoded += "#" + quote(_STRAY_PERCENT.sub("%25", fragment), safe=_URL_SAFE)
    return encoded


def relative_url(from_url: str, to_url: str) -> str:
    """The relative link from the page at `from_url` to `to_url` (both site-rooted), made
    safe to write into HTML (`safe_url`).

    Links to a folder keep their trailing slash; a link to the page itself is `./`
    (or the file name), never empty.
    """
    here = _folders(from_url)
    there = to_url.split("/")[1:]  # "/a/c/" -> ["a", "c", ""]; "/feed.xml" -> ["feed.xml"]
    common = 0
    limit = min(len(here), len(there) - 1)
    while common < limit and here[common] == there[common]:
        common += 1
    rel = "../" * (len(here) - common) + "/".join(there[common:])
    if ":" in rel.split("/", 1)[0]:  # "a:b/" would read as a URL scheme
        rel = "./" + rel
    return safe_url(rel or "./")


def absolute_url(base_url: str, url: str) -> str:
    """`url` (site-rooted) under `base_url`, or site-rooted as it is when there is none;
    made safe like every URL Folio writes (`safe_url`)."""
    base = base_url.rstrip("/")
    return safe_url(base + url if base else url)


def join_inside(root: Path, relative: str) -> Path:
    """`root / relative`, refusing any path that would resolve outside `root`."""
    candidate = PurePosixPath(relative)
    if candidate.is_absolute() or ".." in candidate.parts:
        raise ValueError(f"path leaves {root}: {relative!r}")
    path = (root / candidate).resolve()
    if not path.is_relative_to(root.resolve()):
        raise ValueError(f"path leaves {root}: {relative!r}")
    return path
