"""The file notice's "Re-scan its folder" (``app.model_notice.FileNotice``): the folder of the
video gone or changed is indexed again, or, should that folder not be there any more, every
folder of the library (``Session.rescan``: its files gone leave the library then). A run that
finished over the file's folder otherwise (the library panel's Re-scan) dismisses the notice too,
and so does that folder's removal (its button would have added it back).

Whether the folder is there is looked at in the worker pool (``app.file_reads``), never in the
GUI thread: on a share whose server is gone ``os.path.isdir`` hangs for minutes, and the window
must not freeze with it. The latest click's answer alone counts, and only for the library it was
clicked in (a library opened since, or a closed window, hears nothing of it); a folder is looked
at once at a time, so a hung share holds one thread however often its notice is clicked; a look
not answered in ``slow_word.SLOW_MS`` says in the status bar which folder it waits for.
"""

from __future__ import annotations

import os
from functools import partial

from PySide6.QtCore import QObject

from core.filenames import shown

from ..file_reads import FileReads
from .slow_word import SlowWord



class RescanController(QObject):
    def __init__(self, window, notice):
        super().__init__(window)
        self.window, self.session, self.notice = window, window.session, notice
        self._reads = FileReads(window, "rescan")
        self._asked: tuple | None = None  # (folder, library) of the latest click, not answered yet
        self._looking: set[str] = set()  # the folders whose look is in flight
        self._slow = SlowWord(window, self._slow_look)  # a folder's look not answered: said
        notice.triggered.connect(self.rescan)
        self.session.index_event.connect(self._ran)
        self.session.status_changed.connect(self._folders_now)

    def _folders_now(self, status) -> None:
        """The notice's file no longer in any library folder (its folder removed; another library
        open) is no longer the library's to re-scan: the notice goes. Its button would have indexed
        the removed folder again, adding it back to the library."""
        from core.scan import is_under

        notice = self.notice
        if notice.isHidden() or not notice.path or not status.opened:
            return
        where = notice.root or notice.path  # (its library folder as listed: the path may be spelled as on disk)
        if not any(is_under(where, folder) for folder in status.folders):
            notice.dismiss()

    def _ran(self, ev) -> None:
        """A run that finished over the notice's file (Re-scan in the library panel, Finish indexing,
        the folder added again: ``run_roots``, none for every folder) has brought the library up to
        date with it: the notice, which asks for that re-scan, goes (its video gone from the library,
        or indexed as it is now)."""
        from core.scan import is_under

        notice = self.notice
        if ev.kind != "finished" or notice.isHidden() or not notice.path:
            return
        roots = (ev.summary or {}).get("run_roots") or ()
        where = (notice.path, notice.root) if notice.root else (notice.path,)  # (as listed too, as _folders_now)
        if not roots or any(is_under(p, root) for root in roots for p in where):
            notice.dismiss()

    def rescan(self) -> None:
        """The notice's button: its folder looked at in a worker, then indexed again (gone: all)."""
        folder = self.notice.root
        self.notice.dismiss()
        if not folder:
            self._asked = None
            self._slow.answered()
            self.session.rescan()
            return
        self._asked = (folder, self.session.library)
        self._slow.start()
        if folder not in self._looking:  # (else its look in flight answers this click too)
            self._looking.add(folder)
            self._reads(os.path.isdir, folder, then=partial(self._looked, folder))

    def waiting_for(self) -> str | None:
        """The folder whose look the latest click waits for (None: none)."""
        return None if self._asked is None else self._asked[0]

    def _looked(self, folder: str, there: bool | None) -> None:
        """``folder``'s look answered, in the GUI thread (None: it failed, said in the log)."""
        self._looking.discard(folder)
        asked = self._asked
        if asked is None or asked[0] != folder:
            return  # clicked since for another folder (or the window closed)
        self._asked = None
        self._slow.answered()
        if asked[1] is not self.session.library:
            return  # another library opened since: the click was not for it
        if there:
            self.session.rescan_folder(folder)  # (this look was the one: not looked at again; no add of it)
        else:
            self.session.rescan()

    def _slow_look(self) -> str | None:
        folder = self.waiting_for()
        return None if folder is None or self._reads.closed else shown(folder)
