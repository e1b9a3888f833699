"""Citation records read back by the tools reference managers use: BibTeX (bibtexparser),
RIS (rispy) and CSL-JSON (the CSL 1.0.2 input schema), for each article and each term."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import bibtexparser
import jsonschema
import pytest
import rispy
from bibtexparser.middlewares import (
    LatexDecodingMiddleware,
    MonthIntMiddleware,
    SeparateCoAuthors,
    SplitNameParts,
)
from conftest import SiteProject

from folio.outputs.bibliography import bibtex_file, csl_json, ris, unique_keys
from folio.outputs.cite import Work

CSL_SCHEMA = json.loads((Path(__file__).parent / "vendor" / "csl-data.json").read_text())
BASE = "https://archive.example.org/commentary"


def read_bibtex(text: str) -> list[dict[str, Any]]:
    library = bibtexparser.parse_string(text, append_middleware=[
        LatexDecodingMiddleware(), SeparateCoAuthors(), SplitNameParts(),
        MonthIntMiddleware(True)])
    assert not library.failed_blocks, library.failed_blocks
    result = []
    for entry in library.entries:
        fields = {key: field.value for key, field in entry.fields_dict.items()}
        result.append({
            "key": entry.key,
            # pylatexenc decodes \textasciicircum{} as U+02C6, the modifier letter
            "title": fields["title"].replace("\u02c6", "^"),
            "authors": [(" ".join(n.first), " ".join(n.von + n.last)) for n in fields["author"]],
            "date": (int(fields["year"]), int(fields["month"]), int(fields["day"])),
            "publication": fields["journal"],
            "url": fields["url"],
        })
    return result


def read_ris(text: str) -> list[dict[str, Any]]:
    result = []
    for record in rispy.loads(text):
        assert record["type_of_reference"] == "JOUR"
        year, month, day = (int(part) for part in record["date"].strip("/").split("/"))
        assert record["year"] == f"{year:04d}"
        result.append({
            "id": record.get("id"),
            "title": record["title"],
            "authors": [tuple(reversed([p.strip() for p in a.split(",", 1)])) if "," in a
                        else ("", a) for a in record.get("authors", [])],
            "date": (year, month, day),
            "publication": record["secondary_title"],
            "url": record["urls"][0],
        })
    return result


def read_csl(text: str) -> list[dict[str, Any]]:
    items = json.loads(text)
    jsonschema.validate(items, CSL_SCHEMA)
    return [{
        "id": item["id"],
        "key": item["citation-key"],
        "title": item["title"],
        "authors": [(n.get("given", ""), n.get("family") or n["literal"]) for n in item["author"]],
        "date": tuple(item["issued"]["date-parts"][0]),
        "publication": item["container-title"],
        "url": item["URL"],
    } for item in items]


def agree(bib: str, ris_text: str, csl: str) -> list[dict[str, Any]]:
    """The three files of one page, read and checked to say the same; the CSL reading."""
    from_bib, from_ris, from_csl = read_bibtex(bib), read_ris(ris_text), read_csl(csl)
    assert len(from_bib) == len(from_ris) == len(from_csl) > 0
    common = ("title", "authors", "date", "publication", "url")
    for b, r, c in zip(from_bib, from_ris, from_csl, strict=True):
        assert {k: b[k] for k in common} == {k: r[k] for k in common} \
            == {k: c[k] for k in common}
        assert b["key"] == c["key"] and r["id"] == c["id"]
    assert len({c["key"] for c in from_csl}) == len(from_csl)  # keys unique in a file
    return from_csl


def test_every_article_and_term_has_three_records_that_agree(built_archive: SiteProject) -> None:
    site = built_archive.site
    folders = sorted(p.parent for p in site.rglob("cite.bib"))
    articles = [f for f in folders if f.parts[-2] == "articles"]
    assert len(articles) == 12 and len(folders) == 12 + 20  # the articles and every term
    for folder in folders:
        items = agree(*((folder / f"cite.{kind}").read_text(encoding="utf-8")
                        for kind in ("bib", "ris", "json")))
        if folder in articles:
            assert items[0]["url"] == f"{BASE}/{folder.relative_to(site).as_posix()}/"
    items = read_csl((site / "authors/jane-doe/cite.json").read_text(encoding="utf-8"))
    assert [i["authors"][0] for i in items].count(("Jane", "Doe")) >= 1
    assert all(("Jane", "Doe") in i["authors"] for i in items)


def test_hard_names_and_titles_survive_every_format(project: SiteProject) -> None:
    project.write("content/articles/specials.md", """
        ---
        title: '50% of R&D_costs: {#1} ~ $x^2 "quoted"'
        slug: specials
        date: 2024-11-20
        authors: [Ludwig van Beethoven, Reuters, Jean-Paul Sartre]
        publication: Journal & Co
        tags: ["A, B", Ünïcode]
        ---
        Body.
        """)
    project.article("second", "Second", "2024-11-21", ["Ludwig van Beethoven"],
                    tags=["Ünïcode"])
    assert not project.build().report.failed
    folder = project.site / "articles/specials"
    items = agree(*((folder / f"cite.{k}").read_text(encoding="utf-8")
                    for k in ("bib", "ris", "json")))
    assert items[0]["title"] == "50% of R&D_costs: {#1} ~ $x^2 \"quoted\""
    assert items[0]["authors"] == [("Ludwig", "van Beethoven"), ("", "Reuters"),
                                   ("Jean-Paul", "Sartre")]
    assert items[0]["publication"] == "Journal & Co"
    term = project.site / "tags/unicode"
    agree(*((term / f"cite.{k}").read_text(encoding="utf-8") for k in ("bib", "ris", "json")))


def work(title: str, n: int = 1) -> Work:
    from datetime import datetime

    return Work(title, ("Andrew Korybko",), "Global Research", datetime(2024, 11, n),
                f"https://example.org/{n}/", identifier=f"urn:uuid:{n:032x}")


def test_keys_shared_in_one_file_get_letters() -> None:
    works = [work("Turkiye today", 1), work("Turkiye today", 2), work("Turkiye again", 3)]
    assert unique_keys(works) == ["korybko2024turkiye", "korybko2024turkiyeb",
                                  "korybko2024turkiyec"]
    assert len(read_bibtex(bibtex_file(works))) == 3
    assert [i["key"] for i in read_csl(csl_json(works))] == unique_keys(works)
    assert [r["id"] for r in read_ris(ris(works))] == [w.identifier for w in works]


@pytest.mark.parametrize("kind", ["ris", "json"])
def test_article_page_links_its_records(built_archive: SiteProject, kind: str) -> None:
    html = built_archive.page("/articles/commentary-number-5-on-economy/")
    assert f'<a href="cite.{kind}" type="' in html
