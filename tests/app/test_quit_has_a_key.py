"""File › Quit had no key where the platform's keys name none for quitting (Windows', which the
offscreen platform has too: QKeySequence.Quit is empty there): a keyboard user found every other
action of the menus with its key and had to go through the menu to leave. It is Ctrl+Q there, as
on Linux and macOS' Cmd+Q, listed in Help › Keyboard shortcuts; no two actions of the window share
a key (Qt runs neither of two actions on one key)."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence

from app.help import shortcut_rows
from app.session import Session
from app.settings import AppSettings
from app.wiring import build_window


def test_quit_has_a_key_listed_with_the_others_and_no_key_does_two_things(qtbot):
    window = build_window(Session(loader=lambda *a, **k: None), AppSettings())
    qtbot.addWidget(window)
    keys = window.quit_action.shortcut()
    assert not keys.isEmpty()
    platform = QKeySequence.keyBindings(QKeySequence.StandardKey.Quit)
    assert keys == (platform[0] if platform else QKeySequence("Ctrl+Q"))
    assert (keys.toString(QKeySequence.SequenceFormat.NativeText), "Quit") in shortcut_rows(window)
    taken = {}
    for action in window.findChildren(QAction):
        for key in action.shortcuts():
            taken.setdefault(key.toString(), []).append(action.text())
    assert not {k: v for k, v in taken.items() if len(set(v)) > 1}
