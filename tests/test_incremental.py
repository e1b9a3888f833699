"""Incremental builds: the same bytes as a clean build, with only changed files written."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, SiteProject, clean_copy

from folio import pipeline
from folio.incremental import loading, refresh
from folio.incremental.cache import Cache
from folio.incremental.state import Snapshot, state_key
from folio.pages.templates import Renderer
from folio.pipeline import BuildOptions, BuildResult, Project, build
from folio.problems import Report
from folio.publish import output

ARTICLES = "content/articles"


def clean_build(project: SiteProject, tmp_path: Path, name: str) -> dict[str, bytes]:
    """Build a copy of the project with no cache and no previous site."""
    return clean_copy(project, tmp_path, name).files()


def _edit_body(p: SiteProject) -> None:
    path = p.root / ARTICLES / "commentary-number-3-on-media-disinformation.md"
    path.write_text(path.read_text() + "\nA new closing paragraph.\n")


def _rewrite_body(p: SiteProject) -> None:
    """A new body with other keywords: the article is a nearer or farther neighbour of
    others, whose related lists change (without links, so the site keeps its shape)."""
    path = p.root / ARTICLES / "commentary-number-10-on-law-and-justice.md"
    front = path.read_text().split("---\n")[1]
    path.write_text(f"---\n{front}---\nEconomy markets inflation: growth, trade, budget, "
                    "markets again and inflation again.\n")


def _touch(p: SiteProject) -> None:
    path = p.root / ARTICLES / "commentary-number-4-on-intelligence.md"
    path.write_bytes(path.read_bytes())
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))


def _resummarize(p: SiteProject) -> None:
    """A summary in the front matter: every card of the article changes."""
    path = p.root / ARTICLES / "commentary-number-8-on-intelligence.md"
    path.write_text(path.read_text().replace("title:", "summary: A summary of its own.\ntitle:",
                                             1))


def _retitle(p: SiteProject) -> None:
    path = p.root / ARTICLES / "commentary-number-7-on-media-disinformation.md"
    path.write_text(path.read_text().replace("Commentary number 7", "A renamed piece", 1))


def _add(p: SiteProject) -> None:
    p.write(f"{ARTICLES}/a-new-arrival.md", """
        ---
        title: A new arrival
        date: 2024-12-31
        authors: [New Author, Jane Doe]
        themes: [Intelligence]
        tags: [NATO, Brand New Tag]
        ---
        Fresh commentary that cites [number 9](commentary-number-9-on-economy.md).
        """)


def _delete(p: SiteProject) -> None:
    (p.root / ARTICLES / "commentary-number-12-on-intelligence.md").unlink()


def _retag(p: SiteProject) -> None:
    path = p.root / ARTICLES / "commentary-number-2-on-law-and-justice.md"
    path.write_text(path.read_text().replace("regions: [", "regions: [\"Africa\", ", 1))


def _redate(p: SiteProject) -> None:
    path = p.root / ARTICLES / "commentary-number-1-on-economy.md"
    text = path.read_text()
    old = next(line for line in text.splitlines() if line.startswith("date:"))
    path.write_text(text.replace(old, "date: 2025-01-15", 1))


def _reslug_cited(p: SiteProject) -> None:
    """The article a new arrival links to moves: the link in the other article follows."""
    path = p.root / ARTICLES / "commentary-number-9-on-economy.md"
    path.write_text(path.read_text().replace("title:", "slug: economy-nine\ntitle:", 1))


def _backdate_oldest(p: SiteProject) -> None:
    """The oldest article goes further back: no list changes order, timelines change."""
    oldest = min((f for f in (p.root / ARTICLES).glob("*.md")),
                 key=lambda f: next(line for line in f.read_text().splitlines()
                                    if line.startswith("date:")))
    text = oldest.read_text()
    old = next(line for line in text.splitlines() if line.startswith("date:"))
    oldest.write_text(text.replace(old, "date: 2001-02-03", 1))


BUNDLE = f"{ARTICLES}/field-notes"


def _add_bundle(p: SiteProject) -> None:
    """A page bundle in TOML, with an image, a file in a folder and old URLs."""
    p.write(f"{BUNDLE}/index.md", """
        +++
        title = "Field notes"
        date = 2024-12-30T08:00:00+01:00
        authors = ["Jane Doe"]
        themes = ["Intelligence"]
        aliases = ["notes/field/", "2024/12/field-notes.html"]
        +++
        A harbour at dawn: ![The harbour](harbour.png)

        The [route](maps/route.pdf) is attached.
        """)
    (p.root / BUNDLE / "harbour.png").write_bytes(b"\x89PNG a first harbour")
    (p.root / BUNDLE / "maps").mkdir()
    (p.root / BUNDLE / "maps/route.pdf").write_bytes(b"%PDF a route")


def _edit_bundle_text(p: SiteProject) -> None:
    path = p.root / BUNDLE / "index.md"
    path.write_text(path.read_text() + "\nA closing line about the tide.\n")


def _change_bundle_image(p: SiteProject) -> None:
    (p.root / BUNDLE / "harbour.png").write_bytes(b"\x89PNG the harbour, retouched")


def _add_bundle_file(p: SiteProject) -> None:
    (p.root / BUNDLE / "tides.csv").write_text("hour,height\n6,1.2\n")


def _remove_bundle_file(p: SiteProject) -> None:
    (p.root / BUNDLE / "maps/route.pdf").unlink()
    path = p.root / BUNDLE / "index.md"
    path.write_text(path.read_text().replace("The [route](maps/route.pdf) is attached.",
                                             "The route is lost."))


def _reslug_bundle(p: SiteProject) -> None:
    """The bundle moves: its files move with its page, the old URL is kept by an alias."""
    path = p.root / BUNDLE / "index.md"
    path.write_text(path.read_text().replace(
        'aliases = ["notes/field/"', 'slug = "Notes_from.the-Field"\n'
        'aliases = ["articles/field-notes/", "notes/field/"', 1))


def _url(p: SiteProject) -> None:
    path = p.root / ARTICLES / "commentary-number-5-on-economy.md"
    path.write_text(path.read_text().replace("title:", "url: /2019/economy/five/\ntitle:", 1))


def _correct(p: SiteProject) -> None:
    """An `updated` date with a correction: the article says so, feeds and sitemap too."""
    path = p.root / ARTICLES / "commentary-number-6-on-law-and-justice.md"
    path.write_text(path.read_text().replace("title:", "updated: 2024-12-20\ncorrections:\n"
                                             "  - {date: 2024-12-20, text: A date was wrong.}\n"
                                             "title:", 1))


def _feature_image(p: SiteProject) -> None:
    """A featured image with its size and credit: the article's page shows it."""
    path = p.root / ARTICLES / "commentary-number-11-on-media-disinformation.md"
    path.write_text(path.read_text().replace(
        "title:", "image: {src: /images/press.jpg, alt: A press room, caption: The room., "
        "credit: A. Photographer, width: 1200, height: 800}\ntitle:", 1))


def _layout(p: SiteProject) -> None:
    path = p.root / "layouts/base.html"
    path.write_text(path.read_text().replace("Skip to content", "Skip to the article"))


def _profile(p: SiteProject) -> None:
    p.write("content/authors/jane-doe.md", "---\nname: Jane Doe\n---\nJane's new bio.\n")


def _config(p: SiteProject) -> None:
    path = p.root / "site.toml"
    path.write_text(path.read_text().replace('title = "Fixture Archive"', 'title = "Renamed"'))


def _timezone(p: SiteProject) -> None:
    """A setting that changes how files are read: dates without a zone move."""
    path = p.root / "site.toml"
    path.write_text(path.read_text() + 'timezone = "Asia/Tokyo"\n')


def _fewer_taxonomies(p: SiteProject) -> None:
    """Another: regions and reports are no longer taxonomies (their keys, mere extras)."""
    path = p.root / "site.toml"
    path.write_text(path.read_text() + "\n[taxonomies.authors]\n[taxonomies.themes]\n"
                    "[taxonomies.tags]\n")


def _front(p: SiteProject, name: str, lines: str) -> None:
    """Lines added to the front matter of content/articles/`name`.md."""
    path = p.root / ARTICLES / f"{name}.md"
    path.write_text(path.read_text().replace("title:", lines + "\ntitle:", 1))


def _respond(p: SiteProject) -> None:
    """Number 11 answers number 3: "In response to" on one, "Responses" on the other."""
    _front(p, "commentary-number-11-on-media-disinformation",
           "responds_to: [commentary-number-3-on-media-disinformation.md]")


def _respond_again(p: SiteProject) -> None:
    """A chain: number 10 answers number 11, and number 3 too."""
    _front(p, "commentary-number-10-on-law-and-justice",
           "responds_to: [commentary-number-11-on-media-disinformation.md, "
           "commentary-number-3-on-media-disinformation.md]")


def _serialize(p: SiteProject) -> None:
    _front(p, "commentary-number-4-on-intelligence", "series: The Dossier\npart: 2")
    _front(p, "commentary-number-6-on-law-and-justice", "series: The Dossier\npart: 1")


def _renumber(p: SiteProject) -> None:
    path = p.root / ARTICLES / "commentary-number-4-on-intelligence.md"
    path.write_text(path.read_text().replace("part: 2", "part: 3"))
    _front(p, "commentary-number-11-on-media-disinformation", "series: the dossier\npart: 2")


def _edit_series_body(p: SiteProject) -> None:
    """A body edit of a series part: a patch build; its paragraph ids and word count move."""
    path = p.root / ARTICLES / "commentary-number-6-on-law-and-justice.md"
    path.write_text(path.read_text() + "\nA closing paragraph of the first part.\n")


def _edit_target_body(p: SiteProject) -> None:
    """A body edit of an article with responses: a patch build."""
    path = p.root / ARTICLES / "commentary-number-3-on-media-disinformation.md"
    path.write_text(path.read_text() + "\nA reply to the replies.\n")


def _give_id(p: SiteProject) -> None:
    _front(p, "commentary-number-3-on-media-disinformation",
           "id: 3f2c8a90-1b7d-4e5f-a6c3-9d8e7f6a5b4c")


def _retitle_target(p: SiteProject) -> None:
    """The article others respond to is renamed: their "In response to" follows."""
    path = p.root / ARTICLES / "commentary-number-3-on-media-disinformation.md"
    path.write_text(path.read_text().replace("Commentary number 3", "The first word", 1))


def _unseries(p: SiteProject) -> None:
    path = p.root / ARTICLES / "commentary-number-6-on-law-and-justice.md"
    path.write_text(path.read_text().replace("series: The Dossier\npart: 1\n", ""))


EDITS: list[Callable[[SiteProject], None]] = [
    _edit_body, _rewrite_body, _touch, _resummarize, _retitle, _add, _delete, _retag, _redate,
    _reslug_cited, _backdate_oldest, _add_bundle, _edit_bundle_text, _change_bundle_image,
    _add_bundle_file, _remove_bundle_file, _reslug_bundle, _url, _respond, _respond_again,
    _serialize, _renumber, _edit_series_body, _edit_target_body, _give_id, _retitle_target,
    _unseries, _correct, _feature_image, _profile, _layout, _config, _timezone,
    _fewer_taxonomies]
# The edits that leave the site's shape alone: the build patches the last one's snapshot.
PATCHED = {_edit_body, _rewrite_body, _touch, _resummarize, _edit_bundle_text,
           _edit_series_body, _edit_target_body, _feature_image}


def test_incremental_builds_match_clean_builds_after_each_edit(
    archive: SiteProject, tmp_path: Path
) -> None:
    assert not archive.build().report.failed
    for edit in EDITS:
        edit(archive)
        result = archive.build()
        assert not result.report.failed, (edit.__name__, result.report.lines())
        assert (result.patched is not None) == (edit in PATCHED), edit.__name__
        assert archive.files() == clean_build(archive, tmp_path, edit.__name__), edit.__name__


def test_a_patch_build_works_out_the_related_lists_an_edit_moves(
    archive: SiteProject, tmp_path: Path
) -> None:
    def related(result: BuildResult) -> dict[str, list[str]]:
        assert result.graph is not None
        entries = result.graph.entries
        return {e.url: [entries[j].url for j in result.graph.related[e.index]]
                for e in entries}

    before = related(archive.build())
    _rewrite_body(archive)
    result = archive.build()
    assert result.patched == 1
    after = related(result)
    moved = [url for url in before if before[url] != after[url]
             and url != "/articles/commentary-number-10-on-law-and-justice/"]
    assert moved  # other articles' lists changed, and their pages with them
    assert archive.files() == clean_build(archive, tmp_path, "clean")


def test_an_edited_article_entering_a_related_list_rewrites_that_page(
    project: SiteProject, tmp_path: Path
) -> None:
    """Eight articles share one tag, so each lists the five newest others (their texts
    have nothing in common). When the oldest comes to read like the newest, it enters the
    newest's list: a page whose fingerprint never read it must still be rendered again."""
    words = ["amber", "birch", "cedar", "delta", "ember", "fjord", "glade", "heron", "inlet",
             "jetty", "kelp", "larch", "maple", "nettle", "onyx", "pine"]
    for n in range(8):
        body = " ".join(words[2 * n: 2 * n + 2] * 3)
        project.article(f"piece-{n}", f"Piece {n}", f"2024-01-{10 + n:02d}", [f"Author {n}"],
                        body=body.capitalize() + ".", tags=["Shared"])
    first = project.build()
    assert not first.report.failed, first.report.lines()
    newest = project.page("/articles/piece-7/")
    assert "Piece 0" not in newest
    oldest = project.root / "content/articles/piece-0.md"
    oldest.write_text(oldest.read_text().replace("Amber birch amber birch amber birch.",
                                                 "Onyx pine onyx pine onyx pine."))
    result = project.build()
    assert result.patched == 1, result.report.lines()
    assert "Piece 0" in project.page("/articles/piece-7/")
    assert project.files() == clean_build(project, tmp_path, "clean")


def test_a_patch_build_reports_the_warnings_of_the_files_it_reads(
    built_archive: SiteProject,
) -> None:
    path = built_archive.root / ARTICLES / "commentary-number-6-on-law-and-justice.md"
    original = path.read_text()
    path.write_text(original.replace("title:", "tag: [typo]\ntitle:", 1))
    first = built_archive.build()
    assert first.patched == 1
    warning = ("content/articles/commentary-number-6-on-law-and-justice.md:2: warning: "
               "unknown key 'tag': did you mean 'tags'?")
    assert warning in first.report.lines()
    _edit_body(built_archive)  # another file: the warning stays
    second = built_archive.build()
    assert second.patched == 1 and warning in second.report.lines()
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    touched = built_archive.build()  # the same bytes, read again: the warning stays
    assert touched.patched == 0 and warning in touched.report.lines()
    path.write_text(original)
    third = built_archive.build()
    assert third.patched == 1 and warning not in third.report.lines()


def test_no_page_or_file_changes_without_its_digest_changing(archive: SiteProject) -> None:
    """The dependency model, checked against the bytes: across the edit series, every
    published page or file whose bytes changed must have a new digest (else a later build
    could keep it stale)."""
    def published() -> dict[str, tuple[str, bytes]]:
        cache = Cache.open(archive.root / ".cache")
        snapshot = cache.get(state_key(archive.site))
        cache.close(commit=False)
        assert isinstance(snapshot, Snapshot)
        marks = dict(zip(snapshot.pages.paths + snapshot.extras.paths,
                         snapshot.pages.marks + snapshot.extras.marks, strict=True))
        return {path: (mark, (archive.site / path).read_bytes())
                for path, mark in marks.items()}

    assert not archive.build().report.failed
    before = published()
    assert len(before) > 40
    for edit in EDITS:
        edit(archive)
        result = archive.build()
        assert not result.report.failed, result.report.lines()
        after = published()
        stale = [path for path, (mark, data) in after.items()
                 if path in before and data != before[path][1] and mark == before[path][0]]
        assert not stale, (edit.__name__, stale)
        before = after


def test_a_moved_link_target_rewrites_the_article_that_links_to_it(
    project: SiteProject,
) -> None:
    """The linking article shares nothing else with its target: no term, no neighbour."""
    project.article("a", "A", "2024-01-01", ["Ann"], tags=["Apples"],
                    body="See [the other piece](b.md).")
    project.article("c", "C", "2024-02-01", ["Cy"], tags=["Cherries"])
    project.article("b", "B", "2024-03-01", ["Bo"], tags=["Bananas"])
    assert not project.build().report.failed
    assert 'href="../b/"' in project.page("/articles/a/")
    path = project.root / ARTICLES / "b.md"
    path.write_text(path.read_text().replace("title:", "slug: moved-b\ntitle:", 1))
    assert not project.build().report.failed
    assert 'href="../moved-b/"' in project.page("/articles/a/")


def test_a_new_article_renders_only_the_pages_it_changes(
    built_archive: SiteProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new article moves every older one down the site's order; a term page must not be
    rendered again for that alone, only when what it shows changed."""
    rendered: list[str] = []
    original = Renderer.render

    def spy(self: Renderer, spec: Any, context: Any) -> bytes:
        rendered.append(spec.url)
        return original(self, spec, context)

    monkeypatch.setattr(Renderer, "render", spy)
    _add(built_archive)
    assert not built_archive.build().report.failed
    assert {"/articles/a-new-arrival/", "/themes/intelligence/", "/tags/nato/"} <= set(rendered)
    assert not [url for url in rendered if url.startswith("/regions/")]  # it has no region


def test_a_body_edit_rewrites_only_the_pages_that_show_it(built_archive: SiteProject) -> None:
    before = {p: (built_archive.site / p).stat().st_mtime_ns for p in built_archive.files()}
    _edit_body(built_archive)
    result = built_archive.build()
    after = built_archive.files()
    changed = {p for p, m in before.items() if not p.startswith("pagefind/")
               and (built_archive.site / p).stat().st_mtime_ns != m}
    # Besides its page, only the site feeds, which carry full text, and the data export,
    # which carries word counts, change; term feeds carry summaries, which did not change.
    # In the search index, the article's own fragment and the chunks and metadata that
    # list it.
    article = "articles/commentary-number-3-on-media-disinformation/index.html"
    assert changed == {article, "feed.xml", "feed.json", "data/articles.json",
                       "data/articles.csv"}
    search = {p for p in after if p.startswith("pagefind/") and (
        p not in before or (built_archive.site / p).stat().st_mtime_ns != before[p])}
    assert 1 <= sum(p.startswith("pagefind/fragment/") for p in search) <= 1
    assert not any(p.startswith("pagefind/filter/") for p in search)  # no filter moved
    assert result.stats is not None and result.stats.written == 5 + len(search)


def test_a_retitle_rewrites_its_listings_but_not_unrelated_pages(
    built_archive: SiteProject,
) -> None:
    before = {p: (built_archive.site / p).stat().st_mtime_ns for p in built_archive.files()}
    _retitle(built_archive)
    built_archive.build()
    after = built_archive.files()
    changed = {p for p in after if p not in before
               or (built_archive.site / p).stat().st_mtime_ns != before[p]}
    assert "articles/a-renamed-piece-on-media-disinformation/index.html" in changed
    assert any(p.startswith("themes/") for p in changed)
    assert "about/index.html" not in changed
    assert "regions/asia/index.html" not in changed  # piece 7 is in Latin America & Caribbean


def test_nothing_changed_is_noticed_without_rendering(built_archive: SiteProject) -> None:
    result = built_archive.build()
    assert result.unchanged and result.graph is None


def test_a_deleted_output_file_is_restored(built_archive: SiteProject) -> None:
    before = built_archive.files()
    (built_archive.site / "about/index.html").unlink()
    result = built_archive.build()
    assert not result.unchanged
    assert built_archive.files() == before


def test_warnings_are_repeated_when_nothing_changed(project: SiteProject) -> None:
    project.write("content/articles/a.md", "---\ntitle: A\ndate: 2024-01-01\nauthors: [X]\n"
                  "tag: [typo]\n---\nBody\n")
    first = project.build().report.lines()
    second = project.build()
    assert second.unchanged and second.report.lines() == first
    assert first == ["content/articles/a.md:5: warning: unknown key 'tag': did you mean 'tags'?"]


@pytest.mark.parametrize("damage", [b"", b"garbage" * 100, b"SQLite format 3\x00" + b"\xff" * 500])
def test_a_damaged_cache_is_set_aside_and_rebuilt(
    built_archive: SiteProject, damage: bytes
) -> None:
    expected = built_archive.files()
    cache = built_archive.root / ".cache/folio.sqlite"
    assert cache.exists()
    cache.write_bytes(damage)
    _edit_body(built_archive)
    result = built_archive.build()
    assert not result.report.failed
    notes = [line for line in result.report.lines() if "build cache" in line]
    assert len(notes) == (0 if damage == b"" else 1), result.report.lines()
    files = built_archive.files()
    def pages(names: Any) -> set[str]:  # the search index's files are named by their bytes
        return {name for name in names if not name.startswith("pagefind/")}

    assert pages(files) == pages(expected)
    assert b"A new closing paragraph." in files[
        "articles/commentary-number-3-on-media-disinformation/index.html"]


def test_parallel_and_serial_builds_agree(archive: SiteProject, tmp_path: Path) -> None:
    for n in range(60):  # enough files to use the process pool
        archive.article(f"extra-{n}", f"Extra piece {n}", f"2021-01-{n % 28 + 1:02d}",
                        ["Pool Author"], body=f"Paragraph *{n}* with [a link](https://x.org/{n}).")
    parallel = build(Project.at(archive.root), BuildOptions(jobs=2, cache=False),
                     Report(root=archive.root))
    assert not parallel.report.failed
    files = archive.files()
    assert files == clean_build(archive, tmp_path, "serial")


def test_pages_rendered_by_workers_match_clean_builds_after_each_edit(
    archive: SiteProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Forked workers (conversions, related lists, then fingerprints, reuse checks and
    pages, then feeds and BibTeX records) with the cache in use, over the same series of
    edits, against clean serial builds."""
    monkeypatch.setattr(loading, "PARALLEL_MINIMUM", 0)
    monkeypatch.setattr(pipeline, "RELATED_PARALLEL_MINIMUM", 0)
    monkeypatch.setattr(pipeline, "RELATED_CHUNK", 2)
    monkeypatch.setattr(refresh, "PARALLEL_MINIMUM", 0)
    monkeypatch.setattr(refresh, "CHUNK", 3)

    def parallel() -> None:
        result = build(Project.at(archive.root), BuildOptions(jobs=2), Report(root=archive.root))
        assert not result.report.failed, result.report.lines()

    parallel()
    for edit in EDITS:
        edit(archive)
        parallel()
        assert archive.files() == clean_build(archive, tmp_path, edit.__name__), edit.__name__


def test_a_template_error_in_a_worker_is_reported_once(
    archive: SiteProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(refresh, "PARALLEL_MINIMUM", 0)
    monkeypatch.setattr(refresh, "CHUNK", 2)
    assert not archive.build().report.failed
    before = archive.files()
    layout = archive.root / "layouts/term.html"
    layout.write_text(layout.read_text().replace("{% block main %}",
                                                 "{% block main %}{{ term.nope.deeper }}", 1))
    report = Report(root=archive.root)
    build(Project.at(archive.root), BuildOptions(jobs=2), report)
    errors = [p for p in report.lines() if "template error" in p]
    assert len(errors) == 1 and errors[0].startswith("layouts/term.html:"), report.lines()
    assert archive.files() == before


def test_the_verbose_summary_says_which_kind_of_build_ran(built_archive: SiteProject) -> None:
    def verbose() -> str:
        done = subprocess.run([sys.executable, str(REPO / "build.py"), "-v"],
                              cwd=built_archive.root, capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout

    _edit_body(built_archive)
    assert "  patch build (1 article edited): link " in verbose()
    _retitle(built_archive)
    assert "  full build: load " in verbose()


def test_a_layout_edit_keeps_the_stored_graph_for_the_next_patch(
    built_archive: SiteProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The graph is stored again only when the content changed; after a layout edit the
    next article edit patches the graph stored before it."""
    stored: list[str] = []
    put = Cache.put

    def spy(self: Cache, name: str, value: Any) -> None:
        if name == f"graph:{built_archive.site.resolve()}":
            stored.append(name)
        put(self, name, value)

    monkeypatch.setattr(Cache, "put", spy)
    _layout(built_archive)
    assert built_archive.build().patched is None and stored == []
    _edit_body(built_archive)
    result = built_archive.build()
    assert result.patched == 1 and stored == []
    assert built_archive.files() == clean_build(built_archive, tmp_path, "clean")
    _retitle(built_archive)
    assert built_archive.build().patched is None and len(stored) == 1


def test_the_buffer_is_kept_from_build_to_build(
    built_archive: SiteProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once both generations are known, each build trusts the buffer by the mtimes of its
    folders and brings those of the folders it changed up to date: it neither rebuilds the
    buffer nor looks at every folder again (for three kinds of build)."""
    for _ in range(2):
        _edit_body(built_archive)
        assert not built_archive.build().report.failed
    calls: list[str] = []
    commit = output.Publisher.commit

    def spy(self: output.Publisher) -> Any:
        if self.folders is None:
            calls.append("buffer rebuilt")
        return commit(self)

    monkeypatch.setattr(output, "_folder_times", lambda *a: calls.append("all folders"))
    monkeypatch.setattr(output.Publisher, "commit", spy)
    for edit in (_edit_body, _add, _delete, _retitle):
        edit(built_archive)
        result = built_archive.build()
        assert not result.report.failed, result.report.lines()
        assert calls == [], edit.__name__
    monkeypatch.undo()
    assert built_archive.files() == clean_build(built_archive, tmp_path, "clean")


def test_a_patch_build_warns_again_of_a_missing_image_at_its_new_line(
        project: SiteProject) -> None:
    path = project.article("a", "A", "2024-01-01", ["Ann"], body="Text.\n\n![Map](map.png)")
    first = project.build()
    assert first.report.lines() == [
        "content/articles/a.md:9: warning: map.png names no file the site publishes "
        "(a page bundle's files are those beside its index.md)"]
    path.write_text(path.read_text().replace("Text.", "New opening.\n\nText."))
    second = project.build()
    assert second.patched == 1  # the same links, on other lines: the site's shape is the same
    assert second.report.lines() == [first.report.lines()[0].replace(":9:", ":11:")]
