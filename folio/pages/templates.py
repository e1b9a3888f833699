"""The Jinja environment and rendering one page: layouts + context → HTML.

Layouts are looked up in the project's `layouts/` first, then in the default theme that
ships inside the package (`folio/theme/`): a project overrides the theme file by file, and
a layout may extend the theme's own version of itself as `theme/<name>`.

The environment autoescapes and uses StrictUndefined, so an unknown variable is an error
with its template line instead of an empty string. A problem in a layout becomes a
`TemplateProblem` naming the layout file, its line and the page being rendered, in the
layout's terms (`article has no attribute 'x'`, not the Python class behind it).
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
from folio.urls import absolute_url, relative_url

THEME = Path(__file__).resolve().parent.parent / "theme"  # the default theme, in the package

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


class TemplateProblem(Exception):
    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(path, line, message)  # all three: it travels back from workers
        self.path, self.line, self.message = path, line, message


def loader(layouts: Path, theme: Path = THEME) -> jinja2.BaseLoader:
    """`layouts/` over the theme, file by file; `theme/<name>` is always the theme's."""
    return jinja2.ChoiceLoader([
        jinja2.FileSystemLoader([str(layouts), str(theme)]),
        jinja2.PrefixLoader({"theme": jinja2.FileSystemLoader(str(theme))}),
    ])


def environment(layouts: Path, bytecode: Path | None = None,
                theme: Path = THEME) -> jinja2.Environment:
    """The Jinja environment; compiled templates are kept in `bytecode` when given (Jinja
    checks each against its source, so a changed layout is always compiled anew)."""
    if bytecode is not None:
        try:
            bytecode.mkdir(parents=True, exist_ok=True)
        except OSError:  # a read-only cache: compile every time instead
            bytecode = None
    env = jinja2.Environment(
        loader=loader(layouts, theme),
        bytecode_cache=_BytecodeCache(str(bytecode)) if bytecode else None,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # one environment per build: no need to stat layouts per page
    )
    env.globals["rel"] = _rel
    manifest = assets.collect(layouts / "static", theme / "static")
    env.globals["asset"] = _asset_function(manifest)
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
    """A link from the current page to a site-rooted `url`; on a page shown at any address
    (404.html) an absolute one, from base_url (site-rooted without one)."""
    if context.get("anywhere"):
        return absolute_url(context["site"]["base_url"], url)
    return relative_url(context["page"]["url"], url)


def _asset_function(manifest: dict[str, assets.Asset]) -> Callable[..., str]:
    @jinja2.pass_context
    def asset(context: jinja2.runtime.Context, name: str) -> str:
        """A link from the current page to the published (fingerprinted) static file."""
        found = manifest.get(name)
        if found is None:
            raise LookupError(f"no static file {name!r} in layouts/static or the theme")
        return _rel(context, found.url)

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
                 bytecode: Path | None = None, theme: Path = THEME) -> None:
        self.graph, self.layouts, self.site, self.bytecode = graph, layouts, site, bytecode
        self.theme = theme
        self._env: jinja2.Environment | None = None

    @property
    def env(self) -> jinja2.Environment:
        if self._env is None:
            graph = self.graph
            self._env = environment(self.layouts, self.bytecode, self.theme)
            self._env.globals["page_meta"] = jinja2.pass_context(
                lambda context: meta.page_meta(graph, dict(context.get_all())))
        return self._env

    def render(self, spec: PageSpec, context: Mapping[str, Any]) -> bytes:
        """The page's HTML; raises TemplateProblem."""
        page = {"url": spec.url, "title": spec.title, "template": spec.template}
        folders = (self.layouts, self.theme)
        try:
            template = self.env.get_template(spec.template)
            return template.render(site=self.site, page=page, **context).encode("utf-8")
        except jinja2.TemplateSyntaxError as exc:
            raise syntax_problem(exc, self.layouts / (exc.name or spec.template)) from None
        except jinja2.TemplateNotFound as exc:
            frame, line = _template_frame(exc, folders)
            raise TemplateProblem(frame or str(self.layouts / spec.template), line,
                                  f"missing layout {exc.name!r} (needed for {spec.url})"
                                  ) from None
        except Exception as exc:  # an error raised while rendering: find the template line
            frame, line = _template_frame(exc, folders)
            message = str(exc) if isinstance(exc, jinja2.TemplateError) else repr(exc)
            raise TemplateProblem(frame or str(self.layouts / spec.template), line,
                                  f"template error: {plain_message(message)} "
                                  f"(rendering {spec.url})") from None


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


def check_templates(layouts: Path, report: Report, theme: Path = THEME) -> None:
    """Compile every layout, the theme's included, reporting syntax errors: for a run that
    cannot render pages."""
    env = environment(layouts, theme=theme)
    for folder in (layouts, theme):
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*.html")):
            name = path.relative_to(folder).as_posix()
            if name.startswith("static/") or (folder == theme and (layouts / name).exists()):
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


def _template_frame(exc: BaseException, folders: tuple[Path, ...]) -> tuple[str | None, int]:
    roots = tuple(str(folder.resolve()) + "/" for folder in folders)
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if f.filename and str(Path(f.filename).resolve()).startswith(roots)]
    if not frames:
        return None, 1
    return frames[-1].filename, frames[-1].lineno or 1


# What a layout calls the values Folio gives it, for messages in the layout's terms.
_NAMES = {"Entry": "article", "Article": "article.article", "Term": "term",
          "TermLink": "term link", "Paginator": "paginator", "Image": "image",
          "Source": "source", "Correction": "correction", "Citation": "citation",
          "Body": "body", "Deferred": "value", "StaticPage": "page"}
_OBJECT = re.compile(r"'(?:[A-Za-z_]\w*\.)+([A-Za-z_]\w*) object'"
                     r"|'(" + "|".join(_NAMES) + r")' object")


def plain_message(message: str) -> str:
    """`'folio.graph.model.Entry object' has no attribute 'x'` → `article has no attribute
    'x'`: no Python module or class names in what a layout's author reads."""
    def name(match: re.Match[str]) -> str:
        found = match.group(1) or match.group(2)
        return _NAMES.get(found, found.lower())

    return _OBJECT.sub(name, re.sub(r"\s+", " ", message).strip())
