"""Videos that change under the open app: a video deleted while it plays in the preview or while
its thumbnail is made, and one replaced by another file of the same name. Each is said in plain
words with a way out (re-scan its folder), never shown as the video it no longer is, never a
traceback; a file deleted since the last index: see test_integration_preview."""

from __future__ import annotations

import os
import shutil
import threading
import time

import pytest
from PySide6.QtCore import Qt

from tests.app.conftest import type_query, wait_indexing
from tests.app.holding import hang_stat
from tests.app.test_session_search import RED_BALL

# (a look at a chosen file that has not answered in app.wiring.slow_word.SLOW_MS clears the preview:
# these tests hang such looks and wait for that, at the app's 250 ms, not the app tests' minute)
pytestmark = pytest.mark.usefixtures("slow_word_as_in_the_app")


def indexed_window(qtbot, make_app_window, tmp_path, demo_clips, files=None):
    """The window over a library of a folder holding ``files`` (name → demo clip), indexed."""
    videos = tmp_path / "videos"
    videos.mkdir()
    for name, clip in (files or {"ball.mp4": "red-ball-beach.mp4", "car.mp4": "blue-car-street.mp4"}).items():
        shutil.copy(demo_clips / clip, videos / name)
    window = make_app_window(tmp_path / "lib")
    wait_indexing(qtbot, window.session, lambda: window.session.add_folder(str(videos)))
    return window, videos


def test_a_video_deleted_while_it_plays_leaves_the_preview_said_with_a_rescan(qtbot, make_app_window, tmp_path,
                                                                             demo_clips):
    window, videos = indexed_window(qtbot, make_app_window, tmp_path, demo_clips)
    results = type_query(qtbot, window, RED_BALL.query)
    assert os.path.basename(results[0].path) == "ball.mp4"
    qtbot.keyClick(window.search_panel.field, Qt.Key.Key_Down)
    qtbot.keyClick(window.results_view, Qt.Key.Key_Return)
    player = window.preview
    qtbot.waitUntil(player.is_playing, timeout=10_000)
    (videos / "ball.mp4").unlink()  # (Linux: the player's open file still plays: nothing else would say it)
    notice = getattr(window, "file_notice", None)  # (app.model_notice.FileNotice)
    qtbot.waitUntil(lambda: notice is not None and notice.isVisible(), timeout=10_000)
    assert "ball.mp4 is not there any more" in notice.label.text() and "Re-scan its folder" in notice.label.text()
    assert player.current_path() is None and not player.is_playing()
    assert not [m for m in window.message_log if m[0] == "error"], window.message_log
    qtbot.keyClick(window.results_view, Qt.Key.Key_Return)  # played again: said, not played
    qtbot.waitUntil(lambda: notice.label.text().startswith("Cannot play it."), timeout=10_000)  # (its file
    assert player.current_path() is None  # looked at in the worker pool: app.file_look)
    # the re-scan it offers takes the video out of the library
    wait_indexing(qtbot, window.session, notice.button.click)
    assert not notice.isVisible()
    results = type_query(qtbot, window, "a red ball on the beach")
    assert results and not any(os.path.basename(r.path) == "ball.mp4" for r in results)


def test_a_video_deleted_while_its_thumbnail_is_made_says_so_on_its_card(qtbot, make_app_window, tmp_path,
                                                                        demo_clips, monkeypatch):
    import core.thumbnails

    window, videos = indexed_window(qtbot, make_app_window, tmp_path, demo_clips)
    real = core.thumbnails.thumbnail

    def deleted_meanwhile(path, *a, **kw):
        if os.path.basename(path) == "ball.mp4" and os.path.exists(path):
            os.unlink(path)
        return real(path, *a, **kw)

    monkeypatch.setattr(core.thumbnails, "thumbnail", deleted_meanwhile)
    import app.results
    from core.scan import file_gone

    looked_in_gui = []  # (a look at its file, as any, runs in the worker pool: a hung share must not freeze it)
    monkeypatch.setattr(app.results, "file_gone", lambda *a: (
        looked_in_gui.append(threading.current_thread() is threading.main_thread()), file_gone(*a))[1])
    type_query(qtbot, window, RED_BALL.query)
    model = window.results_model
    row = next(i for i, r in enumerate(model.results()) if os.path.basename(r.path) == "ball.mp4")
    qtbot.waitUntil(lambda: "not there any more" in model.index(row).data(Qt.ItemDataRole.ToolTipRole),
                    timeout=10_000)
    tip = model.index(row).data(Qt.ItemDataRole.ToolTipRole)
    assert "ball.mp4 is not there any more" in tip and "Re-scan its folder" in tip, tip
    from app.results import FileStateRole

    assert model.index(row).data(FileStateRole) == "gone"
    assert model.index(row).data(Qt.ItemDataRole.DecorationRole) is None
    window.results_view.grab()  # the card paints its words ("No longer there", a "gone" badge)
    assert looked_in_gui and not any(looked_in_gui), looked_in_gui
    assert not [m for m in window.message_log if m[0] == "error"], window.message_log
    window.thumbnails.wait(5000)


@pytest.mark.slow  # (8.9 s under load)
def test_a_video_replaced_by_another_file_is_never_shown_as_it_and_says_to_rescan(qtbot, make_app_window,
                                                                                tmp_path, demo_clips):
    window, videos = indexed_window(qtbot, make_app_window, tmp_path, demo_clips)
    results = type_query(qtbot, window, RED_BALL.query)
    ball = results[0]
    assert os.path.basename(ball.path) == "ball.mp4"
    player, notice = window.preview, getattr(window, "file_notice", None)  # (app.model_notice.FileNotice)
    qtbot.waitUntil(lambda: player.is_loaded() and player.current_path() == ball.path, timeout=10_000)
    # another video copied over it, in place, while it is in the preview
    shutil.copyfile(demo_clips / "orange-person-snow.mp4", videos / "ball.mp4")
    later = time.time() + 5
    os.utime(videos / "ball.mp4", (later, later))
    qtbot.waitUntil(lambda: notice is not None and notice.isVisible(), timeout=10_000)
    text = notice.label.text()
    assert "ball.mp4 has changed since it was indexed" in text and "Re-scan its folder" in text, text
    assert player.current_path() is None  # not shown as the video it no longer is
    # searched again: its card says so, with no picture of the new file; chosen or played: said, not shown
    from app.results import FileStateRole

    results = type_query(qtbot, window, "a red ball bouncing on a beach")
    row = next(i for i, r in enumerate(results) if r.path == ball.path)
    index = window.results_model.index(row)
    assert index.data(FileStateRole) == "changed" and index.data(Qt.ItemDataRole.DecorationRole) is None
    assert "has changed since it was indexed" in index.data(Qt.ItemDataRole.ToolTipRole)
    window.results_view.setCurrentIndex(index)
    qtbot.keyClick(window.results_view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: notice.label.text().startswith("Cannot play it."), timeout=10_000)
    assert player.current_path() is None
    # similar clips: answered from what it held when indexed, and said so
    window.wiring.clips.find_similar_clips(results[row])
    qtbot.waitUntil(lambda: window.results_model.request is not None
                    and window.results_model.request.kind == "similar", timeout=10_000)
    qtbot.waitUntil(lambda: notice.label.text().startswith("These clips are like what ball.mp4 held when it was "
                                                           "indexed."), timeout=10_000)
    assert window.results_model.results() and ball.path not in {r.path for r in window.results_model.results()}
    assert not [m for m in window.message_log if m[0] == "error"], window.message_log
    # the re-scan it offers indexes it as it is now: a person in the snow, shown again
    wait_indexing(qtbot, window.session, notice.button.click)
    # (the window asks its last search again once the library changed: here the similar-clips one,
    # whose moment the re-scan replaced; typed into while that answer came, the field could lose
    # the query under a loaded CI machine's timing, so the user types once it has come)
    qtbot.wait(300)
    qtbot.waitUntil(lambda: not any(r.busy for r in window.session._searches.runners), timeout=30_000)
    results = type_query(qtbot, window, "an orange person walking left in the snow")
    assert results[0].path == ball.path and not results[0].file_state
    qtbot.waitUntil(lambda: player.is_loaded() and player.current_path() == ball.path, timeout=10_000)
    window.thumbnails.wait(5000)


def test_a_video_replaced_before_it_is_chosen_is_looked_at_off_the_gui_thread_and_never_shown(
        qtbot, make_app_window, tmp_path, demo_clips, monkeypatch):
    """Chosen, played or asked for similar clips on a share that answers slowly: the window does
    not wait for its file, which is not shown as the video it no longer is once looked at, the
    notice saying why; an answer for a card the user has left is dropped."""
    window, videos = indexed_window(qtbot, make_app_window, tmp_path, demo_clips)
    results = type_query(qtbot, window, RED_BALL.query)
    model, view, player, notice = window.results_model, window.results_view, window.preview, window.file_notice
    ball = results[0]
    car_row = next(i for i, r in enumerate(results) if os.path.basename(r.path) == "car.mp4")
    assert os.path.basename(ball.path) == "ball.mp4"
    view.setCurrentIndex(model.index(car_row))
    qtbot.waitUntil(lambda: player.current_path() == results[car_row].path, timeout=10_000)
    view.grab()  # (its card's picture made before: a card whose picture fails looks at its file itself)
    qtbot.waitUntil(lambda: model.index(0).data(Qt.ItemDataRole.DecorationRole) is not None, timeout=10_000)
    shutil.copyfile(demo_clips / "orange-person-snow.mp4", videos / "ball.mp4")  # another video over it
    later = time.time() + 5
    os.utime(videos / "ball.mp4", (later, later))
    shown, show_moment = [], player.show_moment
    monkeypatch.setattr(player, "show_moment", lambda path, *a, **kw: (shown.append(path), show_moment(path, *a, **kw)))
    answered = []  # its file on a share that does not answer until the test lets it go (60 s at most)
    gate, in_gui = hang_stat(monkeypatch, ball.path, hold_s=60.0, answered=answered)
    try:
        view.setCurrentIndex(model.index(0))  # chosen, then played: neither waits for the share
        qtbot.keyClick(view, Qt.Key.Key_Return)
        assert not answered  # (both returned while its look still hung)
        qtbot.waitUntil(lambda: player.current_path() is None, timeout=10_000)  # (car: not under its card)
        assert not notice.isVisible() and ball.path not in shown
    finally:
        gate.set()
    qtbot.waitUntil(lambda: notice.label.text().startswith("Cannot play it."), timeout=10_000)
    assert "ball.mp4 has changed since it was indexed" in notice.label.text()
    assert player.current_path() is None and ball.path not in shown
    # chosen, then left for another card before its look answers: that answer is dropped
    notice.dismiss()
    gate.clear()
    try:
        view.setCurrentIndex(model.index(0))
        view.setCurrentIndex(model.index(car_row))
        qtbot.waitUntil(lambda: player.current_path() == results[car_row].path, timeout=10_000)
    finally:
        gate.set()
    qtbot.waitUntil(lambda: not window.wiring.preview._looks._running, timeout=10_000)  # (both answered)
    qtbot.wait(100)
    assert player.current_path() == results[car_row].path and not notice.isVisible()
    # similar clips: asked at once, said (once looked at) to be like what it held when indexed
    gate.clear()
    looks_before = len(answered)
    try:
        window.wiring.clips.find_similar_clips(ball)
        assert len(answered) == looks_before  # (asked without waiting for the share)
        qtbot.waitUntil(lambda: model.request is not None and model.request.kind == "similar", timeout=10_000)
        assert not notice.isVisible()
    finally:
        gate.set()
    qtbot.waitUntil(lambda: notice.label.text().startswith("These clips are like what ball.mp4 held when it "
                                                           "was indexed."), timeout=10_000)
    assert in_gui and not any(in_gui) and ball.path not in shown
    window.thumbnails.wait(5000)


def test_a_video_deleted_between_its_look_and_the_player_is_said_gone_not_an_error(qtbot, make_app_window,
                                                                                    tmp_path, demo_clips,
                                                                                    monkeypatch):
    """Its file looked at (there), then deleted before the player opens it: the player's "not
    there" is looked at again and said as a file gone, with its re-scan, not as an error."""
    import app.file_state as file_state
    import app.wiring.preview as preview_module

    window, videos = indexed_window(qtbot, make_app_window, tmp_path, demo_clips)
    results = type_query(qtbot, window, RED_BALL.query)
    player, notice = window.preview, window.file_notice
    car_row = next(i for i, r in enumerate(results) if os.path.basename(r.path) == "car.mp4")
    qtbot.waitUntil(lambda: player.current_path() == results[0].path, timeout=10_000)
    looked_at = file_state.state_now

    def then_deleted(result):  # (the look answers "there"; the file goes before the player opens it)
        state = looked_at(result)
        if os.path.basename(result.path) == "car.mp4" and os.path.exists(result.path):
            os.unlink(result.path)
        return state

    monkeypatch.setattr(file_state, "state_now", then_deleted)
    monkeypatch.setattr(preview_module, "state_now", then_deleted)
    window.results_view.setCurrentIndex(window.results_model.index(car_row))
    qtbot.waitUntil(notice.isVisible, timeout=10_000)
    assert "car.mp4 is not there any more" in notice.label.text() and "Re-scan its folder" in notice.label.text()
    assert player.current_path() is None
    assert not [m for m in window.message_log if m[0] == "error"], window.message_log
    window.thumbnails.wait(5000)
