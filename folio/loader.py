"""content/ → Corpus: every article, term profile and page, parsed and converted.

Files are read in a sorted order so the corpus (and so the site) never depends on the order
the file system lists them in.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from folio.config import SiteConfig
from folio.content import (
    Article,
    Page,
    TermProfile,
    parse_article,
    parse_page,
    parse_profile,
    read_text,
)
from folio.graph import Corpus
from folio.markup import Rendered, to_html
from folio.problems import Report, display_path


@dataclass(frozen=True)
class LoadOptions:
    drafts: bool = False
    future: bool = False


def content_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and not _hidden(p, folder))


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") or part.endswith("~")
               for part in path.relative_to(root).parts)


def load_corpus(content: Path, config: SiteConfig, options: LoadOptions, report: Report,
                now_timestamp: float) -> tuple[Corpus, dict[str, str]]:
    """The corpus, and each term profile's body as HTML (keyed by profile path)."""
    taxonomies = {t.key for t in config.taxonomies}
    articles: list[tuple[Article, Rendered]] = []
    profiles: list[TermProfile] = []
    pages: list[tuple[Page, Rendered]] = []
    profile_html: dict[str, str] = {}
    if not content.is_dir():
        report.error(content, 0, "content folder not found")
        return Corpus(()), {}
    for path in content_files(content):
        relative = path.relative_to(content)
        shown = display_path(path, report.root)
        if path.suffix != ".md":
            if relative.parts[0] == "articles" or len(relative.parts) == 1:
                report.warning(shown, 0, "not a Markdown file (.md); ignored")
            continue
        if len(relative.parts) == 1:
            report.warning(shown, 0, "Markdown files belong in articles/, pages/ or a "
                           "taxonomy folder; ignored")
            continue
        text = read_text(path, shown, report)
        if text is None:
            continue
        folder = relative.parts[0]
        if folder == "articles":
            article = parse_article(text, shown, config, report)
            if article is None or (article.draft and not options.drafts):
                continue
            if not options.future and article.date.timestamp() > now_timestamp:
                continue
            articles.append((article, to_html(article.body, config.trust_html)))
        elif folder == "pages":
            page = parse_page(text, shown, report)
            if page is not None:
                pages.append((page, to_html(page.body, config.trust_html)))
        else:
            profile = parse_profile(text, shown, folder, report)
            if profile is not None:
                profiles.append(profile)
                if folder in taxonomies:
                    profile_html[profile.path] = to_html(profile.body, config.trust_html).html
    return Corpus(tuple(articles), tuple(profiles), tuple(pages)), profile_html
