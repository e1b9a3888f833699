"""TOML front matter (`+++`, as Hugo and Zola write it): the same checks and `path:line`
messages as YAML, each key at its line, TOML's own dates through the same date checks."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_properties import QUICK, line_count

from folio.config import SiteConfig
from folio.content.frontmatter import FrontMatterError, split_document
from folio.content.model import Article
from folio.content.parse import parse_article
from folio.content.tomllines import key_lines
from folio.problems import Report

CONFIG = SiteConfig(timezone="Europe/Lisbon")


def test_each_top_level_key_has_its_line_whatever_comes_between() -> None:
    text = '''title = "A # not a comment"
authors = [
  "Ann = not a key",
  """multi
date = "not a key either"
""",
]
summary = """
tags = ["inside a string"]
"""
"quoted key" = 1
dotted.key = 2  # a comment with date = 3
[extra]
date = "a table's key, not the article's"
[[extra.items]]
x = 1
[taxonomies]
tags = ["a"]
'''
    assert key_lines(text, first_line=2) == {
        "title": 2, "authors": 3, "summary": 9, "quoted key": 12, "dotted": 13, "extra": 14,
        "taxonomies": 18}


def toml_article(front: str, body: str = "Body text.\n") -> tuple[object, Report]:
    report = Report()
    article = parse_article(f"+++\n{front}\n+++\n\n{body}", "content/articles/a.md", CONFIG,
                            report)
    return article, report


def test_a_toml_article_reads_like_its_yaml_twin() -> None:
    front = ('title = "Tide Tables"\ndate = 2019-11-20T09:30:00+01:00\n'
             'authors = ["Mara Quintela"]\ntags = ["Tides"]\nslug = "Tide_Tables"\n'
             'aliases = ["2019/11/tide-tables.html"]\n[source]\nname = "The Almanac"')
    toml, report = toml_article(front)
    assert report.problems == []
    yaml_report = Report()
    yaml = parse_article(
        "---\ntitle: Tide Tables\ndate: 2019-11-20T09:30:00+01:00\nauthors: [Mara Quintela]\n"
        "tags: [Tides]\nslug: Tide_Tables\naliases: [2019/11/tide-tables.html]\n"
        "source: {name: The Almanac}\n---\n\nBody text.\n", "content/articles/a.md", CONFIG,
        yaml_report)
    assert yaml_report.problems == []
    assert isinstance(toml, Article) and isinstance(yaml, Article)
    assert replace(toml, body_line=0) == replace(yaml, body_line=0)
    assert toml.body_line == yaml.body_line + 1  # [source] takes two lines in TOML


@pytest.mark.parametrize(("value", "expected"), [
    ("2019-11-20", datetime(2019, 11, 20, tzinfo=ZoneInfo("Europe/Lisbon"))),
    ("2019-11-20T09:30:00", datetime(2019, 11, 20, 9, 30, tzinfo=ZoneInfo("Europe/Lisbon"))),
    ("2019-11-20T09:30:00-05:00",
     datetime(2019, 11, 20, 9, 30, tzinfo=timezone(timedelta(hours=-5)))),
    ('"2019-11-20 09:30"', datetime(2019, 11, 20, 9, 30, tzinfo=ZoneInfo("Europe/Lisbon"))),
])
def test_toml_dates_go_through_the_same_checks(value: str, expected: datetime) -> None:
    article, report = toml_article(f'title = "T"\ndate = {value}\nauthors = ["A"]')
    assert report.problems == []
    assert getattr(article, "date", None) == expected


@pytest.mark.parametrize(("front", "line", "message"), [
    ('title = "T"\ndate = 09:30:00\nauthors = ["A"]', 3,
     "'date': '09:30:00' is not a date; use ISO 8601"),
    ('title = "T"\ndate = "yesterday"\nauthors = ["A"]', 3, "'date': 'yesterday' is not"),
    ('title = ["T"]\ndate = 2024-01-01\nauthors = ["A"]', 2, "'title' must be a string"),
    ('title = "T"\ndate = 2024-01-01\nauthors = "A"', 4, "'authors' must be a list"),
    ('title = "T"\ndate = 2024-01-01\nauthor = "A"\nslug = "a/b"', 5, "slug 'a/b' may only"),
    ('title = "T"\ndate = 2024-01-01\nauthors = ["A"]\n\n[image]\nsrc = "javascript:x"', 6,
     "'image.src' must be an http(s) or relative URL"),
    ('title = "T"\ndate = 2024-01-01\nauthors = ["A"]\ntitle = "again"', 5,
     "invalid TOML: Cannot overwrite a value"),
    ('title = "T"\nauthors = [\n  "A",\ndate = 2024-01-01', 5, "invalid TOML:"),
])
def test_toml_problems_name_the_line(front: str, line: int, message: str) -> None:
    article, report = toml_article(front)
    assert article is None
    assert [(p.line, p.message[:len(message)]) for p in report.errors] == [(line, message)]


def test_a_typo_in_toml_is_a_warning_at_its_line() -> None:
    article, report = toml_article('title = "T"\ndate = 2024-01-01\nauthors = ["A"]\n'
                                   'Tags = ["x"]')
    assert article is not None
    assert report.lines() == [
        "content/articles/a.md:5: warning: unknown key 'Tags': did you mean 'tags'?"]


def test_no_text_after_toml_front_matter_is_reported_at_its_closing_line() -> None:
    article, report = toml_article('title = "T"\ndate = 2024-01-01\nauthors = ["A"]', body="")
    assert article is None
    assert report.lines() == [
        "content/articles/a.md:5: the article has no text after its front matter"]


def test_unclosed_toml_front_matter_is_an_error_on_line_one() -> None:
    with pytest.raises(FrontMatterError) as raised:
        split_document('+++\ntitle = "T"\n')
    assert (raised.value.line, raised.value.message) == (
        1, "front matter is not closed with a '+++' line")


TOML_LINES = st.sampled_from([
    'title = "T"', "date = 2024-01-01", 'authors = ["A"]', "authors = [", '  "B",', "]",
    'x = """', '"""', "[extra]", "[[extra.list]]", "a.b = 1", "'q' = 2", "t = 10:30:00",
    "bad line", "= 3", "x = [1, 'two']", "d = 2024-13-45", "# comment", "",
])


@QUICK
@given(st.lists(st.one_of(TOML_LINES, st.text(max_size=20)), max_size=12), st.text(max_size=30))
def test_toml_front_matter_never_raises_and_keeps_lines_inside_the_file(
        lines: list[str], body: str) -> None:
    text = "+++\n" + "\n".join(lines) + "\n+++\n" + body
    last = line_count(text)
    try:
        doc = split_document(text)
    except FrontMatterError as exc:
        assert 1 <= exc.line <= last, (exc.line, exc.message)
        return
    for key, line in doc.lines.items():
        assert 2 <= line <= last, (key, line)
    report = Report()
    parse_article(text, "content/articles/a.md", CONFIG, report)
    assert all(1 <= p.line <= last for p in report.problems), report.lines()
