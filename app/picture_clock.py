"""``PictureClock``: what the preview (``app.player.PreviewPlayer``) asks of a picture it plays in
place of its ``QMediaPlayer``, on a clock of its own: an animated WebP
(``app.movie_source.AnimatedPicture``) and a video's engine frames (``app.engine_movie.EngineMovie``).
It keeps the position in ms (``_at``, plus the clock's run while it runs), whether it plays, the
picture shown, and stops the clock paused or at the end; each kind says how its frames come
(``_tick``, on its single-shot ``_timer``)."""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QObject, QTimer, Signal
from PySide6.QtGui import QImage


class PictureClock(QObject):
    position_changed = Signal(int)  # ms
    playing_changed = Signal(bool)
    frame_changed = Signal(QImage)  # the picture as shown

    def __init__(self, duration_ms: int, parent: QObject | None = None):
        super().__init__(parent)
        self._duration = duration_ms
        self._at = 0  # the position when paused or waiting, or where the clock started
        self._playing = False
        self._image = QImage()
        self._clock = QElapsedTimer()  # runs while playing and a frame is there to show
        self._timer = QTimer(self, singleShot=True)  # (set for the next frame's time, or a tick)
        self._timer.timeout.connect(self._tick)

    def duration(self) -> int:
        return self._duration

    def position(self) -> int:
        if self._clock.isValid():
            return min(self._duration, self._at + self._clock.elapsed())
        return self._at

    def is_playing(self) -> bool:
        return self._playing

    def image(self) -> QImage:
        return self._image

    def _halt(self) -> bool:
        """Paused where the clock is (False: it was not playing); ``playing_changed`` is the caller's."""
        if not self._playing:
            return False
        self._at = self.position()
        self._playing = False
        self._clock.invalidate()
        self._timer.stop()
        return True

    def _at_end(self) -> None:
        """The end reached: it stops there, on its last frame."""
        self._at, self._playing = self._duration, False
        self._clock.invalidate()
        self._timer.stop()
        self.position_changed.emit(self._duration)
        self.playing_changed.emit(False)

    def _tick(self) -> None:  # pragma: no cover - each kind's
        raise NotImplementedError
