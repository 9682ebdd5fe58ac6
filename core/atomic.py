"""Atomic file replacement: a reader sees the old file or the new one, never half of one.

    with replacing(path) as tmp:        # a fresh temporary file beside ``path``
        write_somehow(tmp)              # np.save, save_file, torch.save, ...
    # on success tmp has replaced path; on any error tmp is gone and path is untouched

The new file keeps the replaced file's permissions, or gets a new file's usual ones (``0o666``
less the umask), not a temporary file's owner-only mode. ``durable=True`` also flushes the file
and its folder to disk (for files whose loss in a power cut loses data: ``library.json``).
``replacing_folder`` does the same for a whole folder (a model folder).
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Iterator


def _fsync(path: Path, flags: int = 0) -> None:
    fd = os.open(path, os.O_RDONLY | flags)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _umask() -> int:
    """The process umask, read without changing it where the OS allows (changing it races threads)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextmanager
def replacing(target: str | os.PathLike, durable: bool = False, make_folder: bool = True) -> Iterator[Path]:
    """``target`` replaced whole by what is written to the yielded path. ``make_folder=False``: a
    file of a folder that must be there (a library's), never made again where it was when it is
    moved away meanwhile (``FileNotFoundError``)."""
    target = Path(target)
    try:
        mode = target.stat().st_mode & 0o7777
    except OSError:
        mode = 0o666 & ~_umask()
    if make_folder:
        target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, mode)  # after the write: a writer may have recreated the file
        if durable:
            _fsync(tmp)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if durable:
        with suppress(OSError):  # some platforms cannot open or sync a folder
            _fsync(target.parent, getattr(os, "O_DIRECTORY", 0))


def write_bytes(target: str | os.PathLike, data: bytes, durable: bool = False, make_folder: bool = True) -> None:
    with replacing(target, durable, make_folder) as tmp:
        tmp.write_bytes(data)


@contextmanager
def replacing_folder(target: str | os.PathLike) -> Iterator[Path]:
    """A fresh folder beside ``target`` (``.NAME.part``) to write into; on success it takes
    ``target``'s place whole, on any error it is removed and ``target`` is untouched: a folder
    there is never left half-overwritten, nor mixed with files of the one before it.

    The two renames of the swap are not one step: a process stopped between them leaves the old
    folder as ``.NAME.old`` and none at ``target``, put back by the next ``replacing_folder`` of
    ``target`` before anything else (a reader finds it with ``folder_at``, which puts it back: a
    reader's between this swap's renames is set aside again, not the save failed). A link to a
    folder is followed: the folder it names is replaced."""
    target = Path(target)
    if target.is_symlink():
        target = target.resolve()
    part, old = target.parent / f".{target.name}.part", target.parent / f".{target.name}.old"
    if old.exists() and not target.exists():  # (stopped between the two renames: the folder before)
        with suppress(FileNotFoundError):  # (a reader's ``folder_at`` put it back first)
            os.replace(old, target)
    for leftover in (part, old):  # (a write cut short)
        shutil.rmtree(leftover, ignore_errors=True)
    part.mkdir(parents=True)
    try:
        yield part
    except BaseException:
        shutil.rmtree(part, ignore_errors=True)
        raise
    for again in (True, True, False):  # (a reader's ``folder_at`` between the renames put the folder before back)
        if target.exists():
            os.replace(target, old)
        try:
            os.replace(part, target)
            break
        except OSError as exc:
            if not (again and exc.errno in (errno.ENOTEMPTY, errno.EEXIST) and target.is_dir()):
                raise
    shutil.rmtree(old, ignore_errors=True)


def folder_at(target: str | os.PathLike) -> Path:
    """Where the folder ``replacing_folder`` keeps at ``target`` is to be read: ``target``, or where a
    process stopped between the swap's two renames left none there, the folder before it, whole
    (``.NAME.old``), put back in its place as the next ``replacing_folder`` would; read where it lies
    when it cannot be moved (a read-only drive, another user's folder). Before, a load in that state
    found no folder ("model folder not found") until the next save put it back."""
    target = Path(target)
    old = target.parent / f".{target.name}.old"
    if target.exists() or target.is_symlink() or not old.is_dir():
        return target
    try:
        os.replace(old, target)
    except OSError:  # (refused, or put back meanwhile by a save that began: read from where it is)
        return target if target.is_dir() else old
    return target
