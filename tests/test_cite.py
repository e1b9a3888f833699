"""Citation strings for one, two and three authors, BibTeX records and the cite block."""

from __future__ import annotations

from datetime import datetime

import pytest
from conftest import SiteProject

from folio.outputs.cite import Name, Work, apa, bibtex, chicago, mla, sentence_case, title_case

TITLE = "Turkiye's Contradictory Approach to the Ukrainian Conflict"
BODY = "Turkiye takes a contradictory approach to the conflict, as the Ukrainian side knows."
URL = "https://example.org/articles/turkiye/"
AUTHORS = ("Andrew Korybko", "Jane Doe", "Li Wei")


def work(n: int, title: str = TITLE) -> Work:
    return Work(title, AUTHORS[:n], "Global Research", datetime(2024, 11, 20), URL, BODY)


@pytest.mark.parametrize(("n", "expected"), [
    (1, 'Korybko, Andrew. "Turkiye\'s Contradictory Approach to the Ukrainian Conflict." '
        "Global Research, November 20, 2024. https://example.org/articles/turkiye/."),
    (2, 'Korybko, Andrew, and Jane Doe. "Turkiye\'s Contradictory Approach to the Ukrainian '
        'Conflict." Global Research, November 20, 2024. https://example.org/articles/turkiye/.'),
    (3, 'Korybko, Andrew, Jane Doe, and Li Wei. "Turkiye\'s Contradictory Approach to the '
        'Ukrainian Conflict." Global Research, November 20, 2024. '
        "https://example.org/articles/turkiye/."),
])
def test_chicago(n: int, expected: str) -> None:
    assert chicago(work(n)).text == expected


@pytest.mark.parametrize(("n", "expected"), [
    (1, "Korybko, A. (2024, November 20). Turkiye's contradictory approach to the Ukrainian "
        "conflict. Global Research. https://example.org/articles/turkiye/"),
    (2, "Korybko, A., & Doe, J. (2024, November 20). Turkiye's contradictory approach to the "
        "Ukrainian conflict. Global Research. https://example.org/articles/turkiye/"),
    (3, "Korybko, A., Doe, J., & Wei, L. (2024, November 20). Turkiye's contradictory approach "
        "to the Ukrainian conflict. Global Research. https://example.org/articles/turkiye/"),
])
def test_apa(n: int, expected: str) -> None:
    assert apa(work(n)).text == expected


@pytest.mark.parametrize(("n", "expected"), [
    (1, 'Korybko, Andrew. "Turkiye\'s Contradictory Approach to the Ukrainian Conflict." '
        "Global Research, 20 Nov. 2024, example.org/articles/turkiye/."),
    (2, 'Korybko, Andrew, and Jane Doe. "Turkiye\'s Contradictory Approach to the Ukrainian '
        'Conflict." Global Research, 20 Nov. 2024, example.org/articles/turkiye/.'),
    (3, 'Korybko, Andrew, et al. "Turkiye\'s Contradictory Approach to the Ukrainian '
        'Conflict." Global Research, 20 Nov. 2024, example.org/articles/turkiye/.'),
])
def test_mla(n: int, expected: str) -> None:
    assert mla(work(n)).text == expected


def test_publication_is_italic_and_everything_escaped_in_html() -> None:
    hostile = work(1, 'Rock & Roll <script>alert("x")</script>')
    html = str(chicago(hostile).html)
    assert "<script>" not in html.lower() and "&lt;/script&gt;" in html and "&amp; Roll" in html
    assert "<i>Global Research</i>" in html
    assert '"Rock & Roll <Script>alert(\'x\')</script>."' in chicago(hostile).text


def test_title_and_sentence_case() -> None:
    assert title_case("the war in ukraine: what comes next for NATO?") == \
        "The War in Ukraine: What Comes Next for NATO?"
    assert title_case("a long-term view of the iPhone") == "A Long-Term View of the iPhone"
    assert sentence_case("Why Ukraine Matters: A New Look", "ukraine is not it; a new look") \
        == "Why ukraine matters: A new look"
    assert sentence_case("Already in sentence case: here", "") == \
        "Already in sentence case: Here"


def test_names() -> None:
    assert Name.parse("Ludwig van Beethoven").inverted == "van Beethoven, Ludwig"
    assert Name.parse("Jean-Paul Sartre").initials == "Sartre, J.-P."
    assert Name.parse("Reuters").inverted == "Reuters"
    assert Name.parse("Doe, Jane").natural == "Jane Doe"


def test_bibtex_escapes_specials_and_lists_authors() -> None:
    record = bibtex(Work("50% of R&D_costs: {#1} ~ $x^2", ("Andrew Korybko", "Jane Doe"),
                         "Global Research", datetime(2024, 11, 20), URL))
    assert record == (
        "@article{korybko202450,\n"
        "  author = {Korybko, Andrew and Doe, Jane},\n"
        r"  title = {{50\% of R\&D\_costs: \{\#1\} \textasciitilde{} \$x\textasciicircum{}2}},"
        "\n  journal = {Global Research},\n"
        "  year = {2024},\n"
        "  month = nov,\n"
        "  day = {20},\n"
        "  url = {https://example.org/articles/turkiye/}\n"
        "}\n")


def test_article_page_has_cite_block_and_bib_file(built_archive: SiteProject) -> None:
    html = built_archive.page("/articles/commentary-number-5-on-economy/")
    assert '<summary><h2 class="end-heading">Cite this article</h2></summary>' in html
    assert 'class="citation citation-apa">Doe, J., &amp; Müller-Øström, S. (2024, June 16).' \
        in html
    assert '<a href="cite.bib" type="application/x-bibtex" download>' in html
    bib = built_archive.page("/articles/commentary-number-5-on-economy/cite.bib")
    assert bib.startswith("@article{doe2024commentary,\n")
    assert "  author = {Doe, Jane and Müller-Øström, Sergeï},\n" in bib
