"""The library folder looked at, for ``app.library_gone``: plain functions for worker threads (no
Qt), never the GUI thread, where a ``stat`` on a share whose server is gone, or a drive that hangs,
would freeze the window. ``look`` says what to tell the user of a folder gone ('' while it is
there); a writer's worker writes ``writing_at`` its place (``app.engine.as_writer``), and
its ``FolderGone`` comes back to the session as the worker's ``gone`` (``app.workers``)."""

from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Iterator, NamedTuple

from core.errors import LibraryGoneError
from core.filenames import shown
from core.paths import is_uri
from core.scan import folder_id


class Place(NamedTuple):
    """Where the open library is: its folder (or URI), and the folder's identity when it was
    opened (its device and inode: another folder in its place has another)."""

    folder: str
    opened_as: tuple[int, int] | None = None


class FolderGone(LibraryGoneError):
    """A writer's worker found the library folder gone before it wrote; ``text``: what to say."""

    def __init__(self, folder: str, text: str):
        super().__init__(folder)
        self.text = text


def identity(folder: str) -> tuple[int, int] | None:
    """The library folder's identity, read as it opens (in the opening worker)."""
    return None if not folder or is_uri(folder) else folder_id(folder)


def library_gone(library_dir: str, opened_as: tuple[int, int] | None = None) -> bool:
    """Whether a library folder opened before is gone: not there, another folder in its place
    (``opened_as``: its identity when opened), or holding neither ``library.json`` nor ``db``."""
    if not library_dir or is_uri(library_dir):
        return False
    if opened_as is not None and folder_id(library_dir) != opened_as:
        return True
    return not (os.path.isfile(os.path.join(library_dir, "library.json"))
                or os.path.isdir(os.path.join(library_dir, "db")))


def _stray(library_dir: str) -> str:
    """What to say of a folder at the library's place that is not the library (files an index
    run wrote there after the library left: the storage engine makes the folders it writes in)."""
    if not os.path.isdir(library_dir):
        return ""
    return (f" A folder that is not the library is at {shown(library_dir)} now (files written there after "
            "it left): move it away before you put the library back.")


def gone_text(library_dir: str) -> str:
    return (f"The library folder {shown(library_dir)} is no longer there: it was moved, renamed or deleted, "
            "or its drive was unplugged, while Seekframe had it open. Search answers from what is in memory; "
            "indexing is off. Put it back (or plug the drive in), then choose Open again; or start Seekframe "
            "with --library where it is now." + _stray(library_dir))


def still_gone_text(library_dir: str) -> str:
    return (f"{shown(library_dir)} is still not the library. Put the library folder back (or plug its drive "
            "in), then choose Open again; or start Seekframe with --library where it is now."
            + _stray(library_dir))


def look(place: Place, again: bool = False) -> str:
    """'' while the library is at ``place``; else what to say (``again``: after "Open again")."""
    if not library_gone(*place):
        return ""
    return still_gone_text(place.folder) if again else gone_text(place.folder)


def _check(place: Place | None, cause: BaseException | None = None) -> None:
    text = look(place) if place is not None else ""
    if text:
        raise FolderGone(place.folder, text) from cause


@contextmanager
def writing_at(place: Place | None) -> Iterator[None]:
    """A writer's worker writes inside: ``FolderGone`` when the library is not at ``place`` (None:
    not looked at) before it writes, and when a write fails as the folder went meanwhile (a run
    that finds its tables gone mid-way), so the session hears it with the failure itself."""
    _check(place)
    try:
        yield
    except FolderGone:
        raise
    except Exception as exc:
        _check(place, exc)
        raise
