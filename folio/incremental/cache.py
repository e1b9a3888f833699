"""The build cache in `.cache/folio.sqlite`: parsed content, rendered bodies and build state.

A document's entry is keyed by a hash of its path, its bytes and every setting that changes
how it is parsed or converted, so an entry can never be stale: it is either right or not
found. The file table lets an unchanged file (same size and mtime) skip even the read and
the hash. SQLite makes each build's writes one transaction, so a build killed at any moment
leaves the cache as it was; a cache that is unreadable for any other reason is set aside
with a note and rebuilt, never trusted.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

FORMAT = b"folio-cache-6"  # 6: files are known by their settings too
_SCHEMA = """
CREATE TABLE IF NOT EXISTS docs (key TEXT PRIMARY KEY, meta BLOB NOT NULL, html BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, mtime_ns INTEGER, size INTEGER,
                                  key TEXT);
CREATE TABLE IF NOT EXISTS state (name TEXT PRIMARY KEY, value BLOB NOT NULL);
"""


def content_key(settings: str, path: str, data: bytes) -> str:
    digest = hashlib.blake2b(FORMAT + settings.encode() + b"\0" + path.encode() + b"\0",
                             digest_size=20)
    digest.update(data)
    return digest.hexdigest()


class Cache:
    """A thin, typed layer over one SQLite file. `Cache.open` never raises for a bad file."""

    def __init__(self, connection: sqlite3.Connection | None, notes: list[str],
                 path: Path | None = None) -> None:
        self._db = connection
        self.notes = notes
        self._path = path
        self.writable = connection is not None  # False: what is stored is not kept

    def reader(self) -> Cache:
        """A read-only connection of its own to the same file, for a forked process (which
        may not use its parent's). What the parent committed is what it reads."""
        if self._db is None or self._path is None:
            return Cache(None, [])
        try:
            db = sqlite3.connect(self._path.resolve().as_uri() + "?mode=ro", uri=True,
                                 check_same_thread=False)
        except sqlite3.Error:
            return Cache(None, [])
        return Cache(db, [], self._path)

    @classmethod
    def open(cls, folder: Path | None, read_only: bool = False) -> Cache:
        """The cache in `folder`; `read_only` (for `check`) opens it without changing a byte:
        a cache that is missing, damaged or of another format is then simply not used."""
        if folder is None:
            return cls(None, [])
        path = folder / "folio.sqlite"
        if read_only:
            return cls._read_only(path)
        notes: list[str] = []
        for attempt in range(2):
            try:
                folder.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
                db.execute("PRAGMA synchronous = NORMAL")
                db.executescript(_SCHEMA)
                version = db.execute("SELECT value FROM state WHERE name = 'format'").fetchone()
                if version is None or version[0] != FORMAT:
                    db.executescript("DELETE FROM docs; DELETE FROM files; DELETE FROM state;")
                    db.execute("INSERT INTO state VALUES ('format', ?)", (FORMAT,))
                check = db.execute("PRAGMA quick_check").fetchone()
                if check is None or check[0] != "ok":
                    raise sqlite3.DatabaseError(check[0] if check else "failed its check")
                db.execute("BEGIN")
                return cls(db, notes, path)
            except (sqlite3.DatabaseError, OSError) as exc:
                if attempt == 0:
                    notes.append(f"the build cache {path} was unreadable ({exc}); "
                                 "it has been set aside and will be rebuilt")
                    for leftover in (path, path.with_name(path.name + "-journal")):
                        with contextlib.suppress(OSError):
                            leftover.unlink(missing_ok=True)
        notes.append(f"the build cache {path} cannot be used; building without it")
        return cls(None, notes)

    @classmethod
    def _read_only(cls, path: Path) -> Cache:
        try:
            db = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True,
                                 check_same_thread=False)
            version = db.execute("SELECT value FROM state WHERE name = 'format'").fetchone()
        except (sqlite3.DatabaseError, OSError):
            return cls(None, [])
        if version is None or version[0] != FORMAT:
            db.close()
            return cls(None, [])
        cache = cls(db, [], path)
        cache.writable = False
        return cache

    @property
    def enabled(self) -> bool:
        return self._db is not None

    # documents ----------------------------------------------------------------------------

    def file_key(self, path: str, mtime_ns: int, size: int) -> str | None:
        row = self._query("SELECT files.key FROM files JOIN docs ON docs.key = files.key "
                          "WHERE path = ? AND mtime_ns = ? AND size = ?", (path, mtime_ns, size))
        return row[0] if row else None

    def remember_file(self, path: str, mtime_ns: int, size: int, key: str) -> None:
        self._execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)",
                      (path, mtime_ns, size, key))

    def meta(self, key: str) -> Any | None:
        row = self._query("SELECT meta FROM docs WHERE key = ?", (key,))
        return self._unpickle(row[0]) if row else None

    def metas(self, keys: Iterable[str]) -> dict[str, Any]:
        """Many entries at once; an entry that does not unpickle is left out."""
        wanted = list(dict.fromkeys(keys))
        found: dict[str, Any] = {}
        if self._db is None:
            return found
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            marks = ",".join("?" * len(chunk))
            try:
                rows = self._db.execute(f"SELECT key, meta FROM docs WHERE key IN ({marks})",
                                        chunk).fetchall()
            except sqlite3.DatabaseError:
                return found
            for key, blob in rows:
                value = self._unpickle(blob)
                if value is not None:
                    found[key] = value
        return found

    def holds(self, keys: Iterable[str]) -> bool:
        """Whether there is an entry for each of the keys."""
        if self._db is None:
            return False
        try:
            found = {key for (key,) in self._db.execute("SELECT key FROM docs")}
        except sqlite3.DatabaseError:
            return False
        return found.issuperset(keys)

    def html(self, key: str) -> str | None:
        row = self._query("SELECT html FROM docs WHERE key = ?", (key,))
        return bytes(row[0]).decode("utf-8") if row else None

    def store(self, key: str, meta: Any, html: str) -> None:
        self._execute("INSERT OR REPLACE INTO docs VALUES (?, ?, ?)",
                      (key, pickle.dumps(meta, protocol=pickle.HIGHEST_PROTOCOL),
                       html.encode("utf-8")))

    def keep_only(self, keys: Iterable[str], paths: Iterable[str]) -> None:
        """Forget documents and files this build did not use."""
        if self._db is None:
            return
        try:
            self._db.execute("CREATE TEMP TABLE IF NOT EXISTS used (key TEXT PRIMARY KEY)")
            self._db.execute("DELETE FROM used")
            self._db.executemany("INSERT OR IGNORE INTO used VALUES (?)", ((k,) for k in keys))
            self._db.execute("DELETE FROM docs WHERE key NOT IN (SELECT key FROM used)")
            self._db.execute("DELETE FROM used")
            self._db.executemany("INSERT OR IGNORE INTO used VALUES (?)", ((p,) for p in paths))
            self._db.execute("DELETE FROM files WHERE path NOT IN (SELECT key FROM used)")
        except sqlite3.DatabaseError:
            pass

    # build state --------------------------------------------------------------------------

    def get(self, name: str) -> Any | None:
        row = self._query("SELECT value FROM state WHERE name = ?", (name,))
        return self._unpickle(row[0]) if row else None

    def put(self, name: str, value: Any) -> None:
        self._execute("INSERT OR REPLACE INTO state VALUES (?, ?)",
                      (name, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)))

    def commit(self) -> None:
        if self._db is not None:
            try:
                self._db.execute("COMMIT")
                self._db.execute("BEGIN")
            except sqlite3.DatabaseError:
                pass

    def close(self, commit: bool) -> None:
        if self._db is None:
            return
        with contextlib.suppress(sqlite3.DatabaseError):
            self._db.execute("COMMIT" if commit else "ROLLBACK")
        self._db.close()
        self._db = None

    # ------------------------------------------------------------------------------------

    def _query(self, sql: str, args: tuple[Any, ...]) -> Any:
        if self._db is None:
            return None
        try:
            return self._db.execute(sql, args).fetchone()
        except sqlite3.DatabaseError:
            return None

    def _execute(self, sql: str, args: tuple[Any, ...]) -> None:
        if self._db is None:
            return
        with contextlib.suppress(sqlite3.DatabaseError):
            self._db.execute(sql, args)

    @staticmethod
    def _unpickle(blob: bytes) -> Any | None:
        try:
            return pickle.loads(blob)
        except Exception:  # a damaged entry is a miss, whatever the damage
            return None


def iter_chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
