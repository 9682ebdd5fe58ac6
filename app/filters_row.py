"""``FiltersRow``: the search's filters under its field (folder, duration, modified date), three short
rows, a folder box of fixed width. In a short window they scroll rather than take the results'
room: at 853 x 480 (a 1280 x 720 screen at 150 %) the three rows left the grid about one row of
cards. The rows now give up their height down to one row, while the results grid beside keeps at
least ``ROWS`` rows of cards (``keep_rows_of``); in a window tall enough they show whole."""

from __future__ import annotations

import math
from datetime import datetime

from PySide6.QtCore import QDate, QEvent, QSize, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDateEdit, QDoubleSpinBox, QFrame, QGridLayout, QLabel,
                               QScrollArea, QStyle, QWidget)

from superqt.utils import signals_blocked

from core.filters import Filters

NO_DATE = QDate(1970, 1, 1)  # the minimum of the date fields, shown as "any"
ROWS = 1.5  # the rows of result cards the filters leave the grid, scrolling themselves rather


class AnyDateEdit(QDateEdit):
    """A date field that Tab leaves while it says "any": Qt's keeps Tab in a date field showing its
    special value text (it moves among the day's parts, which "any" has none of), and a keyboard
    user who tabbed into "Modified after" could not get out."""

    def focusNextPrevChild(self, forward: bool) -> bool:  # noqa: N802 - Qt's name
        if self.date() == self.minimumDate() and self.specialValueText():
            return QWidget.focusNextPrevChild(self, forward)
        return super().focusNextPrevChild(forward)


class FiltersRow(QScrollArea):
    changed = Signal()  # a filter set by the user

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # (its fields take Tab: the frame was a stop that said nothing)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._view: QAbstractItemView | None = None
        fields = QWidget(self)
        self.folder_combo = QComboBox(fields)
        self.folder_combo.addItem("All folders", None)
        # a long folder must not widen the window: the combo keeps a fixed width, cut in the middle
        self.folder_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.folder_combo.setMinimumContentsLength(24)
        self.folder_combo.view().setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.min_duration = self._seconds(fields, "Shortest video, in seconds")
        self.max_duration = self._seconds(fields, "Longest video, in seconds")
        self.after = self._date(fields, "Files modified on or after this day")
        self.before = self._date(fields, "Files modified before this day")
        grid = QGridLayout(fields)  # three short rows: narrow enough for a small window
        grid.setContentsMargins(0, 0, 0, 0)
        # each field labelled by the words before it (its buddy), so a screen reader names it: it
        # read the boxes as nameless spin boxes, the folder box by its value alone ("All folders")
        grid.addWidget(QLabel("Folder", fields, buddy=self.folder_combo), 0, 0)
        grid.addWidget(self.folder_combo, 0, 1, 1, 3)
        for row, (label, first, between, second) in enumerate(
                (("Duration from", self.min_duration, "to", self.max_duration),
                 ("Modified after", self.after, "before", self.before)), start=1):
            grid.addWidget(QLabel(label, fields, buddy=first), row, 0)
            grid.addWidget(first, row, 1)
            grid.addWidget(QLabel(between, fields, buddy=second), row, 2)
            grid.addWidget(second, row, 3)
            second.setAccessibleName(f"{label.split()[0]} {between}")  # ("to" alone: "Duration to")
        grid.setColumnStretch(4, 1)
        self.setWidget(fields)
        self.folder_combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        for w in (self.min_duration, self.max_duration):
            w.valueChanged.connect(lambda _v: self.changed.emit())
        for w in (self.after, self.before):
            w.dateChanged.connect(lambda _d: self.changed.emit())
        self.installEventFilter(self)

    @staticmethod
    def _seconds(parent: QWidget, tip: str) -> QDoubleSpinBox:
        return QDoubleSpinBox(parent, toolTip=tip, decimals=0, suffix=" s", specialValueText="any",
                              maximum=24 * 3600)

    @staticmethod
    def _date(parent: QWidget, tip: str) -> QDateEdit:
        return AnyDateEdit(NO_DATE, parent, toolTip=tip, calendarPopup=True, specialValueText="any",
                           displayFormat="yyyy-MM-dd", minimumDate=NO_DATE)

    def filters(self) -> Filters:
        def day(box: QDateEdit):
            d = box.date()
            return None if d == NO_DATE else datetime(d.year(), d.month(), d.day()).timestamp()

        return Filters(
            folder=self.folder_combo.currentData() or None,
            min_duration=self.min_duration.value() or None,
            max_duration=self.max_duration.value() or None,
            modified_after=day(self.after), modified_before=day(self.before),
        )

    def set_folders(self, folders) -> bool:
        """The library's folders, for the folder filter (the selection is kept if still there).
        True when the folder filtered on is gone (all folders then)."""
        combo = self.folder_combo
        current = combo.currentData()
        wanted = [None] + list(folders)
        if [combo.itemData(i) for i in range(combo.count())] == wanted:
            return False
        with signals_blocked(combo):
            combo.clear()
            combo.addItem("All folders", None)
            for f in folders:
                combo.addItem(f, f)
                combo.setItemData(combo.count() - 1, f, Qt.ItemDataRole.ToolTipRole)
            index = combo.findData(current) if current else 0
            combo.setCurrentIndex(max(0, index))
        return bool(current) and index < 0

    def clear(self) -> None:
        """Every filter back to "any" (no ``changed``)."""
        with signals_blocked(self.folder_combo, self.min_duration, self.max_duration, self.after, self.before):
            self.folder_combo.setCurrentIndex(0)
            self.min_duration.setValue(0)
            self.max_duration.setValue(0)
            self.after.setDate(NO_DATE)
            self.before.setDate(NO_DATE)

    # -- the height: whole where there is room, else down to one row, the grid keeping ROWS rows

    def keep_rows_of(self, view: QAbstractItemView) -> None:
        """Leave ``view`` (the results grid, below in the same column) ``ROWS`` rows of its cells."""
        self._view = view
        view.installEventFilter(self)

    def sizeHint(self) -> QSize:
        return self.widget().sizeHint()

    def minimumSizeHint(self) -> QSize:
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        return QSize(self.widget().minimumSizeHint().width() + bar, self.folder_combo.sizeHint().height())

    def eventFilter(self, obj, event) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.LayoutRequest):
            self._cap()
        return super().eventFilter(obj, event)

    def _cap(self) -> None:
        """At most the height that leaves the grid ``ROWS`` rows (never under one row of filters)."""
        view, whole = self._view, self.widget().sizeHint().height()
        if view is None or not self.isVisible() or not view.isVisible() or not view.gridSize().isValid():
            cap = whole
        else:
            need = math.ceil(ROWS * view.gridSize().height()) + 2 * view.frameWidth()
            cap = min(whole, max(self.minimumSizeHint().height(), self.height() + view.height() - need))
        if cap != self.maximumHeight():
            self.setMaximumHeight(cap)
