"""A stylesheet its reader may not read."""

from pathlib import Path


def setup(root: Path) -> None:
    (root / "layouts/static/style.css").chmod(0)


def teardown(root: Path) -> None:
    (root / "layouts/static/style.css").chmod(0o644)
