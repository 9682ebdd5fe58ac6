"""MomentTimeline: geometry helpers, painting, seeking by mouse and keyboard, tooltips."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor

from app.timeline import MomentTimeline, match_at, score_strength, time_to_x, x_to_time
from core.timefmt import clip_time_texts, format_eta, format_time


def test_time_and_x_are_inverse_and_clamped():
    assert time_to_x(0, 12, 10, 120) == 10
    assert time_to_x(6, 12, 10, 120) == 70
    assert time_to_x(12, 12, 10, 120) == 130
    assert time_to_x(99, 12, 10, 120) == 130 and time_to_x(-3, 12, 10, 120) == 10
    for t in (0.0, 1.5, 7.25, 12.0):
        assert x_to_time(time_to_x(t, 12, 10, 120), 12, 10, 120) == pytest.approx(t)
    assert x_to_time(-50, 12, 10, 120) == 0 and x_to_time(500, 12, 10, 120) == 12
    assert x_to_time(50, 0, 10, 120) == 0, "no duration yet: no time"


def test_score_strength_and_match_at():
    assert score_strength(0.9, 0.2, 0.9) == 1.0
    assert score_strength(0.2, 0.2, 0.9) == pytest.approx(0.3)
    assert score_strength(0.3, 0.2, 0.9) < score_strength(0.5, 0.2, 0.9)
    matches = [(0, 4, 0.2), (2, 6, 0.5), (8, 12, 0.1)]
    assert match_at(3, matches) == (2, 6, 0.5)
    assert match_at(7, matches) is None


def test_time_formats():
    assert format_time(4) == "0:04" and format_time(72.9) == "1:12" and format_time(3723) == "1:02:03"
    assert next(clip_time_texts(72.0, 76.0)) == "1:12" and next(clip_time_texts(71.4, 75.4)) == "1:12"
    assert next(clip_time_texts(10.2, 10.6)) == "0:10.2" and next(clip_time_texts(10.25, 10.6)) == "0:10.3"
    assert format_eta(None).startswith("estimating")
    assert format_eta(30) == "less than a minute left"
    assert format_eta(125) == "about 2 min left"
    assert format_eta(4800) == "about 1 h 20 min left"


@pytest.fixture
def timeline(qtbot, show_view):
    w = MomentTimeline()
    show_view(w, (400, w.sizeHint().height()))
    qtbot.waitExposed(w)
    return w


def test_paints_matches_current_and_playhead(timeline):
    empty = timeline.grab().toImage()
    timeline.set_duration(20)
    timeline.set_matches([(0, 4, 0.2), (8, 12, 0.9)], current=(8, 12))
    timeline.set_position(2)
    img = timeline.grab().toImage()
    assert not img.isNull() and img != empty
    y = img.height() // 2
    strong = QColor(img.pixel(int(timeline.x_for(10)), y))
    weak = QColor(img.pixel(int(timeline.x_for(3.5)), y))
    gap = QColor(img.pixel(int(timeline.x_for(16)), y))
    assert strong != weak != gap, "a stronger score paints a different colour than a weaker one and the gap"
    timeline.clear()
    assert timeline.duration() == 0 and timeline.matches() == [] and timeline.current() is None


def test_duration_defaults_to_the_last_match_end(timeline):
    timeline.set_matches([(0, 4, 0.2), (8, 12, 0.9)])
    assert timeline.duration() == 12
    timeline.set_duration(30)
    assert timeline.duration() == 30


def test_click_and_drag_request_seeks(timeline, qtbot):
    timeline.set_duration(20)
    with qtbot.waitSignal(timeline.seek_requested) as sig:
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=QPoint(int(timeline.x_for(5)), 5))
    assert sig.args[0] == pytest.approx(5, abs=0.2)
    seen = []
    timeline.seek_requested.connect(seen.append)
    qtbot.mousePress(timeline, Qt.MouseButton.LeftButton, pos=QPoint(int(timeline.x_for(2)), 5))
    qtbot.mouseMove(timeline, QPoint(int(timeline.x_for(15)), 5))
    qtbot.mouseRelease(timeline, Qt.MouseButton.LeftButton, pos=QPoint(int(timeline.x_for(15)), 5))
    assert seen[0] == pytest.approx(2, abs=0.2) and seen[-1] == pytest.approx(15, abs=0.2)


def test_no_seek_without_a_duration(timeline, qtbot):
    with qtbot.assertNotEmitted(timeline.seek_requested):
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=QPoint(100, 5))


def test_keyboard_steps(timeline, qtbot):
    timeline.set_duration(20)
    timeline.set_position(10)
    with qtbot.waitSignal(timeline.seek_requested) as sig:
        qtbot.keyClick(timeline, Qt.Key.Key_Right)
    assert sig.args == [15.0]
    with qtbot.waitSignal(timeline.seek_requested) as sig:
        qtbot.keyClick(timeline, Qt.Key.Key_End)
    assert sig.args == [20.0]


def test_tooltip_names_time_and_match(timeline):
    timeline.set_duration(80)
    timeline.set_matches([(72, 76, 0.42)])
    assert timeline.tooltip_text_at(timeline.x_for(73)) == "1:13 · match 1:12–1:16, score 0.42"
    assert timeline.tooltip_text_at(timeline.x_for(10)) == "0:10"
