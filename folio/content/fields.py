"""Typed access to front-matter values: each wrong value is reported with its key's line."""

from __future__ import annotations

import dataclasses
import difflib
import re
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from folio.content.frontmatter import Document
from folio.content.model import Correction
from folio.content.text import CONTROLS
from folio.problems import Report
from folio.urls import is_safe_url

MAX_NAMES = 100  # names an article may list in one taxonomy: each is a page and a feed


class Fields:
    """Typed access to front-matter values that reports each wrong value with its line."""

    def __init__(self, doc: Document, path: str, report: Report) -> None:
        self.lines, self.path, self.report = doc.lines, path, report
        self.meta = {key: self._clean(key, value) for key, value in doc.meta.items()}
        self.errors = 0

    def _clean(self, key: str, value: Any) -> Any:
        """A value without the control characters a YAML escape (`"\\x1b"`) can put in."""
        if isinstance(value, str):
            if CONTROLS.search(value) is None:
                return value
            self.report.warning(self.path, self.line(key), f"removed control characters from "
                                f"'{key}' that no page or feed may hold")
            return CONTROLS.sub("", value)
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
        if len(value) > MAX_NAMES:
            self.error(key, f"'{key}' lists {len(value):,} names; an article may list at most "
                       f"{MAX_NAMES} in one taxonomy")
            return ()
        names: dict[str, None] = {}  # in order, each once
        for item in value:
            if isinstance(item, bool) or not isinstance(item, str | int | float):
                self.error(key, f"'{key}' items must be names, not {_kind(item)}")
                return ()
            name = " ".join(str(item).split())
            if name:
                names.setdefault(name)
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

    def identifier(self, key: str) -> str:
        """A stable identifier: one word of printable characters (a UUID, a URN, a URL)."""
        value = self.meta.get(key)
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int):
            self.error(key, f"'{key}' must be a string such as a UUID, not {_kind(value)}")
            return ""
        text = str(value).strip()
        if not _IDENTIFIER.fullmatch(text):
            self.error(key, f"'{key}' must be one word of at most 200 printable characters "
                       f"(no spaces, quotes or angle brackets), such as a UUID; not {text!r}")
            return ""
        return text

    def paths(self, key: str) -> tuple[str, ...]:
        """Content files named by relative paths ending in `.md` (one, or a list)."""
        value = self.meta.get(key)
        if value is None:
            return ()
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            self.error(key, f"'{key}' must be a list of .md paths, e.g. {key}: "
                       f"[other-article.md], not {_kind(value)}")
            return ()
        paths: list[str] = []
        for item in (i.strip() for i in items):
            if not item.split("#")[0].endswith(".md"):
                self.error(key, f"'{key}' items must be paths of articles ending in .md "
                           f"(as in a link), not {item!r}")
                return ()
            if item not in paths:
                paths.append(item)
        return tuple(paths)

    def positive(self, key: str) -> int | None:
        value = self.meta.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.error(key, f"'{key}' must be a whole number from 1, not {value!r}")
            return None
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
        numbers = {f.name for f in dataclasses.fields(cls) if "int" in str(f.type)}
        for name, item in value.items():
            if name in numbers:
                if item is not None and (isinstance(item, bool) or not isinstance(item, int)
                                         or item < 1):
                    self.error(key, f"'{key}.{name}' must be a whole number of pixels, "
                               f"not {_kind(item)}")
                    return None
            elif not isinstance(item, str):
                self.error(key, f"'{key}.{name}' must be a string, not {_kind(item)}")
                return None
        return self._safe(key, cls(**{k: v.strip() if isinstance(v, str) else v
                                      for k, v in value.items()}))

    def corrections(self, key: str, zone: ZoneInfo) -> tuple[Correction, ...]:
        """A list of `{date, text}`, oldest first; each wrong item an error on its line."""
        value = self.meta.get(key)
        if value is None:
            return ()
        example = f'e.g. {key}: [{{date: 2024-11-21, text: "The date of the summit was wrong."}}]'
        if not isinstance(value, list):
            self.error(key, f"'{key}' must be a list of {{date, text}}, {example}")
            return ()
        found = []
        for i, item in enumerate(value):
            line = self.lines.get(f"{key}[{i}]", self.line(key))
            if not isinstance(item, dict) or set(map(str, item)) != {"date", "text"}:
                self._error_at(line, f"each of '{key}' must be a mapping of date and text, "
                               f"{example}")
                continue
            when = parse_datetime(item["date"], zone)
            text = item["text"]
            if isinstance(when, str):
                self._error_at(line, f"'{key}' date: {when}")
            elif not isinstance(text, str) or not text.strip():
                self._error_at(line, f"'{key}' text must be a sentence, not {_kind(text)}")
            else:
                found.append(Correction(when, " ".join(text.split())))
        return tuple(sorted(found, key=lambda c: c.date))

    def _error_at(self, line: int, message: str) -> None:
        self.errors += 1
        self.report.error(self.path, line, message)

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


_IDENTIFIER = re.compile(r"[^\s<>\"'`\\]{1,200}")
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
    moment = moment.replace(tzinfo=zone) if moment.tzinfo is None else moment
    try:  # in every zone the site shows it in, a date must stay within years 1 to 9999
        moment.astimezone(UTC)
        moment.astimezone(zone)
        moment.timestamp()
    except (OverflowError, ValueError, OSError):
        return f"{value!r} is out of range once moved to UTC or the site's time zone"
    return moment


def warn_typos(fields: Fields, known: tuple[str, ...]) -> set[str]:
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


def warn_unknown_taxonomies(fields: Fields, skip: set[str], known: tuple[str, ...]) -> None:
    """An unknown key holding a list of names was most likely meant as a taxonomy."""
    for key, value in fields.meta.items():
        if key in known or key in skip or not isinstance(value, list) or not value:
            continue
        if all(isinstance(item, str) for item in value):
            fields.report.warning(
                fields.path, fields.line(key),
                f"'{key}' is not a taxonomy in site.toml, so its names get no pages; "
                f"add [taxonomies.{key}] to site.toml to make it one")
