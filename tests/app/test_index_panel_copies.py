"""The indexing panel says when a run added copies of videos already indexed: adding a folder
that held a copy of an indexed clip said 'Indexed 0 files (0 moments)' (or 'Nothing new to index')
while the library's count went up by one video, where `seekframe index` says 'Found 1 video: 0 to
index, 0 unchanged, 1 copy of an indexed video …'."""

from __future__ import annotations

import shutil

from app.index_panel import IndexPanel, finished_text
from tests.videos import Segment, write_video


def test_finished_text_counts_the_copies():
    assert finished_text(2, 20, 0, {"to_index": 2, "copied": 1}) == (
        "Indexed 2 video files (20 moments); 1 copy of an indexed video added, its moments copied")
    assert finished_text(0, 0, 0, {"found": 9, "to_index": 0, "copied": 3}) == (
        "Nothing new to index: 9 videos up to date; 3 copies of indexed videos added, their moments copied")


def test_a_folder_holding_a_copy_of_an_indexed_video_says_it_was_added(show_view, tmp_path):
    from core.indexer import MomentIndexer
    from core.library import VideoLibrary
    from tests.fakes import ColourMeanEncoder

    first, second = tmp_path / "phone", tmp_path / "backup"
    clip = write_video(first / "beach.mp4", [Segment(4, "yellow"), Segment(4, "blue", "red")])
    second.mkdir()
    shutil.copy(clip, second / "beach (copy).mp4")
    panel = show_view(IndexPanel())
    with VideoLibrary(tmp_path / "lib") as lib:
        list(MomentIndexer(lib, ColourMeanEncoder()).run([str(first)]))
        panel.start()
        for ev in MomentIndexer(lib, ColourMeanEncoder()).run([str(second)]):
            panel.on_event(ev)
    said = panel.summary_text()
    assert "1 copy of an indexed video added, its moments copied" in said, said
