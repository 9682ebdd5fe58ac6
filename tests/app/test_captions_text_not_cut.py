"""The captions panel's text is never cut off: in the window's preview column (the player over the
captions panel, a vertical splitter) with a large font, "No captions in this library yet: import a
file of captions (.txt, .csv, .json) or add a note to this clip." got 72 px of the 92 its four
lines need, its first and last lines cut in half (Qt took the word-wrapped label's minimum height
at a width of its own choosing), while the player above kept room to spare."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QSplitter, QWidget

from app.captions_panel import EMPTY_TEXT, NO_CLIP_TEXT, CaptionsPanel


def settle():
    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    QApplication.processEvents()


def whole(label) -> bool:
    return label.height() >= label.heightForWidth(label.width())


def test_a_narrow_squeezed_captions_panel_keeps_its_empty_text_whole(qtbot, no_real_dialogs):
    column = QSplitter(Qt.Orientation.Vertical)
    column.addWidget(QWidget())  # (the player: it can give up its room)
    panel = CaptionsPanel()
    column.addWidget(panel)
    qtbot.addWidget(column)
    font = panel.font()
    font.setPointSizeF(font.pointSizeF() * 1.6)
    panel.setFont(font)
    column.resize(330, 420)
    column.show()
    qtbot.waitExposed(column)
    column.setSizes([400, 20])  # the user (or a saved layout) gave the player nearly all of it
    settle()
    label = panel._empty
    assert label.text() == NO_CLIP_TEXT and whole(label), (label.height(), label.heightForWidth(label.width()))
    panel.show_captions("Captions for car-detection.mp4 at 0:16", [], ("v", 16.0, 20.0))
    column.setSizes([400, 20])
    settle()
    assert label.text() == EMPTY_TEXT
    assert whole(label), f"{label.height()} px of the {label.heightForWidth(label.width())} its lines need"
    squeezed = panel.minimumSizeHint().height()
    # wide: two lines, and the room they no longer need goes back to the player
    column.resize(900, 420)
    settle()
    assert whole(label) and panel.minimumSizeHint().height() < squeezed
