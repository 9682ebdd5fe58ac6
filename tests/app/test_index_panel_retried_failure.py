"""A re-scan that tried a file that could not be read again (after a restart, `--retry-failed`, a
failure of the moment) and read nothing new said 'Indexed 0 files (0 moments); 1 could not be read'
in the index strip, 'Indexed 0 of 1 file (0 moments).' in the status bar and from `seekframe index`:
true, but it read as if nothing had been checked; each then said 'Nothing new to index: 2 videos up to
date', which said the file to index nowhere (and the same of a NEW file that failed, the run exiting 1:
s59 fr_2). One rule now (``core.status_words.end_words``): "Nothing new to index" only where nothing was to
index; a run that tried a file says it tried it, 'Indexed 0 of 1 video file (0 moments): 1 failed.', the
videos up to date said by its "Found …" line ("1 to index, 2 unchanged")."""

from __future__ import annotations

from app.index_panel import IndexPanel, finished_text
from tests.videos import Segment, write_video


def test_finished_text_counts_the_failures_tried_again():
    assert finished_text(0, 0, 1, {"found": 9, "unchanged": 8, "to_index": 1}) == (
        "Indexed 0 video files (0 moments); 1 could not be read")  # (one to index: tried, not "Nothing new")
    assert finished_text(0, 0, 1, {"found": 9, "unchanged": 8, "to_index": 0}) == (
        "Nothing new to index: 8 videos up to date; 1 could not be read")  # (none to index: an earlier failure)
    assert finished_text(1, 12, 1, {"found": 9, "unchanged": 7, "to_index": 2}) == (
        "Indexed 1 video file (12 moments); 1 could not be read")  # (something read: said as before)
    assert finished_text(0, 0, 2, {"found": 2, "unchanged": 0, "to_index": 2}) == (
        "Indexed 0 video files (0 moments); 2 could not be read")  # (nothing up to date: nothing else to say)


def _runs(tmp_path):
    """The events of a second run over 2 indexed videos and a damaged MP4, which it tries again."""
    from core.indexer import IndexOptions, MomentIndexer
    from core.library import VideoLibrary
    from tests.fakes import ColourMeanEncoder

    folder = tmp_path / "videos"
    write_video(folder / "beach.mp4", [Segment(3, "yellow"), Segment(3, "blue", "red")])
    write_video(folder / "park.mp4", [Segment(4, "green", "white")])
    (folder / "broken.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 40)
    with VideoLibrary(tmp_path / "lib") as lib:
        list(MomentIndexer(lib, ColourMeanEncoder()).run([str(folder)]))
    with VideoLibrary(tmp_path / "lib") as lib:
        events = list(MomentIndexer(lib, ColourMeanEncoder(), IndexOptions(reindex_failed=True)).run([str(folder)]))
    assert events[-1].summary["to_index"] == 1 and events[-1].failed  # (the damaged file was tried again)
    return events


def test_a_rescan_that_tried_a_failed_file_again_says_it_tried_it(show_view, tmp_path, capsys):
    from app.run_words import run_messages
    from core.progress import Tally, print_index_run

    events = _runs(tmp_path)
    panel = show_view(IndexPanel())
    panel.start()
    for ev in events:
        panel.on_event(ev)
    said = panel.summary_text()
    assert said.startswith("Indexed 0 of 1 video file (0 moments); 1 could not be read"), said
    tally = Tally()
    for ev in events:
        tally.add(ev)
    messages = run_messages(events[-1], tally)
    assert ("info", "Indexed 0 of 1 video file (0 moments): 1 failed.") in messages, messages  # (the status bar)
    assert any(level == "warning" and "broken.mp4" in t for level, t in messages), messages
    print_index_run(iter(events))  # `seekframe index`
    err = capsys.readouterr().err
    assert "Indexed 0 of 1 video file (0 moments): 1 failed." in err.splitlines() and "Nothing new" not in err, err
    assert "1 file could not be indexed:" in err and "broken.mp4" in err, err
