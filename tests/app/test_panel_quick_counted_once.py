"""After a cancel, a folder's row counted its videos with quick moments only twice (s59 H's walk: a folder of 15
videos and a text file cancelled in its quick pass): "13 videos (13 with quick moments only) · 16 still to index",
the 16 being those 13 and the 3 files not in the library yet: 29 of 16 files. The row counts each file once now:
the quick ones beside its videos, the rest "still to index"; its tooltip says how many besides them, and Finish
indexing still finishes them all (its tooltip: the 16 files)."""

from __future__ import annotations

from app.library_panel import LibraryPanel


def test_a_cancelled_folders_row_counts_its_quick_videos_once(qtbot):
    panel = LibraryPanel()
    qtbot.addWidget(panel)
    panel.set_folders(["/v/D"], counts={"/v/D": 13}, quick={"/v/D": 13}, stopped={"/v/D": 16}, cancelled=["/v/D"])
    row = panel._list.item(0)
    assert row.text() == "/v/D  ·  13 videos (13 with quick moments only)  ·  3 still to index", row.text()
    assert "Its last index was cancelled before it finished (3 files were still to index besides the 13 above); " \
           "Finish indexing indexes the rest." in row.toolTip(), row.toolTip()
    assert not panel._finish.isHidden() and "Index the 16 files" in panel._finish.toolTip()


def test_a_folder_whose_files_left_are_all_quick_says_no_more_still_to_index_and_offers_finish(qtbot):
    panel = LibraryPanel()
    qtbot.addWidget(panel)
    panel.set_folders(["/v/D"], counts={"/v/D": 13}, quick={"/v/D": 13}, stopped={"/v/D": 13})
    row = panel._list.item(0)
    assert row.text() == "/v/D  ·  13 videos (13 with quick moments only)", row.text()
    tip = row.toolTip()
    assert "full moments are still to come; Finish indexing completes them." in tip, tip
    assert "Its last index stopped before it finished; Finish indexing indexes the rest." in tip, tip
    assert not panel._finish.isHidden()
    panel.set_folders(["/v/D"], counts={"/v/D": 13}, quick={"/v/D": 13})  # (no run left them: a re-scan, as before)
    assert "Re-scan completes them." in panel._list.item(0).toolTip() and panel._finish.isHidden()
