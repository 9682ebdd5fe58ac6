"""``PreviewPlayer``: plays a matched moment of a video, with a timeline of every match in it.
An animated WebP, which Qt's FFmpeg backend cannot decode, plays as an ``AnimatedPicture``
(``app.movie_source``) in place of the ``QMediaPlayer``, and a video the engine times otherwise than
Qt's player (``core.play_timing``) as an ``EngineMovie`` (``app.engine_movie``): the engine's frames.
The file is looked at (whether it is there, an animated WebP's bytes, its timing) by the ``reads``
it is handed (``app.file_reads``: in the worker pool), never in the GUI thread: on a share whose
server is gone a read hangs. Its widgets, and what they show, are a ``PlayerView`` (``app.player_view``)."""

from __future__ import annotations

import os
from functools import partial

from PySide6.QtCore import Q_ARG, QMetaObject, Qt, QUrl, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
from PySide6.QtWidgets import QWidget

from core.filenames import shown

from .cut_end import CutEnd
from .engine_movie import EngineMovie
from .file_urls import file_url
from .movie_source import (ANIMATION, ENGINE, MISSING, UNREADABLE, AnimatedPicture, after_error, look_at_file,
                           open_animation, read_here)
from .picture_shape import PictureShape
from .play_words import cannot_play_message, missing_file_message
from .player_view import PlayerView
from .qt_noise import quiet_ffmpeg
from .timeline import MomentTimeline
from .window_close import when_window_closes

_READY = {QMediaPlayer.MediaStatus.LoadedMedia, QMediaPlayer.MediaStatus.BufferingMedia,
          QMediaPlayer.MediaStatus.BufferedMedia, QMediaPlayer.MediaStatus.EndOfMedia}


class PreviewPlayer(QWidget):
    """A video preview: the video, a play/pause button, "0:04 / 0:12" and a ``MomentTimeline``.
    Space or a click on the video toggles play. ``reads(fn, *args, then=...)`` runs the file's reads
    (``app.file_reads.FileReads``); without it they are done at once, in the calling thread."""

    error = Signal(str)  # why a file cannot be played (missing, offline, unreadable, codec), naming it
    position_changed = Signal(float)  # seconds

    def __init__(self, parent: QWidget | None = None, reads=None):
        super().__init__(parent)
        self._reads = reads or read_here
        self._asked = 0  # counts the files asked for: the answer of a read asked before the newest is dropped
        self._path: str | None = None
        self._pending_seek: float | None = None
        self._play_when_loaded = False
        self._hold = False
        self._loading = False  # a new file is read, or its source set, and has not reported loaded yet
        self._failed = False  # the media player failed on it (what it reports after is not taken)
        self._length_s = 0.0  # the length of the file asked for, once known (0: not yet): the time label's
        self._asked_at = 0.0  # the position last set
        # the animated WebP, or the engine's frames of a video it times otherwise, shown in place of the player
        self._anim: AnimatedPicture | EngineMovie | None = None

        self._player = QMediaPlayer(self)
        self._cut = CutEnd(self._player)  # (where its file stops playing: an MP4 cut short's, else its own end)
        quiet_ffmpeg()  # (its plugin now loaded: no file dump on the terminal at each clip)
        self._player.setAudioOutput(QAudioOutput(self))
        self._view = view = PlayerView(self, self._player)
        self._video, self._frames, self._screen, self._button, self._time, self._note, self._timeline = (
            view.video, view.frames, view.screen, view.button, view.time, view.note, view.timeline)
        view.clicked.connect(self.toggle_play)
        self._button.clicked.connect(self.toggle_play)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFocusProxy(self._button)
        self.setAccessibleName("Preview")

        self._player.mediaStatusChanged.connect(self._on_status)
        self._player.errorOccurred.connect(self._on_error)
        self._player.positionChanged.connect(self._on_media_position)
        self._player.durationChanged.connect(self._on_duration)
        self._player.playbackStateChanged.connect(self._update_button)
        self.shape = PictureShape(self)  # its picture's, as shown (the preview's split follows it)
        self._video.videoSink().videoSizeChanged.connect(self._on_video_size)
        self._timeline.seek_requested.connect(self.seek)
        when_window_closes(self, self.clear)  # (its window closed: the file let go, not held till the exit)
        self._update_button()
        self._update_time()

    def media_player(self) -> QMediaPlayer:
        return self._player

    def timeline(self) -> MomentTimeline:
        return self._timeline

    def current_path(self) -> str | None:
        return self._path

    def animation(self) -> AnimatedPicture | EngineMovie | None:
        """The animated WebP, or a video's engine frames, shown (None: the media player's video, or nothing)."""
        return self._anim

    def is_loaded(self) -> bool:
        if self._anim is not None:
            return True  # (its frames were read before it was shown)
        # (right after setSource the status may still be the previous file's: wait for the load)
        return self._path is not None and not self._loading and self._player.mediaStatus() in _READY

    def show_moment(self, path, start: float, end: float, matches=(), duration: float | None = None,
                    autoplay: bool = False, shape=None) -> None:
        """Show the moment ``[start, end)`` of ``path``, paused on its first frame unless
        ``autoplay``, outlined among ``matches`` (start, end, score) on the timeline; ``duration``
        is shown until the media reports its own; ``shape`` (width, height): its picture's as the
        library recorded it (``self.shape``; None: the player's, once it has it). A new file is
        looked at in a worker (``reads``) and loads asynchronously, the player empty meanwhile
        (``is_loaded`` False); the seek happens once it is loaded, and a newer call wins over one
        still reading or loading."""
        path = os.fspath(path)
        start, end = max(0.0, float(start)), max(0.0, float(end))
        if self._screen.currentWidget() is self._view.idle:
            self._view.show_video()
        switching = path != self._path
        if switching:
            self._timeline.clear()
        if duration:
            self._timeline.set_duration(duration)
        self._timeline.set_matches(list(matches or ()), current=(start, end))
        self._pending_seek = start
        self._play_when_loaded = autoplay
        self._hold = not autoplay  # a moment shown without autoplay waits, paused, at its start
        if switching:
            # the video let go reports its status, length and position as it stops (at once): with
            # no file asked for then, they are not taken for this request (its seek, its length)
            self._path = None
            self._unload()
            self._path, self._loading, self._failed, self._asked_at = path, True, False, 0.0  # (none sought yet)
            self._cut.set(None)
            self._view.show_cut(None)
            self.shape.expect(shape)
            self._length_s = float(duration or 0.0)  # none until known, but the caller's
            self._asked += 1
            self._timeline.set_position(start)
            self._update_time()
            self._update_button()
            self._reads(look_at_file, path, then=partial(self._on_looked, self._asked, path))
        elif self.is_loaded():
            self._apply_pending()
        # else: the current file is still being read or loading; its answer applies the newest request

    def seek(self, seconds: float) -> None:
        """Move the playhead (seconds). Before the media is loaded, the seek waits for it."""
        if self._path is None:
            return
        self._pending_seek = max(0.0, float(seconds))
        if self.is_loaded():
            self._apply_pending()

    def play(self) -> None:
        if self._path is None:
            return
        if self._anim is None and self._pending_seek is None and self._cut.at_end():  # (again from the start)
            self._pending_seek = 0.0
        if self.is_loaded() and self._pending_seek is None:
            self._tell(self._source(), "play")
        else:
            self._play_when_loaded = True
            if self.is_loaded():
                self._apply_pending()

    def pause(self) -> None:
        self._play_when_loaded = False
        self._tell(self._source(), "pause")

    def toggle_play(self) -> None:
        self.pause() if self.is_playing() or self._play_when_loaded else self.play()

    def position_s(self) -> float:
        """The playhead in seconds (the pending seek while still loading)."""
        ms = self._source().position()
        ms = self._cut.held(ms) if self._anim is None else ms
        return self._pending_seek if self._pending_seek is not None else ms / 1000.0

    def clear(self, words: str = "") -> None:
        """No clip in the preview; ``words`` in its place (else how to get one: ``IDLE_TEXT``)."""
        self._asked += 1  # (a read in flight is not shown)
        self._path = None
        self._loading = self._failed = False
        self._length_s = 0.0
        self._pending_seek = None
        self._play_when_loaded = False
        self._drop_animation()
        self._tell(self._player, "stop")
        self._player.setSource(QUrl())  # (PySide lets go of the GIL in setSource itself)
        self._view.show_idle(words)
        self._timeline.clear()
        self.shape.clear()
        self._update_time()
        self._update_button()

    def _source(self) -> QMediaPlayer | AnimatedPicture:
        return self._anim if self._anim is not None else self._player

    def _unload(self) -> None:
        """Lets the file shown go while a new one is read: an animation dropped, the video stopped
        (its source set to the next once read: let go there, a video loaded next one was, under load,
        shown at its first frame after the seek's)."""
        self._drop_animation()
        self._tell(self._player, "stop")

    def _on_looked(self, asked: int, path: str, found) -> None:
        """The file asked for (``path``) looked at in a worker (``look_at_file``; None: that failed)."""
        if asked != self._asked or path != self._path:
            return  # another file asked for since (or none)
        kind, value = found if found is not None else (UNREADABLE, "the file could not be read")
        if kind == MISSING:
            self.clear()
            self.error.emit(missing_file_message(path))
        elif kind == UNREADABLE:
            self._fail(path, value)
        elif kind == ANIMATION:
            self._player.setSource(QUrl())  # (the video before it is let go)
            self._show_animation(path, value)
        elif kind == ENGINE:  # (timed otherwise by the engine than by Qt's player: its frames shown)
            self._show_engine(path, value)
        else:  # a video: the media player loads it (asynchronously); _on_status applies the request
            self._cut.set(value)  # (an MP4 cut short: to there)
            self._view.show_cut(value)
            self._player.setSource(file_url(path))
            self._update_time()

    def _fail(self, path: str, reason: str) -> None:
        self.clear()
        self.error.emit(f"Cannot play {shown(path)}: {reason}.")

    def _show_engine(self, path: str, timed) -> None:
        """Shows the engine's frames of the video at ``path`` (``timed``: ``core.play_timing``'s)."""
        self._player.setSource(QUrl())
        self.shape.report((timed.width, timed.height))  # (as shown: turned, stretched)
        movie = self._view.engine_movie(path, timed, self._reads, self)
        movie.failed.connect(self.error)  # (a read failed: the file gone or changed since it was looked at)
        self._show_picture(movie)

    def _show_animation(self, path: str, frames) -> None:
        """Shows the animated WebP at ``path`` in place of the video (``frames``: read in a worker),
        or says why not."""
        anim = open_animation(frames, self)  # (its QMovie made here, in the GUI thread)
        if isinstance(anim, str):
            return self._fail(path, anim)
        anim.reads = self._reads  # (a seek far from its frame: the frames before it decoded in a worker)
        self.shape.report(anim.image().size())
        self._show_picture(anim)

    def _show_picture(self, anim: AnimatedPicture | EngineMovie) -> None:
        self._loading, self._anim = False, anim
        anim.position_changed.connect(self._on_position)
        anim.playing_changed.connect(self._update_button)
        self._view.show_picture(anim)
        self._length_s = anim.duration() / 1000.0
        self._timeline.set_duration(self._length_s)
        if self._pending_seek is not None:
            self._apply_pending()

    def _drop_animation(self) -> None:
        if self._anim is None:
            return
        anim, self._anim = self._anim, None
        anim.close()
        anim.deleteLater()
        self._view.show_video()
        self._update_button()

    def _on_status(self, status: QMediaPlayer.MediaStatus) -> None:
        current = self._path is not None and self._player.source() == file_url(self._path)
        if status not in _READY or not current or self._failed:
            return
        self._loading = False
        if self._player.duration() > 0:  # also when two files' durations are equal (no durationChanged)
            self._length_s = self._cut.length_ms() / 1000.0
            self._timeline.set_duration(self._length_s)
        if self._pending_seek is not None:
            self._apply_pending()
        self._update_time()

    def _apply_pending(self) -> None:
        target = self._pending_seek
        self._pending_seek = None
        if self._anim is not None:  # (never stopped: it shows the frame it is at)
            if self._hold:
                self._anim.pause()
            self._hold = False
            self._set_position(target)
            if self._play_when_loaded:
                self._play_when_loaded = False
                self._anim.play()
            self._update_time()
            return
        stopped = self._player.playbackState() == QMediaPlayer.PlaybackState.StoppedState
        if stopped:
            # a stopped player (a file just loaded) seeks first: paused first, it shows the file's
            # first frame, which under load reached the screen before a later seek moved away
            self._set_position(target)
        if self._hold or stopped:
            self._tell(self._player, "pause")  # paused, not stopped: a paused player shows the frame it is at
        self._hold = False
        if not stopped:
            self._set_position(target)  # (a playing one pauses first, then shows the new frame)
        if self._play_when_loaded:
            self._play_when_loaded = False
            self._tell(self._player, "play")
        self._update_time()

    def _set_position(self, target: float) -> None:
        source = self._source()
        duration_ms = source.duration() if source is not self._player else self._cut.length_ms()
        ms, self._asked_at = int(round(target * 1000)), target
        self._tell(source, "setPosition", min(ms, duration_ms) if duration_ms > 0 else ms)

    def _tell(self, source, slot: str, *args) -> None:
        """``source``'s ``slot`` called; the media player's through Qt's meta-object, which lets go of
        the GIL meanwhile: Qt's FFmpeg backend ends a file's audio and video renderers in threads of
        its own, and their ends take the GIL (the Python-made QAudioOutput's virtual calls) holding a
        lock of Qt's that stop(), pause(), play() and a seek wait for. Called holding the GIL, the
        window froze for good, now and then, as another clip was chosen."""
        if source is not self._player:
            getattr(source, slot)(*args)
        elif not QMetaObject.invokeMethod(source, slot, Qt.ConnectionType.DirectConnection,
                                          *(Q_ARG("qint64", value) for value in args)):  # (setPosition's ms)
            raise RuntimeError(f"the media player has no slot {slot}")

    def _on_error(self, err: QMediaPlayer.Error, text: str) -> None:
        if err == QMediaPlayer.Error.NoError or self._path is None or self._anim is not None or self._failed:
            return
        if self._player.source() != file_url(self._path):
            return  # (the file before it, let go: this one is still being read)
        if self._cut.read_to(err, max(self._player.position(), int(self._asked_at * 1000))):
            return  # (an MP4 cut short: its video decoder, a few frames ahead, met the cut; Qt plays on to it)
        if self._pending_seek is None:  # (failed on a seek, or playing: the engine's frames go on from there)
            self._pending_seek = max(self._asked_at, self._player.position() / 1000.0)
        self._loading = self._failed = True  # (seeks meanwhile wait for the answer; the player's later words not taken)
        # whether the file is still there (else it is said gone) or the engine reads it (then its frames
        # are shown) is asked in a worker, as every read
        self._reads(after_error, self._path, then=partial(self._say_error, self._asked, self._path, err, text))

    def _say_error(self, asked: int, path: str, err: QMediaPlayer.Error, text: str, found) -> None:
        if asked != self._asked or path != self._path:
            return  # another file asked for since: this one's error is not said of it
        kind, value = found if found is not None else (UNREADABLE, None)
        if kind == ENGINE:
            return self._show_engine(path, value)
        self._pending_seek = None
        self._play_when_loaded = False
        self.error.emit(missing_file_message(path) if kind == MISSING else cannot_play_message(path, err, text))

    def _on_video_size(self) -> None:
        """Qt's size of the video's picture as shown (turned, stretched by its pixels' shape): the
        shape of the clip asked for, once its frames come (not the one before it's, let go)."""
        if self._path is not None and self._anim is None and self._player.source() == file_url(self._path):
            self.shape.report(self._video.videoSink().videoSize())

    def _on_media_position(self, ms: int) -> None:
        if self._anim is None:  # (the video let go for an animation may still report)
            if self._cut.passed(ms) and self.is_playing():  # (played to a cut: it ends there)
                self._tell(self._player, "pause")
            self._on_position(self._cut.held(ms))

    def _on_position(self, ms: int) -> None:
        seconds = ms / 1000.0
        if self._pending_seek is None:
            self._timeline.set_position(seconds)
        self._update_time()
        self.position_changed.emit(seconds)

    def _on_duration(self, ms: int) -> None:
        """The media's length: the file asked for's only (the video before it, let go or stopped
        while the next is read, may still report its own)."""
        if ms > 0 and self._anim is None and self._path is not None \
                and self._player.source() == file_url(self._path):
            self._length_s = self._cut.length_ms() / 1000.0
            self._timeline.set_duration(self._length_s)
        self._update_time()

    def _update_time(self) -> None:
        """The time label, "0:04 / 0:12": the position, and the length of the file asked for once
        known (a new file's is not the one before it's: until its own is known, none is shown)."""
        self._view.show_time(None if self._path is None else self.position_s(), self._length_s)

    def _update_button(self, *_) -> None:
        self._view.show_playing(self.is_playing())
        self._button.setEnabled(self._path is not None)  # nothing to play: no button that does nothing

    def is_playing(self) -> bool:
        if self._anim is not None:
            return self._anim.is_playing()
        return self._player.playbackState() == QMediaPlayer.PlaybackState.PlayingState

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space:
            self.toggle_play()
            event.accept()
        else:
            super().keyPressEvent(event)
