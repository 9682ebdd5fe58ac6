"""A video whose failure may have been of the moment (a read error of a disk or share that blipped,
a decoder that hung) is tried again by the next runs (``core.failure_retry``), and
`seekframe index` says so ("Trying again N videos whose failure may have been of the moment …").
The window's run said nothing of it, and its summary of the failed files said "It is retried when
it changes" of a file the next run reads again. Now both say it, in the app's words; from a real
run's events (``tests.decode_blips``: a video that fails with EIO while a "blip" file is there)."""

from __future__ import annotations

from pathlib import Path

from app.run_words import run_messages, scan_messages
from core.indexer import IndexOptions, MomentIndexer
from core.library import VideoLibrary
from core.progress import Tally
from tests.decode_blips import decode
from tests.fakes import ColourMeanEncoder
from tests.videos import Segment, write_video


def window_says(tmp_path) -> list[tuple[str, str]]:
    """What the window says of one run over tmp_path/videos: its scan's words, then its end's."""
    (tmp_path / "opened").write_text("")
    with VideoLibrary(tmp_path / "lib") as lib:
        opts = IndexOptions(two_pass=False, decode_fn=decode, file_timeout_s=20.0)
        events = list(MomentIndexer(lib, ColourMeanEncoder(), opts).run([str(tmp_path / "videos")]))
    tally = Tally()
    for ev in events:
        tally.add(ev)
    said = [m for ev in events if ev.kind == "scanned" for m in scan_messages(ev.summary)]
    return said + run_messages(events[-1], tally)


def test_the_window_says_which_failed_videos_the_next_run_tries_again(tmp_path):
    for name, colour in [("good.mp4", "red"), ("flaky.mp4", "blue"), ("broken.mp4", "green")]:
        write_video(tmp_path / "videos" / name, [Segment(4, colour)], fps=10)
    (tmp_path / "blip").touch()  # (flaky.mp4's reads fail with EIO)
    said = window_says(tmp_path)
    failed = [t for level, t in said if level == "warning" and "could not be indexed" in t]
    assert len(failed) == 1 and failed[0].startswith("2 files could not be indexed"), said
    assert failed[0].endswith("1 of them, whose failure may have been of the moment, is tried again by the next "
                              "indexing run (a re-scan); the others when they change, or now with Try again."), failed[0]

    (tmp_path / "blip").unlink()  # (the share is back)
    said = window_says(tmp_path)
    assert ("info", "Trying again 1 video whose failure may have been of the moment (a decoder that hung or was "
                    "killed, a read error of a disk or network share): each is tried in up to 3 indexing runs "
                    "(a re-scan is one).") in said, said
    assert "seekframe" not in " ".join(t for _level, t in said)
    assert (tmp_path / "opened").read_text().split() == ["flaky.mp4"]
    failed = [t for level, t in said if level == "warning" and "could not be indexed" in t]
    assert failed == ["From earlier runs, 1 file could not be indexed (broken.mp4: damaged video stream (Invalid "
                      "data found when processing input)). It is retried when it changes, or now with Try again."], said
    # (broken.mp4 the first run's failure, not tried by this one: said so, app.run_words.own_failed)

    said = window_says(tmp_path)  # (all read: nothing tried again)
    assert not any("Trying again" in t for _level, t in said), said


def test_a_run_whose_failures_are_all_of_the_moment_says_the_next_run_tries_them(tmp_path):
    for name, colour in [("flaky1.mp4", "red"), ("flaky2.mp4", "blue")]:
        write_video(tmp_path / "videos" / name, [Segment(4, colour)], fps=10)
    (tmp_path / "blip").touch()
    failed = [t for level, t in window_says(tmp_path) if "could not be indexed" in t]
    assert len(failed) == 1 and failed[0].endswith(
        "Their failure may have been of the moment (a read error of a disk or share, a decoder that hung): the "
        "next indexing run (a re-scan) tries them again, or now with Try again."), failed
    assert {Path(p).name for p in ("flaky1.mp4", "flaky2.mp4")} <= set((tmp_path / "opened").read_text().split())
