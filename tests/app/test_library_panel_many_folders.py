"""A library of many folders: the folder dock stays where the user scrolled it. The window reads the
library's status every 5 s and gave every answer to ``LibraryPanel.set_folders``, which cleared
the list and filled it again, selecting the selected folder again: with 300 folders, one selected,
the dock jumped back to that folder every 5 s while the user scrolled through the others."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QApplication

from app.library_panel import LibraryPanel

FOLDERS = [f"/home/me/Videos/{2000 + i // 12}/event {i:03d}" for i in range(300)]
COUNTS = {f: 10 + i % 7 for i, f in enumerate(FOLDERS)}


def panel_of(qtbot) -> LibraryPanel:
    panel = LibraryPanel()
    qtbot.addWidget(panel)
    panel.resize(360, 500)
    panel.show()
    qtbot.waitExposed(panel)
    panel.set_folders(FOLDERS, counts=COUNTS)
    return panel


def test_the_same_status_again_keeps_the_dock_scrolled_where_it_was(qtbot):
    panel = panel_of(qtbot)
    view = panel._list
    view.setCurrentRow(10)  # a folder selected, then the user scrolls on to the others
    bar = view.verticalScrollBar()
    assert bar.maximum() > 0  # (300 rows do not fit)
    bar.setValue(bar.maximum() // 2)
    at = bar.value()
    panel.set_folders(FOLDERS, counts=COUNTS)  # the next status read: nothing changed
    QApplication.processEvents()  # (the list lays its rows out again)
    assert bar.value() == at
    assert panel.selected_folder() == FOLDERS[10]


def test_a_changed_count_keeps_the_scroll_and_the_selection(qtbot):
    panel = panel_of(qtbot)
    view = panel._list
    view.setCurrentRow(200)
    view.scrollToItem(view.item(200), QAbstractItemView.ScrollHint.PositionAtTop)
    bar = view.verticalScrollBar()
    at = bar.value()
    assert at > 0
    more = dict(COUNTS, **{FOLDERS[3]: 99})  # a run indexed more videos in another folder
    panel.set_folders(FOLDERS, counts=more)
    QApplication.processEvents()
    assert bar.value() == at
    assert panel.selected_folder() == FOLDERS[200]
    assert "99 videos" in view.item(3).text()


def test_a_folder_removed_leaves_the_dock_scrolled_near_where_it_was(qtbot):
    panel = panel_of(qtbot)
    panel._list.setCurrentRow(5)
    bar = panel._list.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    at = bar.value()
    panel.set_folders(FOLDERS[1:], counts=COUNTS)
    QApplication.processEvents()
    assert panel._list.count() == 299
    assert FOLDERS[0] not in panel._list.item(0).text()
    assert panel.folders() == FOLDERS[1:]
    assert bar.value() == at
    assert panel.selected_folder() == FOLDERS[5]
