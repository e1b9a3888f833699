"""Every URL of the site and what claims it: `url:` and `aliases:` pages, collisions with
any other URL (the archive's own included), built end to end and read back."""

from __future__ import annotations

import json
import re

import pytest
from conftest import SiteProject

from folio.graph.claims import generated_urls
from folio.outputs.files import extra_files
from folio.pages.kinds import page_specs


def moved_site(project: SiteProject) -> SiteProject:
    project.write("site.toml", 'title = "Moves"\nbase_url = "https://example.org/sub/"\n')
    project.article("kept", "Kept Where It Was", "2024-01-02", ["Ann Lee"], tags=["Tides"],
                    aliases=["2019/05/kept.html", "/old/kept/", "old/kept"],
                    url="/2019/05/Kept_Here/")
    project.article("other", "Other", "2024-02-03", ["Bo Chan"], body="See [kept](kept.md).")
    return project


def test_an_article_is_published_at_its_url_and_each_alias_redirects_to_it(
        project: SiteProject) -> None:
    result = moved_site(project).build()
    assert not result.report.failed, result.report.lines()
    assert "Kept Where It Was" in project.page("/2019/05/Kept_Here/")
    assert 'href="../../2019/05/Kept_Here/"' in project.page("/articles/other/")
    for alias, target in [("2019/05/kept.html", "Kept_Here/"),
                          ("old/kept/index.html", "../../2019/05/Kept_Here/")]:
        page = (project.site / alias).read_text()
        assert f'<meta http-equiv="refresh" content="0; url={target}">' in page
        assert '<link rel="canonical" href="https://example.org/sub/2019/05/Kept_Here/">' in page
        assert '<meta name="robots" content="noindex">' in page
        assert f'<a href="{target}">https://example.org/sub/2019/05/Kept_Here/</a>' in page
        assert "site-header" not in page  # standalone, not the site's layout
    assert len(result.graph.aliases if result.graph else ()) == 2  # "old/kept" is /old/kept/


def test_aliases_are_listed_nowhere(project: SiteProject) -> None:
    assert not moved_site(project).build().report.failed
    listings = [project.page("/sitemap.xml"), project.page("/feed.xml"),
                project.page("/feed.json"), project.page("/"), project.page("/archive/2024/01/"),
                project.page("/tags/tides/")]
    for text in listings:
        assert "kept.html" not in text and "old/kept" not in text
    assert "https://example.org/sub/2019/05/Kept_Here/" in project.page("/sitemap.xml")
    search = b"".join(data for path, data in project.files().items()
                      if path.startswith("pagefind/"))
    assert b"old/kept" not in search


def test_generated_urls_are_the_pages_and_files_folio_makes(project: SiteProject) -> None:
    """`generated_urls` must follow `page_specs` and `extra_files`: a page kind added to
    one and not the other would let an article or alias overwrite it."""
    for n in range(12):
        project.article(f"a{n}", f"Piece {n}", f"202{n % 3}-0{n % 9 + 1}-1{n % 9}",
                        [f"Author {n % 4}"], tags=["Tides", f"Tag {n % 5}"],
                        themes=["Sea"], aliases=[f"/old/{n}/"])
    project.write("content/pages/about.md", "---\ntitle: About\n---\nAbout us.\n")
    result = project.build()
    assert not result.report.failed, result.report.lines()
    graph = result.graph
    assert graph is not None
    made = {spec.url for spec in page_specs(graph, {})} | {
        "/" + spec.relative for spec in extra_files(graph, [])}
    others = {e.url for e in graph.entries} | {p.url for p in graph.pages} | {
        a.url for a in graph.aliases}
    assert set(generated_urls(graph.entries, graph.terms, graph.archive, graph.config)) == \
        made - others


@pytest.mark.parametrize(("front", "expected"), [
    ({"url": "/archive/"}, "content/articles/b.md:5: /archive/ is also a page Folio makes "
                           "of the archive (/archive/)"),
    ({"url": "/tags/tides/"}, "content/articles/b.md:5: /tags/tides/ is also a page Folio "
                              "makes of the archive (/tags/tides/)"),
    ({"aliases": ["page/2/"]}, "content/articles/b.md:5: /page/2/ is also a page Folio makes "
                               "of the archive (/page/2/)"),
    ({"aliases": ["articles/a/cite.bib/"]}, "content/articles/b.md:5: /articles/a/cite.bib/ "
     "needs /articles/a/cite.bib/ to be a folder, but it is a page Folio makes of the "
     "archive (/articles/a/cite.bib)"),
    ({"aliases": ["static/old.html"]}, "content/articles/b.md:5: /static/old.html is inside "
                                       "/static/, where Folio publishes the theme's static files"),
    ({"url": "/articles/a/"}, "content/articles/b.md:5: /articles/a/ is also the URL of "
                              "content/articles/a.md"),
])
def test_a_url_or_alias_that_another_claims_is_an_error(
        project: SiteProject, front: dict[str, object], expected: str) -> None:
    project.write("site.toml", 'title = "T"\nper_page = 1\nbase_url = "https://e.org/"\n')
    project.article("a", "A", "2024-01-01", ["Ann"], tags=["Tides"])
    lines = ["title: B", "date: 2024-01-02", "authors: [Bo]"]
    lines += [f"{key}: {json.dumps(value)}" for key, value in front.items()]
    project.write("content/articles/b.md", "---\n" + "\n".join(lines) + "\n---\nText.\n")
    result = project.build()
    assert result.report.failed
    assert expected in result.report.lines(), result.report.lines()


def test_an_alias_of_one_article_and_the_url_of_another_name_each_other(
        project: SiteProject) -> None:
    project.article("a", "A", "2024-01-01", ["Ann"], url="/shared/")
    project.article("b", "B", "2024-01-02", ["Bo"], aliases=["shared"])
    lines = project.build().report.lines()
    assert lines == ["content/articles/a.md:5: /shared/ is also an alias in content/articles/b.md",
                     "content/articles/b.md:5: /shared/ is also the URL of content/articles/a.md"]


def test_a_slug_keeps_the_characters_an_archive_published(project: SiteProject) -> None:
    project.write("content/articles/a.md", "---\ntitle: Announcing Rust 1.12\ndate: 2016-09-29"
                  "\nauthors: [The Core Team]\nslug: Rust-1.12\n---\nText.\n")
    assert not project.build().report.failed
    assert re.search(r"<h1>Announcing Rust 1\.12</h1>", project.page("/articles/Rust-1.12/"))


def test_a_slug_in_another_script_is_published_and_linked_percent_encoded(
        project: SiteProject) -> None:
    project.write("content/articles/a.md", "---\ntitle: Café\ndate: 2016-09-29\n"
                  "authors: [Ann]\nslug: café\n---\nText.\n")
    project.article("b", "B", "2016-10-01", ["Bo"], body="See [the café](a.md).")
    assert not project.build().report.failed
    assert (project.site / "articles/café/index.html").is_file()
    assert 'href="../caf%C3%A9/"' in project.page("/articles/b/")
