"""folio/config.py: site.toml → SiteConfig; each wrong value an error with its line and
the default in its place."""

from __future__ import annotations

from pathlib import Path

import pytest

from folio.config import (
    DEFAULT_TAXONOMIES,
    RESERVED_FOLDERS,
    SiteConfig,
    Taxonomy,
    base_url_problem,
    load_config,
    parse_config,
    permalink_problem,
)
from folio.problems import Report


def parse(text: str) -> tuple[SiteConfig, list[str]]:
    report = Report()
    config = parse_config(text, "site.toml", report)
    return config, report.lines()


def test_an_empty_file_is_every_default() -> None:
    assert parse("") == (SiteConfig(), [])
    config = SiteConfig()
    assert config.taxonomies == DEFAULT_TAXONOMIES
    assert config.zone.key == "UTC"
    assert config.taxonomy("tags") == Taxonomy("tags", "Tags", "Tag")
    assert config.taxonomy("nope") is None


def test_values_are_read() -> None:
    config, problems = parse('title = "T"\nper_page = 3\nsearch = false\n'
                             'timezone = "Europe/Paris"\n[extra]\nb = 2\na = "x"\n')
    assert problems == []
    assert (config.title, config.per_page, config.search) == ("T", 3, False)
    assert config.zone.key == "Europe/Paris"
    assert config.extra == (("a", "x"), ("b", 2))
    assert config.extra_dict == {"a": "x", "b": 2}


@pytest.mark.parametrize(("text", "problem"), [
    ('title = "x"\ntitel = "y"\n', "site.toml:2: unknown key 'titel' (known keys: "),
    ('\nper_page = "ten"\n', "site.toml:2: 'per_page' must be a whole number, not 'ten'"),
    ("per_page = true\n", "site.toml:1: 'per_page' must be a whole number, not True"),
    ("search = 1\n", "site.toml:1: 'search' must be true or false, not 1"),
    ("title = 3\n", "site.toml:1: 'title' must be a string, not 3"),
    ('\n\nfeed_content = "some"\n', "site.toml:3: 'feed_content' must be 'full' or 'summary'"),
    ("per_page = 0\n", "site.toml:1: 'per_page' must be at least 1"),
    ("summary_length = 19\n", "site.toml:1: 'summary_length' must be at least 20"),
    ('\ntimezone = "Mars/Base"\n', "site.toml:2: unknown timezone 'Mars/Base'"),
    ("extra = 3\n", "site.toml:1: 'extra' must be a table"),
    ('title = "a"\ntitle = "b"\n', "site.toml:2: invalid TOML"),
])
def test_each_wrong_value_is_an_error_with_its_line(text: str, problem: str) -> None:
    config, problems = parse(text)
    assert len(problems) == 1 and problems[0].startswith(problem), problems
    if "timezone" in text:
        assert config.timezone == "UTC"  # the default stands in
    if "per_page" in text:
        assert config.per_page == SiteConfig.per_page


@pytest.mark.parametrize("value", ["", "https://example.org/", "http://example.org",
                                   "https://example.org/archive/sub/", "http://localhost:8000/",
                                   "http://[::1]:8000/", "https://a-b.c.example/~me/x_y/"])
def test_good_base_urls(value: str) -> None:
    assert base_url_problem(value) is None


@pytest.mark.parametrize("value", ["example.org", "/archive/", "ftp://example.org/",
                                   "javascript:alert(1)//", "https://exa mple.org/",
                                   'https://example.org/"onload', "https://example.org/<x>",
                                   "https://example.org/?q=1", "https://example.org/#top",
                                   "https://-bad.org/", "https://example.org:123456/"])
def test_bad_base_urls(value: str) -> None:
    problem = base_url_problem(value)
    assert problem is not None and "base_url must be an absolute http(s) URL" in problem


def test_a_bad_base_url_in_site_toml_is_reported_and_dropped() -> None:
    config, problems = parse('title = "x"\nbase_url = "example.org"\n')
    assert config.base_url == ""
    assert problems[0].startswith("site.toml:2: base_url must be an absolute")


@pytest.mark.parametrize("value", ["/articles/{slug}/", "/{slug}/", "/{year}/{month}/{slug}/",
                                   "/a.b_c~d-e/{year}{month}{day}-{slug}/"])
def test_good_permalinks(value: str) -> None:
    assert permalink_problem(value) is None


@pytest.mark.parametrize("value", ["/articles/", "articles/{slug}/", "/articles/{slug}",
                                   "/a/../{slug}/", "/./{slug}/", "//{slug}/", "/{title}/{slug}/",
                                   "/a b/{slug}/", '/"x"/{slug}/', "/{slug}/?x/",
                                   "/{slug}/{slug/"])
def test_bad_permalinks(value: str) -> None:
    problem = permalink_problem(value)
    assert problem is not None and "permalink must start and end with '/'" in problem


def test_a_bad_permalink_in_site_toml_is_reported_and_dropped() -> None:
    config, problems = parse('\n\npermalink = "/{title}/"\n')
    assert config.permalink == SiteConfig.permalink
    assert problems[0].startswith("site.toml:3: permalink must")


@pytest.mark.parametrize("name", sorted(RESERVED_FOLDERS))
def test_taxonomies_may_not_take_the_archives_own_folders(name: str) -> None:
    config, problems = parse(f'title = "x"\n\n[taxonomies.tags]\n\n[taxonomies.{name}]\n'
                             'title = "T"\n')
    assert problems == [f"site.toml:5: taxonomy name '{name}' is the folder of the archive's "
                        f"own /{name}/ pages; choose another name"]
    assert [t.key for t in config.taxonomies] == ["tags"]


def test_taxonomies_are_read_in_order_with_their_defaults() -> None:
    config, problems = parse('[taxonomies.tags]\n[taxonomies.case_studies]\n'
                             '[taxonomies.people]\ntitle = "People"\nsingular = "Person"\n')
    assert problems == []
    assert config.taxonomies == (Taxonomy("tags", "Tags", "Tag"),
                                 Taxonomy("case_studies", "Case Studies", "Case Studies"),
                                 Taxonomy("people", "People", "Person"))


@pytest.mark.parametrize(("text", "problem"), [
    ("[taxonomies.Tags]\n", "site.toml:1: taxonomy name 'Tags' must be lower-case letters"),
    ("[taxonomies.tags]\nplural = 'x'\n",
     "site.toml:1: unknown key 'plural' in taxonomy 'tags'"),
    ("[taxonomies]\ntags = 3\n", "site.toml:2: taxonomy 'tags' must be a table"),
    ("taxonomies = 3\n", "site.toml:1: 'taxonomies' must be a table"),
    ("[taxonomies.tags]\ntitle = 3\n", "site.toml:1: taxonomy 'tags': title and singular"),
])
def test_taxonomy_problems(text: str, problem: str) -> None:
    _, problems = parse(text)
    assert problems and problems[0].startswith(problem), problems


def test_load_config(tmp_path: Path) -> None:
    report = Report(root=tmp_path)
    assert load_config(tmp_path / "missing.toml", report) == SiteConfig()
    path = tmp_path / "site.toml"
    path.write_bytes(b'\xef\xbb\xbftitle = "With BOM"\n')
    assert load_config(path, report).title == "With BOM"
    path.write_bytes(b'title = "\xff"\n')
    assert load_config(path, report) == SiteConfig()
    assert report.lines()[0].startswith("site.toml:1: cannot read site configuration")
