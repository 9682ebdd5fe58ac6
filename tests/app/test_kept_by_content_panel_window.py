"""The window's library panel, as the window feeds it from the session's status (``app.wiring.library``),
says the videos a re-scan of one folder removed and keeps by content a while (``core.sync_gone``)."""

from __future__ import annotations

import os

import pytest
from PySide6.QtWidgets import QLabel

from tests.test_moved_between_folders import _index, _library


@pytest.mark.slow
def test_the_windows_library_panel_counts_the_videos_kept_by_content(tmp_path, capsys, monkeypatch, make_app_window,
                                                                      qtbot):
    a, b, lib, _ = _library(tmp_path, capsys, monkeypatch)
    os.rename(a / "red.mp4", b / "red.mp4")
    _index(capsys, a, lib)
    window = make_app_window(lib, ready=False)
    qtbot.waitUntil(lambda: window.session.status.opened, timeout=30_000)
    kept = window.library_panel.findChild(QLabel, "kept_by_content")
    qtbot.waitUntil(kept.isVisible, timeout=10_000)
    assert kept.toolTip().startswith("Kept by content: 1 video a re-scan of one folder removed"), kept.toolTip()
    assert kept.text().startswith("Kept by content: 1 video, not searchable"), kept.text()
