"""Publish a build all at once: new files go to a staging folder, then into place.

Two ways to publish, both all-or-nothing:

- a whole site (first build, or most files changed): the staging folder gets
  every file, unchanged ones hard-linked from the previous output, and is swapped
  in place of the output folder with two renames;
- an update (a few files changed): the staging folder gets only the changed
  files and a list of files to delete, and is renamed to `.<output>.commit-*`.
  That rename is the commit: from then on the update is applied file by file,
  and if the build is killed while applying, the next build finishes it first.

A build that fails or is killed before the commit leaves the previous output as
it was; its staging folder is removed by the next build. What a build replaces
(the old site, an edit's old search index) is deleted in the background.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
import uuid
from pathlib import Path
from typing import Any

from .background import dispose
from .problems import OutputError
from .urls import is_inside

__all__ = ["Publication"]

_DELETIONS = ".thidua-deletions"
"""In an update's staging folder: output paths to delete, one per line."""


class Publication:
    """One build's way into the output folder."""

    def __init__(self, output_dir: Path, whole: bool) -> None:
        self.output_dir = output_dir.resolve()
        parent = self.output_dir.parent
        self.folder = parent / f".{self.output_dir.name}.tmp-{os.getpid()}"
        """Where this build writes its new files, at their output paths."""
        try:
            parent.mkdir(parents=True, exist_ok=True)
            finish_interrupted(self.output_dir)
            self.whole = whole or not self.output_dir.is_dir()
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder.mkdir()
        except OSError as error:
            raise self.failed(error) from error

    def path_for(self, output_path: str) -> Path:
        """The staging file for `output_path`, its folder made; never outside the folder."""
        if not is_inside(self.folder, output_path):
            raise OutputError(f"refusing to write '{output_path}': it is outside the output folder")
        target = self.folder / output_path
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def write(self, output_path: str, data: bytes | list[bytes]) -> None:
        """Write `data`, or its pieces one after another (a large file is never joined
        in memory: the search index runs to tens of megabytes)."""
        target = self.path_for(output_path)
        if isinstance(data, bytes):
            target.write_bytes(data)
        else:
            _write_pieces(target, data)

    def splice(self, output_path: str, pieces: list[bytes | tuple[int, int]]) -> None:
        """Write `output_path` from bytes and (start, end) ranges of its published file,
        which the kernel copies (an edit's search index: 75 MB, a few entries new)."""
        target = self.path_for(output_path)
        source = os.open(self.output_dir / output_path, os.O_RDONLY)
        try:
            fd = _create(target)
            try:
                for piece in pieces:
                    if isinstance(piece, bytes):
                        _write_all(fd, piece)
                    else:
                        _copy_range(source, fd, *piece)
            finally:
                os.close(fd)
        finally:
            os.close(source)

    def link(self, source: Path, output_path: str) -> None:
        """A file nobody edits in place (an installed theme asset): a hard link costs nothing."""
        _link_or_copy(source, self.path_for(output_path))

    def copy(self, source: Path, output_path: str) -> None:
        """An editor's file (media): copied, so an in-place edit can never reach the site."""
        shutil.copyfile(source, self.path_for(output_path))

    def read(self, output_path: str) -> bytes:
        """A file as this build publishes it: written now, or kept from the previous output."""
        staged = self.folder / output_path
        return (staged if staged.is_file() else self.output_dir / output_path).read_bytes()

    def publish(self, unchanged: list[str], deletions: list[str]) -> None:
        """Make the output hold the staged files plus `unchanged` ones, minus `deletions`."""
        committed = None
        try:
            if self.whole:
                for output_path in unchanged:
                    _link_or_copy(self.output_dir / output_path, self.path_for(output_path))
                _swap(self.folder, self.output_dir)
            else:
                (self.folder / _DELETIONS).write_text("".join(f"{p}\n" for p in deletions),
                                                      encoding="utf-8")
                path = self.output_dir.parent / f".{self.output_dir.name}.commit-{os.getpid()}"
                os.replace(self.folder, path)
                committed = path
                _apply(committed, self.output_dir)
        except OSError as error:
            raise self.failed(error, committed=committed is not None) from error

    def abandon(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def failed(self, error: OSError, committed: bool = False) -> OutputError:
        """The error a user reads when this build's files cannot be written (a full disk, a
        folder they may not write, ...): which file, why, what to do, and what became of
        the output (unchanged, or, for an update that failed while it was being applied,
        finished by the next build). What was staged is removed."""
        self.abandon()
        path = self._published(error.filename)
        where = f"{path}: " if path is not None else ""
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            advice = f"free some space on the disk of {self.output_dir.parent} and build again"
        elif error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            advice = ("build into a folder you may write (--output), or let this user write "
                      f"{self.output_dir.parent}")
        else:
            advice = "fix that and build again"
        if committed:
            state = f"The next build finishes publishing {self.output_dir}."
        else:
            state = f"{self.output_dir} is unchanged." if self.output_dir.is_dir() else \
                "Nothing was published."
        return OutputError(f"could not write the site: {where}{error.strerror or error}; "
                           f"{advice}. {state}")

    def _published(self, path: Any) -> Any:
        """A path in the staging folder as it would be published; any other as it is."""
        if not isinstance(path, str):
            return path
        relative = os.path.relpath(path, self.folder)
        return self.output_dir / relative if relative == "." or is_inside(self.folder, relative) \
            else path


def finish_interrupted(output_dir: Path) -> None:
    """Remove what killed builds left; finish applying an update that was committed."""
    parent, name = output_dir.parent, output_dir.name
    for committed in sorted(parent.glob(f".{name}.commit-*")):
        _apply(committed, output_dir)
    own = parent / f".{name}.tmp-{os.getpid()}"  # a killed build's with our pid: cleared by us
    dispose([p for p in [*parent.glob(f".{name}.tmp-*"), *parent.glob(f".{name}.old-*")] if p != own])


def _apply(committed: Path, output_dir: Path) -> None:
    """Move a committed update's files into place and delete what it lists; idempotent.

    What the update replaces or deletes goes to a folder of its own, deleted in the
    background (see background.dispose): the update is in place as soon as it is moved.
    A replaced file is moved there before the new one is moved in, not renamed over:
    ext4 writes out a file renamed over another first (auto_da_alloc), 50 ms for an
    edit's 75 MB search index. Between the two renames the file is missing for a few
    microseconds.
    """
    listing = committed / _DELETIONS
    deletions = listing.read_text(encoding="utf-8").splitlines() if listing.is_file() else []
    trash = _Trash(output_dir)
    for folder, _dirs, names in os.walk(committed):
        for name in names:
            source = Path(folder) / name
            if source == listing:
                continue
            target = output_dir / source.relative_to(committed)
            target.parent.mkdir(parents=True, exist_ok=True)
            trash.take(target)
            os.replace(source, target)
    for output_path in deletions:
        target = output_dir / output_path
        trash.take(target)
        for folder in target.parents:  # drop folders the deletion left empty
            if folder == output_dir or any(folder.iterdir()):
                break
            folder.rmdir()
    trash.take(committed)  # the commit is done once this is gone
    trash.empty()


class _Trash:
    """A folder beside the output (`.<output>.old-*`) for files an update replaces or
    deletes, emptied in the background; made only when a file goes into it."""

    def __init__(self, output_dir: Path) -> None:
        self._output_dir = output_dir
        self._folder: Path | None = None
        self._count = 0

    def take(self, path: Path) -> None:
        """Move `path` (a file or folder, if it exists) out of the output."""
        if not os.path.lexists(path):
            return
        try:
            os.replace(path, self._next())
        except OSError:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)

    def empty(self) -> None:
        if self._folder is not None:
            dispose([self._folder])

    def _next(self) -> Path:
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix=f".{self._output_dir.name}.old-",
                                                 dir=self._output_dir.parent))
        self._count += 1
        return self._folder / str(self._count)


_IOV_MAX = 1024
"""Pieces per writev() call (Linux refuses more)."""


def _write_pieces(target: Path, pieces: list[bytes]) -> None:
    """writev(): the kernel gathers the pieces itself, 4x faster than a buffered file
    copying each one first (the search index is 20,000 pieces at 10,000 pages)."""
    fd = _create(target)
    try:
        for start in range(0, len(pieces), _IOV_MAX):
            batch = pieces[start:start + _IOV_MAX]
            written = os.writev(fd, batch)
            if written < sum(map(len, batch)):  # a short write (a full disk reports itself next)
                _write_all(fd, b"".join(batch)[written:])
    finally:
        os.close(fd)


def _create(target: Path) -> int:
    """A new, empty file at `target`, open for writing, as open(target, "wb") makes it."""
    return os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)


def _write_all(fd: int, data: bytes) -> None:
    while data:
        data = data[os.write(fd, data):]


def _copy_range(source: int, fd: int, start: int, end: int) -> None:
    """Append bytes start..end of `source` to `fd`: in the kernel where it can, else read."""
    while start < end:
        try:
            copied = os.copy_file_range(source, fd, end - start, start)
        except (AttributeError, OSError):  # not Linux, or a file system that refuses
            copied = 0
        if copied == 0:
            data = os.pread(source, end - start, start)
            if not data:
                raise OSError(f"the published file ended at {start}, before {end}")
            _write_all(fd, data)
            copied = len(data)
        start += copied


def _link_or_copy(source: Path, target: Path) -> None:
    # Across file systems, or where links are refused, fall back to a copy.
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _swap(staging: Path, output_dir: Path) -> None:
    old = output_dir.parent / f".{output_dir.name}.old-{uuid.uuid4().hex}"
    if output_dir.exists():
        os.replace(output_dir, old)
    os.replace(staging, output_dir)
    dispose([old])
