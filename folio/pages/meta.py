"""What `layouts/_meta.html` puts in each page's <head>: canonical URL, Open Graph and
Twitter card values, feed links and JSON-LD.

JSON-LD is written inside <script>, where HTML escaping does not apply: `json_ld` escapes
`<`, `>` and `&` as \\u003c, \\u003e and \\u0026 so no text can close the script element.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urljoin, urlsplit

from markupsafe import Markup

from folio.graph.model import Entry, SiteGraph
from folio.markup import html_to_text
from folio.outputs.feeds import absolute, site_feeds, term_feed_url


def json_ld(data: dict[str, Any]) -> Markup:
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def page_meta(graph: SiteGraph, context: dict[str, Any]) -> dict[str, Any]:
    """The head values for the page whose template context is `context`."""
    config = graph.config
    page = context["page"]
    feeds = [{"type": t, "title": title, "url": url} for t, title, url in site_feeds(config)]
    result: dict[str, Any] = {
        "canonical": absolute(config, page["url"])
        if config.base_url and page["url"] != "/404.html" else "",
        "description": config.description,
        "og_type": "website",
        "image": "",
        "feeds": feeds,
        "json_ld": None,
        "article": None,
        "scholar": [],
    }
    entry = context.get("article")
    term = context.get("term")
    series = context.get("series_page")
    if isinstance(entry, Entry):
        result.update(_article_meta(graph, entry, context.get("series")))
    elif isinstance(series, dict):
        feeds += _feeds_of(series["name"], series["feeds"]["atom"], series["feeds"]["json"])
        result["json_ld"] = json_ld({
            "@context": "https://schema.org", "@type": "CreativeWorkSeries",
            "name": series["name"], "url": absolute(config, series["url"]),
            "hasPart": [{"@id": part["entry"].identifier,
                         "url": absolute(config, part["entry"].url),
                         "headline": part["entry"].title, "position": part["number"]}
                        for part in series["parts"]],
            "isPartOf": {"@type": "WebSite", "name": config.title,
                         "url": absolute(config, "/")}})
    elif isinstance(term, dict) and "taxonomy" in term:
        found = graph.term_pages.get(term["url"])
        if found is not None:
            feeds += _feeds_of(found.name, term_feed_url(found), term_feed_url(found, "json"))
            paginator = context.get("paginator")
            first = getattr(paginator, "number", 1) == 1
            description = html_to_text(found.profile_html)[:300] \
                if found.profile_html and first else ""
            if description:
                result["description"] = description
            kind = "Person" if found.taxonomy.key == "authors" else "CollectionPage"
            data: dict[str, Any] = {"@context": "https://schema.org", "@type": kind,
                                    "name": found.name, "url": absolute(config, found.url)}
            if description:
                data["description"] = description
            if kind == "CollectionPage":
                data["about"] = {"@type": "Thing", "name": found.name}
                data["isPartOf"] = {"@type": "WebSite", "name": config.title,
                                    "url": absolute(config, "/")}
            result["json_ld"] = json_ld(data)
            result["og_type"] = "profile" if kind == "Person" else "website"
    return result


def _feeds_of(name: str, atom: str, json_feed: str) -> list[dict[str, str]]:
    return [{"type": "application/atom+xml", "title": f"{name} (Atom)", "url": atom},
            {"type": "application/feed+json", "title": f"{name} (JSON Feed)",
             "url": json_feed}]


def _article_meta(graph: SiteGraph, entry: Entry, series: Any = None) -> dict[str, Any]:
    config = graph.config
    article = entry.article
    image = article.image.src if article.image and article.image.src else ""
    if image and not urlsplit(image).scheme and not image.startswith("//"):
        image = absolute(config, urljoin(entry.url, image))  # relative: a bundle's file
    keywords = [link.name for tax, links in entry.terms if tax.key != "authors"
                for link in links]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "OpinionNewsArticle",
        "@id": entry.identifier,
        "identifier": entry.identifier,
        "headline": entry.title,
        "url": absolute(config, entry.url),
        "mainEntityOfPage": absolute(config, entry.url),
        "author": [{"@type": "Person", "name": a.name, "url": absolute(config, a.url)}
                   for a in entry.links("authors")],
        "datePublished": article.date.isoformat(),
        "dateModified": entry.updated.isoformat(),
        "publisher": {"@type": "Organization", "name": article.publication or config.title},
        "wordCount": entry.rendered.word_count,
        "keywords": keywords,
        "inLanguage": article.lang or config.language,
        "isPartOf": {"@type": "WebSite", "name": config.title, "url": absolute(config, "/")},
    }
    if article.subtitle:
        data["alternativeHeadline"] = article.subtitle
    if entry.summary:
        data["description"] = entry.summary
    if image:
        data["image"] = image
    if article.source and (article.source.url or article.source.name):
        source: dict[str, Any] = {"@type": "CreativeWork"}
        if article.source.name:
            source["name"] = article.source.name
        if article.source.url:
            source["url"] = article.source.url
        data["isBasedOn"] = source
    if article.copyright:
        data["copyrightNotice"] = article.copyright
    if isinstance(series, dict):
        data["isPartOf"] = [data["isPartOf"], {"@type": "CreativeWorkSeries",
                                               "name": series["name"],
                                               "url": absolute(config, series["url"])}]
        data["position"] = series["number"]
    return {
        "scholar": scholar_meta(graph, entry, series),
        "description": entry.summary or config.description,
        "og_type": "article",
        "image": image,
        "json_ld": json_ld(data),
        "article": {
            "published": article.date.isoformat(),
            "modified": entry.updated.isoformat(),
            "authors": [absolute(config, a.url) for a in entry.links("authors")],
            "tags": keywords,
        },
    }


def scholar_meta(graph: SiteGraph, entry: Entry, series: Any = None) -> list[tuple[str, str]]:
    """Highwire Press `citation_*` tags (read by Google Scholar and Zotero) and Dublin Core
    `DC.*` and `DCTERMS.*` tags: (name, content) in the order they are written."""
    config = graph.config
    article = entry.article
    url = absolute(config, entry.url)
    authors = [link.name for link in entry.links("authors")]
    keywords = [link.name for tax, links in entry.terms if tax.key != "authors"
                for link in links]
    publication = article.publication or config.title
    day = article.date.astimezone(config.zone).date()
    language = article.lang or config.language
    tags: list[tuple[str, str]] = [("citation_title", entry.title)]
    tags += [("citation_author", name) for name in authors]
    tags += [("citation_publication_date", day.strftime("%Y/%m/%d")),
             ("citation_online_date", day.strftime("%Y/%m/%d")),
             ("citation_journal_title", publication),
             ("citation_publisher", publication)]
    if entry.summary:
        tags.append(("citation_abstract", entry.summary))
    tags += [("citation_fulltext_html_url", url), ("citation_public_url", url),
             ("citation_language", language)]
    if keywords:
        tags.append(("citation_keywords", "; ".join(keywords)))
    if isinstance(series, dict):
        tags.append(("citation_series_title", series["name"]))
    tags += [("DC.title", entry.title)]
    tags += [("DC.creator", name) for name in authors]
    tags += [("DC.date", day.isoformat()), ("DC.publisher", publication),
             ("DC.type", "Text"), ("DC.format", "text/html"),
             ("DC.identifier", entry.identifier), ("DC.identifier", url),
             ("DC.language", language)]
    if entry.summary:
        tags.append(("DC.description", entry.summary))
    tags += [("DC.subject", keyword) for keyword in keywords]
    if article.source and article.source.url:
        tags.append(("DC.source", article.source.url))
    if article.copyright:
        tags.append(("DC.rights", article.copyright))
    tags += [("DCTERMS.issued", article.date.isoformat()),
             ("DCTERMS.modified", entry.updated.isoformat())]
    if isinstance(series, dict):
        tags.append(("DCTERMS.isPartOf", series["name"]))
    return tags
