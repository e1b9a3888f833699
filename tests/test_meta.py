"""Head metadata: canonical, Open Graph, Twitter card and JSON-LD."""

from __future__ import annotations

import json
import re

from conftest import SiteProject

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
