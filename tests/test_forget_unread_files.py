"""Removing a folder that holds only files that could not be read said "Removed 0 videos under …"
(the count leaves failed rows out since e46d1a7: they were never videos), as if nothing went; the
rows of those files went all the same. Now they are said too: "Removed 0 videos and 2 files that
could not be read under …", in the same words for every front end (``service.forget_summary``)."""

from __future__ import annotations

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
