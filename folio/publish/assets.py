"""Static assets under fingerprinted names, so any static host may cache them forever.

The default theme's `static/` (inside the package) and a project's `layouts/static/` are
merged file by file: a project file of the same name replaces the theme's.
`static/style.css` is published as `static/style.<hash>.css`, where the hash is the
first 10 hex characters of the SHA-256 of its bytes: the name changes exactly when the
content does. Only stylesheets and scripts are renamed; images, fonts and icons keep their
names (templates and content may link to them directly). Templates link to an asset through
the `asset('style.css')` global, which returns the relative URL of the published file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

FINGERPRINTED = (".css", ".js")
HASH_LENGTH = 10
PREFIX = "static/"


@dataclass(frozen=True)
class Asset:
    source: Path
    name: str  # the logical name templates ask for, e.g. "style.css"
    published: str  # the path in the output folder, e.g. "static/style.0123456789.css"

    @property
    def url(self) -> str:
        return "/" + self.published


def fingerprinted_name(name: str, data: bytes) -> str:
    """`style.css` → `style.<first 10 hex of sha256>.css`; other files keep their name."""
    path = PurePosixPath(name)
    if path.suffix not in FINGERPRINTED:
        return name
    digest = hashlib.sha256(data).hexdigest()[:HASH_LENGTH]
    return str(path.with_name(f"{path.stem}.{digest}{path.suffix}"))


def collect(*folders: Path) -> dict[str, Asset]:
    """Every file under the `folders` (hidden files left out), by logical name, sorted; of
    two files with one name, the one in the earlier folder (a project's over the theme's)."""
    found: dict[str, Path] = {}
    for static in reversed(folders):
        if not static.is_dir():
            continue
        for path in sorted(static.rglob("*")):
            if path.is_file() and not any(part.startswith(".") for part in
                                          path.relative_to(static).parts):
                found[path.relative_to(static).as_posix()] = path
    assets: dict[str, Asset] = {}
    for name, path in sorted(found.items()):
        try:
            data = path.read_bytes()
        except OSError:  # the build reports unreadable layout files before it gets here
            continue
        assets[name] = Asset(path, name, PREFIX + fingerprinted_name(name, data))
    return assets
