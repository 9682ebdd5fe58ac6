"""A library folder's row too wide for the panel keeps the folder's own name and its count: the
whole row ("/home/me/Videos/holiday-2023  ·  12 videos") was cut in its middle, keeping the path's
start and the count's end, so two folders under one parent read alike ("/home/me/V…  7 videos",
"/home/me/…12 videos"; seen in the real window at 1280x800 at a 1.5x font: "/work/share…·  4
videos"). Now the count and state stay whole and the folder is cut on its own, its name kept."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

from app.library_panel import LibraryPanel
from tests.app.test_captions_title_fits import scaled_font, settle  # noqa: F401

FOLDERS = ["/home/me/Videos/holiday-2023", "/home/me/Videos/holiday-2024", "/work/shared/videos",
           "/media/me/archive/camera"]
COUNTS = {FOLDERS[0]: 12, FOLDERS[1]: 7, FOLDERS[2]: 4}


def shown_rows(panel) -> list[str]:
    """Each row's text as the list paints it: its delegate's text, cut as Qt's style cuts it to the
    row's text rectangle."""
    view = panel._list
    rows = []
    for i in range(view.count()):
        index = view.model().index(i, 0)
        option = QStyleOptionViewItem()
        option.initFrom(view)
        option.widget = view
        option.rect = view.visualRect(index)  # (QListView paints a row no wider than its viewport)
        option.rect.setWidth(min(option.rect.width(), view.viewport().width()))
        view.itemDelegate().initStyleOption(option, index)
        style = view.style()
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
        room = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, view).width() - 2 * margin
        rows.append(option.fontMetrics.elidedText(option.text, Qt.TextElideMode.ElideMiddle, room))
    return rows


@pytest.mark.parametrize("scaled_font", [1.0, 1.5], indirect=True)
def test_a_cut_row_keeps_the_folders_name_and_its_count(qtbot, show_view, scaled_font):
    panel = show_view(LibraryPanel(), (int(190 * scaled_font), 400))
    panel.set_folders(FOLDERS, offline={FOLDERS[3]}, counts=COUNTS)
    settle(qtbot)
    view = panel._list
    whole = [view.item(i).text() for i in range(view.count())]
    assert whole[0] == "/home/me/Videos/holiday-2023  ·  12 videos" and whole[3].endswith("camera  (offline)")
    rows = shown_rows(panel)
    assert rows != whole, (rows, view.viewport().width())  # (the panel is narrow: rows are cut)
    for row, folder, text in zip(rows, FOLDERS, whole):
        after = text[len(folder):]
        assert row.endswith(after), (row, after)  # its videos and state whole
        name = row[: len(row) - len(after)]
        assert "2023" in name if "2023" in folder else "2024" in name if "2024" in folder else True, row
    assert len(set(rows)) == len(rows), rows
    assert rows[0] != rows[1]
    # wide: every row whole, as before
    panel.resize(int(900 * scaled_font), 400)
    settle(qtbot)
    assert shown_rows(panel) == whole
