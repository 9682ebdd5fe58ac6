"""A folder an index run's walk could not open or list (a path past PATH_MAX, permission denied)
is a folder, not a file: the run's end in the window's messages says "1 folder could not be read"
apart from the files (``app.run_words.run_messages``), but the indexing panel's summary counted it among
the files: "Indexed 1 file (1 moment); 2 could not be read", and its "2 failed" button read out
"2 files could not be read". Now both say them apart, by the same split (``app.run_words.split_failed``):
"; 1 file could not be read; 1 folder could not be read", and the list of what could not be read
(with reasons, copyable) heads its column "File or folder", the folder's row saying it is a folder."""

from __future__ import annotations

import os
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from app.index_panel import IndexPanel, finished_text
from core.indexer import IndexOptions, MomentIndexer
from core.library import VideoLibrary
from tests.fakes import ColourMeanEncoder
from tests.videos import Segment, write_video


@pytest.mark.skipif(sys.platform != "linux", reason="PATH_MAX of 4096 bytes")
def test_the_panel_says_a_folder_it_could_not_read_apart_from_the_files(tmp_path, show_view, qtbot):
    from tests.test_index_folder_too_long import _too_long

    videos = tmp_path / "videos"
    write_video(videos / "good.mp4", [Segment(2, "red")], fps=10)
    (videos / "broken.mp4").write_bytes(bytes(range(256)) * 20)
    _too_long(videos)  # (a folder past PATH_MAX: the walk cannot open it)
    panel = show_view(IndexPanel(), (600, 300))
    panel.start()
    with VideoLibrary(tmp_path / "lib") as lib:  # (a real run's events, as the session passes them on)
        for ev in MomentIndexer(lib, ColourMeanEncoder(), IndexOptions(two_pass=False)).run([str(videos)]):
            panel.on_event(ev)
    said = panel.summary_text()
    assert said.startswith("Indexed 1 of 2 video files (") and said.endswith("; 1 file could not be read; "
                                                                 "1 folder could not be read"), said
    button = panel._failed_button
    assert button.text() == "2 failed" and button.accessibleName() == "1 file and 1 folder could not be read"
    assert "folders" in button.toolTip(), button.toolTip()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert panel._tree.isVisible() and panel._tree.headerItem().text(0) == "File or folder"
    rows = {panel._tree.topLevelItem(i).text(0): panel._tree.topLevelItem(i).text(1)
            for i in range(panel._tree.topLevelItemCount())}
    folder, = (p for p in rows if os.path.basename(p) != "broken.mp4")
    assert folder.startswith(str(videos / "d")) and rows[folder] == "cannot open folder: File name too long", rows
    panel.copy_failed()
    assert f"{folder}\tcannot open folder: File name too long" in QGuiApplication.clipboard().text().splitlines()


def test_the_summary_says_folders_apart_from_files():
    assert finished_text(12, 300, 3) == "Indexed 12 video files (300 moments); 3 could not be read"  # (files only: as before)
    assert finished_text(12, 300, 2, None, 1) == ("Indexed 12 video files (300 moments); 2 files could not be read; "
                                                  "1 folder could not be read")
    assert finished_text(0, 0, 0, {"found": 9, "to_index": 0}, 2) == ("Nothing new to index: 9 videos up to "
                                                                       "date; 2 folders could not be read")


def test_a_files_only_list_is_said_as_files(show_view):
    panel = show_view(IndexPanel(), (600, 300))
    panel.set_failed([("/v/a.mp4", "not a video file"), ("/v/b.mp4", "truncated file")])
    assert panel._failed_button.accessibleName() == "2 files could not be read"
    assert panel._tree.headerItem().text(0) == "File" and "folders" not in panel._failed_button.toolTip()
