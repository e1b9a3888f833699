"""folio/incremental/patch.py: a patch build for articles edited without moving in the site;
None (a full build) for anything else: a retitle, a retag, a new link, a new or deleted
file, a profile, an error."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import SiteProject

from folio.config import load_config
from folio.incremental import patch as patch_module
from folio.incremental.cache import Cache
from folio.incremental.patch import Patch, patched, plan, stored_graph, visible
from folio.incremental.state import Snapshot, look, state_key
from folio.problems import Report

ARTICLES = "content/articles"


@pytest.fixture
def built(project: SiteProject) -> SiteProject:
    config = project.root / "site.toml"
    config.write_text(config.read_text().replace("search = true", "search = false"))
    project.article("a", "Alpha", "2024-01-03", ["Jane Doe"], tags=["NATO"],
                    body="Sanctions, tariffs and embargoes: sanctions again.")
    project.article("b", "Beta", "2024-01-02", ["Jane Doe"], body="Body text. [a](a.md)")
    project.article("c", "Gamma", "2024-01-01", ["Jane Doe"], body="Body text.")
    project.write("content/authors/jane-doe.md", "---\nname: Jane Doe\n---\nBio.\n")
    result = project.build()
    assert not result.report.failed, result.report.lines()
    return project


def snapshot_of(cache: Cache, project: SiteProject) -> Snapshot:
    found = cache.get(state_key(project.site))
    assert isinstance(found, Snapshot)
    return found


def planned(project: SiteProject) -> Patch | None:
    config = load_config(project.root / "site.toml", Report())
    cache = Cache.open(project.root / ".cache")
    try:
        inputs = look(project.root / "content", project.root / "layouts", config, False, False)
        return plan(snapshot_of(cache, project), inputs.content, project.root / "content",
                    "content", config, False, cache, project.site)
    finally:
        cache.close(commit=False)


def edit(project: SiteProject, name: str, old: str, new: str) -> None:
    path = project.root / ARTICLES / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def index_of(patch: Patch, name: str) -> int:
    return next(e.index for e in patch.graph.entries if e.path == f"{ARTICLES}/{name}.md")


def test_a_body_edit_is_a_patch(built: SiteProject) -> None:
    edit(built, "c.md", "Body text.", "Body text, corrected.")
    found = planned(built)
    assert found is not None
    c = index_of(found, "c")
    assert found.edited == frozenset({c}) and c in found.changed
    assert found.shown == frozenset({"content/articles/c.md"})
    assert found.problems == ()
    assert found.graph.entries[c].summary == "Body text, corrected."
    cache = Cache.open(built.root / ".cache")
    try:
        old_keys = snapshot_of(cache, built).keys
    finally:
        cache.close(commit=False)
    assert found.keys["content/articles/c.md"] != old_keys["content/articles/c.md"]
    assert {k: v for k, v in found.keys.items() if k != "content/articles/c.md"} == \
        {k: v for k, v in old_keys.items() if k != "content/articles/c.md"}


@pytest.mark.parametrize(("name", "old", "new"), [
    ("c.md", 'title: "Gamma"', 'title: "Gamma Retitled"'),
    ("c.md", "date: 2024-01-01", "date: 2023-12-31"),
    ("a.md", 'tags: ["NATO"]', 'tags: ["NATO", "EU"]'),
    ("c.md", "Body text.", "Body text. [b](b.md)"),  # a new link: a new citation
    ("b.md", "[a](a.md)", "no link"),
    ("c.md", 'authors: ["Jane Doe"]', 'authors: ["John Roe"]'),
    ("c.md", "---\n\n", "draft: true\n---\n\n"),
    ("c.md", "date: 2024-01-01", "date: someday"),  # an error: the full build says it
])
def test_an_edit_that_moves_an_article_needs_a_full_build(
        built: SiteProject, name: str, old: str, new: str) -> None:
    edit(built, name, old, new)
    assert planned(built) is None


def test_files_added_deleted_or_outside_articles_need_a_full_build(built: SiteProject) -> None:
    built.article("d", "Delta", "2024-01-04", ["Jane Doe"])
    assert planned(built) is None
    (built.root / ARTICLES / "d.md").unlink()
    assert planned(built) is not None
    (built.root / ARTICLES / "c.md").unlink()
    assert planned(built) is None


def test_a_profile_edit_needs_a_full_build(built: SiteProject) -> None:
    path = built.root / "content/authors/jane-doe.md"
    path.write_text(path.read_text().replace("Bio.", "A longer bio."))
    assert planned(built) is None


def test_a_touched_file_is_a_patch_that_changes_nothing(built: SiteProject) -> None:
    path = built.root / ARTICLES / "c.md"
    mtime = path.stat().st_mtime_ns + 10**9
    os.utime(path, ns=(mtime, mtime))
    found = planned(built)
    assert found is not None and found.edited == frozenset() and found.changed == frozenset()


def test_editor_litter_is_no_edit(built: SiteProject) -> None:
    (built.root / ARTICLES / ".c.md.swp").write_text("swap")
    (built.root / ARTICLES / "c.md~").write_text("backup")
    found = planned(built)
    assert found is not None and found.edited == frozenset()
    assert visible({"articles/c.md": (1, 1), "articles/.c.md.swp": (1, 1),
                    "articles/c.md~": (1, 1), ".git/x": (1, 1)}) == {"articles/c.md": (1, 1)}


def test_an_edit_that_moves_related_lists_lists_the_entries_it_relisted(
        built: SiteProject) -> None:
    edit(built, "c.md", "Body text.", "Sanctions, tariffs and embargoes.")  # nearer to a
    found = planned(built)
    assert found is not None
    a, c = index_of(found, "a"), index_of(found, "c")
    assert found.edited == frozenset({c})
    assert a in found.changed and found.graph.related[a][0] == c


def test_the_warnings_of_an_edited_file_come_with_the_patch(built: SiteProject) -> None:
    edit(built, "c.md", "Body text.", "Body text.\n\n<script>x</script>")
    found = planned(built)
    assert found is not None
    assert [str(p) for p in found.problems] == [
        "content/articles/c.md:9: warning: the sanitizer removed <script> with its content"]


def test_too_many_edits_need_a_full_build(built: SiteProject,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    edit(built, "c.md", "Body text.", "Body text, corrected.")
    edit(built, "b.md", "Body text.", "Body text, corrected.")
    monkeypatch.setattr(patch_module, "PATCH_LIMIT", 1)
    assert planned(built) is None
    monkeypatch.setattr(patch_module, "PATCH_LIMIT", 2)
    assert planned(built) is not None


def test_the_stored_graph_is_the_full_builds_with_the_patches_since(built: SiteProject) -> None:
    edit(built, "c.md", "Body text.", "Body text, corrected.")
    found = planned(built)
    assert found is not None
    cache = Cache.open(built.root / ".cache")
    try:
        snapshot = snapshot_of(cache, built)
        base = stored_graph(snapshot, cache, built.site)
        assert base is not None
        c = index_of(found, "c")
        assert base.entries[c].summary == "Body text."
        after = patched(snapshot, found)
        assert set(after.patches) == {c} and after.keys == found.keys
        assert set(after.related) == set(found.changed)
        graph = stored_graph(after, cache, built.site)
        assert graph is not None and graph.entries[c].summary == "Body text, corrected."
        assert stored_graph(replace(snapshot, graph_id="another"), cache, built.site) is None
    finally:
        cache.close(commit=False)


def test_after_a_patch_build_the_next_plan_starts_from_it(built: SiteProject) -> None:
    edit(built, "c.md", "Body text.", "Body text, corrected.")
    result = built.build()
    assert result.patched == 1
    edit(built, "c.md", "Body text, corrected.", "Body text, corrected twice.")
    found = planned(built)
    assert found is not None and found.edited == frozenset({index_of(found, "c")})
    assert Path(built.site / "articles/gamma/index.html").read_text().count("corrected.") >= 1
