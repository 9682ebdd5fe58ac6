"""Help's dialogs on a small screen (a 1280 x 720 laptop at 150 %: 853 x 480 px to lay out): the
user guide opened 760 x 640 px, its Close button below the screen's edge, and the keyboard
shortcuts 480 px tall, as tall as the whole screen. Each now opens no larger than the screen
leaves room for."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect

from app.help import ReadmeDialog, ShortcutsDialog


class SmallScreen:
    def availableGeometry(self) -> QRect:  # noqa: N802 - Qt's name
        return QRect(0, 0, 853, 450)  # (a panel takes 30 px)


@pytest.mark.parametrize("make", [lambda: ReadmeDialog("# Seekframe\n\n" + "Some words. " * 400, None),
                                  lambda: ShortcutsDialog([("Ctrl+F", "Search")] * 20)])
def test_a_help_dialog_fits_a_small_screen(qtbot, monkeypatch, make):
    for kind in (ReadmeDialog, ShortcutsDialog):
        monkeypatch.setattr(kind, "screen", lambda self: SmallScreen())
    dialog = make()
    qtbot.addWidget(dialog)
    room = SmallScreen().availableGeometry()
    assert dialog.width() < room.width() and dialog.height() < room.height(), dialog.size()


def test_on_a_big_screen_they_keep_their_size(qtbot):
    dialog = ReadmeDialog("# Seekframe", None)
    qtbot.addWidget(dialog)
    room = dialog.screen().availableGeometry()
    if room.height() < 700:
        pytest.skip("the test screen is small")
    assert dialog.size().toTuple() == (760, 640)


def test_the_windows_first_size_fits_a_small_screen(qtbot, monkeypatch):
    """Without a saved size the window opened 1200 x 780 px, past both edges of an 853 x 480 screen."""
    from app.session import Session
    from app.settings import AppSettings
    from app.window import MainWindow

    monkeypatch.setattr(MainWindow, "screen", lambda self: SmallScreen())
    window = MainWindow(Session(), AppSettings())
    qtbot.addWidget(window)
    room = SmallScreen().availableGeometry()
    assert window.width() < room.width() and window.height() < room.height(), window.size()
