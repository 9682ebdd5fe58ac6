"""Packets without timestamps in an MPEG-PS/TS while the decoder skips frames (``nonref``, ``nonkey``:
:mod:`core.decode_modes`), for :class:`core.av_reader.FrameReader` (after :func:`core.untimed_keys.packets`).

:mod:`core.untimed_keys` times the frames of such a stream (H.264 whose small frames share a PES: most
frames, keyframes among them, without a timestamp) by counting them, which needs every frame decoded.
A skipping decoder's frames came counted all the same: a keyframe 1.19 s in, decoded alone, was timed one
frame after the keyframe before it (0.08 s), and its pixels given for every time up to the next one.

Here each packet is timed before the decoder sees it, in decoding order, which the demuxer gives whether
the decoder decodes the packet or not: its decoding time is the timed packet's before it counted on a
packet's duration a packet, or, after a seek or a walk (none timed yet), the next timed packet's counted
back (packets are held until it comes: ``HOLD_BYTES``). Its presentation time, which the decoder carries to its
frame: a keyframe's is its decoding time plus the delay timed keyframes have (a closed group's keyframe is
shown once every frame decoded before it is: the delay is the stream's, the same for each; clips joined byte
for byte each their own, ``timeline.Segment.key_delay``); a frame's of a
stream that shows its frames in decoding order (no timed packet shown later than decoded, the decoder
holds none back) is its decoding time. A frame of a stream with B-frames has no such time: its packets
shown after those decoded later are known from the slices' picture order only, so where one comes the
decoder decodes every frame from there on (``every``; cost: measured in tests/test_skip_times.py's doc),
and :mod:`core.untimed_keys` times the frames, as for a reader that decodes every frame.
"""

from __future__ import annotations

from core.decode_modes import SKIP_FRAME

HOLD_BYTES = 32 << 20  # packets held after a seek until a timed one comes (then they go on untimed, counted)


def packets(reader, demuxed):
    """``demuxed`` (the reader's packets, decoding order), those without a timestamp timed where the
    decoder skips frames (module doc)."""
    if not reader.stamps:
        yield from demuxed
        return
    held, run, step, size = [], None, 0, 0  # (run: the packet before's decoding time, counted; step: its duration)
    for packet in demuxed:
        if packet.size == 0:  # (the empty packet that drains the decoder)
            yield from held
            held, size = [], 0
            yield packet
            continue
        if packet.dts is not None and packet.pts is not None:
            _note(reader, packet)
            after = run = packet.dts
            for early in reversed(held):  # (counted back, a packet's duration each)
                after = early.dts = after - _ticks(reader, early)
        elif run is not None:
            run = packet.dts if packet.dts is not None else run + step
            if not _every_frame(reader):  # (else untimed_keys counts: reader.dts_run)
                packet.dts = run
        step = _ticks(reader, packet)
        if _every_frame(reader):
            yield packet
            continue
        held.append(packet)
        if run is None:  # (none timed since the seek: held until one comes)
            size += packet.size
            if size > HOLD_BYTES:
                yield from held
                held, size = [], 0
            continue
        for timed in held:
            if timed.pts is None:
                _stamp(reader, timed)
        yield from held
        held, size = [], 0
        if _every_frame(reader):  # (switched: untimed_keys counts on from here)
            reader.dts_run = run
    yield from held


def _every_frame(reader) -> bool:
    return str(reader.stream.codec_context.skip_frame) == SKIP_FRAME["none"]


def _ticks(reader, packet) -> int:
    return int(packet.duration) if packet.duration else max(1, round(reader.frame_dur / reader.tb))


def _note(reader, packet) -> None:
    """A timed packet: whether the stream shows frames later than it decodes them, and keyframes' delay."""
    if packet.pts != packet.dts:
        reader.skip_reorders = True
        reader.reorder = max(getattr(reader, "reorder", 0), packet.pts - packet.dts)  # (untimed_keys' walks)
    if packet.is_keyframe:
        reader.skip_key_delay = max(getattr(reader, "skip_key_delay", None) or 0, packet.pts - packet.dts)


def _reorders(reader) -> bool:
    return getattr(reader, "skip_reorders", False) or reader.stream.codec_context.has_b_frames > 0


def _stamp(reader, packet) -> None:
    """``packet`` (its decoding time counted) given the time it is shown, where that is known; else
    the decoder decodes every frame from here on (module doc)."""
    own = reader.timeline.key_delay(packet) if reader.timeline is not None and packet.is_keyframe else None
    delay = own if own is not None else getattr(reader, "skip_key_delay", None)  # (its part's: clips joined
    if packet.is_keyframe and delay is not None:  # with other B-frames, a keyframe 2 frames off its time)
        packet.pts = packet.dts + delay
    elif not _reorders(reader):
        packet.pts = packet.dts
    elif packet.is_keyframe or str(reader.stream.codec_context.skip_frame) != SKIP_FRAME["nonkey"]:
        every(reader, packet)


def every(reader, packet) -> None:
    """Every frame decoded from ``packet`` on (its decoding time known): a skipped frame came before
    it, never one it refers to (a ``nonref`` decoder skips none such; a ``nonkey`` one is switched at
    a keyframe only), so the frames from here decode whole; :mod:`core.untimed_keys` times them."""
    reader.stream.codec_context.skip_frame = SKIP_FRAME["none"]
    reader.fresh = True  # (frames without a timestamp held until a timed one: untimed_keys.timed)
    reader.skip_switched = getattr(reader, "skip_switched", 0) + 1
