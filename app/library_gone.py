"""``LibraryGone``: the library folder moved, renamed or deleted (or its drive unplugged) while the
window had it open. The storage engine then fails on files that are not there, which would read as
a damaged library and offer a repair that finds no library and opens a new, empty one in its
place. Instead, whenever work fails (or a status read does), the session asks ``check()``: a
library whose folder holds neither its description nor its tables any more is said gone, in
plain words, the window turns read-only (nothing is written where it was) and the notice's "Open
again" opens it once it is back (``open_again``).

The folder is never looked at in the GUI thread (a share whose server is gone, or a drive that
hangs, would freeze the window on a ``stat``): ``check`` and ``open_again`` look in the worker
pool (``app.file_reads``, ``app.library_look``) and answer in the GUI thread, only while the
library they were asked for is still open; a writer's worker looks before it writes
(``app.engine.as_writer``) and reports it gone (``found``). One look at a time: a hung folder
holds one thread however often it is asked; what waits for a look that has not answered in
``PATIENCE_MS`` (a share that hangs) goes on as for a folder there (an error is said, not held for
good), and so does what asks while it still hangs, until it answers; but not what must be sure
the folder is there (``sure``: a repair, offered or made, never on a folder that hangs)."""

from __future__ import annotations

import logging
from typing import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from core.filenames import shown
from core.paths import is_uri

from .file_reads import FileReads
from .library_look import Place, look

log = logging.getLogger("seekframe.app")

PATIENCE_MS = 5000  # a look not answered by then hangs: what waits for it goes on meanwhile


class _Look:
    """A look at the library's folder in flight: for which library, what waits for its answer
    (``(otherwise, sure)``), and whether it is late (not answered in ``PATIENCE_MS``: what asks
    meanwhile, unless ``sure``, waits no more)."""

    def __init__(self, library):
        self.library, self.waiting, self.late = library, [], False

    def go_on(self, answered: bool = True) -> None:
        """What waits goes on: all once the look answered, else (late) all but what must be sure."""
        waiting = self.waiting
        self.waiting = [] if answered else [(fn, sure) for fn, sure in waiting if sure]
        for otherwise, sure in waiting:
            if otherwise is not None and (answered or not sure):
                otherwise()


class LibraryGone(QObject):
    """Part of the session: its library's folder watched for when work fails."""

    changed = Signal(str)  # what to tell the user ('' once the library is open again)

    def __init__(self, session):
        """``session``, its parent: the ``app.session.Session`` whose library it checks, whose
        ``read_only_reason`` it sets while the folder is gone, and which it opens again."""
        super().__init__(session)
        self._session = session
        self.gone = False
        self.opened_as: tuple[int, int] | None = None  # the library folder's identity, read as it opened
        self._reads = FileReads(self, "library-folder")
        self._look: _Look | None = None  # the look in flight
        self._patience = QTimer(self, singleShot=True, interval=PATIENCE_MS)
        self._patience.timeout.connect(self._late)
        self._again: tuple | None = None  # (the library,) whose "Open again" look is in flight
        session.opened.connect(self._opened)

    @property
    def place(self) -> Place | None:
        """Where the open library is, for a writer's worker to look before it writes (None: no
        folder to look at, a URI library)."""
        s = self._session
        return None if not s.library_dir or is_uri(s.library_dir) else Place(s.library_dir, self.opened_as)

    def check(self, otherwise: Callable[[], None] | None = None, sure: bool = False) -> bool:
        """Whether the open library's folder is known gone now. If not, it is looked at in a
        worker: gone, it is said (once; the window read-only from then), else ``otherwise()`` is
        called, in the GUI thread, unless the library has closed meanwhile; also once the look
        is late (``PATIENCE_MS``: the folder hangs), unless ``sure`` (the look's answer awaited)."""
        s, place = self._session, self.place
        if self.gone:
            return True
        if s.library is None or place is None:
            if otherwise is not None:
                otherwise()
            return False
        if self._look is not None and self._look.library is s.library:  # (its answer answers this ask too)
            self._look.waiting.append((otherwise, sure))
            if self._look.late:  # (it hangs: as for a folder there meanwhile)
                self._look.go_on(answered=False)
            return False
        asked = self._look = _Look(s.library)
        asked.waiting.append((otherwise, sure))
        self._patience.start()
        self._reads(look, place, then=lambda text: self._looked(asked, text))
        return False

    def found(self, text: str) -> None:
        """A worker of the open library found its folder gone (``text``: what to say)."""
        s = self._session
        if self.gone or s.library is None:
            return
        self.gone = True
        s.read_only_reason = text
        log.error("%s", text)  # (the window's notice says it, with its way out)
        self.changed.emit(text)
        s.emit_status()

    def open_again(self) -> None:
        """The library opened again where it was, once it is back (looked at in a worker); until
        then, said so."""
        s, place = self._session, self.place
        if place is None:
            return
        if self._again is not None and self._again[0] is s.library:  # (its answer answers this click too)
            self.changed.emit(f"Still looking at {shown(place.folder)}: its drive or network share does not "
                              "answer yet. The library opens as soon as it does.")
            return
        asked = self._again = (s.library,)

        def looked(text: str | None) -> None:
            if self._again is asked:
                self._again = None
            if s.library is not asked[0] or not self.gone:
                return  # (closed or opened again meanwhile)
            if text:
                self.changed.emit(text)
            elif text is not None:
                s.reopen()
            else:  # (the look failed: logged)
                self.changed.emit(f"Could not look at {shown(place.folder)} (the log says why). Put the library "
                                  "folder back (or plug its drive in), then choose Open again.")

        self._reads(look, place, True, then=looked)

    def _looked(self, asked: _Look, text: str | None) -> None:
        if self._look is asked:
            self._look = None
            self._patience.stop()
        if self._session.library is not asked.library:
            return  # closed, or another library opened, since it was asked
        if text:
            self.found(text)
        elif not self.gone:
            asked.go_on()

    def _late(self) -> None:
        """The look in flight has not answered (a share that hangs): what waits for it goes on as
        for a folder there, and what asks while it hangs too; its answer, gone, is still said."""
        asked = self._look
        if asked is None or asked.library is not self._session.library or self.gone:
            return
        asked.late = True
        log.warning("the library folder %s has not answered a look in %.0f s", self._session.library_dir,
                    PATIENCE_MS / 1000)
        asked.go_on(answered=False)

    def _opened(self, _folder: str, _read_only: bool) -> None:
        self._look = self._again = None
        self._patience.stop()
        if self.gone:
            self.gone = False
            self.changed.emit("")
