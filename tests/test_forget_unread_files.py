"""Removing a folder that holds only files that could not be read said "Removed 0 videos under …"
(the count leaves failed rows out since e46d1a7: they were never videos), as if nothing went; the
rows of those files went all the same. Now they are said too: "Removed 0 videos and 2 files that
could not be read under …", in the same words for every front end (``service.forget_summary``)."""

from __future__ import annotations

import os
import sys

import pytest

from core.library import VideoLibrary
from core import service
from tests.test_cli_output import fake_model, run_cli  # noqa: F401
from tests.videos import Segment, write_text_as_video, write_video


def test_a_folder_of_unreadable_files_says_what_went(tmp_path, capsys, fake_model):  # noqa: F811
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    videos.mkdir()
    write_text_as_video(videos / "a.mp4")
    write_text_as_video(videos / "b.mp4")
    assert run_cli(capsys, "index", videos, "--library", lib)[0] == 1  # (both failed)
    code, out, _ = run_cli(capsys, "forget", videos, "--library", lib)
    assert code == 0, out
    assert (f"Removed 0 videos and 2 files that could not be read under {videos} from the library "
            "(the files are untouched).") in out, out


def test_one_video_and_one_unreadable_file(tmp_path, capsys, fake_model):  # noqa: F811
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    write_video(videos / "red.mp4", [Segment(2, "red")])
    write_text_as_video(videos / "text.mp4")
    assert run_cli(capsys, "index", videos, "--library", lib)[0] == 1
    with VideoLibrary(lib) as library:
        n = service.forget_folder(library, str(videos))
    assert n == 1 and n.unread == 1
    assert service.forget_summary(n, str(videos)) == (
        f"Removed 1 video and 1 file that could not be read under {videos} from the library (the files are "
        "untouched).")


def test_a_folder_of_videos_only_is_said_as_before(tmp_path, capsys, fake_model):  # noqa: F811
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    write_video(videos / "red.mp4", [Segment(2, "red")])
    assert run_cli(capsys, "index", videos, "--library", lib)[0] == 0
    code, out, _ = run_cli(capsys, "forget", videos, "--library", lib)
    assert code == 0 and f"Removed 1 video under {videos} from the library (the files are untouched)." in out, out


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")
def test_several_folders_at_once_say_them_too(tmp_path, capsys, fake_model):  # noqa: F811
    """``seekframe forget /up --all`` of library folders spelled through different links
    (``cli_forget_several``): their files that could not be read said in the one summary."""
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    write_video(videos / "a" / "red.mp4", [Segment(2, "red")])
    (videos / "b").mkdir()
    write_text_as_video(videos / "b" / "text.mp4")
    write_text_as_video(videos / "b" / "more.mp4")
    for name in ("l1", "l2", "up"):
        os.symlink(videos, tmp_path / name)
    assert run_cli(capsys, "index", tmp_path / "l1" / "a", tmp_path / "l2" / "b", "--library", lib)[0] == 1
    code, out, err = run_cli(capsys, "forget", tmp_path / "up", "--all", "--library", lib)
    assert code == 0, (out, err)
    assert out.startswith(f"Removed 1 video and 2 files that could not be read under {tmp_path / 'up'} from the "
                          "library"), (out, err)
