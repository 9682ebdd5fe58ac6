"""`seekframe status --library ~/work-lib` (or search, note, forget) where no library is yet said
"No library at ~/work-lib. Index some videos first: seekframe index FOLDER", and that command indexes
into the default library, where the next `--library ~/work-lib` command still found none. The way
on names the library typed now; and a folder of videos given as the library (`--library ~/Videos`, a
new user's first guess at what --library means) is said to be one, with the commands that index it
(s57 j.md). No library is made by any of them."""

from __future__ import annotations

import shlex

import pytest

from tests.cli_run import run_cli
from tests.videos import Segment, write_video


@pytest.mark.parametrize("command", [["status"], ["search", "dog"], ["forget", "/tmp"]])
def test_the_way_on_names_the_library_typed(tmp_path, capsys, command):
    lib = tmp_path / "work lib"
    code, out, err = run_cli(capsys, *command, "--library", lib)
    assert code == 2 and not out, out + err
    assert f"No library at {lib}. Index some videos first: seekframe index --library {shlex.quote(str(lib))} FOLDER" in err
    assert not lib.exists()


def test_the_default_library_s_way_on_names_none(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SEEKFRAME_LIBRARY", str(tmp_path / "lib"))
    code, _, err = run_cli(capsys, "status")
    assert code == 2 and err.rstrip().endswith("Index some videos first: seekframe index FOLDER"), err


def test_a_folder_of_videos_given_as_the_library_is_said_to_be_one(tmp_path, capsys):
    videos = tmp_path / "Videos"
    write_video(videos / "beach.mp4", [Segment(1, "red")])
    code, out, err = run_cli(capsys, "search", "dog", "--library", videos)
    assert code == 2 and not out, out + err
    assert f"No library at {videos}: it holds videos. --library names the folder the library is kept in" in err, err
    assert f"seekframe index {videos} (into the default library)" in err, err
    assert not (videos / "library.json").exists() and sorted(p.name for p in videos.iterdir()) == ["beach.mp4"]
