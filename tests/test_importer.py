"""folio.importing.importer: seeds -> content files, atomically, never overwriting."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import shutil
import threading
from pathlib import Path

import pytest
import yaml

from folio import cli
from folio.importing.importer import Action, import_seeds, run_import
from folio.problems import Report

ROOT = Path(__file__).resolve().parents[1]
REAL_SEED = ROOT / "seeds" / "000_cac6ec92e5eb85ac.txt"
FIXTURES = Path(__file__).resolve().parent / "seeds"
GOLDEN = FIXTURES / "golden"
SLUG = "turkiyes-contradictory-approach-to-the-ukrainian-conflict"


def run(
    seeds: list[Path], content: Path, *, force: bool = False, dry_run: bool = False
) -> tuple[int, list[str], Report]:
    report = Report(root=content.parent)
    out = io.StringIO()
    count = run_import(seeds, content, force=force, dry_run=dry_run, report=report, out=out)
    return count, out.getvalue().splitlines(), report


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.md")}


def test_real_seed_matches_the_golden_files(tmp_path: Path) -> None:
    content = tmp_path / "content"
    count, lines, report = run([REAL_SEED], content)
    assert report.lines() == []
    assert count == 2
    assert lines == [
        f"wrote content/articles/{SLUG}.md",
        "wrote content/authors/andrew-korybko.md",
    ]
    assert files(content) == files(GOLDEN)


def test_front_matter_order_and_types(tmp_path: Path) -> None:
    run([REAL_SEED], tmp_path / "content")
    text = (tmp_path / "content" / "articles" / f"{SLUG}.md").read_text(encoding="utf-8")
    matter = yaml.safe_load(text.split("---\n")[1])
    assert list(matter) == [
        "title", "subtitle", "authors", "date", "publication", "regions", "themes",
        "reports", "tags", "summary", "source", "image", "copyright", "id",
    ]  # fmt: skip
    assert matter["date"] == dt.date(2024, 11, 20)
    assert "\ndate: 2024-11-20\n" in text
    assert "url" not in matter["source"]


def test_running_twice_changes_nothing(tmp_path: Path) -> None:
    content = tmp_path / "content"
    run([REAL_SEED], content)
    before = files(content)
    count, lines, report = run([REAL_SEED], content)
    assert (count, report.lines()) == (0, [])
    assert lines == [
        f"unchanged content/articles/{SLUG}.md",
        "unchanged content/authors/andrew-korybko.md",
    ]
    assert files(content) == before
    assert sorted(p.name for p in content.rglob("*")) == sorted(
        ["articles", "authors", f"{SLUG}.md", "andrew-korybko.md"]
    )  # no temporary files left behind


def test_never_overwrites_without_force(tmp_path: Path) -> None:
    content = tmp_path / "content"
    run([REAL_SEED], content)
    article = content / "articles" / f"{SLUG}.md"
    profile = content / "authors" / "andrew-korybko.md"
    article.write_text("edited by hand\n", encoding="utf-8")
    profile.write_text("---\nname: Andrew Korybko\n---\n\nCurated bio.\n", encoding="utf-8")

    count, lines, report = run([REAL_SEED], content)
    assert count == 0
    assert lines == [
        f"skipped content/articles/{SLUG}.md",
        "kept content/authors/andrew-korybko.md",
    ]
    assert report.lines() == [
        f"content/articles/{SLUG}.md: warning: exists, use --force to overwrite"
    ]
    assert not report.failed
    assert article.read_text(encoding="utf-8") == "edited by hand\n"

    count, lines, report = run([REAL_SEED], content, force=True)
    assert count == 1 and report.lines() == []
    assert lines[0] == f"wrote content/articles/{SLUG}.md"
    assert article.read_bytes() == (GOLDEN / "articles" / f"{SLUG}.md").read_bytes()
    assert profile.read_text(encoding="utf-8").endswith("Curated bio.\n")  # even with force


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    content = tmp_path / "content"
    count, lines, report = run([REAL_SEED], content, dry_run=True)
    assert count == 2 and report.lines() == []
    assert lines == [
        f"would write content/articles/{SLUG}.md",
        "would write content/authors/andrew-korybko.md",
    ]
    assert not content.exists()


def test_a_bad_seed_is_an_error_and_the_others_are_imported(tmp_path: Path) -> None:
    content = tmp_path / "content"
    seeds = [FIXTURES / "missing_date.txt", FIXTURES / "no_deck.txt"]
    report = Report()
    outcomes = import_seeds(seeds, content, report=report)
    assert report.failed
    assert [(Path(p.path).name, p.line) for p in report.errors] == [("missing_date.txt", 4)]
    assert "missing date" in report.errors[0].message
    assert [(o.path.name, o.action) for o in outcomes] == [
        ("the-plain-headline-without-a-deck.md", Action.WROTE)
    ]
    assert sorted(files(content)) == ["articles/the-plain-headline-without-a-deck.md"]


@pytest.mark.parametrize(
    ("name", "transform", "warns"),
    [
        ("crlf.txt", lambda b: b.replace(b"\n", b"\r\n"), False),
        ("bom.txt", lambda b: b"\xef\xbb\xbf" + b, False),
        ("latin1.txt", lambda b: b.decode("utf-8").encode("latin-1"), True),
        ("cp1252.txt", lambda b: b.decode("utf-8").encode("cp1252"), True),
    ],
)
def test_encodings_give_the_same_files(
    tmp_path: Path, name: str, transform: object, warns: bool
) -> None:
    assert callable(transform)
    seed = tmp_path / name
    seed.write_bytes(transform(REAL_SEED.read_bytes()))
    content = tmp_path / "content"
    _, _, report = run([seed], content)
    assert files(content) == files(GOLDEN)
    expected = [f"{name}:21: warning: not UTF-8; decoded as Windows-1252 (save the seed as UTF-8)"]
    assert report.lines() == (expected if warns else [])


def test_a_folder_stands_for_its_seeds_in_order(tmp_path: Path) -> None:
    folder = tmp_path / "seeds"
    folder.mkdir()
    for fixture in ("two_authors.txt", "unicode_authors.txt", "no_deck.txt"):
        shutil.copy(FIXTURES / fixture, folder / fixture)
    count, lines, report = run([folder], tmp_path / "content", dry_run=True)
    assert report.lines() == []
    assert count == 6
    assert lines == [
        "would write content/articles/the-plain-headline-without-a-deck.md",
        "would write content/articles/sanctions-and-the-baltic-grid-what-changed-in-2023.md",
        "would write content/authors/jane-doe.md",
        "would write content/authors/john-roe.md",
        "would write content/articles/uber-die-grenze.md",
        "would write content/authors/sergei-muller-ostrom.md",
    ]


def test_two_seeds_with_one_slug_is_an_error_naming_both(tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    shutil.copy(FIXTURES / "no_deck.txt", copy)
    count, _, report = run([FIXTURES / "no_deck.txt", copy], tmp_path / "content")
    assert count == 1
    (error,) = report.errors
    assert error.path == "copy.txt" and error.message.startswith("same slug as ")
    assert error.message.endswith(
        "no_deck.txt: content/articles/the-plain-headline-without-a-deck.md"
    )


def test_no_seeds_and_unreadable_seeds_are_errors(tmp_path: Path) -> None:
    count, lines, report = run([tmp_path / "missing.txt"], tmp_path / "content")
    assert (count, lines) == (0, [])
    assert [e.message for e in report.errors] == ["cannot read seed: No such file or directory"]
    empty = tmp_path / "empty"
    empty.mkdir()
    _, _, report = run([empty], tmp_path / "content")
    assert [e.message for e in report.errors] == ["no seed files to import"]


# --- robustness: every bad seed or target is a message, never a traceback ---------------


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    results: list[tuple[int, list[str], Report]] = []
    worker = threading.Thread(target=lambda: results.append(run([fifo], tmp_path / "c")),
                              daemon=True)
    worker.start()
    worker.join(20)
    assert not worker.is_alive(), "import blocked on a FIFO"
    ((count, _, report),) = results
    assert count == 0
    assert report.lines() == ["pipe.txt: cannot read seed: a FIFO (named pipe), not a file"]


def test_a_truncated_utf16_seed_imports_what_it_can(tmp_path: Path) -> None:
    seed = tmp_path / "cut.txt"
    seed.write_bytes(REAL_SEED.read_text(encoding="utf-8").encode("utf-16")[:-1])
    count, _, report = run([seed], tmp_path / "content")
    assert count == 2 and not report.failed
    (warning,) = report.warnings
    assert warning.path == "cut.txt" and "UTF-16 text cut short" in warning.message
    assert warning.line > 50


def test_control_characters_are_removed_with_a_warning(tmp_path: Path) -> None:
    seed = tmp_path / "bell.txt"
    text = REAL_SEED.read_text(encoding="utf-8")
    text = text.replace("Russian **Foreign", "Russian\x07 **For\x00eign")
    seed.write_text(text, encoding="utf-8")
    content = tmp_path / "content"
    _, _, report = run([seed], content)
    assert report.lines() == [
        "bell.txt:17: warning: control characters removed (U+0000, U+0007)"]
    assert files(content) == files(GOLDEN)


def test_unreadable_seeds_are_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("folio.importing.files.os.open", refuse)
    count, _, report = run([REAL_SEED], tmp_path / "content")
    assert count == 0
    assert [e.message for e in report.errors] == ["cannot read seed: Permission denied"]


def test_a_folder_where_the_article_goes_is_an_error_and_the_rest_is_written(
    tmp_path: Path,
) -> None:
    content = tmp_path / "content"
    (content / "articles" / f"{SLUG}.md").mkdir(parents=True)
    count, lines, report = run([REAL_SEED, FIXTURES / "no_deck.txt"], content)
    assert [str(e) for e in report.errors] == [
        f"content/articles/{SLUG}.md: it is a folder; import writes only files"]
    assert count == 1 and lines == [
        "wrote content/articles/the-plain-headline-without-a-deck.md"]


def test_nothing_is_written_through_a_link_out_of_content(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    content = tmp_path / "content"
    content.mkdir()
    (content / "articles").symlink_to(outside)
    count, _, report = run([FIXTURES / "no_deck.txt"], content)
    assert count == 0 and report.failed
    (error,) = report.errors
    assert error.message.startswith("articles is a symbolic link out of content/")
    assert list(outside.iterdir()) == []


def test_an_article_file_that_is_a_link_is_not_replaced(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    articles = tmp_path / "content" / "articles"
    articles.mkdir(parents=True)
    link = articles / "the-plain-headline-without-a-deck.md"
    link.symlink_to(victim)
    _, _, report = run([FIXTURES / "no_deck.txt"], tmp_path / "content", force=True)
    (error,) = report.errors
    assert "symbolic link out of content/" in error.message
    assert victim.read_text() == "keep me\n" and link.is_symlink()


# --- the command line: an honest summary, and -v lists what was left out ---------------


def run_cli(project: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    cwd = Path.cwd()
    os.chdir(project)
    try:
        with contextlib.redirect_stderr(err):
            code = cli.main(["import", *args], out=out)
    finally:
        os.chdir(cwd)
    return code, out.getvalue(), err.getvalue()


def test_import_says_what_it_wrote_when_a_seed_fails(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name in ("missing_date.txt", "no_deck.txt", "two_authors.txt"):
        shutil.copy(FIXTURES / name, seeds / name)
    code, out, err = run_cli(tmp_path)
    assert code == 1
    assert out.splitlines() == [
        "wrote content/articles/the-plain-headline-without-a-deck.md",
        "wrote content/articles/sanctions-and-the-baltic-grid-what-changed-in-2023.md",
        "wrote content/authors/jane-doe.md",
        "wrote content/authors/john-roe.md",
    ]
    assert err.splitlines()[-1] == "wrote 4 files; 1 error"
    assert "nothing was written" not in err


def test_import_v_lists_every_line_left_out(tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()
    shutil.copy(FIXTURES / "no_deck.txt", tmp_path / "seeds" / "x.txt")
    code, out, err = run_cli(tmp_path, "--dry-run", "-v", "seeds/x.txt")
    assert code == 0
    assert out.splitlines() == [
        "would write content/articles/the-plain-headline-without-a-deck.md",
        "  removed seeds/x.txt:11: Click the share button below to email/forward this "
        "article to your friends and colleagues. Follow us on [Instagram](#).",
        "  removed seeds/x.txt:15: [Become a Member of Global Research](#)",
        "  removed seeds/x.txt:17: *This article was originally published on Example Weekly.*",
        "would write 1 file",
    ]
    assert err == ""


def test_import_without_seeds_says_so(tmp_path: Path) -> None:
    code, out, err = run_cli(tmp_path)
    assert (code, out) == (1, "")
    assert err.splitlines() == ["seeds: no seed files to import", "wrote 0 files; 1 error"]
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "notes.pdf").write_bytes(b"%PDF")
    code, out, err = run_cli(tmp_path)
    assert err.splitlines() == ["seeds: no seed files to import", "wrote 0 files; 1 error"]


def test_a_file_where_the_articles_folder_goes_is_an_error(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "articles").write_text("not a folder\n")
    count, _, report = run([FIXTURES / "no_deck.txt"], content)
    assert count == 0
    assert [str(e) for e in report.errors] == [
        "content/articles/the-plain-headline-without-a-deck.md: articles is not a folder"]
