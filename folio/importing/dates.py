"""Dates as publishers write them: "November 20, 2024", "20 Nov 2024", "Sept. 3 2019"."""

from __future__ import annotations

import datetime as dt
import re

from folio.importing.publishers import MONTHS

_PARTS = re.compile(r"(?P<a>\w+)\.?\s+(?P<b>\w+?)(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})$")
_ORDINAL = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?$")


def month_number(name: str) -> int | None:
    """1 to 12 for a month's name or its abbreviation ("Sept", "sep.", "September")."""
    name = name.rstrip(".").lower()
    for number, month in enumerate(MONTHS, 1):
        if len(name) >= 3 and month.lower().startswith(name):
            return number
    return None


def parse_date(text: str) -> dt.date:
    """The date in "Month DD, YYYY", "DD Month YYYY" (month names may be abbreviated) or
    "YYYY-MM-DD".

    Raises ValueError with a message for a reader: an unknown month, an impossible day.
    """
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
        return dt.date.fromisoformat(text.strip())
    match = _PARTS.match(text.strip())
    if not match:
        raise ValueError(f"not a date: {text!r}")
    first, second = match.group("a"), _ORDINAL.sub(r"\1", match.group("b"))
    day, month = (second, month_number(first)) if first[:1].isalpha() else \
        (_ORDINAL.sub(r"\1", first), month_number(second))
    if month is None or not day.isdigit():
        raise ValueError(f"not a date: {text!r}")
    return dt.date(int(match.group("year")), month, int(day))
