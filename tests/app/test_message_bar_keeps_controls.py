"""A status message never takes a control from the user: a message too long for the room beside the
status bar's permanent parts (library counts, the model button, the read-only badge) was laid over
them for its 10-15 s, the model button out of sight yet still reached by Tab (focus on a button no
one could see). Now such a message has a row of its own above them (kept at such a width whether a
message shows or not: test_message_bar_moves_nothing): they stay in view, where they were,
clickable and in the focus chain, and the bar keeps its height once the message is gone."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QStatusBar, QWidget

from app.message_bar import MessageBar
from tests.app.test_captions_title_fits import scaled_font, settle  # noqa: F401
from tests.app.test_status_bar_fits import COMMON, LONG, narrowest_window


def _over(bar: QStatusBar, widget: QWidget) -> list[QWidget]:
    """The visible children of ``bar`` drawn over ``widget`` (later siblings overlapping it)."""
    kids = [w for w in bar.children() if isinstance(w, QWidget)]
    return [w for w in kids[kids.index(widget) + 1:] if w.isVisible() and w.geometry().intersects(widget.geometry())]


@pytest.mark.parametrize("scaled_font", [1.0, 1.5], indirect=True)
def test_a_long_message_leaves_the_status_bars_controls_in_view(qtbot, make_app_window, demo_library,
                                                                scaled_font, no_real_dialogs):
    window = narrowest_window(qtbot, make_app_window, demo_library, scaled_font)
    bar, parts = window.statusBar(), window.status_widgets
    parts.read_only_badge.show()  # (as while another process writes the library)
    settle(qtbot)
    shown = [parts.library_label, parts.model_label, parts.read_only_badge]
    before = {w: w.geometry() for w in shown}
    one_row = bar.height()
    for text in (COMMON[0], LONG):  # beside them, then one that needs more than the room they leave
        bar.showMessage(text, 10_000)
        settle(qtbot)
        label = bar.message_label
        assert label.isVisible() and label.toolTip() in ("", text)
        for w in shown:
            assert w.isVisible() and not _over(bar, w), (text, w, _over(bar, w))
            assert not label.geometry().intersects(w.geometry()), (text, w)
            assert w.geometry().width() == before[w].width()  # (whole, as before the message)
    assert bar.height() == one_row  # (the long one on one line of the row the bar keeps)

    # the model button is reached by Tab while the message shows, and it is in sight
    model = parts.model_label
    assert model.focusPolicy() & Qt.FocusPolicy.TabFocus
    model.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is model, timeout=10_000)
    assert not model.visibleRegion().isEmpty() and not _over(bar, model)

    bar.clearMessage()
    settle(qtbot)
    assert bar.height() == one_row and not bar.message_label.isVisible()
    assert all(w.geometry().size() == before[w].size() for w in shown)


def test_a_deleted_permanent_part_is_forgotten(qtbot):
    """The bar placed a message by the permanent parts it was given: one deleted since (its owner
    gone) raised RuntimeError at the next message."""
    bar = MessageBar()
    qtbot.addWidget(bar)
    gone, kept = QWidget(), QWidget()
    bar.addPermanentWidget(gone)
    bar.addPermanentWidget(kept)
    bar.resize(600, 30)
    bar.show()
    gone.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(gone), timeout=10_000)
    QApplication.processEvents()
    bar.showMessage("Copied car-detection.mp4@0:16")
    bar.resize(300, 30)
    settle(qtbot)
    assert bar.message_label.isVisible() and bar.message_label.text().startswith("Copied")
    assert not bar.message_label.geometry().intersects(kept.geometry())
