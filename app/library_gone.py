"""``LibraryGone``: the library folder moved, renamed or deleted (or its drive unplugged) while the
window had it open. The storage engine then fails on files that are not there, which would read as
a damaged library and offer a repair that finds no library and opens a new, empty one in its
place. Instead, whenever work fails (or a status read does), the session asks ``check()``: a
library whose folder holds neither its description nor its tables any more is said gone, in
plain words, the window turns read-only (nothing is written where it was) and the notice's "Open
again" opens it once it is back (``open_again``)."""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import QObject, Signal

from core.filenames import shown
from core.paths import is_uri
from core.scan import folder_id

log = logging.getLogger("seekframe.app")


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


class LibraryGone(QObject):
    """Part of the session: its library's folder watched for when work fails."""

    changed = Signal(str)  # what to tell the user ('' once the library is open again)

    def __init__(self, session):
        """``session``, its parent: the ``app.session.Session`` whose library it checks, whose
        ``read_only_reason`` it sets while the folder is gone, and which it opens again."""
        super().__init__(session)
        self._session = session
        self.gone = False
        self._identity: tuple[int, int] | None = None  # the library folder's, when opened
        session.opened.connect(self._opened)

    def check(self) -> bool:
        """Whether the open library's folder is gone (said once, the window read-only from then)."""
        s = self._session
        if self.gone:
            return True
        if s.library is None or not library_gone(s.library_dir, self._identity):
            return False
        self.gone = True
        s.read_only_reason = gone_text(s.library_dir)
        log.error("%s", s.read_only_reason)  # (the window's notice says it, with its way out)
        self.changed.emit(s.read_only_reason)
        s.emit_status()
        return True

    def open_again(self) -> None:
        """The library opened again where it was, once it is back; until then, said so."""
        s = self._session
        if library_gone(s.library_dir, self._identity):
            self.changed.emit(still_gone_text(s.library_dir))
            return
        s.reopen()

    def _opened(self, folder: str, _read_only: bool) -> None:
        self._identity = None if is_uri(folder) else folder_id(folder)
        if self.gone:
            self.gone = False
            self.changed.emit("")
