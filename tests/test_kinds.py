"""Each page kind as built: the front page, reading pages, term pages, year pages, 404.

End-to-end builds into tmp_path, read back as HTML (the browser checks of the same pages
are in test_theme.py).
"""

from __future__ import annotations

import re

from conftest import SiteProject

from folio.pages.front import year_span
from folio.pages.listing import Paginator


def _articles(project: SiteProject) -> None:
    """Twelve articles: two reports, three themes, four authors, 2019–2024."""
    plan = [("Ann Alder", "Ukraine Report", "Energy"), ("Ben Birch", "Ukraine Report", "Law"),
            ("Ann Alder", "Food Report", "Energy"), ("Cy Cedar", "", "Media"),
            ("Ann Alder", "", "Law"), ("Dee Dogwood", "Food Report", "Energy")]
    for n in range(12):
        author, report, theme = plan[n % len(plan)]
        meta: dict[str, object] = {"themes": [theme]}
        if report:
            meta["reports"] = [report]
        project.article(f"piece-{n:02d}", f"Piece {n:02d}", f"{2019 + n // 2}-0{1 + n % 2}-15",
                        [author], body=f"Text of piece {n:02d}.", **meta)


def test_front_page_sections_authors_and_years(project: SiteProject) -> None:
    _articles(project)
    project.write("site.toml", (project.root / "site.toml").read_text().replace(
        "per_page = 10", "per_page = 4"))
    assert not project.build().report.failed
    home = project.page("/")
    latest = home.index('id="latest-heading"')
    reports, themes = home.index('id="section-reports"'), home.index('id="section-themes"')
    authors, years = home.index('id="section-authors"'), home.index('id="section-years"')
    assert latest < reports < themes < authors < years
    newest = re.findall(r'class="card-title"><a href="articles/(piece-\d+)/', home)
    assert newest == ["piece-11", "piece-10", "piece-09", "piece-08"]  # newest first
    report_box = home[reports:themes]
    assert report_box.index(">Food Report<") < report_box.index(">Ukraine Report<")  # newest
    assert "4 articles, 2020–2024" in report_box  # Food Report: pieces 2, 5, 8, 11
    assert 'href="reports/food-report/">All 4 in Food Report' in report_box  # 3 shown
    assert 'href="reports/">All 2 in-depth reports' in report_box
    ann = home[authors:years]
    assert ann.index("Ann Alder") < ann.index("Ben Birch")  # the most articles first
    assert "6 articles, 2019–2024" in ann
    assert re.findall(r'href="archive/(\d{4})/">', home[years:]) == [
        str(y) for y in range(2024, 2018, -1)]
    assert 'href="page/2/" rel="next">More articles' in home
    second = project.page("/page/2/")
    assert "Latest commentary, page 2" in second and 'id="section-reports"' not in second


def test_pagers_number_the_pages_with_first_last_and_current() -> None:
    def numbers(number: int, count: int) -> list[int | None]:
        return Paginator([], number, count, "/", count * 10).numbers()

    assert numbers(1, 1) == [1]
    assert numbers(1, 5) == [1, 2, 3, 4, 5]
    assert numbers(6, 31) == [1, None, 4, 5, 6, 7, 8, None, 31]
    assert numbers(4, 31) == [1, 2, 3, 4, 5, 6, None, 31]  # a gap of one page is shown
    assert numbers(31, 31) == [1, None, 29, 30, 31]


def test_pager_links_prev_next_and_marks_the_current_page(project: SiteProject) -> None:
    _articles(project)
    project.write("site.toml", (project.root / "site.toml").read_text().replace(
        "term_per_page = 20", "term_per_page = 1"))
    assert not project.build().report.failed
    html = project.page("/authors/ann-alder/page/3/")
    pager = html[html.index('<nav class="pagination"'):]
    pager = pager[:pager.index("</nav>")]
    assert '<a class="pagination-step" href="../2/" rel="prev">' in pager
    assert '<a class="pagination-step" href="../4/" rel="next">' in pager
    assert 'href="./" aria-current="page" aria-label="Page 3 of 6">3</a>' in pager
    assert 'href="../../" aria-label="Page 1 (newest)">1</a>' in pager
    assert 'href="../6/" aria-label="Page 6 (oldest)">6</a>' in pager


def test_term_page_opens_with_profile_then_count_and_years_and_one_feed_link(
    project: SiteProject,
) -> None:
    _articles(project)
    project.write("content/authors/ann-alder.md", "---\nname: Ann Alder\n---\nAnn writes.\n")
    assert not project.build().report.failed
    html = project.page("/authors/ann-alder/")
    header = html[html.index("<h1"):html.index('<div class="cards">')]
    assert header.index("Ann writes.") < header.index("6 articles, 2019–2024")
    assert html.count("(Atom feed)") == 1
    assert year_span([2024]) == "2024" and year_span({}) == ""


def test_article_shows_its_image_update_corrections_and_folded_citations(
    project: SiteProject,
) -> None:
    project.write("content/articles/fixed.md", """
        ---
        title: Fixed
        date: 2024-03-01
        updated: 2024-03-09T10:00:00+00:00
        authors: [Nobody Profiled]
        image: {src: /img/dam.jpg, alt: The dam, caption: The dam in March.,
                credit: Photo A. B., width: 1200, height: 800}
        corrections:
          - {date: 2024-03-09, text: "The dam is 40 m high, not 400 m."}
          - {date: 2024-03-05, text: A name was misspelt.}
        ---
        The text.
        """)
    assert not project.build().report.failed
    html = project.page("/articles/fixed/")
    assert ('<img src="../../img/dam.jpg" alt="The dam" loading="lazy" decoding="async" '
            'width="1200" height="800">') in html
    assert ('<figcaption>The dam in March. <span class="credit">Photo A. B.</span>'
            '</figcaption>') in html
    assert "Featured image:" not in html  # shown with the image, not again as a line
    assert re.search(r'Updated <time datetime="2024-03-09T10:00:00\+00:00">March 9, 2024'
                     r'</time> \(<a href="#corrections">corrections</a>\)', html)
    fixes = html[html.index('id="corrections"'):]
    assert fixes.index("A name was misspelt.") < fixes.index("40 m high")  # oldest first
    assert "About " not in html  # no profile: no empty "About" section
    assert '<details class="end-section cite">' in html
    assert '<summary><h2 class="end-heading">Cite this article</h2></summary>' in html
    end = html[html.index('class="article-end"'):]
    headings = re.findall(r'<h2 class="([^"]+)"', end)
    assert headings and set(headings) == {"end-heading"}  # one heading style


def test_the_404_page_links_absolutely_from_base_url(project: SiteProject) -> None:
    project.article("a", "A", "2024-01-01", ["Ann"])
    assert not project.build().report.failed
    html = project.page("/404.html")
    assert 'href="https://example.org/archive/"' in html
    assert re.search(r'<link rel="stylesheet" href="https://example\.org/static/style\.'
                     r'[0-9a-f]{10}\.css">', html)
    assert not re.search(r'(href|src|action)="(?!https://example\.org/|#)', html)
    assert not project.build(base_url="").report.failed  # no base_url: site-rooted
    html = project.page("/404.html")
    assert 'href="/archive/"' in html and 'action="/search/"' in html


def test_year_pages_list_titles_by_month(project: SiteProject) -> None:
    _articles(project)
    assert not project.build().report.failed
    html = project.page("/archive/2020/")
    february = html[html.index('id="month-2"'):]
    assert february.index("February") < february.index("Piece 03") < february.index(
        'id="month-1"') < february.index("Piece 02")
    assert '<a href="02/" aria-label="Feb: 1 article">' in html  # the chart's bar
    archive = project.page("/archive/")
    assert '<a href="2020/" aria-label="2020: 2 articles">' in archive
