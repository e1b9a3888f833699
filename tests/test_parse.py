"""folio/content/parse.py: text → Article, TermProfile or Page, with the schema's checks;
None (and problems with lines) when a file has errors."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from folio.config import SiteConfig, Taxonomy
from folio.content.model import Article, Image, Page, Source, TermProfile
from folio.content.parse import parse_article, parse_page, parse_profile
from folio.problems import Report

CONFIG = SiteConfig(timezone="Europe/Paris")
PATH = "content/articles/a.md"


def article(front: str, body: str = "Body text.", config: SiteConfig = CONFIG
            ) -> tuple[Article | None, list[str]]:
    report = Report()
    return parse_article(f"---\n{front}\n---\n{body}\n", PATH, config, report), report.lines()


def test_a_full_article() -> None:
    found, problems = article(
        "title: ' A Title '\nsubtitle: Deck\ndate: 2024-03-01\nupdated: 2024-03-05T10:00:00Z\n"
        "authors: [Jane Doe, ' John  Roe ']\ntags: [NATO]\nthemes: [Economy]\n"
        "summary: Short.\npublication: The Paper\nsource: {name: Wire, url: 'https://x.org/'}\n"
        "image: /i.png\ncopyright: CC\nlang: fr\nmood: calm", body="First.\n\nSecond.")
    assert problems == [] and found is not None
    assert (found.path, found.slug, found.title, found.subtitle) == (PATH, "a-title", "A Title",
                                                                      "Deck")
    assert found.date == datetime(2024, 3, 1, tzinfo=ZoneInfo("Europe/Paris"))
    assert found.updated is not None and found.updated.isoformat() == "2024-03-05T10:00:00+00:00"
    assert found.authors == ("Jane Doe", "John Roe")
    assert found.terms == (("authors", ("Jane Doe", "John Roe")), ("themes", ("Economy",)),
                           ("regions", ()), ("reports", ()), ("tags", ("NATO",)))
    assert (found.summary, found.publication, found.copyright, found.lang) == (
        "Short.", "The Paper", "CC", "fr")
    assert found.source == Source("Wire", "https://x.org/")
    assert found.image == Image("/i.png")
    assert found.extra == (("mood", "calm"),)
    assert found.body.strip() == "First.\n\nSecond." and found.body_line == 16
    assert found.draft is False


def test_one_author_by_the_singular_key() -> None:
    found, problems = article("title: T\ndate: 2024-01-01\nauthor: ' Jane   Doe '")
    assert problems == [] and found is not None
    assert found.authors == ("Jane Doe",) and found.terms[0] == ("authors", ("Jane Doe",))


def test_an_explicit_slug_and_a_draft() -> None:
    found, _ = article("title: T\ndate: 2024-01-01\nauthors: [A]\nslug: my-slug\ndraft: true")
    assert found is not None and (found.slug, found.draft) == ("my-slug", True)


def test_a_title_without_letters_gets_a_slug_still() -> None:
    found, _ = article("title: '!!!'\ndate: 2024-01-01\nauthors: [A]")
    assert found is not None and found.slug == "untitled"


@pytest.mark.parametrize(("front", "body", "problem"), [
    ("date: 2024-01-01\nauthors: [A]", "x", "content/articles/a.md:1: missing required key "
                                            "'title'"),
    ("title: T\nauthors: [A]", "x", "content/articles/a.md:1: missing required key 'date'"),
    ("title: T\ndate: 2024-01-01", "x", "content/articles/a.md:1: missing required key "
                                        "'authors' (a list of names)"),
    ("title: T\ndate: 2024-01-01\nauthors: []", "x",
     "content/articles/a.md:4: 'authors' must name at least one author"),
    ("title: T\ndate: 2024-01-01\nauthor: ''", "x",
     "content/articles/a.md:4: 'authors' must name at least one author"),
    ("title: T\ndate: 2024-01-01\nauthor: A\nauthors: [B]", "x",
     "content/articles/a.md:4: use either 'author' or 'authors', not both"),
    ("title: T\ndate: 2024-01-01\nauthors: [A]", "  \n",
     "content/articles/a.md:5: the article has no text after its front matter"),
    ("title: T\ndate: 2024-01-01\nauthors: [A]\nslug: Bad Slug", "x",
     "content/articles/a.md:5: slug 'Bad Slug' may only hold letters, digits, '-', '_', '.' "
     "and '~' (no '/', no '..', no leading '.'), e.g. 'bad-slug'"),
    ("title: T\ndate: 2024-01-01\nauthors: [A]\nslug: ../up", "x",
     "content/articles/a.md:5: slug '../up' may only hold letters"),
    ("title: T\ndate: 2024-01-01\nauthors: [A]\nurl: /no end", "x",
     "content/articles/a.md:5: url '/no end' must start and end with '/'"),
    ("title: T\ndate: 2024-01-01\nauthors: [A]\naliases: [/a b/]", "x",
     "content/articles/a.md:5: alias '/a b/' is not a path Folio can publish"),
    ("title: T\ndate: 2024-01-01\nauthors: [A]\naliases: {a: 1}", "x",
     "content/articles/a.md:5: 'aliases' must be a list of old paths"),
    ("title: T\ndate: 2024-01-01\nauthors: [A]\npart: 2", "x",
     "content/articles/a.md:5: 'part' numbers an article in a series: add 'series: Name'"),
    ("title: T\ndate: 2024-01-01\nauthors: [A]\ndraft: maybe", "x",
     "content/articles/a.md:5: 'draft' must be true or false, not 'maybe'"),
    ("title: T\ndate: 2024-01-01\nauthors: [A]\ntags: NATO", "x",
     "content/articles/a.md:5: 'tags' must be a list of names"),
    ("title: [T]\ndate: 2024-01-01\nauthors: [A]", "x",
     "content/articles/a.md:2: 'title' must be a string, not a list"),
])
def test_article_problems(front: str, body: str, problem: str) -> None:
    found, problems = article(front, body)
    assert found is None
    assert problems and problems[0].startswith(problem), problems


def test_an_authors_list_that_is_wrong_is_said_once() -> None:
    _, problems = article("title: T\ndate: 2024-01-01\nauthors: Jane")
    assert len(problems) == 1 and "'authors' must be a list of names" in problems[0]


def test_front_matter_errors_name_their_line() -> None:
    found, problems = article('title: "T\ndate: 2024-01-01\nauthors: [A]')
    assert found is None and problems[0].startswith("content/articles/a.md:4: invalid YAML")
    assert problems[0].endswith("(while scanning a quoted scalar that starts on line 2)")


def test_warnings_leave_the_article_in() -> None:
    found, problems = article("title: T\ndate: 2024-01-01\nauthors: [A]\ntitel: x\n"
                              "countries: [France]")
    assert found is not None
    assert problems == [
        "content/articles/a.md:5: warning: unknown key 'titel': did you mean 'title'?",
        "content/articles/a.md:6: warning: 'countries' is not a taxonomy in site.toml, so its "
        "names get no pages; add [taxonomies.countries] to site.toml to make it one"]
    assert found.extra == (("countries", ["France"]), ("titel", "x"))


def test_a_site_without_authors_needs_none() -> None:
    config = SiteConfig(taxonomies=(Taxonomy("topics", "Topics", "Topic"),))
    found, problems = article("title: T\ndate: 2024-01-01\ntopics: [a, b]", config=config)
    assert problems == [] and found is not None
    assert found.authors == () and found.terms == (("topics", ("a", "b")),)


def profile(text: str, path: str = "content/authors/jane-doe.md"
            ) -> tuple[TermProfile | None, list[str]]:
    report = Report()
    return parse_profile(text, path, "authors", report), report.lines()


def test_a_profile() -> None:
    found, problems = profile("---\nname: ' Jane   Doe '\naliases: [J. Doe]\nrole: x\n---\nBio.\n")
    assert problems == [] and found is not None
    assert (found.taxonomy, found.slug, found.name, found.aliases) == (
        "authors", "jane-doe", "Jane Doe", ("J. Doe",))
    assert found.body.strip() == "Bio." and found.extra == (("role", "x"),)


def test_a_profiles_file_name_is_its_slug() -> None:
    found, problems = profile("---\nname: Jane\n---\nBio.\n", "content/authors/Jane Doe.md")
    assert found is None
    assert problems == ["content/authors/Jane Doe.md:1: the file name 'Jane Doe' is the term's "
                        "URL slug and may only hold letters, digits, '-', '_', '.' and '~' (no "
                        "'/', no '..', no leading '.'); rename it to jane-doe.md"]
    found, problems = profile("---\nname: Jane\n---\nBio.\n", "content/authors/Jane_Doe.md")
    assert found is not None and found.slug == "Jane_Doe" and problems == []


def test_a_profile_needs_a_name_and_warns_of_typos() -> None:
    found, problems = profile("---\nnames: Jane\n---\nBio.\n")
    assert found is None
    assert problems == ["content/authors/jane-doe.md:1: missing required key 'name'",
                        "content/authors/jane-doe.md:2: warning: unknown key 'names': did you "
                        "mean 'name'?"]


def page(text: str, path: str = "content/pages/about-us.md") -> tuple[Page | None, list[str]]:
    report = Report()
    return parse_page(text, path, report), report.lines()


def test_a_page() -> None:
    found, problems = page("---\ntitle: About\n---\nText.\n")
    assert problems == [] and found is not None
    assert (found.slug, found.title, found.weight, found.menu) == ("about-us", "About", 0, True)
    found, _ = page("---\ntitle: About\nslug: who\nweight: -2\nmenu: false\n---\nText.\n")
    assert found is not None and (found.slug, found.weight, found.menu) == ("who", -2, False)


@pytest.mark.parametrize(("front", "problem"), [
    ("x: 1", "content/pages/about-us.md:1: missing required key 'title'"),
    ("title: A\nslug: Not OK", "content/pages/about-us.md:3: slug 'Not OK' may only hold"),
    ("title: A\nweight: heavy", "content/pages/about-us.md:3: 'weight' must be a whole number"),
    ("title: A\nmenu: 1", "content/pages/about-us.md:3: 'menu' must be true or false"),
])
def test_page_problems(front: str, problem: str) -> None:
    found, problems = page(f"---\n{front}\n---\nText.\n")
    assert found is None and problems[0].startswith(problem), problems


def test_where_an_article_is_published_besides_its_permalink() -> None:
    found, problems = article("title: T\ndate: 2024-01-01\nauthors: [A]\n"
                              "url: /2019/05/Old_Title/\n"
                              "aliases: [old/path, /old/path/, /2019/a.html]")
    assert problems == [] and found is not None
    assert found.url == "/2019/05/Old_Title/" and found.url_line == 5
    assert found.aliases == ("/old/path/", "/2019/a.html") and found.aliases_line == 6
    one, _ = article("title: T\ndate: 2024-01-01\nauthors: [A]\naliases: /just/one")
    assert one is not None and one.aliases == ("/just/one/",)
    by_slug, _ = article("title: T\ndate: 2024-01-01\nauthors: [A]\nslug: s")
    assert by_slug is not None and by_slug.url_line == 5 and by_slug.url == ""
    by_title, _ = article("date: 2024-01-01\ntitle: T\nauthors: [A]")
    assert by_title is not None and by_title.url_line == 3


def test_a_researchers_keys() -> None:
    found, problems = article(
        "title: T\ndate: 2024-01-01\nauthors: [A]\nid: urn:uuid:1234\n"
        "responds_to: [other.md, ../x/y.md#part, other.md]\nseries: ' The   Series '\npart: 2\n"
        "corrections: [{date: 2024-02-01, text: Second.}, {date: 2024-01-15, text: First.}]")
    assert problems == [] and found is not None
    assert (found.id, found.responds_to) == ("urn:uuid:1234", ("other.md", "../x/y.md#part"))
    assert (found.series, found.part) == ("The Series", 2)
    assert found.key_lines == (("id", 5), ("responds_to", 6), ("series", 7), ("part", 8))
    assert [c.text for c in found.corrections] == ["First.", "Second."]
