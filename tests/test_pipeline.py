"""End-to-end builds of real fixture sites into tmp_path, read back as HTML."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from conftest import SiteProject


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.links.append(value)
            if name == "id" and value:
                self.ids.add(value)


def broken_links(site: Path) -> list[str]:
    """Every internal href/src of every HTML page whose target file does not exist."""
    broken = []
    for page in sorted(site.rglob("*.html")):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        base = "file://" + page.as_posix()
        for link in parser.links:
            parts = urlsplit(link)
            if parts.scheme in ("http", "https", "mailto") or link.startswith("#"):
                continue
            target = Path(unquote(urlsplit(urljoin(base, link)).path))
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file() or not target.resolve().is_relative_to(site.resolve()):
                broken.append(f"{page.relative_to(site)}: {link}")
    return broken


def test_every_internal_link_resolves(built_archive: SiteProject) -> None:
    assert broken_links(built_archive.site) == []


def test_every_page_kind_is_built(built_archive: SiteProject) -> None:
    files = built_archive.files()
    for expected in [
        "index.html", "page/2/index.html", "404.html", "about/index.html",
        "articles/commentary-number-5-on-economy/index.html",
        "authors/index.html", "authors/andrew-korybko/index.html",
        "themes/index.html", "themes/intelligence/index.html",
        "regions/index.html", "regions/europe/index.html",
        "reports/index.html", "reports/ukraine-report/index.html",
        "tags/index.html", "tags/nato/index.html",
        "archive/index.html", "archive/2023/index.html", "archive/2023/05/index.html",
        "authors/sergei-muller-ostrom/index.html",
        "regions/latin-america-caribbean/index.html",
    ]:
        assert expected in files, expected


def test_home_lists_newest_first_with_byline_and_summary(built_archive: SiteProject) -> None:
    home = built_archive.page("/")
    dates = re.findall(r'<time datetime="([^"]+)"', home)
    assert len(dates) == 3 and dates == sorted(dates, reverse=True)
    assert "Opening paragraph of commentary" in home
    assert 'href="page/2/"' in home
    second = built_archive.page("/page/2/")
    assert 'href="../../"' in second  # newer: back to page 1
    assert re.findall(r'<time datetime="([^"]+)"', second)[0] < dates[-1]


def test_article_links_authors_terms_month_and_bio(built_archive: SiteProject) -> None:
    html = built_archive.page("/articles/commentary-number-5-on-economy/")
    assert '<a href="../../authors/jane-doe/" rel="author">Jane Doe</a> and ' in html
    assert '<a href="../../authors/sergei-muller-ostrom/" rel="author">Sergeï' in html
    assert 'href="../../archive/2024/06/"' in html
    assert 'href="../../themes/economy/"' in html
    assert 'href="../../regions/russia-and-fsu/"' in html
    assert "Published by Global Research." in html
    assert 'href="../commentary-number-1-on-economy/"' in html  # the .md link, resolved
    assert 'rel="prev"' in html and 'rel="next"' in html


def test_article_shows_author_bio_from_profile(built_archive: SiteProject) -> None:
    html = built_archive.page("/articles/commentary-number-4-on-intelligence/")
    assert "Andrew Korybko is an American Moscow-based political analyst." in html


def test_term_names_merge_case_insensitively(built_archive: SiteProject) -> None:
    reports = built_archive.page("/reports/")
    assert "Ukraine Report" in reports and "UKRAINE REPORT" not in reports
    assert reports.count('href="ukraine-report/"') == 1


def test_term_page_opens_with_profile_and_paginates(built_archive: SiteProject) -> None:
    html = built_archive.page("/themes/intelligence/")
    assert "Spies, secrets and the states that keep them." in html
    assert "page/2/" in html
    page2 = built_archive.page("/themes/intelligence/page/2/")
    assert "Spies, secrets" not in page2


def test_taxonomy_index_is_alphabetical_with_counts(built_archive: SiteProject) -> None:
    html = built_archive.page("/authors/")
    names = re.findall(r'<li><a href="[^"]+">([^<]+)</a> <span class="count">\((\d+)\)', html)
    assert [n for n, _ in names] == ["Andrew Korybko", "Jane Doe", "Li Wei",
                                     "Sergeï Müller-Øström"]
    assert sum(int(c) for _, c in names) == 14  # 12 articles, two with two authors


def test_archive_pages_count_years_and_months(built_archive: SiteProject) -> None:
    archive = built_archive.page("/archive/")
    counts = dict(re.findall(r'>(\d{4})</a> <span class="count">\((\d+)\)', archive))
    assert sum(map(int, counts.values())) == 12
    year = built_archive.page("/archive/2023/")
    assert "May" in year and 'href="05/"' in year


def test_static_page_in_navigation(built_archive: SiteProject) -> None:
    home = built_archive.page("/")
    assert '<a href="about/">About</a>' in home
    assert "This fixture archive exercises every page kind." in built_archive.page("/about/")


def test_same_input_gives_identical_output(archive: SiteProject, tmp_path: Path) -> None:
    archive.build()
    first = archive.files()
    (archive.site / "index.html").unlink()
    archive.build()
    assert archive.files() == first


def test_deleted_article_disappears_and_unchanged_files_keep_mtime(
    built_archive: SiteProject,
) -> None:
    about = built_archive.site / "about" / "index.html"
    before = about.stat().st_mtime_ns
    (built_archive.root / "content/articles/commentary-number-12-on-intelligence.md").unlink()
    assert not built_archive.build().report.failed
    assert not (built_archive.site / "articles/commentary-number-12-on-intelligence").exists()
    assert about.stat().st_mtime_ns == before


def test_failed_build_leaves_old_site_untouched(built_archive: SiteProject) -> None:
    before = built_archive.files()
    built_archive.write("content/articles/broken.md", "---\ntitle: [unclosed\n---\nx\n")
    result = built_archive.build()
    assert result.report.lines() == [
        "content/articles/broken.md:2: invalid YAML: did not find expected ',' or ']'"]
    assert built_archive.files() == before
    assert not (built_archive.root / "site.folio-new").exists()


def test_drafts_and_future_articles_are_left_out_unless_asked(project: SiteProject) -> None:
    project.article("now", "Now", "2024-01-01", ["A"])
    project.article("draft", "Draft", "2024-01-02", ["A"], draft=True)
    project.article("later", "Later", "2999-01-01", ["A"])
    project.build()
    assert sorted(p.name for p in (project.site / "articles").iterdir()) == ["now"]
    project.build(drafts=True, future=True)
    assert sorted(p.name for p in (project.site / "articles").iterdir()) == [
        "draft", "later", "now"]


def test_check_writes_nothing(archive: SiteProject) -> None:
    result = archive.build(write=False)
    assert not result.report.failed and result.pages > 30
    assert not archive.site.exists()
