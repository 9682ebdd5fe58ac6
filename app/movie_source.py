"""An animated WebP in the preview: Qt's FFmpeg backend opens it but decodes none of its frames
(``core.webp``), while Qt's image plugin does, so :class:`AnimatedPicture` plays it with a
``QMovie`` on the timeline the indexer uses (:func:`core.webp.animation`: each frame's time is
the sum of the durations before it), shown by a :class:`FrameView` where the video would be."""

from __future__ import annotations

import bisect
import itertools
import os

from PySide6.QtCore import QBuffer, QByteArray, QElapsedTimer, QObject, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QMovie, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

from core import webp

TICK_MS = 50  # how often the position is reported while a long frame is shown


MISSING, VIDEO, ANIMATION, UNREADABLE = "missing", "video", "animation", "unreadable"


def is_animated_picture(path) -> bool:
    """Whether ``path`` is an animated WebP (by its bytes: RIFF, WEBP, an animation of 2 frames or more)."""
    return webp.is_animated(path)


def look_at_file(path) -> tuple[str, object]:
    """What the preview must know of the file at ``path`` before it shows it, read in a worker
    (``app.file_reads``: on a share whose server is gone each read hangs): ``(MISSING, None)``,
    ``(VIDEO, None)`` (for the media player), ``(ANIMATION, webp.Animation)`` (an animated WebP,
    its bytes read) or ``(UNREADABLE, why)``."""
    if not os.path.isfile(path):
        return MISSING, None
    if not is_animated_picture(path):
        return VIDEO, None
    anim = read_animation(path)
    return (UNREADABLE, anim) if isinstance(anim, str) else (ANIMATION, anim)


def read_animation(path) -> webp.Animation | str:
    """The frames of the animated WebP at ``path`` (its whole file read: off the GUI thread), or
    why it cannot be played (a reason to follow "Cannot play <file>: ")."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        return f"the file could not be read ({e.strerror or e})"
    anim = webp.animation(data)
    if anim is None:
        return "it holds no animation frame that could be read"
    return anim


def open_animation(source, parent: QObject | None = None) -> AnimatedPicture | str:
    """The animated WebP ``source`` ready to play, paused on its first frame, or why it cannot be
    played (a reason to follow "Cannot play <file>: "). ``source``: its frames as
    :func:`read_animation` read them (the preview's, in a worker), or a path, read here. Its
    ``QMovie`` is made in the calling thread (the GUI thread's)."""
    anim = source if isinstance(source, webp.Animation) else read_animation(source)
    if isinstance(anim, str):
        return anim
    picture = AnimatedPicture(anim.data, anim.durations_ms, parent)
    if not picture.is_valid():
        picture.deleteLater()
        return "its format is not supported here (no WebP image plugin in this Qt)"
    return picture


class AnimatedPicture(QObject):
    """An animation's frames on a timeline in ms, played by a clock of its own: ``play``,
    ``pause``, ``setPosition``, ``position``, ``duration``, ``is_playing``. It stops on its last
    frame at the end, as a video does; ``play`` there starts it again from the beginning."""

    position_changed = Signal(int)  # ms
    playing_changed = Signal(bool)
    frame_changed = Signal(QImage)  # the whole canvas as shown

    def __init__(self, data: bytes, durations_ms, parent: QObject | None = None):
        super().__init__(parent)
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(data))
        self._buffer.open(QBuffer.OpenModeFlag.ReadOnly)
        # (never started: its frames are stepped to by the clock below. Qt's WebP plugin cannot jump
        # to a frame, so a frame is reached by reading on from the one before, or from the first)
        self._movie = QMovie(self._buffer, QByteArray(b"webp"), self)
        self._starts = [0, *itertools.accumulate(durations_ms)]
        self._duration = self._starts.pop()
        self._at = 0  # the position when paused, or where the clock started
        self._clock = QElapsedTimer()
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self._tick)
        self._show(0)

    def is_valid(self) -> bool:
        return self._movie.currentFrameNumber() == 0

    def duration(self) -> int:
        return self._duration

    def position(self) -> int:
        if self._clock.isValid():
            return min(self._duration, self._at + self._clock.elapsed())
        return self._at

    def is_playing(self) -> bool:
        return self._clock.isValid()

    def frame_number(self) -> int:
        return self._movie.currentFrameNumber()

    def image(self) -> QImage:
        return self._movie.currentImage()

    def setPosition(self, ms: int) -> None:  # noqa: N802 - QMediaPlayer's name
        self._at = max(0, min(int(ms), self._duration))
        self._show(self._at)
        if self._clock.isValid():
            self._clock.restart()
            self._schedule()
        self.position_changed.emit(self._at)

    def play(self) -> None:
        if self._clock.isValid():
            return
        if self._at >= self._duration:
            self._at = 0
            self._show(0)
        self._clock.start()
        self._schedule()
        self.playing_changed.emit(True)

    def pause(self) -> None:
        if not self._clock.isValid():
            return
        self._at = self.position()
        self._clock.invalidate()
        self._timer.stop()
        self.playing_changed.emit(False)

    def _tick(self) -> None:
        ms = self.position()
        self._show(ms)
        if ms >= self._duration:  # the end: it stops there, on its last frame
            self._at = self._duration
            self._clock.invalidate()
            self.position_changed.emit(ms)
            self.playing_changed.emit(False)
            return
        self.position_changed.emit(ms)
        self._schedule()

    def _frame_at(self, ms: int) -> int:
        return max(0, bisect.bisect_right(self._starts, ms) - 1)

    def _schedule(self) -> None:
        ms = self.position()
        n = self._frame_at(ms)
        next_ms = self._starts[n + 1] if n + 1 < len(self._starts) else self._duration
        self._timer.start(max(1, min(TICK_MS, next_ms - ms)))

    def _show(self, ms: int) -> None:
        wanted, movie = self._frame_at(ms), self._movie
        if wanted == movie.currentFrameNumber():
            return
        if wanted < movie.currentFrameNumber() or movie.currentFrameNumber() < 0:
            movie.jumpToFrame(0)  # (rewinds: the plugin reads the file again from its start)
        while 0 <= movie.currentFrameNumber() < wanted:
            before = movie.currentFrameNumber()
            movie.jumpToFrame(before + 1)
            if movie.currentFrameNumber() == before:
                break  # (a frame Qt could not read: the one before stays shown)
        self.frame_changed.emit(movie.currentImage())


class FrameView(QWidget):
    """A picture drawn as large as fits, its aspect kept, centred on black, as a video is shown."""

    def __init__(self, parent: QWidget | None = None, **kwargs):
        super().__init__(parent, **kwargs)
        self._image = QImage()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def set_image(self, image: QImage) -> None:
        self._image = image
        self.update()

    def image(self) -> QImage:
        return self._image

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.black)
        if self._image.isNull():
            return
        size = self._image.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        target = QRect(0, 0, size.width(), size.height())
        target.moveCenter(self.rect().center())
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(target, self._image)
