"""The window's banner of an index a full disk stopped said 'every video indexed before this is in
it' of a new library that held no video (its folder added, the disk full before its first video was
done). It now says no video was indexed yet; a library holding videos keeps the usual words."""

from __future__ import annotations

import errno
import shutil

from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle
from tests.app.test_disk_full_banner_goes import add

FULL = "Indexing stopped: the disk holding the library is full"
NONE_YET = "No video was indexed yet: the library is consistent but holds none"


def test_the_banner_of_a_library_holding_no_video_says_so(qtbot, make_app_window, tmp_path, demo_clips, monkeypatch):
    from core.library.moments import MomentTable

    a = tmp_path / "a"
    a.mkdir()
    shutil.copy(demo_clips / "red-ball-beach.mp4", a / "red-ball-beach.mp4")

    def full(self, items):  # (the disk full as the first video's moments are written)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(MomentTable, "commit", full)
    window = make_app_window(tmp_path / "lib")
    qtbot.waitUntil(lambda: window.library_panel._add.isEnabled(), timeout=10_000)
    add(qtbot, window, a)
    qtbot.waitUntil(lambda: window.banner.text.startswith(FULL), timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, window.session)
    text = window.banner.text
    assert NONE_YET in text and "every video indexed before this" not in text, text


def test_the_usual_words_where_the_library_holds_videos():
    from app import worker_messages

    exc = OSError(errno.ENOSPC, "No space left on device")
    assert "every video indexed before this is in it" in worker_messages.user_message(exc, "index")
    exc.none_indexed = True
    said = worker_messages.user_message(exc, "index")
    assert NONE_YET in said and "choose Re-scan in the library panel" in said, said
