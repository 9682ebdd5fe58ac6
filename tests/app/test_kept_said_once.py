"""A re-scan of one folder that removed a video and kept it by its content (``core.sync_gone``) said its
sentence twice at once: the index strip's "1 video removed (no longer there; kept by its content for up to
30 days in case it turns up in another library folder: a re-scan of that folder brings it back)" right above
the status bar's "Found 1 video: 1 unchanged, 1 removed (no longer there; kept by its content for up to 30
days …)." The strip says it; the status bar's "Found …" says "1 removed (no longer there)" alone."""

from __future__ import annotations

import os

from tests.app.conftest import two_folders, wait_indexing

KEPT = "kept by its content for up to 30 days"


def test_a_video_kept_by_content_is_said_once_by_the_strip(qtbot, make_app_window, tmp_path, demo_clips):
    a, b, clips = two_folders(tmp_path, demo_clips)
    window = make_app_window(tmp_path / "lib")
    for folder in (a, b):
        wait_indexing(qtbot, window.session, lambda f=folder: window.session.add_folder(str(f)))
    os.rename(a / clips[0].name, b / clips[0].name)
    said = []
    window.session.message.connect(lambda level, text: said.append(text))
    shown = []
    window.statusBar().messageChanged.connect(shown.append)
    wait_indexing(qtbot, window.session, lambda: window.session.rescan_folder(str(a)))
    qtbot.waitUntil(lambda: any(t.startswith("Found 1 video") for t in said), timeout=10_000)
    strip = window.index_panel.summary_text()
    assert "1 video removed (no longer there; " + KEPT in strip, strip
    found = next(t for t in said if t.startswith("Found 1 video"))
    assert found == "Found 1 video: 1 unchanged; 1 removed (no longer there).", found  # (old: the strip's sentence)
    assert not [t for t in [*said, *shown] if KEPT in t], (said, shown)
