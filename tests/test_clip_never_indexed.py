"""``seekframe similar`` / ``note`` / ``captions`` naming a file of a library folder that no index
ever adds (a named pipe, a socket, a device, a link in a loop of links, each named as a video)
said "FILE is not in the library. Index its folder first with `seekframe index`.": its folder is
indexed, and indexing it again skips the file again. And a file the index could not read said
only "FILE has no indexed moments.", not why. Now the first says what the file is, the second the
reason its index gave; a video added since the last index is still told to index its folder."""

from __future__ import annotations

import os

import pytest

from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.videos import Segment, write_broken_video, write_video


@pytest.fixture
def library(tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    write_video(videos / "red.mp4", [Segment(2, "red")], seed=1)
    write_broken_video(videos / "text.mp4")
    os.mkfifo(videos / "pipe.mp4")
    os.symlink("loop2.mp4", videos / "loop1.mp4")
    os.symlink("loop1.mp4", videos / "loop2.mp4")
    os.symlink("/dev/null", videos / "null.mp4")
    assert run_cli(capsys, "index", videos, "--library", lib)[0] == 1  # (text.mp4 failed)
    return videos, lib


@pytest.mark.parametrize("name, what", [("pipe.mp4", "a named pipe"), ("null.mp4", "a character device"),
                                        ("loop1.mp4", "a link in a loop of links")])
def test_a_file_no_index_adds_is_said_as_what_it_is(library, capsys, name, what):
    videos, lib = library
    for command in (["similar", videos / name], ["note", videos / name, "a note"], ["captions", videos / name]):
        code, out, err = run_cli(capsys, *command, "--library", lib)
        assert code == 2, (command, out, err)
        assert what in err and "Index its folder first" not in err, (command, err)


def test_a_file_that_failed_says_why(library, capsys):
    videos, lib = library
    code, out, err = run_cli(capsys, "similar", videos / "text.mp4", "--library", lib)
    assert code == 2 and "could not be indexed" in err and "damaged or incomplete MP4" in err, err


def test_a_video_added_since_is_told_to_index_its_folder(library, capsys):
    videos, lib = library
    write_video(videos / "blue.mp4", [Segment(2, "blue")], seed=2)
    code, out, err = run_cli(capsys, "similar", videos / "blue.mp4", "--library", lib)
    assert code == 2 and "Index its folder first" in err, err
