"""The window's index run with decode workers started as macOS and Windows start them ("spawn",
``SEEKFRAME_WORKER_START``; ``tests/test_spawn_workers.py`` says why): it indexes the same moments
as with Linux's fork server, a broken file failed alike, from the session's worker thread."""

from __future__ import annotations

import shutil

import pytest

from core import worker_start
from core.decode_pool import close_shared_pool
from tests.app.conftest import wait_indexing
from tests.test_spawn_workers import assert_same_moments, library_moments, started_by
from tests.videos import write_broken_video

pytestmark = pytest.mark.slow  # (two index runs of the demo model)


def test_the_windows_index_run_under_spawn_indexes_what_the_fork_server_does(
        qtbot, make_session, tmp_path, demo_clips, monkeypatch):
    videos = tmp_path / "videos"
    videos.mkdir()
    for clip in ("red-ball-beach.mp4", "blue-car-street.mp4", "orange-person-snow.mp4"):
        shutil.copy(demo_clips / clip, videos)
    write_broken_video(videos / "broken.mp4")
    made = {}
    for method in ("spawn", "forkserver"):
        close_shared_pool()  # (warm workers of the other kind let go)
        if method == "spawn":
            monkeypatch.setenv(worker_start.START_METHOD_ENV, "spawn")
        else:
            monkeypatch.delenv(worker_start.START_METHOD_ENV)
        session = make_session(tmp_path / method)
        events = wait_indexing(qtbot, session, lambda: session.add_folder(str(videos)))
        assert events and events[-1].kind == "finished", events[-1:]
        assert [p.rsplit("/", 1)[-1] for p, _why in events[-1].failed] == ["broken.mp4"]
        assert started_by() == {"spawn_posix" if method == "spawn" else "forkserver"}
        assert session.close(timeout=30.0)
        made[method] = library_moments(tmp_path / method)
    close_shared_pool()
    assert sum(s == "done" for s, *_rest in made["spawn"].values()) == 3
    assert_same_moments(made["spawn"], made["forkserver"])
