"""Front-matter values as other generators write them, read into Folio's: dates in the
forms Hugo, Zola and Jekyll accept, author strings that name several people, taxonomy
values written as one string.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from folio.importing.dates import parse_date

_DATE = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[T ]\s*(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?"
    r"\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?")
_ZONE_NAME = re.compile(r"(?<=\d)\s+[A-Z]{3,5}$")
_PREFIX = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[-_]|$)")
_IN_PATH = re.compile(r"(?:^|/)(\d{4})/(\d{2})/(\d{2})(?:/|$)")

Moment = datetime | date


def parse_when(value: Any) -> Moment | None:
    """A date or datetime from a front-matter value: ISO 8601 and its common variants
    ("2013-05-06 02:12:52 +0200", "2019-5-1", "2021-03-01 08:30:00+00:00"), TOML and YAML
    dates, and RFC 2822 ("Mon, 06 May 2013 02:12:52 +0200"). None when it is not one."""
    if isinstance(value, datetime | date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    found = _DATE.fullmatch(text)
    if found:
        year, month, day, hour, minute, second, zone = found.groups()
        try:
            if hour is None:
                return date(int(year), int(month), int(day))
            return datetime(int(year), int(month), int(day), int(hour), int(minute),
                            int(second or 0), tzinfo=_offset(zone))
        except ValueError:
            return None
    zoned = _ZONE_NAME.sub("", text)  # "2019-05-01 10:00:00 -0700 PDT"
    if zoned != text:
        return parse_when(zoned)
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return parse_date(text)  # "November 20, 2024", "20 Nov 2024"
    except ValueError:
        return None


def _offset(zone: str | None) -> tzinfo | None:
    if zone is None:
        return None
    if zone in ("Z", "UTC", "GMT"):
        return UTC
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def date_in_name(name: str) -> date | None:
    """The date a file or folder name starts with: `2019-05-01-a-title.md` (Jekyll's
    posts, and Hugo's and Zola's when they are named so)."""
    found = _PREFIX.match(name)
    if not found:
        return None
    try:
        return date(*map(int, found.groups()))
    except ValueError:
        return None


def name_without_date(name: str) -> str:
    """`2019-05-01-a-title` → `a-title` (Zola and Jekyll drop the date from the slug)."""
    found = _PREFIX.match(name)
    return name[found.end():] if found and found.end() < len(name) else name


def date_in_path(path: str) -> date | None:
    """The date a URL path holds as `YYYY/MM/DD`: `2019/05/15/4-Years-Of-Rust`."""
    found = _IN_PATH.search(path)
    if not found:
        return None
    try:
        return date(*map(int, found.groups()))
    except ValueError:
        return None


def zone_named(name: Any) -> tzinfo | None:
    if not isinstance(name, str) or not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def iso(moment: Moment) -> str:
    """How Folio's front matter writes it: `2019-05-15` or `2019-05-15T10:00:00+02:00`."""
    if isinstance(moment, datetime):
        return moment.isoformat(timespec="seconds")
    return moment.isoformat()


# --- authors ------------------------------------------------------------------------------

_SEPARATORS = re.compile(r"\s*,\s*(?:and|&)\s+|\s+(?:and|&)\s+|\s*&\s*|\s*[,;]\s*",
                         re.IGNORECASE)
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "phd", "ph.d.", "md", "m.d.",
             "esq", "esq."}
_GROUP_WORDS = {"team", "teams", "wg", "group", "committee", "council", "project",
                "foundation", "community", "contributors", "maintainers", "staff", "editors",
                "board", "office", "department", "lab", "labs", "inc", "inc.", "llc", "ltd",
                "ltd.", "company", "society", "institute", "university", "press"}
# A part that ends in one of these is a role ("Chris Campbell, Linkerd Ambassador"), not
# a second person.
_ROLE_WORDS = {"ambassador", "engineer", "editor", "director", "ceo", "cto", "founder",
               "co-founder", "maintainer", "manager", "developer", "advocate", "professor",
               "researcher", "lead", "member", "contributor", "writer", "author", "analyst",
               "correspondent", "reporter", "fellow", "intern", "architect", "president",
               "chair", "student", "scientist", "consultant", "officer", "emeritus"}


def split_names(text: str) -> list[str]:
    """The people an author string names: "Ann Lee and Bo Chan", "Ann Lee, Bo Chan, and
    Cy Dee", "Ann & Bo" are several; "Martin King, Jr." and "the Compiler and Types Team"
    (a name of a group) are one."""
    text = " ".join(text.split())
    parts = [p for p in _SEPARATORS.split(text) if p]
    names: list[str] = []
    for part in parts:
        if names and part.lower() in _SUFFIXES:
            names[-1] = f"{names[-1]}, {part}"
        else:
            names.append(part)
    if len(names) > 1 and any(_group(name) for name in names):
        return [text]
    return names


def _group(name: str) -> bool:
    """A name of a group ("the Core Team") or a role ("Senior Editor"): not a person."""
    words = name.lower().split()
    return not words or words[0] in ("the", "a", "an") or words[-1] in _GROUP_WORDS | \
        _ROLE_WORDS or any(w in ("at", "of", "from") for w in words[1:-1])


def names_of(value: Any) -> list[str]:
    """The names a front-matter value holds: a string, a list of strings or of mappings
    with a `name` (Jekyll's `author: {name: …}`)."""
    items = value if isinstance(value, list) else [value]
    found: list[str] = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("name") or item.get("title") or ""
        if isinstance(item, str | int | float) and not isinstance(item, bool):
            name = " ".join(str(item).split())
            if name:
                found.append(name)
    return found


def words_of(value: Any, split_spaces: bool) -> list[str]:
    """The terms of a taxonomy value: a list, or one string (which Jekyll splits at
    spaces: `tags: ruby rails`)."""
    if isinstance(value, str):
        items: list[Any] = value.split() if split_spaces else [value]
    elif isinstance(value, list):
        items = value
    else:
        return []
    found = []
    for item in items:
        if isinstance(item, str | int | float) and not isinstance(item, bool):
            term = " ".join(str(item).split())
            if term and term not in found:
                found.append(term)
    return found
