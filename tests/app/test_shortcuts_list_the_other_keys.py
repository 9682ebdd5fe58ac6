"""Help › Keyboard shortcuts lists the keys that work without a menu action, not only some of
them: Home / End and Page Up / Page Down in the results, Enter on a caption (its words searched),
Delete in the library's folders (asks to remove the folder) worked but were never listed. The
grid's keys checked here; Enter on a caption and Delete on a folder in test_view_captions_panel
and test_view_library_panel."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.help import GRID_KEYS, ShortcutsDialog
from tests.app.test_results import grid


def test_the_shortcuts_dialog_lists_the_keys_of_the_results_captions_and_folders(qtbot):
    keys = dict(GRID_KEYS)
    assert keys["Home / End, Page Up / Page Down (in the results)"] == "The first / last result, a page up / down"
    assert keys["Enter or double-click (on a caption)"] == "Search for its words"
    assert keys["Delete (in the library's folders)"] == "Remove the folder from the library"
    dialog = ShortcutsDialog(GRID_KEYS)
    qtbot.addWidget(dialog)
    listed = [dialog.table.item(i, 0).text() for i in range(dialog.table.rowCount())]
    assert "Delete (in the library's folders)" in listed


def test_home_end_and_the_page_keys_move_through_the_results(qtbot, tmp_path):
    model, view, rows = grid(qtbot, tmp_path)
    model.set_results(None, rows)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert view.currentIndex().row() == len(rows) - 1
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert view.currentIndex().row() == 0
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    down = view.currentIndex().row()
    assert down > 0
    qtbot.keyClick(view, Qt.Key.Key_PageUp)
    assert view.currentIndex().row() < down

