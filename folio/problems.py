"""Problems found in the input, collected by every stage and reported together.

Stages never print: they add to a `Report`. The command line sorts the report and prints
each problem as `path:line: message`, then exits 1 if any of them is an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        """One line, whatever a file name or a value holds: control characters and line
        breaks are escaped, so no name can forge a second `path:line:` message."""
        path = printable(self.path)
        where = f"{path}:{self.line}" if self.line else path
        prefix = "warning: " if self.severity is Severity.WARNING else ""
        return f"{where}: {prefix}{printable(self.message)}"


_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\udc80-\udcff]")


def printable(text: str) -> str:
    """`text` with control characters, line separators and undecodable bytes (surrogate
    escapes of a file name that is not UTF-8) written as escapes: `\\n`, `\\x1b`."""
    if _UNPRINTABLE.search(text) is None:
        return text
    return _UNPRINTABLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if 0xDC80 <= ord(char) <= 0xDCFF:  # os.fsdecode's stand-in for a byte: show the byte
        return f"\\x{ord(char) - 0xDC00:02x}"
    return char.encode("unicode_escape").decode("ascii")


def display_path(path: str | Path, root: Path | None = None) -> str:
    """The path as a user should read it: relative to `root` (or the working folder)."""
    path = Path(path)
    for base in (root, Path.cwd()):
        if base is None:
            continue
        try:
            return path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return path.as_posix()


@dataclass
class Report:
    """Every problem of one run; `root` makes the paths relative for display."""

    root: Path | None = None
    problems: list[Problem] = field(default_factory=list)

    def error(self, path: str | Path, line: int, message: str) -> None:
        self.problems.append(Problem(self._path(path), line, message, Severity.ERROR))

    def warning(self, path: str | Path, line: int, message: str) -> None:
        self.problems.append(Problem(self._path(path), line, message, Severity.WARNING))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    def _path(self, path: str | Path) -> str:
        return path if isinstance(path, str) else display_path(path, self.root)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    @property
    def failed(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self.problems)

    def __iter__(self) -> Iterator[Problem]:
        """Problems sorted by path, line and message, each reported once."""
        return iter(sorted(set(self.problems), key=lambda p: (p.path, p.line, p.message)))

    def lines(self) -> list[str]:
        return [str(p) for p in self]
