"""The banner of an index a full disk stopped said '… then choose Re-scan in the library panel to
index the rest' while the library panel offered Finish indexing for the files it left (its plan
recorded, whole or in the room library.json keeps for it): one way on, two names. It names the
action the panel offers: Finish indexing where a recorded run left files, else Re-scan."""

from __future__ import annotations

import errno
import shutil

import pytest

from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle
from tests.app.test_disk_full_banner_goes import add

FULL = "Indexing stopped: the disk holding the library is full"


def _add_stopped_by_a_full_disk(qtbot, make_app_window, tmp_path, demo_clips, monkeypatch, names):
    """A new library's window adds a folder of the demo clips ``names``; its index stops, the plan
    recorded, as the disk is full at the first video's moments: the window once the banner says so,
    the session idle and the panel offering Finish indexing."""
    from core.library.moments import MomentTable

    a = tmp_path / "a"
    a.mkdir()
    for name in names:
        shutil.copy(demo_clips / name, a / name)

    def full(self, items):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(MomentTable, "commit", full)
    window = make_app_window(tmp_path / "lib")
    panel = window.library_panel
    qtbot.waitUntil(lambda: panel._add.isEnabled(), timeout=10_000)
    add(qtbot, window, a)
    qtbot.waitUntil(lambda: window.banner.text.startswith(FULL), timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, window.session)
    qtbot.waitUntil(lambda: panel._finish.isVisible(), timeout=SESSION_TIMEOUT_MS)
    return window


def test_the_banner_names_finish_indexing_where_the_panel_offers_it(qtbot, make_app_window, tmp_path, demo_clips,
                                                                   monkeypatch):
    window = _add_stopped_by_a_full_disk(qtbot, make_app_window, tmp_path, demo_clips, monkeypatch,
                                         ("red-ball-beach.mp4", "blue-car-street.mp4"))
    text = window.banner.text
    assert "choose Finish indexing in the library panel to index the rest" in text and "Re-scan" not in text, text


def test_the_banner_names_re_scan_where_no_run_was_recorded():
    from app import worker_messages

    exc = OSError(errno.ENOSPC, "No space left on device")
    assert "choose Re-scan in the library panel to index the rest" in worker_messages.user_message(exc, "index")
    exc.finish_offered = True
    said = worker_messages.user_message(exc, "index")
    assert "choose Finish indexing in the library panel to index the rest" in said and "Re-scan" not in said, said


@pytest.mark.slow  # (26 s under load)
def test_the_index_strip_names_no_other_way_on_than_the_banner(qtbot, make_app_window, tmp_path, demo_clips,
                                                               monkeypatch):
    """The strip under the results said 'Stopped before it finished: indexed videos are kept, re-scan to
    finish' beside the banner's 'choose Finish indexing in the library panel': it now points to the banner."""
    window = _add_stopped_by_a_full_disk(qtbot, make_app_window, tmp_path, demo_clips, monkeypatch,
                                         ("red-ball-beach.mp4",))
    strip = window.index_panel.summary_text()
    assert "Finish indexing" in window.banner.text
    assert window.index_strip.isVisible() and strip.startswith("Stopped before it finished"), strip
    assert "re-scan" not in strip.lower(), strip
