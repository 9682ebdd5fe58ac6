"""``WriteRole``: a window opened read-only because another process was writing the library (a
second window, ``seekframe index``) takes the write role once that process is done. Its status
reader looks at the writer lock with each periodic read (``SessionStatus.writer_free``); when the
lock is free, the library is opened again as the writer, keeping the model in hand, and the
window says so (its read-only banner goes: ``app.window``). What the other process left
unfinished is then resumed as at any open (``app.resume``).

A window opened read-only because a full disk kept a stopped folder removal from finishing
(``library_open.removal_waits_text``) does the same once space is freed: each periodic read then tries
a writer's open (``space_freed``), which finishes the removal, and the window says so."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from .requests import READ_ONLY_MESSAGE

TAKEN = "No other process writes this library any more: this window can change it now."


def space_taken(folder: str) -> str:
    from core.filenames import shown

    return (f"Space was freed: the removal of {shown(folder)} is finished (its videos are removed from the "
            "library, the files are untouched), and this window can change the library now.")


def space_freed(library_dir: str) -> bool:
    """Whether a writer's open succeeds now, finishing the stopped removal it finishes first (run in
    a worker); False while the disk is still full or another process writes the library."""
    from core.errors import LibraryLockedError, is_disk_full
    from core.library import VideoLibrary

    try:
        VideoLibrary(library_dir).close()
    except LibraryLockedError:
        return False
    except OSError as exc:
        if not is_disk_full(exc):
            raise
        return False
    return True


def status_with_space(library, read_only: bool, refresh: bool, space: bool):
    """``engine.session_status``, whose ``writer_free`` says, when ``space``, whether the writer's
    open that a full disk refused succeeds now (``space_freed``)."""
    from dataclasses import replace

    from . import engine

    status = engine.session_status(library, read_only, refresh)
    return replace(status, writer_free=space and space_freed(str(library.root)))


def waits_for_space(session, forgetting: str) -> bool:
    """Read-only because a full disk keeps the removal of ``forgetting`` from finishing."""
    from .library_open import removal_waits_text

    return bool(forgetting) and session.read_only and session.read_only_reason == removal_waits_text(forgetting)


class WriteRole(QObject):
    def __init__(self, session):
        """``session``, its parent: the ``app.session.Session`` it opens again."""
        super().__init__(session)
        self._session = session
        self._taking = False
        self._space_for = ""  # the folder whose removal a full disk kept from finishing at this open
        session.status_changed.connect(self._status)
        session.opened.connect(self._opened)

    @property
    def waits(self) -> bool:
        """Read-only only because another process writes it, or a full disk refused the writer's
        open: worth looking at the lock, or trying that open again."""
        s = self._session
        return s.read_only and s.read_only_reason == READ_ONLY_MESSAGE or waits_for_space(s, self._space_for)

    def _status(self, status) -> None:
        if status.writer_free and self.waits and not self._taking:
            self._taking = True
            QTimer.singleShot(0, self, self._reopen)  # (not inside the status signal: it closes the library)

    def _reopen(self) -> None:
        if self.waits:
            self._session.reopen()
        else:
            self._taking = False

    def _opened(self, _folder: str, read_only: bool) -> None:
        space_for = self._space_for
        lib = self._session.library
        forgetting = getattr(getattr(lib, "meta", None), "forgetting", None) or ""
        self._space_for = forgetting if read_only and waits_for_space(self._session, forgetting) else ""
        if self._taking:
            self._taking = False
            if not read_only:
                self._session.say("info", space_taken(space_for) if space_for else TAKEN)
