"""folio.importing.keywords: the tag rule documented in docs/importing.md."""

from __future__ import annotations

from folio.importing.keywords import proper_names


def test_possessives_titles_and_full_names_count_toward_the_surname() -> None:
    body = (
        "Yesterday **President Recep Tayyip Erdogan** spoke. Later, Erdogan's aides agreed "
        "and President Erdogan left."
    )
    assert proper_names(body) == ("Erdogan",)


def test_nationality_before_a_title_is_dropped() -> None:
    body = "We met Russian Foreign Minister Sergey Lavrov, and later Lavrov spoke again."
    assert proper_names(body) == ("Lavrov",)


def test_sentence_initial_common_words_months_and_nationalities_are_left_out() -> None:
    body = (
        "Accordingly, it went. Accordingly, it stayed. In October the Russian side and the "
        "Russian press met in October. This is this."
    )
    assert proper_names(body) == ()


def test_a_name_seen_only_at_sentence_starts_is_left_out() -> None:
    assert proper_names("Kiev said no. Kiev said yes.") == ()
    assert proper_names("Kiev said no. They asked Kiev.") == ("Kiev",)


def test_compounds_split_only_when_each_part_stands_alone() -> None:
    body = (
        "The West-Ukraine axis and the West/Ukraine pair; the West and Ukraine agree. "
        "Then Müller-Øström spoke and Müller-Øström left."
    )
    # "West" counts three times but is a compass point; "Müller" never stands alone.
    assert proper_names(body) == ("Ukraine", "Müller-Øström")


def test_ranked_by_count_then_first_appearance_capped_and_excluded() -> None:
    body = "We saw Oslo, Bergen, Bergen, Oslo, Tromsø, Tromsø, Tromsø and Narvik, Narvik."
    assert proper_names(body) == ("Tromsø", "Oslo", "Bergen", "Narvik")
    assert proper_names(body, limit=2) == ("Tromsø", "Oslo")
    assert proper_names(body, exclude=["oslo"]) == ("Tromsø", "Bergen", "Narvik")


def test_links_headings_and_emphasis() -> None:
    body = "## Hamburg Hamburg\n\nWe met [Hamburg](#) and *Hamburg* folk."
    assert proper_names(body) == ("Hamburg",)
