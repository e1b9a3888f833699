"""The Jinja environment and rendering one page: layouts + context → HTML.

The environment autoescapes and uses StrictUndefined, so an unknown variable is an error
with its template line instead of an empty string. A problem in a layout becomes a
`TemplateProblem` naming the layout file, its line and the page being rendered.
"""

from __future__ import annotations

import contextlib
import os
import re
import traceback
from collections.abc import Callable, Mapping
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from folio.graph.model import SiteGraph
from folio.pages import meta
from folio.pages.kinds import PageSpec
from folio.problems import Report
from folio.publish import assets
from folio.urls import relative_url

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


class TemplateProblem(Exception):
    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(path, line, message)  # all three: it travels back from workers
        self.path, self.line, self.message = path, line, message


def environment(layouts: Path, bytecode: Path | None = None) -> jinja2.Environment:
    """The Jinja environment; compiled templates are kept in `bytecode` when given (Jinja
    checks each against its source, so a changed layout is always compiled anew)."""
    if bytecode is not None:
        try:
            bytecode.mkdir(parents=True, exist_ok=True)
        except OSError:  # a read-only cache: compile every time instead
            bytecode = None
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(layouts),
        bytecode_cache=_BytecodeCache(str(bytecode)) if bytecode else None,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # one environment per build: no need to stat layouts per page
    )
    env.globals["rel"] = _rel
    env.globals["asset"] = _asset_function(assets.collect(layouts / "static"))
    env.filters["initials"] = initials
    env.filters["avatar_tone"] = avatar_tone
    env.filters["date"] = format_date
    env.filters["isodate"] = isodate
    env.filters["month_name"] = lambda m: MONTHS[int(m) - 1]
    return env


class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Compiled layouts kept between builds; a cache that cannot be written is skipped."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


@jinja2.pass_context
def _rel(context: jinja2.runtime.Context, url: str) -> str:
    """A link from the current page to a site-rooted `url`."""
    return relative_url(context["page"]["url"], url)


def _asset_function(manifest: dict[str, assets.Asset]) -> Callable[..., str]:
    @jinja2.pass_context
    def asset(context: jinja2.runtime.Context, name: str) -> str:
        """A link from the current page to the published (fingerprinted) static file."""
        found = manifest.get(name)
        if found is None:
            raise LookupError(f"no static file {name!r} in layouts/static")
        return relative_url(context["page"]["url"], found.url)

    return asset


# The filters below are pure and see the same few thousand names and dates on every page.
@lru_cache(maxsize=1 << 14)
def initials(name: str) -> str:
    """"Andrew Korybko" → "AK", "Plato" → "P": the letters an avatar circle shows."""
    words = [w for w in re.split(r"[\s\-]+", name) if w[:1].isalnum()]
    if not words:
        return "?"
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return letters.upper()


@lru_cache(maxsize=1 << 14)
def avatar_tone(name: str, tones: int = 6) -> int:
    """One of `tones` avatar colours, chosen from the name so it is the same on every page."""
    return sum(name.encode("utf-8")) % tones


@lru_cache(maxsize=1 << 14)
def format_date(moment: datetime, style: str = "long") -> str:
    if style == "month":
        return f"{MONTHS[moment.month - 1]} {moment.year}"
    return f"{MONTHS[moment.month - 1]} {moment.day}, {moment.year}"


@lru_cache(maxsize=1 << 14)
def isodate(moment: datetime) -> str:
    return moment.isoformat()


class Renderer:
    """Renders pages of one site; its Jinja environment is made on first use, so a forked
    worker compiles its own and a build that renders nothing compiles none."""

    def __init__(self, graph: SiteGraph, layouts: Path, site: Mapping[str, Any],
                 bytecode: Path | None = None) -> None:
        self.graph, self.layouts, self.site, self.bytecode = graph, layouts, site, bytecode
        self._env: jinja2.Environment | None = None

    @property
    def env(self) -> jinja2.Environment:
        if self._env is None:
            graph = self.graph
            self._env = environment(self.layouts, self.bytecode)
            self._env.globals["page_meta"] = jinja2.pass_context(
                lambda context: meta.page_meta(graph, dict(context.get_all())))
        return self._env

    def render(self, spec: PageSpec, context: Mapping[str, Any]) -> bytes:
        """The page's HTML; raises TemplateProblem."""
        page = {"url": spec.url, "title": spec.title, "template": spec.template}
        layouts = self.layouts
        try:
            template = self.env.get_template(spec.template)
            return template.render(site=self.site, page=page, **context).encode("utf-8")
        except jinja2.TemplateSyntaxError as exc:
            raise syntax_problem(exc, layouts / (exc.name or spec.template)) from None
        except jinja2.TemplateNotFound as exc:
            raise TemplateProblem(str(layouts / spec.template), 1,
                                  f"missing layout {exc.name!r} (needed for {spec.url})"
                                  ) from None
        except Exception as exc:  # an error raised while rendering: find the template line
            frame, line = _template_frame(exc, layouts)
            message = str(exc) if isinstance(exc, jinja2.TemplateError) else repr(exc)
            raise TemplateProblem(frame or str(layouts / spec.template), line,
                                  f"template error: {_clean(message)} (rendering {spec.url})"
                                  ) from None


def check_readable(layouts: Path, report: Report) -> bool:
    """Report every file below `layouts` (templates and static files) that cannot be read;
    whether all can."""
    fine = True
    for path in sorted(layouts.rglob("*")):
        if path.is_dir():
            if not os.access(path, os.R_OK | os.X_OK):
                report.error(path, 0, "cannot read layout folder: permission denied")
                fine = False
            continue
        try:
            with open(path, "rb") as handle:
                handle.read(1)
        except OSError as exc:
            report.error(path, 0, f"cannot read layout file: {exc.strerror or exc}")
            fine = False
    return fine


def check_templates(layouts: Path, report: Report) -> None:
    """Compile every layout, reporting syntax errors: for a run that cannot render pages."""
    env = environment(layouts)
    for path in sorted(layouts.rglob("*.html")):
        name = path.relative_to(layouts).as_posix()
        if name.startswith("static/"):
            continue
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            problem = syntax_problem(exc, path)
            report.error(Path(problem.path), problem.line, problem.message)
        except (OSError, UnicodeDecodeError) as exc:
            report.error(path, 0, f"cannot read layout: {exc}")


def syntax_problem(exc: jinja2.TemplateSyntaxError, path: Path) -> TemplateProblem:
    return TemplateProblem(exc.filename or str(path), exc.lineno or 1,
                           f"template syntax error: {exc.message}")


def _template_frame(exc: BaseException, layouts: Path) -> tuple[str | None, int]:
    root = str(layouts.resolve())
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if f.filename and str(Path(f.filename).resolve()).startswith(root)]
    if not frames:
        return None, 1
    return frames[-1].filename, frames[-1].lineno or 1


def _clean(message: str) -> str:
    return re.sub(r"\s+", " ", message).strip()
