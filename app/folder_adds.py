"""``FolderAdds``: the folders the user added, each looked at in a worker before it is queued (never
in the GUI thread, where a share whose server is gone hangs a stat), cut out of ``app.job_runner``
(whose ``JobRunner`` owns one as ``adds``). An add made before the library's first status read waits
for it (``status_in``): the look needs its folders, offline ones and kept apart, or it would ask no
"it holds library folders" question. Meanwhile each is on its way (``looking``): a window closed
then indexes it at its next open (``JobRunner.outstanding``, ``app.resume``)."""

from __future__ import annotations

from .folder_questions import looked_to_add
from .jobs import IndexJob, inside


class FolderAdds:
    def __init__(self, runner, session, reads):
        """``runner``: the ``JobRunner`` whose signals say the look's answer and whose ``add`` queues it;
        ``reads``: its ``FileReads``, in which each look is made (dropped with the runner: its answer too)."""
        self._runner, self._session, self._reads = runner, session, reads
        self.looking: list[str] = []  # folders added, looked at in a worker before they are queued
        self.unread: list[tuple[str, int]] = []  # those of them added before the library's first status read

    def wait(self, path: str, at) -> None:
        """``path`` added before the library's first status read: looked at once it is read (``status_in``)."""
        self.unread.append((path, at))
        self.looking.append(path)
        self._runner.changed.emit()

    def status_in(self, status) -> None:
        """The session's status changed: the folders added before the library's first status read are
        looked at once it is read (those still on the way: not cancelled nor removed meanwhile)."""
        if not status.opened or not self.unread:
            return
        unread, self.unread, held = self.unread, [], list(self.looking)  # (held: each add once)
        for path, at in unread:
            if path in held:
                held.remove(path)
                self.looking.remove(path)  # (not a folder of the status the look is given: put back by it)
                self.look(path, at)

    def look(self, path: str, at) -> None:
        """Look at ``path`` in a worker, then queue it, or ask first (``add_asked``), or say it is no folder."""
        runner = self._runner
        looking = self.looking  # (another list once the library closes: its answer is dropped)
        status = self._session.status  # (values: the folders it may hold on disk, the offline ones not looked at)

        def seen(look: tuple | None) -> None:  # (None: the look failed, logged)
            if looking is not self.looking or path not in looking:
                return  # (cancelled meanwhile, or the library closed)
            self.looking.remove(path)
            is_folder, question = look or (False, None)
            if not is_folder:
                runner.message.emit("error", f"{path} is not a folder that can be read.")
                runner.changed.emit()
            elif question:  # (it holds library folders on disk: asked first, added with its answer)
                runner.add_asked.emit(path, question)
                runner.changed.emit()
            elif self._session.library is not None:
                runner.add(IndexJob((path,), added=runner.added_again(path)),  # (nothing to ask: added; at: when
                           {path: at})  # asked, before the look; a library folder's run says it is in already)

        self.looking.append(path)  # (on the way already: a window closed now indexes it at its next open)
        runner.changed.emit()
        # not the session's work, which its close waits for: a hung share would hold the GUI thread there
        self._reads(looked_to_add, path, status.folders, status.offline_folders, status.kept_apart, then=seen)

    def drop_inside(self, folder: str, kept) -> list[str]:
        """The folders on their way in ``folder`` (a removal's: part of it, ``jobs.inside``) dropped,
        in place: the others' looks still count (a new list is a library closed, ``reset``)."""
        dropped = [p for p in self.looking if inside(p, folder, kept)]
        self.looking[:] = [p for p in self.looking if p not in dropped]
        return dropped

    def drop(self, roots) -> list[str]:
        """Those of ``roots`` on their way (in a folder just removed, through a link) dropped, in place."""
        gone = [p for p in self.looking if p in roots]
        self.looking[:] = [p for p in self.looking if p not in roots]
        return gone

    def clear(self) -> None:
        """The user's Cancel: the looks' answers are dropped."""
        self.looking.clear()

    def reset(self) -> None:
        """The library closes: the looks' answers are dropped, and the adds waiting for its status."""
        self.looking, self.unread = [], []
