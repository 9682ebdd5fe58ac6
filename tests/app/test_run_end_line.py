"""A re-scan of an indexed folder that found one new file to index, a text file saved as memo.mov or a new file
that fails, said "Found 3 video files: 1 to index, 2 unchanged, …" and then "Nothing new to index: 2 videos up to
date." (the 1 to index said nowhere, and for the failing file while the run exits 1); the window's status bar
said nothing of the run. The end line is one rule in core now (``core.status_words.end_words``): "Nothing new
to index" only where nothing was to index; else the line that counts the file, in the CLI, the status bar and
the index strip alike."""

from __future__ import annotations

import pytest

import core.cli
from app.index_panel import IndexPanel
from app.run_words import run_messages
from core.indexer import MomentIndexer
from core.library import VideoLibrary
from core.progress import Tally
from tests.cli_run import run_cli
from tests.fakes import ColourMeanEncoder
from tests.videos import Segment, write_broken_video, write_text_as_video, write_video

NEW = {  # the new file, and what each front end ends with
    "text": (write_text_as_video, "memo.mov", "Nothing indexed: the 1 file to index is not a video (skipped).", 0),
    "failing": (write_broken_video, "new-broken.mp4", "Indexed 0 of 1 video file (0 moments): 1 failed.", 1),
}
STRIP = {"text": "Nothing indexed: the 1 file to index is not a video (skipped). Skipped (not videos): 1 text file. "
                 "Left out: memo.mov", "failing": "Indexed 0 of 1 video file (0 moments); 1 could not be read"}


def _indexed_folder(tmp_path):
    folder = tmp_path / "videos"
    write_video(folder / "bird.mp4", [Segment(1, "red")], seed=1)
    write_video(folder / "again.mp4", [Segment(1, "blue")], seed=2)
    return folder


@pytest.mark.parametrize("kind", NEW)
def test_the_cli_counts_the_one_new_file_to_index(kind, tmp_path, capsys, monkeypatch):
    write, name, line, code = NEW[kind]
    monkeypatch.setattr(core.cli, "_load_encoder", lambda *a, **k: ColourMeanEncoder())
    folder, lib = _indexed_folder(tmp_path), tmp_path / "lib"
    assert run_cli(capsys, "index", folder, "--library", lib)[0] == 0
    ran, _out, err = run_cli(capsys, "index", folder, "--library", lib)  # (nothing new: said plainly)
    assert ran == 0 and "Nothing new to index." in err and "Indexed 0 of" not in err, err
    write(folder / name)
    ran, _out, err = run_cli(capsys, "index", folder, "--library", lib)
    assert "Found 3 video files: 1 to index, 2 unchanged" in err, err
    # (the parent: "Nothing new to index: 2 videos up to date." for both, the run exiting 1 for the failing one)
    assert ran == code and line in err.splitlines() and "Nothing new to index" not in err, err


@pytest.mark.parametrize("kind", NEW)
def test_the_status_bar_and_strip_count_the_one_new_file_to_index(kind, tmp_path, show_view):
    write, name, line, _code = NEW[kind]
    folder = _indexed_folder(tmp_path)
    with VideoLibrary(tmp_path / "lib") as lib:
        list(MomentIndexer(lib, ColourMeanEncoder()).run([str(folder)]))
        write(folder / name)
        events = list(MomentIndexer(lib, ColourMeanEncoder()).run([str(folder)]))
    tally = Tally()
    for ev in events:
        tally.add(ev)
    said = [t for level, t in run_messages(events[-1], tally) if level == "info"]
    assert said and said[0] == line, said  # (the parent: no info line at all, or "Nothing new to index: …")
    panel = show_view(IndexPanel())
    panel.start()
    for ev in events:
        panel.on_event(ev)
    strip = panel.summary_text()  # (the parent: "Nothing new to index: 2 videos up to date. …" for both)
    assert strip.startswith(STRIP[kind]) and "Nothing new to index" not in strip, strip


def test_a_first_index_says_one_end_line_in_the_status_bar_and_the_strip(tmp_path, show_view):
    """A first index of two videos, a text file saved as list.mov, an empty .mp4 and a README.md: the status bar
    said "Indexed 2 of 4 video files (…): 2 are not videos (skipped)." while the strip beside it said "Indexed 2
    video files (…)" (found by a new user, s60 W). The strip opens with the status bar's end line now. And its
    "Skipped (not videos): 1 empty file, 1 other file, 1 text file" (3) contradicted that line's "2 are not
    videos": the README, never among the video files, is said apart now, so the numbers add up."""
    from tests.videos import write_zero_byte

    folder = _indexed_folder(tmp_path)
    write_text_as_video(folder / "list.mov")
    write_zero_byte(folder / "empty.mp4")
    (folder / "README.md").write_text("my videos\n")
    with VideoLibrary(tmp_path / "lib") as lib:
        events = list(MomentIndexer(lib, ColourMeanEncoder()).run([str(folder)]))
    tally = Tally()
    for ev in events:
        tally.add(ev)
    said = [t for level, t in run_messages(events[-1], tally) if level == "info"]
    end = f"Indexed 2 of 4 video files ({events[-1].moments} moments): 2 are not videos (skipped)"
    assert said and said[0] == f"{end}.", said
    panel = show_view(IndexPanel())
    panel.start()
    for ev in events:
        panel.on_event(ev)
    strip = panel.summary_text()  # (the parent: "Indexed 2 video files (… moments). Skipped (not videos): …")
    assert strip.startswith(f"{end}. Skipped (not videos): 1 empty file, 1 text file; also 1 other file, not "
                            "counted as a video file. Left out: "), strip


def test_the_strip_says_videos_back_online_as_the_end_line_does():
    """A run that found a drive's videos again said "Nothing new to index. 1 video is back online (found again
    where it was)." in the CLI and the status bar (``end_words``), and "Nothing new to index: 4 videos up to date"
    alone in the index strip beside it (rv_5 #4): the strip says them by the same rule; none back, nothing more."""
    from app.strip_words import finished_text
    from core.status_words import back_online_text, end_words

    summary = {"to_index": 0, "unchanged": 4, "back_online": 1}
    back = back_online_text(summary)
    assert back and end_words(0, 0, 0, summary).endswith(back)
    assert finished_text(0, 0, 0, summary) == "Nothing new to index: 4 videos up to date." + back[:-1]
    summary = {"to_index": 0, "unchanged": 4, "back_online": 3, "skipped": {"kinds": {"image": 1}}}
    assert ". 3 videos are back online (found again where they were)." in finished_text(0, 0, 0, summary)
    assert "back online" not in finished_text(0, 0, 0, {"to_index": 0, "unchanged": 4, "back_online": 0})
