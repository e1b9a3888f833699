"""Seed bytes -> text: the encoding guessed, line ends unified, control characters out.

Pure: `decode_seed(data, path)` returns the text and the warnings; it never raises.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from folio.problems import Problem, Severity

# C0 controls other than tab and newline (carriage returns are line ends), and DEL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def decode_seed(data: bytes, path: str) -> tuple[str, list[Problem]]:
    """Seed bytes as NFC text with `\\n` line ends and no control characters.

    UTF-8 (with or without BOM) and UTF-16 with a BOM decode silently; a UTF-16 seed cut in
    the middle of a character keeps what came before, with a warning. Anything else is read
    as Windows-1252 (Latin-1 for the five bytes it leaves undefined), with a warning.
    """
    warnings: list[Problem] = []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _utf16(data, path, warnings)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                text = data.decode("latin-1")
            message = "not UTF-8; decoded as Windows-1252 (save the seed as UTF-8)"
            warnings.append(Problem(path, line, message, Severity.WARNING))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = strip_controls(text, path, warnings)
    return unicodedata.normalize("NFC", text), warnings


def _utf16(data: bytes, path: str, warnings: list[Problem]) -> str:
    try:
        return data.decode("utf-16")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].decode("utf-16", errors="ignore").count("\n") + 1
        message = "UTF-16 text cut short or damaged; the unreadable bytes are left out"
        warnings.append(Problem(path, line, message, Severity.WARNING))
        return data.decode("utf-16", errors="ignore")


def strip_controls(text: str, path: str, warnings: list[Problem], at: int | None = None) -> str:
    """`text` without control characters, a warning for each line that had some (at line
    `at` for all of them when given: 0 for a page, an entry's line for a feed)."""
    if not _CONTROL.search(text):
        return text
    lines = text.split("\n")
    for number, line in enumerate(lines, 1):
        if _CONTROL.search(line):
            codes = sorted({f"U+{ord(c):04X}" for c in _CONTROL.findall(line)})
            message = f"control characters removed ({', '.join(codes)})"
            warnings.append(Problem(path, number if at is None else at, message,
                                    Severity.WARNING))
            lines[number - 1] = _CONTROL.sub("", line)
    return "\n".join(lines)
