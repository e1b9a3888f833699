"""folio/graph/terms.py: names merged into terms (case and spacing, profile aliases), each
with its display name, slug, URL and members; each article's links to its terms."""

from __future__ import annotations

from datetime import UTC, datetime

from folio.config import SiteConfig, Taxonomy
from folio.content.model import Article, TermProfile
from folio.graph.model import Term, TermLink
from folio.graph.terms import merge_terms
from folio.problems import Report

TAGS = Taxonomy("tags", "Tags", "Tag")
AUTHORS = Taxonomy("authors", "Authors", "Author")
CONFIG = SiteConfig(taxonomies=(AUTHORS, TAGS))


def article(n: int, authors: tuple[str, ...] = ("Jane Doe",), tags: tuple[str, ...] = ()
            ) -> Article:
    return Article(f"content/articles/a{n}.md", f"a{n}", f"A{n}", datetime(2024, 1, 1, tzinfo=UTC),
                   authors, (("authors", authors), ("tags", tags)), "", 5)


def profile(slug: str, name: str, *aliases: str, taxonomy: str = "authors") -> TermProfile:
    return TermProfile(f"content/{taxonomy}/{slug}.md", taxonomy, slug, name, aliases, "", 4)


def merge(articles: list[Article], profiles: list[TermProfile] | None = None,
          config: SiteConfig = CONFIG) -> tuple[dict[str, tuple[Term, ...]], list[str],
                                                list[tuple[tuple[Taxonomy, tuple[TermLink, ...]],
                                                           ...]]]:
    report = Report()
    terms, links = merge_terms(articles, [(p, f"<p>{p.name}</p>") for p in profiles or []],
                               config, report)
    return terms, report.lines(), links


def test_spellings_merge_and_the_most_used_one_is_shown() -> None:
    terms, problems, links = merge([article(0, tags=("nato",)), article(1, tags=("NATO",)),
                                    article(2, tags=("Nato",)), article(3, tags=("nato",))])
    assert problems == []
    (nato,) = terms["tags"]
    assert (nato.name, nato.slug, nato.url, nato.entries) == ("nato", "nato", "/tags/nato/",
                                                              (0, 1, 2, 3))
    assert [row[1] for row in links] == [(TAGS, (TermLink("nato", "/tags/nato/"),))] * 4


def test_a_tie_goes_to_a_spelling_not_all_capitals_then_a_to_z() -> None:
    terms, _, _ = merge([article(0, tags=("NATO",)), article(1, tags=("Nato",))])
    assert terms["tags"][0].name == "Nato"
    terms, _, _ = merge([article(0, tags=("nato",)), article(1, tags=("Nato",))])
    assert terms["tags"][0].name == "Nato"


def test_terms_are_a_to_z_and_members_newest_first_each_once() -> None:
    terms, _, links = merge([article(0, tags=("b", "a")), article(1, tags=("A", "a", "c")),
                             article(2, tags=("c",))])
    assert [(t.name, t.entries) for t in terms["tags"]] == [
        ("a", (0, 1)), ("b", (0,)), ("c", (1, 2))]
    assert [link.name for link in links[1][1][1]] == ["a", "a", "c"]  # as the article wrote


def test_a_profile_names_the_term_and_its_aliases_join_it() -> None:
    terms, problems, links = merge(
        [article(0, ("A. Korybko",)), article(1, ("andrew korybko",)), article(2, ("Other",))],
        [profile("korybko", "Andrew Korybko", "A. Korybko")])
    assert problems == []
    korybko, other = terms["authors"]
    assert (korybko.name, korybko.slug, korybko.url, korybko.entries) == (
        "Andrew Korybko", "korybko", "/authors/korybko/", (0, 1))
    assert korybko.profile is not None and korybko.profile_html == "<p>Andrew Korybko</p>"
    assert (other.profile, other.profile_html) == (None, "")
    assert links[0][0] == (AUTHORS, (TermLink("Andrew Korybko", "/authors/korybko/"),))


def test_two_profiles_claiming_one_spelling() -> None:
    _, problems, _ = merge([article(0, ("Jane",))],
                           [profile("jane-a", "Jane"), profile("jane-b", "J. Doe", "jane")])
    assert "content/authors/jane-b.md:1: 'jane' is also claimed by content/authors/jane-a.md" \
        in problems


def test_a_profile_no_article_uses_is_not_published() -> None:
    terms, problems, _ = merge([article(0, ("Jane",))], [profile("ghost", "Ghost Writer")])
    assert [t.name for t in terms["authors"]] == ["Jane"]
    assert problems == ["content/authors/ghost.md:1: warning: no article uses the author "
                        "'Ghost Writer'; its profile is not published"]


def test_a_profile_in_a_folder_that_is_no_taxonomy() -> None:
    _, problems, _ = merge([article(0)], [profile("x", "X", taxonomy="people")])
    assert problems == ["content/people/x.md:1: 'people' is not a taxonomy in site.toml "
                        "(taxonomies: authors, tags)"]


def test_distinct_names_with_one_slug_get_numbered_slugs() -> None:
    terms, _, _ = merge([article(0, tags=("C", "C++", "C#"))])
    assert [(t.name, t.slug) for t in terms["tags"]] == [("C", "c"), ("C#", "c-2"),
                                                         ("C++", "c-3")]


def test_a_name_without_letters_takes_the_taxonomys_name() -> None:
    terms, _, _ = merge([article(0, tags=("???",))])
    assert terms["tags"][0].slug == "tag"


def test_links_follow_the_sites_taxonomies() -> None:
    config = SiteConfig(taxonomies=(TAGS, AUTHORS))
    terms, _, links = merge([article(0, tags=("x",))], config=config)
    assert list(terms) == ["tags", "authors"]
    assert [tax.key for tax, _ in links[0]] == ["tags", "authors"]


def test_no_taxonomies_no_links() -> None:
    _, _, links = merge([article(0), article(1)], config=SiteConfig(taxonomies=()))
    assert links == [(), ()]
