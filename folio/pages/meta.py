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
    }
    entry = context.get("article")
    term = context.get("term")
    if isinstance(entry, Entry):
        result.update(_article_meta(graph, entry))
    elif isinstance(term, dict) and "taxonomy" in term:
        found = graph.term_pages.get(term["url"])
        if found is not None:
            feeds.append({"type": "application/atom+xml", "title": f"{found.name} (Atom)",
                          "url": term_feed_url(found)})
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


def _article_meta(graph: SiteGraph, entry: Entry) -> dict[str, Any]:
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
    return {
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
