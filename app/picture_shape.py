"""``PictureShape``: the shape of the picture the preview player shows, as it is shown (rotation
and pixel aspect applied: a phone's upright clip is taller than wide), for the preview area's split
(``app.preview_split``), which gives the player the height that picture needs.

A clip's shape comes first from what the library recorded of its video (``app.found``: the
engine's shown width and height, known before the file plays: the split moves once, as the clip is
chosen), else from what the player reports once it has it (Qt's video sink, an animation's
frames, the engine's frames). A given shape is kept while its clip is in the player (no second
move when the player reports its own); a clip whose shape is not known yet keeps the one before it
until the player reports (no move at all when it is the same). ``None``: no clip in the player."""

from __future__ import annotations

from PySide6.QtCore import QObject, QSize, Signal


def _size(size) -> tuple[int, int] | None:
    """(width, height) of a QSize or a pair, None for an unknown or empty one."""
    if isinstance(size, QSize):
        size = (size.width(), size.height())
    try:
        width, height = (int(v) for v in size or ())
    except (TypeError, ValueError):
        return None
    return (width, height) if width > 0 and height > 0 else None


class PictureShape(QObject):
    changed = Signal()  # ``size()`` changed

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._size: tuple[int, int] | None = None
        self._given = False  # the clip in the player came with its recorded size: the player's not taken

    def size(self) -> tuple[int, int] | None:
        """(width, height) of the picture as shown; None: no clip, or none known yet."""
        return self._size

    def aspect(self) -> float | None:
        """Its width over its height (None: none known)."""
        return None if self._size is None else self._size[0] / self._size[1]

    def expect(self, size=None) -> None:
        """A new clip in the player: ``size`` its recorded one (None or (0, 0): not recorded, the
        player's report awaited; the one before kept meanwhile)."""
        size = _size(size)
        self._given = size is not None
        if size is not None:
            self._set(size)

    def report(self, size) -> None:
        """The player's size of the picture of the clip it has (taken unless one was given)."""
        size = _size(size)
        if size is not None and not self._given:
            self._set(size)

    def clear(self) -> None:
        """No clip in the player."""
        self._given = False
        self._set(None)

    def _set(self, size: tuple[int, int] | None) -> None:
        if size != self._size:
            self._size = size
            self.changed.emit()
