"""The window's Cancel on a full disk (``core.stopped_runs.ended`` could not write "cancelled") left
the run's record saying nothing of its end: once the window closed it read "killed", and the next
window resumed it against the user's choice. The handle now keeps that end and writes it as the
window lets go of its lock or closes, once there is room (``VideoLibrary.close`` takes the lock back
for it)."""

from __future__ import annotations

import errno

from core.library import VideoLibrary
from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle
from tests.app.test_resume_killed_cli_run import _record, _scanned_then
from tests.videos import Segment, write_video


def test_a_cancel_on_a_full_disk_is_said_cancelled_once_there_is_room(qtbot, make_session, demo_library, tmp_path,
                                                                     monkeypatch):
    folder = tmp_path / "A"
    for i, colour in enumerate(("green", "white", "black")):
        write_video(folder / f"new{i}.mp4", [Segment(2, colour)], seed=40 + i)
    full, real = [False], VideoLibrary.update_settings

    def update(self, **values):
        if full[0]:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, **values)

    monkeypatch.setattr(VideoLibrary, "update_settings", update)
    session = make_session(demo_library)
    heard = _scanned_then(session, lambda: (full.__setitem__(0, True), session.cancel_indexing()))  # (the user's)
    session.add_folder(str(folder))
    qtbot.waitUntil(lambda: bool(heard), timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)
    qtbot.waitUntil(lambda: session.library.read_only, timeout=SESSION_TIMEOUT_MS)  # (the lock let go: still full)
    assert "ended" not in _record(demo_library)[str(folder)]
    full[0] = False  # (room again; the window closes)
    assert session.close(timeout=30.0)
    assert _record(demo_library)[str(folder)]["ended"] == "cancelled"
