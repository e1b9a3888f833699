"""A link in content/articles/ to a file that is gone."""

from pathlib import Path


def setup(root: Path) -> None:
    (root / "content/articles/gone.md").symlink_to(root / "nowhere/gone.md")
