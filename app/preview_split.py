"""``follow_video_height(area)``: the preview area's split between the video and the captions panel
under it, by what the video needs rather than a fixed share.

The area was split 3:2 (``setSizes([600, 400])``) whatever its width: at 1280x800 the player took
~420 px of height for a picture ~365 px wide (a 16:9 frame needs ~205 of them, the rest black
bars), and the captions list kept ~180 px at a 1.5x font: a section header, the greyed note of a
clip with no caption of its own and one caption, the rest only by scrolling. Now, until the user
drags the handle, the video gets the height of a 16:9 picture at the area's width and its
controls' row (never more than its old 3/5), the captions panel the rest; followed through every
resize of the area and change of font. A split the user dragged (or one restored from the
settings) is kept as it is; one that follows the video is not saved (``follows_video``): saved, the
next start restored it as the user's, and the video no longer followed the window's size.

The picture is the selected clip's shape (``app.picture_shape``: as shown, turned and stretched),
16:9 with none: a 16:9 split gave a phone's upright clip (9:16) a picture of ~115x204 px at
1280x800, a 4:3 one ~272x204. A taller picture gets the height it needs at the area's width, but
never so much that the captions panel shows fewer than ``CAPTION_ROWS`` captions
(``CaptionsPanel.room_for``, at its font); never less than a 16:9 picture got. The split moves
only when the shape changes (a clip of the same shape next, or its frames playing: no move).

Room for 3 typical captions (a caption and its source wrapped at the panel's width) is what the
captions need before they come; at the window's minimum width (751 px: the area ~160 px wide) it
took ~510 px of ~640 (~660 at a 1.5x font: all the room), so a phone's clip kept a 16:9 clip's
height, a picture of ~58x103 px (71x127 at 1.5x) over a panel of captions mostly empty: a library
without captions, a clip with two short ones. Now once a clip's captions are shown the split takes
the room they need, laid out as the list lays them out (up to their 3rd caption: fewer, shorter,
none), when less, and fits them once: for another clip's (by the panel's title), whichever way;
for the same clip's again (a note added, more asked) only when they need more room than they
have (no move while a clip plays)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QAbstractItemView, QSplitter

from .font_follow import FONT_CHANGES

ASPECT = 16 / 9  # the picture with no clip selected, or one whose shape is not known yet
MOST = 0.6  # of the area the video takes at most (its old 3:2 share)
CAPTION_ROWS = 3  # captions the panel under the video shows at least, for a picture taller than 16:9
SAME = 0.02  # shapes this close are one (1920x1088 and 1920x1080; a shape rounded): the split not moved


def video_height(area: QSplitter, aspect: float | None = None) -> int:
    """px the player (the area's first pane) needs: a picture of ``aspect`` (width over height;
    default: the shape the split follows, else 16:9) at the area's width, plus its controls (what
    its layout needs besides the picture: its minimum height)."""
    split = getattr(area, "_video_split", None)
    aspect = aspect or (split.aspect if split is not None else ASPECT)
    return round(area.width() / aspect) + area.widget(0).minimumSizeHint().height()


def captions_room(area: QSplitter) -> int | None:
    """px the captions panel (the area's second pane) keeps under a picture taller than 16:9:
    room for ``CAPTION_ROWS`` typical captions at the area's width, or less where the clip's own
    captions need less (``CaptionsPanel.room_for``: fewer or shorter ones, or none in the library),
    those the split last took (``_VideoSplit.captions_shown``); None: no captions panel."""
    captions = area.widget(1)
    if not hasattr(captions, "room_for"):
        return None
    room = captions.room_for(CAPTION_ROWS, area.width())
    split = getattr(area, "_video_split", None)
    shown = split.shown_room() if split is not None else None
    return room if shown is None else min(room, shown)


def video_target(area: QSplitter, total: int | None = None) -> int:
    """px the split gives the player of ``area`` (``total``: the panes' room, default the area's
    now): ``video_height``, at most ``MOST`` of it, and for a picture taller than 16:9 at most
    what leaves the captions panel its room (``captions_room``); never less than a 16:9 picture gets."""
    if total is None:
        total = area.contentsRect().height() - area.handleWidth()
    most = int(total * MOST)
    video, wide = min(video_height(area), most), video_height(area, ASPECT)
    if video > wide:  # (else the captions' room bounds nothing: not measured, at every resize)
        room = captions_room(area)
        if room is not None:
            video = min(video, total - room)
    return max(video, min(wide, video_height(area), most))


class _VideoSplit(QObject):
    def __init__(self, area: QSplitter, shape=None):
        super().__init__(area)
        self.area, self.following, self.shape, self.aspect = area, True, shape, ASPECT
        self._taken = None  # the title of the captions the split last took (one clip's: once)
        self._room = None  # (width, font, px): the room those captions needed, at that width and font
        area.splitterMoved.connect(self.stop)  # (only a drag of its handle: setSizes says nothing)
        area.installEventFilter(self)
        if shape is not None:
            shape.changed.connect(self.reshape)
            self.aspect = shape.aspect() or ASPECT
        self._captions_changed = QTimer(self, singleShot=True, interval=0)  # (once they are all in)
        self._captions_changed.timeout.connect(self.captions_shown)
        self._listed = area.widget(1).findChild(QAbstractItemView) if area.count() == 2 else None
        if self._listed is not None and hasattr(area.widget(1), "room_for"):
            model = self._listed.model()  # (the panel's list cleared and filled again: other captions shown)
            for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved):
                signal.connect(self._soon)
        self.fit()

    def _soon(self, *_args) -> None:
        self._captions_changed.start()

    def shown_room(self, fresh: bool = False) -> int | None:
        """px the captions shown need at the area's width (``CaptionsPanel.room_for(shown=True)``);
        while the next clip's are coming (none shown), those the split took last, where that was at
        this width and font (a clip's like the one before's, most often: the split stays), unless
        ``fresh``; None: not known."""
        captions, width = self.area.widget(1), self.area.width()
        key = (width, captions.font().key())
        room = captions.room_for(CAPTION_ROWS, width, shown=True)
        if room is not None:
            self._room = (*key, room)
        elif not fresh and self._room is not None and self._room[:2] == key:
            room = self._room[2]
        return room

    def captions_shown(self) -> None:
        """The captions panel shows other captions: for another clip (its title), the split fits
        them once (the player takes what fewer or shorter captions leave, or gives back what more
        need); for the same clip (a note added, more asked), only if they need more room than
        they have (no move while a clip plays, none for a caption that fits)."""
        if not self.following:
            return
        captions = self.area.widget(1)
        room = self.shown_room(fresh=True)  # (kept for the next clip's: a 16:9 clip's fits measure none)
        if room is None:
            return  # (no clip; its captions still coming)
        another, self._taken = captions.title() != self._taken, captions.title()
        before = self.area.sizes()
        if another or room > before[1]:
            self.fit()
        if self.area.sizes() != before:
            # (shown in the room they had, the list scrolled to its current caption there, if
            # need be: as it would have in the room they have now, from its top)
            listed, current = self._listed, self._listed.currentIndex()
            listed.verticalScrollBar().setValue(0)
            if current.isValid():
                listed.scrollTo(current)

    def reshape(self) -> None:
        """The clip's shape changed (``self.shape``): followed if it is another shape."""
        aspect = self.shape.aspect() or ASPECT
        if abs(aspect - self.aspect) > SAME * self.aspect:
            self.aspect = aspect
            self.fit()

    def stop(self, *_args) -> None:
        if self.following and self.shape is not None:
            self.shape.changed.disconnect(self.reshape)
        self.following = False
        self.area.removeEventFilter(self)

    def fit(self) -> None:
        area = self.area
        # (the panes' room from the area's own height: in its Resize, seen here before the splitter
        # lays its panes out, sizes() still holds the old total, and the splitter shared the
        # difference 3:2: the video grew or shrank past its 16:9 height, and a window resized or a
        # status message's rows come and gone left it 20-40 px off, a different split each time)
        total = area.contentsRect().height() - area.handleWidth()
        if area.count() != 2 or total <= 0:
            return
        video = video_target(area, total)
        area.setSizes([video, total - video])

    def eventFilter(self, watched, event) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show, *FONT_CHANGES):
            self.fit()
        return super().eventFilter(watched, event)


def follows_video(area: QSplitter) -> bool:
    """True while ``area``'s split follows the video (the user never dragged it): a split not to
    save, so that the next start follows the video too (a saved one is the user's, kept)."""
    split = getattr(area, "_video_split", None)
    return split is not None and split.following


def follow_video_height(area: QSplitter, shape=None) -> QSplitter:
    """Split ``area`` (the player, the captions panel) by the video's needs until the user drags
    its handle, the picture of ``shape``'s (``app.picture_shape.PictureShape``; None: 16:9); see
    the module's docstring."""
    area._video_split = _VideoSplit(area, shape)
    return area
