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
B-frame delay's) are dropped (``SETTLE_FRAMES``). A file whose keyframes come within ``key_gap_s``
decodes exactly as before.

A packet the container flags as a keyframe may give no frame skipping ``nonkey``: H.264's intra
refresh flags each refresh's first P-frame (its recovery point), which the decoder shows only once
the refresh has swept the picture. Once more than ``REORDER_MAX`` such packets (none without
B-frames) went to the decoder without their frame, the file's flags are not taken for frames: the
gap counts from the last frame given (before, a refresh every 10 s gave the first frame alone for
the whole file), and a replay starts at the last flagged packet (where the decoder recovers).

Bounded: at most ``HELD_MAX_BYTES`` of packets held (a group past it stays keyframes only) and
``DENSE_MAX_FRAMES`` frames decoded in a row per file. Past that the decoding hops: each packet
``key_gap_s`` past the last frame given replays from the last flagged packet not replayed yet (a
refresh's recovery point, a rare keyframe), decoded until its first frame comes (at most
``HOP_MAX_FRAMES``), then keyframes only again: frames over the whole file, at most every
``key_gap_s`` plus the decoder's recovery, for about one recovery's frames each (before, the rest
of the file gave keyframes only: a 20 min intra-refresh recording had quick frames for its first
10 min alone). A file with no later point to decode from (one IDR frame, no refresh) has nothing
more to give without decoding on from its start: keyframes only, the full pass decodes it all.
Not for a file whose clock restarts (``core.timeline``: a replay would read as a jump) nor for
frames without timestamps.
"""

from __future__ import annotations

import math

import av

from core import timeline
from core.decode_modes import SKIP_FRAME

HELD_MAX_BYTES = 32 << 20  # packets held since the last frame given (~12 s of 20 Mb/s)
DENSE_MAX_FRAMES = 18000  # frames decoded between keyframes in a row per file (10 min at 30 fps), then hops
HOP_MAX_FRAMES = 1500  # frames a hop decodes for its first frame (an intra refresh of 1 min at 25 fps)
SETTLE_FRAMES = 16  # frames decoded before the switch back to keyframes only, still coming out after it
REORDER_MAX = 4  # keyframes a decoder with B-frames may hold before it gives the first (x264's pyramid: 2)


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
        self.flagged: list[int] = []  # pts of flagged keyframe packets decoded skipping nonkey, not given
        self.lying = False  # flagged packets gave no frame (intra refresh): the gap counts from ``last``
        self.hopping = False  # DENSE_MAX_FRAMES spent: a replay gives its first frame only
        self.hopped: int | None = None  # the pts a replay last started from (each point hopped from once)
        self.target = 0  # the pts of the packet that started the replay: a hop ends at a frame there
        self.hop_packets = 0  # packets handed to the decoder since a hop started
        self.ending = False  # the dense decoding's last frame was given: keyframes only from the next packet

    def drop(self) -> None:
        self.held, self.bytes, self.anchor = [], 0, None

    def hold(self, packet) -> None:
        if packet.size <= 0 or not math.isfinite(self.gap_s):
            return
        self.held.append(packet)
        self.bytes += packet.size
        if self.bytes > HELD_MAX_BYTES:  # (this group stays keyframes only)
            self.drop()

    def flag(self, reader, pts: int) -> None:
        """A flagged keyframe packet for the decoder skipping nonkey: it should give its frame
        after at most the decoder's reorder delay (``REORDER_MAX`` with B-frames, else at once)."""
        if len(self.flagged) > (REORDER_MAX if reader.stream.codec_context.has_b_frames else 0):
            self.lying = True
        self.flagged.append(pts)

    def since(self):
        """The pts the gap counts from: the newest flagged keyframe packet, whose frame comes
        (unless the file's flags have shown they give none), else the last frame given."""
        if self.flagged and not self.lying:
            return self.flagged[-1]
        if self.last is not None:
            return self.last
        # (none given yet: with B-frames the decoder skipping nonkey holds the first keyframe's
        # frame while refreshes give none; the gap counts from that oldest packet, not the newest)
        return self.flagged[0] if self.flagged else self.anchor

    def trips(self, reader, packet) -> bool:
        """Whether ``packet`` lies more than ``gap_s`` past the last frame given, skipping nonkey
        (hopping: and the held packets start at a point not replayed yet)."""
        since = self.since()
        return (self.anchor is not None and packet.pts is not None and not self.dense and since is not None
                and str(reader.stream.codec_context.skip_frame) == SKIP_FRAME["nonkey"]
                and not (self.hopping and self.hopped is not None and self.anchor <= self.hopped)
                and (packet.pts - since) * reader.tb > self.gap_s)

    def keys_only(self, reader) -> None:
        reader.stream.codec_context.skip_frame = SKIP_FRAME["nonkey"]
        self.dense, self.settle, self.flagged = False, SETTLE_FRAMES, []


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
        sp.after, sp.settle, sp.last, sp.flagged, sp.hopped = None, 0, None, [], None
    for packet in packets:
        if not _on(reader) or isinstance(packet, timeline.Restart):
            if sp is not None:
                sp.drop()
            yield packet
            continue
        if sp.ending:
            _hop_ends(reader, sp)
        if packet.is_keyframe and packet.pts is not None and not sp.dense:
            sp.drop()  # (a keyframe the container flags: the held packets start again from it)
            sp.anchor = packet.pts
            if str(reader.stream.codec_context.skip_frame) == SKIP_FRAME["nonkey"]:
                sp.flag(reader, packet.pts)
        if not sp.dense and sp.trips(reader, packet):
            yield _drain(reader)  # (the keyframes a B-frame delay still holds come out before the flush)
            held = sp.held  # (the given frames' last: a lying flag's frame never was)
            sp.after = sp.anchor if sp.last is None else sp.last if sp.lying else max(sp.anchor, sp.last)
            sp.dense, sp.hopped, sp.target, sp.hop_packets = True, sp.anchor, packet.pts, 0
            reader.stream.codec_context.skip_frame = SKIP_FRAME["nonref"]
            reader.stream.codec_context.flush_buffers()
            sp.drop()
            for p in held:
                sp.hold(p)
                yield p
        if sp.dense and sp.hopping:
            sp.hop_packets += 1
            if sp.hop_packets > HOP_MAX_FRAMES:  # (a hop that gives nothing: on to the next point)
                _hop_ends(reader, sp)
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
    the held packets (those before its own dropped). Hopping, a replay ends at its first frame."""
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
                _anchor(sp, f.pts)  # (not settled: the dense frames after it still come out)
                out.append(f)
                continue
            out.append(f)
            if sp.dense_frames >= DENSE_MAX_FRAMES or (sp.hopping and f.pts is not None and f.pts >= sp.target):
                sp.ending = True  # (before the next packet: a P-frame given skipping nonkey is none)
                break
            continue
        if sp.settle and not f.key_frame:
            sp.settle -= 1
            continue  # (decoded dense, out after the switch)
        if f.key_frame and f.pts is not None:
            sp.settle = 0
            _anchor(sp, f.pts)
        out.append(f)
    last = [f.pts for f in out if f.pts is not None]
    if last:
        sp.last = max(last) if sp.last is None else max(sp.last, *last)
        sp.flagged = [p for p in sp.flagged if p > sp.last]
    return out


def _hop_ends(reader, sp: Sparse) -> None:
    """Dense decoding ends (DENSE_MAX_FRAMES spent, or a hop's frame given): keyframes only, from a
    flushed decoder (no dense frame left to come out, none decoded on refreshed references), until
    a later flagged packet to replay from."""
    sp.keys_only(reader)
    sp.settle, sp.hopping, sp.ending = 0, True, False
    reader.stream.codec_context.flush_buffers()
    sp.drop()


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
