"""The decoding time of an MPEG-PS packet whose PES carries a PTS alone: that PTS (MPEG-2 Systems: a PES
without a DTS is decoded when it is shown). FFmpeg's muxer writes a PTS alone where a frame is shown as it is
decoded (every frame of a clip without B-frames), and FFmpeg's demuxer, where its probe found B-frames anywhere
it read (the next clip of clips joined byte for byte: 6 s without B-frames and 6 s with them), fills such a
packet's DTS from its buffer of the PTS before: the stamp before, 0.64 s back where small frames share a PES,
none for the first. The scan then took the first clip's first PES for stray stamps and started it 0.64 s late,
its length 0.56 s long; with 4 s clips the second clip's frames never came. Read off the PES header at the
packet's byte position (where FFmpeg gives one, the PES it begins), for H.264 only: an MPEG-2 stream's B-frames
are PTS-only PES too, which ``core.ps_clock`` times from FFmpeg's fill-in."""

from __future__ import annotations

from core.bounded_read import open_bytes
from core.ps_keys import is_ps

BUFFER = 1 << 20  # (the packets come in file order: a read a MiB, not a read a PES)


def applies(container, stream) -> bool:
    """Whether ``stream`` of ``container`` is H.264 in an MPEG-PS whose probe found B-frames (FFmpeg then
    fills a PTS-only packet's DTS)."""
    return is_ps(container) and stream.codec_context.name == "h264" and bool(stream.codec_context.has_b_frames)


def fixed(path, packets, index: int, timeout_s: float | None = None):
    """``packets`` with the DTS of each packet of stream ``index`` whose PES carries a PTS alone set to its PTS.
    ``timeout_s``: the most a read may bring nothing (``core.bounded_read``: a share that stopped answering)."""
    with open_bytes(path, timeout_s, BUFFER) as f:
        for packet in packets:
            if (packet.stream.index == index and packet.pts is not None and packet.dts != packet.pts
                    and packet.pos is not None and packet.pos >= 0 and pts_alone(f, packet.pos)):
                packet.dts = packet.pts
            yield packet


def pts_alone(f, pos: int) -> bool:
    """Whether the MPEG-2 PES header at byte ``pos`` of ``f`` is a video PES's with a PTS and no DTS."""
    f.seek(pos)
    head = f.read(8)
    return (len(head) == 8 and head[:3] == b"\0\0\1" and 0xE0 <= head[3] <= 0xEF and head[6] & 0xC0 == 0x80
            and head[7] >> 6 == 2)
