"""``PlayerView``: what a ``PreviewPlayer`` (``app.player``) shows, and nothing of playing: the video
widget or, in its place, the frames of a picture (an animated WebP, the engine's frames), the
play/pause button, the "0:04 / 0:12" label, the note on the engine's frames and the ``MomentTimeline``;
a click on the picture asks for play to toggle (``clicked``). The player decides what to show."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QImage, QPalette
from PySide6.QtMultimedia import QMediaPlayer
from PySide6.QtMultimediaWidgets import QVideoWidget
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QSizePolicy, QStackedWidget, QStyle, QToolButton, QVBoxLayout,
                               QWidget)

from core.timefmt import format_time

from .engine_movie import EngineMovie, cut_note, note, read_size
from .icons import tinted
from .movie_source import AnimatedPicture, FrameView
from .timeline import MomentTimeline

NO_LENGTH = "–:––"  # the time label's length while the file's is not known yet


IDLE_TEXT = "Select a clip to see its moment here."



class IdleWords(QLabel):
    """The words in the video's place while there is no clip. They ask for no room (no size, no
    height for a width): a wrapped label in the picture's stack made the whole stack's height follow
    its width, and the split that follows the video's shape gave the captions less room."""

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return False

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(0, 0)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(0, 0)


class PlayerView(QObject):
    """The widgets of ``owner`` (laid out on it) for ``media``: ``video``, ``frames`` (a picture's, shown
    in the video's place), ``button``, ``time``, ``note`` and ``timeline``."""

    clicked = Signal()  # the video or the picture clicked

    def __init__(self, owner: QWidget, media: QMediaPlayer):
        super().__init__(owner)
        self.video = QVideoWidget(owner, accessibleName="Video preview")
        self.video.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.video.installEventFilter(self)
        media.setVideoOutput(self.video)
        self.frames = FrameView(owner, accessibleName="Animation preview")
        self.frames.installEventFilter(self)
        self.idle = IdleWords(IDLE_TEXT, owner, accessibleDescription="No clip", wordWrap=True,
                              alignment=Qt.AlignmentFlag.AlignCenter)  # (no clip: an empty black box said nothing)
        self.screen = QStackedWidget(owner)
        self.screen.addWidget(self.video)
        self.screen.addWidget(self.frames)
        self.screen.addWidget(self.idle)
        self.screen.setCurrentWidget(self.idle)

        self.button = QToolButton(owner, autoRaise=True, focusPolicy=Qt.FocusPolicy.StrongFocus)
        self.button.installEventFilter(self)  # (a palette change draws its icon again: show_playing)
        self._playing = False
        self.time = QLabel(owner, accessibleDescription="Playback time", textFormat=Qt.TextFormat.PlainText)
        self.note = QLabel(owner, accessibleDescription="Preview note", visible=False)  # (the engine's frames)
        self.timeline = MomentTimeline(owner)

        controls = QHBoxLayout()
        controls.addWidget(self.button)
        controls.addWidget(self.timeline, 1)
        controls.addWidget(self.note)
        controls.addWidget(self.time)
        layout = QVBoxLayout(owner)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.screen, 1)
        layout.addLayout(controls)

    def show_time(self, position_s: float | None, length_s: float) -> None:
        """"0:04 / 0:12"; ``position_s`` None: no file asked for ("0:00 / 0:00"); ``length_s`` 0: not
        known yet (a new file's is not the one before it's: none is shown till its own is known)."""
        if position_s is None:
            self.time.setText(f"{format_time(0)} / {format_time(0)}")
            return
        length = format_time(length_s) if length_s > 0 else NO_LENGTH
        self.time.setText(f"{format_time(position_s)} / {length}")

    def show_playing(self, playing: bool) -> None:
        """The button as it toggles: Pause while playing, else Play (its icon, text, tip and name)."""
        icon = QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
        label = "Pause" if playing else "Play"
        self._playing = playing
        # (in the button's text colour: the style's own is black, unseen on a dark palette)
        self.button.setIcon(tinted(self.button.style().standardIcon(icon),
                                   self.button.palette().color(QPalette.ColorRole.ButtonText)))
        self.button.setText(label)
        self.button.setToolTip(f"{label} (Space)")
        self.button.setAccessibleName(label)

    def engine_movie(self, path: str, timed, reads, parent: QObject) -> EngineMovie:
        """The engine's frames of the video at ``path`` (``timed``: ``core.play_timing``'s), read at the
        screen's size, and the note saying what they leave out (no sound)."""
        size = self.screen.size() * self.screen.devicePixelRatioF()  # (the frames view: hidden till now)
        movie = EngineMovie(path, timed, read_size(timed.width, timed.height, size.width(), size.height()),
                            reads, parent)
        text, tip = note(timed)
        self.note.setText(text)
        self.note.setToolTip(tip)
        self.note.show()
        return movie

    def show_cut(self, cut) -> None:
        """The note on an MP4 cut short that the media player plays (``cut``: ``core.play_timing.Cut``; None: none),
        where it is said cut short (the index's rule)."""
        if cut is None or not cut.said:
            return self.note.hide()
        text, tip = cut_note(cut)
        self.note.setText(text)
        self.note.setToolTip(tip + " It plays here to where its frames stop.")
        self.note.show()

    def show_picture(self, anim: AnimatedPicture | EngineMovie) -> None:
        """``anim``'s frames shown in the video's place, as they change."""
        anim.frame_changed.connect(self.frames.set_image)
        self.frames.set_image(anim.image())
        self.screen.setCurrentWidget(self.frames)

    def show_idle(self, words: str = "") -> None:
        """No clip: ``words`` in the video's place, else those saying how to get one."""
        self.idle.setText(words or IDLE_TEXT)
        self.show_video()
        self.screen.setCurrentWidget(self.idle)

    def show_video(self) -> None:
        """The video widget shown again (a picture let go), the note hidden."""
        self.note.hide()
        self.frames.set_image(QImage())
        self.screen.setCurrentWidget(self.video)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.PaletteChange and obj is getattr(self, "button", None):
            self.show_playing(self._playing)
        elif obj in (self.video, self.frames) and event.type() == QEvent.Type.MouseButtonRelease:
            self.clicked.emit()
            return True
        return super().eventFilter(obj, event)
