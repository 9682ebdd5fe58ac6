"""The window optimizes the library as it lets go of its writer lock between jobs (``engine.let_go``:
``release_writer``). A full disk puts that off (nothing lost, e4fced8), and `seekframe` says so
(``maintenance.put_off_text``), but the window said nothing: the library stayed unoptimized while
its user thought all was well. Now the window says it once, in the CLI's words with its own re-scan,
not again while the disk stays full, and again once an optimize went through and a later one is put
off; the re-scan it names does try it again (``VideoLibrary.take_writer``)."""

from __future__ import annotations

import errno

from app import writer_turn
from core.library import maintenance
from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle


def test_the_window_says_an_optimize_put_off_once(qtbot, make_session, demo_library, monkeypatch):
    tries, heard, room = [], [], [False]
    real_optimize, real_done = maintenance.Maintenance.optimize, writer_turn.WriterTurn._let_go_done

    def optimize(self, **kwargs):
        tries.append(kwargs)
        if not room[0]:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_optimize(self, **kwargs)

    def done(self, put_off):
        heard.append(put_off)
        real_done(self, put_off)

    monkeypatch.setattr(maintenance.Maintenance, "optimize_needed", lambda self: True)
    monkeypatch.setattr(maintenance.Maintenance, "optimize", optimize)
    monkeypatch.setattr(writer_turn.WriterTurn, "_let_go_done", done)
    session = make_session(demo_library)

    def let_go_after(action, n):
        if action:
            action()
        wait_idle(qtbot, session)
        qtbot.waitUntil(lambda: len([h for h in heard if h is not None]) >= n, timeout=SESSION_TIMEOUT_MS)

    def said():
        return [t for _, t in session.messages if "could not be optimized" in t]

    let_go_after(None, 1)  # (the open wrote: the lock let go once idle)
    assert said() == [f"The disk holding {demo_library} is full (or a disk quota or the file size limit was "
                      "reached), so the library could not be optimized after its last changes; nothing was lost: "
                      "every video is in it and searchable as before. Free some space (or raise the limit), and a "
                      "later re-scan (File › Re-scan) optimizes it."], session.messages
    let_go_after(session.rescan, 2)  # (still full: tried again, not said again)
    assert len(said()) == 1 and len(tries) >= 2, (said(), tries)
    room[0] = True
    let_go_after(session.rescan, 3)  # (room again: the re-scan's let-go optimizes it)
    assert heard[-1] == "" and len(said()) == 1
    room[0] = False
    let_go_after(session.rescan, 4)  # (full again: said again)
    assert len(said()) == 2, said()
