"""``MessageBar``: the window's status bar, its messages read whole.

A plain ``QStatusBar`` draws a message in what its permanent parts (library counts, the model,
indexing state, the read-only badge) leave, ~290 px at the window's minimum width, and cuts it
there with no sign and no way to read the rest ("Note added. Searching for it finds this moment"
with its end gone). Here a message is shown in a label over the bar: beside the permanent parts
when it fits there; else those parts give way while it shows (the label covers them, their own
visibility untouched: their owners keep showing and hiding them), the message the bar's whole
width; and one wider than that is cut at its end with "…", the whole in the tooltip. The label's
accessible name is the whole message (named "Status message", a screen reader read that, never the
message). Messages come from ``showMessage`` (any caller, Qt's own status tips too), so
``currentMessage`` is unchanged."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, Qt
from PySide6.QtWidgets import QLabel, QSizeGrip, QStatusBar, QWidget

LEFT, RIGHT = 6, 12  # px QStatusBar leaves before and after a message (QStatusBarPrivate::messageRect)


class MessageBar(QStatusBar):
    """See the module's docstring. ``message_label`` shows the current message (hidden without one)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._permanent: list[QWidget] = []
        self.message_label = QLabel(self, accessibleDescription="Status message")
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        self.message_label.setAutoFillBackground(True)  # (over the bar's own drawing of the message)
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
        self.message_label.hide()
        self.messageChanged.connect(lambda _text: self.place_message())

    def addPermanentWidget(self, widget: QWidget, stretch: int = 0) -> None:
        super().addPermanentWidget(widget, stretch)
        self._permanent.append(widget)
        widget.installEventFilter(self)  # (it moves, grows or shows: the message's room follows)

    def room(self, beside: bool) -> QRect:
        """Where a message goes: beside the permanent parts shown (``beside``) or over them."""
        rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        left, right = LEFT, self.width() - RIGHT
        grip = self.findChild(QSizeGrip)
        if grip is not None and grip.isVisible():
            left, right = (grip.geometry().right() + 1, right) if rtl else (left, grip.x())
        if beside:
            for w in (w for w in self._permanent if w.isVisible()):
                if rtl:
                    left = max(left, w.geometry().right() + 3)
                else:
                    right = min(right, w.x() - 2)
        return QRect(left, 0, max(0, right - left), self.height())

    def place_message(self) -> None:
        """The current message laid out again: beside the permanent parts if it fits, else over them."""
        label, text = self.message_label, self.currentMessage()
        if not text:
            label.hide()
            label.setToolTip("")
            label.setAccessibleName("")
            return
        fm = label.fontMetrics()
        rect = self.room(beside=True)
        if fm.horizontalAdvance(text) > rect.width():
            rect = self.room(beside=False)
        shown = fm.elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
        label.setText(shown)
        label.setToolTip(text if shown != text else "")
        label.setAccessibleName(text)  # (whole, cut or not: what a screen reader reads, told of each change)
        label.setGeometry(rect)
        label.show()
        label.raise_()

    def eventFilter(self, watched, event) -> bool:
        if event.type() in (QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.Hide) \
                and self.currentMessage():
            self.place_message()
        return super().eventFilter(watched, event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.place_message()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.LayoutDirectionChange):
            self.place_message()
