"""folio/incremental/digest.py: digests of what a page or file is made of. An Entry stands
for its mark and is recorded as read; a Body for its content key, links and page; a
Deferred for its inputs; the settings for one digest; anything unknown is refused."""

from __future__ import annotations

import dataclasses
import enum
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from markupsafe import Markup

from folio.config import DEFAULT_TAXONOMIES, SiteConfig
from folio.content.model import Article
from folio.graph.model import Entry, SiteGraph, Term, TermLink
from folio.incremental.digest import Digester, digest, entry_marks, files_digest
from folio.markup import Rendered
from folio.pages.body import Body
from folio.pages.deferred import Deferred

TAGS = DEFAULT_TAXONOMIES[4]


def entry(i: int, title: str = "T", summary: str = "S", url: str = "") -> Entry:
    article = Article(f"content/articles/a{i}.md", f"a{i}", title,
                      datetime(2024, 1, 1, tzinfo=UTC), (), (), "", 5)
    return Entry(article, Rendered("", "", "", (), (), 1), url or f"/a{i}/", summary,
                 ((TAGS, (TermLink("NATO", "/tags/nato/"),)),), i)


class NoBodies:
    def __getitem__(self, path: str) -> str:
        raise AssertionError("digesting read a body")


def test_plain_values() -> None:
    assert digest("a", 1, [2, 3], {"k": None}) == digest("a", 1, [2, 3], {"k": None})
    assert len(digest()) == 32
    different = [digest("a"), digest("b"), digest(1), digest(True), digest(1.0), digest("1"),
                 digest(None), digest(["a", "b"]), digest(["ab"]), digest({"a": 1}),
                 digest({"a": 2}), digest({"a": 1, "b": 2}), digest({"b": 2, "a": 1}),
                 digest(b"a"), digest(date(2024, 1, 1)), digest(datetime(2024, 1, 1)),
                 digest(datetime(2024, 1, 1, tzinfo=UTC)),
                 digest("ab", "c"), digest("a", "bc"), digest({"ab": "c"}), digest({"a": "bc"})]
    assert len(set(different)) == len(different)


def test_equal_values_of_kinds_that_render_alike_digest_alike() -> None:
    assert digest(Markup("<b>")) == digest("<b>")
    assert digest((1, 2)) == digest([1, 2]) == digest(range(1, 3))
    assert digest(Path("a/b")) == digest("a/b")


class Colour(enum.Enum):
    RED = "red"


@dataclasses.dataclass(frozen=True)
class View:
    name: str
    items: tuple[int, ...]


def test_enums_and_frozen_dataclasses_by_their_values() -> None:
    assert digest(Colour.RED) == digest(Colour.RED) != digest("red")
    assert digest(View("x", (1,))) == digest(View("x", (1,)))
    assert digest(View("x", (1,))) != digest(View("x", (2,)))


def test_an_unknown_type_is_refused() -> None:
    with pytest.raises(TypeError, match="cannot digest a object in a page context"):
        digest(object())
    with pytest.raises(TypeError, match="cannot digest a set"):
        digest({"a"})
    with pytest.raises(TypeError, match="cannot digest a function"):
        digest({"x": [lambda: 1]})


def test_an_entry_stands_for_its_mark_and_is_recorded_as_read() -> None:
    e0, e1 = entry(0), entry(1)
    digester = Digester(["mark0", "mark1"])
    found, reads = digester.of({"article": e1, "others": [e0, e1]})
    assert reads == (0, 1)
    assert digester.of({"article": e1})[1] == (1,)
    # what an entry holds counts only through its mark
    assert Digester(["mark0", "mark1"]).of(entry(1, title="Other"))[0] == digester.of(e1)[0]
    assert Digester(["mark0", "changed"]).of(e1)[0] != digester.of(e1)[0]
    assert Digester(["changed", "mark1"]).of(e1)[0] == digester.of(e1)[0]
    assert found == Digester(["mark0", "mark1"]).of({"article": e1, "others": [e0, e1]})[0]


def body(path: str = "content/articles/a0.md", url: str = "/a0/",
         links: tuple[tuple[str, str], ...] = (), html: str | None = None) -> Body:
    return Body(NoBodies(), path, url, links, False, html)


def test_a_body_stands_for_its_content_key_links_and_page() -> None:
    keys = {"content/articles/a0.md": "key-1"}
    one = Digester([], keys).of(body())
    assert one == Digester([], keys).of(body())  # and the store was never read
    assert one[1] == ()
    assert Digester([], {"content/articles/a0.md": "key-2"}).of(body())[0] != one[0]
    assert Digester([], keys).of(body(url="/elsewhere/"))[0] != one[0]
    assert Digester([], keys).of(body(links=(("b.md", "/b/"),)))[0] != one[0]
    trusted = dataclasses.replace(body(), trusted=True)
    assert Digester([], keys).of(trusted)[0] != one[0]


def test_a_pages_own_body_stands_for_its_html() -> None:
    one = Digester([]).of(body(html="<p>a</p>"))[0]
    assert Digester([]).of(body(html="<p>b</p>"))[0] != one
    assert Digester([], {"content/articles/a0.md": "other"}).of(body(html="<p>a</p>"))[0] == one


def test_a_deferred_stands_for_its_inputs_and_is_never_made() -> None:
    def produce() -> Any:
        raise AssertionError("digesting made the value")

    e0 = entry(0)
    digester = Digester(["mark0"])
    one = digester.of(Deferred(produce, "citations", e0))
    assert one == digester.of(Deferred(lambda: "anything", "citations", e0))
    assert one[1] == (0,)  # an entry among the inputs is read
    assert digester.of(Deferred(produce, "citations", 2024))[0] != one[0]
    assert Digester(["other"]).of(Deferred(produce, "citations", e0))[0] != one[0]


def test_the_settings_stand_for_one_digest_of_them() -> None:
    digester = Digester([])
    config, same = SiteConfig(), SiteConfig()
    other, extra = SiteConfig(title="Other"), SiteConfig(extra=(("x", 1),))
    assert digester.of(config) == digester.of(same) == Digester([]).of(config)
    assert digester.of(config)[0] != digester.of(other)[0]
    assert digester.of(config)[0] != digester.of(extra)[0]
    assert digester.of(config)[0] != digester.of(repr(config))[0]


def test_each_config_digested_by_one_digester_has_its_own_digest() -> None:
    digester = Digester([])
    for n in range(100):
        config = SiteConfig(title=f"Site {n}")
        assert digester.of(config) == Digester([]).of(config), n
        del config


def test_a_term_shows_its_count_not_its_members_places() -> None:
    term = Term(TAGS, "NATO", "nato", "/tags/nato/", (1, 2, 3))
    digester = Digester([])
    assert digester.of(term) == digester.of(dataclasses.replace(term, entries=(4, 5, 6)))
    assert digester.of(term)[0] != digester.of(dataclasses.replace(term, entries=(1, 2)))[0]
    assert digester.of(term)[0] != digester.of(dataclasses.replace(term, name="Nato"))[0]
    assert digester.of(term)[1] == ()


def graph(*entries: Entry) -> SiteGraph:
    return SiteGraph(SiteConfig(), entries, {}, (), {}, {}, {}, {}, {})


def test_an_entrys_mark_is_its_files_key_url_summary_and_terms() -> None:
    keys = {"content/articles/a0.md": "k0"}
    base = entry_marks(graph(entry(0)), keys)
    assert len(base) == 1 and base == entry_marks(graph(entry(0)), keys)
    assert entry_marks(graph(entry(0)), {"content/articles/a0.md": "k1"}) != base
    assert entry_marks(graph(entry(0, url="/moved/")), keys) != base
    assert entry_marks(graph(entry(0, summary="New")), keys) != base
    retagged = dataclasses.replace(entry(0), terms=((TAGS, (TermLink("EU", "/tags/eu/"),)),))
    assert entry_marks(graph(retagged), keys) != base
    assert entry_marks(graph(entry(0, title="Same key")), keys) == base  # the key stands for it


def test_without_a_content_key_an_entry_is_marked_by_what_it_holds() -> None:
    assert entry_marks(graph(entry(0)), {}) == entry_marks(graph(entry(0)), {})
    assert entry_marks(graph(entry(0, title="X")), {}) != entry_marks(graph(entry(0)), {})


def test_files_digest(tmp_path: Path) -> None:
    empty = files_digest(tmp_path / "missing")
    assert files_digest(tmp_path) == empty
    (tmp_path / "a.html").write_text("one")
    first = files_digest(tmp_path)
    assert first != empty
    (tmp_path / "a.html").write_text("two")
    assert files_digest(tmp_path) != first
    (tmp_path / "a.html").write_text("one")
    assert files_digest(tmp_path) == first
    (tmp_path / "a.html").rename(tmp_path / "b.html")
    assert files_digest(tmp_path) != first  # names count
    (tmp_path / "sub").mkdir()
    assert files_digest(tmp_path) == files_digest(tmp_path)


def test_sources_are_read_but_stand_for_nothing_in_the_digest() -> None:
    from folio.graph.model import Sources

    digester = Digester(("m0", "m1", "m2"))
    first = digester.of(("a title", Sources((0, 2))))
    second = digester.of(("a title", Sources((1,))))
    assert first[1] == (0, 2) and second[1] == (1,)
    assert first[0] == second[0]  # the value beside them decides
    assert digester.of(("another title", Sources((0, 2))))[0] != first[0]
