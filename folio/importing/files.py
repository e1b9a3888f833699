"""The importer's disk: reading a seed safely, and writing content files inside content/.

A seed is read only if it is a regular file (a FIFO would block, a device could be
endless); it is opened without blocking and checked again once open. A content file is
written only at a path inside content/ that no symbolic link leads out of, and never onto
a folder; each write goes through a temporary file in the same folder and `os.replace`.
Every refusal is an `ImportFileError` whose message a user can act on.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

MAX_SEED_BYTES = 50 * 1024 * 1024


class ImportFileError(Exception):
    """A seed that cannot be read, or a content path that may not be written."""


def _kind(mode: int) -> str:
    kinds = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
             (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
             (stat.S_ISBLK, "a block device"))
    return next((name for test, name in kinds if test(mode)), "not a regular file")


def read_seed(path: Path) -> bytes:
    """The bytes of the seed at `path`; raises ImportFileError for anything but a readable
    regular file of a sane size."""
    try:
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):
            raise ImportFileError(f"cannot read seed: {_kind(mode)}, not a file")
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise ImportFileError(f"cannot read seed: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as handle:
        try:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):  # swapped for something else meanwhile
                raise ImportFileError(f"cannot read seed: {_kind(info.st_mode)}, not a file")
            if info.st_size > MAX_SEED_BYTES:
                raise ImportFileError(
                    f"seed too large ({info.st_size:,} bytes; at most {MAX_SEED_BYTES:,})")
            return handle.read(MAX_SEED_BYTES + 1)
        except OSError as exc:
            raise ImportFileError(f"cannot read seed: {exc.strerror or exc}") from None


def target(content: Path, relative: str) -> Path:
    """`content / relative`, refused when it would be written through a symbolic link that
    leads out of `content`, onto a link, a folder or anything else that is not a file."""
    root = content.resolve()
    path = root.joinpath(*relative.split("/"))
    if ".." in relative.split("/") or not path.is_relative_to(root):
        raise ImportFileError(f"{relative}: path leaves the content folder")
    here = root
    for part in path.relative_to(root).parts:
        here = here / part
        try:
            info = here.lstat()
        except FileNotFoundError:
            break
        except OSError as exc:
            raise ImportFileError(f"{here}: {exc.strerror or exc}") from None
        if stat.S_ISLNK(info.st_mode):
            to = here.resolve()
            name = "it" if here == path else here.relative_to(root).as_posix()
            if not to.is_relative_to(root):
                raise ImportFileError(f"{name} is a symbolic link out of content/ (to {to}); "
                                      "nothing is written through it")
            if here == path:
                raise ImportFileError(f"it is a symbolic link (to {to}); import does not "
                                      "replace links")
            continue
        if here != path and not stat.S_ISDIR(info.st_mode):
            raise ImportFileError(f"{here.relative_to(root)} is not a folder")
        if here == path and not stat.S_ISREG(info.st_mode):
            raise ImportFileError(f"it is {_kind(info.st_mode)}; import writes only files")
    return path


def current(path: Path) -> bytes | None:
    """What the regular file at `path` holds, or None when there is none yet."""
    try:
        return path.read_bytes() if stat.S_ISREG(path.lstat().st_mode) else None
    except FileNotFoundError:
        return None


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder + `os.replace`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
