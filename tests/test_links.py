"""folio/graph/links.py: `.md` links resolved to pages and "cited by" lists; every dead
link an error with its line, in files with errors of their own too."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from folio.content.load import BodyLinks
from folio.content.model import Article, Page
from folio.graph.links import citations, resolve_link
from folio.graph.model import Entry, StaticPage
from folio.markup import Rendered
from folio.problems import Report

TARGETS = {"content/articles/a.md": "/articles/a/", "content/articles/sub/b.md": "/articles/b/",
           "content/pages/about.md": "/about/", "content/articles/my file.md": "/articles/f/"}


@pytest.mark.parametrize(("source", "href", "url"), [
    ("content/articles/x.md", "a.md", "/articles/a/"),
    ("content/articles/x.md", "./a.md#part-2", "/articles/a/#part-2"),
    ("content/articles/x.md", "sub/b.md", "/articles/b/"),
    ("content/articles/sub/b.md", "../a.md", "/articles/a/"),
    ("content/articles/x.md", "../pages/about.md", "/about/"),
    ("content/articles/x.md", "my%20file.md", "/articles/f/"),
    ("content/articles/x.md", "a.md?x=1#top", "/articles/a/#top"),
])
def test_links_resolve_to_the_page_of_the_file(source: str, href: str, url: str) -> None:
    assert resolve_link(source, href, TARGETS) == url


@pytest.mark.parametrize("href", ["missing.md", "../../../content/articles/a.md", "A.md",
                                  "sub/../b.md"])
def test_links_to_no_file_resolve_to_nothing(href: str) -> None:
    assert resolve_link("content/articles/x.md", href, TARGETS) is None


def entry(i: int, slug: str, links: tuple[str, ...] = (), lines: tuple[int, ...] = (),
          body_line: int = 5, path: str = "") -> Entry:
    article = Article(path or f"content/articles/{slug}.md", slug, slug,
                      datetime(2024, 1, 1, tzinfo=UTC), (), (), "", body_line)
    rendered = Rendered("", "", "", links, lines or tuple(range(len(links))), 1)
    return Entry(article, rendered, f"/articles/{slug}/", "", (), i)


def page(slug: str, links: tuple[str, ...] = ()) -> StaticPage:
    return StaticPage(Page(f"content/pages/{slug}.md", slug, slug, "", 4),
                      Rendered("", "", "", links, tuple(range(len(links))), 1), f"/{slug}/")


def targets_of(entries: tuple[Entry, ...], pages: tuple[StaticPage, ...] = ()) -> dict[str, str]:
    return {e.path: e.url for e in entries} | {p.page.path: p.url for p in pages}


def test_cited_by_lists_each_citing_article_once_in_order() -> None:
    entries = (entry(0, "a", ("c.md", "c.md#x")), entry(1, "b", ("c.md", "a.md")),
               entry(2, "c", ("c.md",)), entry(3, "d"))
    pages = (page("about", ("../articles/c.md",)),)
    report = Report()
    cited = citations(entries, pages, targets_of(entries, pages), report)
    assert report.problems == []
    assert cited == {2: (0, 1), 0: (1,)}  # a page and the article itself are no citations


def test_a_broken_link_names_its_file_and_line() -> None:
    entries = (entry(0, "a", ("gone.md", "b.md"), (3, 4), body_line=7), entry(1, "b"))
    pages = (page("about", ("nowhere.md",)),)
    report = Report()
    citations(entries, pages, targets_of(entries, pages), report)
    assert report.lines() == [
        "content/articles/a.md:10: link to gone.md finds no article or page",
        "content/pages/about.md:4: link to nowhere.md finds no article or page"]


def test_the_links_of_files_with_errors_are_checked_and_such_files_are_no_dead_ends() -> None:
    entries = (entry(0, "a", ("broken.md",)), entry(1, "b"))
    unread = (BodyLinks("content/articles/broken.md", 6, ("b.md", "gone.md#x"), (0, 2)),)
    report = Report()
    cited = citations(entries, (), targets_of(entries), report, unread)
    assert report.lines() == [
        "content/articles/broken.md:8: link to gone.md#x finds no article or page"]
    assert cited == {}  # a file that is not in the site cites nothing and is cited by none
