"""Content files → `Article`, `TermProfile` and `Page`, with the schema checks of DESIGN.md.

`parse_*` take text and a display path and do all the work; `load_*` only read the file.
Every problem is added to the report with the line of the offending key.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from folio.config import SiteConfig
from folio.frontmatter_yaml import Document, FrontMatterError, split_document
from folio.problems import Report
from folio.urls import is_safe_url, is_slug, slugify

MAX_FILE_BYTES = 10 * 1024 * 1024


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
    "publication", "source", "image", "copyright", "draft", "lang",
)
PROFILE_KEYS = ("name", "aliases")
PAGE_KEYS = ("title", "slug", "weight", "menu")


def read_text(path: Path, display: str, report: Report) -> str | None:
    """The file as text: UTF-8 with or without BOM, any line ending; None after a problem."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        report.error(display, 1, f"cannot read file: {exc.strerror or exc}")
        return None
    return decode_text(data, display, report)


def decode_text(data: bytes, display: str, report: Report) -> str | None:
    """Content bytes as text with `\n` line ends; None (and a problem) when they are not."""
    if len(data) > MAX_FILE_BYTES:
        size = len(data) / 1024 / 1024
        report.error(display, 1, f"file is {size:.1f} MB; the limit is "
                     f"{MAX_FILE_BYTES // 1024 // 1024} MB")
        return None
    head = data[:8192]
    binary = b"\0" in head and (  # an image or a UTF-16 file, not text with a stray NUL
        len(_CONTROL_BYTES.findall(head)) > len(head) * 0.3 or not _decodes(head))
    if binary:
        report.error(display, 1, "binary file: content files must be UTF-8 text")
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        report.error(display, line, f"not UTF-8: byte 0x{data[exc.start]:02x} "
                     "cannot be decoded; save the file as UTF-8")
        return None
    return strip_controls(text.replace("\r\n", "\n").replace("\r", "\n"), display, report)


# Characters no XML or HTML document may hold (C0 controls but tab and line feed, DEL, and
# the two noncharacters U+FFFE and U+FFFF): removed on the way in, so every page, feed and
# JSON file stays well-formed whatever a file holds.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _decodes(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(head) - 3  # cut inside a character at the end is fine
    return True


def strip_controls(text: str, display: str, report: Report) -> str:
    """`text` without control characters; a warning says where the first one was."""
    found = _CONTROLS.search(text)
    if found is None:
        return text
    count = len(_CONTROLS.findall(text))
    line = text.count("\n", 0, found.start()) + 1
    report.warning(display, line, f"removed {count} control character{'s' if count > 1 else ''}"
                   f" (U+{ord(found.group()):04X} first) that no page or feed may hold")
    return _CONTROLS.sub("", text)


def _document(text: str, path: str, report: Report) -> Document | None:
    try:
        return split_document(text)
    except FrontMatterError as exc:
        report.error(path, exc.line, exc.message)
        return None


class _Fields:
    """Typed access to front-matter values that reports each wrong value with its line."""

    def __init__(self, doc: Document, path: str, report: Report) -> None:
        self.lines, self.path, self.report = doc.lines, path, report
        self.meta = {key: self._clean(key, value) for key, value in doc.meta.items()}
        self.errors = 0

    def _clean(self, key: str, value: Any) -> Any:
        """A value without the control characters a YAML escape (`"\\x1b"`) can put in."""
        if isinstance(value, str):
            if _CONTROLS.search(value) is None:
                return value
            self.report.warning(self.path, self.line(key), f"removed control characters from "
                                f"'{key}' that no page or feed may hold")
            return _CONTROLS.sub("", value)
        if isinstance(value, list):
            return [self._clean(key, item) for item in value]
        if isinstance(value, dict):
            return {self._clean(key, k): self._clean(key, v) for k, v in value.items()}
        return value

    @property
    def ok(self) -> bool:
        return self.errors == 0

    def line(self, key: str) -> int:
        return self.lines.get(key, 1)

    def error(self, key: str, message: str) -> None:
        self.errors += 1
        self.report.error(self.path, self.line(key), message)

    def text(self, key: str, required: bool = False) -> str:
        value = self.meta.get(key)
        if value is None:
            if required:
                self.error(key, f"missing required key '{key}'")
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.error(key, f"'{key}' must be a string, not {_kind(value)}")
            return ""
        value = str(value).strip()
        if required and not value:
            self.error(key, f"'{key}' must not be empty")
        return value

    def names(self, key: str) -> tuple[str, ...]:
        value = self.meta.get(key)
        if value is None:
            return ()
        if not isinstance(value, list):
            example = value if isinstance(value, str) and value.strip() else "First, Second"
            self.error(key, f"'{key}' must be a list of names, e.g. {key}: [{example}], "
                       f"not {_kind(value)}")
            return ()
        names = []
        for item in value:
            if isinstance(item, bool) or not isinstance(item, str | int | float):
                self.error(key, f"'{key}' items must be names, not {_kind(item)}")
                return ()
            name = " ".join(str(item).split())
            if name and name not in names:
                names.append(name)
        return tuple(names)

    def boolean(self, key: str) -> bool:
        value = self.meta.get(key, False)
        if not isinstance(value, bool):
            self.error(key, f"'{key}' must be true or false, not {value!r}")
            return False
        return value

    def integer(self, key: str, default: int) -> int:
        value = self.meta.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(key, f"'{key}' must be a whole number, not {value!r}")
            return default
        return value

    def when(self, key: str, zone: ZoneInfo, required: bool = False) -> datetime | None:
        value = self.meta.get(key)
        if value is None:
            if required:
                self.error(key, f"missing required key '{key}'")
            return None
        parsed = parse_datetime(value, zone)
        if isinstance(parsed, str):
            self.error(key, f"'{key}': {parsed}")
            return None
        return parsed

    def mapping(self, key: str, cls: type[Any], shorthand: str) -> Any:
        value = self.meta.get(key)
        if value is None:
            return None
        if isinstance(value, str):
            return self._safe(key, cls(**{shorthand: value.strip()}))
        allowed = sorted(cls.__dataclass_fields__)
        if not isinstance(value, dict):
            self.error(key, f"'{key}' must be a mapping with {', '.join(allowed)}")
            return None
        unknown = sorted(set(map(str, value)) - set(allowed))
        if unknown:
            self.error(key, f"unknown key '{unknown[0]}' in '{key}' "
                       f"(known keys: {', '.join(allowed)})")
            return None
        for name, item in value.items():
            if not isinstance(item, str):
                self.error(key, f"'{key}.{name}' must be a string, not {_kind(item)}")
                return None
        return self._safe(key, cls(**{k: v.strip() for k, v in value.items()}))

    def _safe(self, key: str, value: Any) -> Any:
        """`value` unless its `url` or `src` could run script (`javascript:`, `data:`)."""
        for name in ("url", "src"):
            link = getattr(value, name, "")
            if link and not is_safe_url(link):
                self.error(key, f"'{key}.{name}' must be an http(s) or relative URL, "
                           f"not {link!r}")
                return None
        return value

    def extra(self, known: tuple[str, ...]) -> tuple[tuple[str, Any], ...]:
        return tuple(sorted((k, v) for k, v in self.meta.items() if k not in known))


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "nothing"
    return repr(value)


_DATE_FORMAT = "use ISO 8601, e.g. 2024-11-20 or 2024-11-20T09:30:00+01:00"


def parse_datetime(value: Any, zone: ZoneInfo) -> datetime | str:
    """An aware datetime from a YAML value, or a message saying what is wrong."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time())
    elif isinstance(value, str):
        text = value.strip()
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?", text):
            return f"{value!r} is not a date; {_DATE_FORMAT}"
        try:
            moment = datetime.fromisoformat(text)
        except ValueError as exc:
            return f"{value!r} is not a valid date ({exc})"
    else:
        return f"{value!r} is not a date; {_DATE_FORMAT}"
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment


def _warn_typos(fields: _Fields, known: tuple[str, ...]) -> set[str]:
    """Warn of keys that look like misspelt known ones; the keys warned of."""
    canonical = {k.lower(): k for k in known}
    warned = set()
    for key in fields.meta:
        if key in known:
            continue
        guess = canonical.get(key.lower()) or canonical.get(key.lower() + "s")
        if guess is None:
            close = difflib.get_close_matches(key.lower(), list(canonical), n=1, cutoff=0.8)
            guess = canonical[close[0]] if close else None
        if guess:
            warned.add(key)
            fields.report.warning(fields.path, fields.line(key),
                                  f"unknown key '{key}': did you mean '{guess}'?")
    return warned


def _warn_unknown_taxonomies(fields: _Fields, skip: set[str], known: tuple[str, ...]) -> None:
    """An unknown key holding a list of names was most likely meant as a taxonomy."""
    for key, value in fields.meta.items():
        if key in known or key in skip or not isinstance(value, list) or not value:
            continue
        if all(isinstance(item, str) for item in value):
            fields.report.warning(
                fields.path, fields.line(key),
                f"'{key}' is not a taxonomy in site.toml, so its names get no pages; "
                f"add [taxonomies.{key}] to site.toml to make it one")


def parse_article(text: str, path: str, config: SiteConfig, report: Report) -> Article | None:
    doc = _document(text, path, report)
    if doc is None:
        return None
    f = _Fields(doc, path, report)
    taxonomy_keys = tuple(t.key for t in config.taxonomies)
    known = ARTICLE_KEYS + taxonomy_keys
    _warn_unknown_taxonomies(f, _warn_typos(f, known), known)

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
        extra=f.extra(known),
    )
    return article if f.ok else None


def _closing_line(text: str) -> int:
    """The line of the `---` that closes the front matter."""
    lines = text.split("\n")
    return next((n for n, line in enumerate(lines[1:], 2) if line.rstrip() == "---"), 1)


def _one_name(f: _Fields) -> tuple[str, ...]:
    name = f.text("author")
    return (" ".join(name.split()),) if name else ()


def parse_profile(text: str, path: str, taxonomy: str, report: Report) -> TermProfile | None:
    doc = _document(text, path, report)
    if doc is None:
        return None
    f = _Fields(doc, path, report)
    _warn_typos(f, PROFILE_KEYS)
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
    f = _Fields(doc, path, report)
    _warn_typos(f, PAGE_KEYS)
    title = f.text("title", required=True)
    slug = f.text("slug") or slugify(Path(path).stem)
    if not is_slug(slug):
        f.error("slug", f"slug {slug!r} may only hold lower-case letters, digits and hyphens")
    page = Page(path, slug, title, doc.body, doc.body_line, f.integer("weight", 0),
                f.boolean("menu") if "menu" in f.meta else True, f.extra(PAGE_KEYS))
    return page if f.ok else None
