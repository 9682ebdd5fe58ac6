"""`seekframe similar FILE@TIME` of a clip whose file is gone or changed since it was indexed lists
clips like what the library holds of it (its vectors), as it did; it now says so, as the window's
file notice does, where it said nothing and the user took them for clips like what the file holds
now (s53 search audit: car_small.mp4 deleted, then another video copied to its name)."""

from __future__ import annotations

import shutil

from tests.cli_run import fake_model, run_cli  # noqa: F401
from tests.videos import Segment, write_video

SAID = "these are clips like what it held when indexed"


def test_similar_says_when_the_clips_file_is_gone_or_changed(tmp_path, capsys, fake_model):
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    write_video(videos / "red.mp4", [Segment(4, "red")], seed=1)
    write_video(videos / "blue.mp4", [Segment(4, "blue")], seed=2)
    assert run_cli(capsys, "index", videos, "--library", lib)[0] == 0
    red = videos / "red.mp4"
    code, out, err = run_cli(capsys, "similar", f"{red}@1", "--library", lib)
    assert code == 0 and "blue.mp4" in out and SAID not in err, err  # (there as indexed: nothing said)

    shutil.move(red, tmp_path / "away.mp4")
    code, out, err = run_cli(capsys, "similar", f"{red}@1", "--library", lib)
    assert code == 0 and "blue.mp4" in out, out
    assert f"{red}: file moved, renamed or deleted since it was indexed; {SAID}." in err, err
    code, out, err = run_cli(capsys, "similar", f"{red}@1", "--library", lib, "--json")
    assert code == 0 and SAID not in err and '"blue.mp4"' not in err  # (--json: for scripts, stdout alone)

    write_video(red, [Segment(9, "green")], seed=3)  # another video under its name
    code, out, err = run_cli(capsys, "similar", f"{red}@1", "--library", lib)
    assert code == 0 and f"{red}: changed since it was indexed; {SAID}." in err, err
