"""``seekframe similar`` / ``captions`` / ``note`` naming a file outside the library that is a
byte-identical copy of one of its videos (a clip downloaded again, a camera card's copy, a file
sent back by a friend) said only "FILE is not in the library. Index its folder first": the user
had no way to know the very video is there, searchable at once under its own name. Now the words
name the library's copy; a file that is no copy still gets the plain words."""

from __future__ import annotations

import shutil

from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.videos import Segment, write_video


def test_a_copy_outside_the_library_names_the_librarys_video(tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    videos, lib, elsewhere = tmp_path / "videos", tmp_path / "lib", tmp_path / "Downloads"
    write_video(videos / "red.mp4", [Segment(2, "red")], seed=1)
    write_video(videos / "blue.mp4", [Segment(2, "blue")], seed=2)
    assert run_cli(capsys, "index", videos, "--library", lib)[0] == 0
    elsewhere.mkdir()
    shutil.copyfile(videos / "red.mp4", elsewhere / "red (1).mp4")
    write_video(elsewhere / "green.mp4", [Segment(2, "green")], seed=3)
    for command in (["similar", f"{elsewhere / 'red (1).mp4'}@1"], ["captions", elsewhere / "red (1).mp4"],
                    ["note", elsewhere / "red (1).mp4", "a note"]):
        code, out, err = run_cli(capsys, *command, "--library", lib)
        assert code == 2, (command, out, err)
        assert "an identical copy of it is" in err and str(videos / "red.mp4") in err, (command, err)
    code, out, err = run_cli(capsys, "similar", elsewhere / "green.mp4", "--library", lib)
    assert code == 2 and "Index its folder first" in err and "identical copy" not in err, err


def test_a_copy_read_slower_than_the_look_is_still_named(tmp_path, capsys, monkeypatch):
    """The copy's hash (3 MiB, bounded by COPY_LOOK_S) was read inside the look's own bound (PROBE_S): a
    read slower than that ran the look out first, and the user was told the folder "does not answer"."""
    import time

    from core import scan_hash, scan_stalls

    use_encoder(monkeypatch, FixedTextEncoder)
    videos, lib, elsewhere = tmp_path / "videos", tmp_path / "lib", tmp_path / "Downloads"
    write_video(videos / "red.mp4", [Segment(2, "red")], seed=1)
    assert run_cli(capsys, "index", videos, "--library", lib)[0] == 0
    elsewhere.mkdir()
    shutil.copyfile(videos / "red.mp4", elsewhere / "red (1).mp4")
    digest = scan_hash._digest
    monkeypatch.setattr(scan_hash, "_digest", lambda *a: time.sleep(1.5) or digest(*a))  # (a slow share's read)
    monkeypatch.setattr(scan_stalls, "PROBE_S", 1.0)
    code, out, err = run_cli(capsys, "captions", elsewhere / "red (1).mp4", "--library", lib)
    assert code == 2 and "an identical copy of it is" in err and str(videos / "red.mp4") in err, err
