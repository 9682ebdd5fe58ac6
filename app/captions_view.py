"""``CaptionsTree``: the captions panel's list, its caption text first whatever its width.

At the window's minimum width the panel is ~140 px wide: with the Source column fixed at 14
characters and the Caption column stretched into what was left, a caption got ~20 px ("a…") while
its score and source took the rest, and a section header ("3 other captions, cl…") was cut. Now the
caption keeps at least half the list's width (all it needs, if less) and wraps onto the lines it
needs there; Score and Source are as wide as their contents in what remains; and when what
remains cannot hold the whole source (a Source column of 10 characters at 1280x800 read "your
n…t 0:16" for every similar caption, the whole only in a tooltip), they go on a second, muted line
under each caption ("0.40 · your note on sofa.mp4 at 0:08"), the caption the full width, that line
wrapped too (cut in its middle, "0.17 · yo…4 at 0:16" told neither whose nor which file), in
``app.muted``'s secondary colour, as is a section's note ("No note or caption on this clip yet…"),
readable on the list's Base (or a selected row's Highlight). Section headers and notes span the row
and wrap. Recomputed on every resize, content and font change."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QSize, Qt
from PySide6.QtGui import QPalette, QTextLayout, QTextOption
from PySide6.QtWidgets import (
    QAbstractItemView, QHeaderView, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTreeWidget,
)

from .muted import muted, row_group

CAPTION, SCORE, SOURCE = range(3)
PAD = 3  # px around a wrapped text
# a caption row as many are (an imported caption of a few words, a note on a clip), its text and
# its score and source: the room a list of captions needs, before they are known (``rows_height``)
TYPICAL = ("a dog chasing a red ball along the beach", "0.42 · your note on beach-day.mp4 at 1:12")


def wrapped(text: str, font, width: int) -> QTextLayout:
    """``text`` laid out in ``font`` on lines of ``width`` px, broken between words (inside a word
    only when it is wider than a line: a long file name is broken, never cut)."""
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    y = 0.0
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(max(1, width))
        line.setPosition(QPointF(0, y))
        y += line.height()
    layout.endLayout()
    return layout


def wrapped_height(layout: QTextLayout) -> int:
    return int(layout.boundingRect().height() + 0.999)


class _WrappingDelegate(QStyledItemDelegate):
    """The caption column, section headers and notes wrapped to their width; in the stacked layout
    a caption row's score and source on a line under it."""

    def __init__(self, tree: "CaptionsTree"):
        super().__init__(tree)
        self._tree = tree

    def _width(self, index) -> int:
        tree = self._tree
        if tree.isFirstColumnSpanned(index.row(), index.parent()):
            return tree.viewport().width()
        return tree.columnWidth(index.column())

    def _detail(self, index, stacked: bool | None = None) -> str:
        """"0.40 · your note on sofa.mp4 at 0:08" in the stacked layout (``stacked``: the tree's
        now, when None), else ''."""
        stacked = self._tree.stacked() if stacked is None else stacked
        if not stacked or index.data(Qt.ItemDataRole.UserRole) is None:
            return ""
        row = index.siblingAtColumn(SCORE), index.siblingAtColumn(SOURCE)
        return " · ".join(str(i.data() or "") for i in row if i.data())

    def _note(self, index) -> bool:
        """Whether ``index`` is a section's note (no item flags: not a caption, not selectable) in
        a list that is enabled: secondary text, not a disabled control."""
        return not index.flags() & Qt.ItemFlag.ItemIsEnabled and self._tree.isEnabled()

    @staticmethod
    def _detail_font(font):
        """The detail line's font: the row's, never bold (a note's caption is)."""
        font = type(font)(font)
        font.setBold(False)
        return font

    def sizeHint(self, option, index) -> QSize:
        hint = super().sizeHint(option, index)
        if index.column() != CAPTION:
            return hint
        return QSize(hint.width(), self.height_at(option, index, self._width(index), self._tree.stacked()))

    def height_at(self, option, index, width: int, stacked: bool) -> int:
        """px of height the cell ``index`` takes ``width`` px wide, in the stacked layout or not
        (as ``sizeHint`` gives it once the list is laid out so: the preview's split asks it of a
        width the list is not at yet)."""
        hint = super().sizeHint(option, index).height()  # (one line: unwrapped)
        if index.column() != CAPTION:
            return hint
        opt = type(option)(option)
        self.initStyleOption(opt, index)
        text = wrapped_height(wrapped(opt.text, opt.font, width - 2 * PAD))
        detail = self._detail(index, stacked)
        detail = wrapped_height(wrapped(detail, self._detail_font(opt.font), width - 2 * PAD)) if detail else 0
        return max(hint, text + detail + 2 * PAD)

    def paint(self, painter, option, index) -> None:
        if index.column() != CAPTION:
            return super().paint(painter, option, index)
        opt = type(option)(option)
        self.initStyleOption(opt, index)
        text, detail = opt.text, self._detail(index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else self._tree.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        note = self._note(index)  # a clip's "No note or caption…": quieter, read (it looked unavailable)
        enabled = note or bool(opt.state & QStyle.StateFlag.State_Enabled)  # (else the whole list disabled)
        group = row_group(opt.state) if enabled else QPalette.ColorGroup.Disabled
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        quiet = muted(opt.palette, group, selected)  # (on the row's own background)
        rect = opt.rect.adjusted(PAD, PAD, -PAD, -PAD)
        painter.save()
        painter.setFont(opt.font)
        painter.setPen(quiet if note else opt.palette.color(group, role))
        layout = wrapped(text, opt.font, rect.width())
        layout.draw(painter, QPointF(rect.topLeft()))
        height = wrapped_height(layout)
        if detail:
            font = self._detail_font(opt.font)
            painter.setFont(font)
            painter.setPen(quiet)
            wrapped(detail, font, rect.width()).draw(painter, QPointF(rect.x(), rect.y() + height))
        painter.restore()


class CaptionsTree(QTreeWidget):
    """Caption, Score, Source; see the module's docstring for how the width is shared."""

    CAPTION_SHARE = 0.5  # of the list's width kept for the caption, at least

    def __init__(self, parent=None, **properties):
        super().__init__(parent, **properties)
        self._stacked = False
        self.setHeaderLabels(["Caption", "Score", "Source"])
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # (a source keeps its file's time)
        self.setItemDelegate(_WrappingDelegate(self))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # by pixels: a long caption's row can be taller than the list (by whole rows, the rest of
        # it, its score and source could never be scrolled into view)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(CAPTION, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(SCORE, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(SOURCE, QHeaderView.ResizeMode.Fixed)
        header.sectionResized.connect(lambda *_: self.scheduleDelayedItemsLayout())  # (rows rewrap)

    def stacked(self) -> bool:
        """True when score and source are shown under each caption (too narrow for columns)."""
        return self._stacked

    def _contents(self, column: int) -> int:
        return max(self.header().sectionSizeFromContents(column).width(), self.sizeHintForColumn(column))

    def fit_columns(self) -> None:
        width = self.viewport().width()
        if width <= 0:
            return
        stacked, score, source = self._columns_at(width)
        if stacked != self._stacked:
            self._stacked = stacked
            self.setHeaderHidden(stacked)  # (one column left: "Caption" says nothing)
        self.header().setSectionHidden(SCORE, stacked)
        self.header().setSectionHidden(SOURCE, stacked)
        if not stacked:
            self.setColumnWidth(SCORE, score)
            self.setColumnWidth(SOURCE, source)
        self.scheduleDelayedItemsLayout()

    def _columns_at(self, width: int) -> tuple[bool, int, int]:
        """(stacked, Score's width, Source's width) of the list's viewport ``width`` px wide."""
        chars = self.fontMetrics().averageCharWidth()
        score, source = self._contents(SCORE), self._contents(SOURCE)
        caption = min(self._caption_needs(), max(int(width * self.CAPTION_SHARE), chars * 12))
        room = width - caption - score
        stacked = room < source  # (a source cut, "your n…t 0:16", says neither whose nor which file)
        return stacked, score, min(source, room)

    def rows_height(self, width: int, spanned=(), rows: int = 0) -> int:
        """px of height the list needs, ``width`` px wide, to show whole the ``spanned`` rows
        (``(text, font)``: a section header, a note: the row's width, wrapped) and ``rows`` caption
        rows of a ``TYPICAL`` caption, its score and source on a line under it (wrapped, as the
        delegate lays them out when the list is narrow; wide, a longer caption takes the room
        the second line took), at the list's font. Not the rows shown: the preview's split asks it
        when a clip is chosen, before the clip's captions come."""
        frame = 2 * self.frameWidth()
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)  # (when shown)
        line_width = max(1, width - frame - bar - 2 * PAD)
        header = 0 if self.isHeaderHidden() else self.header().sizeHint().height()
        spans = sum(wrapped_height(wrapped(text, font, line_width)) + 2 * PAD for text, font in spanned)
        caption = sum(wrapped_height(wrapped(text, self.font(), line_width)) for text in TYPICAL) + 2 * PAD
        return frame + header + spans + rows * caption

    def shown_height(self, width: int, rows: int) -> int:
        """px of height the list needs, ``width`` px wide, to show whole its rows as it lays them
        out at that width: every row up to its ``rows``-th caption (its section headers and notes
        before it), all of them when it holds fewer. With and without a scroll bar (the rows
        wrap narrower beside one): the taller."""
        frame = 2 * self.frameWidth()
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        return frame + max(self._rows_at(max(1, width - frame - b), rows) for b in (0, bar))

    def _rows_at(self, width: int, rows: int) -> int:
        """px the header and rows up to the ``rows``-th caption take in a viewport ``width`` wide."""
        stacked, score, source = self._columns_at(width)
        header = 0 if stacked else self.header().sizeHint().height()
        widths = {CAPTION: width} if stacked else {CAPTION: max(1, width - score - source), SCORE: score,
                                                      SOURCE: source}
        delegate, option = self.itemDelegate(), QStyleOptionViewItem()
        self.initViewItemOption(option)
        height, captions = header, 0
        for item in self._in_order():
            index = self.indexFromItem(item)
            if self.isFirstColumnSpanned(index.row(), index.parent()):
                cells = {CAPTION: width}
            else:
                cells = widths
            height += max(delegate.height_at(option, index.siblingAtColumn(c), w, stacked)
                          for c, w in cells.items())
            captions += item.data(CAPTION, Qt.ItemDataRole.UserRole) is not None
            if captions >= rows:
                break
        return height

    def _in_order(self):
        """The list's rows top to bottom: each section header, then its captions or note."""
        for i in range(self.topLevelItemCount()):
            section = self.topLevelItem(i)
            yield section
            if section.isExpanded():
                yield from (section.child(j) for j in range(section.childCount()))

    def _caption_needs(self) -> int:
        """The Caption column's width at which no caption wraps."""
        fm, widest = self.fontMetrics(), 0
        for i in range(self.topLevelItemCount()):
            section = self.topLevelItem(i)
            for j in range(section.childCount()):
                item = section.child(j)
                if not self.isFirstColumnSpanned(j, self.indexFromItem(section)):
                    font = item.font(CAPTION)
                    widest = max(widest, type(fm)(font).horizontalAdvance(item.text(CAPTION)))
        return widest + 2 * PAD + 4

    def viewportEvent(self, event) -> bool:
        if event.type() == QEvent.Type.Resize:  # (the window, the splitter, a scroll bar shown)
            self.fit_columns()
        return super().viewportEvent(event)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.fit_columns()
