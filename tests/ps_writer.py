"""An MPEG-PS written as MPEG-2 Systems means its stamps (a PES's PTS/DTS belong to the first picture
whose picture start code begins in it: DVD authoring tools', camcorders', recorders'), for
``tests/test_ps_clock_standard.py``. FFmpeg's muxer stamps otherwise (``core.ps_clock``); PyAV has no
other, so the pack and PES headers are written here around FFmpeg's MPEG-2 pictures."""

from __future__ import annotations

import struct
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

PICTURE_START = b"\x00\x00\x01\x00"


def pictures(n: int, rate, options: dict, size=(176, 144)) -> list[tuple[bytes, int, int, bool]]:
    """``n`` MPEG-2 pictures in decode order: (bytes, pts, dts in frames, keyframe). A square moves
    over a flat background (P- and B-frames between the GOP's I-frames)."""
    cc = av.CodecContext.create("mpeg2video", "w")
    cc.width, cc.height, cc.pix_fmt = size[0], size[1], "yuv420p"
    cc.framerate, cc.time_base = Fraction(rate), 1 / Fraction(rate)
    cc.options = options
    rng, out = np.random.default_rng(0), []
    for i in list(range(n)) + [None]:
        frame = None
        if i is not None:
            img = np.full((size[1], size[0], 3), 90 + (i // 50) * 20 % 120, np.uint8)
            x = (i * 3) % (size[0] - 40)
            img[40:80, x:x + 40] = 230
            img = (img.astype(int) + rng.integers(-4, 5, img.shape)).clip(0, 255).astype(np.uint8)
            frame = av.VideoFrame.from_ndarray(img, format="rgb24")
            frame.pts = i
        out += [(bytes(p), int(p.pts), int(p.dts), bool(p.is_keyframe)) for p in cc.encode(frame)]
    return out


def as_fields(pics):
    """Each picture as two field pictures (top, then bottom; an I-frame's second field a P-field):
    two picture start codes a frame, as interlaced DVDs and broadcasts code them."""
    out = []
    for data, pts, dts, key in pics:
        at = data.find(PICTURE_START)
        head, top, bottom = data[:at], bytearray(data[at:]), bytearray(data[at:])
        ext = top.find(b"\x00\x00\x01\xb5") + 4  # (the picture coding extension)
        top[ext + 2] = (top[ext + 2] & ~3) | 1
        bottom[ext + 2] = (bottom[ext + 2] & ~3) | 2
        if key:
            bottom[5] = (bottom[5] & ~0x38) | (2 << 3)
        out.append((head + bytes(top) + bytes(bottom), pts, dts, key))
    return out


def pulled_down(pics):
    """3:2 pulldown flags (soft telecine, as on film DVDs): even frames repeat their first field
    (three fields), top_field_first alternating every two frames, each frame progressive."""
    out = []
    for data, pts, dts, key in pics:
        data = bytearray(data)
        at = data.find(PICTURE_START)
        ext = data.find(b"\x00\x00\x01\xb5", at) + 4
        rff, tff = pts % 2 == 0, (pts // 2) % 2 == 0
        data[ext + 3] = (data[ext + 3] & ~0x82) | (0x80 if tff else 0) | (0x02 if rff else 0)
        data[ext + 4] |= 0x80
        out.append((bytes(data), pts, dts, key))
    return out


def _stamp(prefix: int, t: int) -> bytes:
    return bytes([(prefix << 4) | (((t >> 30) & 7) << 1) | 1, (t >> 22) & 0xFF, (((t >> 15) & 0x7F) << 1) | 1,
                  (t >> 7) & 0xFF, ((t & 0x7F) << 1) | 1])


def _pack(scr: int) -> bytes:
    b = max(0, scr)
    return b"\x00\x00\x01\xba" + bytes([
        0x44 | ((b >> 27) & 0x38) | ((b >> 28) & 3), (b >> 20) & 0xFF,
        (((b >> 15) & 0x1F) << 3) | 4 | ((b >> 13) & 3), (b >> 5) & 0xFF, ((b & 0x1F) << 3) | 4, 1,
        0x01, 0x89, 0xC3, 0xF8])  # (SCR, mux rate, no stuffing)


def _pes(payload: bytes, pts: int | None, dts: int | None) -> bytes:
    if pts is None:
        head = bytes([0x81, 0, 0])
    elif dts is None or dts == pts:
        head = bytes([0x81, 0x80, 5]) + _stamp(2, pts)
    else:
        head = bytes([0x81, 0xC0, 10]) + _stamp(3, pts) + _stamp(1, dts)
    return b"\x00\x00\x01\xe0" + struct.pack(">H", len(head) + len(payload)) + head + payload


def write(path: Path, pics, times: list[tuple[int, int]], payload: int = 2000, stamp: str = "all",
          cut_at_keys: bool = True, second_fields: int | None = None) -> Path:
    """``pics`` at ``times`` ((pts, dts) a picture, 90 kHz) in PES of ``payload`` bytes, a PES's stamp
    its first picture start code's. ``stamp``: "all" (every PES a picture starts in), "keys" (those
    of keyframes), "sparse" (and every 3rd), "pts" (PTS only, no DTS: as some recorders write).
    ``cut_at_keys``: a PES ends where a keyframe's picture start code begins (its headers in the PES
    before: where FFmpeg's muxer stamps otherwise). ``second_fields``: field pictures' second field
    stamped too, that many ticks after the first."""
    es, starts = bytearray(), []
    for (data, _, _, key), (pts, dts) in zip(pics, times):
        at = data.find(PICTURE_START)
        starts.append((len(es) + at, pts, dts, key))
        if second_fields is not None:
            second = len(es) + data.find(PICTURE_START, at + 4)
            starts.append((second, pts + second_fields, dts + second_fields, False))
        es += data
    cuts = set(range(0, len(es), payload)) | ({s[0] for s in starts if s[3]} if cut_at_keys else set())
    cuts = sorted(cuts) + [len(es)]
    out, n = bytearray(), 0
    for a, z in zip(cuts, cuts[1:]):
        first = next((s for s in starts if a <= s[0] < z), None)
        pts = dts = None
        if first is not None:
            n += 1
            if stamp in ("all", "pts") or first[3] or (stamp == "sparse" and n % 3 == 0):
                pts, dts = first[1], None if stamp == "pts" else first[2]
        out += _pack((dts if dts is not None else pts or 0) - 20000) + _pes(bytes(es[a:z]), pts, dts)
    Path(path).write_bytes(bytes(out) + b"\x00\x00\x01\xb9")
    return Path(path)
