"""An article forty folders down."""

from pathlib import Path


def setup(root: Path) -> None:
    folder = root / "content/articles" / "/".join(f"d{n}" for n in range(40))
    folder.mkdir(parents=True)
    (folder / "deep.md").write_text("---\ntitle: Deep\ndate: 2024-03-02\nauthors: [Ben Jones]\n"
                                    "---\n\nText.\n", encoding="utf-8")
