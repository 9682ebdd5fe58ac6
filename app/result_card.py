"""A search result's card in the grid (``ResultDelegate``): its thumbnail at the moment, the file name
on up to two lines with "+N copies" for identical files shown once, the time range and score; words and
a badge instead of a picture for a file gone or changed since it was indexed; a weak match dimmed. The
roles it reads off ``app.results.ResultsModel`` are here too, so that the model and the card share them."""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate

from core.timefmt import format_range, format_score

from .card_name import NAME_LINES, card_name
from .file_state import BADGE, CARD_TEXT, copies_text
from .muted import behind, dimmed, secondary
from .thumbnails import paint_offline_badge, paint_placeholder

ResultRole = Qt.ItemDataRole.UserRole + 1  # the core.search.SearchResult
PathRole = ResultRole + 1
StartRole = ResultRole + 2
EndRole = ResultRole + 3
ScoreRole = ResultRole + 4
OfflineRole = ResultRole + 5
ThumbnailErrorRole = ResultRole + 6  # why there is no thumbnail ('' when there is or will be)
StrengthRole = ResultRole + 7  # "strong" | "weak" | "none" from the model's calibration; '' when not labelled
FileStateRole = ResultRole + 8  # app.file_state's GONE / CHANGED ('' when its file is the one indexed)
CopiesRole = ResultRole + 9  # the paths of its byte-identical copies, shown once (SearchResult.copies)
ThumbnailRole = Qt.ItemDataRole.DecorationRole  # QImage once loaded, else None

_OPACITY = {"weak": 0.6, "none": 0.4}  # cards of weak matches are dimmed


class ResultDelegate(QStyledItemDelegate):
    """Paints a result card; its size follows the font, so it scales with the user's settings."""

    PAD = 6
    card_width: int | None = None  # the width the grid gives each card (``ResultsView``); None: its own

    @staticmethod
    def thumb_width(fm) -> int:
        """The picture's width a card asks for at the font of ``fm``."""
        return max(160, fm.height() * 11)

    def thumb_size(self, option) -> QSize:
        w = self.card_width - 2 * self.PAD if self.card_width else self.thumb_width(option.fontMetrics)
        return QSize(w, w * 9 // 16)

    def sizeHint(self, option, index) -> QSize:
        thumb = self.thumb_size(option)
        lines = option.fontMetrics.height() * (NAME_LINES + 1) + self.PAD  # the name's, then the time's
        return QSize(thumb.width() + 2 * self.PAD, thumb.height() + lines + 2 * self.PAD)

    @staticmethod
    def opacity(index) -> float:
        """1.0 for strong or unlabelled results; weak matches are dimmed."""
        return _OPACITY.get(index.data(StrengthRole) or "", 1.0)

    def paint(self, painter: QPainter, option, index) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)  # (the picture scaled: not every other column)
        pal, rect = option.palette, option.rect.adjusted(2, 2, -2, -2)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        # a weak match's card is dimmed, but once selected only its picture: its highlight and
        # white words dimmed over the grid's white read pale on pale (contrast ~1.5:1)
        dim = self.opacity(index)
        card = 1.0 if selected else dim
        painter.setOpacity(card)
        hover = bool(option.state & QStyle.StateFlag.State_MouseOver)
        # (a selected card's Highlight shaded as far as its words need: Fusion's under white read 3.69:1)
        bg = behind(pal.color(QPalette.ColorRole.HighlightedText), pal.color(QPalette.ColorRole.Highlight)) \
            if selected else pal.color(QPalette.ColorRole.Base)
        if hover and not selected:
            bg = bg.darker(108)
        painter.setPen(pal.color(QPalette.ColorRole.Mid))
        painter.setBrush(bg)
        painter.drawRoundedRect(rect, 6, 6)

        painter.setOpacity(dim)
        thumb = self.thumb_size(option)
        area = QRect(rect.left() + self.PAD - 2, rect.top() + self.PAD - 2, thumb.width(), thumb.height())
        image = index.data(ThumbnailRole)
        offline, state = bool(index.data(OfflineRole)), index.data(FileStateRole)
        if image is not None and not image.isNull():
            scaled = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(0, 0, scaled.width(), scaled.height())
            target.moveCenter(area.center())
            painter.fillRect(area, Qt.GlobalColor.black)
            painter.drawImage(target, image)
        else:
            error = index.data(ThumbnailErrorRole)
            words = CARD_TEXT.get(state) or ("No preview" if error else "…")  # (gone, changed: said)
            paint_placeholder(painter, area, pal, "" if offline else words)
        if offline or state:
            paint_offline_badge(painter, area, "offline" if offline else BADGE[state])

        painter.setOpacity(1.0)  # (a dimmed card's words quieter by their colour, never under 4.5:1: muted.dimmed)
        fm = option.fontMetrics
        text_colour = dimmed(pal.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text),
                             bg, card)
        line = QRect(area.left(), area.bottom() + self.PAD, area.width(), fm.height())
        copies = copies_text(index.data(CopiesRole))  # "+1 copy": identical files shown once
        room = line.width() - (fm.horizontalAdvance(copies) + self.PAD if copies else 0)
        if copies:  # quieter than the name, read on the card (PlaceholderText: 4.0:1 on white)
            painter.setPen(secondary(text_colour, bg))
            painter.drawText(line, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, copies)
        painter.setPen(text_colour)
        name = card_name(fm, str(index.data(Qt.ItemDataRole.DisplayRole) or ""), room, line.width())
        for part in name:
            painter.drawText(line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, part)
            line.translate(0, fm.height())
        line.moveTop(area.bottom() + self.PAD + NAME_LINES * fm.height())  # (the time on the same line of every card)
        start, end, score = index.data(StartRole), index.data(EndRole), index.data(ScoreRole)
        painter.drawText(line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, format_range(start, end))
        painter.drawText(line, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, format_score(score))
        if option.state & QStyle.StateFlag.State_HasFocus:  # the grid focused (before, it looked as unfocused):
            painter.setBrush(Qt.BrushStyle.NoBrush)  # the card in hand ringed, dark outside, light inside
            ring = text_colour if selected else pal.color(QPalette.ColorRole.Highlight)
            for colour, edge, inset in ((pal.color(QPalette.ColorRole.Text), option.rect, 1), (ring, rect, 2)):
                painter.setPen(QPen(colour, 2))
                painter.drawRoundedRect(QRectF(edge).adjusted(inset, inset, -inset, -inset), 6, 6)
        painter.restore()
