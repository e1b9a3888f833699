"""folio/content/load.py: discover (every file, sorted; what cannot be read said, never
dropped), process (one file's bytes → a Loaded value and its body HTML) and assemble."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from folio.config import SiteConfig
from folio.content import load
from folio.content.load import (
    BodyLinks,
    Corpus,
    Loaded,
    LoadOptions,
    assemble,
    discover,
    find_bundles,
    hidden,
    process,
    read_all,
    with_bundles,
)
from folio.content.model import Article, Page, TermProfile
from folio.problems import Report

ARTICLE = b"---\ntitle: One\ndate: 2024-01-02\nauthors: [Jane]\n---\nBody with *emphasis*.\n"


def tree(root: Path, *files: str) -> Path:
    content = root / "content"
    for name in files:
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(ARTICLE)
    content.mkdir(exist_ok=True)
    return content


def found(content: Path) -> tuple[list[str], list[str]]:
    report = Report()
    sources = discover(str(content), "content", report)
    return [s.shown for s in sources], report.lines()


def test_every_markdown_file_sorted_by_path(tmp_path: Path) -> None:
    content = tree(tmp_path, "articles/b.md", "articles/a.md", "articles/sub/c.md",
                   "pages/about.md", "authors/jane.md", "articles/a-b.md", "articles/sub-z.md")
    shown, problems = found(content)
    assert shown == ["content/articles/a-b.md", "content/articles/a.md", "content/articles/b.md",
                     "content/articles/sub/c.md", "content/articles/sub-z.md",
                     "content/authors/jane.md",
                     "content/pages/about.md"]
    assert problems == []
    report = Report()
    first = discover(str(content), "content", report)[0]
    assert (first.folder, first.size) == ("articles", len(ARTICLE))
    assert first.path == str(content / "articles/a-b.md")


@pytest.mark.parametrize("name", [".a.md", "a.md~", ".git/x.md", "sub~/x.md", ".#a.md"])
def test_hidden_files_and_backups_are_skipped(tmp_path: Path, name: str) -> None:
    content = tree(tmp_path, "articles/kept.md", f"articles/{name}")
    assert found(content) == (["content/articles/kept.md"], [])
    assert hidden(f"articles/{name}")
    assert not hidden("articles/kept.md")


def test_a_dangling_link_is_an_error_naming_it(tmp_path: Path) -> None:
    content = tree(tmp_path, "articles/a.md")
    (content / "articles/gone.md").symlink_to(tmp_path / "nowhere.md")
    (content / "articles/loop.md").symlink_to(content / "articles/loop.md")
    shown, problems = found(content)
    assert shown == ["content/articles/a.md"]
    assert problems == [
        "content/articles/gone.md: cannot read link: No such file or directory (a dangling or "
        "looping symbolic link)",
        "content/articles/loop.md: cannot read link: Too many levels of symbolic links (a "
        "dangling or looping symbolic link)"]


def test_a_link_to_a_file_is_that_file_but_a_linked_folder_is_not_followed(
        tmp_path: Path) -> None:
    content = tree(tmp_path, "articles/a.md")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere/b.md").write_bytes(ARTICLE)
    (content / "articles/b.md").symlink_to(tmp_path / "elsewhere/b.md")
    (content / "articles/more").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    shown, problems = found(content)
    assert shown == ["content/articles/a.md", "content/articles/b.md"]
    assert problems == ["content/articles/more: a symbolic link to a folder is not followed; "
                        "move the files into content/"]


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    content = tree(tmp_path, "articles/a.md")
    os.mkfifo(content / "articles/pipe.md")
    assert found(content) == (["content/articles/a.md"], [
        "content/articles/pipe.md: not a regular file (a FIFO, socket or device): content files "
        "must be plain files"])


def test_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    content = tree(tmp_path, "articles/a.md")
    with open(os.fsencode(content / "articles") + b"/caf\xe9.md", "wb") as handle:
        handle.write(ARTICLE)
    shown, problems = found(content)
    assert shown == ["content/articles/a.md"]
    assert problems == ["content/articles/caf\\xe9.md: file name is not UTF-8; rename it"]


def test_files_that_are_not_articles_are_warned_of(tmp_path: Path) -> None:
    content = tree(tmp_path, "articles/a.md", "articles/notes.txt", "stray.md",
                   "authors/photo.jpg", "README")
    shown, problems = found(content)
    assert shown == ["content/articles/a.md"]
    assert problems == [
        "content/README: warning: not a Markdown file (.md), nor beside an article's index.md "
        "in a page bundle; ignored",
        "content/articles/notes.txt: warning: not a Markdown file (.md), nor beside an "
        "article's index.md in a page bundle; ignored",
        "content/stray.md: warning: Markdown files belong in articles/, pages/ or a taxonomy "
        "folder; ignored"]  # (a taxonomy folder may keep its pictures)


def test_folders_nested_too_deep(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "MAX_DEPTH", 2)
    content = tree(tmp_path, "articles/a/b.md", "articles/a/b/c.md")
    shown, problems = found(content)
    assert shown == ["content/articles/a/b.md"]
    assert problems == ["content/articles/a/b: folders nested more than 2 deep; content/ "
                        "holds articles/, pages/ and one folder per taxonomy"]


def test_a_missing_content_folder(tmp_path: Path) -> None:
    assert found(tmp_path / "content") == ([], ["content: content folder not found"])


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_an_unreadable_file(tmp_path: Path) -> None:  # pragma: no cover - not as root
    content = tree(tmp_path, "articles/a.md", "articles/b.md")
    (content / "articles/b.md").chmod(0)
    assert found(content) == (["content/articles/a.md"], [
        "content/articles/b.md: cannot read file: permission denied"])


CONFIG = SiteConfig()


def test_process_an_article() -> None:
    loaded, html = process(ARTICLE, "content/articles/a.md", "articles", CONFIG)
    assert loaded.kind == "article" and loaded.problems == ()
    assert isinstance(loaded.value, Article) and loaded.value.title == "One"
    assert loaded.value.body == ""  # the body is kept apart, as HTML
    assert html == "<p>Body with <em>emphasis</em>.</p>"
    assert loaded.rendered is not None
    assert (loaded.rendered.html, loaded.rendered.text) == ("", "")
    assert loaded.rendered.word_count == 3


def test_process_a_page_and_a_profile() -> None:
    page, html = process(b"---\ntitle: About\n---\nHello.\n", "content/pages/about.md", "pages",
                         CONFIG)
    assert page.kind == "page" and isinstance(page.value, Page) and html == "<p>Hello.</p>"
    profile, html = process(b"---\nname: Jane\n---\nBio.\n", "content/authors/jane.md",
                            "authors", CONFIG)
    assert profile.kind == "profile" and isinstance(profile.value, TermProfile)
    assert profile.value.taxonomy == "authors" and html == "<p>Bio.</p>"


def test_process_a_file_with_errors() -> None:
    loaded, html = process(b"---\ntitle: One\n---\nBody\n", "content/articles/a.md",
                           "articles", CONFIG)
    assert (loaded.kind, loaded.value, loaded.rendered, html) == ("", None, None, "")
    assert [str(p) for p in loaded.problems] == [
        "content/articles/a.md:1: missing required key 'date'",
        "content/articles/a.md:1: missing required key 'authors' (a list of names)"]
    binary, _ = process(b"\x00\x01\x02\x03" * 100, "content/articles/b.md", "articles", CONFIG)
    assert binary.kind == "" and "binary file" in str(binary.problems[0])


def test_what_the_sanitizer_removes_is_a_warning_at_its_line() -> None:
    data = ARTICLE + b"\nLine two.\n\n<script>alert(1)</script>\n"
    loaded, html = process(data, "content/articles/a.md", "articles", CONFIG)
    assert "<script" not in html and loaded.kind == "article"
    assert [str(p) for p in loaded.problems] == [
        "content/articles/a.md:10: warning: the sanitizer removed <script> with its content"]


def loaded_article(title: str, date: str, draft: bool = False) -> tuple[Loaded, str]:
    data = (f"---\ntitle: {title}\ndate: {date}\nauthors: [A]\ndraft: {str(draft).lower()}\n"
            "---\nBody\n").encode()
    return process(data, f"content/articles/{title}.md", "articles", CONFIG)


def test_assemble_leaves_out_drafts_and_articles_not_yet_due() -> None:
    now = time.time()
    files = [loaded_article("past", "2020-01-01"), loaded_article("draft", "2020-01-01", True),
             loaded_article("future", "2999-01-01"),
             process(b"---\ntitle: About\n---\nHi.\n", "content/pages/about.md", "pages",
                     CONFIG),
             process(b"---\nname: A\n---\nBio.\n", "content/authors/a.md", "authors", CONFIG),
             process(b"---\ntitle: broken\n---\nx\n", "content/articles/x.md", "articles",
                     CONFIG)]
    report = Report()
    corpus = assemble(files, LoadOptions(), now, report)
    assert [a.title for a, _ in corpus.articles] == ["past"]
    assert len(corpus.future_dates) == 1 and corpus.future_dates[0] > now
    assert [(p.title, r.html) for p, r in corpus.pages] == [("About", "<p>Hi.</p>")]
    assert [(p.name, html) for p, html in corpus.profiles] == [("A", "<p>Bio.</p>")]
    assert len(report.errors) == 2  # the broken file's problems are passed on
    every = assemble(files, LoadOptions(drafts=True, future=True), now, Report())
    assert [a.title for a, _ in every.articles] == ["past", "draft", "future"]
    assert every.future_dates == ()


def test_read_all_reads_each_file_in_order(tmp_path: Path) -> None:
    content = tree(tmp_path, "articles/b.md", "articles/a.md")
    report = Report()
    sources = discover(str(content), "content", report)
    (content / "articles/b.md").unlink()  # gone between discover and read
    read = [(source.shown, loaded.kind) for source, loaded, _ in
            read_all(sources, CONFIG, report)]
    assert read == [("content/articles/a.md", "article")]
    assert report.lines() == ["content/articles/b.md: cannot read file: No such file or "
                              "directory"]


def test_a_corpus_is_plain_frozen_data() -> None:
    corpus = Corpus(())
    assert (corpus.profiles, corpus.pages, corpus.future_dates) == ((), (), ())


def test_a_page_bundles_files_are_not_content_but_listed_as_its_own(tmp_path: Path) -> None:
    content = tree(tmp_path, "articles/a-trip/index.md", "articles/a-trip/more.md",
                   "articles/index.md", "articles/plain.md")
    for name in ("articles/a-trip/photo.jpg", "articles/a-trip/maps/route.png",
                 "articles/a-trip/.hidden.png", "articles/a-trip/photo.jpg~",
                 "articles/a-trip/inner/index.md", "articles/a-trip/inner/own.png",
                 "articles/loose.png"):
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_bytes(b"x" if not name.endswith(".md") else ARTICLE)
    shown, problems = found(content)
    assert shown == ["content/articles/a-trip/index.md",
                     "content/articles/a-trip/inner/index.md", "content/articles/a-trip/more.md",
                     "content/articles/index.md", "content/articles/plain.md"]
    assert problems == ["content/articles/loose.png: warning: not a Markdown file (.md), nor "
                        "beside an article's index.md in a page bundle; ignored"]
    bundles = find_bundles(str(content), "content")
    trip, inner = "content/articles/a-trip/index.md", "content/articles/a-trip/inner/index.md"
    assert [(f.article, f.relative, f.source) for f in bundles] == [  # by source
        (inner, "own.png", "articles/a-trip/inner/own.png"),  # a bundle in a bundle: its own
        (trip, "maps/route.png", "articles/a-trip/maps/route.png"),
        (trip, "photo.jpg", "articles/a-trip/photo.jpg")]
    corpus = with_bundles(Corpus(()), str(content), "content")
    assert len(corpus.bundles) == 3


def test_an_articles_references_are_its_relative_links_and_images() -> None:
    data = ARTICLE + (b"\n![A map](maps/route.png)\n\n[the data](data.csv) and "
                      b"[again](data.csv), [b](other.md), [w](https://x.org/), [r](/rooted/)\n")
    loaded, _ = process(data, "content/articles/a/index.md", "articles", CONFIG)
    assert isinstance(loaded.value, Article)
    assert loaded.value.references == (("maps/route.png", 8), ("data.csv", 10))


def test_the_links_of_a_file_with_errors_are_still_checked() -> None:
    data = b"---\ntitle: [unclosed\n---\nSee [b](b.md) and\n[c](c.md#x).\n"
    loaded, html = process(data, "content/articles/a.md", "articles", CONFIG)
    assert loaded.value is None and html == ""
    assert loaded.unread == BodyLinks("content/articles/a.md", 4, ("b.md", "c.md#x"), (0, 1))
    unclosed, _ = process(b"---\ntitle: x\n", "content/pages/p.md", "pages", CONFIG)
    assert unclosed.unread == BodyLinks("content/pages/p.md", 1, (), ())
    profile, _ = process(b"---\nnope: [\n---\n[b](b.md)\n", "content/authors/a.md", "authors",
                         CONFIG)
    assert profile.unread is None  # a profile's links are not content links
    corpus = assemble([(loaded, html), loaded_article("ok", "2020-01-01")], LoadOptions(),
                      time.time(), Report())
    assert corpus.unread == (loaded.unread,) and len(corpus.articles) == 1
