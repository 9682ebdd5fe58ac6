"""The status bar's indexing line never widens the window: beside the library's counts and the
model's name ("Model: Seekframe everyday scenes (bundled)"), "Indexing: 0 of 5 files · 0 moments ·
estimating time left…" made the status bar 816 px wide at least, so an 800 px window grew to 816 px
as indexing began (seen in screenshots), and could not be made narrower while it ran. The line is
cut to fit now (the indexing panel says it whole); the model's name stays whole."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

WIDTH = 800
LINE = "0 of 5 files · 0 moments · estimating time left…"


def settle() -> None:
    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    QApplication.processEvents()


def test_the_indexing_line_is_cut_to_fit_and_the_window_keeps_its_width(qtbot, make_app_window, demo_library):
    window = make_app_window(demo_library)
    window.show_search()
    parts = window.status_widgets
    parts.model_label.setText("Model: Seekframe everyday scenes (bundled)")  # (the real-footage model's)
    window.resize(WIDTH, 600)
    qtbot.waitUntil(lambda: window.width() == WIDTH, timeout=10_000)
    parts.set_indexing(True)
    parts.set_index_text(LINE)
    settle()
    qtbot.wait(50)
    settle()
    assert window.width() == WIDTH, f"the indexing line widened the window to {window.width()} px"
    assert window.minimumSizeHint().width() <= WIDTH
    label, model = parts.index_label, parts.model_label
    assert label.isVisible() and label.width() > 0 and label.text() == f"Indexing: {LINE}"
    assert label.mapTo(window, label.rect().topRight()).x() < WIDTH  # (in view)
    needs = model.fontMetrics().horizontalAdvance(model.text())
    assert model.width() >= needs, "the model's name was cut"
