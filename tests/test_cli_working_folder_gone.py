"""A relative path typed in a folder that was deleted (or whose drive was unplugged) since the
shell changed into it: ``seekframe similar clip.mp4`` and ``search --folder trips`` ended in a
FileNotFoundError traceback (``os.path.abspath`` asks for the working folder); they now say what
happened, exit code 2."""

from __future__ import annotations

import os

import pytest

from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.videos import Segment, write_video

GONE = ("seekframe: the current folder is gone (deleted, or its drive unplugged): change to another folder, "
        "or give full paths.\n")


@pytest.fixture
def in_a_deleted_folder(tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    write_video(tmp_path / "videos" / "a.mp4", [Segment(4, "red")], seed=1)
    assert run_cli(capsys, "index", tmp_path / "videos", "--library", tmp_path / "lib")[0] == 0
    (tmp_path / "here").mkdir()
    monkeypatch.chdir(tmp_path / "here")
    os.rmdir(tmp_path / "here")
    yield tmp_path
    os.chdir(tmp_path)  # (before pytest reads its own working folder)


@pytest.mark.parametrize("argv", [["similar", "a.mp4"], ["captions", "a.mp4@1"],
                                  ["search", "red", "--folder", "videos"]])
def test_a_relative_path_in_a_deleted_working_folder_is_said(in_a_deleted_folder, capsys, argv):
    code, out, err = run_cli(capsys, *argv, "--library", in_a_deleted_folder / "lib")
    assert (code, err) == (2, GONE), err


def test_full_paths_still_work_there(in_a_deleted_folder, capsys):
    tmp = in_a_deleted_folder
    code, out, err = run_cli(capsys, "search", "red", "--folder", tmp / "videos", "--library", tmp / "lib")
    assert code == 0 and "a.mp4" in out, err
