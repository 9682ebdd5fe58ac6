"""A window asked to index /x (queued behind a terminal's run) reads the library's count of removals
for that ask afterwards, in a worker, and orders removals by it. A `seekframe forget /x` from a
terminal that landed between the ask and that read was counted as before the ask without a word: the
run went on and /x came back with its 12 videos, the window saying nothing of the removal, as if it
had known the removal came first. No count tells whether such a removal came before the ask or after
(the window's last read of the count is the only one before it), nor may a clock (another machine's
can differ: tests/app/test_removed_order_not_clocks.py). Now the run still goes on as the user
asked, and the window says that another process removed /x about when it was asked
(``app.removed_meanwhile.raced``); a removal the window had read before the ask says nothing."""

from __future__ import annotations

import threading

import pytest

from core.library.lock import writer_free
from core.library.meta import read_meta
from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle
from tests.app.test_queued_run_removed_elsewhere import NO_READ_MS, _forget, _runs_with_nothing_dropped, _said
from tests.app.test_resume import open_session, store  # noqa: F401
from tests.app.test_writer_turn import another_writer, looks_every_200_ms  # noqa: F401

ABOUT = "from the library about when you asked to index it here"


def _count_held(monkeypatch):
    """The window's read of the count (``app.removed_meanwhile.count_now``) held until the event is
    set: (the event, the list of reads begun)."""
    import app.removed_meanwhile

    real, go, begun = app.removed_meanwhile.count_now, threading.Event(), []

    def held(library):
        begun.append(library)
        assert go.wait(60)
        return real(library)

    monkeypatch.setattr(app.removed_meanwhile, "count_now", held)
    return go, begun


@pytest.mark.slow  # (7.1 s under load)
def test_a_removal_between_the_ask_and_its_count_is_said(  # noqa: F811
        qtbot, open_session, store, demo_library, demo_clips, looks_every_200_ms, monkeypatch):
    folder = str(demo_clips)
    session = open_session(demo_library, store, refresh_interval_ms=NO_READ_MS)
    wait_idle(qtbot, session)
    go, begun = _count_held(monkeypatch)
    qtbot.waitUntil(lambda: writer_free(demo_library), timeout=10_000)
    try:
        with another_writer(demo_library):
            session.add_folder(folder, looked=True)  # (a re-scan of /x asked: it waits for the terminal's run)
            qtbot.waitUntil(lambda: "is writing this library now" in _said(session), timeout=10_000)
            qtbot.waitUntil(lambda: bool(begun), timeout=10_000)  # (its count being read)
        _forget(demo_library, folder)  # (after the ask, before its count is read; the GUI thread held)
    finally:
        go.set()
    qtbot.waitUntil(lambda: ABOUT in _said(session), timeout=SESSION_TIMEOUT_MS)
    said = _said(session)
    assert f"Another Seekframe process removed {folder} {ABOUT}: it is indexed, as you asked." in said, said
    _runs_with_nothing_dropped(qtbot, session, folder)
    assert read_meta(demo_library).settings.folders == [folder]
    assert _said(session).count(ABOUT) == 1


def test_a_removal_the_window_had_read_before_the_ask_is_not_said(  # noqa: F811
        qtbot, open_session, store, demo_library, demo_clips, looks_every_200_ms, monkeypatch):
    folder = str(demo_clips)
    session = open_session(demo_library, store, refresh_interval_ms=NO_READ_MS)
    wait_idle(qtbot, session)
    qtbot.waitUntil(lambda: writer_free(demo_library), timeout=10_000)
    _forget(demo_library, folder)
    session.refresh_status()  # (the window reads the library: the removal's count with it)
    qtbot.waitUntil(lambda: session.status.folders == (), timeout=SESSION_TIMEOUT_MS)
    qtbot.waitUntil(lambda: session._runner.meanwhile.ask_now().seq == 1, timeout=SESSION_TIMEOUT_MS)
    with another_writer(demo_library):
        session.add_folder(folder, looked=True)  # (the user adds it again, after its removal)
        qtbot.waitUntil(lambda: not session._runner.meanwhile.asks()[folder].provisional, timeout=10_000)
    _runs_with_nothing_dropped(qtbot, session, folder)
    assert "about when you asked" not in _said(session)


def test_raced_names_the_folders_removed_between_the_two_reads():
    from app.removed_meanwhile import raced, raced_text
    from app.resume_removed import Asked

    entries = ({"folder": "/v/a", "at": 1.0, "seq": 1}, {"folder": "/v", "at": 2.0, "seq": 2},
               {"folder": "/w", "at": 3.0, "seq": 3}, {"folder": "/v/a/b", "at": 4.0, "seq": 4})
    read = (4, ("/u",), entries)
    assert raced("/v/a/b", 1, read, {}) == ["/v", "/v/a/b"]  # (/v/a: read before the ask; /w holds none)
    assert raced("/v/a/b", 4, read, {}) == [] and raced("/v/a/b", None, read, {}) == []
    assert raced("/v/a/b", 1, (4, ("/v",), entries), {}) == []  # (in a library folder again)
    assert raced("/v/a/b", 1, read, {"/v": Asked(provisional=True)}) == ["/v/a/b"]  # (the window's own)
    assert raced_text("/v/a/b", ["/v"]).startswith("Another Seekframe process removed /v from the library "
                                                   "about when you asked to index /v/a/b here: /v/a/b is indexed")
