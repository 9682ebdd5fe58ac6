"""A caption file whose times are milliseconds (72000 for 72 s: what subtitle tools write), or another
clip's, linked its captions to videos they start after the end of: "Imported 2 captions (2 linked to
videos)", and no moment of those videos ever showed them (s58 h.md). The import says so now; the
captions are kept (they are still found as captions), and times inside the video say nothing more."""

from __future__ import annotations

from tests.cli_run import run_cli


def test_captions_starting_after_their_video_ends_are_said(noted_library, capsys, tmp_path):
    videos, lib = noted_library  # (red.mp4 and blue.mp4, 4 s each)
    caps = tmp_path / "caps.csv"
    caps.write_text("video,caption,start,end\nred.mp4,a red wall in ms,1000,3000\nblue.mp4,blue in ms,4000,5000\n"
                    "red.mp4,a red wall in seconds,1,3\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "captions-import", caps, "--library", lib)
    assert code == 0, err
    assert out == ("Imported 3 captions (3 linked to videos). 2 captions start after their videos end (times in "
                   "milliseconds?): kept, but on no moment of them; a caption's times are seconds from its "
                   "video's start.\n"), out


def test_captions_inside_their_videos_say_nothing_more(noted_library, capsys, tmp_path):
    videos, lib = noted_library
    caps = tmp_path / "caps.csv"
    caps.write_text("video,caption,start,end\nred.mp4,a red wall,0,3.5\nblue.mp4,blue,,\n", encoding="utf-8")
    code, out, _ = run_cli(capsys, "captions-import", caps, "--library", lib)
    assert code == 0 and out == "Imported 2 captions (2 linked to videos).\n", out
