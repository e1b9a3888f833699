"""The build cache may be read but not written."""

from pathlib import Path


def setup(root: Path) -> None:
    for path in (root / ".cache").rglob("*"):
        path.chmod(0o555 if path.is_dir() else 0o444)
    (root / ".cache").chmod(0o555)


def teardown(root: Path) -> None:
    (root / ".cache").chmod(0o755)
    for path in (root / ".cache").rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
