"""The folder that holds site/ may not be written: the new site cannot be made beside it."""

from pathlib import Path


def setup(root: Path) -> None:
    root.chmod(0o555)


def teardown(root: Path) -> None:
    root.chmod(0o755)
