"""A change of the application's font while the app runs (``QApplication.setFont``, a change of the
system's font: ``ApplicationFontChange``) reaches every text of the window: the welcome page's
title and big buttons kept the size computed at build (2.4 and 1.3 times the old font), and the
labels with a style sheet (the search panel's note of a query read in part, the grid's "no strong
match" note, the status bar's read-only badge, the message banner) kept the old font altogether:
Qt resolves a styled widget's font when its sheet is applied."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QLabel

from app.welcome import WelcomePage


@pytest.fixture
def grow_font():
    """``grow_font()`` sets the application's font 1.5 times larger (put back at the end); returns
    the new point size."""
    before = QApplication.font()

    def grow() -> float:
        font = QApplication.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        QApplication.setFont(font)
        QApplication.processEvents()
        return font.pointSizeF()

    yield grow
    QApplication.setFont(before)


def test_the_welcome_pages_title_and_buttons_follow_a_font_change(qtbot, show_view, grow_font):
    page = show_view(WelcomePage(), (900, 700))
    size = grow_font()
    title = next(lb for lb in page.findChildren(QLabel) if lb.accessibleName() == "Seekframe")
    assert title.font().pointSizeF() == pytest.approx(size * 2.4) and title.font().bold()
    for button in (page._demo, page._folder):
        assert button.font().pointSizeF() == pytest.approx(size * 1.3)
        fm = button.fontMetrics()
        assert button.minimumWidth() >= fm.horizontalAdvance(button.text())
        assert button.minimumHeight() >= fm.height() * 3


def test_the_windows_styled_labels_follow_a_font_change(qtbot, make_app_window, demo_library, grow_font):
    window = make_app_window(demo_library)
    window.show_message("warning", "Something to say")
    styled = [window.search_panel.unread_label, window.no_match_label, window.status_widgets.read_only_badge,
              window.banner.label]
    size = grow_font()
    for label in styled:
        assert label.font().pointSizeF() == pytest.approx(size), label.objectName() or label.text()



def test_the_model_dialogs_styled_message_follows_a_font_change(qtbot, make_app_window, demo_library, grow_font):
    """The model dialog's red message (a fetch that failed) has a style sheet of its own; the dialog,
    a window of its own, is the main window's child (``wiring.models``), so the window's ``restyle``
    reaches it, after Qt has told every window of the change. A guard: a dialog opened with no parent
    would keep the old font (``font_follow``)."""
    window = make_app_window(demo_library)
    models = window.wiring.models
    for _ in range(3):  # (each a new dialog: a new place in Qt's order of windows)
        models.open_dialog()
        qtbot.waitUntil(lambda: models.dialog is not None and models.dialog.isVisible(), timeout=30_000)
        dialog = models.dialog
        assert dialog.parent() is window
        dialog.fetch_failed("Cannot reach huggingface.co (no connection)")
        assert dialog._message.isVisible() and dialog._message.styleSheet(), dialog._message.styleSheet()
        size = grow_font()
        assert dialog._message.font().pointSizeF() == pytest.approx(size), "the dialog's message kept the old font"
        assert dialog._card.font().pointSizeF() == pytest.approx(size)
        dialog.reject()
        qtbot.waitUntil(lambda: models.dialog is None, timeout=10_000)
