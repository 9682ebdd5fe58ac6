"""The keyframes of an MPEG-PS read through a timeline (DVD VOBs, camcorder .MPG/.MOD clips joined
byte for byte), listed by ``timeline.scan`` for ``timeline_seek.jump``.

FFmpeg gives a program stream's packet a byte position only with its PES's timestamp, and small
frames share a PES: H.264 keyframes mostly come with neither (``core.untimed_keys``), MPEG-2 ones
with a timestamp FFmpeg counted on but no position. So the scan listed none, and a seek back or far
ahead walked every packet from the file's start (a late thumbnail of an hour of DVD: the hour's
packets). Here each keyframe is listed by its *anchor*, the byte position of the last packet with a
position and a timestamp at or before it (the PES it begins in, or one before; it is landed on at
the anchor before that one), and its time, its own timestamp or one counted on as the reader's walk
counts one (``untimed_keys.note``: the decoding time from the last timed packet, plus the most a
timed packet was shown after it, ``reorder``, which the reader is given too). The jump puts
the demuxer at such an anchor some way before the time and walks on from there as a walk from the
file's start does (``timeline_seek``): a guessed time a frame off costs a group walked, never
another frame.
"""

from __future__ import annotations

ANCHORS_KEPT = 4  # the last anchors kept to land on (``Keys._landing``)


def is_ps(container) -> bool:
    """Whether ``container`` is an MPEG-PS (FFmpeg's ``mpeg`` demuxer: .vob .mpg .mod .vro)."""
    return "mpeg" in str(container.format.name).split(",")


class Keys:
    """Fed every packet of video stream ``index`` in the file's order (``note``); ``keys`` lists its
    keyframes for a :class:`core.timeline.Timeline`."""

    def __init__(self, stream):
        self.index = stream.index
        rate = stream.average_rate or stream.guessed_rate
        tb = stream.time_base
        self.step = max(1, round(1 / (rate * tb))) if rate and tb else 1  # (a packet without a duration: a frame)
        self.anchor = self.before = None  # the byte positions of the last two packets with a position and a timestamp
        self.anchors: list[list] = []  # (the last anchors, each [position, whether its PES's stamp FFmpeg reads
        # alike after a seek]: ``_landing``)
        self.headed = None  # (a stamped keyframe's timestamp, checked against the packet after it)
        self.dts_run, self.reorder = None, 0
        # (anchor, landing: the anchor before it, timestamp) of each keyframe
        self.found: list[tuple[int, int, int]] = []

    def note(self, packet) -> None:
        if packet.stream.index != self.index or not packet.size:
            return
        if self.headed is not None and packet.pos is None and packet.pts == packet.dts == self.headed:
            self._unsound()  # (the keyframe's stamp is the B-frame's after it: ``core.ps_clock``'s (b1))
        self.headed = None
        if packet.pos is not None and packet.pos >= 0 and packet.pts is not None and packet.pos != self.anchor:
            self.before, self.anchor = self.anchor, int(packet.pos)
            self.anchors = [*self.anchors[-(ANCHORS_KEPT - 1):], [self.anchor, True]]
            self.headed = packet.pts if packet.is_keyframe and packet.dts is not None else None
        if packet.pts is not None and packet.dts is not None:
            self.dts_run, self.reorder = packet.dts, max(self.reorder, packet.pts - packet.dts)
        elif packet.pts is None and self.dts_run is not None:
            self.dts_run += int(packet.duration) if packet.duration else self.step
        if not packet.is_keyframe or self.anchor is None:
            return
        pts = packet.pts
        if pts is None and self.dts_run is not None:
            pts = self.dts_run + self.reorder
        if pts is not None:
            self.found.append((self.anchor, self._landing(), int(pts)))

    def _landing(self) -> int:
        """Where a seek lands for a keyframe after the last anchor: at the anchor before the last sound one
        (:meth:`keys`), whose stamp is then read first as a straight read reads it."""
        sound = [i for i, (_, ok) in enumerate(self.anchors) if ok]
        if sound and sound[-1] > 0:
            return self.anchors[sound[-1] - 1][0]
        return self.before if self.before is not None else self.anchor

    def _unsound(self) -> None:
        """The last anchor's stamp is not its keyframe's (module doc): read first after a seek, FFmpeg
        takes that keyframe's decoding time from its clock, counted from the landing otherwise than a
        straight read counts it (3 frames early with 3 B-frames). A keyframe listed by it lands an anchor
        further back."""
        self.anchors[-1][1] = False
        if self.found and self.found[-1][0] == self.anchor:
            self.found[-1] = (self.anchor, self._landing(), self.found[-1][2])

    def keys(self, tl) -> list[tuple[float, int, None]]:
        """``(seconds, landing, None)`` of each keyframe, in the file's order (``Timeline.keys``: no
        timestamp to check the landing by; the walk from there finds the keyframe). It lands at the
        anchor before its own: FFmpeg counts the timestamps of the packets after a seek, up to the
        next PES with one, otherwise than a straight read did (an MPEG-2 frame half a frame off)."""
        return [(tl.segments[tl.segment_at(pos)].seconds(pts, tl.tb), landing, None)
                for pos, landing, pts in self.found]
