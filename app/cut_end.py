"""``CutEnd``: where Qt's media player's file stops playing, for an MP4 cut short inside its media data
(a ``core.play_timing.Cut``: its index lists frames past the file's end). Qt's player takes the header's
length: its timeline said 0:30 where the frames stop at 0:13, and sought past there it sat "playing" for
ever with no frame. The preview (``app.player.PreviewPlayer``) holds its timeline, seeks, position and
time label to the playable length through this; a whole file (no cut) passes every value through."""

from __future__ import annotations

from PySide6.QtMultimedia import QMediaPlayer

AT_END_MS = 50  # (a position this close to the cut is at its end: Play there starts it again)
# how far ahead of what plays Qt's video decoder meets the sample the cut goes through: a few frames (its queue of
# frames decoded ahead; measured 6.2 frames, 3.1 s of a 2 fps clip), with a second at least for a fast rate
READ_AHEAD_FRAMES = 10
READ_AHEAD_MIN_MS = 1_000


class CutEnd:
    """The playable length of the file ``player`` plays, in ms (``ms``: 0 for its own, whole, length)."""

    def __init__(self, player: QMediaPlayer):
        self._player = player
        self.ms = 0
        self._ahead_ms = READ_AHEAD_MIN_MS  # (how far before the cut Qt's decoder may meet it)

    def set(self, cut) -> None:
        """The file's ``Cut`` (None: a whole file, or none yet)."""
        self.ms = 0 if cut is None else int(cut.playable_s * 1000)
        fps = getattr(cut, "fps", 0.0) or 0.0
        self._ahead_ms = max(READ_AHEAD_MIN_MS, int(READ_AHEAD_FRAMES * 1000 / fps) if fps > 0 else 0)

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
        """Whether the media player's error ``err`` at ``ms`` (where it plays, or was last sought to) is its video
        decoder meeting the cut: FFmpeg's demuxer hands on the sample the cut goes through, part-written ("Packet
        corrupt", "partial file"), and Qt's demuxer takes that for the end; its decoder, a few frames ahead of what
        plays, fails on that sample ("Invalid data found", a FormatError from its frame decoding), while Qt plays on
        what it decoded to the cut, ends there, and plays again when sought. Qt's player is kept (its sound too):
        taken for a failure, the engine's silent frames took over. Only within ``READ_AHEAD_FRAMES`` (a second at
        least) before the cut: any FormatError there is taken for it, real damage in those frames too (Qt's decoder
        goes on after a damaged frame); one earlier is a failure, the engine's frames going on from there."""
        return bool(self.ms) and err == QMediaPlayer.Error.FormatError and ms >= self.ms - self._ahead_ms

    def at_end(self) -> bool:
        """Whether the media player stands at the cut's end (Play starts it from the start again, as at a file's end)."""
        return bool(self.ms) and self._player.position() >= self.ms - AT_END_MS
