"""Properties that must hold for any input: the seed parser, the front-matter loader, slugs
and the URLs between pages (Hypothesis; each test runs in a few seconds)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import unquote, urljoin, urlsplit
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from folio.config import SiteConfig
from folio.content.frontmatter import FrontMatterError, split_document
from folio.content.model import Article
from folio.content.parse import parse_article, parse_page, parse_profile
from folio.graph.model import permalink
from folio.importing import SeedArticle, parse_seed
from folio.problems import Report, Severity
from folio.urls import (
    SLUG_RE,
    is_safe_url,
    is_slug,
    join_inside,
    output_path,
    relative_url,
    slugify,
)

FAST = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])
QUICK = settings(max_examples=400, deadline=None)


def line_count(text: str) -> int:
    """Lines of `text` as an editor numbers them: at least 1, a final `\\n` adds none."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return max(1, text.count("\n") + (not text.endswith("\n")))


# --- seeds -------------------------------------------------------------------------------

SEED_LINES = st.sampled_from([
    "# Title. \"Deck\"", "# A headline", "# ", "#", "# .", "# \"\"", "# *x*",
    "By [x](#)", "By [A](#) and [B](#)", "By ", "By [](#)", "By , and ,", "by &",
    "Global Research, November 20, 2024", "Global Research, February 31, 2024",
    "Global Research, Smarch 1, 2024", "Global Research, May 1, 0000",
    "Region: Europe", "Region: [Europe](#), [Russia and FSU](#)", "Region:", "Region: ,",
    "Theme: [Intelligence](#)", "In-depth Report: [UKRAINE REPORT](#)", "Theme: [](#)",
    "\\*", "*", "**", "***", "*x*", "*\\*", "\\*\\*",
    "*This article was originally published on [Site](https://e.org).*",
    "*This article was first published on*", "*Featured image: *", "*Featured image:*",
    "Copyright © [A](#), Global Research, 2024", "Copyright ©", "Copyright (c) ",
    "### About the author:", "### About the authors", "**x** is a writer.", "**** y",
    "Click the share button below", "The original source of this article is Global Research",
    "\ufeff", "\ufeff# BOM title", "  ", "\t", "", "", "",
    "\"Quoted paragraph.\"", "He said that", "He said:", "> quote", "[link](#)", "[](",
])  # fmt: skip


@st.composite
def seed_texts(draw: st.DrawFn) -> str:
    lines = draw(st.lists(st.one_of(SEED_LINES, SEED_LINES, st.text(max_size=40)),
                          max_size=30))
    end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    bom = draw(st.sampled_from(["", "\ufeff"]))
    return bom + end.join(lines) + draw(st.sampled_from(["", end]))


def check_seed(text: str) -> None:
    result = parse_seed(text, "seed.txt")
    assert isinstance(result, tuple) and len(result) == 2
    article, problems = result
    errors = [p for p in problems if p.severity is Severity.ERROR]
    assert (article is None) == bool(errors), problems
    last = line_count(text)
    for problem in problems:
        assert problem.path == "seed.txt"
        assert 1 <= problem.line <= last, (problem, last)
        assert problem.message.strip()
    if article is not None:
        assert isinstance(article, SeedArticle)
        assert article.title.strip() and article.authors
        assert all(name.strip() for name in article.authors)
        assert "\r" not in article.body and "\ufeff" not in article.title


@QUICK
@given(st.text())
def test_seed_parser_never_raises_on_any_text(text: str) -> None:
    check_seed(text)


@QUICK
@given(seed_texts())
def test_seed_parser_never_raises_on_seed_like_assemblies(text: str) -> None:
    check_seed(text)


@FAST
@given(st.lists(SEED_LINES, max_size=12), st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_line_ends_and_bom_do_not_change_the_result(lines: list[str], end: str,
                                                    bom: bool) -> None:
    plain = "\n".join(line.lstrip("\ufeff") for line in lines)
    variant = ("\ufeff" if bom else "") + plain.replace("\n", end)
    assert parse_seed(variant, "seed.txt") == parse_seed(plain, "seed.txt")


def test_seed_with_every_header_line_parses() -> None:
    text = "\r\n".join(["\ufeff# Title. \"Deck\"", "", "By [x](#)", "",
                        "Global Research, November 20, 2024", "", "Region: Europe", "",
                        "Body text here.", "", "\\*", ""])
    article, problems = parse_seed(text, "seed.txt")
    assert article is not None, problems
    assert (article.title, article.subtitle, article.authors) == ("Title", '"Deck"', ("x",))
    assert article.regions == ("Europe",) and article.date == dt.date(2024, 11, 20)
    assert article.body == "Body text here."


# --- front matter ------------------------------------------------------------------------

FRONT_LINES = st.sampled_from([
    "title: A title", "title:", "title: [a, b]", "title: {a: 1}", "title: 'x", 'title: "x',
    "date: 2024-11-20", "date: 2024-13-45", "date: 2024-11-20T09:30:00+01:00", "date: x",
    "date: 2024-02-30", "date: 10000-01-01", "updated: 2024-11-20 25:61",
    "authors: [A, B]", "authors: A", "authors:", "authors: [[x]]", "author: A",
    "  - nested", "- item", "tags: [", "tags: ]", "slug: ../../etc", "slug: A B", "slug: ok",
    "source: {name: x, url: y}", "source: {bogus: 1}", "image: x.jpg", "image: {src: 1}",
    "draft: yes", "draft: maybe", "weight: x", "menu: false", "name: N", "aliases: [a]",
    "&anchor a: 1", "b: *anchor", "*", "!!python/object:os.system x", "!!binary x",
    "key: !!float nan", "? complex", ": x", "x: |", "  block", "\t tab: 1", "%YAML 1.2",
    "'': 1", "1: one", "null: 2", "true: 3", "dup: 1", "dup: 2", "---", "...", "#", "",
])  # fmt: skip


@st.composite
def documents(draw: st.DrawFn) -> str:
    front = draw(st.lists(st.one_of(FRONT_LINES, FRONT_LINES, st.text(max_size=25)),
                          max_size=15))
    body = draw(st.text(max_size=60))
    opening = draw(st.sampled_from(["---\n", "---\n", "--- \n", "\ufeff---\n", "", "---"]))
    closing = draw(st.sampled_from(["\n---\n", "\n---\n", "\n---", "\n...\n", ""]))
    return opening + "\n".join(front) + closing + body


def check_split(text: str) -> None:
    last = line_count(text)
    try:
        doc = split_document(text)
    except FrontMatterError as exc:
        assert 1 <= exc.line <= last, (exc.line, last, exc.message)
        assert exc.message.strip()
        return
    assert isinstance(doc.meta, dict)
    assert 1 <= doc.body_line <= last + 1
    for key, line in doc.lines.items():
        key = key.split("[", 1)[0] if key.endswith("]") else key  # a list item: "key[2]"
        assert key in doc.meta or key in map(str, doc.meta)
        assert 1 <= line <= last, (key, line, last)


@QUICK
@given(st.text())
def test_front_matter_split_never_raises_on_any_text(text: str) -> None:
    check_split(text)


@QUICK
@given(documents())
def test_front_matter_split_never_raises_on_document_like_text(text: str) -> None:
    check_split(text)


CONFIG = SiteConfig()


@FAST
@given(documents())
def test_content_parsers_report_problems_with_a_line_inside_the_file(text: str) -> None:
    text = text.lstrip("\ufeff")  # decode_text removes it before parsing
    last = line_count(text)
    for parse in (lambda r: parse_article(text, "content/articles/a.md", CONFIG, r),
                  lambda r: parse_profile(text, "content/authors/a.md", "authors", r),
                  lambda r: parse_page(text, "content/pages/a.md", r)):
        report = Report()
        result = parse(report)
        assert (result is None) == report.failed, report.lines()
        for problem in report.problems:
            assert 1 <= problem.line <= last, (problem, last)
        if isinstance(result, Article):
            assert is_slug(result.slug)


@pytest.mark.parametrize("slug", ["../../etc", "a/b", "..", "a..b", ".hidden", "a title",
                                  "/etc/passwd", "a?b", "a#b", "a%20b", "a\\\\b", "a\u200bb",
                                  "a:b", "a+b", ""])
def test_a_bad_slug_is_an_error_at_its_line(slug: str) -> None:
    text = f'---\ntitle: T\ndate: 2024-11-20\nauthors: [A]\nslug: "{slug}"\n---\nBody\n'
    report = Report()
    article = parse_article(text, "content/articles/a.md", CONFIG, report)
    if slug == "":  # an empty slug means "from the title"
        assert article is not None and article.slug == "t"
        return
    assert article is None
    assert [(p.line, p.severity) for p in report.problems] == [(5, Severity.ERROR)]
    assert "slug" in report.problems[0].message


@pytest.mark.parametrize("slug", ["A-Title", "a--b", "-a", "a-", "a.b", "snake_case",
                                  "Rust-1.12", "v1.2~rc", "~home", "trailing.", "café",
                                  "東京"])
def test_a_published_slug_of_any_url_safe_characters_is_kept(slug: str) -> None:
    """Archives migrated from other generators keep the slugs they published."""
    text = f'---\ntitle: T\ndate: 2024-11-20\nauthors: [A]\nslug: "{slug}"\n---\nBody\n'
    report = Report()
    article = parse_article(text, "content/articles/a.md", CONFIG, report)
    assert article is not None and article.slug == slug, report.lines()
    assert output_path(permalink(CONFIG, article)) == f"articles/{slug}/index.html"


# --- slugs -------------------------------------------------------------------------------


@QUICK
@given(st.text())
def test_slug_of_any_text_is_a_slug(text: str) -> None:
    slug = slugify(text)
    assert SLUG_RE.match(slug), (text, slug)
    assert len(slug) <= 80


@QUICK
@given(st.text(), st.text())
def test_slug_with_any_fallback_is_a_slug(text: str, fallback: str) -> None:
    assert SLUG_RE.match(slugify(text, fallback)), (text, fallback)


@QUICK
@given(st.text(alphabet=st.characters(categories=["P", "S", "Z", "C"])))
def test_text_without_letters_or_digits_gets_the_fallback(text: str) -> None:
    slug = slugify(text)
    assert SLUG_RE.match(slug)
    if not any(c.isalnum() for c in text):
        assert slug == "untitled"
        assert slugify(text, "My Fallback!") == "my-fallback"


@QUICK
@given(st.lists(st.text(alphabet="abcxyz0189", min_size=1, max_size=8), min_size=1,
                max_size=8).map("-".join))
def test_a_slug_is_its_own_slug(slug: str) -> None:
    assert SLUG_RE.match(slug)
    assert slugify(slug) == slug


@pytest.mark.parametrize(("text", "slug"), [
    ("Turkiye's Contradictory Approach", "turkiyes-contradictory-approach"),
    ("Sergeï Müller-Øström", "sergei-muller-ostrom"), ("!!!", "untitled"), ("", "untitled"),
    ("🙂🙂", "untitled"), ("--", "untitled"), ("a--b", "a-b"), ("UKRAINE REPORT", "ukraine-report"),
    ("../../etc/passwd", "etc-passwd"), ("<script>alert(1)</script>", "script-alert-1-script"),
])  # fmt: skip
def test_slug_examples(text: str, slug: str) -> None:
    assert slugify(text) == slug


# --- URLs --------------------------------------------------------------------------------

SEGMENT = st.text(alphabet="abcz019-_.~:@!$&'()*+,;=", min_size=1, max_size=6).filter(
    lambda s: s not in (".", ".."))
FILE = st.text(alphabet="abz09-_", min_size=1, max_size=5).map(lambda s: s + ".xml")


@st.composite
def page_urls(draw: st.DrawFn) -> str:
    folders = draw(st.lists(SEGMENT, max_size=4))
    tail = draw(st.one_of(st.just(""), FILE))
    return "/" + "".join(f + "/" for f in folders) + tail


BASES = st.sampled_from(["https://example.org/", "https://example.org/sub/path/",
                         "file:///home/user/site/"])


def resolve(base: str, from_url: str, link: str) -> str:
    return urljoin(base + from_url.lstrip("/"), link)


@settings(max_examples=300, deadline=None)
@given(BASES, page_urls(), page_urls())
def test_relative_url_lands_on_the_target_inside_the_site(base: str, from_url: str,
                                                          to_url: str) -> None:
    link = relative_url(from_url, to_url)
    assert link, (from_url, to_url)
    assert not urlsplit(link).scheme and not link.startswith("/"), link
    landed = unquote(resolve(base, from_url, link))  # percent-encoded where a URL must be
    assert landed == base + to_url.lstrip("/"), (from_url, to_url, link, landed)
    assert landed.startswith(base)


@QUICK
@given(page_urls())
def test_link_to_the_page_itself_is_never_empty(url: str) -> None:
    link = relative_url(url, url)
    assert link and resolve("https://h/", url, link) == "https://h" + url


@QUICK
@given(page_urls())
def test_output_path_stays_in_the_output_folder(url: str) -> None:
    path = output_path(url)
    assert not path.startswith("/") and ".." not in path.split("/")
    assert path.endswith("index.html") == url.endswith("/")


@pytest.mark.parametrize("url", ["/../x/", "/a/../../x", "/a/./b/", "/a\\..\\b/", "x/", ""])
def test_output_path_refuses_urls_leaving_the_site(url: str) -> None:
    with pytest.raises(ValueError):
        output_path(url)


PERMALINKS = st.sampled_from(["/articles/{slug}/", "/{year}/{month}/{day}/{slug}/",
                              "/{slug}/", "/a/{year}/{slug}/"])


@QUICK
@given(PERMALINKS, st.text(), st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)))
def test_permalink_of_any_title_is_a_page_inside_the_site(pattern: str, title: str,
                                                          day: dt.date) -> None:
    config = SiteConfig(permalink=pattern)
    when = dt.datetime.combine(day, dt.time(), ZoneInfo("UTC"))
    article = Article("content/articles/a.md", slugify(title), title or "T", when, ("A",), (),
                      "", 1)
    url = permalink(config, article)
    assert url.startswith("/") and url.endswith("/")
    assert output_path(url).endswith(f"{article.slug}/index.html")
    assert all(part and part not in (".", "..") for part in url.strip("/").split("/"))
    link = relative_url("/tags/some-tag/page/2/", url)
    assert resolve("https://example.org/sub/", "/tags/some-tag/page/2/", link) == (
        "https://example.org/sub" + url)


@QUICK
@given(st.text(alphabet="ab./\\~:", max_size=12))
def test_join_inside_never_leaves_its_root(tmp_path_factory: pytest.TempPathFactory,
                                           relative: str) -> None:
    root = tmp_path_factory.getbasetemp() / "root"
    try:
        path = join_inside(root, relative)
    except ValueError:
        return
    assert path.is_relative_to(root.resolve())


def browser_scheme(url: str) -> str:
    """The scheme a browser reads (WHATWG: C0 controls and spaces trimmed, tabs and
    newlines removed anywhere)."""
    url = url.strip("".join(map(chr, range(0x21))))
    url = url.replace("\t", "").replace("\n", "").replace("\r", "")
    head = url.split(":", 1)[0] if ":" in url else ""
    ok = head[:1].isascii() and head[:1].isalpha() and all(
        c.isascii() and (c.isalnum() or c in "+-.") for c in head)
    return head.lower() if ok else ""


@QUICK
@given(st.one_of(st.text(max_size=20), st.builds(
    lambda a, s, b: a + s + b, st.text(alphabet="\x00\x01\t\n \x7f", max_size=3),
    st.sampled_from(["javascript:", "JaVa\tScRiPt:", "data:", "vbscript:", "http:", "x:"]),
    st.text(max_size=10))))
def test_a_safe_url_cannot_carry_a_script_scheme(url: str) -> None:
    if is_safe_url(url):
        assert browser_scheme(url) in ("", "http", "https", "mailto"), url
