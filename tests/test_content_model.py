"""folio/content/model.py: what a content file holds, as plain frozen values, and the
front-matter keys each kind of file knows."""

from __future__ import annotations

import dataclasses
import pickle
from datetime import UTC, datetime

import pytest

from folio.content.model import (
    ARTICLE_KEYS,
    PAGE_KEYS,
    PROFILE_KEYS,
    RESEARCH_KEYS,
    Article,
    Image,
    Page,
    Source,
    TermProfile,
)

ARTICLE = Article("content/articles/a.md", "a", "A", datetime(2024, 1, 2, tzinfo=UTC),
                  ("Jane Doe",), (("authors", ("Jane Doe",)), ("tags", ())), "Body", 5,
                  source=Source("Paper", "https://x.org/"), image=Image("/i.png", "alt"),
                  extra=(("mood", "calm"),))


@pytest.mark.parametrize("value", [
    ARTICLE,
    TermProfile("content/authors/jane-doe.md", "authors", "jane-doe", "Jane Doe",
                ("J. Doe",), "Bio", 4),
    Page("content/pages/about.md", "about", "About", "Text", 4),
    Source(), Image(),
])
def test_values_are_frozen_hashable_and_pickle(value: object) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        value.path = "x"  # type: ignore[attr-defined]
    assert hash(value) == hash(dataclasses.replace(value))  # type: ignore[type-var]
    assert pickle.loads(pickle.dumps(value)) == value  # the build cache stores them


def test_defaults() -> None:
    article = Article("p", "s", "t", datetime(2024, 1, 2, tzinfo=UTC), (), (), "", 1)
    assert (article.subtitle, article.updated, article.summary, article.draft) == (
        "", None, "", False)
    assert article.source is None and article.image is None and article.extra == ()
    page = Page("p", "s", "t", "", 1)
    assert (page.weight, page.menu, page.extra) == (0, True, ())


def written_keys(cls: type, internal: set[str]) -> set[str]:
    return {f.name for f in dataclasses.fields(cls)} - internal


def test_every_field_an_author_writes_is_a_known_key() -> None:
    internal = {"path", "terms", "body", "body_line", "extra", "key_lines", "url_line",
                "aliases_line", "references"}
    assert written_keys(Article, internal) <= set(ARTICLE_KEYS)
    assert written_keys(Page, internal) == set(PAGE_KEYS)
    assert written_keys(TermProfile, internal | {"taxonomy", "slug"}) == set(PROFILE_KEYS)
    assert set(ARTICLE_KEYS) - written_keys(Article, internal) == {"author"}  # authors' alias


def test_a_researchers_keys_know_their_lines() -> None:
    article = dataclasses.replace(ARTICLE, key_lines=(("id", 7), ("series", 9)))
    assert (article.line("id"), article.line("series"), article.line("part")) == (7, 9, 1)
    assert set(RESEARCH_KEYS) <= set(ARTICLE_KEYS)
