"""``MomentTimeline``: a video's whole duration with its matched moments, under the player.

A screen reader takes it for a slider (Qt's own accessible slider: role, value, range), its value
the playhead in whole seconds, the video's length its maximum; its description says the times
(position, length, where the matched moments are, how many poor ones are not marked). It was a
plain widget, read as a group ("Client") with no value."""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPalette, QPen
from PySide6.QtWidgets import QAbstractSlider, QSizePolicy, QToolTip, QWidget

from core.timefmt import format_score, format_time

Match = tuple[float, float, float]  # (start, end, score)


def time_to_x(t: float, duration: float, left: float, width: float) -> float:
    """The x of time ``t`` on a track starting at ``left`` and ``width`` wide (clamped)."""
    if duration <= 0 or width <= 0:
        return left
    return left + width * min(max(t / duration, 0.0), 1.0)


def x_to_time(x: float, duration: float, left: float, width: float) -> float:
    """The time under ``x`` (clamped to ``[0, duration]``); inverse of ``time_to_x``."""
    if duration <= 0 or width <= 0:
        return 0.0
    return duration * min(max((x - left) / width, 0.0), 1.0)


def score_strength(score: float, lo: float, hi: float) -> float:
    """How strongly to paint a match: 0.3 for the weakest score shown, 1.0 for the best."""
    if hi - lo <= 1e-9:
        return 1.0
    return 0.3 + 0.7 * min(max((score - lo) / (hi - lo), 0.0), 1.0)


def match_at(t: float, matches: list[Match]) -> Match | None:
    """The best-scoring match that contains time ``t``."""
    inside = [m for m in matches if m[0] <= t < m[1] or (t == m[1] and m[0] < t)]
    return max(inside, key=lambda m: m[2]) if inside else None


MOST_S = 2**31 - 1  # (the slider's value is an int)


class MomentTimeline(QAbstractSlider):
    """The whole duration of one video, every matched moment as a span (stronger colour for a
    higher score), the current moment outlined and the playhead; its tooltip shows the time under
    the mouse and the score of the match there. A ``QAbstractSlider`` for what it tells assistive
    technology alone: it draws itself and takes its own keys; a value set from outside (a screen
    reader's "set value") asks for that seek."""

    seek_requested = Signal(float)  # seconds: a click, a drag, Left/Right (5 s), Home/End

    KEY_STEP_S = 5.0

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._duration = 0.0
        self._matches: list[Match] = []
        self._current: tuple[float, float] | None = None
        self._position = 0.0
        self._left_out = 0  # poor matches of the video not marked (``set_left_out``)
        self._syncing = False  # the value set from the playhead, not asked
        self.setOrientation(Qt.Orientation.Horizontal)
        self.setSingleStep(int(self.KEY_STEP_S))
        self.valueChanged.connect(self._value_asked)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Timeline")
        self._describe()

    def set_duration(self, seconds: float) -> None:
        self._duration = max(0.0, float(seconds or 0.0))
        self._describe()
        self.update()

    def _describe(self) -> None:
        """What a screen reader says of the timeline: where the playhead is, of how long, and where
        the matched moments start (it said only "the whole video" whatever it showed)."""
        length = self.duration()
        text = f"{format_time(self._position)} of {format_time(length)}" if length > 0 else "No video"
        starts = list(dict.fromkeys(format_time(t) for t in sorted(m[0] for m in self._matches)))
        if starts:
            text += f"; matched moments at {', '.join(starts[:12])}"
        if self._left_out and length > 0:
            text += f"; {self._left_out} poor match{'es' if self._left_out > 1 else ''} not marked"
        text += ". Left and Right: 5 seconds."
        if text != self.accessibleDescription():  # (once a second at most while playing)
            self.setAccessibleDescription(text)
        self._syncing = True  # (the slider's range and value: what a screen reader reads)
        try:
            self.setRange(0, min(MOST_S, math.ceil(length)))
            self.setValue(min(MOST_S, round(self._position)))
        finally:
            self._syncing = False

    def _value_asked(self, value: int) -> None:
        """A value set from outside (a screen reader's slider) is a seek to it."""
        if not self._syncing and self.duration() > 0:
            self.seek_requested.emit(min(float(value), self.duration()))

    def sliderChange(self, change) -> None:  # noqa: N802 - Qt's name
        pass  # (QAbstractSlider repaints the whole widget: set_position repaints the playhead alone)

    def wheelEvent(self, event) -> None:  # noqa: N802 - Qt's name
        QWidget.wheelEvent(self, event)  # (not the slider's: a wheel over the timeline seeks nothing)

    def set_left_out(self, count: int) -> None:
        """How many poor matches of the video are not marked (said in the description)."""
        self._left_out = max(0, int(count))
        self._describe()

    def left_out(self) -> int:
        """How many poor matches of the video are not marked (``set_left_out``)."""
        return self._left_out

    def duration(self) -> float:
        """The duration shown: the one set, else the end of the last match."""
        if self._duration > 0:
            return self._duration
        ends = [m[1] for m in self._matches] + ([self._current[1]] if self._current else [])
        return max(ends, default=0.0)

    def set_matches(self, matches, current: tuple[float, float] | None = None) -> None:
        self._matches = [(float(s), float(e), float(sc)) for s, e, sc in (matches or ())]
        self._current = (float(current[0]), float(current[1])) if current else None
        self._describe()
        self.update()

    def matches(self) -> list[Match]:
        return list(self._matches)

    def current(self) -> tuple[float, float] | None:
        return self._current

    def set_position(self, seconds: float) -> None:
        seconds = max(0.0, float(seconds))
        if abs(seconds - self._position) < 1e-3:
            return
        old, self._position = self._position, seconds
        self._describe()
        # repaint only around the old and the new playhead: position updates come many per second
        w = self._playhead_width() * 2 + 2
        for t in (old, seconds):
            x = self.x_for(t)
            self.update(int(x - w), 0, int(2 * w) + 1, self.height())

    def clear(self) -> None:
        self._duration, self._matches, self._current, self._position = 0.0, [], None, 0.0
        self._left_out = 0
        self._describe()
        self.update()

    def _track(self) -> QRectF:
        m = max(2.0, self.fontMetrics().averageCharWidth() / 2)
        h = self.height()
        pad = max(2.0, h * 0.15)
        return QRectF(m, pad, max(0.0, self.width() - 2 * m), max(1.0, h - 2 * pad))

    def _playhead_width(self) -> float:
        return max(2.0, self.fontMetrics().height() / 8)

    def time_at(self, x: float) -> float:
        track = self._track()
        return x_to_time(x, self.duration(), track.left(), track.width())

    def x_for(self, t: float) -> float:
        track = self._track()
        return time_to_x(t, self.duration(), track.left(), track.width())

    def tooltip_text_at(self, x: float) -> str:
        if self.duration() <= 0:
            return ""
        t = self.time_at(x)
        text = format_time(t)
        hit = match_at(t, self._matches)
        if hit is not None:
            text += f" · match {format_time(hit[0])}–{format_time(hit[1])}, score {format_score(hit[2])}"
        return text

    def sizeHint(self) -> QSize:
        fm = self.fontMetrics()
        return QSize(fm.averageCharWidth() * 40, int(fm.height() * 1.6))

    def minimumSizeHint(self) -> QSize:
        fm = self.fontMetrics()
        return QSize(fm.averageCharWidth() * 10, fm.height())

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        pal = self.palette()
        track = self._track()
        p.fillRect(track, pal.color(QPalette.ColorRole.Mid))
        if self.duration() > 0:
            self._paint_matches(p, track, pal)
            x, w = self.x_for(self._position), self._playhead_width()  # the playhead, dark-edged
            p.setPen(QPen(pal.color(QPalette.ColorRole.BrightText), w))
            p.drawLine(QPointF(x, 0), QPointF(x, self.height()))
            p.setPen(QPen(pal.color(QPalette.ColorRole.Shadow), 1))
            for edge in (x - w / 2 - 0.5, x + w / 2 + 0.5):
                p.drawLine(QPointF(edge, 0), QPointF(edge, self.height()))
        if self.hasFocus():
            p.setPen(QPen(pal.color(QPalette.ColorRole.Highlight), 1, Qt.PenStyle.DotLine))
            p.drawRect(self.rect().adjusted(0, 0, -1, -1))
        p.end()

    def _paint_matches(self, p: QPainter, track: QRectF, pal: QPalette) -> None:
        scores = [m[2] for m in self._matches]
        lo, hi = (min(scores), max(scores)) if scores else (0.0, 0.0)
        base = pal.color(QPalette.ColorRole.Highlight)
        min_w = self._playhead_width()

        def span(start: float, end: float) -> QRectF:
            x0, x1 = self.x_for(start), self.x_for(end)
            return QRectF(x0, track.top(), max(min_w, x1 - x0), track.height())

        for start, end, score in sorted(self._matches, key=lambda m: m[2]):
            colour = QColor(base)
            colour.setAlphaF(score_strength(score, lo, hi))
            p.fillRect(span(start, end), colour)
        if self._current is not None:
            pen = QPen(pal.color(QPalette.ColorRole.WindowText), self._playhead_width())
            pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
            p.setPen(pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(span(*self._current))

    def _seek_to_x(self, x: float) -> None:
        if self.duration() > 0:
            self.seek_requested.emit(self.time_at(x))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._seek_to_x(event.position().x())
            event.accept()
        else:
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._seek_to_x(event.position().x())
        text = self.tooltip_text_at(event.position().x())
        if text and QToolTip.isVisible():
            QToolTip.showText(event.globalPosition().toPoint(), text, self)
        super().mouseMoveEvent(event)

    def event(self, ev: QEvent) -> bool:
        if ev.type() == QEvent.Type.ToolTip:
            text = self.tooltip_text_at(ev.pos().x())  # a QHelpEvent
            if text:
                QToolTip.showText(ev.globalPos(), text, self)
            else:
                QToolTip.hideText()
                ev.ignore()
            return True
        return super().event(ev)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.duration() <= 0:
            return QWidget.keyPressEvent(self, event)
        targets = {
            Qt.Key.Key_Left: self._position - self.KEY_STEP_S,
            Qt.Key.Key_Right: self._position + self.KEY_STEP_S,
            Qt.Key.Key_Home: 0.0,
            Qt.Key.Key_End: self.duration(),
        }
        if event.key() in targets:
            self.seek_requested.emit(min(max(targets[event.key()], 0.0), self.duration()))
            event.accept()
        else:
            QWidget.keyPressEvent(self, event)  # (not the slider's: Up, Down, Page keys stay the window's)
