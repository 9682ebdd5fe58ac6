"""A re-scan with nothing new says how many indexed videos are up to date: a folder of 8 videos
and a file that could not be read said 'Nothing new to index: 9 videos up to date; 1 could not be
read' (9 + 1 of 9 files, and the status bar said 8 videos): the scan's count of files found was
taken for the videos up to date, the failed file counted in both."""

from __future__ import annotations

from app.index_panel import IndexPanel, finished_text
from tests.videos import Segment, write_video


def test_finished_text_says_the_unchanged_videos():
    assert finished_text(0, 0, 1, {"found": 9, "unchanged": 8, "to_index": 0}) == (
        "Nothing new to index: 8 videos up to date; 1 could not be read")
    assert finished_text(0, 0, 0, {"found": 3, "unchanged": 3, "to_index": 0}) == (
        "Nothing new to index: 3 videos up to date")


def test_a_rescan_with_a_failed_file_counts_only_the_indexed_videos(show_view, tmp_path):
    from core.indexer import MomentIndexer
    from core.library import VideoLibrary
    from tests.fakes import ColourMeanEncoder

    folder = tmp_path / "videos"
    write_video(folder / "beach.mp4", [Segment(3, "yellow"), Segment(3, "blue", "red")])
    write_video(folder / "park.mp4", [Segment(4, "green", "white")])
    (folder / "broken.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 40)
    panel = show_view(IndexPanel())
    with VideoLibrary(tmp_path / "lib") as lib:
        list(MomentIndexer(lib, ColourMeanEncoder()).run([str(folder)]))
        panel.start()
        for ev in MomentIndexer(lib, ColourMeanEncoder()).run([str(folder)]):
            panel.on_event(ev)
    said = panel.summary_text()
    # (broken.mp4 is the first run's failure, not tried again: said as an earlier run's, app.run_words.own_failed)
    assert said.startswith("Nothing new to index: 2 videos up to date; from earlier runs: 1 could not be read"), said
