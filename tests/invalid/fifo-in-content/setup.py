"""A named pipe where an article would be (reading it would block the build for ever)."""

import os
from pathlib import Path


def setup(root: Path) -> None:
    os.mkfifo(root / "content/articles/pipe.md")
