"""``MessageBar``: the window's status bar, its messages read whole, its controls never taken away.

A plain ``QStatusBar`` draws a message in what its permanent parts (library counts, the model,
indexing state, the read-only badge) leave, ~290 px at the window's minimum width, and cuts it
there with no sign and no way to read the rest ("Note added. Searching for it finds this moment"
with its end gone). Here a message is shown in a label: beside the permanent parts when it fits
there; else in rows of its own above them, the bar's whole width, wrapped onto the lines it needs
(between words; inside a path only where it is wider than a line), the bar that much taller while
it shows (the parts stay in view where they were: the model button clickable and reached by Tab,
never covered by a message and out of sight). At the window's minimum width a message was cut to
one line ("Cannot play /media/footage/the-afternoon-…", "The clip these were like is no longer in
the library (its video was re-indexed or r…"), the rest only in a tooltip; now it is read whole on
two. Only one longer than ``MAX_LINES`` lines (a path of thousands of characters) is cut at its
end with "…", the whole in the tooltip. The rows never make the window taller (a window whose
minimum grows is grown, and Qt never shrinks it back: 275 -> 321 px at its minimum height, kept
after the message): they take at most the window's spare height (``spare_height``), the rest cut
with "…", whole in the tooltip; with no room for one row, the message is cut beside the parts. The label's accessible name is the whole message (named "Status message", a
screen reader read that, never the message). Messages come from ``showMessage`` (any caller, Qt's
own status tips too), so ``currentMessage`` is unchanged; the bar never draws them itself."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QRect, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QLabel, QSizeGrip, QStatusBar, QStyle, QStyleOption, QWidget

LEFT, RIGHT = 6, 12  # px QStatusBar leaves before and after a message (QStatusBarPrivate::messageRect)
PAD = 2  # px above and below a message in its own rows
MAX_LINES = 4  # the most lines a message takes (the rest cut, whole in its tooltip)


def lines_of(text: str, font, width: int, most: int = MAX_LINES) -> list[str]:
    """``text`` broken onto lines of ``width`` px in ``font`` (``app.captions_view.wrapped``), at
    most ``most`` (1 or more): the last one cut at its end with "…" when more were needed."""
    from PySide6.QtGui import QFontMetrics

    from .captions_view import wrapped

    most = max(1, most)
    layout = wrapped(text, font, width)
    starts = [layout.lineAt(i).textStart() for i in range(layout.lineCount())] + [len(text)]
    lines = [text[a:b].rstrip() for a, b in zip(starts, starts[1:])]
    if len(lines) > most:
        rest = text[starts[most - 1]:]
        lines = [*lines[:most - 1], QFontMetrics(font).elidedText(rest, Qt.TextElideMode.ElideRight, width)]
    return lines


class MessageBar(QStatusBar):
    """See the module's docstring. ``message_label`` shows the current message (hidden without one)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._permanent: list[QWidget] = []
        self._rows = 0  # px the message's own rows take above the permanent parts (0: none)
        self.message_label = QLabel(self, accessibleDescription="Status message")
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
        self.message_label.hide()
        self.messageChanged.connect(lambda _text: self.place_message())
        self._window: QWidget | None = None
        self._watch_window()

    def _watch_window(self) -> None:
        """The window's height watched: taller or shorter, the rows a message may take follow."""
        window = self.window()
        if window is not self._window and window is not self:
            if self._window is not None and shiboken6.isValid(self._window):
                self._window.removeEventFilter(self)
            self._window = window
            window.installEventFilter(self)

    def addPermanentWidget(self, widget: QWidget, stretch: int = 0) -> None:
        super().addPermanentWidget(widget, stretch)
        self._watch(widget)

    def insertPermanentWidget(self, index: int, widget: QWidget, stretch: int = 0) -> int:
        at = super().insertPermanentWidget(index, widget, stretch)
        self._watch(widget)
        return at

    def removeWidget(self, widget: QWidget) -> None:
        super().removeWidget(widget)
        self._permanent = [w for w in self._permanent if w is not widget]
        self._keep_rows()

    def _watch(self, widget: QWidget) -> None:
        self._permanent.append(widget)
        widget.installEventFilter(self)  # (it moves, grows or shows: the message's room follows)
        widget.destroyed.connect(lambda _obj=None, w=widget: self._forget(w))
        self._keep_rows()

    def _forget(self, widget: QWidget) -> None:
        self._permanent = [w for w in self._permanent if w is not widget]

    def parts(self) -> list[QWidget]:
        """The permanent parts shown (none deleted since they were added)."""
        return [w for w in self._permanent if shiboken6.isValid(w) and w.isVisible()]

    def room(self, beside: bool) -> QRect:
        """Where a message goes: beside the permanent parts shown (``beside``), else the width of
        the bar (a row of its own above them: ``rows_room``'s height)."""
        rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        left, right = LEFT, self.width() - RIGHT
        grip = self.findChild(QSizeGrip)
        if beside and grip is not None and grip.isVisible():
            left, right = (grip.geometry().right() + 1, right) if rtl else (left, grip.x())
        if beside:
            for w in self.parts():
                if rtl:
                    left = max(left, w.geometry().right() + 3)
                else:
                    right = min(right, w.x() - 2)
        return QRect(left, 0, max(0, right - left), self.height())

    def place_message(self) -> None:
        """The current message laid out again: beside the permanent parts if it fits, else in rows
        of its own above them."""
        label, text = self.message_label, self.currentMessage()
        if not text:
            label.hide()
            label.setToolTip("")
            label.setAccessibleName("")
            self._set_rows(0)
            return
        fm = label.fontMetrics()
        rect = self.room(beside=True)
        most = min(MAX_LINES, (self.spare_height() - 2 * PAD) // fm.lineSpacing())
        if fm.horizontalAdvance(text) <= rect.width() or most < 1:
            self._set_rows(0)
            rect = self.room(beside=True)  # (the bar back to one row)
            shown = fm.elidedText(text, Qt.TextElideMode.ElideRight, rect.width())  # (whole when it fits)
        else:
            rect = self.room(beside=False)
            lines = lines_of(text, label.font(), rect.width(), most)
            shown = "\n".join(lines)
            self._set_rows(len(lines) * fm.lineSpacing() + 2 * PAD)
            rect.setHeight(self._rows)
        label.setText(shown)
        whole = "".join(shown.split()) == "".join(text.split())  # (line breaks aside)
        label.setToolTip("" if whole else text)
        label.setAccessibleName(text)  # (whole, cut or not: what a screen reader reads, told of each change)
        label.setGeometry(rect)
        label.show()
        label.raise_()

    def spare_height(self) -> int:
        """px the message's rows may take without making the window taller: its height less what
        its contents need without them (a window's minimum that grows makes it grow, and Qt never
        shrinks it back; at its minimum height none: a message then goes beside the parts, cut)."""
        window = self.window()
        if window is self:
            return 1 << 20  # (a bar of its own: nothing else to keep)
        if not window.isVisible():
            return 0  # (a window not laid out yet: its height says nothing)
        return window.height() - (window.minimumSizeHint().height() - self._rows)

    def _set_rows(self, height: int) -> None:
        if height != self._rows:
            self._rows = height
            self._keep_rows()

    def _keep_rows(self) -> None:
        """The bar's layout (made anew by QStatusBar as parts come and go) leaves the message's rows
        above the permanent parts: the bar grows by them, the parts below them."""
        layout = self.layout()
        if layout is not None and layout.contentsMargins().top() != self._rows:
            layout.setContentsMargins(0, self._rows, 0, 0)
            self.updateGeometry()  # (the window's minimum counts the rows at once: spare_height)

    def event(self, event) -> bool:
        done = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:
            self._keep_rows()  # (QStatusBar lays itself out anew on a change of its parts' heights)
        elif event.type() == QEvent.Type.ParentChange:
            self._watch_window()
        return done

    def eventFilter(self, watched, event) -> bool:
        if watched is self._window:
            if event.type() == QEvent.Type.Resize and self.currentMessage() \
                    and event.size().height() != event.oldSize().height():
                self.place_message()
        elif event.type() in (QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.Hide) \
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

    def paintEvent(self, event) -> None:
        """QStatusBar's drawing (its panel, a frame for each part shown) without the message, which
        it draws centred in its whole height, left of the parts: the label shows it."""
        painter, style = QPainter(self), self.style()
        opt = QStyleOption()
        opt.initFrom(self)
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelStatusBar, opt, painter, self)
        shown = self.parts() if self.currentMessage() else [
            w for w in self.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
            if w.isVisible() and w is not self.message_label and not isinstance(w, QSizeGrip)]
        for w in shown:
            frame = w.geometry().adjusted(-2, -1, 2, 1)
            if event.rect().intersects(frame):
                item = QStyleOption()
                item.rect, item.palette, item.state = frame, self.palette(), QStyle.StateFlag.State_None
                style.drawPrimitive(QStyle.PrimitiveElement.PE_FrameStatusBarItem, item, painter, w)
        painter.end()
