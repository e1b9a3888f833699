"""Markdown as authors who write for GitHub expect it: lists, code, HTML blocks, reference
links, headings under the page's title, the sanitizer's report, and the text that
summaries are made from. Where GitHub's renderer (cmark-gfm) is installed, the shapes are
also checked against it."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from folio.config import parse_config
from folio.content.load import process
from folio.markup import EXTENSION_CONFIGS, EXTENSIONS, SETTINGS_KEY, to_html
from folio.markup.convert import settings_key
from folio.problems import Report

REPO = Path(__file__).resolve().parent.parent


class Tags(HTMLParser):
    """Start tags (and their attributes) of a fragment, and its text outside code."""

    def __init__(self, fragment: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._code = 0
        self.feed(fragment)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._code += tag in {"pre", "code"}

    def handle_endtag(self, tag: str) -> None:
        self._code -= tag in {"pre", "code"} and self._code > 0

    def handle_data(self, data: str) -> None:
        if not self._code:
            self.text.append(data)

    def count(self, *names: str) -> int:
        return sum(1 for tag, _ in self.tags if tag in names)

    def visible(self) -> str:
        return "".join(self.text)


def html(text: str) -> str:
    return to_html(text).html


def shape(fragment: str) -> Counter[str]:
    """The structure that GitHub's and Folio's renderings of a text should share."""
    tags = Tags(fragment)
    kinds = {"ul": "list", "ol": "list", "li": "item", "pre": "code", "table": "table",
             "a": "link", "del": "del", "blockquote": "quote", "img": "image",
             **{f"h{n}": "heading" for n in range(1, 7)}}
    found = Counter(kinds[tag] for tag, _ in tags.tags if tag in kinds)
    text = tags.visible()
    found["literal"] = sum(text.count(m) for m in ("**", "```", "](")) + len(
        re.findall(r"(?m)^\s*[*+-] \S", text))
    return found


# --- lists --------------------------------------------------------------------------------

def test_a_list_right_after_a_paragraph_line_is_a_list() -> None:
    tags = Tags(html("Highlights:\n- faster builds\n- smaller pages\n"))
    assert tags.count("ul") == 1 and tags.count("li") == 2
    assert tags.count("p") == 1 and "- faster" not in tags.visible()


def test_an_ordered_list_interrupts_a_paragraph_only_from_one() -> None:
    assert Tags(html("Steps:\n1. first\n2. second\n")).count("ol") == 1
    tags = Tags(html("It grew in\n2019. The year after, it shrank.\n"))
    assert tags.count("ol") == 0 and "2019. The year" in tags.visible()


@pytest.mark.parametrize("indent", [2, 4])
def test_lists_nested_by_two_or_four_spaces_nest(indent: str) -> None:
    pad = " " * int(indent)
    body = f"- top\n{pad}- child\n{pad}{pad}- grandchild\n- next\n"
    fragment = html(body)
    assert re.search(r"<li>top<ul>\s*<li>child<ul>\s*<li>grandchild</li>", fragment), fragment
    assert Tags(fragment).count("ul") == 3 and Tags(fragment).count("li") == 4


def test_items_under_a_numbered_item_nest_from_its_text_column() -> None:
    fragment = html("1. one\n   - under one\n2. two\n    - under two\n")
    assert fragment.count("<ul>") == 2 and fragment.count("<ol>") == 1


def test_fenced_code_inside_list_items_survives() -> None:
    body = ("1. Install:\n   ```bash\n   pip install folio\n   ```\n2. Build:\n\n"
            "   ```python\n   build()\n   ```\n3. Done.\n\n- nested\n  - deeper:\n\n"
            "    ```\n    deep code\n    ```\n")
    fragment = html(body)
    tags = Tags(fragment)
    assert tags.count("pre") == 3 and "```" not in tags.visible()
    assert tags.count("ol") == 1 and tags.count("li") == 5
    assert "pip" in fragment and "deep code" in fragment
    assert re.search(r"<li>\s*<p>Build:</p>\s*<div class=\"highlight\">", fragment)


# --- code, strikethrough, tasks, links ----------------------------------------------------

def test_code_is_highlighted_with_classes_that_survive_the_sanitizer() -> None:
    fragment = html('```python\ndef f(x):\n    return "x"\n```\n')
    assert '<div class="highlight"><pre>' in fragment
    assert re.search(r'<span class="k">def</span>', fragment)
    assert re.search(r'<span class="s2">', fragment)
    assert "style=" not in fragment


def test_strikethrough_tasks_and_bare_urls() -> None:
    rendered = to_html("A ~~gone~~ word, see https://example.org/x.\n\n"
                       "- [x] written\n- [ ] reviewed\n")
    fragment = rendered.html
    assert "<del>gone</del>" in fragment
    assert '<a href="https://example.org/x">https://example.org/x</a>' in fragment
    assert 'aria-label="done">☑' in fragment and 'aria-label="not done">☐' in fragment
    assert "<input" not in fragment and rendered.warnings == ()


def test_reference_links_whose_label_is_code_resolve() -> None:
    body = ("Run [`fmt`], [`Build.py`][] or [the tool][`fmt`]; [`missing`] stays.\n\n"
            "[`fmt`]: https://example.org/fmt\n[`build.py`]: https://example.org/build\n")
    fragment = html(body)
    assert '<a href="https://example.org/fmt"><code>fmt</code></a>' in fragment
    assert '<a href="https://example.org/build"><code>Build.py</code></a>' in fragment
    assert '<a href="https://example.org/fmt">the tool</a>' in fragment
    assert "[<code>missing</code>]" in fragment


def test_footnotes_are_kept() -> None:
    fragment = html("A claim.[^1]\n\n[^1]: The source.\n")
    assert '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>' in fragment
    assert '<div class="footnote">' in fragment and '<li id="fn:1">' in fragment


# --- HTML blocks ------------------------------------------------------------------------

def test_markdown_inside_details_after_a_blank_line_is_rendered() -> None:
    body = ("<details>\n<summary>Changes</summary>\n\n* **bold** and [a link](https://x.org)"
            "\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n</details>\n")
    fragment = html(body)
    tags = Tags(fragment)
    assert tags.count("details", "summary", "ul", "strong", "a", "table") == 6
    assert "**" not in tags.visible() and "](" not in tags.visible()
    assert fragment.index("<summary>") < fragment.index("<ul>") < fragment.index("</details>")


def test_markdown_between_other_block_tags_is_rendered() -> None:
    fragment = html('<div align="center">\n\n# Project\n\n</div>\n\n'
                    "<blockquote>\n\nQuoted **text**\n\n</blockquote>\n")
    assert re.search(r"<div>\s*<h2 id=\"project\">Project</h2>\s*</div>", fragment)
    assert re.search(r"<blockquote>\s*<p>Quoted <strong>text</strong></p>\s*</blockquote>",
                     fragment)


def test_markdown_after_a_closed_html_element_on_its_line_still_renders() -> None:
    fragment = html('<p title="x">Hover</p> <b>Bold</b> [fine](https://example.org/ok)\n')
    assert '<a href="https://example.org/ok">fine</a>' in fragment


# --- headings -----------------------------------------------------------------------------

def test_a_line_starting_hash_word_is_not_a_heading() -> None:
    fragment = html("The campaign ran under\n#StandWithUs for months.\n\n#tag\n")
    assert "<h" not in fragment.replace("<hr", "") and "#StandWithUs" in fragment


@pytest.mark.parametrize(("body", "levels"), [
    ("### First\n\ntext\n\n#### Under\n\n### Second\n", [2, 3, 2]),
    ("# Title\n\n## Part\n", [2, 3]),
    ("## A\n\n#### Skips\n\n## B\n", [2, 3, 2]),
    ("#### Starts deep\n\n## Then high\n\n### Between\n", [2, 2, 3]),
    ("## Already right\n\n### Fine\n", [2, 3]),
    ("<h3>Exported</h3>\n\n<p>Text</p>\n\n#### Markdown under it\n", [2, 3]),
])
def test_body_headings_start_at_h2_and_never_skip_a_level(body: str, levels: list[int]) -> None:
    found = [int(tag[1]) for tag, _ in Tags(html(body)).tags if re.fullmatch(r"h[1-6]", tag)]
    assert found == levels


def test_heading_ids_come_from_the_text_not_the_level() -> None:
    assert '<h2 id="the-deep-title">The deep title</h2>' in html("### The deep title\n")
    assert '<h2 id="custom">Kept</h2>' in html("#### Kept {#custom}\n")


# --- the sanitizer and its report ---------------------------------------------------------

def test_what_the_sanitizer_removes_is_reported_once_with_its_line() -> None:
    body = ("Intro.\n\nText <span onclick=\"steal()\" style=\"color: red\">red</span>.\n\n"
            "<script>alert(1)</script>\n\n[js](javascript:alert(2))\n\n"
            '<iframe src="https://video.example/"></iframe>\n')
    rendered = to_html(body)
    assert len(rendered.warnings) == 1
    line, message = rendered.warnings[0]
    assert line == 2  # 0-based: the line of the first thing removed
    for part in ("<script> with its content", "<iframe> with its content",
                 "an onclick attribute", "style (color)", "a javascript: URL"):
        assert part in message, message
    assert not re.search(r"steal|alert|<script|<iframe|javascript|style=", rendered.html)


def test_noscript_goes_whole_not_as_visible_text() -> None:
    rendered = to_html('<figure><img src="a.jpg" alt="A"><noscript><img src="a.jpg" '
                       'alt="A"></noscript></figure>\n\nAfter.\n')
    assert "noscript" not in rendered.html and "&lt;img" not in rendered.html
    assert rendered.html.count("<img") == 1
    assert "<noscript> with its content" in rendered.warnings[0][1]


def test_table_alignment_survives_and_other_styles_do_not() -> None:
    rendered = to_html("| left | right | centre |\n| :-- | --: | :-: |\n| 1 | 2 | 3 |\n\n"
                       '<p style="font-size: 40px; text-align: center">Big</p>\n')
    fragment = rendered.html
    assert '<th style="text-align:left">' in fragment
    assert '<td style="text-align:right">' in fragment
    assert '<td style="text-align:center">' in fragment
    assert "font-size" not in fragment and "<p>Big</p>" in fragment
    assert rendered.warnings[0][1] == "the sanitizer removed style (font-size, text-align)"


def test_everything_folio_itself_writes_passes_without_a_warning() -> None:
    body = ("## Head\n\nText[^1] with `code`, ~~old~~, https://example.org and **bold**.\n\n"
            "| a | b |\n| :- | -: |\n| 1 | 2 |\n\n- [x] done\n\n```python\nx = 1\n```\n\n"
            "*[HTML]: HyperText\n\nTerm\n: definition\n\n[^1]: Note.\n")
    assert to_html(body).warnings == ()


def test_trusted_html_is_neither_sanitised_nor_reported() -> None:
    rendered = to_html("<script>x()</script>\n", trust_html=True)
    assert "<script>x()</script>" in rendered.html and rendered.warnings == ()


def test_the_loader_reports_the_warning_at_its_file_line() -> None:
    config = parse_config((REPO / "site.toml").read_text(encoding="utf-8"), "site.toml",
                          Report())
    text = ("---\ntitle: T\ndate: 2024-01-02\nauthors: [A]\n---\n\nFirst.\n\n"
            "<script>x()</script>\n")
    loaded, page = process(text.encode(), "content/articles/t.md", "articles", config)
    warnings = [(p.line, p.message) for p in loaded.problems]
    assert len(warnings) == 1 and warnings[0][0] == 9
    assert "<script>" in warnings[0][1] and "<script" not in page


# --- text for summaries, counts and similarity --------------------------------------------

def test_summaries_and_counts_leave_out_footnote_markers_code_and_html() -> None:
    body = ("![badge](https://example.org/b.svg)\n\nA claim[^1]--and <em>another</em>."
            "\n\n```python\nsecret_identifier = 1\n```\n\n- [ ] task\n\n[^1]: A note.\n")
    rendered = to_html(body)
    assert rendered.first_paragraph == "A claim--and another."
    assert "secret_identifier" not in rendered.text and "note" not in rendered.text
    assert "☐" not in rendered.text and "1--and" not in rendered.text
    assert rendered.word_count == len(rendered.text.split()) == 4
    assert "secret_identifier" not in rendered.signature


# --- determinism, cost and the cache key --------------------------------------------------

def test_conversion_is_deterministic_and_forgets_the_previous_text() -> None:
    first = "Use [`x`].[^1]\n\n[`x`]: https://example.org/x\n[^1]: Note.\n"
    assert to_html(first) == to_html(first)
    later = to_html("Use [`x`].\n").html
    assert "example.org" not in later and "footnote" not in later


def test_the_settings_key_changes_with_the_extensions_and_their_settings() -> None:
    assert settings_key(EXTENSIONS, EXTENSION_CONFIGS) == SETTINGS_KEY
    assert settings_key(EXTENSIONS[:-1], EXTENSION_CONFIGS) != SETTINGS_KEY
    changed = {**EXTENSION_CONFIGS, "toc": {"permalink": True}}
    assert settings_key(EXTENSIONS, changed) != SETTINGS_KEY


# --- against GitHub's renderer ------------------------------------------------------------

GITHUB_CASES = {
    "list after a paragraph": "Intro:\n- a\n- b\n",
    "nested by two": "* a\n  * b\n    * c\n* d\n",
    "nested by four": "1. a\n    - b\n    - c\n2. d\n",
    "code in items": "- x:\n\n  ```sh\n  ls\n  ```\n- y\n",
    "details": "<details>\n<summary>S</summary>\n\n- **a**\n- [b](https://b.org)\n\n</details>\n",
    "code labels": "See [`a`].\n\n[`a`]: https://a.org\n",
    "hash word": "Tagged\n#word here\n",
    "table": "| a | b |\n| --- | ---: |\n| 1 | 2 |\n",
    "strike and url": "~~no~~ https://example.org\n",
    "quote with list": "> quoted\n>\n> - one\n> - two\n",
}


@pytest.mark.parametrize("name", GITHUB_CASES)
def test_shapes_match_githubs_renderer(name: str) -> None:
    cmarkgfm = pytest.importorskip("cmarkgfm")
    text = GITHUB_CASES[name]
    github = cmarkgfm.github_flavored_markdown_to_html(text)
    ours = shape(html(text))
    theirs = shape(github)
    ours["heading"] = theirs["heading"] = 0  # levels shift by design; counted above
    assert ours == theirs, (github, html(text))


# --- highlight.css ------------------------------------------------------------------------

def luminance(colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(colour[i:i + 2], 16) / 255) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_highlighted_code_reads_in_both_schemes() -> None:
    static = REPO / "folio/theme" / "static"
    style = (static / "style.css").read_text(encoding="utf-8")
    light_bg, dark_bg = re.findall(r"--surface: #([0-9a-f]{6})", style)[:2]
    css = (static / "highlight.css").read_text(encoding="utf-8")
    media = css.index("@media (prefers-color-scheme: dark)")
    chosen = css.index(':root[data-theme="dark"]')
    light, dark_system, dark_chosen = css[:media], css[media:chosen], css[chosen:]
    assert "asset('highlight.css')" in (REPO / "folio/theme/base.html").read_text()
    for block, background in ((light, light_bg), (dark_system, dark_bg), (dark_chosen, dark_bg)):
        colours = re.findall(r"\.highlight \.(\w+) \{[^}]*color: #([0-9a-f]{6})", block)
        assert len(colours) > 40
        for token, colour in colours:
            assert contrast(colour, background) >= 4.5, (token, colour, background)
    light_classes = set(re.findall(r"\.highlight \.(\w+) \{", light))
    assert light_classes <= set(re.findall(r"\.highlight \.(\w+) \{", dark_system))
    assert light_classes <= set(re.findall(r"\.highlight \.(\w+) \{", dark_chosen))
    assert ':root:not([data-theme="light"]) .highlight' in dark_system


def test_attributes_from_attr_list_and_ftp_links_are_reported_too() -> None:
    rendered = to_html('A paragraph.\n{: onclick="steal()" }\n\nSee ftp://files.example.org/.\n')
    assert "onclick" not in rendered.html and 'href="ftp:' not in rendered.html
    message = rendered.warnings[0][1]
    assert "an onclick attribute" in message and "ftp: URL" in message
