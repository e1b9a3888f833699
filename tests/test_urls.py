"""folio/urls.py: slugs, safe URLs, output paths and the relative links between pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from folio.urls import (
    absolute_url,
    alias_url,
    is_safe_url,
    is_slug,
    join_inside,
    output_path,
    relative_url,
    safe_url,
    slugify,
    url_problem,
)


@pytest.mark.parametrize(("text", "slug"), [
    ("Türkiye's Choice", "turkiyes-choice"),
    ("Sergeï Müller-Øström", "sergei-muller-ostrom"),
    ("  Many   spaces & symbols!  ", "many-spaces-symbols"),
    ("!!!", "untitled"),
    ("🙂", "untitled"),
])
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug
    assert is_slug(slug)


def test_slugify_falls_back_to_a_slugified_fallback() -> None:
    assert slugify("¢", fallback="In-depth Report") == "in-depth-report"
    assert slugify("¢", fallback="???") == "untitled"


def test_a_long_title_makes_a_slug_of_whole_words() -> None:
    slug = slugify("word " * 40)
    assert len(slug) <= 80 and slug.endswith("word")


@pytest.mark.parametrize("text", ["Upper", "a--b", "-a", "a-", "é", "a_b.c~d", "2019", "v1.2"])
def test_a_slug_may_hold_what_a_url_carries_as_it_is(text: str) -> None:
    assert is_slug(text)  # as archives migrated from other generators publish them


@pytest.mark.parametrize("text", ["", "a b", "a/b", ".", "..", ".hidden", "a..b", "a?b",
                                  "a#b", "a%20b", "a'b", 'a"b', "a:b", "a\\b"])
def test_is_slug_refuses(text: str) -> None:
    assert not is_slug(text)


@pytest.mark.parametrize("url", ["/2019/05/a-title/", "/a/", "/Old_Path/v1.2/"])
def test_a_url_of_slugs(url: str) -> None:
    assert url_problem(url) is None


@pytest.mark.parametrize(("url", "problem"), [
    ("/", "url '/' must start and end with '/'"),
    ("2019/a/", "url '2019/a/' must start and end with '/'"),
    ("/2019/a", "url '/2019/a' must start and end with '/'"),
    ("/a//b/", "url '/a//b/': each folder may only hold letters"),
    ("/a/../b/", "url '/a/../b/': each folder may only hold letters"),
    ("/a b/", "url '/a b/': each folder may only hold letters"),
])
def test_a_url_that_is_no_path_of_slugs(url: str, problem: str) -> None:
    found = url_problem(url)
    assert found is not None and found.startswith(problem), found


@pytest.mark.parametrize(("text", "url"), [
    ("old/path", "/old/path/"), ("/old/path", "/old/path/"), ("/old/path/", "/old/path/"),
    (" /2019/05/a-title.html ", "/2019/05/a-title.html"), ("/A.HTM", "/A.HTM"),
    ("/feed.xml", "/feed.xml/"),
])
def test_an_alias_is_a_folder_or_an_html_file(text: str, url: str) -> None:
    assert alias_url(text) == url


@pytest.mark.parametrize("text", ["/", "", "/a/../b/", "/a b/", "/.git/", "//x/"])
def test_an_alias_that_cannot_be_published(text: str) -> None:
    assert alias_url(text) is None


@pytest.mark.parametrize("url", ["/a/b/", "other.md", "https://x.org/", "HTTP://X.ORG",
                                 "mailto:a@b.org", "#top", "?q=1", "  https://x.org"])
def test_safe_schemes_and_relative_urls(url: str) -> None:
    assert is_safe_url(url)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript:x", " javascript:x",
                                 "java\tscript:x", "\x01javascript:x", "java\nscript:x",
                                 "data:text/html,x", "vbscript:x", "file:///etc/passwd"])
def test_unsafe_urls(url: str) -> None:
    assert not is_safe_url(url)


@pytest.mark.parametrize(("url", "path"), [
    ("/", "index.html"),
    ("/articles/x/", "articles/x/index.html"),
    ("/feed.xml", "feed.xml"),
    ("/authors/jane/feed.xml", "authors/jane/feed.xml"),
    ("/404.html", "404.html"),
])
def test_output_path(url: str, path: str) -> None:
    assert output_path(url) == path


@pytest.mark.parametrize("url", ["articles/x/", "/../x/", "/a/../../x/", "/a/./b/",
                                 "/a\\..\\b/"])
def test_output_path_refuses_urls_that_leave_the_site(url: str) -> None:
    with pytest.raises(ValueError):
        output_path(url)


@pytest.mark.parametrize("url", ["/articles/a-title/", "../../tags/nato/", "./",
                                 "https://example.org/a/?q=1&r=2#top", "feed.xml",
                                 "/a/b/page/2/", "mailto:x@y.org"])
def test_safe_url_keeps_plain_urls_as_they_are(url: str) -> None:
    assert safe_url(url) == url


@pytest.mark.parametrize(("url", "safe"), [
    ('/a"b/', "/a%22b/"),
    ("/a'b/", "/a'b/"),
    ("/a<b>/", "/a%3Cb%3E/"),
    ("/a b/", "/a%20b/"),
    ("/a\x01b/", "/a%01b/"),
    ("/é/", "/%C3%A9/"),
    ("/a/#x#y", "/a/#x%23y"),
    ('/a/#x"y', "/a/#x%22y"),
    ("/100%/", "/100%25/"),
    ("/a%20b/", "/a%20b/"),  # an escape stays one
    ("/a`b/", "/a%60b/"),
])
def test_safe_url_encodes_what_a_url_may_not_hold(url: str, safe: str) -> None:
    assert safe_url(url) == safe
    assert safe_url(safe) == safe  # idempotent


@pytest.mark.parametrize(("here", "there", "link"), [
    ("/", "/articles/x/", "articles/x/"),
    ("/articles/x/", "/articles/y/", "../y/"),
    ("/articles/x/", "/", "../../"),
    ("/articles/x/", "/articles/x/", "./"),
    ("/", "/", "./"),
    ("/articles/x/", "/articles/x/cite.bib", "cite.bib"),
    ("/", "/feed.xml", "feed.xml"),
    ("/404.html", "/static/style.css", "static/style.css"),
    ("/a/b/c/", "/a/d/", "../../d/"),
    ("/tags/x/page/2/", "/tags/x/", "../../"),
    ("/", "/a:b/", "./a:b/"),  # never read as a scheme
    ("/x/", '/a"b/', '../a%22b/'),
    ("/x/", "/y/#part", "../y/#part"),
])
def test_relative_url(here: str, there: str, link: str) -> None:
    assert relative_url(here, there) == link


def test_absolute_url() -> None:
    assert absolute_url("https://x.org/archive/", "/feed.xml") == \
        "https://x.org/archive/feed.xml"
    assert absolute_url("https://x.org", "/a b/") == "https://x.org/a%20b/"
    assert absolute_url("", "/feed.xml") == "/feed.xml"


def test_join_inside(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "link").symlink_to(tmp_path)
    assert join_inside(tmp_path / "out", "a/b.html") == (tmp_path / "out/a/b.html").resolve()
    for bad in ("../x", "/etc/passwd", "a/../../x", "link/secret"):
        with pytest.raises(ValueError, match="path leaves"):
            join_inside(tmp_path / "out", bad)
