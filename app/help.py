"""The Help menu: keyboard shortcuts, the README (the user guide), About with the version.

The shortcuts are read from the window's actions when the dialog opens, so the clip actions and
any later ones are listed with the keys they really have.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QKeySequence, QTextCursor
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHeaderView, QMessageBox, QTableWidget,
                               QTableWidgetItem, QTextBrowser, QVBoxLayout, QWidget)

README = Path(__file__).resolve().parent.parent / "README.md"  # the source checkout's

# Keys that are not actions (the results grid, the search field, the player), as the README says.
GRID_KEYS = (
    ("Down (in the search field)", "Go to the first result"),
    ("Enter (in the search field)", "Search now"),
    ("Escape (in the search field)", "Clear the search"),
    ("Arrow keys (in the results)", "Move through the results"),
    ("Up (on the top row)", "Back to the search field"),
    ("Home / End, Page Up / Page Down (in the results)", "The first / last result, a page up / down"),
    ("Enter or double-click", "Play the result from its moment"),
    ("Space", "Pause / play"),
    ("Left / Right, Home / End (on the timeline)", "5 seconds back / on, the start / end"),
    ("Right-click, the menu key or Shift+F10", "Similar clips, captions, its folder, FILE@TIME to copy"),
    ("Enter or double-click (on a caption)", "Search for its words"),
    ("Delete (in the library's folders)", "Remove the folder from the library"),
)


def about_text() -> str:
    from core import __version__

    return (f"<b>Seekframe {__version__}</b><p>Search your own videos by meaning, on your own machine. "
            "Nothing leaves your computer.</p><p>Help › User guide (README) explains the app and the "
            "<code>seekframe</code> command.</p>")


def shortcut_rows(window) -> list[tuple[str, str]]:
    """(keys, what they do): the grid's keys, then every action of the window that has a shortcut."""
    rows = list(GRID_KEYS)
    seen = set()
    for action in window.findChildren(QAction):
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        name = action.text().replace("&", "").rstrip("…").strip()
        if keys and name and (keys, name) not in seen:
            seen.add((keys, name))
            rows.append((keys, name))
    return rows


def readme_text() -> tuple[str, Path | None]:
    """The README's Markdown and the folder its pictures are relative to (None: no pictures)."""
    if README.is_file():
        return README.read_text(encoding="utf-8"), README.parent
    try:
        from importlib.metadata import metadata

        description = metadata("seekframe").get_payload() or metadata("seekframe").get("Description", "")
    except Exception:  # not installed as a package
        description = ""
    return description or "The README is not part of this installation.", None


def within_screen(dialog: QWidget, width: int, height: int) -> None:
    """``dialog`` (a window) resized to ``width`` x ``height``, or less on a screen with less room
    (its frame and a panel kept clear: 3 lines of its font): the user guide's 640 px on a 1280 x 720
    screen at 150 % (480 px) left its Close button below the screen's edge, and the main window's
    first 1200 x 780 px went past both edges."""
    screen = dialog.screen()
    if screen is not None:
        room, line = screen.availableGeometry(), dialog.fontMetrics().height()
        width, height = min(width, room.width() - 2 * line), min(height, room.height() - 3 * line)
    dialog.resize(width, height)


def _above_close(dialog: QDialog, content) -> None:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(content)
    layout.addWidget(buttons)


class ShortcutsDialog(QDialog):
    def __init__(self, rows, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.table = QTableWidget(len(rows), 2, self, accessibleName="Keyboard shortcuts")  # (a screen reader's)
        self.table.setHorizontalHeaderLabels(["Keys", "What they do"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for i, (keys, what) in enumerate(rows):
            self.table.setItem(i, 0, QTableWidgetItem(keys))
            self.table.setItem(i, 1, QTableWidgetItem(what))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        _above_close(self, self.table)
        within_screen(self, 560, 480)


class ReadmeDialog(QDialog):
    """The README rendered as Markdown; links open outside, pictures fit the dialog."""

    PICTURE_WIDTH = 640

    def __init__(self, markdown: str, base: Path | None, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Seekframe — user guide (README)")
        self.browser = QTextBrowser(self, openExternalLinks=True, accessibleName="User guide")
        if base is not None:
            self.browser.setSearchPaths([str(base)])
            self.browser.document().setBaseUrl(QUrl.fromLocalFile(str(base) + "/"))
        self.browser.setMarkdown(markdown)
        self._fit_pictures()
        _above_close(self, self.browser)
        within_screen(self, 760, 640)

    def _fit_pictures(self) -> None:
        cursor = QTextCursor(self.browser.document())
        block = self.browser.document().begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                fmt = fragment.charFormat()
                if fmt.isImageFormat():
                    image = fmt.toImageFormat()
                    image.setWidth(self.PICTURE_WIDTH)
                    cursor.setPosition(fragment.position())
                    cursor.setPosition(fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor)
                    cursor.setCharFormat(image)
                it += 1
            block = block.next()


def install_help(window) -> None:
    """Keyboard shortcuts, the README, the demo library and About in ``window.help_menu``."""
    window.shortcuts_action = window.make_action("&Keyboard shortcuts", lambda: show_dialog(
        window, ShortcutsDialog(shortcut_rows(window), window)), "Ctrl+/")
    window.readme_action = window.make_action("&User guide (README)", lambda: show_dialog(
        window, ReadmeDialog(*readme_text(), window)), QKeySequence.StandardKey.HelpContents)
    window.about_action = window.make_action("&About Seekframe", lambda: QMessageBox.about(
        window, "About Seekframe", about_text()))
    for a in (window.shortcuts_action, window.readme_action, None, window.demo_action, None,
              window.about_action):
        window.help_menu.addSeparator() if a is None else window.help_menu.addAction(a)


def show_dialog(window, dialog: QDialog) -> None:
    """Open ``dialog`` window-modal (deleted when closed); it is kept as ``window.help_dialog``."""
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.help_dialog = dialog
    dialog.open()
