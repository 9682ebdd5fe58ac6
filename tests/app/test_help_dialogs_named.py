"""The Help dialogs as a screen reader meets them: the shortcuts table and the user guide had no
name (a screen reader said "table" and "text"); the first focus is on them, and Esc closes."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.help import ReadmeDialog, ShortcutsDialog, readme_text


def test_the_help_dialogs_are_named_focused_and_closed_by_esc(qtbot):
    for dialog, content, name in ((ShortcutsDialog([("Ctrl+F", "Search")]), "table", "Keyboard shortcuts"),
                                  (ReadmeDialog(*readme_text()), "browser", "User guide")):
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.activateWindow()
        widget = getattr(dialog, content)
        assert widget.accessibleName() == name
        qtbot.waitUntil(widget.hasFocus, timeout=10_000)
        qtbot.keyClick(widget, Qt.Key.Key_Escape)
        assert not dialog.isVisible()
