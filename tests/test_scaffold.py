"""folio/scaffold.py: `init` writes a new site that builds; `new` a draft that builds;
neither ever writes over a file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from linked import link

from folio.config import SiteConfig, Taxonomy, load_config
from folio.content.frontmatter import split_document
from folio.graph.identity import normalise
from folio.problems import Report
from folio.scaffold import FOLDERS, ScaffoldError, init_site, new_article

TODAY = date(2024, 5, 6)


def test_init_writes_a_site_that_links_without_a_problem(tmp_path: Path) -> None:
    written = init_site(tmp_path / "site-src", TODAY)
    root = tmp_path / "site-src"
    names = sorted(p.relative_to(root).as_posix() for p in written.files)
    assert names == [".gitignore", "build.py", "content/articles/welcome-to-your-archive.md",
                     "content/authors/your-name.md", "content/pages/about.md", "site.toml"]
    assert all((root / folder).is_dir() for folder in FOLDERS)
    report = Report()
    assert load_config(root / "site.toml", report) != SiteConfig() and report.problems == []
    found = link(root)
    assert [p.message for p in found.report.errors] == []
    assert [e.title for e in found.graph.entries] != []
    assert found.graph.entries[0].article.date.date() == TODAY
    assert [t.name for t in found.graph.terms["authors"]] == ["Your Name"]
    assert found.graph.terms["authors"][0].profile is not None


def test_init_writes_nothing_where_one_of_its_files_is(tmp_path: Path) -> None:
    (tmp_path / "content/pages").mkdir(parents=True)
    (tmp_path / "content/pages/about.md").write_text("mine")
    with pytest.raises(ScaffoldError) as caught:
        init_site(tmp_path, TODAY)
    assert caught.value.path == tmp_path / "content/pages/about.md"
    assert "already exists" in caught.value.reason
    assert not (tmp_path / "site.toml").exists()
    assert (tmp_path / "content/pages/about.md").read_text() == "mine"


def test_init_stops_at_a_file_where_it_makes_a_folder(tmp_path: Path) -> None:
    (tmp_path / "seeds").write_text("a file")
    with pytest.raises(ScaffoldError, match="seeds"):
        init_site(tmp_path, TODAY)
    assert not (tmp_path / "site.toml").exists()


def test_new_writes_a_draft_that_parses_with_an_id(tmp_path: Path) -> None:
    config = SiteConfig(taxonomies=(Taxonomy("authors", "Authors", "Author"),
                                    Taxonomy("places", "Places", "Place")))
    path = new_article(tmp_path / "content", 'On "Quotes" and \\ Slashes', ("Ann", "Bé"),
                       config, TODAY)
    assert path == tmp_path / "content/articles/on-quotes-and-slashes.md"
    doc = split_document(path.read_text())
    assert doc.meta["title"] == 'On "Quotes" and \\ Slashes'
    assert doc.meta["authors"] == ["Ann", "Bé"] and doc.meta["places"] == []
    assert doc.meta["date"] == "2024-05-06" and doc.meta["draft"] is True
    assert normalise(doc.meta["id"]) == doc.meta["id"]  # a UUID IRI as it is
    other = new_article(tmp_path / "content", "Another", ("Ann",), config, TODAY)
    assert split_document(other.read_text()).meta["id"] != doc.meta["id"]


def test_new_never_writes_over_an_article(tmp_path: Path) -> None:
    path = new_article(tmp_path, "Title", ("Ann",), SiteConfig(), TODAY)
    path.write_text("edited by hand")
    with pytest.raises(ScaffoldError, match="already exists; choose another title"):
        new_article(tmp_path, "Title", ("Ann",), SiteConfig(), TODAY)
    assert path.read_text() == "edited by hand"
