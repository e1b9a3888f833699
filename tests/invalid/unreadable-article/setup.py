"""An article its reader may not read."""

from pathlib import Path


def setup(root: Path) -> None:
    path = root / "content/articles/secret.md"
    path.write_text("---\ntitle: Secret\ndate: 2024-03-02\nauthors: [Ben Jones]\n---\n\nText.\n",
                    encoding="utf-8")
    path.chmod(0)


def teardown(root: Path) -> None:
    (root / "content/articles/secret.md").chmod(0o644)
