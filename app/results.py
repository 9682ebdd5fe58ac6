"""Search results as a grid: ``ResultsModel`` (one row per result) and ``ResultsView`` (a QListView in
icon mode). No widget per result: ``app.result_card.ResultDelegate`` paints every card."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QEvent, QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QContextMenuEvent, QPainter
from PySide6.QtWidgets import QAbstractItemView, QListView, QStyle, QStyleOptionViewItem

from core.filenames import names_apart, shown, shown_name
from core.scan import file_gone
from core.strength import STRENGTH_TIP, no_strong_match
from core.timefmt import format_range

from .file_state import GONE, card_words, copies_tip, problem_text
from .font_follow import FONT_CHANGES
from .muted import dimmed, muted
from .result_card import (CopiesRole, EndRole, FileStateRole, OfflineRole, PathRole, ResultDelegate, ResultRole,
                          ScoreRole, StartRole, StrengthRole, ThumbnailErrorRole, ThumbnailRole)
from .search_hints import search_hint
from .thumbnails import ThumbnailLoader, thumb_key
from .workers import Task

SEARCH_HINT = search_hint()  # (the window follows the model: app.search_hints)
NO_STRONG_MATCH = "No strong match for this query; the closest moments are shown dimmed."
NO_STRONG_VIDEO = "No strong match for this query; the closest videos are shown dimmed."  # (the Videos view)
NO_STRONG_SIMILAR = "No strong match: nothing in other videos is much like this clip; the closest are shown dimmed."


def no_strong_words(request, results) -> str:
    """What the window says above results labelled and none a strong match ('' otherwise): a text
    query's, or similar clips' where the model's card has their thresholds measured."""
    if not no_strong_match(results):
        return ""
    text = NO_STRONG_VIDEO if request.per_video else NO_STRONG_MATCH
    return {"text": text, "similar": NO_STRONG_SIMILAR}.get(request.kind, "")


def card_names(paths) -> dict[str, str]:
    """{path: the name its card gives it} for those of ``paths`` whose file name another of them has,
    as read ("2024/clip.mp4" beside "Videos/clip.mp4", a Mac copy's café.mp4 too: ``names_apart``,
    one pass a name); the rest go by their name alone."""
    return names_apart(paths)


class ResultsModel(QAbstractListModel):
    PAGE = 60  # results shown at first, and more each time the view scrolls to the end

    def __init__(self, thumbnails: ThumbnailLoader | None = None, parent=None):
        super().__init__(parent)
        self._rows: list = []  # the rows shown: the first of ``_held``, ``PAGE`` more at each ``fetchMore``
        self._held: list = []  # every result of the search
        self.request = None  # the SearchRequest these results answer (None when cleared)
        self.refreshed = False  # the last set_results answered the same request again
        self.thumbnails = thumbnails
        self._gone: set[str] = set()  # files found gone since these results came (a thumbnail failed)
        self._names: dict[str, str] = {}  # the cards' names of files another result's file shares the name of
        if thumbnails is not None:
            thumbnails.ready.connect(self._thumbnail_changed)
            thumbnails.failed.connect(self._thumbnail_failed)

    def set_results(self, request, results) -> None:
        """Replace every row with ``results`` (best first, as the session sends them)."""
        if self.thumbnails is not None:
            self.thumbnails.clear_pending()  # the old results' thumbnails are not needed now
        self.beginResetModel()
        self.refreshed = request is not None and request == self.request
        self.request = request
        shown = max(self.PAGE, len(self._rows)) if self.refreshed else self.PAGE  # (a refresh keeps what was shown)
        self._held = list(results)
        self._names = card_names(r.path for r in self._held)
        self._rows = self._held[:shown]
        stale, self._gone = self._gone | {r.path for r in self._rows if getattr(r, "file_state", "")}, set()
        for path in stale if self.thumbnails is not None else ():  # a file gone or replaced: its
            self.thumbnails.forget(path)  # picture is made again once it is back
        self.endResetModel()

    def clear(self) -> None:
        self.set_results(None, [])

    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        return not parent.isValid() and len(self._rows) < len(self._held)

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: B008
        """The next ``PAGE`` results, as the view scrolls to the end of those shown (Qt asks)."""
        more = self._held[len(self._rows): len(self._rows) + self.PAGE]
        if parent.isValid() or not more:
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def result(self, row: int):
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def results(self) -> list:
        return list(self._rows)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        state = self.file_state(r)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._names.get(r.path) or shown_name(r.path)
        if role == Qt.ItemDataRole.AccessibleTextRole:  # (a screen reader's: the card's words, not its name alone)
            return card_words(r, state, self._names.get(r.path, ""))
        if role == ThumbnailRole:  # (none of a file gone or replaced: it would show another video)
            return self.thumbnails.image(r.path, r.thumb_time, r.offline, getattr(r, "indexed", None) or None) \
                if self.thumbnails and not state else None
        if role == Qt.ItemDataRole.ToolTipRole:
            off = "\nOffline: its drive or folder is not available." if r.offline else ""
            how = STRENGTH_TIP.get(r.strength, "")
            problem = f"\n{problem_text(r, state)}" if state else ""
            return (f"{shown(r.path)}\n{format_range(r.start, r.end)} · score {r.score:.3f}{how}{off}{problem}"
                    f"{copies_tip(r.copies)}")
        return {ResultRole: r, PathRole: r.path, StartRole: r.start, EndRole: r.end, ScoreRole: r.score,
                OfflineRole: r.offline, StrengthRole: r.strength, FileStateRole: state, CopiesRole: list(r.copies),
                ThumbnailErrorRole: self.thumbnails.error(r.path, r.thumb_time) if self.thumbnails else "",
                }.get(role)

    def roleNames(self) -> dict:
        names = super().roleNames()
        names.update({ResultRole: b"result", PathRole: b"path", StartRole: b"start", EndRole: b"end",
                      ScoreRole: b"score", OfflineRole: b"offline"})
        return names

    def file_state(self, result) -> str:
        """GONE / CHANGED as the search found the file (or gone since: its thumbnail failed), else ''."""
        return GONE if result.path in self._gone else getattr(result, "file_state", "")

    def _thumbnail_failed(self, path: str, t: float, _reason: str) -> None:
        """A thumbnail that failed as its file went away (deleted while it was made): said as such,
        once its file is looked at in the worker pool (a hung share must not freeze the window)."""
        row = next((r for r in self._rows if r.path == path and not r.offline), None)
        if row is not None:  # (gone, not its drive unplugged: core.scan.file_gone)
            task = Task(file_gone, path, getattr(row, "root", "") or None, getattr(row, "root_id", None),
                        getattr(row, "folder_videos", None), name="card-file-look")
            task.done.connect(lambda gone, rows=self._rows: self._looked(rows, path, t, gone))
            task.start()
        self._thumbnail_changed(path, t)

    def _looked(self, rows: list, path: str, t: float, gone: bool) -> None:
        if gone and rows is self._rows:  # (the same results still: none came since)
            self._gone.add(path)
            self._thumbnail_changed(path, t)

    def _thumbnail_changed(self, path: str, t: float) -> None:
        for row, r in enumerate(self._rows):  # (a search asks for at most 60 results)
            if thumb_key(r.path, r.thumb_time) == (path, t):
                self.dataChanged.emit(self.index(row), self.index(row), [ThumbnailRole])


class ResultsView(QListView):
    """The grid. Enter / double-click on a card emits ``play_requested`` with its result.

    A new result set makes its best result current and scrolls to it (so Enter plays it). The
    same search answered again (videos indexed meanwhile) does too, unless the user picked a
    result in this result set (click, keys, Down from the search field, play): that one stays in
    hand. Up on the top row emits ``left_at_top`` (back to the search field)."""

    play_requested = Signal(object)  # core.search.SearchResult
    current_result_changed = Signal(object)  # the focused result (None when none)
    left_at_top = Signal()  # Up on the top row

    NARROWEST = 0.8  # the least a card's picture may be of its own width, to fit one more card in a row

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setUniformItemSizes(True)
        self.setSpacing(6)
        self.setMouseTracking(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setItemDelegate(ResultDelegate(self))
        self.setAccessibleName("Results")
        self._kept_moment: str | None = None  # the current result's moment, across a model reset
        self.user_picked = False  # the user chose the current result in this result set
        self.set_empty_text(SEARCH_HINT)
        self.activated.connect(self._activated)

    def setModel(self, model) -> None:
        super().setModel(model)
        self.selectionModel().currentChanged.connect(self._current_changed)
        model.modelAboutToBeReset.connect(self._remember_current)
        model.modelReset.connect(self._select_first)

    def current_result(self):
        idx = self.currentIndex()
        return idx.data(ResultRole) if idx.isValid() else None

    def enter_from_above(self) -> None:
        """Focus the grid on its first result (Down in the search field)."""
        model = self.model()
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        if model is not None and model.rowCount():
            self.setCurrentIndex(model.index(0, 0))
            self.scrollTo(model.index(0, 0))
            self.user_picked = True

    def _activated(self, index) -> None:
        self.user_picked = True
        self.play_requested.emit(index.data(ResultRole))

    def _current_changed(self, cur, _prev) -> None:
        if cur.isValid():
            self.user_picked = True
        self.current_result_changed.emit(cur.data(ResultRole) if cur.isValid() else None)

    def _remember_current(self) -> None:
        current = self.current_result()
        self._kept_moment = current.moment_id if current is not None and self.user_picked else None

    def _select_first(self) -> None:
        model = self.model()
        self.setAccessibleDescription("" if model.rowCount() else self.empty_text)  # (set_empty_text)
        if not model.rowCount():
            self.user_picked = False
            self.current_result_changed.emit(None)
            return
        kept = self._kept_moment if model.refreshed else None
        row = next((i for i, r in enumerate(model.results()) if kept is not None and r.moment_id == kept), None)
        index = model.index(row or 0, 0)
        self.setCurrentIndex(index)
        self.user_picked = row is not None  # (after the move, which _current_changed took for a pick)
        self.scrollTo(index)

    def event(self, event) -> bool:
        """The menu key opens the current card's menu (``menu_on_current``); Qt's keyboard menu event
        names the grid's middle: the menu was of whatever card lay there, or none over a gap."""
        if event.type() == QEvent.Type.ContextMenu and event.reason() == QContextMenuEvent.Reason.Keyboard:
            self.menu_on_current()
            return True
        return super().event(event)

    def menu_on_current(self) -> None:
        """The current card's context menu, at that card, scrolled into view (the menu key, Shift+F10)."""
        current = self.currentIndex()
        if current.isValid() and self.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu:
            self.scrollTo(current)
            self.customContextMenuRequested.emit(self.visualRect(current).center())  # (the viewport's, as a click's)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_F10 and event.modifiers() == Qt.KeyboardModifier.ShiftModifier:
            self.menu_on_current()  # (the menu key's other way, as the desktops have it)
            event.accept()
            return
        if event.key() == Qt.Key.Key_Up and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            current = self.currentIndex()
            above = self.moveCursor(QAbstractItemView.CursorAction.MoveUp, Qt.KeyboardModifier.NoModifier)
            if not current.isValid() or not above.isValid() or above == current:
                self.left_at_top.emit()
                event.accept()
                return
        super().keyPressEvent(event)

    def resizeEvent(self, event) -> None:
        """The number of cards in a row nearest to the cards' own width (each at least ``NARROWEST``
        of it), the row's width shared between them: the cards widen or narrow to fill it. Cut to
        the cards' own width, a 472 px grid held 2 cards with 60 px gaps beside each (3 needed
        552)."""
        super().resizeEvent(event)
        self._fit_grid()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in FONT_CHANGES:  # (the cards' size follows the font: the grid's cells too)
            self._fit_grid()

    def _fit_grid(self) -> None:
        """The grid's cells for the view's width and font (``resizeEvent``'s doc). Made at a resize
        only, a font made larger (the system's, the app's) left the cells at the old size: the cards
        overlapped the row below until the window was resized."""
        option = QStyleOptionViewItem()
        option.initFrom(self)
        delegate, gap = self.itemDelegate(), 2 * self.spacing()
        own = delegate.thumb_width(option.fontMetrics)
        cell, least = own + 2 * delegate.PAD + gap, int(own * self.NARROWEST) + 2 * delegate.PAD + gap
        # the width with a vertical scroll bar, whether it shows now or not: stable as it comes and goes
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        width = max(1, self.width() - 2 * self.frameWidth() - bar - 1)
        columns = max(1, min(round(width / cell), width // least))
        cell_w = max(least, width // columns)
        if delegate.card_width != cell_w - gap:
            delegate.card_width = cell_w - gap
            delegate.sizeHintChanged.emit(QModelIndex())  # (the cached uniform size made again)
        size = QSize(cell_w, delegate.sizeHint(option, QModelIndex()).height() + gap)
        if size != self.gridSize():
            self.setGridSize(size)

    def set_empty_text(self, text: str) -> None:
        """What the empty grid says: painted, and its description, which a screen reader reads."""
        self.empty_text = text
        self.setAccessibleDescription("" if self.model() and self.model().rowCount() else text)
        self.viewport().update()

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self.model() is None or self.model().rowCount() == 0:
            painter = QPainter(self.viewport())
            palette = self.viewport().palette()  # (PlaceholderText: 4.0:1 on white)
            painter.setPen(muted(palette, palette.currentColorGroup()))
            painter.drawText(self.viewport().rect().adjusted(24, 24, -24, -24),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
                             self.empty_text)
