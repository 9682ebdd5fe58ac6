"""`seekframe forget FILE` (one video, not a folder) said "Removed 1 video under /v/clip.mp4 from the
library": a file is no folder, nothing is under it. A file's removal says the video now, as does a
file not (or no longer) in the library; a folder's is said as before."""

from __future__ import annotations

from core.forget_words import forget_summary, removed_count, together
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


def test_a_text_file_named_as_a_video_is_said_as_no_video(tmp_path, capsys, colour_model):
    """`seekframe forget list.mov` (a list saved under a video's name, which the run skipped as not a
    video, as `seekframe status` says it) said "Removed list.mov, a file that could not be read": it is
    said as the no video it was recorded as now, as is the folder's removal that takes it along."""
    from tests.videos import Segment, write_text_as_video, write_video

    videos, lib = tmp_path / "videos", tmp_path / "lib"
    write_video(videos / "red.mp4", [Segment(2, "red")])
    listed = write_text_as_video(videos / "list.mov")
    index = ("index", videos, "--library", lib, "--model", colour_model, "-q")
    assert run_cli(capsys, *index)[0] == 0
    code, out, err = run_cli(capsys, "forget", listed, "--library", lib)
    assert code == 0, out + err
    assert f"Removed {listed}, a text file skipped as not a video, from the library (the file is untouched)." in out, out
    assert "could not be read" not in out, out
    assert run_cli(capsys, *index)[0] == 0  # (found again: still in the folder)
    code, out, err = run_cli(capsys, "forget", videos, "--library", lib)
    assert code == 0, out + err
    assert (f"Removed 1 video and 1 text file skipped as not a video under {videos} from the library "
            "(the files are untouched).") in out, out


def test_what_went_is_said_by_kind():
    assert forget_summary(Removed(0, 1, ("image",)), "/v/still.mp4") == (
        "Removed /v/still.mp4, an image skipped as not a video, from the library (the file is untouched).")
    assert forget_summary(Removed(3, 4, ("image", "text file", "image")), "/v") == (
        "Removed 3 videos, 1 file that could not be read and 3 files (2 images, 1 text file) skipped as not "
        "videos under /v from the library (the files are untouched).")
    assert forget_summary(Removed(0, 2, ("audio file", "audio file")), "/v") == (
        "Removed 0 videos and 2 audio files skipped as not videos under /v from the library (the files are "
        "untouched).")
    assert removed_count(together([Removed(1, 1, ("text file",)), Removed(2, 1), 3])) == (
        "6 videos, 1 file that could not be read and 1 text file skipped as not a video")
