"""The timeline as assistive technology sees it: it was a plain widget, read as a group ("Client")
with no value, so a screen reader user heard neither that it is a slider nor where the playhead
was. It is a slider now (Qt's own accessible slider): the playhead its value in seconds, the
video's length its maximum, a value set from outside a seek; its description says the times and
the matched moments, and how many poor matches it leaves off (``set_left_out``)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QAccessible, QWheelEvent
from PySide6.QtWidgets import QApplication

from app.timeline import MomentTimeline


def _timeline(qtbot) -> MomentTimeline:
    timeline = MomentTimeline()
    qtbot.addWidget(timeline)
    timeline.set_duration(90.0)
    timeline.set_matches([(64.0, 68.0, 0.7), (16.0, 20.0, 0.9)], current=(16.0, 20.0))
    timeline.set_position(65.2)
    return timeline


def test_it_reads_as_a_slider_with_the_playhead_as_its_value(qtbot):
    timeline = _timeline(qtbot)
    face = QAccessible.queryAccessibleInterface(timeline)
    assert face.role() == QAccessible.Role.Slider  # (old: Client)
    assert face.text(QAccessible.Text.Name) == "Timeline"
    value = face.valueInterface()
    assert value is not None
    assert (value.minimumValue(), value.currentValue(), value.maximumValue()) == (0, 65, 90)
    assert face.text(QAccessible.Text.Description).startswith("1:05 of 1:30; matched moments at 0:16, 1:04")
    timeline.set_position(3.0)
    assert value.currentValue() == 3
    timeline.clear()
    assert (value.currentValue(), value.maximumValue()) == (0, 0)


def test_a_value_set_from_outside_seeks_and_the_playhead_does_not(qtbot):
    timeline = _timeline(qtbot)
    seen = []
    timeline.seek_requested.connect(seen.append)
    timeline.set_position(30.0)
    timeline.set_duration(120.0)
    assert seen == []  # (the player moving the playhead asks for nothing)
    QAccessible.queryAccessibleInterface(timeline).valueInterface().setCurrentValue(40)
    assert seen == [40.0]


def test_the_slider_takes_no_keys_or_wheel_of_its_own(qtbot):
    """Up, Down and the Page keys stay the window's, a wheel seeks nothing (as before)."""
    timeline = _timeline(qtbot)
    with qtbot.assertNotEmitted(timeline.seek_requested):
        for key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            qtbot.keyClick(timeline, key)
        wheel = QWheelEvent(QPointF(10, 5), QPointF(10, 5), QPoint(), QPoint(0, 120), Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(timeline, wheel)
    assert timeline.value() == 65


def test_it_says_how_many_poor_matches_it_leaves_off(qtbot):
    timeline = _timeline(qtbot)
    timeline.set_left_out(40)
    assert timeline.accessibleDescription() == (
        "1:05 of 1:30; matched moments at 0:16, 1:04; 40 poor matches not marked. Left and Right: 5 seconds.")
    timeline.set_left_out(1)
    assert "; 1 poor match not marked." in timeline.accessibleDescription()
    timeline.clear()
    assert "poor" not in timeline.accessibleDescription()


def test_the_preview_counts_the_poor_matches_it_leaves_off():
    """``PreviewController.left_out_for``: the moments of the video in hand that ``matches_for``
    leaves off (no real match beside real ones), for the timeline to say."""
    from app.wiring.preview import PreviewController
    from tests.app.test_timeline_real_matches import _preview, _r as r

    def left_out(results, current):
        return PreviewController.left_out_for(_preview(results), current)

    results = [r(3600, 0.5, "strong"), r(3620, 0.35, "weak"), r(40, 0.06, "none"), r(400, 0.05, "none"),
               r(8, 0.04, "none", vid="w"), r(30, 0.4, "strong", vid="w")]
    assert left_out(results, results[0]) == 2  # (the other video's poor one is not this one's)
    assert left_out(results, results[2]) == 1  # (the result in hand is marked all the same)
    assert left_out(results[2:4], results[2]) == 0  # (none a real match: all marked)
