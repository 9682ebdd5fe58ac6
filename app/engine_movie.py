"""A video the engine times otherwise than Qt's player (``core.play_timing``: joined camcorder
clips, a DVR recording after a gap, a chained Ogg, a raw H.264 stream, an AVI with B-frames, a
fragmented MP4 stopped inside a fragment's header, a plain MP4 cut short inside its media data) played in the preview through the engine's own
frames: :class:`EngineMovie` shows them, decoded by ``core.media.FrameSampler`` at the preview's
size, each at the engine's time in a ``FrameView``, so a result's moment shows the frame indexed
there. No sound: a file that has some is noted so (``note``), a silent one loses nothing.

The GUI thread decodes nothing: the frames are read by the player's ``reads``
(``app.file_reads.FileReads``: one call at a time in the worker pool, each a few frames at most:
one while paused, while playing a few ahead of the clock, each frame shown asking for one more).
A seek, a pause or the movie let go drops what a call in flight brings and asks for no more; let
go, the file is closed at once, or by the call in flight as it ends (its answer is not needed:
the window closed meanwhile drops it). A read that fails (the file deleted or changed since)
stops it on the frame shown, said (``failed``) once a worker has looked whether the file is there. Without ``reads`` (a tool) the frames are read at once,
in the calling thread."""

from __future__ import annotations

import collections
import os
import threading
from functools import partial

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage
from PySide6.QtMultimedia import QMediaPlayer

from core.errors import CutShort
from core.timefmt import format_time

from .movie_source import read_here
from .picture_clock import PictureClock
from .play_words import cannot_play_message, missing_file_message

AHEAD = 4  # frames read ahead of the clock while playing
TICK_MS = 50  # how often the position is reported while no frame is due sooner
MAX_FPS = 60.0  # frames asked for a second at most (a header's rate may be absurd)
SMALLEST_VIEW = (640, 360)  # the view the frames are read for, at the least (``read_size``)
NOTE = "No sound"  # (a file with sound, played here without it)
NOTE_SILENT = "As Seekframe reads it"  # (a file without sound: none is left out)


def note(timed) -> tuple[str, str]:
    """What the preview notes of a video shown through the engine's frames (``timed``:
    ``core.play_timing.EngineTimed``), and its tooltip: "No sound" only where the file has some;
    a file cut short says where it ends (its timeline ends there, not at its header's length)."""
    if timed.cut is not None and timed.cut.said:
        text, tip = cut_note(timed.cut)
        tip += " It is shown as Seekframe reads it, to where its frames stop."
        return (text + " · no sound", tip + " It plays without sound here.") if timed.sound else (text, tip)
    tip = (f"This video is shown as Seekframe reads it ({timed.why}): a usual player shows other "
           "moments of it at these times, or none.")
    return (NOTE, tip + " It plays without sound here.") if timed.sound else (NOTE_SILENT, tip)


def cut_note(cut) -> tuple[str, str]:
    """What the preview notes of an MP4 cut short (``cut``: ``core.play_timing.Cut``, said cut short as the index
    says it), and its tooltip."""
    end = format_time(cut.playable_s)
    return (f"The file ends at {end} (cut short)", f"The file ends at {end}: it is cut short (a download or copy "
            "that did not finish), its header giving a longer length.")


def frame_size(width: int, height: int, view_w: int, view_h: int) -> tuple[int, int]:
    """The video's ``width`` x ``height`` made to fit ``view_w`` x ``view_h``, its aspect kept,
    never larger than it is; even sides (the colour conversion's)."""
    scale = min(1.0, view_w / max(1, width), view_h / max(1, height))
    return max(2, round(width * scale / 2) * 2), max(2, round(height * scale / 2) * 2)


def read_size(width: int, height: int, view_w: int, view_h: int) -> tuple[int, int]:
    """The size the frames are read at for a view of ``view_w`` x ``view_h`` (device pixels), taken
    as at least ``SMALLEST_VIEW``: a preview squeezed flat (a splitter) as a video is shown, then
    widened, played its frames at 2 x 2 pixels, blown up."""
    return frame_size(width, height, max(view_w, SMALLEST_VIEW[0]), max(view_h, SMALLEST_VIEW[1]))


class EngineFrames:
    """The engine's frames of one video, read on from a position, a few at a time (by one call
    at a time: the reads run in a worker). ``let_go`` (the GUI thread's) closes the file now, or,
    a read in flight, as that read ends, in its worker: whether or not its answer is delivered
    (the window closed meanwhile drops it)."""

    def __init__(self, path: str, size: tuple[int, int], fps: float):
        self.path, self.size, self.fps = path, size, fps
        self._frames = None  # FrameSampler.iter_at_rate's, from the last position asked for
        self._lock = threading.Lock()  # (held only to read or set the two flags below)
        self._reading = self._gone = False  # a read in flight; let go

    def read(self, start_s: float | None, n: int) -> tuple[list[tuple[float, QImage]], bool]:
        """Up to ``n`` ``(seconds, QImage)`` on (from ``start_s`` when given: the file read anew from
        there), and whether the video ended (nothing once let go)."""
        with self._lock:
            if self._gone:
                return [], True
            self._reading = True
        try:
            return self._read(start_s, n)
        finally:
            with self._lock:
                self._reading, gone = False, self._gone
            if gone:
                self.close()

    def let_go(self) -> None:
        with self._lock:
            self._gone, reading = True, self._reading
        if not reading:
            self.close()

    def _read(self, start_s: float | None, n: int) -> tuple[list[tuple[float, QImage]], bool]:
        from core.media import FrameSampler

        if start_s is not None:
            self.close()
            width, height = self.size  # (a frame turned as shown, against its header's size: padded)
            self._frames = FrameSampler(size=(height, width), crop="pad").iter_at_rate(self.path, self.fps, start_s)
        out = []
        try:
            for t, rgb in self._frames or ():
                h, w = rgb.shape[:2]
                out.append((t, QImage(rgb.tobytes(), w, h, 3 * w, QImage.Format.Format_RGB888).copy()))
                if len(out) >= n:
                    return out, False
        except CutShort:  # (the frames stop before its header's length: its end, the last one shown, not a failure)
            pass
        self.close()
        return out, True

    def close(self) -> None:
        if self._frames is not None:
            self._frames.close()  # (its reader closed: the file let go)
            self._frames = None


def _read(frames: EngineFrames, start_s: float | None, n: int):
    return frames.read(start_s, n)


def _answered(movie: "EngineMovie", frames: EngineFrames, serial: int, answer) -> None:
    """A read's answer, in the GUI thread: the movie's, or, the movie let go meanwhile (closed,
    or deleted with its player's next file), none (its worker closed the file)."""
    movie._asking = False
    if movie._closed or not shiboken6.isValid(movie):
        frames.let_go()
    else:
        movie._got(serial, answer)


def _said(movie: "EngineMovie", path: str, there: bool | None) -> None:
    """A failed read said, once a worker has looked whether the file is still there (nothing once
    the movie is let go: the player shows another file)."""
    if not movie._closed and shiboken6.isValid(movie):
        movie.failed.emit(missing_file_message(path) if there is False
                          else cannot_play_message(path, QMediaPlayer.Error.ResourceError, ""))


class EngineMovie(PictureClock):
    """The engine's frames of one video on a clock of its own, as ``AnimatedPicture`` plays an
    animation: ``play``, ``pause``, ``setPosition``, ``position``, ``duration``, ``is_playing``,
    ``close``. Nothing is read before a position is set or it plays. Playing waits for the frames
    (the clock stands while none is there to show) and stops at the end, on the last frame."""

    failed = Signal(str)  # a read of its frames failed (the file gone or changed since, logged): what to say

    def __init__(self, path: str, timed, size: tuple[int, int], reads=None, parent: QObject | None = None):
        super().__init__(max(1, round(timed.duration * 1000)), parent)
        self.timed, self.reads = timed, reads or read_here
        self._frames = EngineFrames(path, size, min(MAX_FPS, max(1.0, float(timed.fps or 0))))
        self._closed = False
        self._queue: collections.deque = collections.deque()  # (ms, QImage) read ahead while playing
        self._serial = 0  # the reads whose frames count (a seek, a pause: the ones before do not)
        self._from: int | None = None  # the position the next read starts from (None: on from the last)
        self._asking = False  # a read in flight (one at a time)
        self._ended = False  # the reads since the last position reached the video's end

    # -- what a player asks (and PictureClock's) ----------------------------------------------
    def reading(self) -> bool:
        """Whether a read of its frames is in flight."""
        return self._asking

    def setPosition(self, ms: int) -> None:  # noqa: N802 - QMediaPlayer's name
        self._at = max(0, min(int(ms), self._duration))
        self._clock.invalidate()
        self._anew(self._at)
        self.position_changed.emit(self._at)

    def play(self) -> None:
        if self._playing or self._closed:
            return
        if self._at >= self._duration:
            self._at = 0
        self._playing = True
        self._anew(self._at)
        self._timer.start(TICK_MS)
        self.playing_changed.emit(True)

    def pause(self) -> None:
        if not self._halt():
            return
        self._serial += 1  # (what a read in flight brings is dropped: the frame shown stays)
        self._queue.clear()
        self.playing_changed.emit(False)

    def close(self) -> None:
        """Let go (the player shows another file, or its window closed): nothing more read or shown,
        the file closed (a read in flight: as it ends, in its worker)."""
        self.pause()
        self._closed = True
        self._serial += 1
        self._frames.let_go()

    # -- the reads -----------------------------------------------------------------------------
    def _anew(self, ms: int) -> None:
        """The frames from ``ms`` on: what was read before is dropped, the file read anew there."""
        self._serial += 1
        self._queue.clear()
        self._ended = False
        self._from = ms
        self._ask()

    def _ask(self) -> None:
        if self._asking or self._closed:
            return
        if self._from is not None:
            start_s, self._from = min(self._from / 1000.0, max(0.0, self.timed.duration - 1e-3)), None
            n = 1 if not self._playing else AHEAD
        elif self._playing and not self._ended and len(self._queue) < AHEAD:
            start_s, n = None, AHEAD - len(self._queue)
        else:
            return
        self._asking = True
        self.reads(_read, self._frames, start_s, n, then=partial(_answered, self, self._frames, self._serial))

    def _got(self, serial: int, answer) -> None:
        if serial != self._serial:  # (asked before a seek or a pause)
            self._ask()
            return
        if answer is None:  # the read failed (logged): it stops there, the frame shown stays, and says why
            self._ended = True
            self.pause()
            self.reads(os.path.isfile, self._frames.path, then=partial(_said, self, self._frames.path))
            return
        frames, ended = answer
        self._ended = ended
        if not self._playing:  # (a paused seek's one frame)
            if frames:
                self._show(frames[-1][1])
            return
        self._queue.extend((round(t * 1000), image) for t, image in frames)
        if (self._queue or ended) and not self._clock.isValid():  # (the clock waited for them)
            self._clock.start()
        self._tick()

    def _tick(self) -> None:
        if not self._playing:
            return
        ms = self.position()
        shown = None
        while self._queue and self._queue[0][0] <= ms:
            shown = self._queue.popleft()[1]
        if shown is not None:
            self._show(shown)
        if not self._queue and self._clock.isValid():
            if self._ended:
                if ms >= self._duration:  # the end: it stops there, on its last frame
                    return self._at_end()
            else:  # the next frame is still being read: the clock waits for it
                self._at = ms
                self._clock.invalidate()
        self.position_changed.emit(ms)
        due = self._queue[0][0] - ms if self._queue and self._clock.isValid() else TICK_MS
        self._timer.start(max(1, min(TICK_MS, due)))
        self._ask()

    def _show(self, image: QImage) -> None:
        self._image = image
        self.frame_changed.emit(image)
