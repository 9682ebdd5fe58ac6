"""``PathCut``: a list column of file paths too narrow for a path cut in the path's folders, the
file's own name kept whole ("/tmp/…/VID_20240612_183422.mp4"), or where the name alone is too wide,
the name cut in its middle, its extension kept. Cut at its end (Qt's own way), the indexing
panel's list of failed files read "/tmp/a_failvids/PXL_20230815_123426123.TS…." and
"/tmp/a_failvids/Family trip - Day 2 (beach at su…": which file failed was in the tooltip only."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyle, QStyledItemDelegate

_LAST = re.compile(r"^(.*[/\\])([^/\\]+)$")  # (the folders, with their last separator) and the name


def cut_path(fm, path: str, room: int) -> str:
    """``path`` as it fits ``room`` px at ``fm``: whole, its folders cut in their middle, or its name
    cut in its middle."""
    if fm.horizontalAdvance(path) <= room:
        return path
    found = _LAST.match(path)
    folders, name = (found.group(1), found.group(2)) if found else ("", path)
    left = room - fm.horizontalAdvance(name)
    if folders:
        head = fm.elidedText(folders, Qt.TextElideMode.ElideMiddle, left) if left > 0 else ""
        if head and head != "…":
            return head + name
        head = "…" + folders[-1]  # (the name in a folder, however it is cut)
        return head + fm.elidedText(name, Qt.TextElideMode.ElideMiddle, room - fm.horizontalAdvance(head))
    return fm.elidedText(name, Qt.TextElideMode.ElideMiddle, room)


class PathCut(QStyledItemDelegate):
    """Paints ``column`` of its view with ``cut_path`` (the other columns as Qt does)."""

    def __init__(self, column: int, parent=None):
        super().__init__(parent)
        self._column = column

    def initStyleOption(self, option, index) -> None:  # noqa: N802 - Qt's name
        super().initStyleOption(option, index)
        widget = option.widget
        if index.column() != self._column or widget is None or not option.text:
            return
        style = widget.style()
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
        room = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, widget).width() - 2 * margin - 1
        option.text = cut_path(option.fontMetrics, option.text, room)
