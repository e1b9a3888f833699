"""How far Folio's Markdown is from GitHub's, and what Folio's conversion costs per article.

    python benchmarks/markdown_conformance.py [--corpus DIR ...] [--before CHECKOUT]
        [--repeat N] [--rounds N] [--timing-articles N] [--show N]

Renders every `.md` file of each corpus (front matter cut off) with Folio's `to_html` and
with cmark-gfm (the `cmarkgfm` package, GitHub's fork of cmark, with its table,
strikethrough, autolink and task-list extensions and footnotes: the reference, never used by
Folio itself), then counts, for each kind of thing, how many of it each side produced:
lists, list items, code blocks, tables, links, headings, footnote references, struck-out
text, task-list boxes, and literal `**`, ```` ``` ````, `](` and `* `/`- ` line starts left
in the text (outside code). A divergence of a kind in a post is the difference of the two
counts; the tables add them up over the posts and count the posts that differ at all.

`--before CHECKOUT` is another Folio checkout (a folder holding its `folio/` package, e.g.
`git archive main folio | tar -x -C benchmarks/work/main`): its counts and costs are measured
in the same run, in a subprocess, and printed beside this checkout's.

Without `--corpus`, the corpus is made by `markdown_corpus.py` (150 posts) in
benchmarks/work/markdown-corpus/. Costs are per article, on the first corpus and on
`--timing-articles` synthetic articles of `corpus.py` (plain commentary), in CPU time:
`to_html` (the conversion, sanitizing and text extraction Folio does per file),
Python-Markdown with the checkout's extensions alone, and Python-Markdown with no
extension at all (the floor).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
WORK = HERE / "work"

KINDS = ("lists", "list items", "code blocks", "tables", "links", "headings", "footnote refs",
         "strikethrough", "task boxes", "literal **", "literal ```", "literal ](",
         "literal * ")
_ELEMENTS = {"ul": "lists", "ol": "lists", "li": "list items", "pre": "code blocks",
             "table": "tables", "h1": "headings", "h2": "headings", "h3": "headings",
             "h4": "headings", "h5": "headings", "h6": "headings", "del": "strikethrough",
             "s": "strikethrough"}
_HIDDEN = {"pre", "code", "script", "style", "noscript", "iframe", "textarea", "template"}
_LINE_MARKER = re.compile(r"(?m)^[ \t]*[*+-][ \t]+\S")


class Counter(HTMLParser):
    """Counts of each kind in one HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.counts = dict.fromkeys(KINDS, 0)
        self.hidden = 0
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kind = _ELEMENTS.get(tag)
        if kind:
            self.counts[kind] += 1
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            href = values["href"] or ""
            if href.startswith("#fnref") or "footnote-backref" in (values.get("class") or ""):
                pass
            elif href.startswith("#fn"):
                self.counts["footnote refs"] += 1
            else:
                self.counts["links"] += 1
        if (tag == "input" and values.get("type") == "checkbox") or (
                "task-box" in (values.get("class") or "").split()):  # Folio's glyphs
            self.counts["task boxes"] += 1
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in {"p", "li", "td", "th", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6",
                     "blockquote", "summary", "dd", "dt"}:
            self.text.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in _HIDDEN:
            self.hidden -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.text.append(data)

    def result(self) -> dict[str, int]:
        text = "".join(self.text)
        self.counts["literal **"] = text.count("**")
        self.counts["literal ```"] = text.count("```")
        self.counts["literal ]("] = text.count("](")
        self.counts["literal * "] = len(_LINE_MARKER.findall(text))
        return self.counts


def count(html: str) -> dict[str, int]:
    parser = Counter()
    parser.feed(html)
    parser.close()
    return parser.result()


def body_of(text: str) -> str:
    """A content file's body: YAML (`---`) or TOML (`+++`) front matter cut off."""
    for fence in ("---", "+++"):
        if text.startswith(fence + "\n"):
            end = text.find("\n" + fence, len(fence))
            if end >= 0:
                return text[text.find("\n", end + 1) + 1:]
    return text


def read_corpus(folders: list[Path]) -> list[tuple[str, str]]:
    posts = []
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.suffix in {".md", ".markdown"} and path.is_file():
                text = path.read_text(encoding="utf-8", errors="replace")
                posts.append((str(path.relative_to(folder)), body_of(text)))
    return posts


def gfm(text: str) -> str:
    import cmarkgfm
    from cmarkgfm.cmark import Options

    return cmarkgfm.github_flavored_markdown_to_html(
        text, options=Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_FOOTNOTES)


def timed(function: Callable[[str], Any], bodies: list[str], repeat: int) -> float:
    """CPU milliseconds per article: the median over `repeat` passes over every body (CPU
    time, not wall time: the machines are shared)."""
    runs = []
    for _ in range(repeat):
        start = time.process_time()
        for body in bodies:
            function(body)
        runs.append(time.process_time() - start)
    return 1000 * statistics.median(runs) / max(1, len(bodies))


# --------------------------------------------------------------------------- the worker

def measure(repo: Path, corpus: list[Path], timing: Path | None, repeat: int) -> dict[str, Any]:
    """Counts and costs of the Folio checkout `repo` (run in a process of its own)."""
    sys.path.insert(0, str(repo))
    import markdown

    from folio import markup

    posts = read_corpus(corpus)
    counts, warnings = {}, {}
    for name, body in posts:
        rendered = markup.to_html(body)
        counts[name] = count(rendered.html)
        warnings[name] = [list(w) for w in getattr(rendered, "warnings", ())]
    bodies = [body for _, body in posts]
    plain = [body for _, body in read_corpus([timing / "content" / "articles"])] if timing else []
    extensions = list(markup.EXTENSIONS)
    configs = dict(markup.EXTENSION_CONFIGS)
    converter = markdown.Markdown(extensions=extensions, extension_configs=configs,
                                  output_format="html")
    bare = markdown.Markdown(output_format="html")

    def convert(md: markdown.Markdown) -> Callable[[str], str]:
        return lambda text: md.reset().convert(text)

    costs = {}
    for label, sample in (("corpus", bodies), ("synthetic", plain)):
        if sample:
            costs[label] = {"to_html": timed(markup.to_html, sample, repeat),
                            "markdown": timed(convert(converter), sample, repeat),
                            "bare": timed(convert(bare), sample, repeat),
                            "articles": len(sample)}
    return {"counts": counts, "warnings": warnings, "costs": costs,
            "settings": markup.SETTINGS_KEY}


def run_worker(repo: Path, corpus: list[Path], timing: Path | None, repeat: int
               ) -> dict[str, Any]:
    command = [sys.executable, __file__, "--measure", str(repo), "--repeat", str(repeat)]
    command += [arg for folder in corpus for arg in ("--corpus", str(folder))]
    if timing:
        command += ["--timing-folder", str(timing)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"measuring {repo} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


# --------------------------------------------------------------------------- the report

def divergences(counts: dict[str, dict[str, int]], reference: dict[str, dict[str, int]]
                ) -> dict[str, tuple[int, int, int]]:
    """For each kind: (total produced, sum of |difference| over posts, posts that differ)."""
    table = {}
    for kind in KINDS:
        diffs = [abs(counts[name][kind] - reference[name][kind]) for name in reference]
        table[kind] = (sum(c[kind] for c in counts.values()), sum(diffs),
                       sum(1 for d in diffs if d))
    return table


def report(reference: dict[str, dict[str, int]], sides: dict[str, dict[str, Any]]) -> str:
    names = list(sides)
    head = "| kind | cmark-gfm |" + "".join(f" {n}: count | {n}: divergence (posts) |"
                                           for n in names)
    lines = [head, "|" + " --- |" * (2 + 2 * len(names))]
    tables = {n: divergences(side["counts"], reference) for n, side in sides.items()}
    totals = dict.fromkeys(names, 0)
    for kind in KINDS:
        row = f"| {kind} | {sum(c[kind] for c in reference.values())} |"
        for n in names:
            produced, diverging, posts = tables[n][kind]
            totals[n] += diverging
            row += f" {produced} | {diverging} ({posts}) |"
        lines.append(row)
    lines.append("| **all kinds** | |" + "".join(f" | **{totals[n]}** |" for n in names))
    differing = {n: sum(1 for name in reference
                        if any(abs(sides[n]["counts"][name][k] - reference[name][k])
                               for k in KINDS)) for n in names}
    lines.append("")
    lines.append(f"{len(reference)} posts; posts with any divergence: "
                 + ", ".join(f"{n} {differing[n]}" for n in names) + ".")
    return "\n".join(lines)


def cost_report(sides: dict[str, dict[str, Any]]) -> str:
    lines = ["| checkout | sample | articles | `to_html` ms/article | Python-Markdown with its "
             "extensions | Python-Markdown, no extension |",
             "| --- | --- | ---: | ---: | ---: | ---: |"]
    for name, side in sides.items():
        for sample, c in side["costs"].items():
            lines.append(f"| {name} | {sample} | {c['articles']} | {c['to_html']:.2f} | "
                         f"{c['markdown']:.2f} | {c['bare']:.2f} |")
    return "\n".join(lines)


def worst(reference: dict[str, dict[str, int]], side: dict[str, Any], show: int) -> str:
    scored = sorted(((sum(abs(side["counts"][n][k] - reference[n][k]) for k in KINDS), n)
                     for n in reference), reverse=True)[:show]
    out = []
    for score, name in scored:
        if score:
            kinds = ", ".join(f"{k} {side['counts'][name][k]}/{reference[name][k]}"
                              for k in KINDS if side["counts"][name][k] != reference[name][k])
            out.append(f"- {name}: {kinds}")
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, action="append", default=[])
    parser.add_argument("--before", type=Path, help="another Folio checkout to compare")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=3,
                        help="times each checkout is measured, taking turns (costs: median)")
    parser.add_argument("--timing-articles", type=int, default=200)
    parser.add_argument("--show", type=int, default=0,
                        help="list the N posts that differ most (this checkout)")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--timing-folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        json.dump(measure(args.measure, args.corpus, args.timing_folder, args.repeat),
                  sys.stdout)
        return 0
    sys.path.insert(0, str(HERE))
    if not args.corpus:
        from markdown_corpus import generate

        folder = WORK / "markdown-corpus"
        generate(folder, 150, 1)
        args.corpus = [folder]
    timing = None
    if args.timing_articles:
        timing = WORK / f"synthetic-{args.timing_articles}"
        if not timing.is_dir():
            subprocess.run([sys.executable, str(HERE / "corpus.py"),
                            str(args.timing_articles), str(timing)], check=True)
    reference = {name: count(gfm(body)) for name, body in read_corpus(args.corpus)}
    checkouts = {"before": args.before, "after": HERE.parent} if args.before else {
        "folio": HERE.parent}
    sides: dict[str, dict[str, Any]] = {}
    rounds: dict[str, list[dict[str, Any]]] = {name: [] for name in checkouts}
    for number in range(args.rounds):  # the checkouts take turns, so both see the same load
        for name, repo in checkouts.items():
            print(f"round {number + 1}: measuring {repo} …", file=sys.stderr)
            result = run_worker(repo, args.corpus, timing, args.repeat)
            sides.setdefault(name, result)
            rounds[name].append(result["costs"])
    for name, side in sides.items():  # each cost: the median over the rounds
        side["costs"] = {sample: {key: statistics.median(r[sample][key] for r in rounds[name])
                                  for key in costs}
                         for sample, costs in side["costs"].items()}
    print(f"corpus: {', '.join(map(str, args.corpus))}; costs: median of {args.rounds} rounds "
          f"of the median of {args.repeat} passes\n")
    print(report(reference, sides))
    print()
    print(cost_report(sides))
    last = sides[list(sides)[-1]]
    warned = sum(1 for w in last["warnings"].values() if w)
    print(f"\nsanitizer warnings ({list(sides)[-1]}): {warned} posts, "
          f"{sum(len(w) for w in last['warnings'].values())} warnings")
    if args.show:
        print("\nposts that differ most:\n" + worst(reference, last, args.show))
    return 0


if __name__ == "__main__":
    sys.exit(main())
