"""The output folder lives on a file system mounted read-only."""

import subprocess
from pathlib import Path

import pytest


def setup(root: Path) -> None:
    out = root / "ro"
    out.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m,ro", "tmpfs", str(out)],
                          capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip("needs to mount a tmpfs (root)")


def teardown(root: Path) -> None:
    subprocess.run(["umount", str(root / "ro")], check=False)
