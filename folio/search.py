"""The search index: Pagefind run over the rendered site, offline, before it is published.

Article pages mark their body with `data-pagefind-body` and carry `data-pagefind-filter`
(author, theme, region, report) and `data-pagefind-meta` (title, date) values, so only
articles are indexed and results can be narrowed. Pagefind writes its bundle into a
temporary folder beside the staging site; the files are then published like any page, at
`pagefind/…`, so unchanged index files keep their modification time.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

BUNDLE = "pagefind"  # the bundle's folder in the site: /pagefind/pagefind-ui.js
INSTALL_HINT = "install it with: python -m pip install 'pagefind[bin]'"


def pagefind_version() -> str:
    """Part of the search bundle's fingerprint: a new Pagefind builds a new bundle."""
    try:
        return importlib.metadata.version("pagefind")
    except importlib.metadata.PackageNotFoundError:
        return "none"


class SearchError(Exception):
    pass


def available() -> bool:
    return importlib.util.find_spec("pagefind") is not None and (
        importlib.util.find_spec("pagefind_bin") is not None
        or importlib.util.find_spec("pagefind_bin_extended") is not None
        or shutil.which("pagefind") is not None)


def index_files(site: Path) -> Iterator[tuple[str, bytes]]:
    """Index the HTML in `site`; yield the bundle as (output path, bytes), sorted.

    Pagefind's filter files are not byte-stable from run to run (their order follows a
    hash map), so the pipeline runs it only when an indexed page changed and otherwise
    keeps the published bundle. Raises SearchError when Pagefind is missing or fails.
    """
    if not available():
        raise SearchError(f"the search index needs Pagefind, which is not installed; "
                          f"{INSTALL_HINT}")
    # In the system's temporary folder: a build killed here leaves nothing in the project.
    with tempfile.TemporaryDirectory(prefix="folio-pagefind-") as temp:
        out = Path(temp) / BUNDLE
        command = [sys.executable, "-m", "pagefind", "--site", str(site),
                   "--output-path", str(out), "--silent"]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=600,
                                  check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise SearchError(f"Pagefind could not run: {exc}") from None
        if done.returncode != 0 or not out.is_dir():
            detail = " ".join((done.stderr or done.stdout).split())[-500:]
            raise SearchError(f"Pagefind failed (exit {done.returncode}): "
                              f"{detail or 'no output'}")
        for path in sorted(out.rglob("*")):
            if path.is_file():
                yield f"{BUNDLE}/{path.relative_to(out).as_posix()}", path.read_bytes()
