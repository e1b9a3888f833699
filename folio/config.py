"""`site.toml` → a frozen `SiteConfig`.

Strict like Zola's: an unknown key or a value of the wrong type is an error naming its line,
so a typo never silently falls back to a default.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from folio.problems import Report

PERMALINK_FIELDS = ("slug", "year", "month", "day")
# Folders of the site that Folio's own pages and files use: no taxonomy may take them.
RESERVED_FOLDERS = frozenset({"archive", "search", "page", "static", "pagefind", "data",
                              "series", "articles"})


@dataclass(frozen=True)
class Taxonomy:
    key: str  # the front-matter key and the URL folder: "authors"
    title: str  # "Authors"
    singular: str  # "Author"


DEFAULT_TAXONOMIES = (
    Taxonomy("authors", "Authors", "Author"),
    Taxonomy("themes", "Themes", "Theme"),
    Taxonomy("regions", "Regions", "Region"),
    Taxonomy("reports", "In-depth Reports", "In-depth Report"),
    Taxonomy("tags", "Tags", "Tag"),
)


@dataclass(frozen=True)
class SiteConfig:
    title: str = "Folio"
    description: str = "An archive of commentary and analysis."
    base_url: str = ""  # absolute, e.g. "https://example.org/archive/"; needed for feeds
    language: str = "en"
    timezone: str = "UTC"
    permalink: str = "/articles/{slug}/"
    per_page: int = 10  # entries on each home page
    term_per_page: int = 20  # entries on each term page
    feed_entries: int = 20
    feed_content: str = "full"  # "full" or "summary", for /feed.xml and /feed.json
    term_feed_content: str = "summary"  # the same for each author's, theme's... feed.xml
    search: bool = True  # build the Pagefind full-text index and the /search/ page
    summary_length: int = 300  # characters of the first paragraph when no summary is given
    trust_html: bool = False  # pass raw HTML in Markdown through without sanitizing
    default_author: str = ""  # the author `new` writes when no --author is given
    taxonomies: tuple[Taxonomy, ...] = DEFAULT_TAXONOMIES
    extra: tuple[tuple[str, Any], ...] = field(default=())  # [extra] table, for templates

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def taxonomy(self, key: str) -> Taxonomy | None:
        return next((t for t in self.taxonomies if t.key == key), None)

    @property
    def extra_dict(self) -> dict[str, Any]:
        return dict(self.extra)


_SCALARS = {f.name: f for f in fields(SiteConfig) if f.name not in ("taxonomies", "extra")}
_CHOICES = {"feed_content": ("full", "summary"), "term_feed_content": ("full", "summary")}
_MINIMUMS = {"per_page": 1, "term_per_page": 1, "feed_entries": 1, "summary_length": 20}


def _key_line(text: str, key: str, section: str | None = None) -> int:
    """The line where `key` is set (inside `[section]` when given), or 1 if not found."""
    start = 0
    lines = text.splitlines()
    if section:
        header = re.compile(rf"^\s*\[\s*{re.escape(section)}(\s*\.|\s*\])")
        start = next((i for i, ln in enumerate(lines) if header.match(ln)), 0)
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*=|^\s*\[\s*{re.escape(key)}\s*[\].]")
    for number, line in enumerate(lines[start:], start + 1):
        if pattern.match(line):
            return number
    return start + 1 if section else 1


def _type_name(kind: Any) -> str:
    return {"str": "a string", "int": "a whole number", "bool": "true or false"}.get(
        str(kind), str(kind)
    )


def parse_config(text: str, path: str, report: Report) -> SiteConfig:
    """Parse site.toml text; problems go to `report` and the defaults stand in for them."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        report.error(path, int(match.group(1)) if match else 1, f"invalid TOML: {exc}")
        return SiteConfig()

    values: dict[str, Any] = {}
    for key, value in data.items():
        line = _key_line(text, key)
        if key == "taxonomies":
            taxonomies = _parse_taxonomies(value, text, path, report)
            if taxonomies is not None:
                values["taxonomies"] = taxonomies
            continue
        if key == "extra":
            if isinstance(value, dict):
                values["extra"] = tuple(sorted(value.items()))
            else:
                report.error(path, line, "'extra' must be a table")
            continue
        spec = _SCALARS.get(key)
        if spec is None:
            known = ", ".join(sorted([*_SCALARS, "taxonomies", "extra"]))
            report.error(path, line, f"unknown key '{key}' (known keys: {known})")
            continue
        kind = spec.type if isinstance(spec.type, str) else spec.type.__name__
        expected = {"str": str, "int": int, "bool": bool}[kind]
        if type(value) is not expected:
            report.error(path, line, f"'{key}' must be {_type_name(kind)}, not {value!r}")
            continue
        if key in _CHOICES and value not in _CHOICES[key]:
            choices = " or ".join(repr(c) for c in _CHOICES[key])
            report.error(path, line, f"'{key}' must be {choices}, not {value!r}")
            continue
        if key in _MINIMUMS and isinstance(value, int) and value < _MINIMUMS[key]:
            report.error(path, line, f"'{key}' must be at least {_MINIMUMS[key]}")
            continue
        values[key] = value

    return _check_values(replace(SiteConfig(), **values), text, path, report)


_BASE_URL = re.compile(
    r"https?://(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*"
    r"[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?(?:/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*)?")


def base_url_problem(value: str) -> str | None:
    """Why `value` cannot be the site's base_url (None when it can, or when it is empty):
    the same rule for site.toml and --base-url. An absolute http(s) URL of a host and an
    optional path, no query, fragment, spaces, quotes or angle brackets."""
    if not value or _BASE_URL.fullmatch(value):
        return None
    return ("base_url must be an absolute http(s) URL such as https://example.org/archive/, "
            f"not {value!r}")


def _check_values(config: SiteConfig, text: str, path: str, report: Report) -> SiteConfig:
    """`config` with each value that fails its check reported and set to its default."""
    fixes: dict[str, Any] = {}
    try:
        ZoneInfo(config.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        report.error(path, _key_line(text, "timezone"), f"unknown timezone {config.timezone!r}")
        fixes["timezone"] = SiteConfig.timezone
    problem = base_url_problem(config.base_url)
    if problem:
        report.error(path, _key_line(text, "base_url"), problem)
        fixes["base_url"] = SiteConfig.base_url
    problem = permalink_problem(config.permalink)
    if problem:
        report.error(path, _key_line(text, "permalink"), problem)
        fixes["permalink"] = SiteConfig.permalink
    return replace(config, **fixes) if fixes else config


_FIELD = "|".join(PERMALINK_FIELDS)
_PERMALINK = re.compile(rf"/(?:(?:[A-Za-z0-9._~-]|\{{(?:{_FIELD})\}})+/)*")


def permalink_problem(permalink: str) -> str | None:
    """Why `permalink` is not a pattern Folio can use (None when it is): it starts and ends
    with '/', holds {slug}, and otherwise only letters, digits, `-._~` and the
    fields {year}, {month} and {day}, with no empty, `.` or `..` folder."""
    parts = permalink.split("/")[1:-1]
    if (_PERMALINK.fullmatch(permalink) and "{slug}" in permalink
            and not any(part in ("", ".", "..") for part in parts)):
        return None
    return ("permalink must start and end with '/', contain {slug} and otherwise only "
            "letters, digits, '-', '.', '_', '~' and "
            f"{{{'}, {'.join(PERMALINK_FIELDS)}}}: {permalink!r}")


def _parse_taxonomies(
    value: Any, text: str, path: str, report: Report
) -> tuple[Taxonomy, ...] | None:
    line = _key_line(text, "taxonomies")
    if not isinstance(value, dict) or not value:
        report.error(path, line, "'taxonomies' must be a table such as "
                     "[taxonomies.authors] with title and singular")
        return None
    result = []
    for key, spec in value.items():
        key_line = _taxonomy_line(text, key)
        if not re.fullmatch(r"[a-z][a-z0-9_]*", key):
            report.error(path, key_line, f"taxonomy name {key!r} must be lower-case letters")
            continue
        if key in RESERVED_FOLDERS:
            report.error(path, key_line, f"taxonomy name {key!r} is the folder of the archive's "
                         f"own /{key}/ pages; choose another name")
            continue
        if not isinstance(spec, dict):
            report.error(path, key_line,
                         f"taxonomy '{key}' must be a table with title and singular")
            continue
        unknown = set(spec) - {"title", "singular"}
        if unknown:
            report.error(path, key_line,
                         f"unknown key '{sorted(unknown)[0]}' in taxonomy '{key}' "
                         "(known keys: singular, title)")
        default = next((t for t in DEFAULT_TAXONOMIES if t.key == key), None)
        title = spec.get("title", default.title if default else key.replace("_", " ").title())
        singular = spec.get("singular", default.singular if default else title)
        if not isinstance(title, str) or not isinstance(singular, str):
            report.error(path, key_line, f"taxonomy '{key}': title and singular must be strings")
            continue
        result.append(Taxonomy(key, title, singular))
    return tuple(result)


def _taxonomy_line(text: str, key: str) -> int:
    header = re.compile(rf"^\s*\[\s*taxonomies\s*\.\s*{re.escape(key)}\s*\]")
    for number, line in enumerate(text.splitlines(), 1):
        if header.match(line):
            return number
    return _key_line(text, key, "taxonomies")


def load_config(path: Path, report: Report) -> SiteConfig:
    """Read site.toml; a missing file means every default."""
    if not path.exists():
        return SiteConfig()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        report.error(path, 1, f"cannot read site configuration: {exc}")
        return SiteConfig()
    return parse_config(text, report._path(path), report)
