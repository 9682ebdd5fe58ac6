"""A new user re-scanned, then removed their only folder: for the strip's 8 s after a run the
window said "0 videos · 0 moments" in the status bar and "Nothing new to index: 12 videos up to
date" in the index strip beneath an empty library (s57 M, screenshot 13_removed). The last run's
words are about a library that is no more once a folder is removed: the strip lets them go."""

from __future__ import annotations

from app.wiring.library import LibraryController
from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle


def test_removing_a_folder_ends_the_last_runs_summary(qtbot, make_app_window, demo_library, monkeypatch):
    monkeypatch.setattr(LibraryController, "SUMMARY_MS", 600_000)  # (the summary never goes by its clock here)
    window = make_app_window(demo_library)
    session, panel, strip = window.session, window.library_panel, window.index_panel
    qtbot.waitUntil(lambda: session.status.videos == 12 and panel._rescan.isEnabled(), timeout=SESSION_TIMEOUT_MS)
    panel._rescan.click()
    qtbot.waitUntil(lambda: "12 videos up to date" in strip.summary_text(), timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)
    assert window.index_strip.isVisible()
    panel.confirm_remove = lambda _folder: True
    panel._list.setCurrentRow(0)
    panel._on_remove()
    qtbot.waitUntil(lambda: session.status.videos == 0 and not session.status.folders, timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)
    assert not window.index_strip.isVisible() or "12 videos" not in strip.summary_text(), strip.summary_text()
