"""Folio's own Markdown extensions, each on its own: the list re-indenter, the HTML-block
splitter, the heading shift, code-label references, task boxes and the sanitizer's report."""

from __future__ import annotations

import markdown
import pytest

from folio.markup.headings import shift
from folio.markup.html_blocks import balanced, split_blocks
from folio.markup.lists import normalize
from folio.markup.sanitize import changes, sanitize


def lines(text: str) -> list[str]:
    return normalize(text.split("\n"))


def md(text: str, *extensions: str) -> str:
    return str(markdown.markdown(text, extensions=["sane_lists", *extensions]))


# --- folio.markup.lists -------------------------------------------------------------------

def test_nested_items_move_to_four_spaces_per_level() -> None:
    assert lines("- a\n  - b\n    - c\n- d") == ["- a", "    - b", "        - c", "- d"]
    assert lines("1. a\n   - b\n10. c\n    - d") == ["1. a", "    - b", "10. c", "    - d"]


def test_four_space_nesting_is_kept() -> None:
    assert lines("- a\n    - b") == ["- a", "    - b"]


def test_a_list_after_a_paragraph_line_gets_its_blank_line() -> None:
    assert lines("Intro:\n- a\n- b") == ["Intro:", "", "- a", "- b"]
    assert lines("Intro:\n1) a") == ["Intro:", "", "1. a"]


def test_what_cannot_interrupt_a_paragraph_stays_text() -> None:
    assert lines("In\n2019. it grew") == ["In", "2019. it grew"]
    assert lines("Title\n-") == ["Title", "-"]
    assert lines("Title\n---") == ["Title", "---"]


def test_fenced_code_moves_with_its_item_and_is_never_read_as_markdown() -> None:
    out = lines("- a:\n  ```\n  - not an item\n    kept indent\n  ```\n- b")
    assert out == ["- a:", "", "    ```", "    - not an item", "      kept indent", "    ```",
                   "", "- b"]


def test_a_fence_indented_at_the_margin_moves_to_it_with_its_lines() -> None:
    assert lines(" ```\n rustc -Z x\n<snip>\n ```\nafter") == ["```", "rustc -Z x", "<snip>",
                                                              "```", "", "after"]


def test_continuation_lines_stay_in_the_paragraph_of_their_item() -> None:
    assert lines("- a\nlazy\n- b\n  more") == ["- a", "lazy", "- b", "more"]
    assert lines("- a\n\n  second paragraph\n- b") == ["- a", "", "    second paragraph", "",
                                                       "- b"]


def test_text_outside_the_items_after_a_blank_line_ends_the_list() -> None:
    assert lines("- a\n\nafter\n  - b") == ["- a", "", "after", "", "- b"]


def test_indented_code_at_the_top_is_left_alone() -> None:
    assert lines("Text\n\n    - code, not a list\n") == ["Text", "", "    - code, not a list",
                                                           ""]


def test_the_extension_gives_python_markdown_nested_lists() -> None:
    out = md("Intro:\n* a\n  * b\n* c\n", "folio.markup.lists")
    assert out == ("<p>Intro:</p>\n<ul>\n<li>a<ul>\n<li>b</li>\n</ul>\n</li>\n<li>c</li>\n"
                   "</ul>")


# --- folio.markup.html_blocks -------------------------------------------------------------

def stash(lines_in: list[str]) -> tuple[list[str], list[str]]:
    stored: list[str] = []

    def store(block: str) -> str:
        stored.append(block)
        return f"@{len(stored)}@"

    return split_blocks(lines_in, store), stored


def test_open_html_blocks_end_at_a_blank_line() -> None:
    out, stored = stash(["<details>", "<summary>S</summary>", "", "* item", "", "</details>"])
    assert stored == ["<details>\n<summary>S</summary>", "</details>"]
    assert out == ["", "@1@", "", "", "* item", "", "", "@2@", ""]


def test_comments_and_raw_elements_end_at_their_closing_marker() -> None:
    out, stored = stash(["<!-- a", "", "b -->", "<pre>", "x", "", "y</pre>", "text"])
    assert stored == ["<!-- a\n\nb -->", "<pre>\nx\n\ny</pre>"]
    assert out[-1] == "text"


def test_balanced_blocks_and_indented_lines_are_left_to_python_markdown() -> None:
    block = ['<p align="center">Hi</p> **x**', "", "    <div>", "", "Text <b>bold</b>"]
    assert stash(block) == (block, [])


def test_a_lone_inline_tag_cannot_interrupt_a_paragraph() -> None:
    assert stash(["Text", "<span>", "more"])[1] == []
    assert stash(["<span>", "more", "", "after"])[1] == ["<span>\nmore"]  # left open
    assert stash(["", "<a name='x'>", "text", "", "after"])[1] == ["<a name='x'>\ntext"]


@pytest.mark.parametrize(("block", "expected"), [
    ("<div><p>x</p></div>", True), ("<div>\n<br>", False), ("</details>", False),
    ("<img src=x><hr/>", True), ("<p>a <b>b</p>", True),
])
def test_balanced(block: str, expected: bool) -> None:
    assert balanced(block) is expected


def test_markdown_attribute_hands_the_document_to_md_in_html() -> None:
    out = md('<div markdown="1">\n*a*\n</div>\n\n<details>\n\n*b*\n\n</details>',
             "md_in_html", "folio.markup.html_blocks")
    assert "<em>a</em>" in out and "*b*" in out


# --- folio.markup.headings ----------------------------------------------------------------

@pytest.mark.parametrize(("levels", "shifted"), [
    ([], []), ([2, 3, 3, 2], [2, 3, 3, 2]), ([3, 4, 3], [2, 3, 2]), ([1, 2, 1], [2, 3, 2]),
    ([2, 4, 6], [2, 3, 4]), ([4, 2, 3], [2, 2, 3]), ([1, 6], [2, 3]),
])
def test_shift(levels: list[int], shifted: list[int]) -> None:
    assert shift(levels) == shifted


def test_raw_html_headings_shift_with_the_markdown_ones() -> None:
    from folio.markup.headings import shift_headings

    html = '<h4 id="a">A</h4><p>x</p><H5 class="c">B</H5><pre><code>&lt;h1&gt;</code></pre>'
    assert shift_headings(html) == ('<h2 id="a">A</h2><p>x</p><h3 class="c">B</h3>'
                                    "<pre><code>&lt;h1&gt;</code></pre>")
    assert shift_headings("<h2>A</h2><header>x</header>") == "<h2>A</h2><header>x</header>"


def test_the_shift_keeps_tocs_ids() -> None:
    out = md("### A b\n\n##### C", "toc", "folio.markup.headings")
    assert out == '<h2 id="a-b">A b</h2>\n<h3 id="c">C</h3>'


# --- folio.markup.code_refs and folio.markup.tasks ----------------------------------------

def test_code_labels_resolve_and_other_references_still_work() -> None:
    out = md("[`a`], [b], ![`i`]\n\n[`a`]: /a\n[b]: /b\n[`i`]: /i.png", "folio.markup.code_refs")
    assert '<a href="/a"><code>a</code></a>' in out and '<a href="/b">b</a>' in out
    assert '<img alt="i" src="/i.png" />' in out


def test_task_boxes_become_labelled_glyphs() -> None:
    out = md("- [x] a\n- [ ] b", "pymdownx.tasklist", "folio.markup.tasks")
    assert out.count('class="task-box" role="img"') == 2 and "<input" not in out


# --- folio.markup.sanitize ----------------------------------------------------------------

def test_changes_is_none_when_only_comments_go() -> None:
    assert changes("<p>a<!-- <script>x</script> --></p><table><tr>"
                   '<td style="text-align: left;">1</td></tr></table>') is None


def test_changes_names_each_kind_once_with_counts() -> None:
    found = changes('<p onclick="a" onclick2="b">x</p><script>1</script><script>2</script>'
                    '<a href="JavaScript:x">y</a><img src="data:image/png;base64,AA">'
                    '<td style="text-align:left; color: red">z</td><font>f</font>')
    assert found is not None
    message, needle = found
    assert message == ("the sanitizer removed <font>, <script> ×2 with its content; "
                       "a data: URL, a javascript: URL, an onclick attribute, "
                       "an onclick2 attribute, style (color)")
    assert needle == "onclick"


def test_role_is_kept_only_as_the_task_boxes_use_it() -> None:
    fragment = '<span role="img" aria-label="done">☑</span><span role="button">b</span>'
    assert sanitize(fragment) == '<span role="img" aria-label="done">☑</span><span>b</span>'
    found = changes(fragment)
    assert found is not None and found[0] == "the sanitizer removed a role attribute"


def test_counts_read_as_plurals() -> None:
    found = changes('<a target="_blank" href="x">1</a><a target="_top" href="data:,">2</a>')
    assert found is not None
    assert found[0] == "the sanitizer removed a data: URL, target attributes ×2"


def test_many_styles_make_one_short_item() -> None:
    fragment = "".join(f'<p style="{p}: 1; margin: 0">x</p>' for p in "abcdef")
    found = changes(fragment)
    assert found is not None
    assert found[0] == "the sanitizer removed style ×6 (a, b, c, d, …)"


def test_the_report_agrees_with_what_sanitize_does() -> None:
    fragment = '<p style="color:red">x</p><noscript><b>n</b></noscript><u onclick="x">u</u>'
    clean = sanitize(fragment)
    assert clean == "<p>x</p><u>u</u>"
    found = changes(fragment)
    assert found is not None and "<noscript> with its content" in found[0]


@pytest.mark.parametrize(("text", "expected"), [
    ("Plain **text**, [a link](https://example.org) and (note: this).", True),
    ("Plain **text**, [a link](https://example.org), <https://x.org>.", True),
    ("Plain **text** and [a link](https://example.org/a:b).", False),
    ("[js](javascript:alert(1))", True), ("[d]: data:text/html,x", True),
    ("See ftp://files.example.org/", True), ("Para\n{: onclick=\"x\" }", True),
    ("Use <b>bold</b>", True), ("`code` and https://example.org only", False),
])
def test_may_change_looks_only_where_markdown_can_make_unsafe_html(text: str,
                                                                  expected: bool) -> None:
    from folio.markup.sanitize import may_change

    assert may_change(text) is expected
