"""Content bytes → text: UTF-8 with or without BOM, any line ending, no control characters.

Every problem is added to the report with its line: a file too large, a binary file, bytes
that are not UTF-8. Control characters no page or feed may hold are removed with a warning.
"""

from __future__ import annotations

import re

from folio.problems import Report

MAX_FILE_BYTES = 10 * 1024 * 1024


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
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _decodes(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(head) - 3  # cut inside a character at the end is fine
    return True


def strip_controls(text: str, display: str, report: Report) -> str:
    """`text` without control characters; a warning says where the first one was."""
    found = CONTROLS.search(text)
    if found is None:
        return text
    count = len(CONTROLS.findall(text))
    line = text.count("\n", 0, found.start()) + 1
    report.warning(display, line, f"removed {count} control character{'s' if count > 1 else ''}"
                   f" (U+{ord(found.group()):04X} first) that no page or feed may hold")
    return CONTROLS.sub("", text)
