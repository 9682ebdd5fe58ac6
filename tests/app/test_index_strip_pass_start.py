"""As a two-pass run's full pass began, the index strip still said 'Reading clip_09.mp4', the quick
pass's last file, beside 'Full pass: 0 of 10 files', until the full pass's first file started
(it reads them from the first). The full pass starts with no file named."""

from __future__ import annotations

import pytest

from app.index_panel import IndexPanel
from core.indexer import IndexEvent

S = {"found": 3, "to_index": 3, "offline_roots": [], "two_pass": True}


@pytest.fixture
def panel(show_view):
    return show_view(IndexPanel(), (600, 300))


def test_the_full_pass_starts_naming_no_file_of_the_quick_one(panel):
    panel.start()
    panel.on_event(IndexEvent("scanned", files_total=3, summary=S, phase="quick"))
    for i in range(3):
        path = f"/v/clip_{i:02d}.mp4"
        panel.on_event(IndexEvent("file_started", i, 3, 4 * i, current=path, summary=S, phase="quick"))
        panel.on_event(IndexEvent("file_done", i + 1, 3, 4 * (i + 1), current=path, summary=S, phase="quick"))
    panel._refresh()
    assert panel._current_label.full_text() == "Reading clip_02.mp4"
    panel.on_event(IndexEvent("pass_started", 0, 3, 0, summary=S, phase="full"))
    assert panel._counts.text().startswith("Full pass: 0 of 3 files")
    assert "clip_02" not in panel._current_label.full_text()
    panel.on_event(IndexEvent("file_started", 0, 3, 0, current="/v/clip_00.mp4", summary=S, phase="full"))
    panel._refresh()
    assert panel._current_label.full_text() == "Reading clip_00.mp4"
