"""A removal an earlier try left part-way (killed, or a full disk refused its last write), finished
later, said its videos only: 'The removal of X from the library is finished (1 video removed in all)'
(the CLI's forget asked again, the next writer's open) and the window's 'Finished removing X …: 1 video
left it now', where a folder's own removal says the files that could not be read that went with it
too ('Removed 1 video and 1 file that could not be read under X', ``core.forget_words``). Now the
finished removal says them as well."""

from __future__ import annotations

from core import service
from core.library import VideoLibrary
from tests.cli_run import fake_model, run_cli  # noqa: F401
from tests.test_forget_request_resumed import _ctrl_c_at
from tests.videos import Segment, write_broken_video, write_video

SAID = "The removal of {} from the library is finished (1 video and 1 file that could not be read removed in all)"


def _stopped_removal(tmp_path, capsys, monkeypatch):
    """A library of ``videos`` (1 video, 1 file that could not be read) and ``other``, whose `seekframe
    forget videos` a Ctrl-C stopped once its record was written, its rows not deleted."""
    videos, other, lib = tmp_path / "videos", tmp_path / "other", tmp_path / "lib"
    write_video(videos / "red.mp4", [Segment(2, "red")])
    write_broken_video(videos / "text.mp4")
    write_video(other / "green.mp4", [Segment(2, "green")])
    assert run_cli(capsys, "index", videos, other, "--library", lib)[0] == 1  # (text.mp4 failed)
    with monkeypatch.context() as m:
        _ctrl_c_at(m, str(videos), "mid")
        assert run_cli(capsys, "forget", videos, "--library", lib)[0] != 0
    with VideoLibrary(lib, read_only=True) as reader:
        assert reader.meta.forgetting == str(videos)
    return videos, other, lib


def test_the_next_writers_open_says_them(tmp_path, capsys, monkeypatch, fake_model):  # noqa: F811
    videos, other, lib = _stopped_removal(tmp_path, capsys, monkeypatch)
    code, out, err = run_cli(capsys, "index", other, "--library", lib)
    assert code == 0, (out, err)
    assert SAID.format(videos) in err, err


def test_the_same_forget_asked_again_says_them(tmp_path, capsys, monkeypatch, fake_model):  # noqa: F811
    videos, _other, lib = _stopped_removal(tmp_path, capsys, monkeypatch)
    code, out, err = run_cli(capsys, "forget", videos, "--library", lib)
    assert code == 0, (out, err)
    assert SAID.format(videos) in out + err, (out, err)


def test_the_window_says_them(tmp_path, capsys, monkeypatch, fake_model):  # noqa: F811
    from app.forget_news import finished_text

    videos, _other, lib = _stopped_removal(tmp_path, capsys, monkeypatch)
    with VideoLibrary(lib) as library:  # (the window's writer open, as any writer's)
        n = library.forget_finished[1]
        said = finished_text(*library.forget_finished)
        assert service.forget_summary(service.FinishedRemoval(n), str(videos)).startswith(SAID.format(videos))
    assert said.startswith(f"Finished removing {videos} from the library"), said
    assert ": 1 video and 1 file that could not be read left it now." in said, said
