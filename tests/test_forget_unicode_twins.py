"""``seekframe forget`` typed in one Unicode spelling of a name the file system holds in the other:
``café`` typed composed (NFC, as a keyboard gives it) of a library folder a Mac copied with its
name decomposed (NFD, ``cafe`` + U+0301), or the other way round. ``search --folder``,
``similar``, ``note`` and ``captions`` take either spelling (``filters.twin_spellings``,
``clirefs._unicode_twin``); ``forget`` refused it, listing a folder that looks the same:
"/x/café is not one of the library's folders, nor in one: nothing was forgotten. The library's
folders: /x/café." Now it removes the folder (or the video, or the folders under a path above
them) the file system holds under the other spelling alone; two distinct folders whose names are
the two spellings stay apart."""

from __future__ import annotations

import os

import pytest

from core.library import VideoLibrary
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.videos import Segment, write_video

NFC, NFD = "caf\u00e9", "cafe\u0301"


def _paths(lib) -> list[str]:
    with VideoLibrary(str(lib), read_only=True) as library:
        return sorted(v.path for v in library.video_table.all())


def _folders(lib) -> list[str]:
    with VideoLibrary(str(lib), read_only=True) as library:
        return list(library.meta.settings.folders or [])


def _library(tmp_path, capsys, on_disk: str):
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    write_video(videos / on_disk / "trip.mp4", [Segment(2, "red")], seed=1)
    write_video(videos / on_disk / "2024" / "day.mp4", [Segment(2, "green")], seed=3)
    write_video(videos / "home" / "cat.mp4", [Segment(2, "blue")], seed=2)
    assert run_cli(capsys, "index", videos / on_disk, videos / "home", "--library", lib)[0] == 0
    return videos, lib


@pytest.mark.parametrize("on_disk, typed", [(NFD, NFC), (NFC, NFD)])
def test_forget_in_the_other_spelling_removes_the_folder(tmp_path, capsys, monkeypatch, on_disk, typed):
    use_encoder(monkeypatch, FixedTextEncoder)
    videos, lib = _library(tmp_path, capsys, on_disk)
    code, out, err = run_cli(capsys, "forget", videos / typed, "--library", lib)
    assert code == 0, err
    assert _folders(lib) == [str(videos / "home")], out + err
    assert _paths(lib) == [str(videos / "home" / "cat.mp4")]
    assert "Removed 2 videos" in out, out


def test_forget_a_video_in_the_other_spelling(tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    videos, lib = _library(tmp_path, capsys, NFD)
    code, out, err = run_cli(capsys, "forget", videos / NFC / "2024" / "day.mp4", "--library", lib)
    assert code == 0, err
    assert _paths(lib) == sorted([str(videos / "home" / "cat.mp4"), str(videos / NFD / "trip.mp4")]), out + err


def test_forget_a_path_above_in_the_other_spelling(tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    write_video(videos / NFD / "a" / "trip.mp4", [Segment(2, "red")], seed=1)
    write_video(videos / NFD / "b" / "day.mp4", [Segment(2, "green")], seed=3)
    write_video(videos / "home" / "cat.mp4", [Segment(2, "blue")], seed=2)
    assert run_cli(capsys, "index", videos / NFD / "a", videos / NFD / "b", videos / "home", "--library", lib)[0] == 0
    code, out, err = run_cli(capsys, "forget", videos / NFC, "--all", "--library", lib)
    assert code == 0, err
    assert _folders(lib) == [str(videos / "home")], out + err


def test_twin_folders_of_the_two_spellings_stay_apart(tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    videos, lib = _library(tmp_path, capsys, NFD)
    os.makedirs(videos / NFC)
    if len([n for n in os.listdir(videos) if n.startswith("caf")]) < 2:
        pytest.skip("this file system takes the two spellings for one name: it holds no twins")
    code, out, err = run_cli(capsys, "forget", videos / NFC, "--library", lib)
    assert code == 2 and "is not one of the library's folders" in err, out + err
    assert len(_paths(lib)) == 3
