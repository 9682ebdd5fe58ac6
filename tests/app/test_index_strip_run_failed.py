"""A run that ended in an error (a full disk refusing its write, a decoding process that could not
start: said in the banner) left the index strip as it was at its last event, for good: 'Quick pass:
0 of 9 files · 0 moments', 'Reading bird.mkv' and an enabled Cancel, as if it still went on; only
a finished or cancelled run's end was heard. Now the strip says the run stopped, the videos indexed
before it kept, and Re-scan to index the rest; no Cancel, no file being read."""

from __future__ import annotations

import errno
import shutil

import pytest

from app.index_panel import STOPPED_TEXT
from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle


def _moments_refused(monkeypatch):
    from core.library.moments import MomentTable

    def full(self, items):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(MomentTable, "commit", full)
    return "Indexing stopped: the disk holding the library is full"


def _no_decoding_process(monkeypatch):
    from core import decode_pool

    def refused(self):  # (a process idle from an earlier run is not taken either)
        raise decode_pool.DecodePoolError("could not start a video decoding process: it did not start within 60 s")

    monkeypatch.setattr(decode_pool.DecodePool, "_lease", refused)
    return "could not start a video decoding process"


@pytest.mark.parametrize("fault", [_moments_refused, _no_decoding_process])
def test_a_run_that_failed_is_shown_stopped(qtbot, make_app_window, tmp_path, demo_clips, monkeypatch, fault):
    folder = tmp_path / "videos"
    folder.mkdir()
    for name in ("red-ball-beach.mp4", "blue-car-street.mp4"):
        shutil.copy(demo_clips / name, folder / name)
    said = fault(monkeypatch)
    window = make_app_window(tmp_path / "lib")
    panel, strip = window.index_panel, window.index_strip
    qtbot.waitUntil(lambda: window.library_panel._add.isEnabled(), timeout=10_000)
    window.library_panel.ask_folder = lambda: str(folder)
    window.library_panel.request_add()
    qtbot.waitUntil(lambda: said in window.banner.text, timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, window.session)
    qtbot.wait(50)
    assert not panel.is_running()
    assert strip.isVisible() and panel.summary_text() == STOPPED_TEXT
    assert not panel._cancel.isVisible() and not panel._current_label.isVisible()
