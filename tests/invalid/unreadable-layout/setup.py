"""A layout its reader may not read."""

from pathlib import Path


def setup(root: Path) -> None:
    (root / "layouts/term.html").chmod(0)


def teardown(root: Path) -> None:
    (root / "layouts/term.html").chmod(0o644)
