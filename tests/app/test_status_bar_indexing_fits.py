"""While a run indexes, the status bar says nothing of it: the indexing panel below the results shows
the run's line ("0 of 5 files · 0 moments · estimating time left…") and Cancel, and the status bar
repeated that line ("Indexing: 0 of 5 files · …", s55 G audit: the first run's screenshots), in less
room. It had been cut to fit (2292d20: beside the library's counts and the real-footage model's name
the line widened an 800 px window to 816 px); with it gone the window keeps its width and the model's
name stays whole."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

from core.indexer import IndexEvent

WIDTH = 800
LINE = "0 of 5 files · 0 moments"  # (the panel's line; its time left beside it)
SUMMARY = {"found": 5, "to_index": 5, "offline_roots": []}


def settle() -> None:
    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    QApplication.processEvents()


def status_bar_words(window) -> list[str]:
    """What the status bar shows: its message and the texts of its parts in view."""
    bar = window.statusBar()
    parts = [w.text() for w in (*bar.findChildren(QLabel), *bar.findChildren(QAbstractButton)) if w.isVisible()]
    return [t for t in (bar.currentMessage(), *parts) if t]


def test_the_status_bar_does_not_repeat_the_indexing_line(qtbot, make_app_window, demo_library):
    window = make_app_window(demo_library)
    window.show_search()
    parts = window.status_widgets
    parts.model_label.setText("Model: Seekframe everyday scenes (bundled)")  # (the real-footage model's)
    window.resize(WIDTH, 600)
    qtbot.waitUntil(lambda: window.width() == WIDTH, timeout=10_000)
    session = window.session  # (a run's start and its first events, as the runner says them)
    session.indexing_changed.emit(True)
    session.index_event.emit(IndexEvent("scanned", files_total=5, summary=SUMMARY))
    session.index_event.emit(IndexEvent("file_started", 0, 5, 0, current="/v/clip_00.mp4", summary=SUMMARY))
    window.index_panel._refresh()  # (its display, rebuilt at most every UPDATE_MS: now)
    assert window.index_panel._counts.text().startswith(LINE), window.index_panel._counts.text()
    settle()
    qtbot.wait(50)
    settle()
    said = status_bar_words(window)
    assert not any("Indexing" in t or "of 5 files" in t for t in said), said
    assert window.width() == WIDTH, f"the status bar widened the window to {window.width()} px"
    model = parts.model_label
    needs = model.fontMetrics().horizontalAdvance(model.text())
    assert model.width() >= needs, "the model's name was cut"
