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
next start restored it as the user's, and the video no longer followed the window's size."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QSplitter

from .font_follow import FONT_CHANGES

ASPECT = 16 / 9  # the picture assumed (most footage; a taller one is letterboxed, never cut)
MOST = 0.6  # of the area the video takes at most (its old 3:2 share)


def video_height(area: QSplitter) -> int:
    """px the player (the area's first pane) needs: a 16:9 picture at the area's width, plus
    its controls (what its layout needs besides the picture: its minimum height)."""
    player = area.widget(0)
    return round(area.width() / ASPECT) + player.minimumSizeHint().height()


class _VideoSplit(QObject):
    def __init__(self, area: QSplitter):
        super().__init__(area)
        self.area, self.following = area, True
        area.splitterMoved.connect(self.stop)  # (only a drag of its handle: setSizes says nothing)
        area.installEventFilter(self)
        self.fit()

    def stop(self, *_args) -> None:
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
        video = min(video_height(area), int(total * MOST))
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


def follow_video_height(area: QSplitter) -> QSplitter:
    """Split ``area`` (the player, the captions panel) by the video's needs until the user drags
    its handle; see the module's docstring."""
    area._video_split = _VideoSplit(area)
    return area
