"""SiteGraph → the machine-readable files: Atom and JSON feeds, sitemap.xml and robots.txt.

Feeds, the sitemap and robots.txt carry absolute URLs built from `base_url` (which may hold a
subpath). Without a `base_url` they fall back to site-rooted URLs (`/articles/x/`), which
work only when the site is served at a domain root; the build warns about it once.

Everything is deterministic: a feed's `updated` is its newest entry's, never the build time,
and entry ids are tag: URIs made of the host, the article's first date and its path.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from functools import partial
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree as ET

from folio.config import SiteConfig
from folio.fingerprint import fingerprint
from folio.graph import Entry, SiteGraph, Term, resolve_link
from folio.urls import absolute_url, safe_url

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # `updated` of a feed with no entries

_URL_ATTRIBUTE = re.compile(r'\b(href|src)="([^"]*)"')


def absolute(config: SiteConfig, url: str) -> str:
    """`url` (site-rooted) under `base_url`; site-rooted as it is when there is none."""
    return absolute_url(config.base_url, url)


def site_feeds(graph: SiteGraph) -> list[tuple[str, str, str]]:
    """The feeds every page links to: (MIME type, title, site-rooted URL)."""
    return [("application/atom+xml", f"{graph.config.title} (Atom)", "/feed.xml"),
            ("application/feed+json", f"{graph.config.title} (JSON Feed)", "/feed.json")]


def term_feed_url(term: Term) -> str:
    return term.url + "feed.xml"


def entry_id(config: SiteConfig, entry: Entry) -> str:
    """A stable id: it survives rebuilds, edits and title changes (not a slug change)."""
    host = urlsplit(config.base_url).hostname or "localhost"
    path = urlsplit(absolute(config, entry.url)).path
    return f"tag:{host},{entry.article.date.date().isoformat()}:{path}"


def updated(entry: Entry) -> datetime:
    return entry.article.updated or entry.article.date


def stamp(moment: datetime) -> str:
    """RFC 3339 with the zone kept, as Atom and JSON Feed want it."""
    return moment.isoformat(timespec="seconds")


def absolute_body(graph: SiteGraph, entry: Entry) -> str:
    """The body HTML with `.md` links resolved and every relative href/src made absolute."""
    page = absolute(graph.config, entry.url)

    def fix(match: re.Match[str]) -> str:
        value = html.unescape(match.group(2))
        target = resolve_link(entry.article.path, value, graph.link_targets)
        if target is not None:
            value = absolute(graph.config, target)
        elif not urlsplit(value).scheme and not value.startswith("//"):
            value = urljoin(page, value)
        return f'{match.group(1)}="{html.escape(safe_url(value))}"'

    return _URL_ATTRIBUTE.sub(fix, graph.bodies[entry.key])


def atom_feed(graph: SiteGraph, indices: Sequence[int], title: str, page_url: str,
              feed_url: str, full: bool | None = None) -> bytes:
    config = graph.config
    entries = [graph.entries[i] for i in indices[: config.feed_entries]]
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": config.language})
    host = urlsplit(config.base_url).hostname or "localhost"
    _sub(feed, "id", f"tag:{host},2000:{urlsplit(absolute(config, feed_url)).path}")
    _sub(feed, "title", title)
    if config.description and page_url == "/":
        _sub(feed, "subtitle", config.description)
    _sub(feed, "link", rel="self", type="application/atom+xml",
         href=absolute(config, feed_url))
    _sub(feed, "link", rel="alternate", type="text/html", href=absolute(config, page_url))
    _sub(feed, "updated", stamp(max(map(updated, entries), default=EPOCH)))
    _sub(feed, "generator", "Folio")
    full = config.feed_content == "full" if full is None else full
    for entry in entries:
        feed.append(_atom_entry(graph, entry, full))
    return _xml(feed)


def _atom_entry(graph: SiteGraph, entry: Entry, full: bool) -> ET.Element:
    config = graph.config
    element = ET.Element(f"{{{ATOM}}}entry")
    _sub(element, "id", entry_id(config, entry))
    _sub(element, "title", entry.title)
    _sub(element, "link", rel="alternate", type="text/html", href=absolute(config, entry.url))
    _sub(element, "published", stamp(entry.article.date))
    _sub(element, "updated", stamp(updated(entry)))
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
        _sub(element, "content", absolute_body(graph, entry), type="html")
    return element


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    child = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    if text is not None:
        child.text = text
    return child


def json_feed(graph: SiteGraph) -> bytes:
    config = graph.config
    items = []
    for entry in graph.entries[: config.feed_entries]:
        item: dict[str, object] = {
            "id": entry_id(config, entry),
            "url": absolute(config, entry.url),
            "title": entry.title,
        }
        if config.feed_content == "full":
            item["content_html"] = absolute_body(graph, entry)
        else:
            item["content_text"] = entry.summary or entry.title
        if entry.summary:
            item["summary"] = entry.summary
        item["date_published"] = stamp(entry.article.date)
        item["date_modified"] = stamp(updated(entry))
        item["authors"] = [{"name": a.name, "url": absolute(config, a.url)}
                           for a in entry.links("authors")]
        item["tags"] = [link.name for tax, links in entry.terms if tax.key != "authors"
                        for link in links]
        if entry.article.image and urlsplit(entry.article.image.src).scheme:
            item["image"] = entry.article.image.src
        if entry.article.lang:
            item["language"] = entry.article.lang
        items.append(item)
    feed = {
        "version": JSON_FEED_VERSION,
        "title": config.title,
        "home_page_url": absolute(config, "/"),
        "feed_url": absolute(config, "/feed.json"),
        "description": config.description,
        "language": config.language,
        "items": items,
    }
    return (json.dumps(feed, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


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


def feed_files(graph: SiteGraph) -> Iterator[tuple[str, Callable[[], str], Callable[[], bytes]]]:
    """Every feed and robots.txt as (output path, fingerprint, producer), the fingerprint
    taken only when asked for.

    A fingerprint stands for everything the file is made of, so a feed whose entries did
    not change is neither built nor written again.
    """
    config = graph.config
    common = fingerprint(repr(config), "feeds-1")
    newest = graph.entries[: config.feed_entries]
    yield ("feed.xml", partial(fingerprint, common, "atom", newest),
           partial(atom_feed, graph, range(len(graph.entries)), config.title, "/", "/feed.xml"))
    yield "feed.json", partial(fingerprint, common, "json", newest), partial(json_feed, graph)
    full = config.term_feed_content == "full"
    for taxonomy in config.taxonomies:
        for term in graph.terms[taxonomy.key]:
            url = term_feed_url(term)
            yield (url.lstrip("/"), partial(_term_feed_mark, graph, common, term, url),
                   partial(atom_feed, graph, term.entries, f"{term.name} · {config.title}",
                           term.url, url, full))
    yield "robots.txt", partial(fingerprint, common, "robots"), partial(robots, config)


def _term_feed_mark(graph: SiteGraph, common: str, term: Term, url: str) -> str:
    shown = [graph.entries[i] for i in term.entries[: graph.config.feed_entries]]
    return fingerprint(common, term.name, url, shown)
