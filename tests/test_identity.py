"""folio/graph/identity.py: an article's stable identifier, always an IRI; from its `id`
when it has one, else from its path below content/; two articles never share one."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from folio.content.model import Article
from folio.graph.identity import (
    check_unique,
    from_path,
    identifier,
    new_id,
    normalise,
    seed_id,
)
from folio.problems import Report

UUID = "9F1C2E4A-0000-4000-8000-00000000000A"


def article(path: str, id: str = "", line: int = 1) -> Article:
    return Article(path, "s", "T", datetime(2024, 1, 1, tzinfo=UTC), (), (), "", 5, id=id,
                   key_lines=(("id", line),) if id else ())


@pytest.mark.parametrize(("value", "iri"), [
    (UUID, f"urn:uuid:{UUID.lower()}"),
    (f"urn:uuid:{UUID}", f"urn:uuid:{UUID.lower()}"),
    ("tag:example.org,2024:a", "tag:example.org,2024:a"),
    ("https://example.org/id/7", "https://example.org/id/7"),
    ("doi:10.1000/182", "doi:10.1000/182"),
])
def test_an_id_that_is_an_iri_or_a_uuid(value: str, iri: str) -> None:
    assert normalise(value) == iri


def test_any_other_word_is_a_name_based_uuid_of_it() -> None:
    found = normalise("article-7")
    assert found.startswith("urn:uuid:") and uuid.UUID(found[9:]).version == 5
    assert normalise("article-7") == found != normalise("article-8")
    assert normalise("12345") != normalise("a:") and normalise("a:").startswith("urn:uuid:")


def test_without_an_id_the_path_below_content_decides() -> None:
    assert from_path("content/articles/a.md") == from_path("posts/articles/a.md")  # --content
    assert from_path("x/articles/y/articles/a.md") == from_path("content/articles/a.md")
    assert from_path("content/articles/y/a.md") != from_path("content/articles/a.md")
    assert from_path("content/articles/a.md") != from_path("content/articles/b.md")
    assert from_path("content/articles/a.md").startswith("urn:uuid:")
    assert identifier(article("content/articles/a.md")) == from_path("content/articles/a.md")
    assert identifier(article("content/articles/a.md", id=UUID)) == normalise(UUID)


def test_new_ids_are_random_and_seed_ids_are_not() -> None:
    assert new_id() != new_id() and uuid.UUID(new_id()[9:]).version == 4
    assert seed_id("https://x.org/a", "A") == seed_id("https://x.org/a", "A")
    assert seed_id("https://x.org/a", "A") != seed_id("https://x.org/a", "B")
    assert seed_id("ab", "c") != seed_id("a", "bc")


def test_a_shared_identifier_is_an_error_in_every_file_holding_it() -> None:
    report = Report()
    check_unique([article("content/articles/a.md", UUID, 4),
                  article("content/articles/b.md", f"urn:uuid:{UUID.lower()}", 6),
                  article("content/articles/c.md")], report)
    assert report.lines() == [
        f"content/articles/a.md:4: id urn:uuid:{UUID.lower()} is also the id of "
        "content/articles/b.md; each article needs its own: give one of them a new id, or "
        "delete its 'id' line",
        f"content/articles/b.md:6: id urn:uuid:{UUID.lower()} is also the id of "
        "content/articles/a.md; each article needs its own: give one of them a new id, or "
        "delete its 'id' line"]
    fine = Report()
    check_unique([article("content/articles/a.md"), replace(article("content/articles/b.md"))],
                 fine)
    assert fine.problems == []
