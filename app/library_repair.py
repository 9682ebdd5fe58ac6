"""``LibraryRepair``: the app's way out of a library the storage engine cannot read (a table file
cut short by a disk error or an interrupted copy), as ``seekframe repair`` is the CLI's. The
session's library is closed, ``core.library.repair.repair`` sets the tables that cannot be read
aside (renamed, never deleted) in a worker, and the library is opened again; a re-scan follows
when the videos' moments or rows were set aside, so the videos are searchable again, notes kept.
A read that failed with an error of the moment (EIO, a network share that blipped:
``core.unreadable.unread_kind``) is no damage: no repair is offered for it (``repair`` would refuse,
setting nothing aside), but a try again (``unread_now``, ``read_again``: the library opened anew).
The repair's writer open finishes a stopped `seekframe forget` as any writer's does: said with its
answer, as the window says an open's removals (``forgot_text``)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from core.filenames import shown

from .workers import Task

NOTHING_TEXT = ("Every table of the library reads through: nothing was set aside. If searches still "
                "fail, restore the library folder from a backup.")


def repaired_text(found: dict) -> str:
    """What the repair did, in the app's words; ``found``: {table: where it is now}."""
    from core.library.repair import set_aside_text

    from .open_notes import RESCAN, in_app_words

    return in_app_words(set_aside_text(found, RESCAN, shown)) if found else NOTHING_TEXT


def forgot_text(forgot: dict) -> str:
    """What the repair's writer open removed of a stopped `seekframe forget` (``repair``'s
    ``found["forgot"]``: "finished", the removal under way, "resumed", the rest of a forget of several,
    "unread", what could not be read of such a request), as the window says an open's
    (``app.forget_news``, ``app.open_notes``); '' nothing."""
    from .forget_news import finished_text, resumed_text
    from .open_notes import in_app_words

    unread = in_app_words(forgot.get("unread") or "").rstrip()
    return " ".join(filter(None, (finished_text(*forgot["finished"]) if forgot.get("finished") else "",
                                  resumed_text(forgot["resumed"]) if forgot.get("resumed") else "",
                                  unread + ("" if unread.endswith(".") or not unread else "."))))


class LibraryRepair(QObject):
    """One repair at a time of the session's library (``start``); ``running`` while it is."""

    finished = Signal(bool)  # whether the repair ran (the library opens again either way)
    unread_now = Signal()  # work failed on a read error of the moment: a try again offered (read_again), no repair

    def __init__(self, session):
        super().__init__(session)
        self.session = session
        self.running = False
        self._rescan = False
        self._task: Task | None = None
        session.opened.connect(self._opened)

    def start(self) -> None:
        """The repair, once the library's folder is seen there (looked at in a worker: a folder
        gone is no damage, said so instead)."""
        if not self.running and self.session.library_dir:
            self.session.gone.check(self._start, sure=True)  # (never on a folder whose look hangs)

    def _start(self) -> None:
        s = self.session
        if self.running or not s.library_dir:  # (asked twice while its folder was looked at)
            return
        from core.library.repair import repair

        folder, args = s.library_dir, s.open_args
        self.running = True
        s.close()  # (its writer lock released: the repair takes it)
        s.say("info", f"Repairing the library {shown(folder)}…")
        self._task = Task(repair, folder, name="repair-library")
        s.start_worker(self._task, report_failure=False, then=self._ended,
                       done=lambda found: self._done(folder, args, found),
                       failed=lambda msg: self._failed(folder, args, msg))

    def read_again(self) -> None:
        """The library opened again (the model in hand kept), its files read anew, after a read
        error of the moment (``unread_now``)."""
        if not self.running and self.session.library_dir:
            self.session.reopen()

    def wait(self, timeout: float) -> bool:
        """Wait for a running repair to end (at most ``timeout`` s; it cannot be interrupted, and
        is safe to stop at any point); whether it has. The session, closing, hears none of its
        results: the library is not opened again."""
        task = self._task
        return task is None or task.wait(max(0, int(timeout * 1000)))

    def _ended(self) -> None:
        self.running, self._task = False, None

    def _done(self, folder: str, args: tuple, found: dict) -> None:
        forgot = forgot_text(found.get("forgot") or {})  # (a stopped forget its open finished: said, no repair)
        found = {k: v for k, v in found.items() if k != "forgot"}
        self._rescan = bool({"moments", "videos", "db"} & set(found))
        self.running = False
        self.session.open(folder, *args)
        self.session.say("warning" if found else "info", " ".join(filter(None, (forgot, repaired_text(found)))))
        self.finished.emit(True)

    def _failed(self, folder: str, args: tuple, msg: str) -> None:
        self.running = False
        self.session.open(folder, *args)
        self.session.say("error", f"Could not repair the library {shown(folder)}: {msg}")
        self.finished.emit(False)

    def _opened(self, _folder: str, read_only: bool) -> None:
        if self._rescan and not read_only:  # the videos embedded again (waits for the model)
            self._rescan = False
            self.session.rescan()
