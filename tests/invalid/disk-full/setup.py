"""The output folder's disk fills up half-way through a build (a small tmpfs)."""

import subprocess
from pathlib import Path

import pytest


def setup(root: Path) -> None:
    out = root / "out"
    out.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(out)],
                          capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip("needs to mount a tmpfs (root)")
    words = "Words to fill the disk with, over and over again. " * 60_000  # about 3 MB
    (root / "content/articles/big.md").write_text(
        f"---\ntitle: Big\ndate: 2024-12-31\nauthors: [Ben Jones]\n---\n\n{words}\n",
        encoding="utf-8")


def teardown(root: Path) -> None:
    subprocess.run(["umount", str(root / "out")], check=False)
