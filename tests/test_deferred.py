"""folio/pages/deferred.py: a value made once, only when a template reads it; its inputs
stand for it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jinja2
import pytest
from markupsafe import Markup

from folio.pages.deferred import Deferred


def counted(value: Any) -> tuple[Deferred, list[int]]:
    calls: list[int] = []

    def produce() -> Any:
        calls.append(1)
        return value

    return Deferred(produce, "chart", 2024, ("a", 1)), calls


def test_nothing_is_made_until_the_value_is_read() -> None:
    deferred, calls = counted([1, 2, 3])
    assert deferred.inputs == ("chart", 2024, ("a", 1))
    assert calls == []
    assert deferred.value == [1, 2, 3]
    assert list(deferred) == [1, 2, 3] and len(deferred) == 3 and deferred[1] == 2
    assert bool(deferred) is True
    assert calls == [1]  # made once, however often it is read


def test_a_value_that_is_none_or_empty_is_made_once_too() -> None:
    deferred, calls = counted(None)
    assert deferred.value is None and deferred.value is None
    assert calls == [1]
    empty, calls = counted([])
    assert not empty and not empty and calls == [1]


@pytest.mark.parametrize(("value", "html"), [
    (Markup("<svg>chart</svg>"), "<svg>chart</svg>"),
    ("plain", "plain"),
    (42, "42"),
])
def test_as_html(value: Any, html: str) -> None:
    deferred, _ = counted(value)
    assert deferred.__html__() == html and str(deferred) == html


def render(template: str, **context: Any) -> str:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return env.from_string(template).render(**context)


def test_a_template_that_does_not_read_it_does_not_make_it() -> None:
    deferred, calls = counted(Markup("<b>x</b>"))
    assert render("{% if false %}{{ chart }}{% endif %}done", chart=deferred) == "done"
    assert calls == []
    assert render("{{ chart }}|{{ chart }}", chart=deferred) == "<b>x</b>|<b>x</b>"
    assert calls == [1]


def test_markup_is_not_escaped() -> None:
    chart, _ = counted(Markup("<svg></svg>"))
    assert render("{{ chart }}", chart=chart) == "<svg></svg>"


def test_plain_text_made_by_a_deferred_is_escaped_like_any_text() -> None:
    text, _ = counted("<b>")
    assert render("{{ text }}", text=text) == render("{{ text }}", text="<b>") == "&lt;b&gt;"


def test_templates_loop_over_it() -> None:
    items, calls = counted(["a", "b"])
    assert render("{% for i in items %}{{ i }}{% endfor %}{{ items|length }}", items=items) == \
        "ab2"
    assert calls == [1]


def test_a_failure_while_making_it_is_raised_where_it_is_read() -> None:
    def fail() -> Any:
        raise ValueError("no data")

    make: Callable[[], Any] = fail
    deferred = Deferred(make, "x")
    with pytest.raises(ValueError, match="no data"):
        str(deferred)
