"""Keyframes too sparse for keyframes-only decoding (the indexer's quick pass: ``FrameSampler(
skip="nonkey", key_gap_s=...)``, :mod:`core.av_reader` calls these).

Keyframes only gives one frame per keyframe, and some files have few: H.264 with intra refresh (one
IDR frame at the start, as some cameras and live streams write), a long group of pictures (a screen
recording with a keyframe a minute, a security camera's every two minutes), a container whose
keyframe flags are missing. The quick pass then showed the first frame for every moment of the
file until the full pass. So while a reader skips ``nonkey``, it holds the packets since the last
frame it gave (a keyframe, the first held packet its own); when a packet lies more than
``key_gap_s`` past that frame, the decoder is drained (the keyframes a B-frame delay still holds
come out, none given twice) and flushed, set to skip ``nonref`` (every frame other
frames refer to decoded) and handed the held packets again, and frames come between the keyframes
(at their own timestamps) until the decoder gives a keyframe (an I-frame it flags as one), from
which it skips ``nonkey`` again; frames of the dense decoding that come out after that switch (a
B-frame delay's) are dropped (``SETTLE_FRAMES``), not handed on as frames a decoder skipping
``nonkey`` should not give (``core.decode_modes.keyframes_kept`` would take H.264's decoder for one
that ignores ``nonkey``). A file whose keyframes come within ``key_gap_s`` decodes exactly
as before. Bounded: at most ``HELD_MAX_BYTES`` of packets held (a group past it stays keyframes
only) and ``DENSE_MAX_FRAMES`` frames decoded so per file (then keyframes only for the rest; the
full pass decodes it all). Not for a file whose clock restarts (``core.timeline``: a replay would
read as a jump) nor for frames without timestamps.
"""

from __future__ import annotations

import math

import av

from core import timeline
from core.decode_modes import SKIP_FRAME

HELD_MAX_BYTES = 32 << 20  # packets held since the last frame given (~12 s of 20 Mb/s)
DENSE_MAX_FRAMES = 18000  # frames decoded between keyframes per file (10 min at 30 fps)
SETTLE_FRAMES = 16  # frames decoded before the switch back to keyframes only, still coming out after it


class Sparse:
    """One reader's held packets and mode (see the module doc)."""

    def __init__(self, gap_s: float):
        self.gap_s = gap_s
        self.held: list = []  # packets from the last frame given's own on (skipping nonkey)
        self.bytes = 0
        self.anchor: int | None = None  # the pts of the last frame given, that of held[0]
        self.dense = False  # skipping nonref between keyframes
        self.dense_frames = 0
        self.after: int | None = None  # after a replay: frames up to this pts were given already
        self.settle = 0  # frames of the dense decoding still to come out, dropped
        self.last: int | None = None  # the pts of the last frame given

    def drop(self) -> None:
        self.held, self.bytes, self.anchor = [], 0, None

    def hold(self, packet) -> None:
        if packet.size <= 0 or not math.isfinite(self.gap_s):
            return
        self.held.append(packet)
        self.bytes += packet.size
        if self.bytes > HELD_MAX_BYTES:  # (this group stays keyframes only)
            self.drop()

    def trips(self, reader, packet) -> bool:
        """Whether ``packet`` lies more than ``gap_s`` past the last frame given, skipping nonkey."""
        return (self.anchor is not None and packet.pts is not None and not self.dense
                and str(reader.stream.codec_context.skip_frame) == SKIP_FRAME["nonkey"]
                and (packet.pts - self.anchor) * reader.tb > self.gap_s)

    def keys_only(self, reader) -> None:
        reader.stream.codec_context.skip_frame = SKIP_FRAME["nonkey"]
        self.dense, self.settle = False, SETTLE_FRAMES


def attach(reader, gap_s: float):
    """``reader``'s state for ``gap_s`` (None: keyframes only as they come, ``gap_s`` infinite)."""
    return Sparse(gap_s) if gap_s is not None and math.isfinite(gap_s) and gap_s > 0 else None


def _on(reader) -> bool:
    return reader.sparse is not None and reader.tb is not None and not reader.timeline and not reader.raw


def packets(reader, packets):
    """The packets for the decoder from where the demuxer is: the held ones again before the one
    that lies too far past the last frame given (the decoder flushed and set to skip nonref)."""
    sp = reader.sparse
    if sp is not None:
        sp.drop()
        sp.after, sp.settle, sp.last = None, 0, None
    for packet in packets:
        if not _on(reader) or isinstance(packet, timeline.Restart):
            if sp is not None:
                sp.drop()
            yield packet
            continue
        if packet.is_keyframe and packet.pts is not None and not sp.dense:
            sp.drop()  # (a keyframe the container flags: the held packets start again from it)
            sp.anchor = packet.pts
        elif sp.trips(reader, packet):
            yield _drain(reader)  # (the keyframes a B-frame delay still holds come out before the flush)
            held, sp.after = sp.held, max(sp.anchor, sp.anchor if sp.last is None else sp.last)
            sp.dense = True
            reader.stream.codec_context.skip_frame = SKIP_FRAME["nonref"]
            reader.stream.codec_context.flush_buffers()
            sp.drop()
            for p in held:
                sp.hold(p)
                yield p
        if sp.dense or str(reader.stream.codec_context.skip_frame) == SKIP_FRAME["nonkey"]:
            sp.hold(packet)
        yield packet


def _drain(reader):
    """An empty packet: the decoder gives the frames it holds (``flush_buffers`` then takes packets again)."""
    packet = av.Packet()
    packet.stream = reader.stream
    return packet


def given(reader, frames: list) -> list:
    """The decoded ``frames`` to give: not those given before a replay, nor, after the switch back to
    keyframes only, frames of the dense decoding still coming out; the last keyframe given anchors
    the held packets (those before its own dropped)."""
    sp = reader.sparse
    if not frames or sp is None or not _on(reader):
        return frames
    out = []
    for f in frames:
        if sp.after is not None and f.pts is not None:
            if f.pts <= sp.after:
                continue  # (given before the replay)
            sp.after = None
        if sp.dense:
            sp.dense_frames += 1
            if f.key_frame and int(f.pict_type) == 1:  # (an I-frame: keyframes only again from it)
                sp.keys_only(reader)
                _anchor(sp, f.pts)  # (not settled by itself: the dense frames after it still come out)
                out.append(f)
                continue
            elif sp.dense_frames >= DENSE_MAX_FRAMES:
                sp.keys_only(reader)
                sp.gap_s = math.inf  # (the rest of the file keyframes only)
                sp.drop()
            else:
                out.append(f)
                continue
        elif sp.settle and not f.key_frame:
            sp.settle -= 1
            continue  # (decoded dense, out after the switch)
        if f.key_frame and f.pts is not None:
            sp.settle = 0
            _anchor(sp, f.pts)
        out.append(f)
    last = [f.pts for f in out if f.pts is not None]
    if last:
        sp.last = max(last) if sp.last is None else max(sp.last, *last)
    return out


def _anchor(sp: Sparse, pts: int) -> None:
    """The keyframe of pts ``pts`` was given: the held packets from its own on, when they hold it
    (a decoder gives a keyframe skipping ``nonkey`` only after its next, with B-frames: the anchor
    a flagged keyframe packet set may be later already)."""
    if sp.anchor is not None and pts <= sp.anchor:
        return
    for i, p in enumerate(sp.held):
        if p.pts == pts:
            del sp.held[:i]
            sp.bytes = sum(q.size for q in sp.held)
            sp.anchor = pts
            return
