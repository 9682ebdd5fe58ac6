"""The Help menu: keyboard shortcuts (read from the real actions), the README in the window, About
with the version (issue 11, point 6)."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QMessageBox

from app.help import GRID_KEYS, ReadmeDialog, ShortcutsDialog, about_text, readme_text


def test_about_shows_the_version(qtbot, make_app_window, tmp_path, monkeypatch):
    from core import __version__

    assert f"Seekframe {__version__}" in about_text()
    window = make_app_window(tmp_path / "lib")
    shown = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: shown.append(text))
    window.about_action.trigger()
    assert shown and __version__ in shown[0]


def test_keyboard_shortcuts_lists_the_grid_keys_and_every_action_with_its_keys(qtbot, make_app_window, tmp_path):
    window = make_app_window(tmp_path / "lib")
    help_entries = [a.text() for a in window.help_menu.actions() if not a.isSeparator()]
    assert help_entries[:2] == ["&Keyboard shortcuts", "&User guide (README)"] and "&About Seekframe" in help_entries
    window.shortcuts_action.trigger()
    dialog = window.help_dialog
    assert isinstance(dialog, ShortcutsDialog) and dialog.isVisible()
    table = dialog.table
    rows = [(table.item(i, 0).text(), table.item(i, 1).text()) for i in range(table.rowCount())]
    assert rows[:len(GRID_KEYS)] == list(GRID_KEYS)
    assert ("Down (in the search field)", "Go to the first result") in rows
    shortcut = window.wiring.clips.actions.find_similar_clips.shortcut().toString()
    assert (shortcut, "Find similar clips") in rows  # the clip actions, with the keys they have
    assert ("Ctrl+O", "Add folder") in rows and ("Ctrl+2", "Videos") in rows
    dialog.close()


def test_the_readme_opens_in_the_window_with_its_pictures(qtbot, make_app_window, tmp_path):
    markdown, base = readme_text()
    assert markdown.startswith("# Seekframe") and base is not None
    window = make_app_window(tmp_path / "lib")
    window.readme_action.trigger()
    dialog = window.help_dialog
    assert isinstance(dialog, ReadmeDialog) and dialog.isVisible()
    text = dialog.browser.toPlainText()
    assert "The app" in text and "Down in the search field goes to the first result" in text
    picture = dialog.browser.document().resource(QTextDocument.ResourceType.ImageResource,
                                                 QUrl("docs/screenshots/welcome.png"))
    assert picture is not None and not picture.isNull()
    dialog.close()
