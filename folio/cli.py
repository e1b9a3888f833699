"""Command line: `python build.py [build|serve|check|import|new|init] [options]`.

Each command takes only the options it uses (`import` has no --output, `serve` always
shows drafts). Without a command, `build`. Exit status: 0 success, 1 content or template
errors (each printed as `path:line: message`), 2 usage errors.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TextIO

from folio.config import base_url_problem, load_config
from folio.pipeline import BuildOptions, BuildResult, Project, build
from folio.problems import Report, display_path, printable
from folio.scaffold import ScaffoldError, init_site, new_article

COMMANDS = ("build", "serve", "check", "import", "new", "init")
VALUED = ("--content", "--output", "--base-url", "--jobs", "--host", "--port", "--author",
          "--from")
MIGRATIONS = ("hugo", "zola", "jekyll")  # import --from


def _add(parser: argparse.ArgumentParser, *names: str) -> None:
    """The options of one command, from the ones several commands share."""
    options = {
        "content": (("--content",), {"type": Path, "metavar": "DIR",
                                     "help": "content folder (default: content/)"}),
        "output": (("--output",), {"type": Path, "metavar": "DIR",
                                   "help": "output folder (default: site/)"}),
        "drafts": (("--drafts",), {"action": "store_true",
                                   "help": "include articles with draft: true"}),
        "future": (("--future",), {"action": "store_true",
                                   "help": "include articles dated in the future"}),
        "base-url": (("--base-url",), {"metavar": "URL",
                                       "help": "the site's public address, instead of "
                                               "base_url in site.toml"}),
        "jobs": (("--jobs",), {"type": int, "metavar": "N", "default": os.cpu_count() or 1,
                               "help": "processes converting Markdown (default: the number "
                                       "of cores)"}),
        "quiet": (("--quiet", "-q"), {"action": "store_true",
                                      "help": "print only problems"}),
        "verbose": (("--verbose", "-v"), {"action": "store_true",
                                          "help": "also print how long each stage took"}),
    }
    for name in names:
        flags, settings = options[name]
        parser.add_argument(*flags, **settings)  # type: ignore[arg-type]


def _parser() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    parser = argparse.ArgumentParser(
        prog="build.py", usage="%(prog)s [COMMAND] [options]",
        description="Folio: a static archive of commentary, built from content/ (and "
                    "layouts/, which override the default theme file by file). Without a "
                    "command: build. `%(prog)s COMMAND --help` lists a command's options.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    build_ = sub.add_parser("build", prog="build.py build",
                          help="build the site into site/ (the default)",
                            description="Build the site into site/ (or --output).")
    _add(build_, "content", "output", "drafts", "future", "base-url", "jobs", "quiet",
         "verbose")
    build_.add_argument("--force", action="store_true", help="replace the contents of an "
                        "output folder that Folio did not write")
    serve = sub.add_parser("serve", prog="build.py serve",
                          help="build, serve and rebuild on every change",
                           description="Build the site with drafts and future articles, "
                                       "serve it and rebuild it on every change; open tabs "
                                       "reload by themselves. Ctrl-C stops it.")
    _add(serve, "content", "output", "jobs")
    serve.add_argument("--base-url", metavar="URL", help="the address absolute links lead "
                       "to (default: this server's, not base_url in site.toml)")
    serve.add_argument("--host", default="127.0.0.1", metavar="ADDRESS",
                       help="the address to listen on (default: 127.0.0.1, this computer "
                            "only; 0.0.0.0 for every network)")
    serve.add_argument("--port", type=int, default=8000, metavar="PORT",
                       help="the port to listen on; when it is taken, the next free one of "
                            "the nine after it (default: 8000; 0: any free port)")
    serve.add_argument("--open", action="store_true", help="open the site in a browser")
    check = sub.add_parser("check", prog="build.py check",
                          help="validate content, links and layouts; write nothing",
                           description="Do all a build does but write: report every "
                                       "problem of content, links and layouts.")
    _add(check, "content", "drafts", "future", "base-url", "jobs", "quiet", "verbose")
    imp = sub.add_parser("import", prog="build.py import",
                          help="convert raw seeds into content/",
                         description="Convert seeds (publisher text, saved HTML pages, "
                                     "RSS/Atom/JSON feeds) into articles in content/.")
    imp.add_argument("seeds", nargs="*", type=Path, metavar="SEED",
                     help="seed files; a folder means the seeds in it (default: seeds/)")
    _add(imp, "content")
    imp.add_argument("--force", action="store_true", help="overwrite existing articles")
    imp.add_argument("--dry-run", action="store_true", help="show what would be written")
    imp.add_argument("--from", dest="generator", choices=MIGRATIONS, help="migrate another "
                     "generator's site instead: SEED is its folder, its content folder or "
                     "one of its sections (see docs/migrating.md)")
    imp.add_argument("--verbose", "-v", action="store_true",
                     help="also print the lines left out of each seed")
    new = sub.add_parser("new", prog="build.py new",
                          help="write content/articles/<slug>.md, a draft",
                         description="Write content/articles/<slug>.md: a draft dated today "
                                     "that builds as it is.")
    new.add_argument("title", help='the headline, e.g. "A New Article"')
    new.add_argument("--author", action="append", metavar="NAME",
                     help="an author (again for more; default: default_author in site.toml)")
    _add(new, "content")
    init = sub.add_parser("init", prog="build.py init",
                          help="start a new site in a folder",
                          description="Start a new site: site.toml with comments, an example "
                                      "article, author and page, and empty folders. Writes "
                                      "nothing if any of its files exists.")
    init.add_argument("folder", nargs="?", type=Path, default=Path("."), metavar="DIR",
                      help="where (default: this folder)")
    return parser, {"build": build_, "serve": serve, "check": check, "import": imp, "new": new,
                    "init": init}


def _with_command(argv: Sequence[str]) -> list[str]:
    """`argv` with its command first (`--drafts serve` → `serve --drafts`); `build` when it
    names none."""
    args = list(argv)
    skip = False
    for i, arg in enumerate(args):
        if skip:
            skip = False
        elif arg in COMMANDS:
            return [arg, *args[:i], *args[i + 1:]]
        elif arg in VALUED:
            skip = True
        elif not arg.startswith("-"):
            break
    return args if args[:1] in (["-h"], ["--help"]) else ["build", *args]


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    parser, commands = _parser()
    try:
        args, extra = parser.parse_known_args(_with_command(
            sys.argv[1:] if argv is None else argv))
        if extra:  # named by the command that does not take it
            commands[args.command].error(f"unrecognized arguments: {' '.join(extra)}")
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 for --help
        return int(exc.code or 0)
    if getattr(args, "jobs", 1) < 1:
        print("build.py: error: --jobs must be at least 1", file=sys.stderr)
        return 2
    problem = base_url_problem(getattr(args, "base_url", None) or "")
    if problem:  # the rule of site.toml's base_url
        print(f"build.py: error: --base-url: {printable(problem)}", file=sys.stderr)
        return 2
    root = Path.cwd()
    project = Project.at(root, content=_absolute(getattr(args, "content", None)),
                         output=_absolute(getattr(args, "output", None)))
    try:
        return _run(args, project, out)
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


def _run(args: argparse.Namespace, project: Project, out: TextIO) -> int:
    command = args.command
    if command == "init":
        return _init(args.folder, out)
    if command == "new":
        return _new(project, args.title, tuple(args.author or ()), out)
    if command == "import" and args.generator:
        return _migrate(args, project, out)
    if command == "import":
        from folio.importing.importer import run_import, summary

        report = Report(root=project.root)
        seeds = args.seeds or [p for p in [project.root / "seeds"] if p.is_dir()]
        written = run_import(seeds, project.content, force=args.force, dry_run=args.dry_run,
                             report=report, out=out, verbose=args.verbose)
        for line in report.lines():
            print(line, file=sys.stderr)
        print(summary(written, report, dry_run=args.dry_run),
              file=sys.stderr if report.failed else out)
        return 1 if report.failed else 0
    if command == "serve":
        from folio.preview.server import serve

        options = BuildOptions(drafts=True, future=True, base_url=args.base_url,
                               jobs=args.jobs, progress=True, waiting=_waiting)
        return int(serve(project, options, host=args.host, port=args.port,
                         open_browser=args.open))
    options = BuildOptions(drafts=args.drafts, future=args.future, base_url=args.base_url,
                           write=command != "check", jobs=args.jobs, progress=not args.quiet,
                           force=command == "build" and args.force, waiting=_waiting)
    result = build(project, options)
    if not args.quiet and not result.report.failed:
        said = summary_line(result, project, checked=command == "check")
        if said:
            print(said, file=out)
        if args.verbose and result.timings:
            kind = "full build" if result.patched is None else \
                f"patch build ({_count(result.patched, 'article')} edited)"
            print(f"  {kind}: " + ", ".join(f"{k} {v:.2f} s"
                                            for k, v in result.timings.items()), file=out)
    return _finish(result.report)


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def summary_line(result: BuildResult, project: Project, checked: bool = False) -> str | None:
    """What a build did, in one line that `build`, `check` and `serve` all print:
    `Built 12 articles into 78 pages in 0.4 s (59 files written)`."""
    if result.unchanged:
        return (f"Nothing changed since the last build: "
                f"{display_path(project.output, project.root)}/ is up to date")
    graph = result.graph
    if graph is None:
        return None
    articles, pages = _count(len(graph.entries), "article"), _count(result.pages, "page")
    if checked:
        return f"Checked {articles} and {pages} in {result.seconds:.1f} s: no errors"
    stats = result.stats
    written = "" if stats is None else " (no file changed)" if not stats.written else \
        f" ({_count(stats.written, 'file')} written)"
    return f"Built {articles} into {pages} in {result.seconds:.1f} s{written}"


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


def _init(folder: Path, out: TextIO) -> int:
    try:
        written = init_site(folder, datetime.now().date())
    except ScaffoldError as exc:
        print(f"build.py init: {display_path(exc.path)} {exc.reason}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"build.py init: cannot write {exc.filename or folder}: {exc.strerror or exc}",
              file=sys.stderr)
        return 1
    where = display_path(folder)
    print(f"Started a new site in {where}/: site.toml, an example article, author and page "
          f"({len(written.files)} files).", file=out)
    steps = ([f"cd {where}"] if where not in (".", "") else []) + [
        "python build.py serve          # preview at http://127.0.0.1:8000/",
        'python build.py new "A title"  # write an article',
        "python build.py                # build the site into site/ (set base_url in "
        "site.toml first)"]
    print("Next:\n" + "\n".join(f"  {step}" for step in steps), file=out)
    return 0


def _new(project: Project, title: str, authors: tuple[str, ...], out: TextIO) -> int:
    report = Report(root=project.root)
    config = load_config(project.config_file, report)
    if report.failed:
        return _finish(report)
    authors = authors or ((config.default_author,) if config.default_author else ())
    authors = tuple(" ".join(a.split()) for a in authors if a.strip())
    if not authors:
        print("build.py new: error: who writes it? Give --author NAME, or set "
              'default_author = "Name" in site.toml', file=sys.stderr)
        return 2
    if not title.strip():
        print("build.py new: error: the title is empty", file=sys.stderr)
        return 2
    try:
        path = new_article(project.content, " ".join(title.split()), authors, config,
                           datetime.now(config.zone).date())
    except ScaffoldError as exc:
        print(f"build.py new: {display_path(exc.path, project.root)} {exc.reason}",
              file=sys.stderr)
        return 1
    print(f"Created {display_path(path, project.root)}: a draft, shown by `python build.py "
          "serve`; remove `draft: true` to publish it.", file=out)
    return 0
