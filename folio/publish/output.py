"""Publish pages to the output folder so that a failure or a kill leaves the old site whole.

The output folder `site/` is double-buffered: beside it, hidden, `.site.folio-buffer/` holds
the generation before. A build brings the buffer up to date, touching only the files whose
fingerprint differs (a file unchanged since the live generation is hard-linked from it, so
it keeps its mtime), then swaps the two folders in one atomic
`renameat2(RENAME_EXCHANGE)`. Readers of `site/` see the old site or the new one, never a
mixture; an edit costs a few file writes, not a copy of the site. The manifests (which
fingerprint each file of each folder holds) live in the build cache; whenever they cannot
be trusted the buffer is rebuilt from scratch, comparing bytes.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

BUFFER_SUFFIX = ".folio-buffer"
OLD_SUFFIX = ".folio-old"
# Every generation of the site holds this file: a folder without it was not made by Folio,
# and is never emptied, moved or deleted by a build.
MARKER = ".folio-output"
MARKER_TEXT = (b"This folder is written by Folio (python build.py): files added here are "
               b"removed by the next build.\n")
MARKER_MARK = "folio-output-1"


class OutputError(Exception):
    def __init__(self, path: Path, message: str) -> None:
        super().__init__(path, message)
        self.path, self.message = path, message


def made_by_folio(folder: Path) -> bool:
    """Whether `folder` is a generation Folio wrote (it holds the marker)."""
    return (folder / MARKER).is_file() and not (folder / MARKER).is_symlink()




@dataclass(frozen=True)
class PublishStats:
    written: int  # files whose bytes changed or are new
    kept: int  # files identical to the old site's
    removed: int  # files of the old site that are gone


@dataclass
class OutputState:
    """What the cache remembers of the output folder and its buffer."""

    live_inode: int = 0
    live: dict[str, str] = field(default_factory=dict)  # path -> fingerprint
    buffer_inode: int = 0
    buffer: dict[str, str] | None = None  # None: unknown, rebuild it
    # The mtime of each folder of a generation, taken when it went live: a file added to or
    # removed from a folder changes the folder's mtime.
    live_folders: dict[str, int] | None = None
    buffer_folders: dict[str, int] | None = None


def check_output_folder(output: Path, project: Path, protected: Iterable[Path]) -> str | None:
    """Why `output` may not be used as the output folder, or None when it may."""
    out = output.resolve()
    for folder in (project, *protected):
        folder = folder.resolve()
        if out == folder or folder.is_relative_to(out):
            return f"the output folder {output} would contain or replace {folder}"
        if out.is_relative_to(folder) and folder != project.resolve():
            return f"the output folder {output} is inside {folder}"
    if output.is_symlink():
        return f"the output folder {output} is a symbolic link"
    if output.exists() and not output.is_dir():
        return f"the output folder {output} exists and is not a folder"
    return None


def foreign_files(output: Path, live_inode: int) -> str | None:
    """A file of `output` that shows Folio did not write the folder, or None: an empty or
    missing folder, one with Folio's marker, or the one the cache knows it published."""
    if not output.is_dir() or made_by_folio(output) or (live_inode and _inode(output)
                                                         == live_inode):
        return None
    try:
        names = sorted(os.listdir(output))
    except OSError as exc:
        raise OutputError(output, f"cannot read the output folder: {exc.strerror}") from None
    return names[0] if names else None


def buffer_path(output: Path) -> Path:
    return output.with_name("." + output.name + BUFFER_SUFFIX)


def recover(output: Path) -> None:
    """Undo a swap that was interrupted between its renames (systems without renameat2).
    A folder of that name that Folio did not make is left alone, with an error."""
    old = output.with_name(output.name + OLD_SUFFIX)
    if not (old.exists() or old.is_symlink()):
        return
    if old.is_symlink() or not old.is_dir() or not made_by_folio(old):
        raise OutputError(old, "this is where Folio swaps the output folder, but Folio did "
                          "not make what is there; move it elsewhere")
    if not output.exists():
        os.rename(old, output)
    else:
        shutil.rmtree(old)


def clear_buffer(buffer: Path, output: Path) -> None:
    """Make `buffer` an empty folder for a new generation: a link there is removed (never
    followed), a folder Folio made is emptied; anything else is in the way, with an error."""
    if buffer.is_symlink():
        buffer.unlink()
    elif buffer.is_dir():
        if any(buffer.iterdir()) and not made_by_folio(buffer):
            raise OutputError(buffer, "this is Folio's scratch folder for the site, but Folio "
                              "did not make the folder now there; move it elsewhere")
        shutil.rmtree(buffer)
    elif buffer.exists():
        raise OutputError(buffer, "this is Folio's scratch folder for the site, but a file is "
                          "there; move it elsewhere")
    buffer.mkdir(parents=True)
    try:  # the live site's marker, with its mtime, when it is the same
        if (output / MARKER).read_bytes() == MARKER_TEXT:
            os.link(output / MARKER, buffer / MARKER)
            return
    except OSError:
        pass
    (buffer / MARKER).write_bytes(MARKER_TEXT)


def _inode(path: Path) -> int:
    try:
        return path.stat().st_ino
    except OSError:
        return 0


class Publisher:
    """Brings the buffer up to date page by page, then swaps it in with `commit`."""

    def __init__(self, output: Path, state: OutputState | None, adopt: bool = False) -> None:
        """`adopt`: the output folder holds files Folio did not write, and the user said
        to replace them (`--force`)."""
        self.output = output
        recover(output)
        if adopt:
            (output / MARKER).write_bytes(MARKER_TEXT)
        self.buffer = buffer_path(output)
        state = state or OutputState()
        live_ok = output.is_dir() and _inode(output) == state.live_inode
        self.live: dict[str, str] = state.live if live_ok else {}
        self.live_trusted = live_ok
        self.live_folders = state.live_folders if live_ok else None
        buffer_ok = (live_ok and state.buffer is not None and self.buffer.is_dir()
                     and not self.buffer.is_symlink()
                     and _inode(self.buffer) == state.buffer_inode
                     and state.buffer_folders is not None
                     and _folders_unchanged(self.buffer, state.buffer_folders))
        # The buffer's folders' mtimes, brought up to date at the swap for the folders this
        # build changed (None: take them all anew).
        self.folders: dict[str, int] | None = None
        self.touched: set[str] = set()  # folders (ending in "/", the buffer itself "")
        if buffer_ok:
            assert state.buffer is not None and state.buffer_folders is not None
            self.held: dict[str, str] = dict(state.buffer)
            self.folders = dict(state.buffer_folders)
        else:
            clear_buffer(self.buffer, output)
            self.held = {MARKER: MARKER_MARK}
        self.new: dict[str, str] = {}
        self.written = 0
        self.kept = 0

    def can_keep(self, relative: str, fingerprint: str) -> bool:
        """Whether `keep` would succeed, without claiming the file."""
        return self.held.get(relative) == fingerprint or (
            self.live.get(relative) == fingerprint and (self.output / relative).is_file())

    def keep(self, relative: str, fingerprint: str) -> bool:
        """Keep the file without making it, if some generation already holds it."""
        if self.held.get(relative) == fingerprint:
            self._claim(relative, fingerprint)
            self.kept += 1
            return True
        if self.live.get(relative) == fingerprint:
            target = self.buffer / relative
            try:
                self._clear(relative, target)
                os.link(self.output / relative, target)
            except OSError:
                return False
            self._claim(relative, fingerprint)
            self.kept += 1
            return True
        return False

    def write(self, relative: str, data: bytes, fingerprint: str) -> None:
        self._claim(relative, fingerprint)
        target = self.buffer / relative
        self._clear(relative, target)
        old = self.output / relative  # same bytes as the live file: keep it, and its mtime
        try:
            if old.stat().st_size == len(data) and old.read_bytes() == data:
                os.link(old, target)
                self.kept += 1
                return
        except OSError:
            pass
        try:
            target.write_bytes(data)
        except OSError as exc:  # named by where the file was going: the user's output
            raise OSError(exc.errno, exc.strerror, str(self.output / relative)) from None
        self.written += 1

    def prune(self) -> None:
        """Remove from the buffer what the new site no longer has (commit does it too)."""
        for relative in sorted(set(self.held) - set(self.new)):
            self._touch(relative)
            (self.buffer / relative).unlink(missing_ok=True)
            _remove_empty_parents(self.buffer, relative)
            del self.held[relative]  # gone: nothing may keep it any more

    def commit(self) -> tuple[PublishStats, OutputState]:
        """Remove what the new site no longer has, then swap the buffer in."""
        if MARKER not in self.new and not self.keep(MARKER, MARKER_MARK):
            self.write(MARKER, MARKER_TEXT, MARKER_MARK)
        self.prune()
        removed = len(set(self.live) - set(self.new)) if self.live_trusted else 0
        previous = self.live if self.live_trusted else None
        if self.output.exists():
            _exchange(self.buffer, self.output)
        else:
            os.rename(self.buffer, self.output)
            previous = None
        state = OutputState(_inode(self.output), self.new, _inode(self.buffer), previous,
                            self._folder_times(),
                            self.live_folders if previous is not None else None)
        return PublishStats(self.written, self.kept, removed), state

    def _folder_times(self) -> dict[str, int] | None:
        """The mtimes of the folders of the generation just swapped in: those this build
        did not touch are as they were when it was last checked."""
        if self.folders is None:
            return _folder_times(self.output, self.new)
        prefix = str(self.output) + os.sep
        for folder in self.touched:
            try:
                self.folders[folder] = os.stat(prefix + folder).st_mtime_ns
            except FileNotFoundError:  # emptied and removed
                self.folders.pop(folder, None)
            except OSError:
                return _folder_times(self.output, self.new)
        return self.folders

    def _touch(self, relative: str) -> None:
        """Note the folders whose entries change as `relative` is written or removed."""
        cut = relative.rfind("/")
        while cut > 0:
            folder = relative[:cut + 1]
            if folder in self.touched:
                return
            self.touched.add(folder)
            cut = relative.rfind("/", 0, cut)
        self.touched.add("")

    def _clear(self, relative: str, target: Path) -> None:
        """Make room for a new file: never write through a link shared with site/."""
        self._touch(relative)
        if relative in self.held:
            target.unlink(missing_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)

    def _claim(self, relative: str, fingerprint: str) -> None:
        if relative in self.new:
            raise ValueError(f"{relative} is written twice")
        self.new[relative] = fingerprint


def _folder_times(root: Path, files: Iterable[str]) -> dict[str, int] | None:
    """The mtime of `root` and of each folder that holds `files`, or None if one is gone."""
    prefix = str(root) + os.sep
    times: dict[str, int] = {}
    for folder in ["", *sorted(f for f in _tree_of(files) if f.endswith("/"))]:
        try:
            times[folder] = os.stat(prefix + folder).st_mtime_ns
        except OSError:
            return None
    return times


def _folders_unchanged(root: Path, times: dict[str, int]) -> bool:
    """Whether no file or folder was added to or removed from the folders since their
    mtimes were taken. Whatever a user left in site/ becomes part of the buffer at the next
    swap; this keeps it out of later generations (one stat a folder, not a walk)."""
    prefix = str(root) + os.sep
    try:
        return all(os.stat(prefix + folder).st_mtime_ns == mtime
                   for folder, mtime in times.items())
    except OSError:
        return False


def _tree_of(files: Iterable[str]) -> set[str]:
    """The files of a folder that holds exactly `files`, and its folders (ending in "/")."""
    tree = set(files)
    for relative in list(tree):
        cut = relative.rfind("/")
        while cut > 0 and relative[:cut + 1] not in tree:
            tree.add(relative[:cut + 1])
            cut = relative.rfind("/", 0, cut)
    return tree


def _remove_empty_parents(root: Path, relative: str) -> None:
    folder = (root / relative).parent
    while folder != root:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> None:
    """Swap two folders atomically; fall back to three renames where that is not possible."""
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
