"""The preview's keys from anywhere in the window (the Playback menu): Ctrl+Right/Left forward and
back 5 seconds, Ctrl+Down/Up the next and previous matched moment of the video in the preview.
Before, only the timeline, once focused, moved the video (Left/Right), and no key stepped from one
matched moment to the next; the search field keeps Ctrl+Left/Right for its cursor."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.wiring.play_keys import next_start, previous_start
from tests.app.conftest import type_query
from tests.app.test_integration_preview import TOL, YELLOW_BALL, media_s

CTRL = Qt.KeyboardModifier.ControlModifier


def test_next_and_previous_start():
    matches = [(2.0, 4.0, 0.5), (8.0, 12.0, 0.9), (20.0, 24.0, 0.7)]
    assert next_start(matches, 0.0) == 2.0 and next_start(matches, 8.0) == 20.0 and next_start(matches, 21) is None
    assert previous_start(matches, 8.0) == 2.0  # at a moment's start: the one before
    assert previous_start(matches, 10.0) == 8.0  # well inside one: its start
    assert previous_start(matches, 2.5) is None


def test_the_preview_keys_work_with_the_results_focused(qtbot, make_app_window, demo_library):
    window = make_app_window(demo_library)
    player, view, field = window.preview, window.results_view, window.search_panel.field
    results = type_query(qtbot, window, YELLOW_BALL.query)
    qtbot.keyClick(field, Qt.Key.Key_Down)
    assert view.hasFocus() and view.current_result() is results[0]
    # the yellow ball's video has one strong match (results[0]) and two moments no real match among
    # the results; those are not marked (s53), but the one in hand: its card at the earlier is picked
    top = min((r for r in results if r.video_id == results[0].video_id), key=lambda r: r.start)
    assert top.strength == "none" and top.start < results[0].start
    view.setCurrentIndex(window.results_model.index(results.index(top)))
    qtbot.waitUntil(lambda: player.current_path() == top.path and player.is_loaded()
                    and abs(media_s(player) - top.start) <= TOL, timeout=10_000)
    starts = sorted(m[0] for m in player.timeline().matches())
    assert starts == [top.start, results[0].start]  # (the later moment no real match is not marked)
    later = [s for s in starts if s > top.start]

    def at(seconds: float) -> None:
        qtbot.waitUntil(lambda: abs(media_s(player) - seconds) <= TOL, timeout=10_000)

    qtbot.keyClick(view, Qt.Key.Key_Down, CTRL)  # the next matched moment
    at(later[0])
    assert view.current_result() is top  # (the grid's card in hand stays)
    qtbot.keyClick(view, Qt.Key.Key_Up, CTRL)  # and back to the one before
    at(top.start)
    qtbot.keyClick(view, Qt.Key.Key_Right, CTRL)  # forward 5 s
    at(top.start + 5.0)
    qtbot.keyClick(view, Qt.Key.Key_Left, CTRL)  # back 5 s
    at(top.start)
    # in the search field Ctrl+Left is the field's: its cursor moves a word, the video stays
    field.setFocus()
    field.end(False)
    end = field.cursorPosition()
    qtbot.keyClick(field, Qt.Key.Key_Left, CTRL)
    assert field.cursorPosition() < end
    assert abs(media_s(player) - top.start) <= TOL
    # the Playback menu lists them (and so the shortcuts dialog, which reads the actions)
    names = [a.text() for a in window.wiring.play_keys.menu.actions()]
    assert names == ["&Back 5 seconds", "&Forward 5 seconds", "&Previous moment", "&Next moment"]
