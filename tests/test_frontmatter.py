"""folio/content/frontmatter.py: `---` YAML front matter split from the body, with the line
of every key; each problem a FrontMatterError with its line."""

from __future__ import annotations

import pytest

from folio.content.frontmatter import (
    MAX_DEPTH,
    FrontMatterError,
    parse_yaml_mapping,
    split_body,
    split_document,
)


def error(text: str) -> tuple[int, str]:
    with pytest.raises(FrontMatterError) as caught:
        split_document(text)
    return caught.value.line, caught.value.message


TEXT = ("---\ntitle: One\n\ntags:\n  - a\n  - b\ndate: 2024-01-02\n---\n"
        "Body line one.\n\nBody line three.\n")


def test_meta_key_lines_and_body() -> None:
    doc = split_document(TEXT)
    assert doc.meta == {"title": "One", "tags": ["a", "b"], "date": "2024-01-02"}
    assert doc.lines == {"title": 2, "tags": 4, "tags[0]": 5, "tags[1]": 6, "date": 7}
    assert doc.body.strip() == "Body line one.\n\nBody line three."
    assert doc.closing_line == 8


def test_body_line_plus_a_line_of_the_body_is_its_line_in_the_file() -> None:
    for text in (TEXT, "---\n---\nBody.\n", "---\na: 1\n---\n\n\nLate body.\n",
                 "---\na: 1\n---\nNo final line end"):
        doc = split_document(text)
        lines = text.split("\n")
        for k, line in enumerate(doc.body.split("\n")):
            assert lines[doc.body_line - 1 + k].endswith(line), (text, k)


def test_dates_stay_text_for_the_fields_to_check() -> None:
    doc = split_document("---\ndate: 2024-01-02T09:30:00+01:00\nwhen: 2024-13-45\n---\nx\n")
    assert doc.meta == {"date": "2024-01-02T09:30:00+01:00", "when": "2024-13-45"}


def test_keys_are_named_as_constructed() -> None:
    doc = split_document("---\nnull: 1\n2: two\ntrue: yes\n---\nx\n")
    assert doc.meta == {"None": 1, "2": "two", "True": True}
    assert doc.lines == {"None": 2, "2": 3, "True": 4}


def test_empty_front_matter_is_an_empty_mapping() -> None:
    doc = split_document("---\n---\nBody.\n")
    assert (doc.meta, doc.lines, doc.body.strip()) == ({}, {}, "Body.")


@pytest.mark.parametrize(("text", "line", "message"), [
    ("", 1, "file is empty: an article needs '---' (YAML) or '+++' (TOML) front matter"),
    ("  \n\n", 1, "file is empty"),
    ("title: x\n", 1, "file does not start with a '---' (YAML) or '+++' (TOML) front "
                     "matter line"),
    ("+++\ntitle = 'x'\n", 1, "front matter is not closed with a '+++' line"),
    ("---\ntitle: x\n", 1, "front matter is not closed with a '---' line"),
    ("---\n- a\n- b\n---\nx\n", 1, "front matter must be a mapping of keys to values"),
    ("---\nplain text\n---\nx\n", 1, "front matter must be a mapping of keys to values"),
])
def test_documents_that_are_no_article(text: str, line: int, message: str) -> None:
    found = error(text)
    assert found[0] == line and found[1].startswith(message), found


def test_invalid_yaml_names_its_line() -> None:
    line, message = error('---\ntitle: "One\ndate: 2024-01-02\n---\nBody\n')
    assert message.startswith("invalid YAML: ")
    assert 2 <= line <= 3  # where the quote runs out, never the closing '---'
    line, message = error("---\ntitle: x\ntags: [a, b\nauthors: [c]\n---\nBody\n")
    assert message.startswith("invalid YAML") and line in (3, 4)
    assert error("---\ntitle: x\n  bad: indent\n---\nBody\n")[0] == 3


def test_duplicate_anchor_errors_are_front_matter_errors() -> None:
    line, message = error("---\na: *missing\n---\nx\n")
    assert (line, message.startswith("invalid YAML")) == (2, True)


def nested(depth: int) -> str:
    return "---\nkey: " + "[" * depth + "x" + "]" * depth + "\n---\nBody\n"


def test_nesting_up_to_the_limit_is_fine() -> None:
    doc = split_document(nested(MAX_DEPTH - 1))  # the mapping itself is one level
    value = doc.meta["key"]
    for _ in range(MAX_DEPTH - 1):
        value = value[0]
    assert value == "x"


def test_nesting_beyond_the_limit_is_refused() -> None:
    assert error(nested(MAX_DEPTH)) == (2, f"front matter nested more than {MAX_DEPTH} "
                                           "levels deep")


def test_nesting_thousands_deep_is_refused_without_exhausting_the_stack() -> None:
    line, message = error(nested(5000))  # refused by libyaml itself, or by the limit
    assert line == 2 and ("nested more than" in message or "nesting depth" in message)
    line, message = error("---\nkey:\n" + "".join("  " * d + "- \n" for d in range(40)) +
                          "---\nBody\n")
    assert message == f"front matter nested more than {MAX_DEPTH} levels deep"


def test_a_mapping_alone_with_its_first_line() -> None:
    meta, lines = parse_yaml_mapping("a: 1\nb:\n  c: 2\n", first_line=10)
    assert meta == {"a": 1, "b": {"c": 2}}
    assert lines == {"a": 10, "b": 11}
    with pytest.raises(FrontMatterError) as caught:
        parse_yaml_mapping("a: 1\nb: [\n", first_line=10)
    assert caught.value.line in (11, 12)


def test_nesting_inside_a_key_counts_too() -> None:
    deep_key = "---\n? " + "[" * 20 + "x" + "]" * 20 + "\n: value\n---\nBody\n"
    assert error(deep_key) == (2, f"front matter nested more than {MAX_DEPTH} levels deep")


def test_toml_front_matter_between_plus_lines() -> None:
    text = ("+++\ntitle = \"One\"\ndate = 2024-01-02\n\ntags = [\"a\",\n  \"b\"]\n"
            "[extra]\nmood = \"calm\"\n+++\nThe body.\n")
    doc = split_document(text)
    assert doc.meta["title"] == "One" and doc.meta["tags"] == ["a", "b"]
    assert doc.meta["extra"] == {"mood": "calm"}
    assert (doc.lines["title"], doc.lines["date"], doc.lines["tags"], doc.lines["extra"]) == (
        2, 3, 5, 7)
    assert doc.closing_line == 9 and doc.body_line == 10
    assert doc.body == "The body.\n"


def test_a_toml_error_names_its_line_in_the_file() -> None:
    line, message = error("+++\ntitle = \"One\"\ndate = \n+++\nBody\n")
    assert line == 3 and message


@pytest.mark.parametrize(("text", "body", "line"), [
    ("---\ntitle: [unclosed\n---\nThe [x](a.md) body.\n", "The [x](a.md) body.\n", 4),
    ("+++\ntitle = \n+++\nBody.\n", "Body.\n", 4),
])
def test_the_body_of_a_file_whose_front_matter_is_wrong(text: str, body: str, line: int) -> None:
    assert split_body(text) == (body, line)


@pytest.mark.parametrize("text", ["no front matter\n", "---\nnever closed\n", "+++\nx = 1\n",
                                  "A line\nA line\nrepeated, but no fence\n"])
def test_no_body_without_closed_front_matter(text: str) -> None:
    assert split_body(text) is None
