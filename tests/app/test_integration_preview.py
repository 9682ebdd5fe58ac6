"""The real window, wired: the result in hand shows in the player at its moment (decoded), the
timeline marks the video's matched moments in both modes, Enter plays, Space pauses, arrows move,
and a file deleted since it was indexed is said on its card and in a notice that
offers to re-scan its folder."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtMultimedia import QMediaPlayer

from core.demo import DEMO_FPS, DEMO_QUERIES
from tests.app.conftest import SESSION_TIMEOUT_MS, type_query, wait_indexing
from tests.app.test_session_search import RED_BALL

YELLOW_BALL = next(q for q in DEMO_QUERIES if q.query == "a yellow ball bouncing on a grass field")
TOL = 2 / DEMO_FPS  # two frames


def frames_of(player) -> list[float]:
    """Start times (s) of the frames the player's video output receives from now on."""
    got = []
    player.media_player().videoSink().videoFrameChanged.connect(
        lambda f: got.append(f.startTime() / 1e6) if f.isValid() and f.startTime() >= 0 else None)
    return got


def media_s(player) -> float:
    return player.media_player().position() / 1000.0


def test_the_result_in_hand_is_shown_paused_at_its_moment_enter_plays_space_pauses(qtbot, make_app_window,
                                                                                   demo_library):
    window = make_app_window(demo_library)
    player = window.preview
    frames = frames_of(player)
    results = type_query(qtbot, window, YELLOW_BALL.query)
    top = results[0]
    assert Path(top.path).name == YELLOW_BALL.file and top.start == YELLOW_BALL.start > 0
    qtbot.waitUntil(lambda: player.current_path() == top.path and player.is_loaded(), timeout=10_000)
    qtbot.waitUntil(lambda: abs(media_s(player) - top.start) <= TOL and bool(frames), timeout=10_000)
    assert abs(frames[-1] - top.start) <= TOL  # the moment's first frame is decoded and shown
    assert player.media_player().playbackState() == QMediaPlayer.PlaybackState.PausedState
    # the timeline: every moment of this video among the results that is a real match (s53: not the
    # two that are none, beside a strong one), this one outlined
    of_video = [r for r in results if r.video_id == top.video_id]
    expected = sorted((r.start, r.end, r.score) for r in of_video if r.strength != "none")
    assert len(of_video) == 3 and len(expected) == 1 and player.timeline().matches() == expected
    assert player.timeline().current() == (top.start, top.end)

    # Down in the search field goes to the first result; Down again moves down the grid, and the
    # player shows that result
    qtbot.keyClick(window.search_panel.field, Qt.Key.Key_Down)
    assert window.results_view.current_result() is top and window.results_view.hasFocus()
    qtbot.keyClick(window.results_view, Qt.Key.Key_Down)
    row = window.results_view.currentIndex().row()
    second = window.results_view.current_result()
    assert row > 0 and second is results[row]
    qtbot.waitUntil(lambda: player.current_path() == second.path and player.is_loaded()
                    and abs(media_s(player) - second.start) <= TOL, timeout=10_000)
    qtbot.waitUntil(lambda: abs(frames[-1] - second.start) <= TOL, timeout=10_000)  # its frame is shown
    qtbot.keyClick(window.results_view, Qt.Key.Key_Up)
    qtbot.waitUntil(lambda: player.current_path() == top.path and player.is_loaded()
                    and abs(frames[-1] - top.start) <= TOL, timeout=10_000)
    # Enter in the results plays the moment from its start; Space pauses, Space again plays
    frames.clear()
    qtbot.keyClick(window.results_view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: player.is_playing() and len(frames) >= 3, timeout=10_000)
    assert player.current_path() == top.path and abs(frames[0] - top.start) <= TOL, frames
    qtbot.keyClick(window.results_view, Qt.Key.Key_Space)
    assert not player.is_playing()
    qtbot.keyClick(window.results_view, Qt.Key.Key_Space)
    qtbot.waitUntil(player.is_playing, timeout=10_000)
    # Space typed in the search field is a space, not a pause
    window.search_panel.field.setFocus()
    qtbot.keyClick(window.search_panel.field, Qt.Key.Key_Space)
    assert player.is_playing() and window.search_panel.field.text().endswith(" ")
    player.pause()
    assert window.opened_urls == []  # played in the window, not in an outside player


def test_in_videos_mode_the_timeline_still_marks_every_matched_moment(qtbot, make_app_window, demo_library):
    window = make_app_window(demo_library)
    moments = type_query(qtbot, window, RED_BALL.query)
    top = moments[0]
    expected = sorted((r.start, r.end, r.score) for r in moments if r.video_id == top.video_id)
    window.videos_action.trigger()
    qtbot.waitUntil(lambda: window.results_model.request.per_video, timeout=SESSION_TIMEOUT_MS)
    videos = window.results_model.results()
    assert len({r.video_id for r in videos}) == len(videos) and videos[0].video_id == top.video_id
    timeline = window.preview.timeline()
    qtbot.waitUntil(lambda: timeline.matches() == expected, timeout=10_000)
    assert timeline.current() == (top.start, top.end) and len(expected) == 3


def test_a_file_deleted_since_it_was_indexed_is_said_on_its_card_and_in_hand_with_a_rescan(qtbot, make_app_window,
                                                                                          tmp_path, demo_clips):
    """The library still lists it as done: its card and the preview say it is not there any more,
    in words (no error, no traceback), and the notice's re-scan takes it out of the library."""
    from app.results import FileStateRole

    videos = tmp_path / "videos"
    videos.mkdir()
    shutil.copy(demo_clips / "red-ball-beach.mp4", videos)
    shutil.copy(demo_clips / "blue-car-street.mp4", videos)
    window = make_app_window(tmp_path / "lib")
    wait_indexing(qtbot, window.session, lambda: window.session.add_folder(str(videos)))
    (videos / "red-ball-beach.mp4").unlink()
    results = type_query(qtbot, window, RED_BALL.query)
    assert Path(results[0].path).name == "red-ball-beach.mp4"
    notice = getattr(window, "file_notice", None)  # (app.model_notice.FileNotice)
    qtbot.waitUntil(lambda: notice is not None and notice.isVisible(), timeout=10_000)
    text = notice.label.text()
    assert "red-ball-beach.mp4 is not there any more" in text and f"Re-scan its folder ({videos})" in text, text
    from app.results import FileStateRole

    card = window.results_model.index(0)
    assert card.data(FileStateRole) == "gone"
    assert "red-ball-beach.mp4 is not there any more" in card.data(Qt.ItemDataRole.ToolTipRole)
    assert window.preview.current_path() is None and notice.button.isEnabled()
    assert not [m for m in window.message_log if m[0] == "error"], window.message_log
    qtbot.keyClick(window.search_panel.field, Qt.Key.Key_Down)
    qtbot.keyClick(window.results_view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: notice.label.text().startswith("Cannot play it."), timeout=10_000)  # (its file
    assert window.preview.current_path() is None  # looked at in the worker pool: app.file_look)
    wait_indexing(qtbot, window.session, notice.button.click)
    results = type_query(qtbot, window, "a red ball on the beach")
    assert results and "red-ball-beach.mp4" not in {Path(r.path).name for r in results}
