"""A full disk gives a message and its own exit code, once, and loses nothing (issue 10, point 8).
Today's failure was a raw LanceError traceback, twice (chained from close()), with exit code 1,
the same as "some files failed"."""

from __future__ import annotations

import errno

import pytest

import core.cli
from core.cli import EXIT_DISK_FULL, main
from core.errors import is_disk_full
from core.library import VideoLibrary
from tests.fakes import ColourMeanEncoder
from tests.videos import Segment, write_video


class LanceError(RuntimeError):
    """Stands in for lancedb's own error type, which is not an OSError."""


def test_is_disk_full_reads_errno_text_and_the_chain():
    assert is_disk_full(OSError(errno.ENOSPC, "No space left on device"))
    assert is_disk_full(LanceError("LanceError(IO): Generic LocalFileSystem error: No space left on device (os error 28)"))
    try:
        try:
            raise OSError(errno.ENOSPC, "No space left on device")
        except OSError as inner:
            raise RuntimeError("commit failed") from inner
    except RuntimeError as outer:
        assert is_disk_full(outer)
    assert not is_disk_full(RuntimeError("something else")) and not is_disk_full(None)


@pytest.mark.parametrize("error", [OSError(errno.ENOSPC, "No space left on device"),
                                   LanceError("LanceError(IO): No space left on device (os error 28)")])
def test_index_on_a_full_disk_says_so_once_and_the_next_run_finishes(tmp_path, monkeypatch, capsys, error):
    videos = tmp_path / "videos"
    videos.mkdir()
    for i, c in enumerate(["red", "green", "blue"]):
        write_video(videos / f"clip{i}.mp4", [Segment(2, c)], seed=i)
    monkeypatch.setattr(core.cli, "_load_encoder", lambda *a, **k: ColourMeanEncoder())
    lib = tmp_path / "lib"
    real_commit = VideoLibrary.commit_video
    calls = []

    def commit(self, rec, moments):
        calls.append(rec.path)
        if len(calls) >= 2:  # the disk fills up while the second video is written
            raise error
        return real_commit(self, rec, moments)

    monkeypatch.setattr(VideoLibrary, "commit_video", commit)
    code = main(["index", str(videos), "--library", str(lib), "-q"])
    err = capsys.readouterr().err
    assert code == EXIT_DISK_FULL
    assert err.count("is full") == 1 and "Traceback" not in err and str(lib) in err

    monkeypatch.setattr(VideoLibrary, "commit_video", real_commit)
    assert main(["index", str(videos), "--library", str(lib), "-q"]) == 0
    with VideoLibrary(lib, read_only=True) as done:
        videos_done = [v for v in done.videos() if v.status == "done"]
        assert len(videos_done) == 3
        assert len(done.search_moments([1, 0, 0, 1], 100)) == sum(len(done.moments_of(v.video_id)) for v in videos_done)
