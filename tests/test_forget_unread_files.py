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
from tests.cli_run import fake_model, run_cli  # noqa: F401
from tests.videos import Segment, write_broken_video, write_video


def test_a_folder_of_unreadable_files_says_what_went(tmp_path, capsys, fake_model):  # noqa: F811
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    videos.mkdir()
    write_broken_video(videos / "a.mp4")
    write_broken_video(videos / "b.mp4")
    assert run_cli(capsys, "index", videos, "--library", lib)[0] == 1  # (both failed)
    code, out, _ = run_cli(capsys, "forget", videos, "--library", lib)
    assert code == 0, out
    assert (f"Removed 0 videos and 2 files that could not be read under {videos} from the library "
            "(the files are untouched).") in out, out


def test_one_video_and_one_unreadable_file(tmp_path, capsys, fake_model):  # noqa: F811
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    write_video(videos / "red.mp4", [Segment(2, "red")])
    write_broken_video(videos / "text.mp4")
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
    write_broken_video(videos / "b" / "text.mp4")
    write_broken_video(videos / "b" / "more.mp4")
    for name in ("l1", "l2", "up"):
        os.symlink(videos, tmp_path / name)
    assert run_cli(capsys, "index", tmp_path / "l1" / "a", tmp_path / "l2" / "b", "--library", lib)[0] == 1
    code, out, err = run_cli(capsys, "forget", tmp_path / "up", "--all", "--library", lib)
    assert code == 0, (out, err)
    assert out.startswith(f"Removed 1 video and 2 files that could not be read under {tmp_path / 'up'} from the "
                          "library"), (out, err)


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")
def test_the_rest_of_a_stopped_request_says_them_too(tmp_path, capsys, monkeypatch, fake_model):  # noqa: F811
    """The rest of a `seekframe forget` of several stopped part-way, removed by the next writer's
    open: its files that could not be read said by the command line and the window alike."""
    from app.forget_news import resumed_text
    from core.library import VideoLibrary
    from tests.test_forget_request_resumed import _ctrl_c_at

    videos, lib = tmp_path / "videos", tmp_path / "lib"
    write_video(videos / "a" / "red.mp4", [Segment(2, "red")])
    write_video(videos / "b" / "blue.mp4", [Segment(2, "blue")])
    write_broken_video(videos / "b" / "text.mp4")
    write_video(tmp_path / "other" / "green.mp4", [Segment(2, "green")])
    for name in ("l1", "l2", "up"):
        os.symlink(videos, tmp_path / name)
    a, b = str(tmp_path / "l1" / "a"), str(tmp_path / "l2" / "b")
    assert run_cli(capsys, "index", a, b, tmp_path / "other", "--library", lib)[0] == 1
    for opened_by in ("the command line", "the window"):
        with monkeypatch.context() as m:  # (Ctrl-C as b's removal starts: a removed, b left to the next open)
            _ctrl_c_at(m, b)
            assert run_cli(capsys, "forget", tmp_path / "up", "--all", "--library", lib)[0] != 0
        if opened_by == "the command line":
            code, out, err = run_cli(capsys, "index", tmp_path / "other", "--library", lib)
            assert code == 0, (out, err)
            assert (f"The removal of {b}, asked with other folders by an earlier `seekframe forget` that stopped "
                    "part-way, is done now: 1 video and 1 file that could not be read removed (the files are "
                    "untouched).") in err, err
            assert run_cli(capsys, "index", a, b, "--library", lib)[0] == 1  # (for the window's turn)
        else:
            with VideoLibrary(lib) as library:  # (the window's open, as any writer's)
                said = resumed_text(library.forget_resumed)
            assert said.startswith(f"Removed {b} from the library (1 video and 1 file that could not be read): "), said


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")
def test_the_removal_finished_first_counts_them_among_its_own(tmp_path, capsys, monkeypatch, fake_model):  # noqa: F811
    """A forget of several whose first folder's removal a kill stopped mid-way, asked again: the
    summary's '(N of them)' for the removal the open finished first named its videos only, where the
    summary before it names the files that could not be read too."""
    from tests.test_forget_request_resumed import _ctrl_c_at

    videos, lib = tmp_path / "videos", tmp_path / "lib"
    write_video(videos / "a" / "red.mp4", [Segment(2, "red")])
    write_broken_video(videos / "a" / "text.mp4")
    write_video(videos / "b" / "blue.mp4", [Segment(2, "blue")])
    for name in ("l1", "l2", "up"):
        os.symlink(videos, tmp_path / name)
    a, b = str(tmp_path / "l1" / "a"), str(tmp_path / "l2" / "b")
    assert run_cli(capsys, "index", a, b, "--library", lib)[0] == 1
    with monkeypatch.context() as m:  # (a's record written, its rows not deleted: as a kill leaves it)
        _ctrl_c_at(m, a, "mid")
        assert run_cli(capsys, "forget", tmp_path / "up", "--all", "--library", lib)[0] != 0
    code, out, err = run_cli(capsys, "forget", tmp_path / "up", "--all", "--library", lib)
    assert code == 0, (out, err)
    assert out.startswith(f"Removed 2 videos and 1 file that could not be read under {tmp_path / 'up'}"), out
    assert (f"The removal of {a}, which an earlier try had stopped part-way, was finished first (1 video and 1 "
            "file that could not be read of them).") in out, out


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")
def test_an_open_refused_mid_request_says_them_among_those_removed(tmp_path, capsys, monkeypatch,  # noqa: F811
                                                                   fake_model):
    """The rest of a stopped request failing at the next open (``forget_request.ResumeFailed``): what
    the open removed first says its files that could not be read too."""
    from core.library import forget_request
    from tests.test_forget_request_resume_fails import _refuse
    from tests.test_forget_request_resumed import _ctrl_c_at

    videos, lib = tmp_path / "videos", tmp_path / "lib"
    write_video(videos / "a" / "red.mp4", [Segment(2, "red")])
    write_broken_video(videos / "a" / "text.mp4")
    write_video(videos / "b" / "blue.mp4", [Segment(2, "blue")])
    for name in ("l1", "l2", "up"):
        os.symlink(videos, tmp_path / name)
    a, b = str(tmp_path / "l1" / "a"), str(tmp_path / "l2" / "b")
    assert run_cli(capsys, "index", a, b, "--library", lib)[0] == 1
    with monkeypatch.context() as m:  # (a's record written, its rows not deleted: as a kill leaves it)
        _ctrl_c_at(m, a, "mid")
        assert run_cli(capsys, "forget", tmp_path / "up", "--all", "--library", lib)[0] != 0
    with monkeypatch.context() as m:
        _refuse(m, b, RuntimeError("something went wrong"))
        with pytest.raises(forget_request.ResumeFailed) as caught:
            VideoLibrary(lib)
    said = str(caught.value)
    assert f"Removed at this open: {a} (1 video and 1 file that could not be read)." in said, said
