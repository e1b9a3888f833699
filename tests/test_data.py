"""The catalogue as data: /data/articles.json and /data/articles.csv, read back with json and
Python's csv, checked against each other and the site."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import SiteProject, clean_copy

from folio.outputs import catalogue

BASE = "https://archive.example.org/commentary"


def read_json(site: Path) -> list[dict[str, Any]]:
    """Every record, following the pages' next_url links."""
    records: list[dict[str, Any]] = []
    path: Path | None = site / "data/articles.json"
    while path is not None:
        page = json.loads(path.read_text(encoding="utf-8"))
        assert page["version"] == 1
        records += page["articles"]
        following = page.get("next_url")
        path = site / following[len(BASE) + 1:] if following else None
    assert len(records) == page["total"]
    return records


def read_csv(site: Path) -> list[dict[str, str]]:
    with open(site / "data/articles.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_json_and_csv_hold_every_article_and_agree(built_archive: SiteProject) -> None:
    records, rows = read_json(built_archive.site), read_csv(built_archive.site)
    assert len(records) == len(rows) == 12
    assert list(rows[0]) == ["id", "url", "title", "subtitle", "authors", "date", "updated",
                             "publication", "source_name", "source_url", "source_note",
                             "themes", "regions", "reports", "tags", "series", "part",
                             "responds_to", "language", "word_count", "summary"]
    dates = [r["date"] for r in records]
    assert dates == sorted(dates)  # oldest first: a new article adds a row at the end
    for record, row in zip(records, rows, strict=True):
        assert row["id"] == record["id"] and record["id"].startswith("urn:uuid:")
        assert row["url"] == record["url"] and record["url"].startswith(BASE + "/articles/")
        assert (built_archive.site / record["url"][len(BASE) + 1:] / "index.html").is_file()
        assert row["title"] == record["title"] and row["date"] == record["date"]
        assert row["authors"].split("; ") == record["authors"]
        for key in ("themes", "regions", "reports", "tags"):
            assert row[key] == "; ".join(record["terms"][key])
        assert int(row["word_count"]) == record["word_count"] > 0
        assert row["summary"] == record["summary"]
    five = next(r for r in records if r["title"] == "Commentary number 5: on economy")
    assert five["authors"] == ["Jane Doe", "Sergeï Müller-Øström"]
    assert five["terms"]["themes"] == ["Economy"] and five["publication"] == "Global Research"
    assert five["date"] == "2024-06-16T00:00:00+00:00" and five["updated"] is None


def test_the_export_is_byte_identical_in_a_clean_build(
    built_archive: SiteProject, tmp_path: Path
) -> None:
    clean = clean_copy(built_archive, tmp_path, "clean").files()
    for name in ("data/articles.json", "data/articles.csv"):
        assert built_archive.files()[name] == clean[name]


def test_a_text_a_spreadsheet_would_run_is_made_inert_in_the_csv_only(
    project: SiteProject,
) -> None:
    project.write("content/articles/f.md", "---\ntitle: '=HYPERLINK(\"http://x\")'\n"
                  "date: 2024-01-01\nauthors: ['@someone']\nsummary: '-1 point'\n---\nText.\n")
    assert not project.build().report.failed
    row = read_csv(project.site)[0]
    assert (row["title"], row["authors"], row["summary"]) == (
        "'=HYPERLINK(\"http://x\")", "'@someone", "'-1 point")
    record = json.loads((project.site / "data/articles.json").read_text())["articles"][0]
    assert record["title"] == '=HYPERLINK("http://x")' and record["authors"] == ["@someone"]


def test_large_catalogues_are_paged(archive: SiteProject, monkeypatch: pytest.MonkeyPatch
                                    ) -> None:
    monkeypatch.setattr(catalogue, "PAGE_SIZE", 5)
    assert not archive.build().report.failed
    pages = sorted(p.name for p in (archive.site / "data").glob("*.json"))
    assert pages == ["articles-2.json", "articles-3.json", "articles.json"]
    second = json.loads((archive.site / "data/articles-2.json").read_text())
    assert (second["page"], second["pages"], len(second["articles"])) == (2, 3, 5)
    assert second["previous_url"] == f"{BASE}/data/articles.json"
    assert second["next_url"] == f"{BASE}/data/articles-3.json"
    assert [r["id"] for r in read_json(archive.site)] == [r["id"] for r in
                                                            read_csv(archive.site)]


def test_the_csv_reads_in_a_spreadsheet_dialect(built_archive: SiteProject) -> None:
    data = (built_archive.site / "data/articles.csv").read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf") and data.count(b"\r\n") >= 13
    assert len(list(csv.reader(io.StringIO(data.decode("utf-8"))))) == 13
