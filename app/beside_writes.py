"""``BesideWrites``: the caption imports and notes the session writes beside its jobs
(``app.job_runner``), each in a worker through the writer handle (``engine.as_writer``), without
waiting for the job in hand. One that finds another process writing is held, the user's text
kept, and written once that process is done (the runner's ``WriterTurn`` says when); a window
closed meanwhile keeps them in the app's settings (``held_writes``), written at its next open
(``write_held``: ``app.resume``).
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Callable

from core import service
from core.filenames import shown_name
from core.note_removal import remove_clip_note
from core.search_words import unread_note_text
from core.timefmt import format_range

from . import engine
from .workers import Task, Worker

HELD_KINDS = {"add notes": "note", "remove notes": "unnote", "import captions": "import"}  # (held_writes' words)


def note_place(path: str, start: float, end: float) -> str:
    """The clip a note is on as the window's words name it: "red.mp4 at 0:04–0:08", its own span (as a
    result card says it); "red.mp4" for a note on the whole video (``start`` < 0)."""
    return shown_name(path) + (f" at {format_range(float(start), float(end))}" if float(start) >= 0 else "")


class BesideWrites:
    def __init__(self, session, message, writable: Callable[[str], bool], turn, idle: Callable[[], None]):
        """``session``: the ``app.session.Session`` whose library, model, ``start_worker``, ``gone``
        and ``captions_changed`` the writes use; ``message``: the runner's signal (level, text);
        ``writable(what)``: whether the library can be written now (says why not); ``turn``: the
        runner's ``app.writer_turn.WriterTurn``; ``idle()``: called as each write ends."""
        self._session, self._message, self._writable, self._turn, self._idle = session, message, writable, turn, idle
        self.live = 0  # being written
        self._held: list[tuple] = []  # those that found another process writing: written once it is done

    @property
    def waiting(self) -> bool:
        """Whether some wait for another process."""
        return bool(self._held)

    def import_captions(self, path: str, then: Callable[[], None] | None = None) -> Worker | None:
        def done(counts: dict) -> None:
            self._message.emit("info", service.import_summary(counts))
            self._session.captions_changed.emit()
            self._session.refresh_status()

        return self._write("import captions", then, done, service.import_captions, str(path))

    def add_note(self, result, text: str, then: Callable[[], None] | None = None) -> Worker | None:
        def done(note) -> None:  # (core.captions.NoteAdded: not added, the very note the clip has already)
            where = note_place(result.path, result.start, result.end)
            found = "Searching for it finds this moment." if note.searchable else unread_note_text(text)
            self._message.emit("info", f"Note added to {where}. {found}" if note.added
                               else f"{where} already has that note; nothing was added.")
            self._session.captions_changed.emit()

        return self._write("add notes", then, done, service.add_note, result.video_id, text, float(result.start),
                           float(result.end), result.path)

    def remove_note(self, video_id: str, text: str, start: float, end: float, clip: str,
                    then: Callable[[], None] | None = None) -> Worker | None:
        """The note ``text`` on the clip ``start``–``end`` of ``video_id`` (``start`` < 0: on the whole
        video) removed (``core.note_removal.remove_clip_note``); ``clip``: the clip as the window names it."""
        def done(said: str) -> None:
            self._message.emit("info", f"{said} Searching for it no longer finds this moment.")
            self._session.captions_changed.emit()

        args = (video_id, text, float(start), float(end), clip)
        if any(what == "remove notes" and held == args for what, _t, _d, _fn, held in self._held):
            self._message.emit("info", f"The removal of the note “{text}” already waits for the other Seekframe "
                                       "process; it is done once that process is done.")
            return None  # (asked again while it waited: once done, the second found no note, an error said)
        return self._write("remove notes", then, done, remove_clip_note, *args)

    def _write(self, what: str, then: Callable[[], None] | None, done: Callable, fn: Callable,
               *args) -> Worker | None:
        """``fn(library, encoder, *args)`` in a worker beside the jobs, then ``done(result)``, and
        ``then()`` once it has ended; None when refused (said)."""
        session = self._session
        if not self._writable(what):
            return None
        if session.encoder is None and fn is not remove_clip_note:  # (a removal needs no model)
            self._message.emit("warning", "The model is still loading; try again in a moment.")
            return None
        task = Task(engine.as_writer, fn, session.library, session.encoder, *args, name=fn.__name__,
                    place=session.gone.place)
        self.live += 1
        self._turn.busy()

        def failed(msg: str) -> None:
            if task.busy is not None:  # written once the other process is done (the user's text kept)
                self._held.append((what, then, done, fn, args))
                self._turn.wait_for(task.busy, f"writing it ({what})")
            else:  # (its folder gone: said instead)
                self._session.gone.check(lambda: self._message.emit("error", msg))

        def ended() -> None:
            self.live -= 1
            self._idle()

        return session.start_worker(task, report_failure=False, then=then, done=done, failed=failed, ended=ended)

    def write_waiting(self) -> None:
        """The other process is done: those held are written now."""
        held, self._held = self._held, []
        for what, then, done, fn, args in held:
            self._write(what, then, done, fn, *args)

    def held_writes(self) -> list[list]:
        """The notes, note removals and caption imports waiting for another process, as data (``write_held``)."""
        return [[HELD_KINDS[what], *args] for what, _t, _d, _fn, args in self._held]

    def write_held(self, items: list[list]) -> None:
        """Write what ``held_writes`` gave (a window closed while they waited)."""
        for kind, *args in items:
            if kind == "note" and len(args) == 5:
                video_id, text, start, end, path = args
                self.add_note(SimpleNamespace(video_id=video_id, start=start, end=end, path=path), text)
            elif kind == "unnote" and len(args) == 5:
                self.remove_note(*args)
            elif kind == "import" and len(args) == 1:
                self.import_captions(args[0])

    def reset(self) -> None:
        """The library closes: none live, none held."""
        self.live = 0
        self._held = []

