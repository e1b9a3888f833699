"""Paragraph ids and ¶ links: stable under edits elsewhere, unique, and every link resolves."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

from conftest import SiteProject
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from folio.markup import to_html
from folio.pages.anchors import add_anchors, paragraph_id

URL = "/articles/a-long-read/"
BODY = """First, the claim.

> A quotation, with *emphasis*.

- one item
- another item
    - a nested item

Second, the evidence.

Second, the evidence.

![A map](map.png)

Third, the conclusion[^1].

[^1]: A footnote.
"""


class Ids(HTMLParser):
    """Every id in a page and every ¶ link's target, read by an HTML parser."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.links: list[tuple[str, str, str]] = []  # (href, aria-label, data-para)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.append(str(found["id"]))
        if tag == "a" and found.get("class") == "para-link":
            self.links.append((str(found["href"]), str(found["aria-label"]),
                               str(found["data-para"])))


def read(html: str) -> Ids:
    parser = Ids()
    parser.feed(html)
    return parser


def anchors(html: str) -> dict[str, str]:
    """Each anchored element's id → its text (the ¶ left out)."""
    found = re.findall(r'<(?:p|li) id="(p-[0-9a-f-]+)">(.*?) <a class="para-link"', html, re.S)
    return {anchor: re.sub(r"<[^>]+>", "", text) for anchor, text in found}


def write(project: SiteProject, body: str) -> None:
    project.write("content/articles/long.md",
                  f"---\ntitle: A long read\ndate: 2024-01-01\nauthors: [Ann]\n---\n{body}")


def test_every_paragraph_quote_and_item_gets_an_id_and_a_link(project: SiteProject) -> None:
    write(project, BODY)
    assert not project.build().report.failed
    page = read(project.page(URL))
    assert len(page.ids) == len(set(page.ids))  # no id twice on the page
    targets = [href[1:] for href, _, _ in page.links]
    assert set(targets) <= set(page.ids)  # every ¶ link resolves
    texts = anchors(project.page(URL))
    assert list(texts.values()) == [
        "First, the claim.", "A quotation, with emphasis.", "one item", "another item",
        "a nested item", "Second, the evidence.", "Second, the evidence.", "",
        "Third, the conclusion1."]
    assert [label for _, label, _ in page.links][:2] == [
        "Paragraph 1: link and citation", "Paragraph 2: link and citation"]
    duplicate = [a for a, t in texts.items() if t == "Second, the evidence."]
    assert duplicate[1] == duplicate[0] + "-2"
    assert "fn:1" in page.ids and len(targets) == 9  # the footnote keeps its own


def test_ids_survive_a_paragraph_added_above_and_edits_elsewhere(project: SiteProject) -> None:
    write(project, BODY)
    assert not project.build().report.failed
    before = anchors(project.page(URL))
    write(project, "A new opening paragraph.\n\n" + BODY.replace(
        "Third, the conclusion", "Third, and last, the conclusion"))
    result = project.build()
    assert result.patched == 1  # a body edit: the patch build must move the ids too
    after = anchors(project.page(URL))
    kept = {a: t for a, t in before.items() if "conclusion" not in t}
    assert kept.items() <= after.items()
    assert len(after) == len(before) + 1
    numbers = re.findall(r'data-para="(\d+)"', project.page(URL))
    assert numbers == [str(n) for n in range(1, len(after) + 1)]  # the numbers move on


def test_an_id_ignores_case_punctuation_and_spacing() -> None:
    assert paragraph_id("Second, the evidence.") == paragraph_id("second the  evidence!")
    assert paragraph_id("<em>Second</em>, the evidence") == paragraph_id("Second, the evidence")
    assert paragraph_id("Second, the evidence.") != paragraph_id("Second, the proof.")


def test_an_id_written_in_the_body_is_kept_and_never_taken_twice() -> None:
    html = add_anchors('<p id="key">Mine.</p><p>Text.</p><h2 id="p-49ffda2e">x</h2>'
                       "<p>Text.</p>")
    ids = re.findall(r' id="([^"]*)"', html)
    assert ids[0] == "key" and len(ids) == len(set(ids)) == 4
    assert 'href="#key"' in html


def test_html_that_is_not_well_formed_is_left_alone() -> None:
    assert add_anchors("<p>open<p>still open") == "<p>open<p>still open"
    assert add_anchors("</p></li>text") == "</p></li>text"
    assert add_anchors("") == ""


def test_the_paragraph_citation_is_on_the_page(built_archive: SiteProject) -> None:
    html = built_archive.page("/articles/commentary-number-5-on-economy/")
    pattern = re.search(r'<template id="paragraph-citation">(.*?)</template>', html, re.S)
    assert pattern is not None
    assert unescape(pattern[1]) == ("Jane Doe and Sergeï Müller-Øström, \"Commentary Number 5: On "
                          "Economy,\" <i>Global Research</i>, June 16, 2024, para. {para}, "
                          "{url}.")


WORDS = st.text(alphabet=st.characters(categories=("L", "N"), max_codepoint=0x2FF),
                min_size=1, max_size=12)
PARAGRAPHS = st.lists(st.lists(WORDS, min_size=1, max_size=8).map(" ".join), min_size=1,
                      max_size=8, unique_by=lambda t: " ".join(t.casefold().split()))


@given(PARAGRAPHS, st.lists(WORDS, min_size=1, max_size=8).map(" ".join),
       st.integers(min_value=0, max_value=8))
@settings(max_examples=60, deadline=None)
def test_adding_a_paragraph_anywhere_keeps_every_other_id(
    paragraphs: list[str], new: str, at: int
) -> None:
    def ids(texts: list[str]) -> dict[str, str]:
        html = to_html("\n\n".join(texts)).html
        return {re.sub(r"<[^>]+>", "", text): anchor for anchor, text in
                re.findall(r'<p id="(p-[0-9a-f-]+)">(.*?) <a class="para-link"',
                           add_anchors(html), re.S)}

    assume(all(" ".join(new.casefold().split()) != " ".join(p.casefold().split())
               for p in paragraphs))
    before = ids(paragraphs)
    after = ids([*paragraphs[:at], new, *paragraphs[at:]])
    assert {t: a for t, a in after.items() if t in before} == before
