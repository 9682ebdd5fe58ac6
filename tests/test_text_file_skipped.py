"""A text file saved under a video's name (notes.mov) was said "a text file, not a video file" since
b77eacf, yet counted as a failure: `seekframe status` said "1 failed", the window's failed count held it,
and a nightly `seekframe index -q` exited 1 every night for a file no run would read better (review
rv_5, finding 3). It is skipped as not a video now, as an audio file or a picture named .mp4 is, and
read again when it changes."""

from __future__ import annotations

import core.cli
from core.cli import main
from core.library import VideoLibrary
from core.library_status import library_status
from tests.fakes import ColourMeanEncoder
from tests.videos import Segment, write_text_as_video, write_video


def test_a_text_file_named_as_a_video_is_skipped_not_failed(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(core.cli, "_load_encoder", lambda *a, **k: ColourMeanEncoder())
    folder, lib = tmp_path / "videos", str(tmp_path / "lib")
    write_video(folder / "clip.mp4", [Segment(1, "red")], seed=1)
    write_text_as_video(folder / "notes.mov")
    assert main(["index", str(folder), "--library", lib, "-q"]) == 0  # (old: 1, every night)
    err = capsys.readouterr().err
    assert "could not be indexed" not in err, err
    assert main(["status", "--library", lib]) == 0
    out = capsys.readouterr().out
    assert "Videos:  1 (1 done, 0 failed)" in out and "Not videos (skipped): 1 text file" in out, out
    with VideoLibrary(lib, read_only=True) as library:  # (what the window counts)
        status = library_status(library)
    assert status.failed == () and [p for p, _ in status.not_videos] == [str(folder / "notes.mov")]
    write_video(folder / "notes.mov", [Segment(1, "blue")], seed=2)  # (the real video saved over it)
    assert main(["index", str(folder), "--library", lib, "-q"]) == 0
    with VideoLibrary(lib, read_only=True) as library:
        assert library_status(library).not_videos == () and library_status(library).videos == 2


def test_a_folder_away_counts_its_videos_offline_not_its_text_file(tmp_path, capsys, monkeypatch):
    """A folder of one video and a list saved as notes.mov, its drive away: `seekframe status` said
    "1 video (1 done, 0 failed, 1 offline)" of the folder, then "Offline videos: 2" and "2 offline"
    (the detailed figures too): the text file is no video, offline or not."""
    import json

    monkeypatch.setattr(core.cli, "_load_encoder", lambda *a, **k: ColourMeanEncoder())
    folder, lib = tmp_path / "videos", str(tmp_path / "lib")
    write_video(folder / "clip.mp4", [Segment(1, "red")], seed=1)
    write_text_as_video(folder / "notes.mov")
    assert main(["index", str(folder), "--library", lib, "-q"]) == 0
    folder.rename(tmp_path / "away")
    assert main(["index", "--library", lib, "-q"]) == 0  # (marks them offline)
    capsys.readouterr()
    assert main(["status", "--library", lib]) == 0
    out = capsys.readouterr().out
    assert "1 video (1 done, 0 failed, 1 offline); 1 file skipped, not a video" in out, out
    assert "Offline videos: 1 (kept;" in out and f"  {folder}: 1 offline" in out, out
    assert "Videos:  1 (1 done, 0 failed, 1 offline)" in out, out
    assert main(["status", "--library", lib, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["offline"] == [str(folder / "clip.mp4")]


def test_a_drive_away_says_its_videos_gone_not_its_text_file(tmp_path, capsys, monkeypatch):
    """A drive of one video and a list saved as notes.mov, unplugged (its mount point left empty): the
    run said "2 videos seem to be gone from …" (the window's warning too, from the same summary)."""
    from tests.mounts import on_another_device

    monkeypatch.setattr(core.cli, "_load_encoder", lambda *a, **k: ColourMeanEncoder())
    drive, lib = tmp_path / "drive", str(tmp_path / "lib")
    write_video(drive / "clip.mp4", [Segment(1, "red")], seed=1)
    write_text_as_video(drive / "notes.mov")
    assert main(["index", str(drive), "--library", lib, "-q"]) == 0
    drive.rename(tmp_path / "unplugged")
    drive.mkdir()  # (the empty mount point an unplugged drive leaves)
    on_another_device(monkeypatch).add(str(drive))
    capsys.readouterr()
    assert main(["index", "--library", lib]) == 0
    err = capsys.readouterr().err
    assert f"1 video seems to be gone from {drive}" in err, err
