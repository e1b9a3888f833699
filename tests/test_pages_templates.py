"""folio/pages/templates.py: the Jinja environment and rendering a page; a problem in a
layout names the layout file, its line and the page being rendered."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from folio.config import SiteConfig
from folio.content.load import Corpus
from folio.graph.build import build_graph
from folio.pages.kinds import PageSpec
from folio.pages.templates import (
    Renderer,
    TemplateProblem,
    avatar_tone,
    check_templates,
    format_date,
    initials,
    isodate,
)
from folio.problems import Report

GRAPH = build_graph(Corpus(()), SiteConfig(), Report())


def layouts(root: Path, **files: str) -> Path:
    folder = root / "layouts"
    (folder / "static").mkdir(parents=True, exist_ok=True)
    (folder / "static" / "style.css").write_text("body { margin: 0 }\n")
    for name, text in files.items():
        (folder / name.replace("__", "/")).parent.mkdir(parents=True, exist_ok=True)
        (folder / name.replace("__", "/")).write_text(text)
    return folder


def render(folder: Path, template: str = "page.html", url: str = "/articles/a/",
           bytecode: Path | None = None, **context: Any) -> str:
    renderer = Renderer(GRAPH, folder, {"title": "Site"}, bytecode)
    spec = PageSpec(url, template, "A Page", dict)
    return renderer.render(spec, context).decode("utf-8")


def problem(folder: Path, template: str = "page.html", **context: Any) -> TemplateProblem:
    with pytest.raises(TemplateProblem) as caught:
        render(folder, template, **context)
    return caught.value


def test_a_page_is_rendered_with_site_page_and_context(tmp_path: Path) -> None:
    folder = layouts(tmp_path, **{"page.html": "{{ site.title }}|{{ page.title }}|{{ page.url }}"
                                               "|{{ page.template }}|{{ x }}|{{ rel('/') }}\n"})
    assert render(folder, x="<b>") == "Site|A Page|/articles/a/|page.html|&lt;b&gt;|../../\n"


def test_an_unknown_variable_names_the_layout_line_and_page(tmp_path: Path) -> None:
    folder = layouts(tmp_path, **{"page.html": "line one\n{{ title }}\n{{ missing }}\n"},)
    found = problem(folder, title="T")
    assert (Path(found.path), found.line) == (folder / "page.html", 3)
    assert found.message == "template error: 'missing' is undefined (rendering /articles/a/)"


def test_an_error_in_an_included_layout_names_that_layout(tmp_path: Path) -> None:
    folder = layouts(tmp_path, **{"page.html": "{% include '_part.html' %}\n",
                                  "_part.html": "ok\n\n{{ 1 // zero }}\n"})
    found = problem(folder, zero=0)
    assert (Path(found.path), found.line) == (folder / "_part.html", 3)
    assert found.message == ("template error: ZeroDivisionError('integer division or modulo "
                             "by zero') (rendering /articles/a/)")


def test_a_syntax_error_names_its_layout_and_line(tmp_path: Path) -> None:
    folder = layouts(tmp_path, **{"page.html": "{% extends 'base.html' %}\n",
                                  "base.html": "<html>\n{% if %}\n</html>\n"})
    found = problem(folder)
    assert (Path(found.path), found.line) == (folder / "base.html", 2)
    assert found.message.startswith("template syntax error: ")


def test_a_missing_layout(tmp_path: Path) -> None:
    folder = layouts(tmp_path)
    found = problem(folder, "nope.html")
    assert (Path(found.path), found.line) == (folder / "nope.html", 1)
    assert found.message == "missing layout 'nope.html' (needed for /articles/a/)"
    folder = layouts(tmp_path, **{"page.html": "{% include 'gone.html' %}"})
    assert problem(folder).message == "missing layout 'gone.html' (needed for /articles/a/)"


def test_a_problem_travels_back_from_a_worker(tmp_path: Path) -> None:
    found = TemplateProblem("layouts/page.html", 7, "template error: x")
    back = pickle.loads(pickle.dumps(found))
    assert (back.path, back.line, back.message) == (found.path, found.line, found.message)


def test_assets_are_linked_under_their_fingerprinted_names(tmp_path: Path) -> None:
    folder = layouts(tmp_path, **{"page.html": "{{ asset('style.css') }}\n{{ asset('x.js') }}"})
    found = problem(folder)
    assert found.line == 2 and "no static file 'x.js' in layouts/static" in found.message
    folder = layouts(tmp_path, **{"page.html": "{{ asset('style.css') }}"})
    assert render(folder) == render(folder)
    linked = render(folder, url="/")
    assert linked.startswith("static/style.") and linked.endswith(".css") and len(linked) == 27


def test_filters(tmp_path: Path) -> None:
    folder = layouts(tmp_path, **{"page.html": "{{ when|date }}|{{ when|date('month') }}|"
                                               "{{ when|isodate }}|{{ 3|month_name }}|"
                                               "{{ 'Jane Doe'|initials }}"})
    when = datetime(2024, 3, 5, 9, 30, tzinfo=UTC)
    assert render(folder, when=when) == "March 5, 2024|March 2024|2024-03-05T09:30:00+00:00|" \
                                        "March|JD"
    assert format_date(when) == "March 5, 2024" and isodate(when) == when.isoformat()


@pytest.mark.parametrize(("name", "letters"), [
    ("Andrew Korybko", "AK"), ("Plato", "P"), ("jean-paul sartre", "JS"),
    ("Ludwig van Beethoven", "LB"), ("—", "?"), ("", "?"), ("Émile Zola", "ÉZ"),
])
def test_initials(name: str, letters: str) -> None:
    assert initials(name) == letters


def test_avatar_tones_are_stable_and_in_range() -> None:
    tones = {avatar_tone(f"Author {n}") for n in range(50)}
    assert tones <= set(range(6)) and len(tones) > 1
    assert avatar_tone("Jane Doe") == avatar_tone("Jane Doe")
    assert avatar_tone("Jane Doe", 3) in range(3)


def test_compiled_layouts_are_kept_and_a_changed_layout_is_compiled_anew(
        tmp_path: Path) -> None:
    folder = layouts(tmp_path, **{"page.html": "one"})
    cache = tmp_path / "cache" / "jinja"
    assert render(folder, bytecode=cache) == "one"
    assert list(cache.iterdir())
    (folder / "page.html").write_text("two, longer")
    assert render(folder, bytecode=cache) == "two, longer"


def test_a_cache_that_cannot_be_made_is_skipped(tmp_path: Path) -> None:
    folder = layouts(tmp_path, **{"page.html": "fine"})
    (tmp_path / "file").write_text("in the way")
    assert render(folder, bytecode=tmp_path / "file" / "jinja") == "fine"


def test_check_templates_reports_each_syntax_error(tmp_path: Path) -> None:
    folder = layouts(tmp_path, **{"good.html": "{{ x }}", "bad.html": "\n\n{% for %}",
                                  "sub__worse.html": "{{ x ", "static__skip.html": "{% if %}"})
    report = Report(root=tmp_path)
    check_templates(folder, report)
    lines = report.lines()
    assert len(lines) == 2
    assert lines[0].startswith("layouts/bad.html:3: template syntax error: ")
    assert lines[1].startswith("layouts/sub/worse.html:1: template syntax error: ")
