"""folio/search/bundle.py: a Pagefind bundle made byte-stable (hash-map orders sorted, files
renamed by their bytes), trimmed to what the search page loads, and checked complete."""

from __future__ import annotations

import gzip
import hashlib
import json
import time
from collections.abc import Callable, Iterator

import pytest

from folio.search import pagefind
from folio.search.bundle import (
    ENTRY,
    SCRIPTS,
    BundleError,
    _decode,
    _encode,
    normalise,
    required,
    verify,
)
from folio.search.pagefind import Record

pytestmark = pytest.mark.skipif(not pagefind.available(), reason="Pagefind is not installed")

RECORDS = [
    Record("/a/", "Alpha text about sanctions", "en", {"title": "Alpha"},
           {"tags": ["NATO", "EU", "Zed"], "authors": ["Jane"]},
           {"date": "2024-01-01T00:00:00Z", "title": "Alpha"}),
    Record("/b/", "Beta text on trade", "en", {"title": "Beta"},
           {"tags": ["EU", "Yak"], "authors": ["John", "Jane"]},
           {"date": "2024-01-02T00:00:00Z", "title": "Beta"}),
]


@pytest.fixture(scope="module")
def raw() -> Iterator[dict[str, bytes]]:
    with pagefind.service() as running:
        yield pagefind.bundle_files(RECORDS, "en", running)


def meta_path(files: dict[str, bytes]) -> str:
    about = json.loads(files[ENTRY])["languages"]["en"]
    return f"pagefind.{about['hash']}.pf_meta"


def shuffled(files: dict[str, bytes]) -> dict[str, bytes]:
    """The same bundle as Pagefind may write it another time: each filter's values and the
    list of filters in another order, files under other names."""
    result = dict(files)
    meta = _decode(result.pop(meta_path(files)))
    renamed = []
    for n, (name, old) in enumerate(reversed(meta[3])):
        values = _decode(result.pop(f"filter/{old}.pf_filter"))
        values[1] = list(reversed(values[1]))
        result[f"filter/en_other{n}.pf_filter"] = _encode(values)
        renamed.append([name, f"en_other{n}"])
    meta[3] = renamed
    meta[4] = list(reversed(meta[4]))
    result["pagefind.en_shuffled0.pf_meta"] = _encode(meta)
    entry = json.loads(files[ENTRY])
    entry["languages"]["en"]["hash"] = "en_shuffled0"
    result[ENTRY] = json.dumps(entry).encode()
    return result


def test_normalising_sorts_what_a_hash_map_ordered(raw: dict[str, bytes]) -> None:
    once = normalise(raw, primary=True)
    assert normalise(shuffled(raw), primary=True) == once
    meta = _decode(once[meta_path(once)])
    assert [name for name, _ in meta[3]] == ["authors", "tags"]
    assert [name for name, _ in meta[4]] == ["date", "title"]
    for _, name in meta[3]:
        values = _decode(once[f"filter/{name}.pf_filter"])[1]
        assert [value for value, _ in values] == sorted(value for value, _ in values)


def test_the_same_bundle_gives_the_same_bytes_at_any_time(
        raw: dict[str, bytes], monkeypatch: pytest.MonkeyPatch) -> None:
    now = normalise(raw, primary=True)
    monkeypatch.setattr(time, "time", lambda: 2_000_000_000.0)  # gzip stamps the time
    assert normalise(raw, primary=True) == now


def test_normalise_is_idempotent(raw: dict[str, bytes]) -> None:
    once = normalise(raw, primary=True)
    assert normalise(once, primary=True) == once
    assert list(once) == sorted(once)


def test_files_are_named_by_their_bytes(raw: dict[str, bytes]) -> None:
    once = normalise(raw, primary=True)
    for path, data in once.items():
        if path.startswith("filter/"):
            assert path == f"filter/en_{hashlib.sha256(data).hexdigest()[:7]}.pf_filter"
    assert meta_path(once) == \
        f"pagefind.en_{hashlib.sha256(once[meta_path(once)]).hexdigest()[:10]}.pf_meta"


def test_only_what_the_search_page_loads_is_kept(raw: dict[str, bytes]) -> None:
    primary, other = normalise(raw, primary=True), normalise(raw, primary=False)
    assert "pagefind-ui.js" in raw and "pagefind-ui.js" not in primary
    assert all(script in primary for script in SCRIPTS) and "wasm.en.pagefind" in primary
    assert not any(path.endswith((".js", ".css")) or path.startswith("wasm.")
                   for path in other)
    assert set(other) == {p for p in primary if not p.endswith(".js") and
                          not p.startswith("wasm.")}


def reader(files: dict[str, bytes], folder: str) -> tuple[Callable[[str], bytes],
                                                          Callable[[str], bool]]:
    def read(path: str) -> bytes:
        try:
            return files[path[len(folder):]]
        except KeyError:
            raise FileNotFoundError(2, "No such file", path) from None

    return read, lambda path: path[len(folder):] in files


def test_a_complete_bundle_verifies(raw: dict[str, bytes]) -> None:
    for primary in (True, False):
        files = normalise(raw, primary)
        verify("pagefind/shard-1/", *reader(files, "pagefind/shard-1/"), primary=primary)
        needed = required("x/", reader(files, "x/")[0], primary)
        assert len(needed) == len(set(needed))
        assert {p[2:] for p in needed} <= set(files)


@pytest.mark.parametrize("kind", ["fragment/", "index/", "filter/", "wasm.en", "pagefind.js",
                                  "pagefind-worker.js", ".pf_meta"])
def test_verify_names_a_missing_file(raw: dict[str, bytes], kind: str) -> None:
    files = normalise(raw, primary=True)
    gone = next(path for path in files if kind in path)
    del files[gone]
    with pytest.raises(BundleError, match="the search index is incomplete: pagefind/"
                       + gone.replace(".", r"\.") + " is missing"):
        verify("pagefind/", *reader(files, "pagefind/"), primary=True)


def test_verify_names_a_missing_entry_and_a_damaged_index(raw: dict[str, bytes]) -> None:
    files = normalise(raw, primary=True)
    del files[ENTRY]
    with pytest.raises(BundleError, match=r"pagefind/pagefind-entry\.json is missing"):
        verify("pagefind/", *reader(files, "pagefind/"), primary=True)
    files = normalise(raw, primary=True)
    files[meta_path(files)] = gzip.compress(b"pagefind_dcd\xff\xff")  # not CBOR
    with pytest.raises(BundleError, match="the search index in pagefind/ is damaged"):
        verify("pagefind/", *reader(files, "pagefind/"), primary=True)


def test_a_file_that_is_not_gzip_is_damaged_not_missing(raw: dict[str, bytes]) -> None:
    files = normalise(raw, primary=True)
    files[meta_path(files)] = b"not gzip"
    with pytest.raises(BundleError, match="the search index in pagefind/ is damaged"):
        verify("pagefind/", *reader(files, "pagefind/"), primary=True)


def test_a_bundle_in_a_form_this_folio_does_not_know(raw: dict[str, bytes]) -> None:
    files = dict(raw)
    files[ENTRY] = b'{"languages": {"en": {"hash": "gone"}}}'
    with pytest.raises(BundleError, match="check the pagefind version"):
        normalise(files, primary=True)
    files = dict(raw)
    files[meta_path(raw)] = _encode(["1.5.2"])
    with pytest.raises(BundleError, match="not in the form this Folio knows"):
        normalise(files, primary=True)
