"""The rest of a stopped `seekframe forget` of several folders that the window's writer open could not
remove for a cause other than a full disk or damage (a file refused: ``ResumeFailed``) opened the
window read-only, and it never tried again by itself nor offered to: a user who put the cause right
had to know to reopen the library. Now the read-only notice offers Try again (the repair notice's
button, as after a read error of the moment), and once the cause is put right its click opens the
library to write, finishing the removal and saying so."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from core.library.meta import read_meta
from tests.app.conftest import SESSION_TIMEOUT_MS
from tests.app.test_forget_request_app import refused, request_left
from tests.app.test_remove_killed_keeps_runs import heard_window


def test_try_again_opens_the_writer_once_the_cause_is_put_right(qtbot, make_app_window, demo_library, demo_clips):
    from core.library.store import VideoLibrary as Store

    folder = str(demo_clips)
    request_left(demo_library, folder)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(Store, "forget_folder", refused(demo_library))
        window = make_app_window(demo_library, build=heard_window)
        session, notice = window.session, window.repair_notice
        qtbot.waitUntil(lambda: session.status.opened and session.read_only, timeout=SESSION_TIMEOUT_MS)
        why = session.read_only_reason
        assert f"Still to remove: {folder}" in why and "Try again below" in why, why
        qtbot.waitUntil(lambda: notice.isVisibleTo(window), timeout=SESSION_TIMEOUT_MS)
        assert notice.again_button.isVisibleTo(notice) and not notice.button.isVisibleTo(notice)  # (no repair)
        assert "Try again" in notice.text and "put right" in notice.text, notice.text
        qtbot.mouseClick(notice.again_button, Qt.MouseButton.LeftButton)  # (the cause still there: offered again)
        qtbot.waitUntil(lambda: session.status.opened and session.read_only and notice.isVisibleTo(window)
                        and notice.again_button.isVisibleTo(notice), timeout=SESSION_TIMEOUT_MS)
    qtbot.mouseClick(notice.again_button, Qt.MouseButton.LeftButton)  # (the file writable again)
    qtbot.waitUntil(lambda: session.status.opened and not session.read_only, timeout=SESSION_TIMEOUT_MS)
    qtbot.waitUntil(lambda: any(f"Removed {folder} from the library (12 videos)" in t for _l, t in session.messages),
                    timeout=SESSION_TIMEOUT_MS)
    qtbot.waitUntil(lambda: session.status.folders == (), timeout=SESSION_TIMEOUT_MS)
    assert not notice.isVisibleTo(window) and read_meta(demo_library).forget_request is None


def test_a_damaged_table_still_offers_its_repair_not_a_try_again(qtbot, make_app_window, demo_library, demo_clips,
                                                                 monkeypatch):
    from tests.app.test_forget_request_repair_words import _damaged, _stopped_request

    _stopped_request(demo_library, str(demo_clips))
    _damaged(monkeypatch)
    window = make_app_window(demo_library, build=heard_window)
    session, notice = window.session, window.repair_notice
    qtbot.waitUntil(lambda: notice.isVisibleTo(window), timeout=SESSION_TIMEOUT_MS)
    assert notice.button.isVisibleTo(notice) and not notice.again_button.isVisibleTo(notice)
    assert "Try again" not in session.read_only_reason
