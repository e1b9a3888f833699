"""Where another generator published a post: its URL by that generator's rules, so that
the migrated archive keeps it (as the article's `url`, or as an alias).

- Hugo: the front matter's `url`; else the section's pattern in `[permalinks]` (its
  tokens: `:year`, `:month`, `:day`, `:section`, `:sections`, `:title`, `:slug`,
  `:filename`, `:contentbasename`, `:slugorfilename`, …); else the content path with the
  `slug` for the file or bundle name. Paths are lower-cased unless `disablePathToLower`;
  `uglyURLs` makes `/a/b.html`.
- Zola: the front matter's `path`; else the section folders and the `slug` (else the file
  or bundle name without its date), slugified as `slugify.paths` says.
- Jekyll: the front matter's `permalink`; else the posts collection's or the site's
  `permalink` (a pattern, or one of the styles `date`, `pretty`, `ordinal`, `weekdate`,
  `none`; `date` by default): `/:categories/:year/:month/:day/:title:output_ext`.

A pattern's token this module does not know is reported, and the post gets the
generator's default URL.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePosixPath
from typing import Any

from slugify import slugify

from folio.importing.migrate.source import SourcePost, SourceSite
from folio.importing.migrate.values import Moment, name_without_date

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
JEKYLL_STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
_TOKEN = re.compile(r":([a-z_]+)(\[[^\]]*\])?")


@dataclass(frozen=True)
class OldUrl:
    url: str  # site-rooted
    how: str  # what it came from, for the report: "url", "permalinks", "default", …
    problem: str = ""  # a token that could not be followed


def old_url(site: SourceSite, post: SourcePost, meta: dict[str, Any], when: Moment,
            title: str, categories: list[str]) -> OldUrl:
    if site.generator == "hugo":
        return _hugo(site, post, meta, when, title)
    if site.generator == "zola":
        return _zola(site, post, meta)
    return _jekyll(site, post, meta, when, categories)


def _dirs_and_name(post: SourcePost) -> tuple[list[str], str]:
    """The content folders of a post and its name (a bundle's folder name)."""
    parts = list(PurePosixPath(post.relative).parts)
    if post.bundle:
        return parts[:-2], parts[-2]
    return parts[:-1], PurePosixPath(parts[-1]).stem


def _rooted(path: str) -> str:
    return "/" + path.strip("/") + ("/" if path.strip("/") else "")


# --- Hugo ---------------------------------------------------------------------------------


def hugo_path(text: str) -> str:
    """What Hugo makes of a path or a title in a URL: letters, digits and `%./_-#+~` kept,
    spaces as hyphens, the rest left out."""
    return "".join(c if c.isalnum() or c in "%./\\_-#+~" else "-" if c.isspace() else ""
                   for c in text.strip())


def _hugo(site: SourceSite, post: SourcePost, meta: dict[str, Any], when: Moment,
          title: str) -> OldUrl:
    config = site.config
    dirs, name = _dirs_and_name(post)
    name = name.rsplit(".", 1)[0] if "." in name and name.rsplit(".", 1)[1].lower() in \
        site.languages else name  # post.en.md
    prefix = f"/{site.language}" if config.get("defaultContentLanguageInSubdir") else ""
    url = meta.get("url")
    if isinstance(url, str) and url.strip():
        return OldUrl(prefix + _rooted(url) if not url.strip().startswith("/") else
                      url.strip(), "url")
    slug = meta.get("slug") if isinstance(meta.get("slug"), str) else ""
    section = dirs[0] if dirs else ""
    pattern = _hugo_pattern(config, section)
    lower = not config.get("disablePathToLower", False)
    problem = ""
    if pattern:
        values = {
            "year": f"{when.year:04d}", "month": f"{when.month:02d}", "day": f"{when.day:02d}",
            "monthname": MONTHS[when.month - 1], "weekday": str((when.weekday() + 1) % 7),
            "weekdayname": DAYS[when.weekday()],
            "yearday": str(when.timetuple().tm_yday), "section": section,
            "title": hugo_path(title), "slug": hugo_path(slug or title),
            "filename": name, "contentbasename": name, "slugorfilename": slug or name,
            "slugorcontentbasename": slug or name,
        }
        path, problem = _expand(pattern, values, dirs)
        if not problem:
            return OldUrl(prefix + _ugly(config, section, _finish(path.lower() if lower else
                                                                  path)), "permalinks")
    path = "/".join([*dirs, hugo_path(slug or name)])
    path = path.lower() if lower else path
    return OldUrl(prefix + _ugly(config, section, _rooted(path)), "path", problem)


def _hugo_pattern(config: dict[str, Any], section: str) -> str:
    permalinks = config.get("permalinks")
    if not isinstance(permalinks, dict):
        return ""
    page = permalinks.get("page")
    for table in (page if isinstance(page, dict) else {}, permalinks):
        pattern = table.get(section)
        if isinstance(pattern, str):
            return pattern
    return ""


def _ugly(config: dict[str, Any], section: str, url: str) -> str:
    ugly = config.get("uglyURLs") or config.get("uglyurls")
    if isinstance(ugly, dict):
        ugly = ugly.get(section)
    if ugly is True and url.endswith("/") and url != "/":
        return url[:-1] + ".html"
    return url


def _expand(pattern: str, values: dict[str, str], dirs: list[str]) -> tuple[str, str]:
    unknown: list[str] = []

    def token(match: re.Match[str]) -> str:
        name, selection = match.group(1), match.group(2)
        if name == "sections":
            return "/".join(_slice(dirs, selection))
        if name in values:
            return values[name]
        unknown.append(match.group(0))
        return match.group(0)

    path = _TOKEN.sub(token, pattern)
    return path, (f"the permalink token {unknown[0]} of {pattern!r} is not one Folio's "
                  "import knows" if unknown else "")


def _slice(items: list[str], selection: str | None) -> list[str]:
    """Hugo's `:sections[1:]`, `[:last]`, `[last]`, `[1:2]` (Go's slices: the end left
    out)."""
    if not selection:
        return items
    inner = selection[1:-1].replace("last", str(len(items) - 1))
    try:
        if ":" in inner:
            start, _, end = inner.partition(":")
            return items[int(start or 0):int(end) if end else len(items)]
        return items[int(inner):int(inner) + 1]
    except ValueError:
        return items


def _finish(path: str) -> str:
    path = re.sub(r"/{2,}", "/", "/" + path)
    return path if "." in path.rsplit("/", 1)[-1] or path.endswith("/") else path + "/"


# --- Zola ---------------------------------------------------------------------------------


def zola_slug(text: str, strategy: str) -> str:
    if strategy == "off":
        return text
    if strategy == "safe":
        return "".join(c for c in text if c not in '<>:"/\\|?*#').replace(" ", "-")
    return slugify(text) or text  # Zola's "on": ASCII, lower case, words joined by hyphens


def _zola(site: SourceSite, post: SourcePost, meta: dict[str, Any]) -> OldUrl:
    path = meta.get("path")
    if isinstance(path, str) and path.strip():
        return OldUrl(_finish(path.strip().strip("/")), "path")
    slugs = site.config.get("slugify")
    strategy = str(slugs.get("paths", "on")) if isinstance(slugs, dict) else "on"
    dirs, name = _dirs_and_name(post)
    slug = meta.get("slug") if isinstance(meta.get("slug"), str) and meta.get("slug") else \
        name_without_date(name)
    parts = [zola_slug(d, strategy) for d in dirs] + [zola_slug(str(slug), strategy)]
    return OldUrl(_rooted("/".join(parts)), "path")


# --- Jekyll -------------------------------------------------------------------------------


def jekyll_pattern(config: dict[str, Any]) -> str:
    collections = config.get("collections")
    posts = collections.get("posts") if isinstance(collections, dict) else None
    pattern = posts.get("permalink") if isinstance(posts, dict) else None
    if not isinstance(pattern, str):
        site = config.get("permalink")
        pattern = site if isinstance(site, str) else "date"
    return JEKYLL_STYLES.get(pattern, pattern)


def jekyll_title(text: str, cased: bool = True) -> str:
    """Jekyll's `slugify` in "pretty" mode: characters a URL may not hold become hyphens."""
    slug = re.sub(r"[^\w.~!$&'()+,;=@-]+", "-", text).strip("-")
    return slug if cased else slug.lower()


def _jekyll(site: SourceSite, post: SourcePost, meta: dict[str, Any], when: Moment,
            categories: list[str]) -> OldUrl:
    pattern = meta.get("permalink")
    how = "permalink"
    if not isinstance(pattern, str) or not pattern.strip():
        pattern, how = jekyll_pattern(site.config), "the site's permalink"
    name = name_without_date(PurePosixPath(post.relative).stem)
    slug = meta.get("slug") if isinstance(meta.get("slug"), str) and meta.get("slug") else name
    moment = when if isinstance(when, datetime) else datetime.combine(when, datetime.min.time())
    values = {
        "year": f"{when.year:04d}", "month": f"{when.month:02d}", "i_month": str(when.month),
        "day": f"{when.day:02d}", "i_day": str(when.day), "short_year": f"{when.year % 100:02d}",
        "y_day": f"{when.timetuple().tm_yday:03d}", "hour": f"{moment.hour:02d}",
        "minute": f"{moment.minute:02d}", "second": f"{moment.second:02d}",
        "week": f"{when.isocalendar()[1]:02d}", "short_day": DAYS[when.weekday()][:3].title(),
        "long_day": DAYS[when.weekday()].title(), "title": jekyll_title(str(slug)),
        "slug": jekyll_title(str(slug), cased=False), "name": name,
        "categories": "/".join(dict.fromkeys(c.lower() for c in categories)),
        "slugified_categories": "/".join(dict.fromkeys(slugify(c) for c in categories)),
        "output_ext": ".html",
    }
    path, problem = _expand(pattern, values, [])
    if problem:
        path, _ = _expand(JEKYLL_STYLES["date"], values, [])
    return OldUrl(_finish(posixpath.normpath(path) + ("/" if path.endswith("/") else "")),
                  how, problem)


def as_date(moment: Moment) -> date:
    return moment.date() if isinstance(moment, datetime) else moment
