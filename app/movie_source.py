"""An animated WebP in the preview: Qt's FFmpeg backend opens it but decodes none of its frames
(``core.webp``), while Qt's image plugin does, so :class:`AnimatedPicture` plays it with a
``QMovie`` on the timeline the indexer uses (:func:`core.webp.animation`: each frame's time is
the sum of the durations before it), shown by a :class:`FrameView` where the video would be."""

from __future__ import annotations

import bisect
import itertools
import logging
import os
from functools import partial

import shiboken6
from PySide6.QtCore import QByteArray, QDataStream, QObject, QRect, Qt
from PySide6.QtGui import QImage, QMovie, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

from core import webp

from .picture_clock import PictureClock
from .webp_resume import Resume, resume_at

TICK_MS = 50  # how often the position is reported while a long frame is shown
STEP_FRAMES = 24  # the most frames decoded in the GUI thread to reach one (else a resume point)
STEP_PIXELS = 1 << 22  # ... and the most pixels (a big canvas: fewer frames; at least 2)
RESUME_BYTES = 64 << 20  # the resume points kept, by their files' bytes (the one used last: always)
_HERE = "here"  # (_plan: from the movie's frame)

log = logging.getLogger(__name__)


MISSING, VIDEO, ANIMATION, UNREADABLE = "missing", "video", "animation", "unreadable"
ENGINE = "engine"  # a video the engine times otherwise than Qt's player: its frames shown (app.engine_movie)


def read_here(fn, *args, then) -> None:
    """Made at once, in the calling thread (an ``AnimatedPicture`` handed no worker pool)."""
    then(fn(*args))


def is_animated_picture(path) -> bool:
    """Whether ``path`` is an animated WebP (by its bytes: RIFF, WEBP, an animation of 2 frames or more)."""
    return webp.is_animated(path)


def look_at_file(path) -> tuple[str, object]:
    """What the preview must know of the file at ``path`` before it shows it, read in a worker
    (``app.file_reads``: on a share whose server is gone each read hangs): ``(MISSING, None)``,
    ``(VIDEO, None)`` (for the media player; ``(VIDEO, core.play_timing.Cut)``: an MP4 cut short, with sound, it
    plays to where it stops), ``(ENGINE, core.play_timing.EngineTimed)`` (a video
    the engine times otherwise than the media player: joined clips, a raw stream...), ``(ANIMATION,
    webp.Animation)`` (an animated WebP, its bytes read) or ``(UNREADABLE, why)``."""
    if not os.path.isfile(path):
        return MISSING, None
    if not is_animated_picture(path):
        from core.play_timing import Cut, engine_timed

        timed = engine_timed(path)
        return (VIDEO, timed) if timed is None or isinstance(timed, Cut) else (ENGINE, timed)
    anim = read_animation(path)
    return (UNREADABLE, anim) if isinstance(anim, str) else (ANIMATION, anim)


def after_error(path) -> tuple[str, object]:
    """After the media player failed on the video at ``path`` (in a worker): ``(MISSING, None)``,
    ``(ENGINE, core.play_timing.EngineTimed)`` where the engine reads it (its frames are shown),
    else ``(UNREADABLE, None)``."""
    if not os.path.isfile(path):
        return MISSING, None
    from core.play_timing import engine_reads

    timed = engine_reads(path)
    return (UNREADABLE, None) if timed is None else (ENGINE, timed)


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


class AnimatedPicture(PictureClock):
    """An animation's frames on a timeline in ms, played by a clock of its own: ``play``,
    ``pause``, ``setPosition``, ``position``, ``duration``, ``is_playing``. It stops on its last
    frame at the end, as a video does; ``play`` there starts it again from the beginning.

    Its ``QMovie`` is never started: the clock steps it to each frame. Qt's WebP plugin cannot jump
    to a frame (each is drawn over what the frames before it left), so a frame is reached by reading
    on from one before it, in the GUI thread only when that is a few frames (``step_limit``). A frame
    further on (a seek back, or far ahead) is reached from a resume point (``app.webp_resume``: the
    frames up to it decoded off the GUI thread by ``reads``, the player's worker pool), kept
    (``RESUME_BYTES``) for the next seek near it; meanwhile the frame shown stays, and a playing
    clock waits for it. ``reads(fn, *args, then=...)`` is ``app.file_reads.FileReads``'s call; by
    default (a tool, a test) the resume point is made at once, in the calling thread."""

    def __init__(self, data: bytes, durations_ms, parent: QObject | None = None):
        starts = [0, *itertools.accumulate(durations_ms)]
        super().__init__(starts.pop(), parent)  # (frame_changed: the whole canvas as shown)
        self.reads = read_here  # how a resume point is made (the player's: in the worker pool)
        self._data = data
        # the file, read by the movie from its start (a resume point's: its own), through a buffer
        # Qt made (a QDataStream's): a Python-made device takes the GIL in each of Qt's calls, which
        # Qt makes holding its image plugins' lock (a worker's reader, holding that lock, then waits)
        self._whole = QDataStream(QByteArray(data))
        self._stream: QDataStream | None = None  # a resume point's file, while its movie is the one used
        self._movie: QMovie | None = None
        self._base = 0  # the frame the movie's first frame is: a resume point's, else 0
        self._first = QImage()  # a resume point's frame as shown (its movie's first: as it leaves it)
        self._resumes: list[Resume] = []  # kept, the one used last at the end
        self._frame = -1  # the frame shown (its picture: _image)
        self._wanted: int | None = None  # the frame waiting for its resume point
        self._asking = False  # a resume point being made (one at a time: the newest wanted next)
        self._stepped_only = False  # no resume point can be made: every frame reached by stepping
        self._readable = len(durations_ms) - 1  # the last frame Qt can read (lowered once one fails)
        self._closed = False
        self._starts = starts  # (the clock runs while playing and not waiting for a frame)
        self._open(None)
        self._step_to(0)
        pixels = max(1, self._image.width() * self._image.height())
        self.step_limit = max(2, min(STEP_FRAMES, STEP_PIXELS // pixels))

    def close(self) -> None:
        """Let go (the player shows another file): paused, and a resume point made since is not used."""
        self.pause()
        self._closed = True

    def is_valid(self) -> bool:
        return self._frame == 0 and not self._image.isNull()

    def frame_number(self) -> int:
        """The frame shown (while a far one is waited for: the one before the seek)."""
        return self._frame

    def waiting(self) -> bool:
        """Whether a frame sought waits for its resume point (the frame before it still shown)."""
        return self._wanted is not None

    def setPosition(self, ms: int) -> None:  # noqa: N802 - QMediaPlayer's name
        self._at = max(0, min(int(ms), self._duration))
        self._clock.invalidate()
        self._timer.stop()
        self._show(self._at)
        self._run_clock()
        self.position_changed.emit(self._at)

    def play(self) -> None:
        if self._playing:
            return
        if self._at >= self._duration:
            self._at = 0
            self._show(0)
        self._playing = True
        self._run_clock()
        self.playing_changed.emit(True)

    def pause(self) -> None:
        if self._halt():
            self.playing_changed.emit(False)

    def _run_clock(self) -> None:
        """Playing and not waiting for a frame: the clock runs on from ``_at``."""
        if self._playing and self._wanted is None and not self._clock.isValid():
            self._clock.start()
            self._schedule()

    def _tick(self) -> None:
        ms = self.position()
        self._show(ms)
        if ms >= self._duration:  # the end: it stops there, on its last frame
            return self._at_end()
        self.position_changed.emit(ms)
        if self._clock.isValid():
            self._schedule()

    def _frame_at(self, ms: int) -> int:
        return max(0, bisect.bisect_right(self._starts, ms) - 1)

    def _schedule(self) -> None:
        ms = self.position()
        n = self._frame_at(ms)
        next_ms = self._starts[n + 1] if n + 1 < len(self._starts) else self._duration
        self._timer.start(max(1, min(TICK_MS, next_ms - ms)))

    def _show(self, ms: int) -> None:
        """The frame at ``ms`` shown, or asked for: then a running clock waits at ``ms`` for it."""
        if not self._go_to(self._frame_at(ms)) and self._clock.isValid():
            self._at = ms
            self._clock.invalidate()
            self._timer.stop()

    # -- reaching a frame ---------------------------------------------------------------------
    def _go_to(self, n: int) -> bool:
        """Shows frame ``n`` if it is at most ``step_limit`` frames' decoding away in this thread
        (from the movie's frame, a kept resume point or the start); else asks for a resume point at
        it and says False (the frame shown stays until it comes)."""
        n = min(n, self._readable)
        if n == self._frame:
            self._wanted = None
            return True
        cost, start = self._plan(n)
        if cost > self.step_limit and not self._stepped_only:
            self._wanted = n
            self._ask()
            return self._wanted is None  # (made at once where ``reads`` runs in this thread)
        self._wanted = None
        if start is not _HERE:
            self._open(start)
        self._step_to(n)
        return True

    def _plan(self, n: int) -> tuple[int, object]:
        """The fewest frames to decode here to reach ``n``, and from where: ``_HERE`` (the movie
        as it is), a kept ``Resume``, or None (the file's start)."""
        options = []
        at = self._movie.currentFrameNumber()
        if at >= 0 and self._base + at <= n:
            options.append((n - self._base - at, _HERE))
        options += [(n - r.frame + 1, r) for r in reversed(self._resumes) if r.frame <= n]
        options.append((n + 1, None))
        return min(options, key=lambda option: option[0])  # (the first of equals: the movie as it is)

    def _ask(self) -> None:
        if self._asking:
            return  # (its answer asks again for the newest frame wanted, unless near it)
        self._asking = True
        wanted = self._wanted
        start = max((r for r in self._resumes if r.frame < wanted), key=lambda r: r.frame, default=None)
        self.reads(resume_at, self._data, wanted, start, then=partial(self._resumed, wanted))

    def _resumed(self, asked: int, resume: Resume | None) -> None:
        """The resume point asked at frame ``asked`` (None: none could be made; from now on frames
        are stepped to here, as before resume points)."""
        if not shiboken6.isValid(self) or self._closed:
            return  # (the animation was let go meanwhile)
        self._asking = False
        if resume is None:
            log.warning("no resume point could be made in this animation: its frames are stepped to")
            self._stepped_only = True
        else:
            self._keep(resume)
            if resume.frame < asked:  # (Qt could not read the frame after it: none after it plays)
                self._readable = min(self._readable, resume.frame)
        if self._wanted is not None and self._go_to(self._wanted):
            self._run_clock()

    def _keep(self, resume: Resume) -> None:
        self._resumes.append(resume)
        while len(self._resumes) > 1 and sum(len(r.data) for r in self._resumes) > RESUME_BYTES:
            self._resumes.pop(0)

    def _open(self, start: Resume | None) -> None:
        """A new movie: the whole file's, or the one a resume point starts (``start``)."""
        if start is not None:  # (the one used last: kept longest)
            self._resumes.remove(start)
            self._resumes.append(start)
        if self._movie is not None:
            self._movie.setDevice(None)  # (its device may go before it does)
            self._movie.deleteLater()
        self._stream = None if start is None else QDataStream(QByteArray(start.data))
        device = (self._whole if start is None else self._stream).device()
        device.seek(0)
        self._movie = QMovie(device, QByteArray(b"webp"), self)
        self._base = 0 if start is None else start.frame
        self._first = QImage() if start is None else start.image
        self._movie.jumpToFrame(0)

    def _step_to(self, n: int) -> None:
        """Reads on to frame ``n`` from the movie's frame (or its first) and shows it."""
        movie, target = self._movie, n - self._base
        if movie.currentFrameNumber() < 0 or target < movie.currentFrameNumber():
            movie.jumpToFrame(0)  # (rewinds: the plugin reads the file again from its start)
        while 0 <= movie.currentFrameNumber() < target:
            before = movie.currentFrameNumber()
            movie.jumpToFrame(before + 1)
            if movie.currentFrameNumber() == before:  # (a frame Qt could not read: the one before
                self._readable = min(self._readable, self._base + before)  # stays shown, and the last)
                break
        at = movie.currentFrameNumber()
        if at < 0:
            return
        self._frame = self._base + at
        self._image = self._first if at == 0 and self._base > 0 else movie.currentImage()
        self.frame_changed.emit(self._image)


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
