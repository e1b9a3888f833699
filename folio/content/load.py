"""content/ → Corpus: find the files, parse and convert each, put the results together.

Three pure steps, so that the speed layer (`folio.incremental.loading`) can cache and spread
the middle one over processes without the stages knowing:

- `discover` lists every content file in sorted order (the site never depends on how the
  file system lists them), reporting what cannot be read: an unreadable folder, a dangling
  or looping link, a name that is not UTF-8, folders nested too deep;
- `process` parses and converts one file's bytes into a `Loaded` value and its body HTML;
- `assemble` puts the processed files together into the `Corpus`, leaving out drafts and
  articles not yet due.

An article may be a page bundle, `articles/<name>/index.md` with its images and files beside
it: `find_bundles` lists those files (`with_bundles` adds them to the corpus), and linking
publishes them beside the article's page.
"""

from __future__ import annotations

import os
import stat as stat_module
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Protocol

from folio.config import SiteConfig
from folio.content.frontmatter import split_body
from folio.content.model import Article, Page, TermProfile
from folio.content.parse import parse_article, parse_page, parse_profile
from folio.content.text import decode_text
from folio.markup import Rendered, is_content_link, local_sources, to_html
from folio.problems import Problem, Report

MAX_DEPTH = 32  # folders below content/: deeper is a mistake (or a loop of links)


@dataclass(frozen=True)
class Corpus:
    """What `load` found: articles and what their bodies hold, term profiles with their
    HTML, pages with theirs. Article bodies are not here: they are large and read only when
    a page shows them, from the body store the loader hands to the stages that need it."""

    articles: tuple[tuple[Article, Rendered], ...]
    profiles: tuple[tuple[TermProfile, str], ...] = ()
    pages: tuple[tuple[Page, Rendered], ...] = ()
    future_dates: tuple[float, ...] = ()  # articles left out until their date comes
    bundles: tuple[BundleFile, ...] = ()  # the files of page bundles, by path
    unread: tuple[BodyLinks, ...] = ()  # the links of files that have errors: still checked


@dataclass(frozen=True)
class BundleFile:
    """A file of a page bundle: it is published beside its article's page."""

    article: str  # the article's display path: content/articles/a-trip/index.md
    relative: str  # its path in the bundle: photo.jpg, images/map.png
    source: str  # its path below content/: articles/a-trip/photo.jpg


@dataclass(frozen=True)
class BodyLinks:
    """The `.md` links of an article or page that could not be read for its errors: a
    dead link is reported in it too, with every other problem of the run."""

    path: str
    body_line: int
    links: tuple[str, ...]
    link_lines: tuple[int, ...]  # 0-based, in the body


class Bodies(Protocol):
    """Article bodies as HTML, by the article's content path: what `load` hands the stages
    that show bodies (pages, feeds, citations, search)."""

    def __getitem__(self, path: str, /) -> str: ...


@dataclass(frozen=True)
class Loaded:
    """One content file, parsed and converted; its body HTML is kept apart."""

    kind: str  # "article", "page", "profile" or "" when the file had errors
    value: Article | Page | TermProfile | None
    rendered: Rendered | None  # without html and text: those are the body
    problems: tuple[Problem, ...]
    unread: BodyLinks | None = None  # a file with errors: the links of its body


@dataclass(frozen=True)
class SourceFile:
    path: str  # on disk
    shown: str  # as messages and the site name it: content/articles/x.md
    folder: str  # its first folder below content/: articles, pages or a taxonomy
    mtime_ns: int
    size: int


@dataclass(frozen=True)
class LoadOptions:
    drafts: bool = False
    future: bool = False
    jobs: int = 1


def hidden(relative: str) -> bool:
    """Whether a file below content/ is one the build skips: a part of its path starts
    with "." or ends in "~" (editors' backups)."""
    return any(part.startswith(".") or part.endswith("~") for part in relative.split("/"))


def discover(content: str, shown_prefix: str, report: Report) -> list[SourceFile]:
    """Every Markdown file below `content`, sorted by path; what cannot be read is an error
    naming it, never a silent drop of its articles."""
    found: list[tuple[tuple[str, ...], SourceFile]] = []

    def problem(parts: tuple[str, ...], message: str) -> None:
        report.error(f"{shown_prefix}/{'/'.join(parts)}" if parts else shown_prefix, 0,
                     message)

    def walk(directory: str, parts: tuple[str, ...], bundle: bool = False) -> None:
        if len(parts) > MAX_DEPTH:
            problem(parts, f"folders nested more than {MAX_DEPTH} deep; content/ holds "
                    "articles/, pages/ and one folder per taxonomy")
            return
        try:
            with os.scandir(directory) as scan:
                entries = sorted(scan, key=lambda e: e.name)
        except OSError as exc:
            problem(parts, f"cannot read folder: {exc.strerror or exc}")
            return
        bundle = bundle or (len(parts) > 1 and parts[0] == "articles" and any(
            e.name == BUNDLE_INDEX and e.is_file() for e in entries))
        for entry in entries:
            name = entry.name
            if hidden(name):
                continue
            here = (*parts, name)
            if not _utf8(name):
                problem(here, "file name is not UTF-8; rename it")
                continue
            try:
                info = os.stat(entry.path)  # follows links: a link to a file is that file
            except OSError as exc:
                kind = "link" if entry.is_symlink() else "file"
                problem(here, f"cannot read {kind}: {exc.strerror or exc}"
                        + (" (a dangling or looping symbolic link)"
                           if entry.is_symlink() else ""))
                continue
            if stat_module.S_ISDIR(info.st_mode):
                if entry.is_symlink():  # a linked folder is not followed: it may loop
                    problem(here, "a symbolic link to a folder is not followed; move the "
                            "files into content/")
                    continue
                walk(entry.path, here, bundle)
            elif stat_module.S_ISREG(info.st_mode):
                if bundle and not name.endswith(".md"):
                    continue  # a bundle's file: `find_bundles` lists it
                source = _source(entry.path, here, shown_prefix, info, report)
                if source is not None:
                    found.append((here, source))
            else:
                problem(here, "not a regular file (a FIFO, socket or device): content files "
                        "must be plain files")

    if not os.path.isdir(content):
        report.error(shown_prefix, 0, "content folder not found")
        return []
    walk(content, ())
    return [source for _, source in sorted(found, key=lambda pair: pair[0])]


def _utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # os.fsdecode's surrogate escapes: bytes that are not UTF-8
        return False
    return True


def _source(path: str, parts: tuple[str, ...], prefix: str, info: os.stat_result,
            report: Report) -> SourceFile | None:
    shown = f"{prefix}/{'/'.join(parts)}"
    if os.path.splitext(parts[-1])[1] != ".md":
        if parts[0] == "articles" or len(parts) == 1:
            report.warning(shown, 0, "not a Markdown file (.md), nor beside an article's "
                           "index.md in a page bundle; ignored")
        return None
    if len(parts) == 1:
        report.warning(shown, 0, "Markdown files belong in articles/, pages/ or a taxonomy "
                       "folder; ignored")
        return None
    if not os.access(path, os.R_OK):
        report.error(shown, 0, "cannot read file: permission denied")
        return None
    return SourceFile(path, shown, parts[0], info.st_mtime_ns, info.st_size)


BUNDLE_INDEX = "index.md"


def find_bundles(content: str, shown_prefix: str) -> tuple[BundleFile, ...]:
    """The files of every page bundle below `content`/articles, sorted: each folder that
    holds an `index.md` is a bundle, with the files below it (but `.md` files, which are
    articles, and those of a bundle inside it). Hidden files and editors' backups are left
    out, and so are folders reached through a symbolic link, as `discover` leaves them."""
    root = os.path.join(content, "articles")
    found: list[BundleFile] = []
    owners: dict[str, str] = {}  # a folder below articles/ -> its bundle's folder
    for folder, dirs, names in os.walk(root):
        relative = os.path.relpath(folder, content).replace(os.sep, "/")
        dirs[:] = sorted(d for d in dirs if not hidden(d) and _utf8(d))
        if relative == "articles":  # articles/index.md is an article, not a bundle
            continue
        if os.path.isfile(os.path.join(folder, BUNDLE_INDEX)):
            owners[relative] = relative
        elif relative.rsplit("/", 1)[0] in owners:
            owners[relative] = owners[relative.rsplit("/", 1)[0]]
        owner = owners.get(relative)
        if owner is None:
            continue
        for name in sorted(names):
            path = os.path.join(folder, name)
            if hidden(name) or not _utf8(name) or name.endswith(".md") or \
                    not os.path.isfile(path):
                continue
            source = f"{relative}/{name}"
            found.append(BundleFile(f"{shown_prefix}/{owner}/{BUNDLE_INDEX}",
                                    source[len(owner) + 1:], source))
    return tuple(sorted(found, key=lambda f: f.source))


def with_bundles(corpus: Corpus, content: str, shown_prefix: str) -> Corpus:
    """The corpus with the files of its page bundles."""
    return replace(corpus, bundles=find_bundles(content, shown_prefix))


def references(html: str, markdown: str, body_line: int) -> tuple[tuple[str, int], ...]:
    """The relative links and images of a body other than `.md` links (which name content
    files): as written, with the line of the file that holds each."""
    found: dict[str, int] = {}
    for href in local_sources(html):
        if href.startswith(("/", "?")) or is_content_link(href) or href in found:
            continue
        position = markdown.find(f"({href}")
        position = markdown.find(href) if position < 0 else position + 1
        found[href] = body_line + (markdown.count("\n", 0, position) if position >= 0 else 0)
    return tuple(found.items())


def _unread(text: str | None, shown: str, config: SiteConfig) -> BodyLinks:
    """The `.md` links of a file that has errors, when its body can be found."""
    split = split_body(text) if text is not None else None
    if split is None:
        return BodyLinks(shown, 1, (), ())
    body, body_line = split
    rendered = to_html(body, config.trust_html)
    return BodyLinks(shown, body_line, rendered.links, rendered.link_lines)


def process(data: bytes, shown: str, folder: str, config: SiteConfig) -> tuple[Loaded, str]:
    """Parse and convert one file's bytes: the pure core of loading. Returns the parsed
    file and its body as HTML."""
    report = Report()
    text = decode_text(data, shown, report)
    value: Article | Page | TermProfile | None = None
    rendered: Rendered | None = None
    if text is not None:
        if folder == "articles":
            value = parse_article(text, shown, config, report)
        elif folder == "pages":
            value = parse_page(text, shown, report)
        else:
            value = parse_profile(text, shown, folder, report)
    html = ""
    unread = None
    if value is not None:
        full = to_html(value.body, config.trust_html)
        for line, message in full.warnings:  # what the sanitizer removed, once per file
            report.warning(shown, value.body_line + line, message)
        html = full.html
        rendered = replace(full, html="", text="")
        if isinstance(value, Article):
            value = replace(value, references=references(html, value.body, value.body_line))
        value = replace(value, body="")
    elif folder in ("articles", "pages"):
        unread = _unread(text, shown, config)
    kind = "" if value is None else ("article" if folder == "articles" else
                                     "page" if folder == "pages" else "profile")
    return Loaded(kind, value, rendered, tuple(report.problems), unread), html


def assemble(loaded: Iterable[tuple[Loaded, str]], options: LoadOptions, now: float,
             report: Report) -> Corpus:
    """The corpus of the processed files (in `discover` order; `html` is read only for
    pages and profiles). Drafts are left out unless asked for, and so are articles dated
    after `now`, whose dates are kept: the build is due again when the first comes."""
    articles: list[tuple[Article, Rendered]] = []
    pages: list[tuple[Page, Rendered]] = []
    profiles: list[tuple[TermProfile, str]] = []
    future: list[float] = []
    unread: list[BodyLinks] = []
    for found, html in loaded:
        report.extend(found.problems)
        if found.unread is not None:
            unread.append(found.unread)
        value, rendered = found.value, found.rendered
        if isinstance(value, Article) and rendered is not None:
            if value.draft and not options.drafts:
                continue
            if not options.future and value.date.timestamp() > now:
                future.append(value.date.timestamp())
                continue
            articles.append((value, rendered))
        elif isinstance(value, Page) and rendered is not None:
            pages.append((value, replace(rendered, html=html)))
        elif isinstance(value, TermProfile):
            profiles.append((value, html))
    return Corpus(tuple(articles), tuple(profiles), tuple(pages), tuple(future),
                  unread=tuple(unread))


def read_all(sources: Iterable[SourceFile], config: SiteConfig, report: Report
             ) -> Iterator[tuple[SourceFile, Loaded, str]]:
    """Each file read and processed in this process: loading without the speed layer."""
    for source in sources:
        try:
            with open(source.path, "rb") as handle:
                data = handle.read()
        except OSError as exc:
            report.error(source.shown, 0, f"cannot read file: {exc.strerror or exc}")
            continue
        loaded, html = process(data, source.shown, source.folder, config)
        yield source, loaded, html
