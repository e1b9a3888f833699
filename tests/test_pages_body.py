"""folio/pages/body.py: a body as its page shows it: read from the store only when
rendered, `.md` links resolved relative to the page, sanitized again, tables and code in
scrolling boxes."""

from __future__ import annotations

from html.parser import HTMLParser

from folio.markup import to_html
from folio.pages.body import Body, body, scroll_boxes

PATH = "content/articles/x.md"
TARGETS = {PATH: "/articles/x/", "content/articles/other.md": "/articles/other/",
           "content/pages/about.md": "/about/"}


class Store(dict[str, str]):
    """Bodies by content path, counting reads."""

    reads = 0

    def __getitem__(self, path: str) -> str:
        self.reads += 1
        return super().__getitem__(path)


def shown(markdown: str, url: str = "/articles/x/", trusted: bool = False) -> tuple[Body, Store]:
    rendered = to_html(markdown, trusted)
    store = Store({PATH: rendered.html})
    return body(store, PATH, url, rendered.links, TARGETS, trusted), store


class Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.anchors: list[list[tuple[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.anchors.append(attrs)


def anchors(html: str) -> list[list[tuple[str, str | None]]]:
    parser = Anchors()
    parser.feed(html)
    return parser.anchors


def test_links_to_content_lead_to_their_pages_from_where_the_body_is_shown() -> None:
    found, _ = shown("[o](other.md), [a](../pages/about.md#team), [m](missing.md), "
                     "[w](https://x.org/a.md)")
    assert found.links == (("other.md", "/articles/other/"),
                           ("../pages/about.md#team", "/about/#team"))
    assert anchors(found.__html__()) == [[("href", "../other/")], [("href", "../../about/#team")],
                                         [("href", "missing.md")],
                                         [("href", "https://x.org/a.md")]]
    elsewhere, _ = shown("[o](other.md)", url="/")
    assert anchors(str(elsewhere)) == [[("href", "articles/other/")]]


def test_a_quote_in_a_fragment_stays_inside_the_href() -> None:
    found, _ = shown('[x](<other.md#a" onmouseover="alert(1)>)')
    (attrs,) = anchors(found.__html__())
    assert attrs == [("href", "../other/#a%22%20onmouseover=%22alert(1)")]


def test_the_body_is_read_only_when_shown() -> None:
    found, store = shown("Text.")
    assert store.reads == 0
    assert found.__html__() == "<p>Text.</p>" and store.reads == 1


def test_a_pages_own_html_needs_no_store() -> None:
    page = body({}, "content/pages/about.md", "/about/", ("../articles/other.md",), TARGETS,
                False, '<p><a href="../articles/other.md">o</a></p>')
    assert str(page) == '<p><a href="../articles/other/">o</a></p>'


def test_what_resolving_lets_in_is_sanitized_again() -> None:
    store = {PATH: '<p><a href="other.md">o</a><script>alert(1)</script>'
                   '<img src="x" onerror="alert(1)"></p>'}
    html = body(store, PATH, "/articles/x/", ("other.md",), TARGETS, False).__html__()
    assert "script" not in html and "onerror" not in html and 'href="../other/"' in html


def test_a_trusted_site_keeps_its_raw_html() -> None:
    store = {PATH: '<p><a href="other.md">o</a><span style="color:red">r</span></p>'}
    html = body(store, PATH, "/articles/x/", ("other.md",), TARGETS, True).__html__()
    assert html == '<p><a href="../other/">o</a><span style="color:red">r</span></p>'
    assert "style" not in body(store, PATH, "/articles/x/", (), TARGETS, False).__html__()


def test_only_hrefs_are_rewritten() -> None:
    store = {PATH: '<p><a title="other.md" href="other.md">other.md</a></p>'}
    html = body(store, PATH, "/articles/x/", ("other.md",), TARGETS, False).__html__()
    assert html == '<p><a title="other.md" href="../other/">other.md</a></p>'


def test_tables_and_code_scroll_in_their_own_box() -> None:
    found, _ = shown("| a |\n|---|\n| b |\n\n```\ncode\n```\n")
    html = found.__html__()
    assert html.startswith('<div class="scroll-box" tabindex="0"><table>')
    assert "</table></div>" in html and '<pre tabindex="0">' in html
    assert scroll_boxes("<p>plain</p>") == "<p>plain</p>"


def test_an_ampersand_in_a_resolved_link_is_written_as_an_entity() -> None:
    found, _ = shown("[x](other.md#a&b)", trusted=True)  # no sanitizer to tidy it up after
    assert found.__html__() == '<p><a href="../other/#a&amp;b">x</a></p>'


def test_an_attribute_that_ends_in_href_is_left_alone() -> None:
    store = {PATH: '<p><a data-href="other.md" href="other.md">o</a></p>'}
    html = body(store, PATH, "/articles/x/", ("other.md",), TARGETS, True).__html__()
    assert html == '<p><a data-href="other.md" href="../other/">o</a></p>'
