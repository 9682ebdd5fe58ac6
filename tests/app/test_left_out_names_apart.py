"""The window's end-of-run words name the files a run left out or found cut short by name alone:
a folder with an empty ``empty.mp4`` at its top and another in ``phone/`` said "Left out: empty.mp4
(…); empty.mp4 (…)", and two ``truncated.mp4`` "(truncated.mp4, truncated.mp4)": one file named
twice, to a user, who could not tell which to look at (s59 H's walk on real footage). Each is now
named by as much of its path as tells it from the others listed (``core.filenames.telling_apart``),
its file name alone where that is its own."""

from __future__ import annotations

from app.index_panel import skipped_sentence
from core.progress import Tally

EMPTY = "not a video: an empty file (still being copied or downloaded?)"
TEXT = "not a video: a text file"


def test_left_out_files_of_the_same_name_are_told_apart():
    files = [("/home/me/v/empty.mp4", EMPTY), ("/home/me/v/phone/empty.mp4", EMPTY), ("/home/me/v/notes.mp4", TEXT)]
    text = skipped_sentence({"kinds": {"empty file": 2, "text file": 1}, "files": files})
    assert text == (". Skipped (not videos): 2 empty files, 1 text file. "
                    f"Left out: v/empty.mp4 ({EMPTY}); phone/empty.mp4 ({EMPTY}); notes.mp4 ({TEXT})")


def test_cut_short_files_of_the_same_name_are_told_apart():
    tally = Tally()
    tally.cut_short = {"/home/me/v/truncated.mp4": "cut short", "/home/me/v/2024/truncated.mp4": "cut short",
                       "/home/me/v/b.mkv": "cut short"}
    assert tally.cut_text(names=3) == ("3 files are cut short (a download or copy that did not finish?): the part "
                                       "that plays is indexed (v/truncated.mp4, 2024/truncated.mp4, b.mkv).")
    assert tally.cut_text() == ("3 files are cut short (a download or copy that did not finish?): the part "
                                "that plays is indexed.")  # (the CLI names none here: it lists each path after)
