"""``FolderRows``: how the library panel's list shows a folder's row too wide for it, and
``fit_width``: the panel's width at which none is (the dock widens to it: ``app.dock_width``)."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLayout, QListWidget, QStyle, QStyledItemDelegate

from .muted import muted_rows

PARTS_ROLE = Qt.ItemDataRole.UserRole + 1  # a row's (folder as shown, what follows it: counts, state)
MUTED_ROLE = Qt.ItemDataRole.UserRole + 2  # True: a row in secondary text (offline, being removed)


class FolderRows(QStyledItemDelegate):
    """A row too wide for the list: what follows the folder (its videos, its state) is kept whole and
    the folder cut on its own: in the middle of the folders above it, its own name whole when it
    fits, else that name cut in its middle. The whole row cut in its middle kept the path's start
    and the count's end: two folders under one parent read alike ("/home/me/V…  7 videos")."""

    def initStyleOption(self, option, index) -> None:
        super().initStyleOption(option, index)
        if index.data(MUTED_ROLE):  # offline, being removed: quieter, still read (app.muted), selected too
            option.palette = muted_rows(option.palette)
        parts = index.data(PARTS_ROLE)
        widget = option.widget
        if not parts or widget is None:
            return
        folder, after = parts
        style, fm = widget.style(), option.fontMetrics
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
        room = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, widget).width() - 2 * margin - 1
        left = room - fm.horizontalAdvance(after)
        if fm.horizontalAdvance(option.text) <= room:
            return
        name = os.path.basename(folder.rstrip("/\\")) or folder  # its own name whole when it fits
        if left < fm.averageCharWidth() * 6:  # (what follows is long: "5 videos (5 with quick moments only)")
            head = fm.elidedText(name, Qt.TextElideMode.ElideMiddle, room // 2)  # (at most half the row)
            option.text = head + fm.elidedText(after, Qt.TextElideMode.ElideRight, room - fm.horizontalAdvance(head))
            return
        above = folder[: len(folder) - len(name)] if folder.rstrip("/\\").endswith(name) else ""
        if above and fm.horizontalAdvance("…" + above[-1] + name) <= left:
            shown = fm.elidedText(above, Qt.TextElideMode.ElideMiddle, left - fm.horizontalAdvance(name))
            # (the folders above cut to "…" alone read as the name cut at its start: "…Birthday parties")
            option.text = (shown if shown.endswith(above[-1]) else "…" + above[-1]) + name + after
        elif fm.horizontalAdvance(name) <= left:
            option.text = name + after
        else:
            option.text = fm.elidedText(name, Qt.TextElideMode.ElideMiddle, left) + after


def fit_width(view: QListWidget, parts, layout: QLayout) -> int:
    """The width of a panel (its ``layout`` around ``view``) at which each row of ``parts`` (a row's
    (folder as shown, what follows it)) shows its folder's own name and what follows it whole
    (``FolderRows``: "…/Family trip - Summer in Brittany  ·  12 videos"); 0 with no rows."""
    fm, style = view.fontMetrics(), view.style()
    widest = max((fm.horizontalAdvance("…/" + (os.path.basename(folder.rstrip("/\\")) or folder) + after)
                  for folder, after in parts), default=0)
    if not widest:
        return 0
    margins = layout.contentsMargins()  # (the list's frame and scroll bar, the panel's margins)
    around = (style.pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, view)
              + 2 * view.frameWidth() + margins.left() + margins.right())
    return widest + around + fm.averageCharWidth() * 2  # (the row's text margins)
