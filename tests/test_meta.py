"""Head metadata: canonical, Open Graph, Twitter card, JSON-LD, Highwire Press and Dublin Core."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from html import unescape
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import LAYOUTS, REPO, SiteProject

from folio.pipeline import BuildOptions, Project, build
from folio.problems import Report
from folio.urls import slugify

BASE = "https://archive.example.org/commentary"


def json_ld(html: str) -> dict[str, object]:
    found = re.findall(r'<script type="application/ld\+json">\n(.*?)\n</script>', html, re.S)
    assert len(found) == 1
    data: dict[str, object] = json.loads(found[0])
    return data


def test_article_json_ld_carries_the_fields(built_archive: SiteProject) -> None:
    html = built_archive.page("/articles/commentary-number-5-on-economy/")
    data = json_ld(html)
    assert data["@type"] == "OpinionNewsArticle"
    assert data["headline"] == "Commentary number 5: on economy"
    assert data["author"] == [
        {"@type": "Person", "name": "Jane Doe", "url": f"{BASE}/authors/jane-doe/"},
        {"@type": "Person", "name": "Sergeï Müller-Øström",
         "url": f"{BASE}/authors/sergei-muller-ostrom/"}]
    assert data["datePublished"] == data["dateModified"] == "2024-06-16T00:00:00+00:00"
    assert data["publisher"] == {"@type": "Organization", "name": "Global Research"}
    assert isinstance(data["wordCount"], int) and data["wordCount"] > 100
    assert data["keywords"] == ["Economy", "Russia and FSU", "China", "Putin"]
    assert f'<link rel="canonical" href="{BASE}/articles/commentary-number-5-on-economy/">' \
        in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta name="twitter:card" content="summary">' in html
    assert f"{data['wordCount']} words, 1 min read" in html


def test_source_becomes_is_based_on(project: SiteProject) -> None:
    project.article("a", "A", "2024-01-01", ["Ann Lee"], source={
        "name": "Newsletter", "url": "https://news.example/post"},
        image={"src": "https://img.example/a.jpg", "alt": "x"})
    assert not project.build().report.failed
    html = project.page("/articles/a/")
    data = json_ld(html)
    assert data["isBasedOn"] == {"@type": "CreativeWork", "name": "Newsletter",
                                 "url": "https://news.example/post"}
    assert data["image"] == "https://img.example/a.jpg"
    assert '<meta property="og:image" content="https://img.example/a.jpg">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html


def test_author_page_is_a_person_and_other_terms_collection_pages(
    built_archive: SiteProject,
) -> None:
    person = json_ld(built_archive.page("/authors/andrew-korybko/"))
    assert person["@type"] == "Person" and person["name"] == "Andrew Korybko"
    assert person["url"] == f"{BASE}/authors/andrew-korybko/"
    assert "political analyst" in str(person["description"])
    theme = json_ld(built_archive.page("/themes/economy/"))
    assert theme["@type"] == "CollectionPage" and theme["name"] == "Economy"


def test_hostile_title_cannot_close_the_json_ld_script(project: SiteProject) -> None:
    title = 'End </script><script>alert("x")</script> & \'q\''
    project.write("content/articles/bad.md", f"---\ntitle: {json.dumps(title)}\n"
                  "date: 2024-01-01\nauthors: [Ann]\nslug: bad\n---\n\nBody.\n")
    assert not project.build().report.failed
    html = project.page("/articles/bad/")
    assert "<script>alert" not in html  # the title never opens a script of its own
    assert html.count('<script type="application/ld+json">') == 1
    assert "\\u003c/script\\u003e" in html and "\\u0026" in html
    assert json_ld(html)["headline"] == title
    assert '<meta property="og:title" content="End &lt;/script&gt;&lt;script&gt;' in html


def test_home_has_canonical_and_website_type(built_archive: SiteProject) -> None:
    html = built_archive.page("/")
    assert f'<link rel="canonical" href="{BASE}/">' in html
    assert '<meta property="og:type" content="website">' in html
    assert "ld+json" not in html


# ----------------------------------------------------------------- reference managers
# Highwire Press citation_* tags and Dublin Core, read by the extractors other tools use:
# extruct (Dublin Core, JSON-LD, Open Graph) and trafilatura's metadata reader (which looks
# at citation_*, DC.* and the rest, as Zotero's and Google Scholar's readers do), over every
# article page of a generated 300-article archive.


@pytest.fixture(scope="module")
def archive_300(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("scholar") / "archive"
    subprocess.run([sys.executable, str(REPO / "benchmarks/corpus.py"), "300", str(root)],
                   check=True, capture_output=True)
    shutil.copytree(LAYOUTS, root / "layouts")
    result = build(Project.at(root), BuildOptions(cache=False), Report(root=root))
    assert not result.report.failed, result.report.lines()
    return root


def _front_matter(path: Path) -> dict[str, Any]:
    found: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
    return found


def _highwire(html: str) -> dict[str, list[str]]:
    tags: dict[str, list[str]] = {}
    for name, content in re.findall(r'<meta name="([^"]+)" content="([^"]*)">', html):
        tags.setdefault(name, []).append(unescape(content))
    return tags


def test_every_article_page_gives_extractors_title_authors_date_and_publication(
    archive_300: Path,
) -> None:
    import extruct
    from trafilatura.metadata import extract_metadata

    sources = sorted((archive_300 / "content/articles").glob("*.md"))
    assert len(sources) == 300
    for source in sources:
        matter = _front_matter(source)
        slug = slugify(matter["title"]) if "slug" not in matter else matter["slug"]
        html = (archive_300 / "site/articles" / slug / "index.html").read_text(
            encoding="utf-8")
        day = str(matter["date"])[:10]
        publication = matter.get("publication") or "Folio Benchmark Archive"
        authors = matter["authors"]

        data = extruct.extract(html, syntaxes=["dublincore", "json-ld"], uniform=True)
        dc: dict[str, list[str]] = {}
        for element in data["dublincore"][0]["elements"]:
            dc.setdefault(element["name"], []).append(element["content"])
        assert (dc["DC.title"], dc["DC.creator"], dc["DC.date"], dc["DC.publisher"]) == (
            [matter["title"]], authors, [day], [publication]), source.name
        ld = data["json-ld"][0]
        assert ld["headline"] == matter["title"]
        assert [a["name"] for a in ld["author"]] == authors
        assert ld["datePublished"][:10] == day and ld["publisher"]["name"] == publication

        tags = _highwire(html)
        assert tags["citation_title"] == [matter["title"]]
        assert tags["citation_author"] == authors
        assert tags["citation_publication_date"] == [day.replace("-", "/")]
        assert tags["citation_journal_title"] == [publication]
        assert tags["citation_fulltext_html_url"] == [
            f"https://bench.example.org/articles/{slug}/"]

        found = extract_metadata(html)
        assert found.title == matter["title"], source.name
        assert found.author == "; ".join(authors), source.name
        assert found.date == day, source.name
