"""The status bar's messages are read whole at the window's narrowest: its permanent parts (library
counts, the model) left a message ~290 px at the minimum width (751 px), and it was cut there with
no sign and no way to read the rest: "No other caption or note in this library to comp", "Note
added. Searching for it finds this moment" (end gone). Now at such a width the bar keeps a row of
its own above them for messages (test_message_bar_moves_nothing), the common messages short enough
for one line of it at a 1.5x font too; one wider than the bar is cut at its end with "…", whole in
its tooltip."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from app.wiring.clips import captions_found
from tests.app.test_captions_title_fits import at_the_narrowest, scaled_font, settle  # noqa: F401

PLACE = "car-detection.mp4 at 0:16"
COMMON = ["Note added to car-detection.mp4 at 0:16–0:20. Searching for it finds this moment.", captions_found(5, PLACE),
          captions_found(0, PLACE),
          "Copied car-detection.mp4@0:16"]
LONG = ("Cannot play /media/footage/the-afternoon-when-the-red-ball-bounced-all-the-way-down-the-beach.mp4: "
        "the file is not there.")
HUGE = f"Cannot play /media/{'the-afternoon-when-the-red-ball-bounced-all-the-way-down-the-beach/' * 30}a.mp4"


def _covered(bar, widget) -> bool:
    """True when a visible child of ``bar`` above ``widget`` overlaps it."""
    above = bar.children()[bar.children().index(widget) + 1:]
    return any(w.isWidgetType() and w.isVisible() and w.geometry().intersects(widget.geometry()) for w in above)


def shown_whole(bar, text: str) -> bool:
    """``text`` read whole in ``bar``: a label of it as wide as it, nothing over it; or, drawn by
    the bar itself, as much room as it needs left of the first permanent part shown."""
    for label in bar.findChildren(QLabel):
        if label.isVisible() and label.text() == text and not _covered(bar, label):
            return label.contentsRect().width() >= label.fontMetrics().horizontalAdvance(text)
    parts = [w for w in bar.children() if w.isWidgetType() and w.isVisible() and w.x() > 0]
    right = min((w.x() for w in parts), default=bar.width() - 12) - 2
    return bar.fontMetrics().horizontalAdvance(text) <= right - 6


def narrowest_window(qtbot, make_app_window, library, scale: float, height: int = 600):
    """The real window on ``library``, its counts in the status bar, made as narrow as it goes
    (``at_the_narrowest``, ``height`` px tall) at the font scaled ``scale`` times."""
    window = make_app_window(library)
    window.show_search()
    qtbot.waitUntil(lambda: "videos" in window.status_widgets.library_label.text(), timeout=10_000)
    at_the_narrowest(qtbot, window, height, scale)
    return window


@pytest.mark.parametrize("scaled_font", [1.0, 1.5], indirect=True)
def test_status_messages_are_read_whole_at_the_windows_minimum_width(qtbot, make_app_window, demo_library,
                                                                     scaled_font, no_real_dialogs):
    window = narrowest_window(qtbot, make_app_window, demo_library, scaled_font)
    bar = window.statusBar()
    counts = window.status_widgets.library_label
    for text in COMMON:
        bar.showMessage(text, 10_000)
        settle(qtbot)
        assert bar.currentMessage() == text
        assert shown_whole(bar, text), (text, bar.width())
    bar.clearMessage()  # the permanent parts in view again
    settle(qtbot)
    assert counts.isVisible() and not _covered(bar, counts)
    assert not [w for w in bar.findChildren(QLabel) if w.isVisible() and w.text() in COMMON]

    # wider than the whole bar: cut at its end on its one line, whole in its tooltip
    for text in (LONG, HUGE):
        bar.showMessage(text, 10_000)
        settle(qtbot)
        label = next(w for w in bar.findChildren(QLabel) if w.isVisible() and w.toolTip() == text)
        assert label.text().startswith("Cannot play /media/") and label.text().endswith("…"), label.text()
        assert "\n" not in label.text()
        assert label.contentsRect().width() >= label.fontMetrics().horizontalAdvance(label.text())
        assert not _covered(bar, label) and bar.currentMessage() == text
    bar.showMessage(LONG, 10_000)
    window.resize(3000, 600)  # room for it beside the permanent parts: whole, no tooltip
    settle(qtbot)
    assert shown_whole(bar, LONG) and label.toolTip() == ""
    assert not label.geometry().intersects(counts.geometry())


@pytest.mark.parametrize("scaled_font", [1.0], indirect=True)
def test_a_screen_reader_reads_the_whole_message(qtbot, make_app_window, demo_library, scaled_font,
                                                 no_real_dialogs):
    """The label showing the message was named "Status message" for assistive technology, so a
    screen reader on the status bar's parts read that, never the message (cut or not), and Qt sent
    no change of name as the message changed. Now its accessible name is the whole message."""
    from PySide6.QtGui import QAccessible

    window = make_app_window(demo_library)
    window.show_search()
    at_the_narrowest(qtbot, window, 600, scaled_font)
    bar = window.statusBar()
    for text in (COMMON[0], LONG, HUGE):  # beside the permanent parts or above them; the huge one cut on screen
        bar.showMessage(text, 10_000)
        settle(qtbot)
        label = next(w for w in bar.findChildren(QLabel)
                     if w.isVisible() and "".join(text.split()).startswith("".join(w.text().rstrip("…").split())))
        assert QAccessible.queryAccessibleInterface(label).text(QAccessible.Text.Name) == text, text
    assert label.text().endswith("…")  # (the huge one was cut on screen: the name still whole)
