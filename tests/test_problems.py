"""folio/problems.py: one line per problem, whatever a name holds; reports sorted, once each."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from folio.problems import Problem, Report, Severity, display_path, printable


def test_a_problem_reads_path_line_message() -> None:
    assert str(Problem("content/a.md", 3, "bad date")) == "content/a.md:3: bad date"
    assert str(Problem("content/a.md", 0, "unreadable")) == "content/a.md: unreadable"
    warning = Problem("site.toml", 2, "odd", Severity.WARNING)
    assert str(warning) == "site.toml:2: warning: odd"


def test_printable_leaves_ordinary_text_as_it_is() -> None:
    text = "Ünïcode – “quotes” and tabs?"
    assert printable(text) is text


@pytest.mark.parametrize(("raw", "shown"), [
    ("a\nb", "a\\nb"),
    ("a\rb", "a\\rb"),
    ("\x1b[31mred", "\\x1b[31mred"),
    ("tab\there", "tab\\there"),
    ("del\x7f", "del\\x7f"),
    ("c1\x85", "c1\\x85"),
    ("line\u2028sep", "line\\u2028sep"),
    ("para\u2029sep", "para\\u2029sep"),
])
def test_printable_escapes_control_characters(raw: str, shown: str) -> None:
    assert printable(raw) == shown


def test_printable_shows_undecodable_bytes_of_a_file_name() -> None:
    name = os.fsdecode(b"caf\xe9.md")  # Latin-1 bytes: a surrogate escape in Python
    assert printable(name) == "caf\\xe9.md"


def test_no_name_or_message_forges_a_second_problem_line() -> None:
    forged = Problem("a.md\nb.md:1: error: fake", 1, "real\nc.md:2: also fake")
    assert "\n" not in str(forged)
    assert str(forged).startswith("a.md\\nb.md:1: error: fake:1: ")


def test_a_report_sorts_problems_and_lists_each_once() -> None:
    report = Report()
    report.error("b.md", 1, "second file")
    report.warning("a.md", 9, "late line")
    report.error("a.md", 2, "early line")
    report.error("b.md", 1, "second file")
    assert report.lines() == ["a.md:2: early line", "a.md:9: warning: late line",
                              "b.md:1: second file"]
    assert len(report.problems) == 4  # kept as added; shown once
    assert [p.message for p in report.errors] == ["second file", "early line", "second file"]
    assert [p.message for p in report.warnings] == ["late line"]


def test_a_report_fails_only_with_an_error() -> None:
    report = Report()
    assert not report.failed
    report.warning("a.md", 1, "just a warning")
    assert not report.failed
    report.extend([Problem("b.md", 1, "an error")])
    assert report.failed


def test_paths_are_shown_relative_to_the_root(tmp_path: Path) -> None:
    report = Report(root=tmp_path)
    report.error(tmp_path / "content" / "a.md", 1, "x")
    report.error("as/written.md", 1, "y")  # a string is shown as it is
    assert [p.path for p in report.problems] == ["content/a.md", "as/written.md"]


def test_display_path_outside_root_and_working_folder(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "inside").mkdir()
    assert display_path(tmp_path / "inside" / "x.md") == "inside/x.md"
    assert display_path("/elsewhere/x.md", tmp_path / "inside") == "/elsewhere/x.md"
    assert display_path(tmp_path / "inside" / "x.md", tmp_path / "inside") == "x.md"
