"""LibraryPanel: folders with offline state and counts, add/remove/re-scan, read-only, drops."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QPalette
from PySide6.QtWidgets import QFileDialog, QMessageBox, QStyleOptionViewItem

from app.library_panel import EMPTY_TEXT, LibraryPanel, remove_question


@pytest.fixture
def panel(show_view, no_real_dialogs):
    return show_view(LibraryPanel())


def texts(panel):
    return [panel._list.item(i).text() for i in range(panel._list.count())]


def painted_text(panel, row: int):
    """The colour the style paints row ``row``'s text in (as the list's delegate sets it up)."""
    view = panel._list
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.widget = view
    view.itemDelegate().initStyleOption(option, view.model().index(row, 0))
    return option.palette.color(QPalette.ColorRole.Text)


def test_empty_state_and_folders_with_offline_and_counts(panel):
    assert panel._empty.isVisible() and panel._empty.text() == EMPTY_TEXT
    assert not panel._rescan.isEnabled() and not panel._remove.isEnabled() and panel._add.isEnabled()
    panel.set_folders(["/home/me/Videos", "/media/usb/holiday"], offline={"/media/usb/holiday"},
                      counts={"/home/me/Videos": 12, "/media/usb/holiday": 1})
    assert texts(panel) == ["/home/me/Videos  ·  12 videos", "/media/usb/holiday  ·  1 video  (offline)"]
    assert not panel._empty.isVisible()
    # the offline folder greyed: painted quieter than the one that is here (app.muted: still read)
    assert painted_text(panel, 1) != painted_text(panel, 0)
    assert painted_text(panel, 0) == panel._list.palette().color(QPalette.ColorRole.Text)
    assert painted_text(panel, 1).lightness() > painted_text(panel, 0).lightness()  # (on a light Base)
    assert "cannot be reached" in panel._list.item(1).toolTip()
    assert panel._rescan.isEnabled() and not panel._remove.isEnabled(), "remove needs a selection"
    assert panel.folders() == ["/home/me/Videos", "/media/usb/holiday"]


def test_add_asks_for_a_directory(panel, qtbot, monkeypatch, tmp_path):
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path) + "/")
    with qtbot.waitSignal(panel.add_requested) as sig:
        qtbot.mouseClick(panel._add, Qt.MouseButton.LeftButton)
    assert sig.args == [str(tmp_path)]
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: "")
    with qtbot.assertNotEmitted(panel.add_requested):
        qtbot.mouseClick(panel._add, Qt.MouseButton.LeftButton)


def test_remove_asks_for_confirmation(panel, qtbot, monkeypatch):
    panel.set_folders(["/home/me/Videos", "/media/usb/holiday"])
    panel._list.setCurrentRow(1)
    asked = []

    def question(parent, title, text, *a, **k):
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    answer = QMessageBox.StandardButton.Cancel
    with qtbot.assertNotEmitted(panel.remove_requested):
        qtbot.mouseClick(panel._remove, Qt.MouseButton.LeftButton)
    assert asked == [remove_question("/media/usb/holiday")]
    assert "the files themselves are not touched" in asked[0]
    answer = QMessageBox.StandardButton.Yes
    with qtbot.waitSignal(panel.remove_requested) as sig:
        qtbot.keyClick(panel._list, Qt.Key.Key_Delete)
    assert sig.args == ["/media/usb/holiday"]


def test_rescan_and_indexing(panel, qtbot):
    panel.set_folders(["/home/me/Videos"])
    with qtbot.waitSignal(panel.rescan_requested):
        qtbot.mouseClick(panel._rescan, Qt.MouseButton.LeftButton)
    panel.set_indexing(True)
    assert not panel._rescan.isEnabled() and panel._add.isEnabled()
    panel.set_indexing(False)
    assert panel._rescan.isEnabled()


def test_selection_survives_a_refresh(panel):
    panel.set_folders(["/a", "/b"])
    panel._list.setCurrentRow(1)
    panel.set_folders(["/a", "/b"], counts={"/a": 1, "/b": 2})
    assert panel.selected_folder() == "/b" and panel._remove.isEnabled()


def test_fewer_folders_with_the_last_one_selected(panel):
    """The last folder selected, then a shorter list (it was removed): no lookup of the old row
    in the new list (an IndexError from the selection signal)."""
    panel.set_folders(["/a", "/b"])
    panel._list.setCurrentRow(1)
    panel.set_folders(["/a"])
    assert panel.folders() == ["/a"] and panel.selected_folder() is None
    assert not panel._remove.isEnabled()


def test_read_only_disables_editing_and_says_why(panel):
    panel.set_folders(["/a"])
    panel._list.setCurrentRow(0)
    panel.set_read_only(True, "Another Seekframe is indexing this library.")
    assert not any(b.isEnabled() for b in (panel._add, panel._remove, panel._rescan))
    assert all(b.toolTip() == "Another Seekframe is indexing this library."
               for b in (panel._add, panel._remove, panel._rescan))
    panel.set_read_only(False)
    assert panel._add.isEnabled() and panel._remove.isEnabled() and panel._rescan.isEnabled()


def _mime(*paths):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def test_dropping_folders_adds_them(panel, qtbot, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    (tmp_path / "file.mp4").write_bytes(b"x")
    mime = _mime(a, tmp_path / "file.mp4", b)
    enter = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    panel.dragEnterEvent(enter)
    assert enter.isAccepted()
    got = []
    panel.add_requested.connect(got.append)
    drop = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    panel.dropEvent(drop)
    assert got == [str(a), str(b)], "directories only"


def test_files_only_or_read_only_drops_are_refused(panel, tmp_path):
    (tmp_path / "file.mp4").write_bytes(b"x")
    files, folder = _mime(tmp_path / "file.mp4"), _mime(tmp_path)  # the events do not own their mime data
    enter = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.CopyAction, files, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    panel.dragEnterEvent(enter)
    assert not enter.isAccepted()
    panel.set_read_only(True)
    got = []
    panel.add_requested.connect(got.append)
    enter = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.CopyAction, folder, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    panel.dragEnterEvent(enter)
    assert not enter.isAccepted()
    panel.dropEvent(QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, folder,
                               Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))
    assert got == []
