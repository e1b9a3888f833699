"""A Pagefind bundle made byte-stable, trimmed to what the search page loads, and checked.

Pagefind writes the values of each filter, and the list of filters, in the order of a Rust
hash map, which changes from run to run; the file names are hashes of those bytes, so the
bundle differs each time although it answers every query the same. `normalise` decodes the
filter files and the index's metadata (gzip, a `pagefind_dcd` signature, then CBOR), sorts
what a hash map ordered, and renames each file by a hash of its new bytes: the same records
in the same order now give the same bundle, byte for byte.

`verify` checks, before a site is published, that every file the search page will ask for
is there: Pagefind's script and WebAssembly, and for each shard its entry file, metadata and
every index chunk, fragment and filter file the metadata names.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections.abc import Callable, Mapping
from typing import Any

import cbor2

SIGNATURE = b"pagefind_dcd"
ENTRY = "pagefind-entry.json"
SCRIPTS = ("pagefind.js", "pagefind-worker.js")  # what the page loads besides the index
_KEPT = re.compile(r"(pagefind-entry\.json|pagefind\.[\w-]+\.pf_meta|wasm\.[\w-]+\.pagefind"
                   r"|(index|fragment|filter)/[\w-]+\.pf_\w+|pagefind(-worker)?\.js)")
_INDEX_ONLY = re.compile(r"(pagefind-entry\.json|pagefind\.[\w-]+\.pf_meta"
                         r"|(index|fragment|filter)/[\w-]+\.pf_\w+)")


class BundleError(Exception):
    pass


def _decode(data: bytes) -> Any:
    raw = gzip.decompress(data)
    if not raw.startswith(SIGNATURE):
        raise BundleError("not a Pagefind file")
    return cbor2.loads(raw[len(SIGNATURE):])


def _encode(value: Any) -> bytes:
    return gzip.compress(SIGNATURE + cbor2.dumps(value), compresslevel=9, mtime=0)


def _name(language: str, data: bytes, length: int) -> str:
    return f"{language}_{hashlib.sha256(data).hexdigest()[:length]}"


def normalise(files: Mapping[str, bytes], primary: bool) -> dict[str, bytes]:
    """The bundle with hash-map orders sorted and files renamed by their new bytes; only
    the files the search page loads (the scripts and WebAssembly only in the primary)."""
    keep = _KEPT if primary else _INDEX_ONLY
    result = {path: data for path, data in files.items() if keep.fullmatch(path)}
    try:
        entry = json.loads(result[ENTRY])
        for language, about in entry["languages"].items():
            meta_path = f"pagefind.{about['hash']}.pf_meta"
            meta = _decode(result.pop(meta_path))
            renamed: dict[str, str] = {}
            for _, old in meta[3]:
                values = _decode(result.pop(f"filter/{old}.pf_filter"))
                values[1] = sorted(values[1], key=lambda item: item[0])
                data = _encode(values)
                renamed[old] = _name(language, data, 7)
                result[f"filter/{renamed[old]}.pf_filter"] = data
            meta[3] = sorted([name, renamed[old]] for name, old in meta[3])
            meta[4] = sorted(meta[4], key=lambda item: item[0])
            data = _encode(meta)
            about["hash"] = _name(language, data, 10)
            result[f"pagefind.{about['hash']}.pf_meta"] = data
        result[ENTRY] = json.dumps(entry, separators=(",", ":"), ensure_ascii=False,
                                   sort_keys=True).encode("utf-8")
    except (KeyError, IndexError, TypeError, ValueError, OSError, EOFError,
            cbor2.CBORError) as exc:
        raise BundleError(f"the Pagefind bundle is not in the form this Folio knows "
                          f"({type(exc).__name__}: {exc}); check the pagefind version") from None
    return dict(sorted(result.items()))


def required(folder: str, read: Callable[[str], bytes], primary: bool) -> list[str]:
    """Every file of the bundle in `folder` that a search needs, read through `read`
    (which raises OSError for a missing file); raises BundleError naming a missing or
    unreadable one."""
    needed = [folder + ENTRY]

    def load(path: str) -> bytes:
        try:
            return read(path)
        except OSError:
            raise BundleError(f"the search index is incomplete: {path} is missing") from None

    try:
        entry = json.loads(load(folder + ENTRY))
        for about in entry["languages"].values():
            meta_path = f"{folder}pagefind.{about['hash']}.pf_meta"
            needed.append(meta_path)
            meta = _decode(load(meta_path))
            needed += [f"{folder}fragment/{h}.pf_fragment" for h, *_ in meta[1]]
            needed += [f"{folder}index/{h}.pf_index" for *_, h in meta[2]]
            needed += [f"{folder}filter/{h}.pf_filter" for _, h in meta[3]]
            if primary:
                needed.append(f"{folder}wasm.{about['wasm']}.pagefind")
    except (OSError, KeyError, IndexError, TypeError, ValueError, EOFError,
            cbor2.CBORError) as exc:  # OSError here: gzip's BadGzipFile, not a missing file
        raise BundleError(f"the search index in {folder or './'} is damaged ({exc})") from None
    if primary:
        needed += [folder + script for script in SCRIPTS]
    return needed


def verify(folder: str, read: Callable[[str], bytes], exists: Callable[[str], bool],
           primary: bool) -> None:
    """Raise BundleError unless every file of `required` exists."""
    for path in required(folder, read, primary):
        if not exists(path):
            raise BundleError(f"the search index is incomplete: {path} is missing")
