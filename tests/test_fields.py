"""folio/content/fields.py: typed front-matter values, each wrong one an error at its key's
line; control characters removed; typos and would-be taxonomies warned of."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from folio.content.fields import (
    MAX_NAMES,
    Fields,
    parse_datetime,
    warn_typos,
    warn_unknown_taxonomies,
)
from folio.content.frontmatter import split_document
from folio.content.model import Image, Source
from folio.problems import Report

PARIS = ZoneInfo("Europe/Paris")


def fields(front: str) -> tuple[Fields, Report]:
    report = Report()
    return Fields(split_document(f"---\n{front}\n---\nBody\n"), "a.md", report), report


def test_text() -> None:
    f, report = fields("title: '  Padded  '\nyear: 2024\nratio: 1.5")
    assert (f.text("title"), f.text("year"), f.text("ratio")) == ("Padded", "2024", "1.5")
    assert f.text("missing") == "" and f.ok and report.problems == []


@pytest.mark.parametrize(("front", "problem"), [
    ("other: 1", "a.md:1: missing required key 'title'"),
    ("x: 1\ntitle: ''", "a.md:3: 'title' must not be empty"),
    ("x: 1\ntitle: [a, b]", "a.md:3: 'title' must be a string, not a list"),
    ("title: {a: 1}", "a.md:2: 'title' must be a string, not a mapping"),
    ("title: true", "a.md:2: 'title' must be a string, not true/false"),
    ("title:", "a.md:2: missing required key 'title'"),  # null: there, but empty
])
def test_text_problems(front: str, problem: str) -> None:
    f, report = fields(front)
    assert f.text("title", required=True) == ""
    assert report.lines() == [problem] and f.errors == 1 and not f.ok


def test_names_in_order_each_once_spaces_collapsed() -> None:
    f, _ = fields("tags: [' NATO ', 'Grand   Strategy', NATO, 2024, '', '  ']")
    assert f.names("tags") == ("NATO", "Grand Strategy", "2024")
    assert f.names("missing") == ()


@pytest.mark.parametrize(("front", "problem"), [
    ("tags: NATO", "a.md:2: 'tags' must be a list of names, e.g. tags: [NATO], not 'NATO'"),
    ("tags: 3", "a.md:2: 'tags' must be a list of names, e.g. tags: [First, Second], not 3"),
    ("tags: [a, [b]]", "a.md:2: 'tags' items must be names, not a list"),
    ("tags: [a, true]", "a.md:2: 'tags' items must be names, not true/false"),
    ("tags: [a, null]", "a.md:2: 'tags' items must be names, not nothing"),
])
def test_names_problems(front: str, problem: str) -> None:
    f, report = fields(front)
    assert f.names("tags") == ()
    assert report.lines() == [problem]


def test_names_are_capped_at_max_names() -> None:
    f, report = fields("tags: [" + ", ".join(f"t{n}" for n in range(MAX_NAMES)) + "]")
    assert len(f.names("tags")) == MAX_NAMES and report.problems == []
    f, report = fields("tags: [" + ", ".join(f"t{n}" for n in range(MAX_NAMES + 1)) + "]")
    assert f.names("tags") == ()
    assert report.lines() == [f"a.md:2: 'tags' lists {MAX_NAMES + 1:,} names; an article may "
                              f"list at most {MAX_NAMES} in one taxonomy"]


def test_boolean_and_integer() -> None:
    f, report = fields("draft: true\nmenu: 'yes'\nweight: 3\nbad: true\nfloat: 1.5")
    assert f.boolean("draft") is True and f.boolean("missing") is False
    assert f.boolean("menu") is False
    assert f.integer("weight", 0) == 3 and f.integer("missing", 7) == 7
    assert f.integer("bad", 5) == 5 and f.integer("float", 5) == 5
    assert report.lines() == ["a.md:3: 'menu' must be true or false, not 'yes'",
                              "a.md:5: 'bad' must be a whole number, not True",
                              "a.md:6: 'float' must be a whole number, not 1.5"]


def test_when_in_the_sites_zone_or_its_own() -> None:
    f, report = fields("date: 2024-03-01\nupdated: 2024-03-02T10:00:00+05:00\nz: 2024-03-03 "
                       "08:00Z")
    assert f.when("date", PARIS) == datetime(2024, 3, 1, tzinfo=PARIS)
    updated = f.when("updated", PARIS)
    assert updated is not None and updated.utcoffset() == timedelta(hours=5)
    assert f.when("z", PARIS) == datetime(2024, 3, 3, 8, tzinfo=UTC)
    assert f.when("missing", PARIS) is None and report.problems == []
    assert f.when("missing", PARIS, required=True) is None
    assert report.lines() == ["a.md:1: missing required key 'missing'"]


@pytest.mark.parametrize(("value", "problem"), [
    ("yesterday", "'yesterday' is not a date; use ISO 8601"),
    ("2024-13-01", "'2024-13-01' is not a valid date"),
    ("2024-1-1", "'2024-1-1' is not a date"),
    (20240101, "20240101 is not a date"),
    ("0001-01-01T00:00:00+01:00", "is out of range once moved to UTC"),
    ("9999-12-31T23:00:00-05:00", "is out of range once moved to UTC"),
])
def test_dates_that_are_no_dates(value: object, problem: str) -> None:
    found = parse_datetime(value, PARIS)
    assert isinstance(found, str) and problem in found


def test_parse_datetime_takes_yaml_dates_too() -> None:
    assert parse_datetime(date(2024, 1, 2), PARIS) == datetime(2024, 1, 2, tzinfo=PARIS)
    aware = datetime(2024, 1, 2, tzinfo=timezone(timedelta(hours=-3)))
    assert parse_datetime(aware, PARIS) is aware


def test_a_date_problem_names_its_key_and_line() -> None:
    f, report = fields("title: x\ndate: soon")
    assert f.when("date", PARIS) is None
    assert report.lines()[0].startswith("a.md:3: 'date': 'soon' is not a date")


def test_mapping_by_shorthand_or_keys() -> None:
    f, report = fields("source: '  The Paper '\nimage: {src: /i.png, alt: An image}")
    assert f.mapping("source", Source, "name") == Source(name="The Paper")
    assert f.mapping("image", Image, "src") == Image(src="/i.png", alt="An image")
    assert f.mapping("missing", Image, "src") is None and report.problems == []


@pytest.mark.parametrize(("front", "problem"), [
    ("source: [a]", "a.md:2: 'source' must be a mapping with name, note, url"),
    ("source: {name: x, link: y}", "a.md:2: unknown key 'link' in 'source' (known keys: name, "
                                   "note, url)"),
    ("source: {name: 3}", "a.md:2: 'source.name' must be a string, not 3"),
    ("source: {url: 'javascript:alert(1)'}", "a.md:2: 'source.url' must be an http(s) or "
                                             "relative URL, not 'javascript:alert(1)'"),
    ("source: {url: \"java\\tscript:x\"}", "a.md:2: 'source.url' must be an http(s)"),
])
def test_mapping_problems(front: str, problem: str) -> None:
    f, report = fields(front)
    assert f.mapping("source", Source, "name") is None
    assert report.lines()[0].startswith(problem)


def test_an_unsafe_image_by_shorthand_is_refused() -> None:
    f, report = fields("image: 'data:image/png;base64,xx'")
    assert f.mapping("image", Image, "src") is None
    assert report.lines()[0].startswith("a.md:2: 'image.src' must be an http(s)")


def test_control_characters_from_yaml_escapes_are_removed() -> None:
    f, report = fields('title: "Red\\x1b[31m"\ntags: ["a\\x07b"]\nsource: {name: "\\x00x"}')
    assert f.text("title") == "Red[31m"
    assert f.names("tags") == ("ab",)
    assert f.mapping("source", Source, "name") == Source(name="x")
    assert report.lines() == [
        "a.md:2: warning: removed control characters from 'title' that no page or feed may "
        "hold",
        "a.md:3: warning: removed control characters from 'tags' that no page or feed may hold",
        "a.md:4: warning: removed control characters from 'source' that no page or feed may "
        "hold"]


def test_extra_is_every_unknown_key_sorted() -> None:
    f, _ = fields("title: x\nzeta: 1\nalpha: [a]")
    assert f.extra(("title",)) == (("alpha", ["a"]), ("zeta", 1))


KNOWN = ("title", "date", "authors", "tags", "summary")


@pytest.mark.parametrize(("key", "guess"), [
    ("titel", "title"), ("Title", "title"), ("tag", "tags"), ("Tag", "tags"),
    ("author", "authors"), ("sumary", "summary"), ("dates", "date"),
])
def test_typos_are_warned_of(key: str, guess: str) -> None:
    f, report = fields(f"title: x\n{key}: y")
    assert warn_typos(f, KNOWN) == {key}
    assert report.lines() == [f"a.md:3: warning: unknown key '{key}': did you mean '{guess}'?"]


def test_unrelated_keys_are_no_typos() -> None:
    f, report = fields("title: x\nfavourite_colour: blue\ntags: [a]")
    assert warn_typos(f, KNOWN) == set() and report.problems == []


def test_a_list_of_names_under_an_unknown_key_looks_like_a_taxonomy() -> None:
    f, report = fields("title: x\ntitel: [a]\ncountries: [France, Chad]\nnumbers: [1, 2]\n"
                       "empty: []\ntags: [a]")
    warn_unknown_taxonomies(f, warn_typos(f, KNOWN), KNOWN)
    assert report.lines() == [
        "a.md:3: warning: unknown key 'titel': did you mean 'title'?",
        "a.md:4: warning: 'countries' is not a taxonomy in site.toml, so its names get no "
        "pages; add [taxonomies.countries] to site.toml to make it one"]


@pytest.mark.parametrize(("value", "found"), [
    ("urn:uuid:9f1c2e4a-0000-4000-8000-000000000001",
     "urn:uuid:9f1c2e4a-0000-4000-8000-000000000001"),
    ("https://example.org/id/7", "https://example.org/id/7"), (12345, "12345"),
])
def test_an_identifier(value: object, found: str) -> None:
    f, report = fields(f"id: {value!r}" if isinstance(value, str) else f"id: {value}")
    assert f.identifier("id") == found and report.problems == []
    assert f.identifier("missing") == ""


@pytest.mark.parametrize(("front", "problem"), [
    ("id: two words", "a.md:2: 'id' must be one word of at most 200 printable characters"),
    ("id: '<script>'", "a.md:2: 'id' must be one word"),
    ("id: " + "x" * 201, "a.md:2: 'id' must be one word"),
    ("id: [a]", "a.md:2: 'id' must be a string such as a UUID, not a list"),
    ("id: true", "a.md:2: 'id' must be a string such as a UUID, not true/false"),
])
def test_identifier_problems(front: str, problem: str) -> None:
    f, report = fields(front)
    assert f.identifier("id") == ""
    assert report.lines()[0].startswith(problem)


def test_paths_of_articles() -> None:
    f, report = fields("one: a.md\nmany: [a.md, ' ../b.md#x ', a.md]")
    assert f.paths("one") == ("a.md",)
    assert f.paths("many") == ("a.md", "../b.md#x")
    assert f.paths("missing") == () and report.problems == []
    for front, problem in (("x: [a.txt]", "a.md:2: 'x' items must be paths of articles "
                                          "ending in .md (as in a link), not 'a.txt'"),
                           ("x: 3", "a.md:2: 'x' must be a list of .md paths, e.g. x: "
                                    "[other-article.md], not 3")):
        f, report = fields(front)
        assert f.paths("x") == () and report.lines() == [problem]


def test_positive_numbers() -> None:
    f, report = fields("a: 1\nb: 0\nc: true\nd: '2'")
    assert f.positive("a") == 1 and f.positive("missing") is None
    assert (f.positive("b"), f.positive("c"), f.positive("d")) == (None, None, None)
    assert report.lines() == ["a.md:3: 'b' must be a whole number from 1, not 0",
                              "a.md:4: 'c' must be a whole number from 1, not True",
                              "a.md:5: 'd' must be a whole number from 1, not '2'"]


def test_an_images_size_is_whole_pixels() -> None:
    f, report = fields("image: {src: /i.png, width: 640, height: 480}")
    assert f.mapping("image", Image, "src") == Image(src="/i.png", width=640, height=480)
    for bad in ("0", "1.5", "'640'", "true"):
        f, report = fields(f"image: {{src: /i.png, width: {bad}}}")
        assert f.mapping("image", Image, "src") is None
        assert report.lines()[0].startswith("a.md:2: 'image.width' must be a whole number of "
                                            "pixels"), bad


def test_corrections_oldest_first_each_problem_on_its_line() -> None:
    f, report = fields("corrections:\n  - {date: 2024-03-02, text: '  Second   fix. '}\n"
                       "  - {date: 2024-03-01, text: First fix.}")
    found = f.corrections("corrections", PARIS)
    assert [(c.date, c.text) for c in found] == [
        (datetime(2024, 3, 1, tzinfo=PARIS), "First fix."),
        (datetime(2024, 3, 2, tzinfo=PARIS), "Second fix.")]
    assert report.problems == [] and f.corrections("missing", PARIS) == ()
    f, report = fields("corrections:\n  - {date: 2024-03-01, text: Fine.}\n"
                       "  - {date: soon, text: x}\n  - {date: 2024-03-01}\n"
                       "  - {date: 2024-03-01, text: ''}\n  - just text")
    assert [c.text for c in f.corrections("corrections", PARIS)] == ["Fine."]
    lines = report.lines()
    assert [line.split(":")[1] for line in lines] == ["4", "5", "6", "7"]
    assert "'corrections' date: 'soon' is not a date" in lines[0]
    assert "each of 'corrections' must be a mapping of date and text" in lines[1]
    assert "'corrections' text must be a sentence" in lines[2]
    f, report = fields("corrections: fixed")
    assert f.corrections("corrections", PARIS) == ()
    assert report.lines()[0].startswith("a.md:2: 'corrections' must be a list of {date, text}")
