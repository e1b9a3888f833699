"""SiteGraph + layouts → pages as `(path, bytes)`, one at a time.

The Jinja environment autoescapes and uses StrictUndefined, so an unknown variable is an
error with its template line instead of an empty string. Each template gets an explicit
context: `site`, `page`, and one of `article`, `term`, `taxonomy`, `archive`, `paginator`.
Pages are produced lazily so a large site is never held in memory at once.
"""

from __future__ import annotations

import re
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache, partial
from html import escape, unescape
from pathlib import Path
from typing import Any, NamedTuple

import jinja2
from markupsafe import Markup

from folio import assets, charts, cite, meta
from folio.config import Taxonomy
from folio.discover import lastmod
from folio.fingerprint import files_digest, fingerprint, marks
from folio.graph import (
    Entry,
    OnDemand,
    SiteGraph,
    StaticPage,
    Term,
    TermLink,
    more_by_authors,
    reading,
    resolve_link,
)
from folio.markup import sanitize
from folio.problems import Report
from folio.urls import output_path, relative_url
from folio.workers import in_workers

TIMELINE_YEARS = 5  # a term's timeline shows at least this many years, up to its latest
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


class PageSpec(NamedTuple):
    """A page to publish. Its context is made only when the page is rendered; its
    fingerprint is taken from `inputs`, the few values the context is made from (with the
    layouts and the site settings), or from the whole context where `inputs` is None.
    (A named tuple: a site has one per page, and a tuple is the quickest to make.)"""

    url: str
    template: str
    title: str
    context: Callable[[], dict[str, Any]]
    inputs: Callable[[], Any] | None = None
    shown: Callable[[], Iterable[Entry]] = tuple  # the entries that date it in the sitemap


@dataclass(frozen=True)
class Paginator:
    items: Sequence[Entry]
    number: int
    count: int
    base_url: str  # the first page's URL
    total: int

    def __fingerprint__(self) -> str:
        return fingerprint(marks(self.items), self.number, self.count, self.base_url, self.total)

    def url(self, number: int) -> str:
        return page_url(self.base_url, number)

    @property
    def previous_url(self) -> str | None:
        return self.url(self.number - 1) if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.url(self.number + 1) if self.number < self.count else None


def page_url(base_url: str, number: int) -> str:
    """The URL of page `number` of a list whose first page is at `base_url`."""
    return base_url if number == 1 else f"{base_url}page/{number}/"


class RenderedPage(NamedTuple):
    relative: str  # the output path: articles/x/index.html
    data: bytes | None  # None when the published page is already right
    mark: str  # the page's fingerprint
    url: str
    template: str
    lastmod: tuple[str, datetime | None] | None  # the page's sitemap line, if it has one
    reads: tuple[int, ...] = ()  # the entries whose fingerprints the page's fingerprint took


class TemplateProblem(Exception):
    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(message)
        self.path, self.line, self.message = path, line, message


def environment(layouts: Path, bytecode: Path | None = None) -> jinja2.Environment:
    """The Jinja environment; compiled templates are kept in `bytecode` when given (Jinja
    checks each against its source, so a changed layout is always compiled anew)."""
    if bytecode is not None:
        bytecode.mkdir(parents=True, exist_ok=True)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(layouts),
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(bytecode)) if bytecode else None,
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


def site_context(graph: SiteGraph) -> dict[str, Any]:
    config = graph.config
    return {
        "title": config.title,
        "description": config.description,
        "base_url": config.base_url,
        "search": config.search,
        "language": config.language,
        "extra": config.extra_dict,
        "taxonomies": [
            {"key": t.key, "title": t.title, "singular": t.singular, "url": f"/{t.key}/"}
            for t in config.taxonomies
        ],
        "pages": [{"title": p.page.title, "url": p.url} for p in graph.pages if p.page.menu],
    }


def page_specs(graph: SiteGraph) -> Iterator[PageSpec]:
    """Every page of the site, in a fixed order."""
    config = graph.config
    entries = graph.entries
    yield from _paginate("/", "home.html", config.title, list(range(len(entries))), graph,
                         config.per_page)
    for i, entry in enumerate(entries):
        yield PageSpec(entry.url, "article.html", entry.title, partial(_article_context, graph, i),
                       partial(_article_inputs, graph, i), partial(tuple, (entry,)))
    for page in graph.pages:
        yield PageSpec(page.url, "page.html", page.page.title,
                       partial(_static_context, graph, page))
    zone = config.zone
    years = OnDemand(lambda i: entries[i].article.date.astimezone(zone).year)
    for taxonomy in config.taxonomies:
        terms = graph.terms[taxonomy.key]
        yield PageSpec(f"/{taxonomy.key}/", "taxonomy.html", taxonomy.title,
                       partial(_taxonomy_context, taxonomy, terms),
                       shown=partial(_newest_of_each, graph, terms))
        for term in terms:
            yield from _paginate(term.url, "term.html", term.name, term.entries, graph,
                                 config.term_per_page, _TermContext(term, years))
    yield from _archive_specs(graph)
    if config.search:
        yield PageSpec("/search/", "search.html", "Search", dict)
    yield PageSpec("/404.html", "404.html", "Page not found", dict)


def _paginate(base_url: str, template: str, title: str, indices: Sequence[int],
              graph: SiteGraph, per_page: int, term: _TermContext | None = None
              ) -> Iterator[PageSpec]:
    count = max(1, -(-len(indices) // per_page))
    for number in range(1, count + 1):
        listing = _Listing(graph, indices, per_page, number, count, base_url, term)
        yield PageSpec(page_url(base_url, number), template,
                       title if number == 1 else f"{title} (page {number})",
                       listing.context, listing.inputs, listing.shown)


class _Listing:
    """One page of a paginated list; its paginator is made on first use (a build that
    patches a few pages never makes most of them)."""

    __slots__ = (
        "_base_url",
        "_count",
        "_graph",
        "_indices",
        "_number",
        "_paginator",
        "_per_page",
        "_term",
    )

    def __init__(self, graph: SiteGraph, indices: Sequence[int], per_page: int, number: int,
                 count: int, base_url: str, term: _TermContext | None) -> None:
        self._graph, self._indices, self._per_page = graph, indices, per_page
        self._number, self._count, self._base_url, self._term = number, count, base_url, term
        self._paginator: Paginator | None = None

    def paginator(self) -> Paginator:
        if self._paginator is None:
            start = (self._number - 1) * self._per_page
            entries = self._graph.entries
            self._paginator = Paginator(
                [entries[i] for i in self._indices[start:start + self._per_page]],
                self._number, self._count, self._base_url, len(self._indices))
        return self._paginator

    def context(self) -> dict[str, Any]:
        if self._term is None:
            return {"paginator": self.paginator()}
        return self._term.with_paginator(self.paginator())

    def inputs(self) -> tuple[Any, ...]:
        if self._term is None:
            return (self.paginator(),)
        return self._term.inputs(self.paginator())

    def shown(self) -> Sequence[Entry]:
        return self.paginator().items


def _taxonomy_context(taxonomy: Taxonomy, terms: Sequence[Term]) -> dict[str, Any]:
    return {"taxonomy": taxonomy, "terms": terms, "letters": _letters(terms)}


def _newest_of_each(graph: SiteGraph, terms: Sequence[Term]) -> list[Entry]:
    return [graph.entries[t.entries[0]] for t in terms if t.entries]


def _letters(terms: Sequence[Term]) -> list[tuple[str, list[Term]]]:
    groups: dict[str, list[Term]] = {}
    for term in terms:
        first = term.slug[:1].upper()
        groups.setdefault(first if first.isalpha() else "#", []).append(term)
    return sorted(groups.items(), key=lambda kv: (kv[0] == "#", kv[0]))


class _TermContext:
    """What every page of one term shows about it; its timeline is drawn on first use."""

    def __init__(self, term: Term, years: OnDemand[int]) -> None:
        self.term = term
        self._years = years
        self._per_year: dict[int, int] | None = None
        self._value: dict[str, Any] | None = None

    @property
    def per_year(self) -> dict[int, int]:
        if self._per_year is None:
            counts = Counter(self._years[i] for i in self.term.entries)
            self._per_year = dict(sorted(counts.items()))
        return self._per_year

    def inputs(self, paginator: Paginator) -> tuple[Any, ...]:
        return (paginator, self.term, str(self.per_year))

    def with_paginator(self, paginator: Paginator) -> dict[str, Any]:
        return {"paginator": paginator, "term": self.value()}

    def value(self) -> dict[str, Any]:
        if self._value is None:
            term, per_year = self.term, self.per_year
            bars = charts.years_span(per_year, at_least=TIMELINE_YEARS)
            timeline = charts.bar_chart(bars, title=f"{term.name}: articles per year",
                                        chart_id="timeline", compact=True) if bars \
                else Markup("")
            self._value = {"name": term.name, "url": term.url, "taxonomy": term.taxonomy,
                           "count": len(term.entries), "profile_html": Markup(term.profile_html),
                           "timeline": timeline, "first_year": min(per_year, default=""),
                           "last_year": max(per_year, default="")}
        return self._value


_HREF_ATTRIBUTE = re.compile(r'(?<=\s)href="([^"]*)"')


class Body:
    """An article body, read from the store only when the page is really rendered."""

    def __init__(self, graph: SiteGraph, key: str, source: str, links: Sequence[str],
                 url: str, html: str | None = None) -> None:
        self._graph, self._key, self._html = graph, key, html
        self._links = [(href, target) for href in links
                       if (target := resolve_link(source, href, graph.link_targets))]
        self._url = url

    def __fingerprint__(self) -> str:
        return fingerprint(self._key, self._html, self._links, self._url)

    def __html__(self) -> str:
        html = self._html if self._html is not None else self._graph.bodies[self._key]
        if self._links:
            targets = dict(self._links)

            def resolve(match: re.Match[str]) -> str:
                target = targets.get(unescape(match.group(1)))
                if target is None:
                    return match.group(0)
                return f'href="{escape(relative_url(self._url, target), quote=True)}"'

            html = _HREF_ATTRIBUTE.sub(resolve, html)
        if not self._graph.config.trust_html:  # once more, now that links are resolved
            html = sanitize(html)
        return scroll_boxes(html)

    def __str__(self) -> str:
        return self.__html__()


def scroll_boxes(html: str) -> str:
    """Tables and code blocks scroll sideways in their own box, reachable by keyboard."""
    html = html.replace("<table>", '<div class="scroll-box" tabindex="0"><table>')
    html = html.replace("</table>", "</table></div>")
    return html.replace("<pre>", '<pre tabindex="0">')


def _article_context(graph: SiteGraph, i: int) -> dict[str, Any]:
    entry = graph.entries[i]
    article = entry.article
    entries = graph.entries
    authors = [{"name": link.name, "url": link.url, "bio_html": Markup(bio)}
               for link, bio in _author_bios(graph, entry)]
    local = article.date.astimezone(graph.config.zone)
    return {
        "article": entry,
        "body_html": Body(graph, entry.key, article.path, entry.rendered.links, entry.url),
        "authors": authors,
        "month_url": f"/archive/{local.year:04d}/{local.month:02d}/",
        "local_date": local,
        "newer": entries[i - 1] if i > 0 else None,
        "older": entries[i + 1] if i + 1 < len(entries) else None,
        "related": [entries[j] for j in graph.related.get(i, ())],
        "cited_by": [entries[j] for j in graph.cited_by.get(i, ())],
        "more_by": [{"name": link.name, "url": link.url, "entries": [entries[j] for j in js]}
                    for link, js in more_by_authors(graph, i)],
        "citations": Lazy(partial(_citations, graph, entry), "citations", entry),
        "bib_url": cite.bib_url(entry),
    }


def _author_bios(graph: SiteGraph, entry: Entry) -> list[tuple[TermLink, str]]:
    """Each author of the entry with the HTML of their profile ("" without one)."""
    bios = []
    for link in entry.links("authors"):
        term = graph.term("authors", link.name)
        bios.append((link, term.profile_html if term else ""))
    return bios


def _article_inputs(graph: SiteGraph, i: int) -> tuple[Any, ...]:
    """What `_article_context` is made from: entries (each standing for its file, URL and
    terms), the authors' profiles and where the body's links lead."""
    entries = graph.entries
    entry = entries[i]
    bios = [bio for _, bio in _author_bios(graph, entry)]
    links = [(href, target) for href in entry.rendered.links
             if (target := resolve_link(entry.article.path, href, graph.link_targets))]
    more_by = [(link.__fingerprint__(), marks(entries[j] for j in js))
               for link, js in more_by_authors(graph, i)]
    return (marks((entry, entries[i - 1] if i > 0 else None,
                   entries[i + 1] if i + 1 < len(entries) else None)),
            marks(entries[j] for j in graph.related.get(i, ())),
            marks(entries[j] for j in graph.cited_by.get(i, ())),
            more_by, bios, links)


def _citations(graph: SiteGraph, entry: Entry) -> tuple[cite.Citation, ...]:
    return cite.citations(cite.work_of(graph, entry))


class Lazy:
    """A sequence worked out only when a template reads it; its fingerprint is its inputs."""

    def __init__(self, produce: Callable[[], Sequence[Any]], *inputs: Any) -> None:
        self._produce, self._inputs = produce, inputs
        self._value: Sequence[Any] | None = None

    def __fingerprint__(self) -> str:
        return fingerprint(*self._inputs)

    def _get(self) -> Sequence[Any]:
        if self._value is None:
            self._value = self._produce()
        return self._value

    def __iter__(self) -> Iterator[Any]:
        return iter(self._get())

    def __len__(self) -> int:
        return len(self._get())

    def __getitem__(self, index: int) -> Any:
        return self._get()[index]

    def __bool__(self) -> bool:
        return bool(self._get())


def _static_context(graph: SiteGraph, page: StaticPage) -> dict[str, Any]:
    return {"static": {"title": page.page.title,
                       "body_html": Body(graph, "", page.page.path, page.rendered.links,
                                         page.url, page.rendered.html)}}


def _archive_specs(graph: SiteGraph) -> Iterator[PageSpec]:
    per_year = {y: sum(map(len, ms.values())) for y, ms in graph.archive.items()}
    years = [{"year": y, "url": f"/archive/{y:04d}/", "count": n} for y, n in per_year.items()]
    chart = charts.bar_chart(charts.years_span(per_year),
                             title="Articles per year", chart_id="chart-years")
    newest_year = next(iter(graph.archive), None)  # newest year first
    yield PageSpec("/archive/", "archive.html", "Archive",
                   partial(dict, years=years, chart=chart, total=len(graph.entries)),
                   shown=partial(_year_entries, graph, newest_year))
    for year, months in graph.archive.items():
        month_list = [{"month": m, "url": f"/archive/{year:04d}/{m:02d}/", "count": len(ix)}
                      for m, ix in months.items()]
        chart = charts.bar_chart(charts.months_of({m: len(ix) for m, ix in months.items()}),
                                 title=f"Articles per month in {year}", chart_id="chart-months")
        yield PageSpec(f"/archive/{year:04d}/", "archive_year.html", str(year),
                       partial(dict, year=year, months=month_list, chart=chart),
                       shown=partial(_year_entries, graph, year))
        for month, indices in months.items():
            shown = [graph.entries[i] for i in indices]
            yield PageSpec(f"/archive/{year:04d}/{month:02d}/", "archive_month.html",
                           f"{MONTHS[month - 1]} {year}",
                           partial(dict, year=year, month=month, year_url=f"/archive/{year:04d}/",
                                   entries=shown),
                           shown=partial(tuple, shown))


def _year_entries(graph: SiteGraph, year: int | None) -> list[Entry]:
    months = graph.archive.get(year, {}) if year is not None else {}
    return [graph.entries[i] for ix in months.values() for i in ix]


PARALLEL_MINIMUM = 400  # pages: below this, starting workers costs more than it saves
CHUNK = 32  # pages a worker renders per task


def render_pages(
    graph: SiteGraph, layouts: Path, report: Report,
    skip: Callable[[str, str], bool] | None = None, bytecode: Path | None = None,
    can_skip: Callable[[str, str], bool] | None = None, jobs: int = 1,
    wanted: Callable[[int, PageSpec], bool] | None = None,
) -> Iterator[RenderedPage]:
    """Each page, in a fixed order.

    `skip(path, fingerprint)` may answer that the page is already published as it would be
    (and keep it); it is then not rendered and its bytes are None. With `jobs` > 1 and
    `can_skip` (the same question, asked without keeping anything) pages are fingerprinted
    and rendered by forked workers, a few chunks ahead of the caller, so that memory holds
    only those chunks. `wanted(place, spec)`, when given, picks the pages to fingerprint at
    all (a patch build's). Template problems go to `report`, each template line once.
    """
    specs = list(page_specs(graph))
    if wanted is not None:
        specs = [spec for place, spec in enumerate(specs) if wanted(place, spec)]
    renderer = _Renderer(graph, layouts, bytecode)
    # Workers can only ask whether a page could be kept (`can_skip`); the keeping is
    # done here, so serial rendering asks `skip` directly.
    parallel = jobs > 1 and can_skip is not None and len(specs) >= PARALLEL_MINIMUM
    outcomes: Iterable[RenderedPage | _Problem]
    if parallel and can_skip is not None:
        outcomes = in_workers([partial(renderer.page, spec, can_skip) for spec in specs],
                              jobs, CHUNK, partial(reopen_bodies, graph))
    else:
        outcomes = (renderer.page(spec, skip) for spec in specs)
    seen: set[tuple[str, int]] = set()
    for i, outcome in enumerate(outcomes):
        if (parallel and isinstance(outcome, RenderedPage) and outcome.data is None
                and skip is not None and not skip(outcome.relative, outcome.mark)):
            outcome = renderer.page(specs[i], None)  # could not be kept after all: render it
        if isinstance(outcome, _Problem):
            if (outcome.path, outcome.line) not in seen:  # once per template line
                seen.add((outcome.path, outcome.line))
                report.error(Path(outcome.path), outcome.line, outcome.message)
            continue
        yield outcome


class _Problem(NamedTuple):
    path: str
    line: int
    message: str


class _Renderer:
    """Fingerprints and renders pages; its Jinja environment is made on first use, so a
    forked worker compiles its own and a build that renders nothing compiles none."""

    def __init__(self, graph: SiteGraph, layouts: Path, bytecode: Path | None) -> None:
        self.graph, self.layouts, self.bytecode = graph, layouts, bytecode
        self.site = site_context(graph)
        self.common = fingerprint(files_digest(layouts), repr(graph.config), self.site)
        self._env: jinja2.Environment | None = None

    @property
    def env(self) -> jinja2.Environment:
        if self._env is None:
            graph = self.graph
            self._env = environment(self.layouts, self.bytecode)
            self._env.globals["page_meta"] = jinja2.pass_context(
                lambda context: meta.page_meta(graph, dict(context.get_all())))
        return self._env

    def page(self, spec: PageSpec, skip: Callable[[str, str], bool] | None
             ) -> RenderedPage | _Problem:
        relative = output_path(spec.url)
        context = None if spec.inputs is not None else spec.context()
        mark, reads = reading(lambda: fingerprint(
            self.common, spec.url, spec.title, spec.template,
            spec.inputs() if spec.inputs is not None else context))
        line = lastmod(spec.url, spec.shown())
        if skip is not None and skip(relative, mark):
            return RenderedPage(relative, None, mark, spec.url, spec.template, line, reads)
        try:
            html = render_one(self.env, spec, self.site, self.layouts, context)
        except TemplateProblem as exc:
            return _Problem(exc.path, exc.line, exc.message)
        return RenderedPage(relative, html.encode("utf-8"), mark, spec.url, spec.template, line,
                            reads)


def reopen_bodies(graph: SiteGraph) -> None:
    """In a forked worker: read article bodies through a cache connection of its own."""
    reopen = getattr(graph.bodies, "reopen", None)
    if reopen is not None:
        reopen()


def render_one(env: jinja2.Environment, spec: PageSpec, site: dict[str, Any],
               layouts: Path, context: dict[str, Any] | None = None) -> str:
    page = {"url": spec.url, "title": spec.title, "template": spec.template}
    try:
        template = env.get_template(spec.template)
        return template.render(site=site, page=page,
                               **(context if context is not None else spec.context()))
    except jinja2.TemplateSyntaxError as exc:
        raise _syntax_problem(exc, layouts / (exc.name or spec.template)) from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateProblem(str(layouts / spec.template), 1,
                              f"missing layout {exc.name!r} (needed for {spec.url})") from None
    except Exception as exc:  # an error raised while rendering: find the template line
        frame, line = _template_frame(exc, layouts)
        message = str(exc) if isinstance(exc, jinja2.TemplateError) else repr(exc)
        raise TemplateProblem(frame or str(layouts / spec.template), line,
                              f"template error: {_clean(message)} (rendering {spec.url})") \
            from None


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
            problem = _syntax_problem(exc, path)
            report.error(Path(problem.path), problem.line, problem.message)


def _syntax_problem(exc: jinja2.TemplateSyntaxError, path: Path) -> TemplateProblem:
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
