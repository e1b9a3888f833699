"""TOML front matter (Hugo's and Zola's `+++` blocks) with the line of every key.

tomllib reads the values but keeps no positions, so `key_lines` reads the text once more,
only far enough to know where each top-level key is set: `key = …`, a dotted `key.sub = …`
or a table header `[key]`, `[key.sub]`, `[[key]]`, outside strings, comments and values
that run over several lines (arrays, multi-line strings). An error of tomllib names its
line in the front matter; it is reported at that line of the file.
"""

from __future__ import annotations

import re
import tomllib
from datetime import time
from typing import Any

_BARE = r"[A-Za-z0-9_-]+"
_QUOTED = r'"(?:[^"\\]|\\.)*"|\'[^\']*\''
_KEY = re.compile(rf"\s*({_BARE}|{_QUOTED})\s*[.=]")
_HEADER = re.compile(rf"\s*\[\[?\s*({_BARE}|{_QUOTED})\s*[.\]]")
_POSITION = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)\s*$")


class TomlError(Exception):
    """A front matter tomllib cannot read, at its line in the file."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line, self.message = line, message


def parse_toml_mapping(text: str, first_line: int = 1) -> tuple[dict[str, Any], dict[str, int]]:
    """The values of a TOML front matter and each top-level key's line in the file (the
    front matter's text starts on `first_line`). Raises TomlError with the file line."""
    try:
        values = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = _POSITION.search(message)
        last = first_line + max(0, text.count("\n") - (1 if text.endswith("\n") else 0))
        line = first_line
        if found and found.group(1):
            line = min(first_line + int(found.group(1)) - 1, last)
            message = message[:found.start()] + f" (column {found.group(2)})"
        elif found:
            line, message = last, message[:found.start()] + " (at the end of the front matter)"
        raise TomlError(line, f"invalid TOML: {message}") from None
    return {key: _plain(value) for key, value in values.items()}, key_lines(text, first_line)


def _plain(value: Any) -> Any:
    """A value as the checks take it: a time of day (TOML's local time, never a date) as
    the text it was written as."""
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def key_lines(text: str, first_line: int = 1) -> dict[str, int]:
    """The line where each top-level key is first set."""
    lines: dict[str, int] = {}
    depth = 0  # brackets and braces open at the start of the line
    string = ""  # the delimiter of a multi-line string open at the start of the line
    in_table = False  # past a [table] header: its keys are not top-level
    for number, line in enumerate(text.split("\n"), first_line):
        if not string and depth == 0:
            header = _HEADER.match(line)
            if header:
                lines.setdefault(_unquote(header.group(1)), number)
                in_table = True
            elif not in_table:
                key = _KEY.match(line)
                if key:
                    lines.setdefault(_unquote(key.group(1)), number)
        depth, string = _scan(line, depth, string)
    return lines


def _unquote(key: str) -> str:
    if key[:1] == '"':
        try:
            value = tomllib.loads(f"k = {key}")["k"]
            return str(value)
        except tomllib.TOMLDecodeError:
            return key[1:-1]
    return key[1:-1] if key[:1] == "'" else key


def _scan(line: str, depth: int, string: str) -> tuple[int, str]:
    """The bracket depth and open multi-line string after `line`."""
    i, n = 0, len(line)
    while i < n:
        if string:
            end = line.find(string, i)
            if string == '"""':  # a basic string: a backslash escapes the next character
                while end > 0 and _escaped(line, end):
                    end = line.find(string, end + 1)
            if end < 0:
                return depth, string
            i, string = end + 3, ""
            continue
        char = line[i]
        if char == "#":
            break
        if line.startswith(('"""', "'''"), i):
            string, i = line[i:i + 3], i + 3
            continue
        if char in "\"'":
            end = i + 1
            while end < n and (line[end] != char or (char == '"' and _escaped(line, end))):
                end += 1
            i = end + 1
            continue
        if char in "[{":
            depth += 1
        elif char in "]}":
            depth = max(0, depth - 1)
        i += 1
    return depth, string


def _escaped(line: str, position: int) -> bool:
    """Whether the character at `position` follows an odd number of backslashes."""
    count = 0
    while position - count - 1 >= 0 and line[position - count - 1] == "\\":
        count += 1
    return count % 2 == 1


__all__ = ["TomlError", "key_lines", "parse_toml_mapping"]
