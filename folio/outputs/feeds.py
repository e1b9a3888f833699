"""SiteGraph → the machine-readable files: Atom and JSON feeds, sitemap.xml and robots.txt.

Feeds, the sitemap and robots.txt carry absolute URLs built from `base_url` (which may hold a
subpath). Without a `base_url` they fall back to site-rooted URLs (`/articles/x/`), which
work only when the site is served at a domain root; the build warns about it once.

Everything is deterministic: a feed's `updated` is its newest entry's, never the build time,
and entry ids are the articles' stable identifiers (their `id`, see `graph.identity`).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree as ET

from folio.config import SiteConfig
from folio.content.load import Bodies
from folio.graph.links import resolve_link
from folio.graph.model import Entry, SiteGraph, Term
from folio.urls import absolute_url, safe_url

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # `updated` of a feed with no entries

_URL_ATTRIBUTE = re.compile(r'\b(href|src)="([^"]*)"')


def absolute(config: SiteConfig, url: str) -> str:
    """`url` (site-rooted) under `base_url`; site-rooted as it is when there is none."""
    return absolute_url(config.base_url, url)


def site_feeds(config: SiteConfig) -> list[tuple[str, str, str]]:
    """The feeds every page links to: (MIME type, title, site-rooted URL)."""
    return [("application/atom+xml", f"{config.title} (Atom)", "/feed.xml"),
            ("application/feed+json", f"{config.title} (JSON Feed)", "/feed.json")]


def term_feed_url(term: Term, kind: str = "xml") -> str:
    """A term's feed: kind "xml" (Atom) or "json" (JSON Feed)."""
    return f"{term.url}feed.{kind}"


def entry_id(config: SiteConfig, entry: Entry) -> str:
    """The article's stable identifier (`graph.identity`): it survives rebuilds, edits and
    new titles, slugs, dates and base URLs."""
    return entry.identifier


def stamp(moment: datetime) -> str:
    """RFC 3339 with the zone kept, as Atom and JSON Feed want it."""
    return moment.isoformat(timespec="seconds")


@dataclass(frozen=True)
class FeedItem:
    """An article as a feed shows it, with where its `.md` links lead."""

    entry: Entry
    links: tuple[tuple[str, str], ...]  # (href as written, site-rooted URL)


@dataclass(frozen=True)
class Feed:
    """All a feed is made of."""

    config: SiteConfig
    title: str
    page_url: str
    feed_url: str
    full: bool  # the whole article in each entry, else its summary
    items: tuple[FeedItem, ...]


def feed_of(graph: SiteGraph, indices: Sequence[int], title: str, page_url: str,
            feed_url: str, full: bool) -> Feed:
    entries = [graph.entries[i] for i in indices[: graph.config.feed_entries]]
    items = tuple(FeedItem(entry, tuple((href, target) for href in entry.rendered.links if (
        target := resolve_link(entry.article.path, href, graph.link_targets)))
        if full else ()) for entry in entries)
    return Feed(graph.config, title, page_url, feed_url, full, items)


def absolute_body(config: SiteConfig, bodies: Bodies, item: FeedItem) -> str:
    """The body HTML with `.md` links resolved and every relative href/src made absolute."""
    page = absolute(config, item.entry.url)
    targets = dict(item.links)

    def fix(match: re.Match[str]) -> str:
        value = html.unescape(match.group(2))
        target = targets.get(value)
        if target is not None:
            value = absolute(config, target)
        elif not urlsplit(value).scheme and not value.startswith("//"):
            value = urljoin(page, value)
        return f'{match.group(1)}="{html.escape(safe_url(value))}"'

    return _URL_ATTRIBUTE.sub(fix, bodies[item.entry.path])


def atom_feed(feed: Feed, bodies: Bodies) -> bytes:
    config = feed.config
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": config.language})
    host = urlsplit(config.base_url).hostname or "localhost"
    _sub(root, "id", f"tag:{host},2000:{urlsplit(absolute(config, feed.feed_url)).path}")
    _sub(root, "title", feed.title)
    if config.description and feed.page_url == "/":
        _sub(root, "subtitle", config.description)
    _sub(root, "link", rel="self", type="application/atom+xml",
         href=absolute(config, feed.feed_url))
    _sub(root, "link", rel="alternate", type="text/html", href=absolute(config, feed.page_url))
    _sub(root, "updated", stamp(max((item.entry.updated for item in feed.items),
                                    default=EPOCH)))
    _sub(root, "generator", "Folio")
    for item in feed.items:
        root.append(_atom_entry(config, bodies, item, feed.full))
    return _xml(root)


def _atom_entry(config: SiteConfig, bodies: Bodies, item: FeedItem, full: bool) -> ET.Element:
    entry = item.entry
    element = ET.Element(f"{{{ATOM}}}entry")
    _sub(element, "id", entry_id(config, entry))
    _sub(element, "title", entry.title)
    _sub(element, "link", rel="alternate", type="text/html", href=absolute(config, entry.url))
    _sub(element, "published", stamp(entry.article.date))
    _sub(element, "updated", stamp(entry.updated))
    for link in entry.links("authors"):
        author = _sub(element, "author")
        _sub(author, "name", link.name)
        _sub(author, "uri", absolute(config, link.url))
    for tax, links in entry.terms:
        if tax.key == "authors":
            continue
        for link in links:
            _sub(element, "category", term=link.name, label=link.name,
                 scheme=absolute(config, f"/{tax.key}/"))
    if entry.summary:
        _sub(element, "summary", entry.summary)
    if full:
        _sub(element, "content", absolute_body(config, bodies, item), type="html")
    return element


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    child = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    if text is not None:
        child.text = text
    return child


def json_feed(feed: Feed, bodies: Bodies) -> bytes:
    config = feed.config
    items = []
    for item in feed.items:
        entry = item.entry
        value: dict[str, object] = {
            "id": entry_id(config, entry),
            "url": absolute(config, entry.url),
            "title": entry.title,
        }
        if feed.full:
            value["content_html"] = absolute_body(config, bodies, item)
        else:
            value["content_text"] = entry.summary or entry.title
        if entry.summary:
            value["summary"] = entry.summary
        value["date_published"] = stamp(entry.article.date)
        value["date_modified"] = stamp(entry.updated)
        value["authors"] = [{"name": a.name, "url": absolute(config, a.url)}
                            for a in entry.links("authors")]
        value["tags"] = [link.name for tax, links in entry.terms if tax.key != "authors"
                         for link in links]
        if entry.article.image and urlsplit(entry.article.image.src).scheme:
            value["image"] = safe_url(entry.article.image.src)
        if entry.article.lang:
            value["language"] = entry.article.lang
        items.append(value)
    document = {
        "version": JSON_FEED_VERSION,
        "title": feed.title,
        "home_page_url": absolute(config, feed.page_url),
        "feed_url": absolute(config, feed.feed_url),
        "description": config.description,
        "language": config.language,
        "items": items,
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def sitemap(pages: Sequence[tuple[str, datetime | None]], config: SiteConfig) -> bytes:
    """`pages`: (site-rooted URL, last modified) of every HTML page to list."""
    ET.register_namespace("", SITEMAP)
    urlset = ET.Element(f"{{{SITEMAP}}}urlset")
    for url, lastmod in pages:
        node = ET.SubElement(urlset, f"{{{SITEMAP}}}url")
        ET.SubElement(node, f"{{{SITEMAP}}}loc").text = absolute(config, url)
        if lastmod is not None:
            ET.SubElement(node, f"{{{SITEMAP}}}lastmod").text = stamp(lastmod)
    return _xml(urlset)


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    body: bytes = ET.tostring(root, "utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + body + b"\n"


def robots(config: SiteConfig) -> bytes:
    lines = ["User-agent: *", "Allow: /"]
    if config.base_url:
        lines.append(f"Sitemap: {absolute(config, '/sitemap.xml')}")
    else:  # the Sitemap line must be absolute: without base_url there is none to give
        lines.append("# Sitemap: set base_url in site.toml to announce /sitemap.xml here")
    return ("\n".join(lines) + "\n").encode("utf-8")
