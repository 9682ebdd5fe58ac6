"""``MessageBar``: the window's status bar, its messages on one line, its height never theirs.

A plain ``QStatusBar`` draws a message in what its permanent parts (library counts, the model,
indexing state, the read-only badge) leave, ~360 px at the window's minimum width (751 px), and
cuts it there with no sign ("Note added. Searching for it finds this moment" with its end gone).
Here a message is shown in a label on one line, as desktop status bars do (Qt's, VS Code's,
Nautilus's floating bar): beside the permanent parts, or, once the window is so narrow that they
leave less than ``ROW_CHARS`` average characters (751 px: 363 px), in a row of its own above them,
the bar's whole width, kept there whether a message shows or not (``message_row``). The bar's
height follows its width and font only, never the message: a message coming or going moves
nothing in the window (the rows a long message took while it lasted made the results and preview
18-32 px shorter for its 10-15 s and back, and raised the window's minimum height with them, so
it could not be dragged shorter meanwhile). The parts stay where they are, in view and reached by
Tab, never covered. A message too long for its line is cut at its end with "…", whole in its
tooltip, and a "Show all" button at the end of its line (reached by Tab; a click on the cut message
too) shows it whole, wrapped, in a popup above the bar (``WholeMessage``: selectable, kept until
clicked away or Escape, after the message's own time too, closed by a newer message; it goes with
the window moved or resized), over nothing of the bar. The label's accessible name is the whole
message (named "Status message", a screen reader read that, never the message). Messages come from
``showMessage`` (any caller, Qt's own status tips too), so ``currentMessage`` is unchanged; the bar
never draws them itself."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QPoint, QRect, Qt
from PySide6.QtGui import QGuiApplication, QPainter, QTextOption
from PySide6.QtWidgets import (QFrame, QLabel, QSizeGrip, QStatusBar, QStyle, QStyleOption, QTextEdit,
                               QToolButton, QVBoxLayout, QWidget)

LEFT, RIGHT = 6, 12  # px QStatusBar leaves before and after a message (QStatusBarPrivate::messageRect)
PAD = 2  # px above and below a message in its own row
ROW_CHARS = 80  # a row of its own for messages once the parts leave fewer average characters than this
WHOLE_CHARS, WHOLE_LINES = 100, 12  # the whole message's popup: at most this many characters wide, lines tall
SHOW_ALL = "Show all"


def one_line(text: str) -> str:
    """``text`` as the bar shows it: its line breaks spaces."""
    return " ".join(text.splitlines()) if "\n" in text or "\r" in text else text


class WholeMessage(QFrame):
    """A popup of a status message whole: wrapped to ``width`` px (inside a long path too),
    selectable, at most ``WHOLE_LINES`` lines tall (scrolled beyond); closed by a click elsewhere
    or Escape."""

    def __init__(self, text: str, width: int, parent: QWidget):
        super().__init__(parent, Qt.WindowType.Popup)
        self.text = text
        # a click outside closes it and is not given again to what lies under it: on Windows and macOS
        # a click on "Show all" or the cut message, closing it, opened it again at once
        self.setAttribute(Qt.WidgetAttribute.WA_NoMouseReplay)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Status message")
        self.text_view = QTextEdit(self, readOnly=True, frameShape=QFrame.Shape.NoFrame)
        self.text_view.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.text_view.setPlainText(text)
        self.text_view.setAccessibleName("Whole status message")  # (its text the message: read once)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)  # (inside the frame already)
        col.addWidget(self.text_view)
        self.fit(width)

    def fit(self, width: int) -> None:
        """Made ``width`` px wide and as tall as its text's lines at that width (at most
        ``WHOLE_LINES``: a scroll bar beyond, none while they all show)."""
        margin = self.frameWidth()
        doc = self.text_view.document().clone(self)  # (its own: the view lays its out at its width now)
        doc.setTextWidth(width - 2 * margin)
        most = WHOLE_LINES * self.text_view.fontMetrics().lineSpacing() + 2 * doc.documentMargin()
        policy = Qt.ScrollBarPolicy  # (all of it in view: no scroll bar to take its width)
        self.text_view.setVerticalScrollBarPolicy(
            policy.ScrollBarAlwaysOff if doc.size().height() <= most else policy.ScrollBarAsNeeded)
        self.setFixedSize(width, int(min(doc.size().height(), most) + 0.999) + 2 * margin)
        doc.deleteLater()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
        else:
            super().keyPressEvent(event)


class MessageBar(QStatusBar):
    """See the module's docstring. ``message_label`` shows the current message (hidden without one)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._permanent: list[QWidget] = []
        self._row = 0  # px of the messages' own row above the permanent parts (0: beside them)
        self.message_label = QLabel(self, accessibleDescription="Status message")
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
        self.message_label.hide()
        self.message_label.installEventFilter(self)  # (a click on a cut message shows it whole)
        self.show_all = QToolButton(self, text=SHOW_ALL, autoRaise=True, visible=False,
                                    toolTip="Show the whole message", accessibleName="Show all of the message")
        self.show_all.clicked.connect(self.show_whole)
        self.whole: WholeMessage | None = None  # the popup shown last (show_whole)
        self.messageChanged.connect(self._message_changed)

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
        self._keep_row()

    def _watch(self, widget: QWidget) -> None:
        self._permanent.append(widget)
        widget.installEventFilter(self)  # (it moves, grows or shows: the message's room follows)
        widget.destroyed.connect(lambda _obj=None, w=widget: self._forget(w))
        self._keep_row()

    def _forget(self, widget: QWidget) -> None:
        self._permanent = [w for w in self._permanent if w is not widget]

    def parts(self) -> list[QWidget]:
        """The permanent parts shown (none deleted since they were added)."""
        return [w for w in self._permanent if shiboken6.isValid(w) and w.isVisible()]

    def room(self, beside: bool) -> QRect:
        """Where a message goes: beside the permanent parts shown (``beside``), the bar's height;
        else the width of the bar, the height of the messages' own row above them."""
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
        return QRect(left, 0, max(0, right - left), self.height() if beside else self._row)

    def message_row(self) -> int:
        """px the bar keeps above its permanent parts for messages: a line's, once the room beside
        them is narrower than ``ROW_CHARS`` average characters; else none. Its width and font say,
        never a message."""
        fm = self.message_label.fontMetrics()
        narrow = self.room(beside=True).width() < ROW_CHARS * fm.averageCharWidth()
        return fm.lineSpacing() + 2 * PAD if narrow and self.parts() else 0

    def place_message(self) -> None:
        """The current message laid out again, on one line in its room; cut with "…" when longer."""
        label, text, button = self.message_label, self.currentMessage(), self.show_all
        if not text:
            label.hide()
            button.hide()
            label.setToolTip("")
            label.setAccessibleName("")
            return
        rect = self.room(beside=not self._row)
        line, fm = one_line(text), label.fontMetrics()
        cut = fm.horizontalAdvance(line) > rect.width()
        if cut:  # ("Show all" at the end of its line, the message cut before it)
            size = button.sizeHint()
            size.setHeight(min(size.height(), rect.height()))
            rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
            at = rect.left() if rtl else rect.right() + 1 - size.width()
            button.setGeometry(QRect(QPoint(at, rect.top() + (rect.height() - size.height()) // 2), size))
            rect.setWidth(max(0, rect.width() - size.width() - 4))
            if rtl:
                rect.moveRight(self.room(beside=not self._row).right())
        shown = fm.elidedText(line, Qt.TextElideMode.ElideRight, rect.width())
        label.setText(shown)
        label.setToolTip("" if shown == line else text)
        label.setCursor(Qt.CursorShape.PointingHandCursor if cut else Qt.CursorShape.ArrowCursor)
        label.setAccessibleName(text)  # (whole, cut or not: what a screen reader reads, told of each change)
        label.setGeometry(rect)
        label.show()
        label.raise_()
        button.setVisible(cut)
        button.raise_()

    def show_whole(self) -> WholeMessage | None:
        """The current message whole in a popup right above its line, as wide as the bar's room
        for messages (at most ``WHOLE_CHARS`` characters; on the screen). It follows the window
        moved or resized while it shows (``_place_whole``), and closes for a newer message."""
        text = self.currentMessage()
        if not text:
            return None
        if self.whole is not None and shiboken6.isValid(self.whole):
            self.whole.close()
        self.whole = WholeMessage(text, self._whole_width(), self)
        self.whole.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.window().installEventFilter(self)  # (moved: the popup goes with it)
        self._place_whole()
        self.whole.show()
        self.whole.text_view.setFocus(Qt.FocusReason.PopupFocusReason)
        return self.whole

    def _whole_width(self) -> int:
        """The popup's width: the room for messages, at most ``WHOLE_CHARS`` characters and the screen's."""
        most = WHOLE_CHARS * self.message_label.fontMetrics().averageCharWidth()
        screen = self._screen_area()
        if screen is not None:
            most = min(most, screen.width())
        return max(1, min(self.room(beside=False).width(), most))

    def _screen_area(self) -> QRect | None:
        """The available area of the screen the message's line is on (the window's where none is)."""
        screen = QGuiApplication.screenAt(self.mapToGlobal(self.message_label.geometry().center())) or self.screen()
        return screen.availableGeometry() if screen is not None else None

    def _shown_whole(self) -> WholeMessage | None:
        whole = self.whole
        return whole if whole is not None and shiboken6.isValid(whole) and whole.isVisible() else None

    def _place_whole(self) -> None:
        """The popup (``show_whole``) as wide as the room says now, right above the message's line."""
        whole = self.whole
        if whole is None or not shiboken6.isValid(whole):
            return
        width = self._whole_width()
        if width != whole.width():
            whole.fit(width)
        room = self.room(beside=False)
        rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        x = room.right() + 1 - width if rtl else room.left()
        spot = self.mapToGlobal(QPoint(x, self.message_label.y() - whole.height()))
        screen = self._screen_area()
        if screen is not None:  # (whole on the screen, its top kept where it is taller)
            spot.setX(max(screen.left(), min(spot.x(), screen.right() + 1 - whole.width())))
            spot.setY(max(screen.top(), min(spot.y(), screen.bottom() + 1 - whole.height())))
        whole.setGeometry(QRect(spot, whole.size()))  # (its own rect there: move() places a frame)

    def _message_changed(self, text: str) -> None:
        whole = self._shown_whole()
        if text and whole is not None and whole.text != text:
            whole.close()  # (the whole of a message no longer on its line: a newer one is)
        self.place_message()

    def _keep_row(self) -> None:
        """The messages' row as wide and tall as ``message_row`` says now: the bar's layout (made
        anew by QStatusBar as parts come and go) leaves it above the permanent parts."""
        row = self.message_row()
        layout = self.layout()
        if row != self._row or (layout is not None and layout.contentsMargins().top() != row):
            self._row = row
            if layout is not None:
                layout.setContentsMargins(0, row, 0, 0)
            self.updateGeometry()
        self.place_message()

    def event(self, event) -> bool:
        done = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:
            self._keep_row()  # (QStatusBar lays itself out anew on a change of its parts' heights)
        return done

    def eventFilter(self, watched, event) -> bool:
        if watched is self.window() and watched is not self:
            if event.type() == QEvent.Type.Move and self._shown_whole() is not None:
                self._place_whole()
            return super().eventFilter(watched, event)
        if watched is self.message_label:
            if event.type() == QEvent.Type.MouseButtonRelease and self.show_all.isVisible() \
                    and event.button() == Qt.MouseButton.LeftButton:
                self.show_whole()
            return super().eventFilter(watched, event)
        if event.type() in (QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.Hide):
            self._keep_row()
        return super().eventFilter(watched, event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._keep_row()
        if self._shown_whole() is not None:
            self._place_whole()

    def moveEvent(self, event) -> None:
        super().moveEvent(event)
        if self._shown_whole() is not None:
            self._place_whole()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.LayoutDirectionChange):
            self._keep_row()

    def paintEvent(self, event) -> None:
        """QStatusBar's drawing (its panel, a frame for each part shown) without the message, which
        it draws centred in its whole height, left of the parts: the label shows it."""
        painter, style = QPainter(self), self.style()
        opt = QStyleOption()
        opt.initFrom(self)
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelStatusBar, opt, painter, self)
        shown = self.parts() if self.currentMessage() else [
            w for w in self.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
            if w.isVisible() and w not in (self.message_label, self.show_all) and not isinstance(w, QSizeGrip)]
        for w in shown:
            frame = w.geometry().adjusted(-2, -1, 2, 1)
            if event.rect().intersects(frame):
                item = QStyleOption()
                item.rect, item.palette, item.state = frame, self.palette(), QStyle.StateFlag.State_None
                style.drawPrimitive(QStyle.PrimitiveElement.PE_FrameStatusBarItem, item, painter, w)
        painter.end()
