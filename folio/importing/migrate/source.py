"""Another generator's site as the migration reads it: where its configuration, content,
static files and author data are, and which of its files are posts.

The folder given may be the site (it holds the generator's configuration), its content
folder, or one section of it (`content/blog`, a Jekyll site's `_posts`): the site is found
by looking up from there for the configuration, and only posts below the folder given are
read. Hugo's configuration may be one file (hugo.toml, config.yaml, …) or a `config/_default`
folder; its content folder follows `contentDir`, the default language's `contentDir` or a
module mount onto `content`.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from folio.problems import Report, display_path

GENERATORS = ("hugo", "zola", "jekyll")
MARKDOWN = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")
CONFIG_FILES = {
    "hugo": ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "config.yaml",
             "config.yml", "config.json"),
    "zola": ("zola.toml", "config.toml"),
    "jekyll": ("_config.yml", "_config.yaml", "_config.toml"),
}
LOOK_UP = 4  # folders above the one given where the configuration may be


@dataclass
class SourceSite:
    generator: str
    root: Path  # the site: its configuration is here (or the folder given, without one)
    content: Path  # where content paths start: Hugo's and Zola's content/, Jekyll's site
    within: Path  # the folder given: posts below it are read
    config: dict[str, Any] = field(default_factory=dict)
    config_file: Path | None = None
    static: tuple[Path, ...] = ()  # folders served at the site's root
    authors: dict[str, str] = field(default_factory=dict)  # a data file's key -> name
    language: str = ""  # Hugo's default content language
    languages: frozenset[str] = frozenset()


@dataclass(frozen=True)
class SourcePost:
    path: Path
    relative: str  # below `SourceSite.content`: blog/a-post/index.md, _posts/2019-…-x.md
    bundle: bool  # an index file with the post's own files beside it
    files: tuple[str, ...] = ()  # a bundle's files, below its folder
    draft: bool = False  # in Jekyll's _drafts


def read_data(path: Path, report: Report) -> Any:
    """A YAML, TOML or JSON file's value; None (and an error with its line) when it does
    not parse."""
    shown = display_path(path, report.root)
    try:
        text = path.read_text(encoding="utf-8-sig")
        if path.suffix == ".toml":
            return tomllib.loads(text)
        if path.suffix == ".json":
            return json.loads(text)
        return yaml.safe_load(text)
    except (OSError, UnicodeDecodeError) as exc:
        report.error(shown, 0, f"cannot read: {exc}")
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        report.error(shown, mark.line + 1 if mark else 1, f"invalid YAML: {exc.problem}")
    except (yaml.YAMLError, tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", 0)
        report.error(shown, line or 1, f"invalid {path.suffix.lstrip('.').upper()}: {exc}")
    return None


def locate(generator: str, folder: Path, report: Report) -> SourceSite | None:
    """The site `folder` belongs to; None (and an error) when there is none to read."""
    folder = folder.resolve()
    if not folder.is_dir():
        report.error(display_path(folder, report.root), 0, "not a folder: give the "
                     f"{generator.title()} site, its content folder or one of its sections")
        return None
    root, config_file = _find_config(generator, folder)
    config = _read_config(generator, root, config_file, report)
    site = SourceSite(generator, root, root, folder, config, config_file)
    if generator == "jekyll":
        site.content = root
        site.static = (root,)
        site.authors = _authors(root / "_data", report)
    else:
        site.content = _content_root(generator, root, config) if config_file else folder
        site.static = tuple(_static_folders(generator, root, config))
        site.authors = _authors(root / "data", report)
        languages = config.get("languages")
        site.language = str(config.get("defaultContentLanguage", "en")).lower()
        if isinstance(languages, dict):
            site.languages = frozenset(str(k).lower() for k in languages)
    if not _inside(folder, site.content):
        site.within = site.content
    return site


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _find_config(generator: str, folder: Path) -> tuple[Path, Path | None]:
    here = folder
    for _ in range(LOOK_UP + 1):
        for name in CONFIG_FILES[generator]:
            if (here / name).is_file():
                return here, here / name
        if generator == "hugo" and (here / "config" / "_default").is_dir():
            return here, here / "config" / "_default"
        if here.parent == here:
            break
        here = here.parent
    return folder, None


def _read_config(generator: str, root: Path, config_file: Path | None,
                 report: Report) -> dict[str, Any]:
    if config_file is None:
        return {}
    if config_file.is_dir():  # Hugo's config/_default: hugo.* at the top, others by name
        config: dict[str, Any] = {}
        for path in sorted(config_file.iterdir()):
            if path.suffix not in (".toml", ".yaml", ".yml", ".json"):
                continue
            value = read_data(path, report)
            if not isinstance(value, dict):
                continue
            if path.stem in ("hugo", "config"):
                config = {**value, **config}
            else:
                config[path.stem] = value
        return config
    value = read_data(config_file, report)
    if value is not None and not isinstance(value, dict):
        report.error(display_path(config_file, report.root), 1,
                     f"the {generator.title()} configuration is not a mapping of settings")
    return value if isinstance(value, dict) else {}


def _content_root(generator: str, root: Path, config: dict[str, Any]) -> Path:
    if generator == "zola":
        return root / "content"
    found = str(config.get("contentDir") or config.get("contentdir") or "content")
    language = str(config.get("defaultContentLanguage", "en"))
    languages = config.get("languages")
    if isinstance(languages, dict) and isinstance(languages.get(language), dict):
        found = str(languages[language].get("contentDir") or found)
    for mount in _mounts(config):
        if mount.get("target") == "content" and isinstance(mount.get("source"), str):
            found = mount["source"]
    return root / found


def _mounts(config: dict[str, Any]) -> list[dict[str, Any]]:
    module = config.get("module")
    mounts = module.get("mounts") if isinstance(module, dict) else None
    return [m for m in mounts if isinstance(m, dict)] if isinstance(mounts, list) else []


def _static_folders(generator: str, root: Path, config: dict[str, Any]) -> Iterator[Path]:
    names = config.get("staticDir", "static") if generator == "hugo" else "static"
    for name in names if isinstance(names, list) else [names]:
        if isinstance(name, str):
            yield root / name
    for mount in _mounts(config):
        if mount.get("target") == "static" and isinstance(mount.get("source"), str):
            yield root / mount["source"]


def _authors(folder: Path, report: Report) -> dict[str, str]:
    """Authors by key from `data/authors.*` (Hugo) or `_data/authors.*` (Jekyll): a key
    to a name, or to a mapping with `name` (or `title`, `display_name`)."""
    for suffix in (".yml", ".yaml", ".toml", ".json"):
        path = folder / f"authors{suffix}"
        if not path.is_file():
            continue
        value = read_data(path, report)
        found: dict[str, str] = {}
        for key, about in (value.items() if isinstance(value, dict) else ()):
            name = about
            if isinstance(about, dict):
                name = about.get("name") or about.get("title") or about.get("display_name")
            if isinstance(name, str) and name.strip():
                found[str(key)] = " ".join(name.split())
        return found
    return {}


# --- posts --------------------------------------------------------------------------------


@dataclass
class Skipped:
    """Files of the content folder that are not posts, by why."""

    sections: list[str] = field(default_factory=list)  # _index.md: a list's own page
    translations: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)  # neither a post nor a post's file


def posts(site: SourceSite, skipped: Skipped) -> list[SourcePost]:
    """The posts below the folder given, sorted by path."""
    if site.generator == "jekyll":
        return list(_jekyll_posts(site, skipped))
    return list(_content_posts(site, skipped))


def _walk(folder: Path) -> Iterator[tuple[Path, list[str], list[str]]]:
    for here, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        yield Path(here), dirs, sorted(n for n in names if not n.startswith("."))


def _content_posts(site: SourceSite, skipped: Skipped) -> Iterator[SourcePost]:
    bundles: list[Path] = []
    for here, _, names in _walk(site.within):
        if any(_inside(here, bundle) for bundle in bundles):
            continue
        index = next((n for n in names if Path(n).stem == "index" and _markdown(n)), None)
        if index is not None and here != site.content:  # a leaf bundle: the rest is its own
            bundles.append(here)
            files = tuple(sorted(
                (Path(h) / n).relative_to(here).as_posix() for h, _, ns in _walk(here)
                for n in ns if (Path(h) / n) != here / index and not _markdown(n)))
            yield SourcePost(here / index, _relative(site, here / index), True, files)
            continue
        for name in names:
            path = here / name
            relative = _relative(site, path)
            if not _markdown(name) and not (site.generator == "hugo" and _html_post(path)):
                skipped.other.append(relative)
            elif Path(name).stem.startswith("_index"):
                skipped.sections.append(relative)
            elif _translation(site, name):
                skipped.translations.append(relative)
            else:
                yield SourcePost(path, relative, False)


def _html_post(path: Path) -> bool:
    """A Hugo content file in HTML: it starts with front matter."""
    if path.suffix.lower() not in (".html", ".htm"):
        return False
    try:
        with path.open("rb") as handle:
            return handle.readline().strip() in (b"---", b"+++")
    except OSError:
        return False


def _translation(site: SourceSite, name: str) -> bool:
    """`post.fr.md` in a Hugo site whose default language is not `fr`."""
    parts = name.split(".")
    return (site.generator == "hugo" and len(parts) > 2 and parts[-2].lower() in
            site.languages and parts[-2].lower() != site.language)


def _markdown(name: str) -> bool:
    return Path(name).suffix.lower() in MARKDOWN


def _relative(site: SourceSite, path: Path) -> str:
    return path.relative_to(site.content).as_posix()


def _jekyll_posts(site: SourceSite, skipped: Skipped) -> Iterator[SourcePost]:
    """The files of every `_posts` (and `_drafts`) folder below the folder given; Jekyll
    reads only those named `YYYY-MM-DD-title`."""
    for here, dirs, names in _walk(site.within):
        dirs[:] = [d for d in dirs if d in ("_posts", "_drafts") or not d.startswith("_")]
        parts = here.relative_to(site.root).parts
        kind = next((p for p in parts if p in ("_posts", "_drafts")), None)
        if kind is None:
            continue
        for name in names:
            path = here / name
            relative = _relative(site, path)
            if not (_markdown(name) or name.endswith((".html", ".htm"))):
                skipped.other.append(relative)
            else:
                yield SourcePost(path, relative, False, draft=kind == "_drafts")
