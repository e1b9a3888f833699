"""The inline SVG charts: accessible, deterministic, numbers spelled out."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from folio.pages.charts import bar_chart, describe, months_of, years_span

SVG = "{http://www.w3.org/2000/svg}"


def test_chart_is_an_image_with_title_and_desc_giving_every_number() -> None:
    svg = bar_chart([("2022", 3), ("2023", 0), ("2024", 11)], title="Articles per year",
                    chart_id="c")
    root = ET.fromstring(str(svg))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c-title c-desc"
    assert root.find(f"{SVG}title").text == "Articles per year"  # type: ignore[union-attr]
    assert root.find(f"{SVG}desc").text == (  # type: ignore[union-attr]
        "2022: 3 articles; 2023: 0 articles; 2024: 11 articles.")
    heights = [float(r.get("height", "0")) for r in root.iter(f"{SVG}rect")]
    assert heights[1] == 0 and heights[2] > heights[0] > 0


def test_chart_is_deterministic_and_escapes_labels() -> None:
    bars = [("<b>", 1), ("A & B", 2)]
    first = bar_chart(bars, title="T & <x>", chart_id="c")
    assert first == bar_chart(bars, title="T & <x>", chart_id="c")
    assert "<b>" not in first and "&lt;b&gt;" in first and "T &amp; &lt;x&gt;" in first


def test_compact_chart_labels_only_its_ends_and_keeps_its_description() -> None:
    bars = [("2022", 0), ("2023", 1), ("2024", 2)]
    root = ET.fromstring(str(bar_chart(bars, title="t", chart_id="c", compact=True)))
    assert [t.text for t in root.iter(f"{SVG}text")] == ["2022", "2024"]
    assert "2024: 2 articles" in root.find(f"{SVG}desc").text  # type: ignore[union-attr]


def test_gaps_are_filled_with_zeros() -> None:
    assert years_span({2020: 2, 2023: 1}) == [("2020", 2), ("2021", 0), ("2022", 0),
                                              ("2023", 1)]
    assert years_span({}) == []
    assert years_span({2024: 1}, at_least=3) == [("2022", 0), ("2023", 0), ("2024", 1)]
    assert months_of({2: 5})[:3] == [("Jan", 0), ("Feb", 5), ("Mar", 0)]
    assert describe([("Jan", 1)]) == "Jan: 1 article."


def test_many_bars_stay_readable() -> None:
    svg = str(bar_chart([(str(y), 1) for y in range(1990, 2025)], title="t", chart_id="c"))
    root = ET.fromstring(svg)
    labels = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "chart-label"]
    assert 0 < len(labels) < 35 and labels[0] == "1990"


def test_linked_bars_are_named_links_in_a_labelled_graphic() -> None:
    bars = [("2022", 3), ("2023", 0), ("2024", 11)]
    svg = bar_chart(bars, title="Articles per year", chart_id="c",
                    links=["2022/", None, "2024/"])
    root = ET.fromstring(str(svg))
    assert root.get("role") is None and root.get("aria-labelledby") == "c-title"
    links = list(root.iter(f"{SVG}a"))
    assert [(a.get("href"), a.get("aria-label")) for a in links] == [
        ("2022/", "2022: 3 articles"), ("2024/", "2024: 11 articles")]
    assert all(a.find(f"{SVG}rect") is not None and a.find(f"{SVG}text") is None
               for a in links)  # the bar is the link; its numbers stay outside it
