"""Fingerprints of page contexts: equal fingerprints mean equal pages.

A page is rendered from its template (all layouts are hashed into one digest), the site
context and its own context. Walking the context is cheap because the large objects carry
their own fingerprint: an `Entry` stands for its file's content key, its URL and its terms,
and a lazily loaded body stands for its content key and the links it resolves.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any


def fingerprint(*values: Any) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for value in values:
        _feed(digest, value)
    return digest.hexdigest()


def marks(values: Iterable[Any]) -> str:
    """The fingerprints of objects that carry their own (or None), joined: much quicker than
    feeding them to `fingerprint` one by one, for the lists of entries most pages show."""
    return "\x1f".join(v.__fingerprint__() if v is not None else "" for v in values)


def files_digest(folder: Path) -> str:
    """One digest of every file below `folder` (names and bytes)."""
    digest = hashlib.blake2b(digest_size=16)
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
                digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _feed(digest: Any, value: Any) -> None:
    update = digest.update
    kind = type(value)  # the common kinds first, by exact type: this runs for every page
    if kind is str:
        data = value.encode("utf-8", "surrogatepass")
        update(b"s%d:" % len(data) + data)
        return
    if kind is list or kind is tuple:
        update(b"[%d" % len(value))
        for item in value:
            _feed(digest, item)
        update(b"]")
        return
    own = getattr(kind, "__fingerprint__", None)
    if own is not None:
        update(b"f:" + own(value).encode() + b";")
        return
    if value is None or isinstance(value, bool | int | float):
        update(f"{type(value).__name__}:{value!r};".encode())
    elif isinstance(value, bytes):
        update(b"b%d:" % len(value) + value)
    elif isinstance(value, str):  # includes Markup
        data = value.encode("utf-8", "surrogatepass")
        update(b"s%d:" % len(data) + data)
    elif hasattr(value, "__fingerprint__"):
        update(b"f:" + value.__fingerprint__().encode() + b";")
    elif isinstance(value, Enum):
        update(f"e:{value.value!r};".encode())
    elif isinstance(value, datetime | date):
        update(b"d:" + value.isoformat().encode() + b";")
    elif isinstance(value, list | tuple):
        update(b"[%d" % len(value))
        for item in value:
            _feed(digest, item)
        update(b"]")
    elif isinstance(value, dict):
        update(b"{%d" % len(value))
        for key, item in value.items():
            _feed(digest, key)
            _feed(digest, item)
        update(b"}")
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        update(type(value).__name__.encode() + b"(")
        for field in dataclasses.fields(value):
            _feed(digest, getattr(value, field.name))
        update(b")")
    elif isinstance(value, Path):
        _feed(digest, value.as_posix())
    else:
        raise TypeError(f"cannot fingerprint a {type(value).__name__} in a page context")
