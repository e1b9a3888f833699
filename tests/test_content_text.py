"""folio/content/text.py: content bytes → text with `\\n` line ends and no control
characters; a binary, oversized or non-UTF-8 file is an error with its line."""

from __future__ import annotations

import pytest

from folio.content import text
from folio.content.text import decode_text, strip_controls
from folio.problems import Report


def decode(data: bytes) -> tuple[str | None, list[str]]:
    report = Report()
    return decode_text(data, "a.md", report), report.lines()


def test_utf8_with_or_without_a_bom_and_any_line_end() -> None:
    assert decode("café\r\nline\rthree\n".encode()) == ("café\nline\nthree\n", [])
    assert decode(b"\xef\xbb\xbf---\ntitle: x\n") == ("---\ntitle: x\n", [])


def test_tabs_and_line_feeds_are_kept() -> None:
    assert decode(b"a\tb\nc") == ("a\tb\nc", [])


def test_control_characters_are_removed_with_the_line_of_the_first() -> None:
    found, problems = decode(b"one\ntwo \x1b[1m\nthree\x07\x00\n")
    assert found == "one\ntwo [1m\nthree\n"
    assert problems == ["a.md:2: warning: removed 3 control characters (U+001B first) that "
                        "no page or feed may hold"]


def test_one_control_character_is_one() -> None:
    report = Report()
    assert strip_controls("x\x0cy", "b.md", report) == "xy"
    assert report.lines() == ["b.md:1: warning: removed 1 control character (U+000C first) "
                              "that no page or feed may hold"]


@pytest.mark.parametrize("char", ["\x7f", "\ufffe", "\uffff", "\x0b", "\x0c", "\x1f"])
def test_characters_no_xml_may_hold(char: str) -> None:
    report = Report()
    assert strip_controls(f"a{char}b", "a.md", report) == "ab"
    assert report.warnings


def test_clean_text_is_returned_as_it_is() -> None:
    report = Report()
    clean = "no controls here – just “text”\n"
    assert strip_controls(clean, "a.md", report) is clean
    assert report.problems == []


def test_a_binary_file_is_refused() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)) * 4
    assert decode(png) == (None, ["a.md:1: binary file: content files must be UTF-8 text"])


def test_utf16_text_is_refused_as_binary() -> None:
    found, problems = decode("---\ntitle: x\n---\nBody.\n".encode("utf-16"))
    assert found is None and problems == ["a.md:1: binary file: content files must be UTF-8 "
                                          "text"]


def test_a_stray_nul_in_text_is_a_control_character_not_binary() -> None:
    found, problems = decode(b"---\ntitle: x\n---\nA body with a stray \x00 in it.\n")
    assert found == "---\ntitle: x\n---\nA body with a stray  in it.\n"
    assert problems[0].startswith("a.md:4: warning: removed 1 control character (U+0000")


def test_a_nul_with_utf8_cut_at_the_end_of_the_look_is_text() -> None:
    data = b"x\x00y" + "é".encode() * 5000  # the 8 KiB looked at ends inside a character
    found, problems = decode(data)
    assert found is not None and found.startswith("xyé")
    assert "binary" not in " ".join(problems)


def test_bytes_that_are_not_utf8_name_their_line() -> None:
    assert decode(b"one\ntwo\ncaf\xe9\n") == (
        None, ["a.md:3: not UTF-8: byte 0xe9 cannot be decoded; save the file as UTF-8"])


def test_a_file_too_large_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(text, "MAX_FILE_BYTES", 3 * 1024 * 1024)
    assert decode(b"x" * (3 * 1024 * 1024)) == ("x" * (3 * 1024 * 1024), [])
    assert decode(b"x" * (3 * 1024 * 1024 + 1)) == (
        None, ["a.md:1: file is 3.0 MB; the limit is 3 MB"])
