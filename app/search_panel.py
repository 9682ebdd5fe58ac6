"""The search bar: a query field with results as you type, moments/videos, and filters. It only
builds ``SearchRequest`` values (``request_changed``); it never searches itself. Typing asks once
per pause, not per key; Enter, a filter or the mode asks at once. Under the field, what the
model left unread of a long query (``show_answer``)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, QObject, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette
from PySide6.QtWidgets import (QAbstractItemView, QButtonGroup, QHBoxLayout, QLabel, QLineEdit, QStyle,
                               QStyleOptionToolButton, QStylePainter, QToolButton, QVBoxLayout, QWidget)

from core.filters import Filters

from .compact_buttons import CompactButtons
from .context_row import ContextRow
from .filters_row import FiltersRow
from .font_follow import follow_font
from .muted import AA_CONTRAST, contrast, secondary
from .note_label import NoteLabel
from .radio_role import as_radio
from .requests import SearchRequest
from .fitted_placeholder import FittedPlaceholder
from .search_hints import FIELD_SHORTER, field_placeholder, skipped_note, unread_note

NAV_KEYS = {Qt.Key.Key_Down, Qt.Key.Key_PageDown}
TYPING_PAUSE_MS = 250  # a search is asked this long after the last key typed (Enter asks at once)


SEEN = 3.0  # WCAG 1.4.11: the least contrast of a control's state against what is beside it


TINTS = (0.35, 0.3, 0.25, 0.2, 0.15)  # how far a checked toggle's fill goes towards Highlight, at most


def tint(button: QColor, highlight: QColor, text: QColor) -> QColor:
    """A checked toggle's fill: ``button`` blended towards ``highlight`` as far as ``TINTS`` allow
    while ``text`` keeps AA contrast on it (the button colour where no tint does)."""
    for t in TINTS:
        fill = QColor.fromRgbF(*(t * h + (1 - t) * b for h, b in zip(highlight.getRgbF()[:3], button.getRgbF()[:3])))
        if contrast(text, fill) >= AA_CONTRAST:
            return fill
    return QColor(button)


class Toggle(QToolButton):
    """A checkable tool button whose checked state reads as a selected toggle on any palette: its
    inside filled with the button colour tinted towards the palette's Highlight (its text kept at AA
    contrast, ``tint``) and a bar under its text in Highlight (its ButtonText where Highlight shows
    faintly on the button, ``app.muted``): at least 3:1 against the unchecked look. The style's own
    checked look alone (Fusion: the button colour a shade darker, 1.1:1 on a dark palette) left
    Moments and Videos looking the same; the bar alone read as an underline, a link."""

    def paintEvent(self, event) -> None:
        if not self.isChecked():
            super().paintEvent(event)
            return
        palette, group = self.palette(), (QPalette.ColorGroup.Active if self.isEnabled()
                                          else QPalette.ColorGroup.Disabled)
        button = palette.color(group, QPalette.ColorRole.Button)
        text = palette.color(group, QPalette.ColorRole.ButtonText)
        thick = max(2, round(self.fontMetrics().height() / 8))  # (follows the font)
        inset = max(3, thick + 1)  # (inside the button's frame)
        painter, style = QStylePainter(self), self.style()
        opt = QStyleOptionToolButton()
        self.initStyleOption(opt)
        panel = QStyleOptionToolButton(opt)  # the style's button (its frame, focus), then the fill, then the label
        panel.text, panel.icon = "", QIcon()
        painter.drawComplexControl(QStyle.ComplexControl.CC_ToolButton, panel)
        fill = tint(button, palette.color(group, QPalette.ColorRole.Highlight), text)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(inset - 1, inset - 1, 1 - inset, 1 - inset), 2, 2)
        label = QStyleOptionToolButton(opt)
        frame = style.pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, opt, self)
        label.rect = style.subControlRect(QStyle.ComplexControl.CC_ToolButton, opt,
                                          QStyle.SubControl.SC_ToolButton, self).adjusted(frame, frame, -frame, -frame)
        label.palette.setColor(QPalette.ColorRole.ButtonText, text)
        style.drawControl(QStyle.ControlElement.CE_ToolButtonLabel, label, painter, self)
        beside = (button, button.darker(120), button.lighter(125), fill)  # (a style shades it: checked, raised)
        marks = [palette.color(group, role) for role in (QPalette.ColorRole.Highlight, QPalette.ColorRole.ButtonText)]
        mark = next((m for m in marks if min(contrast(m, b) for b in beside) >= SEEN),
                    max(marks, key=lambda m: min(contrast(m, b) for b in beside)))
        painter.fillRect(QRect(inset, self.height() - inset - thick, self.width() - 2 * inset, thick), mark)
        painter.end()


class FieldStart(QObject):
    """A query longer than its field reads from its start while the field is not being typed in:
    left (the results chosen, another window), the field shows its start, not its end ("iving on a
    road" in a 1024 px window); back by the keyboard or from the results, its cursor is where it was
    (typing goes on at the end). A click puts it where it clicks, Tab selects the whole. Text
    selected in it stays selected while another window is used (as Qt keeps it: to paste over it)."""

    KEEP = (Qt.FocusReason.OtherFocusReason, Qt.FocusReason.ActiveWindowFocusReason)

    def __init__(self, field: QLineEdit):
        super().__init__(field)
        self._field, self._cursor = field, None
        field.installEventFilter(self)

    def home(self) -> None:
        """The start of the text shown (its cursor kept to come back to)."""
        self._cursor = self._field.cursorPosition()
        self._field.setCursorPosition(0)

    def eventFilter(self, obj, event) -> bool:
        kind = event.type()
        if kind == QEvent.Type.FocusOut and event.reason() != Qt.FocusReason.PopupFocusReason:
            if event.reason() == Qt.FocusReason.ActiveWindowFocusReason and self._field.hasSelectedText():
                self._cursor = None  # (kept as it is, selected: to paste over it once back)
            else:
                self.home()
        elif kind == QEvent.Type.FocusIn and self._cursor is not None:
            if event.reason() in self.KEEP:
                self._field.setCursorPosition(min(self._cursor, len(self._field.text())))
            self._cursor = None
        return False


class SearchPanel(QWidget):
    request_changed = Signal(object)  # SearchRequest
    per_video_changed = Signal(bool)

    K = 600  # results a search asks for (the list shows ``ResultsModel.PAGE`` at a time, more on scroll)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._last: SearchRequest | None = None
        self._context: SearchRequest | None = None  # a similar / refined request the grid holds
        self._target: QWidget | None = None
        self._debounce = QTimer(self, singleShot=True, interval=TYPING_PAUSE_MS)
        self._debounce.timeout.connect(lambda: self._emit(force=False))

        self.field = QLineEdit(self, accessibleName="Search", clearButtonEnabled=True)
        # (the window follows the model: placeholder.set; a narrow field shows the instruction alone)
        self.placeholder = FittedPlaceholder(self.field, field_placeholder(), FIELD_SHORTER)
        self.field.textEdited.connect(self._text_edited)
        self.field.returnPressed.connect(self._emit)
        self.field.installEventFilter(self)
        self._start = FieldStart(self.field)
        self._colour_placeholder()
        follow_font(self.field,  # a narrow window: not a slit
                    lambda field: field.setMinimumWidth(field.fontMetrics().averageCharWidth() * 20))

        self.moments_button = self._toggle("Moments", "Every matching moment")
        self.videos_button = self._toggle("Videos", "The best moment of each video")
        mode_group = QButtonGroup(self)  # exclusive
        for b in (self.moments_button, self.videos_button):
            mode_group.addButton(b)
        as_radio(self.moments_button, self.videos_button)  # (one choice of two: not check boxes)
        self.moments_button.setChecked(True)
        self.videos_button.toggled.connect(self._mode_toggled)

        self.filters_button = self._toggle("Filters", "Folder, duration and date filters")
        self.clear_button = QToolButton(self, text="Clear", toolTip="Clear the search and the filters")
        self.clear_button.clicked.connect(self.clear)

        top = QHBoxLayout()
        top.addWidget(self.field, 1)
        for w in (self.moments_button, self.videos_button, self.filters_button, self.clear_button):
            top.addWidget(w)

        self.filters_row = FiltersRow(self)  # (app.filters_row: scrolls in a short window)
        self.folder_combo, self.min_duration, self.max_duration = (
            self.filters_row.folder_combo, self.filters_row.min_duration, self.filters_row.max_duration)
        self.after, self.before = self.filters_row.after, self.filters_row.before
        self.filters_row.setVisible(False)
        self.filters_button.toggled.connect(self.filters_row.setVisible)
        self.filters_row.changed.connect(self._emit)

        # "Clips like car-detection.mp4 at 1:12 in other videos" and the way back (app.context_row)
        self.context_row = ContextRow(self)
        self.context_label, self.back_button = self.context_row.label, self.context_row.button
        self.back_button.clicked.connect(self.back_to_text)
        self.context_row.setVisible(False)

        # the end of a long query the model did not read (app.search_hints.unread_note)
        self.unread_label = NoteLabel("", self, objectName="unread_label", wordWrap=True, visible=False,
                                   textFormat=Qt.TextFormat.PlainText,  # (a query's "<b>" is text)
                                   accessibleDescription="What the search left out of the query")

        # the library's videos a model switch's re-index has not reached yet (app.empty_results.unsearched_text)
        self.waiting_label = NoteLabel("", self, objectName="waiting_label", wordWrap=True, visible=False,
                                       accessibleDescription="The videos searches do not find yet")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.addLayout(top)
        layout.addWidget(self.unread_label)
        layout.addWidget(self.waiting_label)
        layout.addWidget(self.context_row)
        layout.addWidget(self.filters_row)
        # (a narrow row: Filters and Clear drawn as icons, the field the room: app.compact_buttons)
        self.compact = CompactButtons(self, top, self.field, {self.filters_button: "funnel", self.clear_button: "eraser"},
                                      others=(self.moments_button, self.videos_button))

    def _toggle(self, text: str, tip: str) -> QToolButton:
        return Toggle(self, text=text, toolTip=tip, checkable=True)

    def filters(self) -> Filters:
        return self.filters_row.filters()

    @property
    def per_video(self) -> bool:
        return self.videos_button.isChecked()

    def request(self) -> SearchRequest:
        if self._context is None:
            return SearchRequest(query=self.field.text().strip(), per_video=self.per_video,
                                 filters=self.filters(), k=self.K)
        return replace(self._context, per_video=self.per_video, filters=self.filters(), k=self.K)

    def show_request(self, request: SearchRequest, label: str = "") -> None:
        """The grid now answers ``request``, asked from outside the panel ("clips like this",
        "more / less like this"): say so (``label``, wrapped, read whole) and keep it for mode and
        filter changes.
        A text request clears that line. Text typed and not yet asked wins: an answer that lands
        meanwhile (a search asked again as the library changed) does not take the field back."""
        self._last = request
        if self._debounce.isActive():
            return
        self._set_context(None if request.kind == "text" else request, label)

    def show_answer(self, request: SearchRequest, results) -> None:
        """The grid now shows ``results``, the answer to ``request``: under the field, the end of
        its query the model did not read (``search_hints.ReadInPart``), gone with an answer to a
        query read whole (or to "clips like this", which searches no words), and the links into the
        folder filtered on that it did not follow as they do not answer (``skipped_note``)."""
        note = " ".join(n for n in (unread_note(results), skipped_note(results)) if n)
        self.unread_label.setText(note)
        self.unread_label.setVisible(bool(note))

    def show_waiting(self, note: str) -> None:
        """Under the field, the videos the results leave out while they wait to be indexed with the
        library's model ('' hides it)."""
        if note != self.waiting_label.text():
            self.waiting_label.setText(note)
        self.waiting_label.setVisible(bool(note))

    def back_to_text(self) -> None:
        """Leave "clips like …" / a refined query: search the typed text again."""
        self._set_context(None)
        self._emit()

    def _set_context(self, request: SearchRequest | None, label: str = "") -> None:
        self._context = request
        self.context_row.setVisible(request is not None)
        if request is None:
            return
        self.context_row.set_context(label, self.field.text().strip())

    def _text_edited(self, _text: str) -> None:
        self._set_context(None)  # typing starts a new text search
        self._debounce.start()

    def _emit(self, force: bool = True) -> None:
        """Ask now (Enter, a filter, the mode); ``force``: even if this very request was asked before."""
        self._debounce.stop()
        req = self.request()
        if req == self._last and not force:
            return
        self._last = req
        self.request_changed.emit(req)

    def set_query(self, text: str) -> None:
        self._set_context(None)
        self.field.setText(text)
        if not self.field.hasFocus():  # (read from its start: FieldStart)
            self._start.home()
        self._emit()

    def set_per_video(self, per_video: bool) -> None:
        if per_video != self.per_video:
            (self.videos_button if per_video else self.moments_button).setChecked(True)

    def _mode_toggled(self, per_video: bool) -> None:
        self.per_video_changed.emit(per_video)
        self._emit()

    def set_folders(self, folders) -> None:
        """The library's folders, for the folder filter (the selection is kept if still there)."""
        if self.filters_row.set_folders(folders):
            self._emit()  # the filtered folder was removed: search all folders again

    def clear(self) -> None:
        self._set_context(None)
        self.filters_row.clear()
        self.field.clear()
        self.field.setFocus()
        self._emit()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._colour_placeholder()  # (a light or dark palette chosen while the app runs)

    def _colour_placeholder(self) -> None:
        """The field's placeholder in secondary text, read at AA contrast on the field (the palette's
        PlaceholderText, half-transparent text, read 4.0:1 on Fusion's white)."""
        palette, page, role = self.field.palette(), self.palette(), QPalette.ColorRole
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, role.PlaceholderText, secondary(page.color(group, role.Text),
                                                                    page.color(group, role.Base)))
        self.field.setPalette(palette)

    def forward_keys_to(self, widget: QAbstractItemView) -> None:
        """Down/PageDown typed in the field go to ``widget`` (the results, under the panel): its first
        result. The filters, open in a short window, leave it rows of its own (``FiltersRow``)."""
        self._target = widget
        self.filters_row.keep_rows_of(widget)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if (obj is self.field and event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape
                and self.field.text()):
            self.field.clear()  # Escape clears the query (the filters stay); an empty field lets it pass
            self._set_context(None)
            self._emit()
            return True
        if (obj is self.field and event.type() == QEvent.Type.KeyPress and self._target is not None
                and event.key() in NAV_KEYS and self._target.model() is not None
                and self._target.model().rowCount()):
            self._debounce.stop()
            if self.request() != self._last:
                self._emit()  # typed but not asked yet: ask now (the grid then shows its answer)
            self._target.enter_from_above()
            return True
        return super().eventFilter(obj, event)
