"""Closing the window lets go of the previewed file: the media player stopped with no source, the
engine's frames' reader closed, so the process no longer holds the file open (before, it held it
until the process exited: a file the user then wanted to move, or a drive to unmount, was busy)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtMultimedia")

from PySide6.QtCore import QUrl  # noqa: E402
from PySide6.QtWidgets import QVBoxLayout, QWidget  # noqa: E402

from app.engine_movie import EngineMovie  # noqa: E402
from app.file_reads import FileReads  # noqa: E402
from app.player import PreviewPlayer  # noqa: E402
from tests.app.conftest import type_query  # noqa: E402
from tests.test_timestamp_restarts import write_ts  # noqa: E402
from tests.videos import Segment, write_video  # noqa: E402


def held(path) -> bool:
    """Whether this process has ``path`` open now (its file descriptors' links)."""
    want = os.path.realpath(path)
    fds = Path("/proc/self/fd")
    for fd in fds.iterdir():
        try:
            if os.readlink(fd) == want:
                return True
        except OSError:  # (closed meanwhile)
            continue
    return False


needs_proc = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="no /proc/self/fd here")


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("release")
    plain = write_video(d / "beach.mp4", [Segment(2, "yellow"), Segment(2, "blue", "red")])
    joined = d / "joined.ts"  # (the engine times it: its clock starts again part-way)
    joined.write_bytes(write_ts(d / "a.ts", range(30)).read_bytes() + write_ts(d / "b.ts", range(100, 130)).read_bytes())
    return {"plain": plain, "joined": joined}


def _in_a_window(show_view) -> tuple[QWidget, PreviewPlayer]:
    top = QWidget()
    player = PreviewPlayer(top, reads=FileReads())
    QVBoxLayout(top).addWidget(player)
    show_view(top, (480, 360))
    return top, player


@needs_proc
def test_closing_the_window_lets_go_of_a_video_the_media_player_shows(show_view, files, qtbot):
    top, player = _in_a_window(show_view)
    path = str(files["plain"])
    player.show_moment(path, 1.0, 2.0)
    qtbot.waitUntil(player.is_loaded, timeout=10_000)
    qtbot.waitUntil(lambda: held(path), timeout=10_000)  # (what the test looks for: the file open)
    top.close()
    assert player.media_player().source() == QUrl() and player.current_path() is None
    qtbot.waitUntil(lambda: not held(path), timeout=10_000)


@needs_proc
def test_closing_the_window_closes_the_engine_frames_reader(show_view, files, qtbot):
    top, player = _in_a_window(show_view)
    path = str(files["joined"])
    player.show_moment(path, 4.0, 5.0)
    qtbot.waitUntil(lambda: isinstance(player.animation(), EngineMovie) and player._frames.image().width() > 0,
                    timeout=10_000)
    movie = player.animation()
    qtbot.waitUntil(lambda: not movie.reading(), timeout=10_000)
    assert held(path)  # (its reader, kept for the next frames)
    top.close()
    assert player.animation() is None and player.current_path() is None
    qtbot.waitUntil(lambda: not held(path), timeout=10_000)  # (a read in flight closes it as it ends)


@needs_proc
def test_the_preview_cleared_lets_go_of_the_file(show_view, files, qtbot):
    _top, player = _in_a_window(show_view)
    path = str(files["plain"])
    player.show_moment(path, 1.0, 2.0)
    qtbot.waitUntil(lambda: player.is_loaded() and held(path), timeout=10_000)
    player.clear()
    qtbot.waitUntil(lambda: not held(path), timeout=10_000)


@needs_proc
def test_closing_the_app_window_lets_go_of_the_previewed_file(qtbot, make_app_window, demo_library):
    from core.demo import DEMO_QUERIES

    window = make_app_window(demo_library)
    player = window.preview
    top = type_query(qtbot, window, DEMO_QUERIES[0].query)[0]
    qtbot.waitUntil(lambda: player.current_path() == top.path and player.is_loaded() and held(top.path),
                    timeout=10_000)
    window.close()
    assert player.media_player().source() == QUrl()
    qtbot.waitUntil(lambda: not held(top.path), timeout=10_000)
