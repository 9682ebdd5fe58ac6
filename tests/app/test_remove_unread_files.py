"""The window's removal of a folder holding only files that could not be read said "Removed 0
videos under …", as if nothing went: it now says them too, in the command line's words
(``service.forget_summary``): "Removed 0 videos and 2 files that could not be read under …"."""

from __future__ import annotations

from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle
from tests.app.removal_said import removal_said
from tests.videos import write_broken_video


def test_removing_a_folder_of_unreadable_files_says_them(qtbot, make_session, tmp_path):
    videos = tmp_path / "videos"
    videos.mkdir()
    write_broken_video(videos / "a.mp4")
    write_broken_video(videos / "b.mp4")
    session = make_session(tmp_path / "lib", refresh_interval_ms=200)
    session.add_folder(str(videos))
    qtbot.waitUntil(lambda: session.status.folders == (str(videos),) and not session.indexing,
                    timeout=SESSION_TIMEOUT_MS)
    wait_idle(qtbot, session)
    said = removal_said(qtbot, session, videos)
    assert said == (f"Removed 0 videos and 2 files that could not be read under {videos} from the library "
                    "(the files are untouched)."), said
    wait_idle(qtbot, session)
    assert session.status.folders == () and session.status.videos == 0
