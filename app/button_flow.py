"""``ButtonFlow``: a row of push buttons that wraps onto more rows when its width cannot hold them
side by side (the captions panel's "Add note…" and "Import captions…": the window's minimum width
stays that of the widest button, and a narrow window never cuts a button's text)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize
from PySide6.QtWidgets import QSizePolicy, QStyle, QWidget


class ButtonFlow(QWidget):
    """``buttons`` left to right, as many a row as its width holds (each at its size hint, or alone
    in its row at the width there is); as tall as its rows at its width, never squeezed below
    them (``FittedLabel``'s rule). It follows the buttons' text and font: a change relays them."""

    def __init__(self, buttons, parent: QWidget | None = None):
        super().__init__(parent)
        self._buttons = list(buttons)
        for button in self._buttons:
            button.setParent(self)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self._fit = 0  # the height its rows need at its width

    def _shown(self) -> list:
        return [b for b in self._buttons if not b.isHidden()]

    def _spacing(self) -> int:
        spacing = self.style().pixelMetric(QStyle.PixelMetric.PM_LayoutHorizontalSpacing)
        return spacing if spacing >= 0 else 6

    def _rows(self, width: int) -> list[list]:
        rows, used, gap = [], 0, self._spacing()
        for button in self._shown():
            w = button.sizeHint().width()
            if rows and used + gap + w <= width:
                rows[-1].append(button)
                used += gap + w
            else:
                rows.append([button])
                used = w
        return rows

    def _height(self, rows) -> int:
        gap = self._spacing()
        return sum(max(b.sizeHint().height() for b in row) for row in rows) + gap * max(0, len(rows) - 1)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._height(self._rows(width))

    def sizeHint(self) -> QSize:
        shown = self._shown()
        width = sum(b.sizeHint().width() for b in shown) + self._spacing() * max(0, len(shown) - 1)
        return QSize(width, self._height([shown] if shown else []))

    def minimumSizeHint(self) -> QSize:
        shown = self._shown()
        width = max((max(b.minimumSizeHint().width(), b.minimumWidth()) for b in shown), default=0)
        return QSize(width, max(self._fit, self._height([shown] if shown else [])))

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # a button's text, font or visibility changed
            self._place()
            self.updateGeometry()
        return super().event(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place()

    def _place(self) -> None:
        rows, gap, y = self._rows(self.width()), self._spacing(), 0
        for row in rows:
            x, h = 0, max(b.sizeHint().height() for b in row)
            for button in row:
                w = min(button.sizeHint().width(), max(self.width() - x, button.minimumWidth()))
                button.setGeometry(QRect(x, y, w, h))
                x += w + gap
            y += h + gap
        fit = self._height(rows)
        if fit != self._fit:
            self._fit = fit
            self.updateGeometry()
