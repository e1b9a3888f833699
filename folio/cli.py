"""Command line: `python build.py [build|serve|import|check|new] [options]`.

Exit status: 0 success, 1 content or template errors (each printed as `path:line: message`),
2 usage errors.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TextIO

from folio.config import base_url_problem
from folio.graph.identity import new_id
from folio.pipeline import BuildOptions, BuildResult, Project, build
from folio.problems import Report, printable
from folio.urls import slugify

COMMANDS = ("build", "serve", "import", "check", "new")
MIGRATIONS = ("hugo", "zola", "jekyll")  # import --from


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--content", type=Path, metavar="DIR", help="content folder "
                        "(default: content/)")
    common.add_argument("--output", type=Path, metavar="DIR", help="output folder "
                        "(default: site/)")
    common.add_argument("--drafts", action="store_true", help="include draft articles")
    common.add_argument("--future", action="store_true", help="include future-dated articles")
    common.add_argument("--base-url", metavar="URL", help="override base_url from site.toml")
    common.add_argument("--jobs", type=int, metavar="N", default=os.cpu_count() or 1,
                        help="processes converting Markdown (default: the core count)")
    common.add_argument("--quiet", "-q", action="store_true", help="print only problems")
    common.add_argument("--verbose", "-v", action="store_true", help="print stage timings")

    replace = argparse.ArgumentParser(add_help=False)
    replace.add_argument("--force", action="store_true", help="replace the contents of an "
                         "output folder that Folio did not write")
    parser = argparse.ArgumentParser(
        prog="build.py", parents=[common, replace],
        description="Folio: build a static archive of commentary from content/ and layouts/.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("build", parents=[common, replace], help="build site/ (the default)")
    sub.add_parser("check", parents=[common], help="validate everything; write nothing")
    serve = sub.add_parser("serve", parents=[common], help="build, serve and live-reload")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--open", action="store_true", help="open a browser")
    imp = sub.add_parser("import", parents=[common], help="convert raw seeds into content/")
    imp.add_argument("seeds", nargs="*", type=Path, metavar="SEED",
                     help="seed files: text, saved HTML pages, RSS/Atom/JSON feeds; a "
                          "folder means the seeds in it (default: seeds/)")
    imp.add_argument("--force", action="store_true", help="overwrite existing articles")
    imp.add_argument("--dry-run", action="store_true", help="show what would be written")
    imp.add_argument("--from", dest="generator", choices=MIGRATIONS, help="migrate another "
                     "generator's site instead: SEED is its folder, its content folder or "
                     "one of its sections (see docs/migrating.md)")
    new = sub.add_parser("new", parents=[common], help="scaffold content/articles/<slug>.md")
    new.add_argument("title")
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 for --help
        return int(exc.code or 0)
    if args.jobs < 1:
        print("build.py: error: --jobs must be at least 1", file=sys.stderr)
        return 2
    problem = base_url_problem(args.base_url or "")
    if problem:  # the rule of site.toml's base_url
        print(f"build.py: error: --base-url: {printable(problem)}", file=sys.stderr)
        return 2
    root = Path.cwd()
    project = Project.at(root, content=_absolute(args.content), output=_absolute(args.output))
    command = args.command or "build"
    try:
        if command == "new":
            return _new(project, args.title, out)
        if command == "import" and args.generator:
            return _migrate(args, project, out)
        if command == "import":
            from folio.importing.importer import run_import, summary

            report = Report(root=root)
            seeds = args.seeds or [p for p in [root / "seeds"] if p.is_dir()]
            written = run_import(seeds, project.content, force=args.force,
                                 dry_run=args.dry_run, report=report, out=out,
                                 verbose=args.verbose)
            for line in report.lines():
                print(line, file=sys.stderr)
            print(summary(written, report, dry_run=args.dry_run),
                  file=sys.stderr if report.failed else out)
            return 1 if report.failed else 0
        options = BuildOptions(drafts=args.drafts or command == "serve",
                               future=args.future or command == "serve",
                               base_url=args.base_url, write=command != "check",
                               jobs=args.jobs, progress=not args.quiet,
                               force=command == "build" and args.force, waiting=_waiting)
        if command == "serve":
            from folio.preview.server import serve

            return int(serve(project, options, host=args.host, port=args.port,
                         open_browser=args.open))
        result = build(project, options)
        _summary(result, command, args.quiet, args.verbose)
        return _finish(result.report)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def _migrate(args: argparse.Namespace, project: Project, out: TextIO) -> int:
    """`import --from GENERATOR DIR`: another generator's posts into content/."""
    from folio.importing.migrate import run_migration

    if len(args.seeds) != 1:
        print("build.py: error: import --from needs one folder: the site, its content "
              "folder or one of its sections", file=sys.stderr)
        return 2
    report = Report(root=project.root)
    summary = run_migration(args.generator, args.seeds[0], project.content,
                            project.config_file, force=args.force, dry_run=args.dry_run,
                            report=report, out=out)
    for line in report.lines():
        print(line, file=sys.stderr)
    print(summary, file=sys.stderr if report.failed else out)
    return 1 if report.failed else 0


def _waiting(message: str) -> None:
    print(f"build.py: {message}", file=sys.stderr, flush=True)


def _absolute(path: Path | None) -> Path | None:
    return path.resolve() if path is not None else None


def _finish(report: Report) -> int:
    for line in report.lines():
        print(line, file=sys.stderr)
    if report.failed:
        count = len(report.errors)
        print(f"{count} error{'s' if count != 1 else ''}; nothing was written", file=sys.stderr)
        return 1
    return 0


def _summary(result: BuildResult, command: str, quiet: bool, verbose: bool) -> None:
    if quiet or result.report.failed:
        return
    if result.unchanged:
        print("Nothing changed since the last build; site/ is up to date")
        return
    graph = result.graph
    if graph is None:
        return
    term_pages = result.kinds["term.html"]
    if command == "check":
        print(f"Checked {len(graph.entries):,} articles and {result.pages:,} pages: no errors")
        return
    stats = result.stats
    written = f" ({stats.written:,} page{'s' if stats.written != 1 else ''} written)" \
        if stats else ""
    print(f"Built {len(graph.entries):,} articles, {term_pages:,} term pages in "
          f"{result.seconds:.1f} s{written}")
    if verbose:
        kind = "full build" if result.patched is None else \
            f"patch build ({result.patched:,} article{'s' if result.patched != 1 else ''} edited)"
        print(f"  {kind}: " + ", ".join(f"{k} {v:.2f} s" for k, v in result.timings.items()))


def _new(project: Project, title: str, out: TextIO) -> int:
    slug = slugify(title)
    path = project.content / "articles" / f"{slug}.md"
    if path.exists():
        print(f"{path}: already exists; choose another title", file=sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    quoted = title.replace("\\", "\\\\").replace('"', '\\"')
    path.write_text(
        f'---\ntitle: "{quoted}"\ndate: {date.today().isoformat()}\nauthors: []\n'
        "themes: []\nregions: []\ntags: []\ndraft: true\n"
        f"id: {new_id()}\n---\n\nWrite the article here.\n",
        encoding="utf-8")
    print(f"created {path}", file=out)
    return 0
