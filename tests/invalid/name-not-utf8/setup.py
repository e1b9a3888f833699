"""A file whose name is Latin-1 bytes, not UTF-8 (saved by an old tool)."""

import os
from pathlib import Path


def setup(root: Path) -> None:
    name = os.fsencode(root / "content/articles") + b"/caf\xe9.md"
    with open(name, "w", encoding="utf-8") as handle:
        handle.write("---\ntitle: Cafe\ndate: 2024-03-02\nauthors: [Ben Jones]\n---\n\nText.\n")
