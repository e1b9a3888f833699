"""Publish rendered pages to the output folder so that a failure leaves the old site whole.

The new site is written into a staging folder beside the output folder; a file whose bytes
did not change is hard-linked from the old site (so it keeps its mtime). The staging folder
then takes the old one's place in one atomic `renameat2(RENAME_EXCHANGE)` where the system
has it, else by two renames with the old site kept aside until the second one is done.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

STAGING_SUFFIX = ".folio-new"
OLD_SUFFIX = ".folio-old"


class OutputError(Exception):
    pass


@dataclass(frozen=True)
class PublishStats:
    written: int  # files whose bytes changed or are new
    kept: int  # files identical to the old site's
    removed: int  # files of the old site that are gone


def check_output_folder(output: Path, project: Path, protected: Iterable[Path]) -> str | None:
    """Why `output` may not be used as the output folder, or None when it may."""
    out = output.resolve()
    for folder in (project, *protected):
        folder = folder.resolve()
        if out == folder or folder.is_relative_to(out):
            return f"the output folder {output} would contain or replace {folder}"
        if out.is_relative_to(folder) and folder != project.resolve():
            return f"the output folder {output} is inside {folder}"
    if output.exists() and not output.is_dir():
        return f"the output folder {output} exists and is not a folder"
    if output.is_symlink():
        return f"the output folder {output} is a symbolic link"
    return None


def staging_path(output: Path) -> Path:
    return output.with_name(output.name + STAGING_SUFFIX)


def recover(output: Path) -> None:
    """Finish or undo a publish that was interrupted, so `output` is a whole site again."""
    old = output.with_name(output.name + OLD_SUFFIX)
    if old.exists() and not output.exists():
        os.rename(old, output)  # killed between the two renames: put the old site back
    for leftover in (old, staging_path(output)):
        if leftover.exists():
            shutil.rmtree(leftover)


class Publisher:
    """Collects the new site in a staging folder, then swaps it in with `commit`."""

    def __init__(self, output: Path) -> None:
        self.output = output
        recover(output)
        self.staging = staging_path(output)
        self.staging.mkdir(parents=True)
        self.paths: set[str] = set()
        self.written = 0
        self.kept = 0

    def write(self, relative: str, data: bytes) -> None:
        if relative in self.paths:
            raise OutputError(f"{relative} written twice")
        self.paths.add(relative)
        target = self.staging / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        old = self.output / relative
        try:
            if old.stat().st_size == len(data) and old.read_bytes() == data:
                os.link(old, target)
                self.kept += 1
                return
        except OSError:
            pass
        target.write_bytes(data)
        self.written += 1

    def copy(self, relative: str, source: Path) -> None:
        self.write(relative, source.read_bytes())

    def commit(self) -> PublishStats:
        removed = sum(1 for _ in self._old_files() if _ not in self.paths)
        if self.output.exists():
            _exchange(self.staging, self.output)
            shutil.rmtree(self.staging)
        else:
            os.rename(self.staging, self.output)
        return PublishStats(self.written, self.kept, removed)

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)

    def _old_files(self) -> Iterable[str]:
        if not self.output.is_dir():
            return
        for path in self.output.rglob("*"):
            if path.is_file():
                yield path.relative_to(self.output).as_posix()


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> None:
    """Swap two folders atomically; fall back to two renames where that is not possible."""
    libc_name = ctypes.util.find_library("c")
    renameat2 = getattr(ctypes.CDLL(libc_name, use_errno=True), "renameat2", None) \
        if libc_name else None
    if renameat2 is not None:
        result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b),
                           _RENAME_EXCHANGE)
        if result == 0:
            return
        if ctypes.get_errno() not in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
            raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(b))
    old = b.with_name(b.name + OLD_SUFFIX)
    os.rename(b, old)
    os.rename(a, b)
    os.rename(old, a)
