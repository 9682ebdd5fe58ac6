"""`seekframe forget FILE` (one video, not a folder) said "Removed 1 video under /v/clip.mp4 from the
library": a file is no folder, nothing is under it. A file's removal says the video now, as does a
file not (or no longer) in the library; a folder's is said as before."""

from __future__ import annotations

from core.forget_words import forget_summary
from core.library.folder_forget import Removed
from tests.cli_run import run_cli


def test_forgetting_a_video_file_says_the_video_not_under_it(noted_library, capsys):
    videos, lib = noted_library
    red = videos / "red.mp4"
    code, out, err = run_cli(capsys, "forget", red, "--library", lib)
    assert code == 0, out + err
    assert f"Removed the video {red} from the library (the file is untouched)." in out, out
    assert f"It is still in the library folder {videos}: the next `seekframe index` finds it again" in out, out
    assert "under" not in out, out
    code, out, err = run_cli(capsys, "forget", red, "--library", lib)  # (again: no longer there)
    assert code == 0 and f"{red} was not in the library: nothing removed" in out and "under" not in out, out
    assert "any video in it" not in out, out
    code, out, err = run_cli(capsys, "forget", videos, "--library", lib)  # (a folder: as before)
    assert code == 0 and f"Removed 1 video under {videos} from the library" in out, out


def test_a_file_that_could_not_be_read_is_said_as_that_file():
    assert forget_summary(Removed(0, 1), "/v/broken.mp4") == (
        "Removed /v/broken.mp4, a file that could not be read, from the library (the file is untouched).")
    assert forget_summary(Removed(2, 0), "/v/trip.mp4") == (  # (a folder named so: two videos went)
        "Removed 2 videos under /v/trip.mp4 from the library (the files are untouched).")
