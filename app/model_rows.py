"""``ModelRows``: how the model dialog's list draws a model: the model in use's first line (its
name and "(in use)") in bold, its description and what it knows under it in the list's own font.
The item's font made bold before made its every line bold, so the description of the model in use
read as a heading while the others' read plain. Each line wraps to the row's width, as the list's
own word wrap did; the item's text (what a screen reader reads) is unchanged."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate

from .captions_view import wrapped, wrapped_height
from .muted import row_group

NAME_BOLD_ROLE = Qt.ItemDataRole.UserRole + 1  # True: the row's first line (the model's name) in bold


class ModelRows(QStyledItemDelegate):
    """The model list's rows (see the module's docstring)."""

    @staticmethod
    def lines(option, index) -> list[tuple[str, QFont]]:
        """(text, font) of each line of the row ``index`` (``option``: its style option, initialised):
        the first bold where the row is the model in use, the rest in the row's font."""
        lines = (option.text or "").replace("\u2028", "\n").split("\n")  # (the style's line separator)
        name = QFont(option.font)
        name.setBold(bool(index.data(NAME_BOLD_ROLE)))
        return [(lines[0], name), *((line, QFont(option.font)) for line in lines[1:])]

    def _text_rect(self, option):
        widget = option.widget
        style = widget.style() if widget is not None else None
        if style is None:
            return option.rect
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, widget)
        return rect.adjusted(margin, 0, -margin, 0)

    def _height(self, option, index, width: int) -> int:
        return sum(wrapped_height(wrapped(text, font, width)) for text, font in self.lines(option, index))

    def sizeHint(self, option, index) -> QSize:
        hint = super().sizeHint(option, index)
        opt = type(option)(option)
        self.initStyleOption(opt, index)
        width = self._text_rect(opt).width() if opt.rect.width() > 0 else hint.width()
        return QSize(hint.width(), max(hint.height(), self._height(opt, index, max(1, width)) + 2))

    def paint(self, painter, option, index) -> None:
        opt = type(option)(option)
        self.initStyleOption(opt, index)
        rect = self._text_rect(opt)
        lines = self.lines(opt, index)
        opt.text = ""  # (the row's background, selection, focus and icon as the style draws them)
        style = opt.widget.style() if opt.widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        enabled = bool(opt.state & QStyle.StateFlag.State_Enabled)
        group = row_group(opt.state) if enabled else QPalette.ColorGroup.Disabled
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        layouts = [(wrapped(text, font, max(1, rect.width())), font) for text, font in lines]
        height = sum(wrapped_height(layout) for layout, _ in layouts)
        y = rect.y() + max(0, (rect.height() - height) // 2)  # (centred, as the style centres a row's text)
        painter.save()
        painter.setPen(opt.palette.color(group, role))
        for layout, font in layouts:
            painter.setFont(font)
            layout.draw(painter, QPointF(rect.x(), y))
            y += wrapped_height(layout)
        painter.restore()
