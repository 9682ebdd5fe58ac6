"""The window's Cancel on a full disk (``core.run_ends.ended`` could not write "cancelled") left
the run's record saying nothing of its end: once the window closed it read "killed", and the next
window resumed it against the user's choice. The handle now keeps that end and writes it as the
window lets go of its lock or closes, once there is room (``VideoLibrary.close`` takes the lock back
for it). Here the in-place write over the room the record reserved for its end
(``core.run_ends.ended_in_place``) is refused too, as a file system that copies on write may."""

from __future__ import annotations

import errno

from core.library import VideoLibrary
from core.library import meta as meta_io
from core.library import meta_in_place
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

    def patch(*a, **k):  # (btrfs, ZFS: no room for an in-place write either)
        if full[0]:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_patch(*a, **k)

    real_patch = meta_in_place.patch_meta
    monkeypatch.setattr(VideoLibrary, "update_settings", update)
    monkeypatch.setattr(meta_in_place, "patch_meta", patch)
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


def test_a_cancel_on_a_disk_still_full_at_the_close_is_said_cancelled(qtbot, make_session, demo_library, tmp_path,
                                                                     monkeypatch):
    """The disk still full as the window closes: the end is written over the room the run's record
    reserved for it, in place (no whole write of library.json needed), so the next window does not
    resume the run the user cancelled."""
    folder = tmp_path / "A"
    for i, colour in enumerate(("green", "white", "black")):
        write_video(folder / f"new{i}.mp4", [Segment(2, colour)], seed=40 + i)
    full, real = [False], meta_io.write_meta

    def write(*a, **k):
        if full[0]:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(*a, **k)

    monkeypatch.setattr(meta_io, "write_meta", write)
    session = make_session(demo_library)
    heard = _scanned_then(session, lambda: (full.__setitem__(0, True), session.cancel_indexing()))  # (the user's)
    session.add_folder(str(folder))
    qtbot.waitUntil(lambda: bool(heard), timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)
    assert session.close(timeout=30.0)  # (still full)
    assert _record(demo_library)[str(folder)]["ended"] == "cancelled"
