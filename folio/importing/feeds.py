"""The feed reader: RSS 2.0 and Atom (through feedparser) and JSON Feed -> one
`SeedArticle` per entry.

Each entry gives its title (split into title and deck like a headline), authors, date,
categories and content. The content's HTML becomes Markdown (markdownify) and goes through
the publisher's body rules, so notices are dropped and attribution lines read as in a
text seed. Categories become regions, themes or reports when the publisher's rules say so
(a scheme or domain naming the taxonomy, a "Theme: X" label, a known name, an upper-case
"… REPORT"), and tags otherwise, ahead of the names the body keeps coming back to.

Problems name the entry's first line in the feed file: feedparser keeps no line numbers
for what is inside an entry.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import re
from dataclasses import dataclass, field, replace
from typing import Any

import feedparser
from markdownify import markdownify

from folio.importing.attribution import Attribution
from folio.importing.body import read_body
from folio.importing.decode import strip_controls
from folio.importing.header import names
from folio.importing.model import Removed, SeedArticle
from folio.importing.publishers import PUBLISHERS, Publisher
from folio.importing.text import build_article, split_headline
from folio.problems import Problem, Severity

_ENTRY_START = re.compile(r"<(?:\w+:)?(?:item|entry)[\s>]")
_LABELLED = re.compile(r"^(?P<label>region|theme|in-depth report)s?\s*:\s*(?P<name>.+)$", re.I)


@dataclass
class Entry:
    """One feed entry, whatever the feed's format."""

    line: int
    title: str = ""
    authors: tuple[str, ...] = ()
    published: str = ""  # as the feed wrote it: RFC 822 or ISO 8601
    categories: list[tuple[str, str]] = field(default_factory=list)  # (name, scheme)
    html: str = ""


def read_feed(data: bytes, path: str) -> tuple[list[SeedArticle], list[Problem]]:
    """Every entry of an RSS or Atom feed."""
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    error = parsed.get("bozo_exception")
    line = min(error.getLineNumber(), data.count(b"\n") + 1) if hasattr(
        error, "getLineNumber") else 0
    if not parsed.entries:
        reason = f": {error}" if error is not None else ""
        return [], [Problem(path, line, f"no entries found in the feed{reason}")]
    problems: list[Problem] = []
    if hasattr(error, "getMessage"):  # not well-formed: feedparser read on regardless
        message = f"the feed is not well-formed XML ({error.getMessage()}); read what it could"
        problems.append(Problem(path, line, message, Severity.WARNING))
    text = data.decode("utf-8", errors="replace")
    starts = [text[: m.start()].count("\n") + 1 for m in _ENTRY_START.finditer(text)]
    entries = [_rss_entry(e, starts[n] if n < len(starts) else 0)
               for n, e in enumerate(parsed.entries)]
    articles, found = _articles(entries, parsed.feed.get("title", ""), path)
    return articles, [*problems, *found]


def read_json_feed(data: bytes, path: str) -> tuple[list[SeedArticle], list[Problem]]:
    """Every item of a JSON Feed (1.0 or 1.1; https://jsonfeed.org/version/1.1)."""
    try:
        text = data.decode("utf-8-sig")
        feed = json.loads(text)
    except UnicodeDecodeError as exc:
        return [], [Problem(path, 0, f"a JSON Feed must be UTF-8: {exc.reason}")]
    except json.JSONDecodeError as exc:
        return [], [Problem(path, exc.lineno, f"not valid JSON: {exc.msg}")]
    if not isinstance(feed, dict) or not str(feed.get("version", "")).startswith(
            "https://jsonfeed.org/version/"):
        return [], [Problem(path, 1, "not a JSON Feed: no 'version' naming jsonfeed.org")]
    items = feed.get("items")
    if not isinstance(items, list) or not items:
        return [], [Problem(path, 1, "no items found in the JSON Feed")]
    entries = [_json_entry(item, text) for item in items if isinstance(item, dict)]
    return _articles(entries, str(feed.get("title") or ""), path)


def _rss_entry(entry: Any, line: int) -> Entry:
    authors = [a.get("name", "") for a in entry.get("authors", []) if a.get("name")]
    if not authors and entry.get("author"):
        authors = [entry["author"]]
    content = entry.get("content") or []
    html = content[0].get("value", "") if content else entry.get("summary", "")
    categories = [(t.get("label") or t.get("term") or "", t.get("scheme") or "")
                  for t in entry.get("tags", [])]
    return Entry(line, entry.get("title", ""), names(" and ".join(authors)),
                 entry.get("published") or entry.get("updated") or "", categories, html)


def _json_entry(item: dict[str, Any], text: str) -> Entry:
    anchor = json.dumps(str(item.get("id") or item.get("title") or ""))
    line = text[: text.find(anchor)].count("\n") + 1 if anchor in text else 0
    people = item.get("authors") or ([item["author"]] if item.get("author") else [])
    authors = [str(a.get("name", "")) for a in people if isinstance(a, dict)]
    html = str(item.get("content_html") or "")
    if not html and item.get("content_text"):
        html = "".join(f"<p>{p}</p>" for p in str(item["content_text"]).split("\n\n"))
    tags = [(str(t), "") for t in item.get("tags") or [] if isinstance(t, str)]
    return Entry(line, str(item.get("title") or ""), names(" and ".join(authors)),
                 str(item.get("date_published") or item.get("date_modified") or ""), tags,
                 html)


def _articles(entries: list[Entry], feed_title: str,
              path: str) -> tuple[list[SeedArticle], list[Problem]]:
    publisher = next((p for p in PUBLISHERS if p.name.lower() in feed_title.lower()),
                     PUBLISHERS[0])
    publication = publisher.name if publisher.name.lower() in feed_title.lower() \
        else feed_title.strip() or None
    articles: list[SeedArticle] = []
    problems: list[Problem] = []
    for number, entry in enumerate(entries, 1):
        article, found = _article(entry, publisher, publication, path, number)
        problems.extend(found)
        if article is not None:
            articles.append(article)
    return articles, problems


def _article(entry: Entry, publisher: Publisher, publication: str | None, path: str,
             number: int) -> tuple[SeedArticle | None, list[Problem]]:
    where = f"entry {number}"
    problems: list[Problem] = []
    title, subtitle = split_headline(entry.title)
    date = entry_date(entry.published)
    if not title:
        problems.append(Problem(path, entry.line, f"{where}: missing title"))
    if not entry.authors:
        problems.append(Problem(path, entry.line, f"{where}: missing author"))
    if date is None:
        problems.append(Problem(path, entry.line, f"{where}: missing or unreadable date "
                                f"{entry.published!r}"))
    markdown = markdownify(entry.html, heading_style="ATX", bullets="-",
                           escape_underscores=False)
    warnings: list[Problem] = []
    lines = strip_controls(markdown, path, warnings, at=entry.line).split("\n")
    problems.extend(replace(w, message=f"{where}: {w.message}") for w in warnings[:1])
    attribution = Attribution()
    body = read_body(lines, 0, publisher, attribution, entry.authors, path)
    problems.extend(Problem(path, entry.line, f"{where}: {p.message}", p.severity)
                    for p in body.problems)
    if not title or not entry.authors or date is None:
        return None, problems
    terms, tags = categorise(entry.categories, publisher)
    body.removed = [Removed(entry.line, r.text) for r in body.removed]
    return build_article(title, subtitle, entry.authors, date, publication, terms,
                         body.summary, attribution, body, tags), problems


def entry_date(text: str) -> dt.date | None:
    """The date a feed gave, in the feed's own time zone (not converted to UTC)."""
    text = text.strip()
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        return None


def categorise(categories: list[tuple[str, str]],
               publisher: Publisher) -> tuple[dict[str, tuple[str, ...]], tuple[str, ...]]:
    """Categories as {taxonomy: names} and the tags left over."""
    terms: dict[str, list[str]] = {}
    tags: list[str] = []
    for name, scheme in categories:
        name = " ".join(name.split())
        taxonomy = None
        if labelled := _LABELLED.match(name):
            name = labelled.group("name")
            taxonomy = publisher.term_labels.get(labelled.group("label").lower())
        words = re.split(r"[^a-z-]+", scheme.lower())
        taxonomy = taxonomy or next((publisher.category_schemes[w] for w in reversed(words)
                                     if w in publisher.category_schemes), None)
        if taxonomy is None and name.lower() in publisher.regions:
            taxonomy = "regions"
        elif taxonomy is None and name.lower() in publisher.themes:
            taxonomy = "themes"
        elif taxonomy is None and name.isupper() and ("REPORT" in name or " " in name):
            taxonomy = "reports"
        if not name:
            continue
        if taxonomy:
            terms.setdefault(taxonomy, []).append(name)
        else:
            tags.append(name)
    return ({k: tuple(dict.fromkeys(v)) for k, v in terms.items()},
            tuple(dict.fromkeys(tags)))
