"""A taxonomy folder its reader may not open: its profiles must not vanish silently."""

from pathlib import Path


def setup(root: Path) -> None:
    (root / "content/authors").chmod(0)


def teardown(root: Path) -> None:
    (root / "content/authors").chmod(0o755)
