"""Page bundles: `content/articles/<name>/index.md` with its files beside it, published
beside the article's page so that relative links and images keep working."""

from __future__ import annotations

from pathlib import Path

from conftest import SiteProject

from folio.content.load import BundleFile, find_bundles
from folio.problems import Report

TRIP = "content/articles/a-trip"


def trip(project: SiteProject, front: str = "",
         site: str = 'title = "Trips"\nsearch = false\n') -> SiteProject:
    """A bundle with an image, a file in a folder and an image in HTML (search is off:
    these tests are about files, not the index)."""
    project.write("site.toml", site)
    (project.root / TRIP).mkdir(parents=True)
    (project.root / TRIP / "index.md").write_text(
        "---\ntitle: A Trip Along the Coast\ndate: 2024-05-01\nauthors: [Ann Lee]\n"
        f"{front}\n---\n\n"
        '![The harbour at dawn](harbour.jpg "Dawn")\n\n'
        'The [route](maps/route.pdf?v=2#page=3) and <img src="maps/coast.svg" alt="The coast">.\n')
    (project.root / TRIP / "harbour.jpg").write_bytes(b"\xff\xd8 a harbour")
    (project.root / TRIP / "maps").mkdir()
    (project.root / TRIP / "maps/route.pdf").write_bytes(b"%PDF a route")
    (project.root / TRIP / "maps/coast.svg").write_text("<svg/>")
    return project


def test_a_bundles_files_are_published_beside_its_page(project: SiteProject) -> None:
    result = trip(project).build()
    assert not result.report.failed
    folder = project.site / "articles/a-trip-along-the-coast"
    assert (folder / "harbour.jpg").read_bytes() == b"\xff\xd8 a harbour"
    assert (folder / "maps/route.pdf").read_bytes() == b"%PDF a route"
    page = project.page("/articles/a-trip-along-the-coast/")
    assert 'src="harbour.jpg"' in page and 'href="maps/route.pdf?v=2#page=3"' in page
    assert not any("names no file" in line for line in result.report.lines())


def test_the_files_follow_the_article_when_its_url_changes(project: SiteProject) -> None:
    trip(project, 'url: /2024/05/Coast_Trip/\naliases: ["articles/a-trip-along-the-coast/"]')
    assert not project.build().report.failed
    assert (project.site / "2024/05/Coast_Trip/maps/coast.svg").is_file()
    assert not (project.site / "articles/a-trip-along-the-coast/harbour.jpg").exists()
    redirect = project.page("/articles/a-trip-along-the-coast/")
    assert 'content="0; url=../../2024/05/Coast_Trip/"' in redirect


def test_feeds_give_a_bundles_images_absolute_urls(project: SiteProject) -> None:
    trip(project, site='title = "T"\nsearch = false\nbase_url = "https://example.org/"\n')
    assert not project.build().report.failed
    feed = project.page("/feed.xml")
    assert "https://example.org/articles/a-trip-along-the-coast/harbour.jpg" in feed


def test_a_drafts_files_are_not_published(project: SiteProject) -> None:
    trip(project, "draft: true")
    assert not project.build().report.failed
    assert not list(project.site.rglob("harbour.jpg"))
    assert project.build(drafts=True, cache=False).report.failed is False
    assert list(project.site.rglob("harbour.jpg"))


def test_a_missing_file_is_a_warning_with_its_line(project: SiteProject) -> None:
    trip(project)
    (project.root / TRIP / "maps/route.pdf").unlink()
    result = project.build()
    assert not result.report.failed
    assert "content/articles/a-trip/index.md:10: warning: maps/route.pdf?v=2#page=3 names no " \
        "file the site publishes (a page bundle's files are those beside its index.md)" in \
        result.report.lines()


def test_links_to_other_pages_and_their_files_are_not_missing(project: SiteProject) -> None:
    trip(project)
    project.article("b", "B", "2024-06-01", ["Bo"], body=(
        "![Borrowed](../a-trip-along-the-coast/harbour.jpg) [tags](../../tags/) "
        "[self](./) [top](#top) [feed](../../feed.xml) [mail](mailto:a@b.org)"))
    result = project.build()
    assert not any("names no file" in line for line in result.report.lines()), \
        result.report.lines()


def test_stray_files_outside_a_bundle_are_still_warned_about(project: SiteProject) -> None:
    project.article("a", "A", "2024-01-01", ["Ann"])
    project.write("content/articles/notes.txt", "not an article")
    project.write("content/articles/index.md", "---\ntitle: I\ndate: 2024-01-02\n"
                  "authors: [Ann]\n---\nAn article named index, not a bundle.\n")
    lines = project.build().report.lines()
    assert "content/articles/notes.txt: warning: not a Markdown file (.md), nor beside an " \
        "article's index.md in a page bundle; ignored" in lines


def test_find_bundles_gives_each_file_to_the_nearest_bundle(tmp_path: Path) -> None:
    content = tmp_path / "content"
    for relative in ["articles/a/index.md", "articles/a/photo.jpg", "articles/a/sub/map.png",
                     "articles/a/sub/b/index.md", "articles/a/sub/b/chart.svg",
                     "articles/a/notes.md", "articles/a/.hidden.jpg", "articles/a/draft.jpg~",
                     "articles/loose.jpg", "articles/index.md", "articles/c/only.jpg",
                     "pages/index.md", "pages/photo.jpg"]:
        (content / relative).parent.mkdir(parents=True, exist_ok=True)
        (content / relative).write_text("x")
    assert find_bundles(str(content), "content") == (
        BundleFile("content/articles/a/index.md", "photo.jpg", "articles/a/photo.jpg"),
        BundleFile("content/articles/a/sub/b/index.md", "chart.svg",
                   "articles/a/sub/b/chart.svg"),
        BundleFile("content/articles/a/index.md", "sub/map.png", "articles/a/sub/map.png"),
    )
    assert Report().problems == []


def test_a_bundles_featured_image_gets_an_absolute_address_in_the_head(
        project: SiteProject) -> None:
    trip(project, "image: {src: harbour.jpg, alt: The harbour}",
         site='title = "T"\nsearch = false\nbase_url = "https://example.org/"\n')
    assert not project.build().report.failed
    page = project.page("/articles/a-trip-along-the-coast/")
    assert '<meta property="og:image" content="https://example.org/articles/' \
        'a-trip-along-the-coast/harbour.jpg">' in page
