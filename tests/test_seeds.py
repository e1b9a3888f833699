"""folio.importing: decoding and parsing raw publisher seeds (pure: strings in, no disk)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from folio.importing import AuthorBio, SeedArticle, Source, decode_seed, parse_seed
from folio.problems import Severity

ROOT = Path(__file__).resolve().parents[1]
REAL_SEED = ROOT / "seeds" / "000_cac6ec92e5eb85ac.txt"
FIXTURES = Path(__file__).resolve().parent / "seeds"


def parse_file(path: Path) -> SeedArticle:
    text, warnings = decode_seed(path.read_bytes(), path.name)
    article, problems = parse_seed(text, path.name)
    assert not warnings and not problems, [str(p) for p in (*warnings, *problems)]
    assert article is not None
    return article


def test_real_seed_header_and_attribution() -> None:
    article = parse_file(REAL_SEED)
    assert article.title == "Turkiye's Contradictory Approach to the Ukrainian Conflict"
    assert article.subtitle == '"Facilitating Peace Talks" While "Arming Ukraine against Russia"'
    assert article.authors == ("Andrew Korybko",)
    assert article.date == dt.date(2024, 11, 20)
    assert article.publication == "Global Research"
    assert article.regions == ("Europe", "Russia and FSU")
    assert article.themes == ("Intelligence",)
    assert article.reports == ("UKRAINE REPORT",)
    assert article.summary == (
        "This seemingly contradictory policy actually isn't all that surprising "
        "if one takes the time to deeply reflect on it."
    )
    assert article.source == Source(
        name="Andrew Korybko's Newsletter",
        url=None,
        note="This article was originally published on the author's Substack, "
        "Andrew Korybko's Newsletter.",
    )
    assert article.image_caption == (
        "Russian Foreign Minister Sergey Lavrov is seen during a United Nations meeting in"
    )
    assert article.copyright == "Andrew Korybko, Global Research, 2024"
    assert article.tags == (
        "Turkiye", "Russia", "Ukraine", "Erdogan", "Lavrov", "Putin", "Valdai Club",
    )  # fmt: skip


def test_real_seed_bio_prefers_about_the_author() -> None:
    (bio,) = parse_file(REAL_SEED).bios
    assert bio.name == "Andrew Korybko"
    assert bio.text.startswith("Andrew Korybko is an American Moscow-based political analyst")
    assert bio.text.endswith("He is a frequent contributor to Global Research.")


def test_real_seed_body_is_the_article_only() -> None:
    body = parse_file(REAL_SEED).body
    assert body.startswith("Russian **Foreign Minister Sergey Lavrov** told Hurriyet in")
    assert body.endswith("an example for others in the Global South to follow.")
    assert "](#)" not in body
    assert '"[perplexing](#)"' not in body and '"perplexing"' in body
    for boilerplate in (
        "share button",
        "e-Books",
        "Facebook",
        "Become a Member",
        "Disclaimer",
        "fair use",
        "media inquiries",
        "original source",
        "Featured image",
    ):
        assert boilerplate not in body
    assert '\n\n> "President Erdogan is a consistent and reliable partner.' in body
    assert 'In their words,\n\n> "it is imperative' in body
    assert body.count("\n> ") == 3


def test_two_authors_several_themes_no_report_real_source_link() -> None:
    article = parse_file(FIXTURES / "two_authors.txt")
    assert article.authors == ("Jane Doe", "John Roe")
    assert article.themes == ("Energy", "Law and Justice", "Militarization and WMD")
    assert article.reports == ()
    assert article.subtitle is None
    assert article.source == Source(
        "Grid Watch",
        "https://gridwatch.example/post/1",
        "This article was originally published on Grid Watch.",
    )
    assert "[the report](https://example.org/report)" in article.body
    assert [b.name for b in article.bios] == ["Jane Doe", "John Roe"]
    assert article.bios[1].text.endswith("It is his first article for Global Research.")
    assert article.tags == ("Estonia", "Latvia", "Kallas")


def test_unicode_names_and_separators() -> None:
    article = parse_file(FIXTURES / "unicode_authors.txt")
    assert article.authors == ("Sergeï Müller-Øström", "Zoë Ñúñez", "Łukasz Żółć")
    assert article.title == "Über die Grenze"
    assert article.subtitle == "“Ein Bericht” aus Gdańsk"
    assert article.reports == ("POLAND",)
    assert article.tags == ("Gdańsk",)  # the author's own name is not a tag
    assert article.bios == (
        AuthorBio("Sergeï Müller-Øström", "Sergeï Müller-Øström is a historian in Kraków."),
    )


def test_byline_without_links_splits_on_and() -> None:
    text = "# T\n\nBy Ann Lee and Bo Chan\n\nGlobal Research, May 1, 2020\n\nText.\n"
    article, _ = parse_seed(text, "s.txt")
    assert article is not None and article.authors == ("Ann Lee", "Bo Chan")


def test_headline_without_deck_and_seed_without_trailing_boilerplate() -> None:
    article = parse_file(FIXTURES / "no_deck.txt")
    assert article.title == "The Plain Headline Without a Deck"
    assert article.subtitle is None and article.summary is None
    assert article.date == dt.date(2024, 2, 29)
    assert article.body == (
        "The first paragraph names NATO and Brussels. NATO met in Brussels.\n\n"
        "The second paragraph has an escaped \\*star\\* and a "
        "[real link](https://example.org/a_b)."
    )
    assert article.source == Source(
        "Example Weekly", None, "This article was originally published on Example Weekly."
    )


def test_question_headline_keeps_its_mark() -> None:
    text = '# Who Pays? "Nobody" Says the Minister\n\nBy A B\n\nGlobal Research, May 1, 2020\n'
    article, _ = parse_seed(text, "s.txt")
    assert article is not None
    assert (article.title, article.subtitle) == ("Who Pays?", '"Nobody" Says the Minister')


def test_missing_date_is_an_error_at_the_expected_line() -> None:
    text = (FIXTURES / "missing_date.txt").read_text(encoding="utf-8")
    article, problems = parse_seed(text, "missing_date.txt")
    assert article is None
    assert [str(p) for p in problems] == [
        "missing_date.txt:4: missing date: expected a line like "
        "'Global Research, November 20, 2024'"
    ]


def test_every_missing_field_is_reported() -> None:
    article, problems = parse_seed("\n\nJust some text.\n", "empty.txt")
    assert article is None
    messages = [(p.line, p.message.split(":")[0]) for p in problems]
    assert messages == [(3, "missing title"), (3, "missing author"), (3, "missing date")]


def test_impossible_date_is_an_error() -> None:
    text = "# T\n\nBy A B\n\nGlobal Research, February 30, 2024\n\nText.\n"
    article, problems = parse_seed(text, "s.txt")
    assert article is None
    assert [(p.line, p.message) for p in problems] == [
        (5, "invalid date: day is out of range for month")
    ]


def test_unrecognised_line_after_the_end_is_a_warning() -> None:
    text = "# T\n\nBy A B\n\nGlobal Research, May 1, 2020\n\nText.\n\n\\*\n\nSomething new.\n"
    article, problems = parse_seed(text, "s.txt")
    assert article is not None and article.body == "Text."
    assert [(p.line, p.severity) for p in problems] == [(11, Severity.WARNING)]
    assert "Something new." in problems[0].message


def test_decode_variants_give_the_same_text() -> None:
    utf8 = REAL_SEED.read_bytes()
    expected, warnings = decode_seed(utf8, "s.txt")
    assert not warnings
    crlf = utf8.replace(b"\n", b"\r\n")
    bom = b"\xef\xbb\xbf" + utf8
    utf16 = expected.encode("utf-16")
    for variant in (crlf, bom, b"\xef\xbb\xbf" + crlf, utf16):
        assert decode_seed(variant, "s.txt") == (expected, [])
    text, warnings = decode_seed(expected.encode("cp1252"), "s.txt")
    assert text == expected
    assert [str(w) for w in warnings] == [
        "s.txt:21: warning: not UTF-8; decoded as Windows-1252 (save the seed as UTF-8)"
    ]


def test_decomposed_unicode_is_normalised() -> None:
    text, _ = decode_seed("Sergei\u0308".encode(), "s.txt")
    assert text == "Sergeï"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_parse_seed_never_raises(text: str) -> None:
    article, problems = parse_seed(text, "any.txt")
    assert (article is None) == any(p.severity is Severity.ERROR for p in problems)


header = st.sampled_from(
    ["# Title. \"Deck\"", "By [A](#) and [B](#)", "Global Research, May 1, 2020", "\\*",
     "Theme: [X](#)", "### About the author:", "**A** is x", "*Featured image: y*", "", ""]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(header, st.text(max_size=30)), max_size=25))
def test_parse_seed_never_raises_on_seed_like_lines(lines: list[str]) -> None:
    article, problems = parse_seed("\n".join(lines), "any.txt")
    assert (article is None) == any(p.severity is Severity.ERROR for p in problems)


@settings(max_examples=200, deadline=None)
@given(st.binary())
def test_decode_seed_never_raises(data: bytes) -> None:
    text, _ = decode_seed(data, "any.txt")
    assert "\r" not in text


def test_notices_above_the_text_and_an_image_credit() -> None:
    """The translate, newsletter and share notices some seeds carry above the text go, with
    the separator under them; "Featured image is from …" is a caption like "Featured image:"."""
    article = parse_file(FIXTURES / "notices_on_top.txt")
    assert article.authors == ("Michel Chossudovsky", "Peter Koenig")
    assert article.date == dt.date(2023, 1, 3)
    assert article.regions == () and article.reports == ()
    assert article.themes == ("Global Economy", "Oil and Energy")
    assert article.body.startswith("The European Union imposed its ninth package")
    assert article.body.endswith("Reuters also reported that BASF would move production "
                                 "to China.")
    for notice in ("51 languages", "Newsletter", "share button", "\\*\\*\\*", "Note to readers"):
        assert notice not in article.body
    assert "### Germany's Industrial Base" in article.body
    assert "- Fertilizer production in France fell by a third." in article.body
    assert article.image_caption == "From Reuters"
    assert article.copyright == "Michel Chossudovsky and Peter Koenig, Global Research, 2023"
    assert [bio.name for bio in article.bios] == ["Michel Chossudovsky", "Peter Koenig"]


def test_three_authors_two_reports_a_linked_source_and_a_lost_image() -> None:
    article = parse_file(FIXTURES / "three_authors_linked_source.txt")
    assert article.title == "Washington's Pivot to Asia"
    assert article.subtitle == '"A New Cold War" in the Pacific'
    assert article.authors == ("Pepe Escobar", "F. William Engdahl", "Sergeï Müller-Øström")
    assert article.reports == ("CHINA", "PACIFIC REPORT")
    assert article.source == Source(
        name="Strategic Culture Foundation",
        url="https://strategic-culture.org/news/2021/05/04/pivot/",
        note="This article was originally published on Strategic Culture Foundation.")
    assert article.image_caption == "The USS Ronald Reagan in the Philippine Sea (Source: US Navy)"
    assert "Aircraft carrier" not in article.body  # ![Aircraft carrier](#): no picture left
    assert "\n\n\n" not in article.body
    assert "China" not in article.tags  # already a report of the article
    assert [bio.name for bio in article.bios] == ["Pepe Escobar", "F. William Engdahl"]
