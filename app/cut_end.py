"""``CutEnd``: where Qt's media player's file stops playing, for an MP4 cut short inside its media data
(a ``core.play_timing.Cut``: its index lists frames past the file's end). Qt's player takes the header's
length: its timeline said 0:30 where the frames stop at 0:13, and sought past there it sat "playing" for
ever with no frame. The preview (``app.player.PreviewPlayer``) holds its timeline, seeks, position and
time label to the playable length through this; a whole file (no cut) passes every value through."""

from __future__ import annotations

from PySide6.QtMultimedia import QMediaPlayer

AT_END_MS = 50  # (a position this close to the cut is at its end: Play there starts it again)
# how far ahead of what plays Qt's demuxer reads (measured 3.1 s: its buffer holds about 4 s)
READ_AHEAD_MS = 10_000


class CutEnd:
    """The playable length of the file ``player`` plays, in ms (``ms``: 0 for its own, whole, length)."""

    def __init__(self, player: QMediaPlayer):
        self._player = player
        self.ms = 0

    def set(self, cut) -> None:
        """The file's ``Cut`` (None: a whole file, or none yet)."""
        self.ms = 0 if cut is None else int(cut.playable_s * 1000)

    def length_ms(self) -> int:
        """The media player's length in ms, held to the cut (0 or less: not known yet)."""
        ms = self._player.duration()
        return min(ms, self.ms) if self.ms and ms > 0 else ms

    def held(self, ms: int) -> int:
        """A position of the media player's, held to the cut (Qt's EndOfMedia reports the header's end)."""
        return min(ms, self.ms) if self.ms else ms

    def passed(self, ms: int) -> bool:
        """Whether the media player, at ``ms``, has played to the cut (it stops there)."""
        return bool(self.ms) and ms >= self.ms

    def read_to(self, err: QMediaPlayer.Error, ms: int) -> bool:
        """Whether the media player's error ``err`` at ``ms`` is its demuxer reaching the cut: FFmpeg answers the
        sample cut through with "Invalid data found" (a FormatError), not the end of the file, while Qt, reading
        ahead, still plays what it has read; it plays on to the cut, ends there, and plays again when sought. Qt's
        player is kept (its sound too): taken for a failure, the engine's silent frames took over."""
        return bool(self.ms) and err == QMediaPlayer.Error.FormatError and ms >= self.ms - READ_AHEAD_MS

    def at_end(self) -> bool:
        """Whether the media player stands at the cut's end (Play starts it from the start again, as at a file's end)."""
        return bool(self.ms) and self._player.position() >= self.ms - AT_END_MS
