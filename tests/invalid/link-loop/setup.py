"""Two links that lead to each other, and a folder link that leads to its own parent."""

from pathlib import Path


def setup(root: Path) -> None:
    articles = root / "content/articles"
    (articles / "a.md").symlink_to("b.md")
    (articles / "b.md").symlink_to("a.md")
    (articles / "again").symlink_to(articles, target_is_directory=True)
