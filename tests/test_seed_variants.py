"""The publisher's layouts since 2010, each as an invented seed with its golden article.

Each `tests/seeds/variants/<name>.txt` is written here in the shape of a real page of its
year (the text is invented); `golden/<name>.md` is what `import` writes for it and
`golden/<name>.problems` the warnings it gives (none when absent). The tests after the
golden one say, field by field, what each layout is there to check.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from folio.importing import decode_seed, parse_seed
from folio.importing.importer import render_article
from folio.importing.model import SeedArticle, Source
from folio.importing.publishers import GLOBAL_RESEARCH
from folio.importing.typography import flatten, is_rule, normalise
from folio.problems import Problem

VARIANTS = Path(__file__).resolve().parent / "seeds" / "variants"
GOLDEN = VARIANTS / "golden"
SEEDS = sorted(VARIANTS.glob("*.txt"))


def read(name: str) -> tuple[SeedArticle, list[Problem]]:
    path = VARIANTS / name
    text, warnings = decode_seed(path.read_bytes(), path.name)
    article, problems = parse_seed(text, path.name)
    assert article is not None, [str(p) for p in problems]
    return article, [*warnings, *problems]


def test_there_is_a_golden_file_for_every_variant() -> None:
    assert len(SEEDS) >= 10
    assert sorted(p.stem for p in GOLDEN.glob("*.md")) == [p.stem for p in SEEDS]


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_variant_matches_its_golden_article(seed: Path) -> None:
    article, problems = read(seed.name)
    assert render_article(article) == (GOLDEN / f"{seed.stem}.md").read_text(encoding="utf-8")
    expected = GOLDEN / f"{seed.stem}.problems"
    lines = expected.read_text(encoding="utf-8").splitlines() if expected.exists() else []
    assert [str(p) for p in problems] == lines


NOTICE_WORDS = ("share button", "51 languages", "Newsletter", "Instagram", "donat",
                "member", "Disclaimer", "url address", "Url of this article", "Articles by",
                "original source", "Copyright", "Note to readers", "MP3", "\\*\\*\\*")


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_no_notice_is_left_in_any_body(seed: Path) -> None:
    body = read(seed.name)[0].body
    assert not [word for word in NOTICE_WORDS if word.lower() in body.lower()]
    assert "](#)" not in body and "[[" not in body


def test_an_h2_deck_and_a_source_line_under_the_dateline() -> None:
    article, _ = read("h2_deck_repost_2018.txt")
    assert (article.title, article.subtitle) == (
        "The Salt Roads of Wexmoor", "How a Harbour Town Learned to Live Without Its Ships")
    assert article.date == dt.date(2018, 8, 22)  # the dateline's, not the source line's
    assert article.source == Source("Harbour Ledger")
    assert (article.regions, article.themes, article.reports) == (
        ("Europe",), ("Global Economy", "History"), ("HARBOUR REPORT",))
    assert article.body.startswith("When the last salt ship left Wexmoor in 1911")


def test_the_2010_layout_lowercase_by_copyright_sign_first_and_footnotes() -> None:
    article, _ = read("lowercase_by_2010.txt")
    assert article.authors == ("Tomas Reyes", "Ines Kowal")
    assert (article.title, article.subtitle) == (
        "Water Meters and Promises", "The Quiet Privatisation of Millbrook")
    assert article.copyright == "Tomas Reyes and Ines Kowal, Global Research, 2010"
    assert "with Aquavance.[1] The contract" in article.body
    assert "\n\n[2] Aquavance annual report, 2009." in article.body
    assert article.source is None


def test_the_print_view_drops_its_address() -> None:
    article, problems = read("print_view_2015.txt")
    assert problems == []
    assert "globalresearch.ca" not in article.body
    assert [r.line for r in article.removed] == [7, 9, 19, 21]


def test_a_radio_show_and_its_date_is_the_source() -> None:
    article, _ = read("radio_show_2015.txt")
    assert article.source == Source("The Harbour Hour")
    assert article.authors == ("Global Research News", "Rowan Pike")
    assert article.themes == ("History", "Media Disinformation")
    assert article.date == dt.date(2015, 3, 13)


def test_notices_in_italics_and_curly_quotes_are_no_summary() -> None:
    article, _ = read("notices_2023.txt")
    assert article.summary is None
    assert (article.title, article.subtitle) == (
        "“We Were Never Asked.”", "The Dam at Corvin Falls")
    assert article.authors == ("Lena Marsh", "Piet Walraven", "Ana Sousa")
    assert article.source == Source("Global Research", None,
                                    "First published on September 14, 2021")
    assert "First published" not in article.body
    assert "at \\[email protected\\] if you" in article.body  # not a link
    assert article.image_caption == "The reservoir at Corvin Falls (Licensed under CC BY 2.0)"


def test_an_unknown_layout_imports_what_it_can_and_names_each_unplaced_line() -> None:
    article, problems = read("unknown_layout.txt")
    assert article.date == dt.date(2020, 6, 30)
    assert article.regions == ("Middle East & North Africa",)
    assert article.themes == ("Law and Justice",)
    assert [(p.line, p.severity.value) for p in problems] == [
        (1, "warning"), (7, "warning"), (11, "warning")]
    assert all("could not place" in p.message for p in problems)


def test_the_original_source_line_gives_the_source_and_its_address() -> None:
    article, _ = read("original_source_2019.txt")
    assert article.source == Source(
        "Dry Valley Review", "https://dryvalley.example/seed-banks",
        "This article was originally published on Dry Valley Review.")
    assert article.summary == "A seed bank in the hills keeps four hundred kinds of bean."
    assert article.copyright == "Joaquim Belo, Dry Valley Review, 2019"
    assert [b.name for b in article.bios] == ["Joaquim Belo"]


def test_a_run_together_footer_labels_on_their_own_lines_and_a_bare_headline() -> None:
    article, problems = read("joined_footer_2020.txt")
    assert problems == []
    assert article.title == "The Year the Orchards Went Quiet"
    assert article.date == dt.date(2020, 12, 21)  # on the byline's line
    assert (article.regions, article.themes) == (
        ("Europe", "USA"), ("Environment", "Science and Medicine"))
    assert article.summary == "Bees left the orchards of Valcor in a single spring."
    assert article.copyright == "Marta Vidal, Global Research, 2020"
    assert article.source == Source("Global Research", None, "Originally published May 2, 2019")
    assert [b.name for b in article.bios] == ["Marta Vidal"]


@pytest.mark.parametrize(
    ("headline", "title", "subtitle"),
    [
        ("U.S. Drones Over the Sahel. A Report from Agadez", "U.S. Drones Over the Sahel",
         "A Report from Agadez"),
        ("Ferries and Fog. Why the Island Route Keeps Closing", "Ferries and Fog",
         "Why the Island Route Keeps Closing"),
        ('Salt and Silence."The Treaty Nobody Read"', "Salt and Silence",
         '"The Treaty Nobody Read"'),
        ("Water Meters and Promises.The Quiet Privatisation", "Water Meters and Promises",
         "The Quiet Privatisation"),
        ("Dr. Rao Goes to Geneva", "Dr. Rao Goes to Geneva", None),
        ("Version 2.0 of the Treaty", "Version 2.0 of the Treaty", None),
        ("Who Pays? Nobody", "Who Pays? Nobody", None),
    ],
)
def test_headline_and_deck(headline: str, title: str, subtitle: str | None) -> None:
    text = f"# {headline}\n\nBy A B\n\nGlobal Research, May 1, 2020\n\nText.\n"
    article, _ = parse_seed(text, "s.txt")
    assert article is not None
    assert (article.title, article.subtitle) == (title, subtitle)


@pytest.mark.parametrize(
    "line",
    [
        "To receive Global Research's Daily Newsletter (selected articles), click here.",
        "*To receive Global Research’s Daily Newsletter (selected articles), click here.*",
        "_To receive Global Research’s Daily Newsletter_ (selected articles), [click here](#).",
        "To\u00a0receive Global  Research’s Daily Newsletter (selected articles), click here.",
        "**All Global Research articles can be read in 51 languages** by activating …",
        "Click the share button above to email/forward this article to your friends.",
        "*Note to readers: Please click the share button above.*",
        "Consider Making a Donation to Global Research",
        "The url address of this article is: www.globalresearch.ca/index.php?aid=1",
        "Global Research Articles by [A B](#)",
    ],
)
def test_notices_match_in_any_typography(line: str) -> None:
    assert any(p.search(normalise(line)) for p in GLOBAL_RESEARCH.notices)
    text = f"# T\n\nBy A B\n\nGlobal Research, May 1, 2020\n\nText one.\n\n{line}\n\nText two.\n"
    article, problems = parse_seed(text, "s.txt")
    assert article is not None and article.body == "Text one.\n\nText two."
    assert problems == []
    assert (9, line) in [(r.line, r.text) for r in article.removed]


def test_a_line_that_reads_like_a_notice_is_kept_with_a_warning() -> None:
    text = ("# T\n\nBy A B\n\nGlobal Research, May 1, 2020\n\nText one.\n\n"
            "Please subscribe to the Harbour Bulletin for more.\n\nText two.\n")
    article, problems = parse_seed(text, "s.txt")
    assert article is not None and "Harbour Bulletin" in article.body
    assert [(p.line, p.severity.value) for p in problems] == [(9, "warning")]
    assert problems[0].message.startswith("reads like a notice, kept in the text:")


def test_typography_helpers() -> None:
    assert normalise("*Global Research’s*\u00a0 [Daily](#)  Newsletter") == (
        "Global Research's Daily Newsletter")
    assert flatten("**Copyright ©** [Ann](#), “Quoted”") == "Copyright © Ann, “Quoted”"
    assert is_rule("\\*\\*\\*") and is_rule("* * *") and is_rule("---")
    assert not is_rule("\\*") and not is_rule("--")


def test_the_2011_layout_with_email_and_print_links_and_an_iso_dated_source() -> None:
    article, problems = read("email_print_2011.txt")
    assert problems == []
    assert article.source == Source("Riverside Gazette")
    assert article.image_caption == "The ferry landing at Old Brzeg"  # in parentheses
    assert article.copyright == "Piotr Zielinski, Riverside Gazette, 2011"
    assert "cross-post" not in article.body and "Member" not in article.body


def test_a_donation_banner_after_the_article_goes_with_its_image() -> None:
    article, problems = read("donation_banner_2022.txt")
    assert problems == []
    assert article.summary == "The price of flour doubled in a month."
    assert article.body.endswith("would pay for a week of flour.")


def test_a_deck_on_a_plain_line_between_the_headline_and_the_byline() -> None:
    article, problems = read("deck_line_2011.txt")
    assert problems == []
    assert article.title == (
        "The “Liberation” of Port Halden: Contractors and Militias Join Hands")
    assert article.subtitle == '"Former Smugglers" Join the Reconstruction Bandwagon'
    assert article.authors == ("Farid Nassar", "Olga Petrenko", "Jim Calloway")
    assert article.date == dt.date(2011, 10, 1)
    assert article.reports == ("PORT HALDEN: THE NEXT WAR?",)


def test_a_run_of_short_widget_lines_does_not_end_the_header() -> None:
    text = ("# T\n\nBy A B\n\nGlobal Research, May 1, 2020\n\nShare\n\nTweet\n\nEmail\n\n"
            "Print\n\nListen\n\nTheme: [History](#)\n\nThe text of the article.\n")
    article, problems = parse_seed(text, "s.txt")
    assert article is not None and article.themes == ("History",)
    assert [p.line for p in problems] == [7, 9, 11, 13, 15]
    assert article.body == "The text of the article."


def test_an_italic_call_to_click_is_no_summary() -> None:
    text = ("# T\n\nBy A B\n\nGlobal Research, May 1, 2020\n\n"
            "*Sign up for our weekly digest, [click here](#).*\n\nText.\n")
    article, problems = parse_seed(text, "s.txt")
    assert article is not None and article.summary is None
    assert [(p.line, p.message.split(",")[0]) for p in problems] == [
        (7, "reads like a notice")]


@pytest.mark.parametrize(
    ("line", "note"),
    [
        ("Note: Article originally published in 2014.", "Article originally published in 2014"),
        ("*This article was first published in 2014.*",
         "This article was first published in 2014"),
        ("(Originally published November 18, 2023)", "Originally published November 18, 2023"),
    ],
)
def test_a_first_publication_without_a_venue_is_a_note(line: str, note: str) -> None:
    text = f"# T\n\nBy A B\n\nGlobal Research, May 1, 2020\n\n{line}\n\nText.\n"
    article, problems = parse_seed(text, "s.txt")
    assert article is not None and problems == []
    assert article.source == Source("Global Research", None, note)
    assert article.body == "Text."
