"""The indexing panel's list of failed files cut each path at its end to its File column: in a
1024 px window it read "/tmp/a_failvids/PXL_20230815_123426123.TS…." and "/tmp/a_failvids/Family
trip - Day 2 (beach at su…", which file failed in the tooltip only. A path too wide is now cut in
its folders, the file's name whole ("/tmp/…/PXL_20230815_123426123.TS.mp4"), or where the name
alone is too wide, the name cut in its middle, its extension kept."""

from __future__ import annotations

from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QStyleOptionViewItem

from app.index_panel import IndexPanel
from app.path_cut import cut_path

FOLDER = "/home/anna/Videos/Phone backup (Pixel 7)/2023/"
NAMES = ["PXL_20230815_123426123.TS.mp4", "Family trip - Day 2 (beach at sunset, broken copy).mp4"]


def shown_rows(qtbot, show_view):
    panel = show_view(IndexPanel(), (700, 400))
    panel.set_failed([(FOLDER + name, "not a video file or unsupported format") for name in NAMES])
    panel._failed_button.setChecked(True)
    tree = panel._tree
    qtbot.waitUntil(tree.isVisible, timeout=10_000)
    rows = []
    for row in range(tree.topLevelItemCount()):
        index = tree.model().index(row, 0)
        option = QStyleOptionViewItem()
        tree.initViewItemOption(option)
        option.rect = tree.visualRect(index)
        tree.itemDelegateForIndex(index).initStyleOption(option, index)
        rows.append((option.text, option.rect.width(), QFontMetrics(option.fontMetrics)))
    return rows


def test_a_failed_files_name_reads_whole_and_its_path_fits(qtbot, show_view):
    (pxl, width, fm), (family, _w, _fm) = shown_rows(qtbot, show_view)
    assert fm.horizontalAdvance(FOLDER + NAMES[0]) > width  # (the path is wider than its column)
    assert pxl.endswith("/" + NAMES[0]) and pxl.startswith("/ho") and "…" in pxl, pxl
    assert fm.horizontalAdvance(pxl) <= width
    assert family.endswith("copy).mp4") and (family.startswith("/ho") or family.startswith("…/Family")), family
    assert fm.horizontalAdvance(family) <= width


def test_cut_path_keeps_the_name_then_its_ends():
    from PySide6.QtGui import QFont, QFontMetrics

    fm = QFontMetrics(QFont())
    path = FOLDER + NAMES[0]
    assert cut_path(fm, path, fm.horizontalAdvance(path)) == path
    room = fm.horizontalAdvance("/home/…/" + NAMES[0])
    assert cut_path(fm, path, room).endswith("/" + NAMES[0])
    narrow = cut_path(fm, path, fm.horizontalAdvance(NAMES[0]) // 2)
    assert narrow.startswith("…/PXL_") and narrow.endswith(".mp4") and "…" in narrow[2:], narrow
