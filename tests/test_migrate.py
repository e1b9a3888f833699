"""`import --from hugo|zola|jekyll DIR`: invented sites in each generator's shape
(tests/fixtures/migrate/), migrated, built, and the built site read back: every old URL
served, bundles and the static files posts show published, bylines split, links kept."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, REPO, SiteProject
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from folio.cli import main
from folio.importing.migrate import migrate as migrate_site
from folio.importing.migrate.files import write_all
from folio.importing.migrate.values import parse_when, split_names
from folio.problems import Report

SOURCES = FIXTURES / "migrate"
OLD_URLS = {
    "hugo": ["/2019/11/tide-tables-for-winter/", "/old/tide-tables/", "/posts/tides-2019/",
             "/2020/02/storm_season/", "/walks/harbour/"],
    "zola": ["/blog/first-light/", "/2021/06/01/first-light.html", "/2021/07/Neap-Tides/"],
    "jekyll": ["/news/2019/03/04/spring-tides.html", "/news/2019/03/04/spring-tides/",
               "/spring-tides/", "/repairs/quay-repairs/"],
}
FILES = {
    "hugo": ["2019/11/tide-tables-for-winter/images/lighthouse.png",
             "2020/02/storm_season/storm.jpg", "2020/02/storm_season/charts/pressure.svg"],
    "zola": ["2021/07/Neap-Tides/chart.png", "blog/first-light/img/buoy.jpg"],
    "jekyll": ["news/2019/03/04/spring-tides/assets/quay.png"],
}


def migrate(project: SiteProject, monkeypatch: pytest.MonkeyPatch, *args: str
            ) -> tuple[int, str, str]:
    """Run `import --from …` in the project; (exit status, output, problems)."""
    monkeypatch.chdir(project.root)
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    status = main(["import", "--from", *args], out=out)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def site(project: SiteProject) -> SiteProject:
    project.write("site.toml", 'title = "Migrated"\nbase_url = "https://example.org/"\n'
                  "search = false\n")
    return project


def served(project: SiteProject, url: str) -> str:
    path = project.site / url.strip("/")
    return (path / "index.html" if url.endswith("/") else path).read_text()


@pytest.mark.parametrize("generator", ["hugo", "zola", "jekyll"])
def test_a_migrated_site_builds_with_every_old_url_and_file(
        site: SiteProject, monkeypatch: pytest.MonkeyPatch, generator: str) -> None:
    status, out, err = migrate(site, monkeypatch, generator, str(SOURCES / generator))
    assert status == 0, err
    result = site.build()
    assert not result.report.failed, result.report.lines()
    assert not [line for line in result.report.lines() if "names no file" in line]
    for url in OLD_URLS[generator]:
        assert "<h1>" in served(site, url), url
    for relative in FILES[generator]:
        assert (site.site / relative).is_file(), relative
    assert f"Migrated from {generator.title()}" in out


def test_hugo_front_matter_is_mapped_key_by_key(
        site: SiteProject, monkeypatch: pytest.MonkeyPatch) -> None:
    status, out, err = migrate(site, monkeypatch, "hugo", str(SOURCES / "hugo"))
    assert status == 0, err
    tides = (site.root / "content/articles/posts/tide-tables/index.md").read_text()
    assert tides.startswith(
        "---\ntitle: Tide Tables for Winter\nauthors:\n- Mara Quintela\n"  # data/authors.yaml
        "date: '2019-11-20T09:30:00+00:00'\nurl: /2019/11/tide-tables-for-winter/\n"
        "aliases:\n- /old/tide-tables/\n- /posts/tides-2019/\n"  # "tides-2019": page-relative
        "summary: When the water comes and goes this winter.\ntags:\n- Tides\n- Winter\n"
        "themes:\n- Almanac\nextra:\n  series:\n  - Seasons\n---\n")
    assert '<figure><img src="images/lighthouse.png" alt="The lighthouse at dusk">' \
        "<figcaption>The old light</figcaption></figure>" in tides
    assert "[the storm season](../storm-season/index.md)" in tides  # {{< ref >}}
    assert "[harbour walk](../2020-01-05-harbour-walk.md)" in tides  # an old URL
    assert '```python\nprint("{{< not a shortcode >}}")\n```' in tides
    assert "```go\n{{< also not a shortcode >}}\n```" in tides
    assert "{{< newsletter >}}" in tides and "{{% note %}}" not in tides
    storm = (site.root / "content/articles/posts/storm-season/index.md").read_text()
    assert "authors:\n- Inês Faria\n- Tomás Lobo\n" in storm
    assert "date: 2020-02-10\nupdated: '2020-03-01T12:00:00+00:00'\n" in storm
    walk = (site.root / "content/articles/posts/2020-01-05-harbour-walk.md").read_text()
    assert "date: 2020-01-05\nurl: /walks/harbour/\n" in walk  # the date from the name
    assert "draft: true" in (site.root / "content/articles/posts/unfinished.md").read_text()
    assert not (site.root / "content/articles/about.md").exists()
    assert "content/about.md:1: warning: not imported: no date" in err.replace(
        str(SOURCES / "hugo") + "/", "")
    assert "series (1 post)" in out and "weight (1)" in out and "newsletter (1)" in out
    assert "1 translation" in out and "2 list pages (_index.md)" in out


def test_zola_keeps_paths_aliases_and_internal_links(
        site: SiteProject, monkeypatch: pytest.MonkeyPatch) -> None:
    status, _, err = migrate(site, monkeypatch, "zola", str(SOURCES / "zola" / "content"))
    assert status == 0, err
    light = (site.root / "content/articles/blog/2021-06-01-first-light/index.md").read_text()
    assert "authors:\n- Ana Reis\n- Bruno Dias\n- Carla Sousa\ndate: 2021-06-01\n" \
           "url: /blog/first-light/\naliases:\n- /2021/06/01/first-light.html\n" in light
    assert "[neap tides](../neap-tides/index.md#charts)" in light  # @/blog/…
    assert "[Watch the video on YouTube](https://www.youtube.com/watch?v=dQw4w9WgXcQ)" in light
    assert "![The buoy](img/buoy.jpg)" in light
    neap = (site.root / "content/articles/blog/neap-tides/index.md").read_text()
    assert "authors:\n- Duarte Melo\n" in neap and "extra:\n  mood: calm\n" in neap
    assert "{% callout" not in neap and "Neap tides are the gentle ones." in neap


def test_jekyll_urls_follow_the_sites_zone_and_permalink(
        site: SiteProject, monkeypatch: pytest.MonkeyPatch) -> None:
    """02:30 UTC on the 5th is the evening of the 4th in New York, where the site's
    permalinks put the post; the file name's date does not count when the front matter
    has one."""
    status, out, err = migrate(site, monkeypatch, "jekyll", str(SOURCES / "jekyll"))
    assert status == 0, err
    tides = (site.root / "content/articles/2019-03-05-spring-tides/index.md").read_text()
    assert "authors:\n- Jo Doe\n" in tides  # _data/authors.yml
    assert "url: /news/2019/03/04/spring-tides/\naliases:\n- " \
           "/news/2019/03/04/spring-tides.html\n- /spring-tides/\n" in tides
    assert "tags:\n- tides\n- moon\n" in tides and "themes:\n- News\n" in tides
    assert "```ruby\nputs \"{{ not liquid }}\"\n```" in tides
    assert "[the repairs](../2019-04-10-quay-repairs.md)" in tides
    repairs = (site.root / "content/articles/2019-04-10-quay-repairs.md").read_text()
    assert "authors:\n- Ann Lee\n- Bo Chan\ndate: 2019-04-10\nurl: /repairs/quay-repairs/\n" \
        in repairs
    assert "[spring tides](2019-03-05-spring-tides/index.md)" in repairs
    assert "draft: true" in (site.root / "content/articles/unfinished.md").read_text()
    assert "{% include signup.html %}" in tides and "include (1)" in out


def test_a_dry_run_shows_the_plan_and_writes_nothing(
        site: SiteProject, monkeypatch: pytest.MonkeyPatch) -> None:
    status, out, _ = migrate(site, monkeypatch, "zola", str(SOURCES / "zola"), "--dry-run")
    assert status == 0
    assert "would write content/articles/blog/neap-tides/index.md and 1 file beside it" in out
    assert "files: would write 2 articles" in out
    assert not (site.root / "content").exists()


def test_existing_files_are_never_overwritten_without_force(
        site: SiteProject, monkeypatch: pytest.MonkeyPatch) -> None:
    assert migrate(site, monkeypatch, "jekyll", str(SOURCES / "jekyll"))[0] == 0
    again = migrate(site, monkeypatch, "jekyll", str(SOURCES / "jekyll"))
    assert again[0] == 0 and "unchanged content/articles/2019-04-10-quay-repairs.md" in again[1]
    edited = site.root / "content/articles/2019-04-10-quay-repairs.md"
    edited.write_text(edited.read_text() + "\nAn editor's note.\n")
    status, out, err = migrate(site, monkeypatch, "jekyll", str(SOURCES / "jekyll"))
    assert status == 0 and "skipped content/articles/2019-04-10-quay-repairs.md" in out
    assert "content/articles/2019-04-10-quay-repairs.md: warning: exists and differs; not " \
        "overwritten (use --force)" in err
    assert "An editor's note." in edited.read_text()
    assert migrate(site, monkeypatch, "jekyll", str(SOURCES / "jekyll"), "--force")[0] == 0
    assert "An editor's note." not in edited.read_text()


def test_broken_posts_are_reported_by_file_and_line_and_the_rest_migrated(
        site: SiteProject, tmp_path: Path) -> None:
    source = tmp_path / "zola"
    shutil.copytree(SOURCES / "zola", source)
    (source / "content/blog/broken.md").write_text(
        '+++\ntitle = "Broken"\ndate = 2021-08-01\nauthors = ["A"\n+++\n\nText.\n')
    (source / "content/blog/bad-date.md").write_text(
        '+++\ntitle = "Bad date"\ndate = "last tuesday"\n+++\n\nText.\n')
    (source / "content/blog/binary.md").write_bytes(b"\x00\x01\x02" * 100)
    done = subprocess.run([sys.executable, str(REPO / "build.py"), "import", "--from", "zola",
                           str(source)], cwd=site.root, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    shown = str(source / "content/blog")
    assert f"{shown}/broken.md:4: invalid TOML: Unclosed array" in done.stderr
    assert f"{shown}/binary.md:1: binary file: content files must be UTF-8 text" in done.stderr
    assert f"{shown}/bad-date.md:3: warning: not imported: no date" in done.stderr
    assert (site.root / "content/articles/blog/neap-tides/index.md").is_file()


@pytest.mark.parametrize("argv", [["import", "--from", "hugo"],
                                  ["import", "--from", "hugo", "a", "b"]])
def test_import_from_needs_one_folder(argv: list[str], capsys: pytest.CaptureFixture[str]
                                      ) -> None:
    assert main(argv) == 2
    assert "import --from needs one folder" in capsys.readouterr().err


def test_a_folder_that_is_not_a_site_is_an_error(
        site: SiteProject, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    status, _, err = migrate(site, monkeypatch, "hugo", str(tmp_path / "nowhere"))
    assert status == 1 and "nowhere: not a folder" in err
    (tmp_path / "empty").mkdir()
    status, _, err = migrate(site, monkeypatch, "jekyll", str(tmp_path / "empty"))
    assert status == 1 and "no Jekyll posts found here" in err


@pytest.mark.parametrize(("text", "names"), [
    ("Carol Nichols and David Wood", ["Carol Nichols", "David Wood"]),
    ("Ryan Levick, Jane Losare-Lusby, and Josh Triplett",
     ["Ryan Levick", "Jane Losare-Lusby", "Josh Triplett"]),
    ("TC & Eric Huss", ["TC", "Eric Huss"]),
    ("Josh Triplett, Niko Matsakis", ["Josh Triplett", "Niko Matsakis"]),
    ("Martin Luther King, Jr.", ["Martin Luther King, Jr."]),
    ("the Compiler and Types Team", ["the Compiler and Types Team"]),
    ("Rust Security Response WG", ["Rust Security Response WG"]),
    ("Alexandra Andersen", ["Alexandra Andersen"]),
])
def test_bylines_that_name_several_people_are_split(text: str, names: list[str]) -> None:
    assert split_names(text) == names


@pytest.mark.parametrize(("value", "expected"), [
    ("2013-05-06 02:12:52 +0200",
     datetime(2013, 5, 6, 2, 12, 52, tzinfo=timezone(timedelta(hours=2)))),
    ("2021-03-01 08:30:00+00:00", datetime(2021, 3, 1, 8, 30, tzinfo=UTC)),
    ("2019-5-1", date(2019, 5, 1)),
    ("2019-05-01T10:00:00Z", datetime(2019, 5, 1, 10, tzinfo=UTC)),
    ("Mon, 06 May 2013 02:12:52 +0200",
     datetime(2013, 5, 6, 2, 12, 52, tzinfo=timezone(timedelta(hours=2)))),
    (date(2020, 1, 2), date(2020, 1, 2)),
    ("last tuesday", None), ("2019-13-01", None), (True, None),
])
def test_dates_as_generators_write_them(value: object, expected: object) -> None:
    assert parse_when(value) == expected


@pytest.mark.parametrize("text", ["Chris Campbell, Linkerd Ambassador",
                                  "Jo Doe, Senior Editor", "Ann Lee of the Harbour Desk and Bo"])
def test_a_role_after_a_name_is_no_second_author(text: str) -> None:
    assert split_names(text) == [text]


def test_hugo_edge_cases_are_kept_or_reported(
        site: SiteProject, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A post dated only by `lastmod`, one Hugo does not render, URLs Folio serves itself
    or that another post has, a slug in another script, a section's own images."""
    source = tmp_path / "hugo"
    files = {
        "config.yaml": "baseURL: https://example.net/\ntitle: Edge\n",
        "content/posts/only-lastmod.md": "---\ntitle: Only lastmod\nlastmod: 2022-02-02\n"
                                         "url: /archive/\n---\nText.\n",
        "content/posts/headless.md": "---\ntitle: Hidden\ndate: 2022-01-01\n"
                                     "_build: {render: never}\n---\nText.\n",
        "content/posts/café.md": "---\ntitle: Café\ndate: 2022-03-03\n"
                                 "aliases: [/posts/caf%C3%A9-old/, /archive/2022/]\n"
                                 "---\n![Map](/posts/img/map.png)\n",
        "content/posts/img/map.png": "PNG",
        "content/posts/paper/index.md": "---\ntitle: Paper\ndate: 2022-04-04\n"
                                        "image: javascript:alert(1)\naliases: [/tags/paper/]\n"
                                        "---\nThe [record](cite.bib).\n",
        "content/posts/paper/cite.bib": "@article{x}",
    }
    for relative, text in files.items():
        (source / relative).parent.mkdir(parents=True, exist_ok=True)
        (source / relative).write_text(text)
    status, _, err = migrate(site, monkeypatch, "hugo", str(source))
    assert status == 0, err
    lastmod = (site.root / "content/articles/posts/only-lastmod.md").read_text()
    assert "date: 2022-02-02\nupdated: 2022-02-02\nurl: /articles/archive/\n" in lastmod
    assert "its old URL /archive/ cannot be kept (Folio's /archive/); it is published at " \
        "/articles/archive/" in err
    assert "headless.md:4: warning: not imported: '_build' says the generator does not " \
        "publish it" in err
    cafe = (site.root / "content/articles/posts/café/index.md").read_text()
    assert "url: /posts/café/\naliases:\n- /posts/café-old/\n" in cafe  # percent-decoded
    assert "old URL /archive/2022/ cannot be kept as an alias (Folio's /archive/2022/)" in err
    assert "![Map](posts/img/map.png)" in cafe  # a section's own image, copied beside it
    assert "paper/index.md:4: warning: image 'javascript:alert(1)' left out" in err
    assert "old URL /tags/paper/ cannot be kept as an alias (Folio's pages of the tags)" in err
    assert "paper/cite.bib: warning: not copied: Folio publishes its own cite.bib" in err
    assert not site.build().report.failed
    assert (site.site / "posts/café/posts/img/map.png").is_file()
    assert (site.site / "posts/café-old/index.html").is_file()


VALUES = st.one_of(st.none(), st.booleans(), st.integers(-5, 3000), st.text(max_size=12),
                   st.sampled_from(["2019-05-01", "2019-05-01 10:00:00 +0200", "/a/b.html",
                                    "a and b", "../x", "@/x.md", "{{< ref x >}}", ""]),
                   st.lists(st.text(max_size=8), max_size=3),
                   st.dictionaries(st.sampled_from(["name", "src", "render", "x"]),
                                   st.text(max_size=8), max_size=2))
KEYS = st.sampled_from(["title", "date", "lastmod", "author", "authors", "by", "tags",
                        "categories", "category", "slug", "url", "path", "permalink",
                        "aliases", "redirect_from", "draft", "published", "image", "images",
                        "description", "params", "extra", "taxonomies", "_build", "weight"])
BODIES = st.sampled_from(["Text.", "", "{{< figure src=x >}}", "[a](/a/b.html) ![i](/i.png)",
                          "{% post_url 2019-01-01-x %} {{ site.title }}", "```\n{{< x >}}",
                          "{{% note %}}\nin\n{{% /note %}}", "[d](missing.md)",
                          "{{ youtube(id=1) }} {% c() %}x{% end %}"])


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(["hugo", "zola", "jekyll"]),
       st.lists(st.tuples(st.dictionaries(KEYS, VALUES, max_size=8), BODIES), max_size=4))
def test_any_front_matter_is_migrated_or_reported_never_a_traceback(
        tmp_path_factory: pytest.TempPathFactory, generator: str,
        posts: list[tuple[dict[str, object], str]]) -> None:
    root = tmp_path_factory.mktemp("fuzz")
    folder = root / ("source/_posts" if generator == "jekyll" else "source/content/posts")
    folder.mkdir(parents=True)
    for n, (meta, body) in enumerate(posts):
        front = yaml.safe_dump(meta, allow_unicode=True)
        (folder / f"2019-01-0{n + 1}-post-{n}.md").write_text(f"---\n{front}---\n{body}\n")
    report = Report(root=root)
    migration = migrate_site(generator, root / "source", root / "site.toml", report)
    if migration is not None:
        write_all(migration.posts, root / "content", force=False, dry_run=False,
                  report=report)
    assert all(p.path for p in report.problems)
