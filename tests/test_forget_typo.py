"""``seekframe forget`` of a path inside a library folder that is not there and holds nothing of the
library (a typo: ``forget ~/Videos/phnoe`` for ~/Videos/phone) said "Removed 0 videos under
~/Videos/phnoe" and that the next index finds any video in it, exit 0: a script or a user saw
success (s58 h.md). It is said not to exist, nothing forgotten, exit 2, as a path outside the
library folders is; a path that is there (a folder already forgotten) and one whose videos the
library holds while it is gone (an unplugged drive) are as before."""

from __future__ import annotations

import shutil

from tests.cli_run import run_cli


def test_a_mistyped_path_in_a_library_folder_is_said_not_to_exist(noted_library, capsys):
    videos, lib = noted_library
    for typo in (videos / "phnoe", videos / "rde.mp4"):
        code, out, err = run_cli(capsys, "forget", typo, "--library", lib)
        assert code == 2 and not out, out
        assert err == (f"seekframe: {typo} does not exist, and the library has nothing there: check the path "
                       "(a typo?). Nothing was forgotten.\n"), err
    code, out, _ = run_cli(capsys, "search", "red", "--library", lib, "--json")
    assert code == 0 and '"path"' in out  # (nothing removed)


def test_a_path_that_is_there_or_whose_videos_the_library_holds_is_forgotten_as_before(noted_library, capsys):
    videos, lib = noted_library
    (videos / "empty").mkdir()
    code, out, _ = run_cli(capsys, "forget", videos / "empty", "--library", lib)
    assert code == 0 and out.startswith(f"Removed 0 videos under {videos / 'empty'}"), out
    moved = videos.parent / "moved-red.mp4"
    shutil.move(videos / "red.mp4", moved)  # (gone from its folder, still in the library)
    code, out, err = run_cli(capsys, "forget", videos / "red.mp4", "--library", lib)
    assert code == 0 and f"Removed the video {videos / 'red.mp4'} from the library" in out, out + err
