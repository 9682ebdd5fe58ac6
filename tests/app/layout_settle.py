"""``settle(qtbot)``: the window's posted layout work done, as a user sees it once the screen is still.
It waited a fixed 50 ms after handling the posted events (~100 waits in a run of the window's layout
tests); it now handles them round after round until three rounds in a row leave every shown widget's
place, size and label text as they were (a layout's work posted from another's: ``QTimer.singleShot(0)``
in ``app.dock_width``, ``app.status_widgets``, ``app.level_colours``)."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QLabel, QWidget

STILL_ROUNDS = 3
MOST_ROUNDS = 500


def _looks() -> tuple:
    looks = []
    for top in QApplication.topLevelWidgets():
        if not top.isVisible():
            continue
        for w in (top, *top.findChildren(QWidget)):
            looks.append((id(w), w.isVisible(), w.geometry().getRect(), w.text() if isinstance(w, QLabel) else None))
    return tuple(looks)


def settle(qtbot=None) -> None:
    """Handle the posted events (layout requests first) until the shown widgets stay still for
    ``STILL_ROUNDS`` rounds (``qtbot``: kept for the callers' signature)."""
    before, still = None, 0
    for _ in range(MOST_ROUNDS):
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        QApplication.processEvents()
        now = _looks()
        still = still + 1 if now == before else 0
        if still >= STILL_ROUNDS:
            return
        before = now
    raise AssertionError(f"the window's layout did not settle in {MOST_ROUNDS} rounds")
