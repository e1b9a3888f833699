"""Starting out: `init` writes a new site, `new` a new article that builds.

Neither ever overwrites a file: `init` checks every path it would write before writing
any, and `new` refuses a title whose file exists.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import folio
from folio.config import SiteConfig
from folio.graph.identity import new_id
from folio.urls import slugify

EXAMPLE_AUTHOR = "Your Name"


class ScaffoldError(Exception):
    """A file that is already there: nothing was written."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(path, reason)
        self.path, self.reason = path, reason


@dataclass(frozen=True)
class Written:
    files: tuple[Path, ...]
    folders: tuple[Path, ...]


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is YAML's)."""
    return json.dumps(text, ensure_ascii=False)


SITE_TOML = """\
# Folio site configuration. Every key is optional; an unknown key is an error.

title = "My Commentary Archive"
description = "Opinion and analysis, kept, tagged and cross-linked."

# The public address of the site, with its subpath if any. Feeds, the sitemap, canonical
# links and the 404 page need it; page links are relative and work without it. Until it is
# set, `build` says so once.
# base_url = "https://example.org/archive/"

language = "en"        # the pages' lang attribute
timezone = "UTC"       # dates without a zone are in this zone (an IANA name)

# Where articles live; {{slug}}, {{year}}, {{month}} and {{day}} may be used; starts and
# ends with /.
permalink = "/articles/{{slug}}/"

per_page = 10          # articles on each home page (the first is the front page)
term_per_page = 20     # articles on each author, theme, region, report and tag page
feed_entries = 20      # newest articles in /feed.xml, /feed.json and each term's feed.xml
feed_content = "full"  # "full": each feed entry carries the whole article; "summary": less
term_feed_content = "summary"  # the same for each author's, theme's, region's... feed.xml
search = true          # build the full-text search behind /search/
summary_length = 300   # characters of the first paragraph used when an article has no summary

# Raw HTML in Markdown passes an allow-list sanitizer. Set to true only when every author
# is trusted: their HTML is then published as written.
trust_html = false

# `python build.py new "Title"` writes articles by this author unless --author is given.
default_author = {author}

# The taxonomies: the front-matter key (and URL folder), its title and its singular form.
# The front page has a section for `reports` and one for `themes`, and lists the most
# active `authors`.
[taxonomies.authors]
title = "Authors"
singular = "Author"

[taxonomies.themes]
title = "Themes"
singular = "Theme"

[taxonomies.regions]
title = "Regions"
singular = "Region"

[taxonomies.reports]
title = "In-depth Reports"
singular = "In-depth Report"

[taxonomies.tags]
title = "Tags"
singular = "Tag"
"""

EXAMPLE_ARTICLE = """\
---
title: "Welcome to your archive"
subtitle: "What an article looks like, and where to go from here"
date: {today}
authors: [{author}]
themes: [Getting Started]
tags: [Folio]
summary: "This example article shows the front matter every article starts with."
---

Every article is a Markdown file in `content/articles/`. The lines between the two `---`
at the top are its *front matter*: the title, the date, the authors, and the themes,
regions, in-depth reports and tags it is filed under. Each name gets a page of its own.

Write a new article with `python build.py new "Its title"`, preview the site with
`python build.py serve`, and build it into `site/` with `python build.py`.

> The layouts come with Folio. To change one, copy it into `layouts/` under the same name:
> a file there replaces the default theme's, one file at a time.

Delete this article when you have written your own.
"""

EXAMPLE_AUTHOR_PROFILE = """\
---
name: {author}
---

A few sentences about the author: this text opens their page and closes each of their
articles. It lives in `content/authors/{slug}.md`.
"""

ABOUT_PAGE = """\
---
title: About
---

What this archive collects, who keeps it, and how to reach them.
"""

GITIGNORE = """\
/site/
/.cache/
"""

BUILD_PY = """\
\"\"\"Build this site with Folio: `python build.py [build|serve|check|new|import] --help`.
(`folio ...` is the same command, where Folio is installed.)\"\"\"

import sys
from pathlib import Path

FOLIO = {home}  # the Folio that made this site, used while it is there
if (Path(FOLIO) / "folio" / "cli.py").is_file():
    sys.path.insert(0, FOLIO)

from folio.cli import main  # noqa: E402

raise SystemExit(main())
"""

FOLDERS = ("content/articles", "content/authors", "content/pages", "layouts/static", "seeds")


def init_site(folder: Path, today: date) -> Written:
    """A new site in `folder`: site.toml with comments, an example article, author and
    page, empty folders for more; ScaffoldError (and nothing written) when any file
    exists."""
    slug = slugify(EXAMPLE_AUTHOR)
    files = {
        "site.toml": SITE_TOML.format(author=_quoted(EXAMPLE_AUTHOR)),
        "content/articles/welcome-to-your-archive.md": EXAMPLE_ARTICLE.format(
            today=today.isoformat(), author=_quoted(EXAMPLE_AUTHOR)),
        f"content/authors/{slug}.md": EXAMPLE_AUTHOR_PROFILE.format(
            author=_quoted(EXAMPLE_AUTHOR), slug=slug),
        "content/pages/about.md": ABOUT_PAGE,
        ".gitignore": GITIGNORE,
        "build.py": BUILD_PY.format(home=repr(str(Path(folio.__file__).resolve().parent.parent))),
    }
    existing = [name for name in files if (folder / name).exists()]
    if existing:
        raise ScaffoldError(folder / existing[0], "already exists; init writes a new site "
                            "only where none of its files are (choose a new or empty folder)")
    for name in FOLDERS:
        if (folder / name).exists() and not (folder / name).is_dir():
            raise ScaffoldError(folder / name, "is in the way: a file where init makes a "
                                "folder")
    written = []
    for name in FOLDERS:
        (folder / name).mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as file:  # "x": never over a file
            file.write(text)
        written.append(path)
    return Written(tuple(written), tuple(folder / name for name in FOLDERS))


def new_article(content: Path, title: str, authors: tuple[str, ...], config: SiteConfig,
                today: date) -> Path:
    """`content/articles/<slug>.md`: a draft by `authors`, filed under nothing yet, that
    builds as it is. ScaffoldError when the file exists."""
    path = content / "articles" / f"{slugify(title)}.md"
    lines = ["---", f"title: {_quoted(title)}", f"date: {today.isoformat()}",
             f"authors: [{', '.join(_quoted(a) for a in authors)}]"]
    lines += [f"{t.key}: []" for t in config.taxonomies if t.key != "authors"]
    lines += ["draft: true", f"id: {new_id()}", "---", "",
              "Write the article here. It is a draft: `python build.py serve` shows it, a "
              "build leaves it out", "until you remove `draft: true` above.", ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as file:
            file.write("\n".join(lines))
    except FileExistsError:
        raise ScaffoldError(path, "already exists; choose another title") from None
    return path
