"""Layouts: the theme in the package, overridden file by file by a project's layouts/, and
template problems told in the layout's own terms."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import SiteProject

from folio.pages.templates import THEME, plain_message


def _bare(project: SiteProject) -> SiteProject:
    """The project without its copy of the theme: it builds from the package's."""
    shutil.rmtree(project.root / "layouts")
    project.article("a", "A Piece", "2024-01-01", ["Ann"], themes=["T"])
    return project


def test_a_site_without_layouts_builds_with_the_packaged_theme(project: SiteProject) -> None:
    result = _bare(project).build()
    assert not result.report.failed, result.report.lines()
    assert "A Piece" in project.page("/") and "Latest commentary" in project.page("/")
    assert re.search(r"static/style\.[0-9a-f]{10}\.css", project.page("/"))
    assert (THEME / "base.html").is_file() and (THEME / "static" / "style.css").is_file()


def test_one_layout_overrides_the_theme_and_may_extend_it(project: SiteProject) -> None:
    _bare(project)
    project.write("layouts/article.html", """
        {% extends "theme/article.html" %}
        {% block main %}<p class="mine">Mine.</p>{{ super() }}{% endblock %}
        """)
    project.write("layouts/static/style.css", "body { color: red }\n")
    project.write("layouts/static/extra.js", "// a file the theme does not have\n")
    assert not project.build().report.failed
    article = project.page("/articles/a-piece/")
    assert '<p class="mine">Mine.</p>' in article and "<h1>A Piece</h1>" in article
    assert '<p class="mine">' not in project.page("/")  # other layouts: the theme's
    css = next((project.site / "static").glob("style.*.css"))
    assert css.read_text() == "body { color: red }\n"  # the project's, not the theme's
    assert list((project.site / "static").glob("theme.*.js"))  # the theme's, still there
    assert list((project.site / "static").glob("extra.*.js"))


def test_template_errors_name_the_layout_line_without_python_names(
    project: SiteProject,
) -> None:
    _bare(project)
    project.write("layouts/article.html", """
        {% extends "base.html" %}
        {% block main %}
        <p>{{ article.byline }}</p>
        {% endblock %}
        """)
    report = project.build().report
    assert report.lines() == [
        "layouts/article.html:3: template error: article has no attribute 'byline' "
        "(rendering /articles/a-piece/)"]


def test_plain_message_names_what_the_layout_calls_each_value() -> None:
    assert plain_message("'folio.graph.model.Entry object' has no attribute 'x'") == \
        "article has no attribute 'x'"
    assert plain_message("'folio.graph.Entry object' has no attribute 'x'") == \
        "article has no attribute 'x'"
    assert plain_message("AttributeError(\"'Term' object has no attribute 'bio'\")") == \
        "AttributeError(\"term has no attribute 'bio'\")"
    assert plain_message("'dict object' has no attribute 'x'") == \
        "'dict object' has no attribute 'x'"


def test_theme_files_ship_in_the_package_data() -> None:
    text = (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text()
    assert 'folio = ["theme/*.html", "theme/static/**/*"]' in text
    assert {p.name for p in THEME.glob("*.html")} >= {"404.html", "article.html", "base.html",
                                                     "home.html", "term.html", "search.html"}
