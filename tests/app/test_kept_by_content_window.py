"""The window's words for a video a re-scan of one folder removed and keeps by its content a while
(``core.sync_gone``): the index strip and the status bar said only "1 video removed (no longer
there)", and the library panel said nothing of it, so nobody knew that a re-scan of the folder it
went to brings it back or why it was no longer found. Now the strip says how long it is kept and what
brings it back (the status bar, beside it, not again: tests/app/test_kept_said_once.py), and the library
panel counts such videos (none: hidden)."""

from __future__ import annotations

import os

import pytest
from PySide6.QtWidgets import QLabel

from app.engine import session_status
from app.index_panel import IndexPanel
from app.library_panel import LibraryPanel
from app.run_words import found_text
from core.indexer import IndexEvent, IndexOptions, MomentIndexer
from core.library import VideoLibrary
from tests.test_moved_between_folders import _library

NOTE = ("1 video removed (no longer there; kept by its content for up to 30 days in case it turns up in "
        "another library folder: a re-scan of that folder brings it back)")


def _strip(panel, summary) -> str:
    panel.start()
    panel.on_event(IndexEvent("scanned", files_total=summary.get("to_index", 0), summary=summary))
    panel.on_event(IndexEvent("finished", 0, summary.get("to_index", 0), 0, summary=summary))
    return panel.summary_text()


@pytest.mark.slow
def test_the_strip_status_bar_and_library_panel_say_a_video_kept_by_content(tmp_path, capsys, monkeypatch, show_view):
    a, b, lib, enc = _library(tmp_path, capsys, monkeypatch)
    os.rename(a / "red.mp4", b / "red.mp4")
    with VideoLibrary(str(lib)) as library:  # (the window's "Re-scan its folder")
        summary = next(iter(MomentIndexer(library, enc, IndexOptions(two_pass=False)).run([str(a)]))).summary
    assert summary["deleted"] == 1 and summary["kept_elsewhere"] == 1
    assert NOTE in _strip(show_view(IndexPanel(), (600, 300)), summary)
    assert "1 removed (no longer there)." in found_text(summary)  # (the status bar's "Found …": said once, the strip's)

    with VideoLibrary(str(lib), read_only=True) as library:
        status = session_status(library, read_only=True)
    assert status.kept_by_content == 1
    panel = show_view(LibraryPanel(), (400, 500))
    panel.set_folders(status.folders)
    kept = panel.findChild(QLabel, "kept_by_content")
    assert kept.isHidden()  # (none said before it is told)
    panel.set_kept(status.kept_by_content)
    assert kept.isVisible() and kept.toolTip().startswith("Kept by content: 1 video a re-scan of one folder removed")
    assert "not searchable until a re-scan of that folder finds it there" in kept.toolTip()
    panel.set_kept(0)
    assert kept.isHidden()


def test_a_removal_kept_by_nothing_says_no_longer_there_alone(show_view):
    s = {"found": 6, "unchanged": 5, "deleted": 1, "kept_elsewhere": 0, "to_index": 0, "offline_roots": []}
    assert "1 video removed (no longer there)" in _strip(show_view(IndexPanel(), (600, 300)), s)
    assert "1 removed (no longer there)." in found_text(s)
