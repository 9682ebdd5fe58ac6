"""An H.264 stream whose SPS claims a frame size its slices are not of (a crafted or damaged file): a 64x64
clip of 10 frames (libx264, no B-frames) whose sequence parameter sets are rewritten to say ``width`` x
``height`` (multiples of 16), written as a bare .h264 stream and remuxed into Matroska and MPEG-TS."""

from __future__ import annotations

import io
from fractions import Fraction

import av
import numpy as np

_CHROMA_PROFILES = {100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135}  # (an SPS with chroma fields)


def encode_raw(frames: int = 10, side: int = 64) -> bytes:
    buf = io.BytesIO()
    with av.open(buf, "w", format="h264") as out:
        s = out.add_stream("libx264", rate=10)
        s.width = s.height = side
        s.pix_fmt, s.options = "yuv420p", {"g": "5", "bf": "0"}
        for i in range(frames):
            f = av.VideoFrame.from_ndarray(np.full((side, side, 3), i * 20, np.uint8), format="rgb24")
            f.pts = i
            out.mux(s.encode(f))
        out.mux(s.encode())
    return buf.getvalue()


class _Reader:
    def __init__(self, data: bytes):
        self.data, self.at = data, 0

    def u(self, n: int) -> int:
        v = 0
        for _ in range(n):
            v = (v << 1) | (self.data[self.at >> 3] >> (7 - (self.at & 7))) & 1
            self.at += 1
        return v

    def ue(self) -> int:
        zeros = 0
        while self.u(1) == 0:
            zeros += 1
        return (1 << zeros) - 1 + self.u(zeros)


class _Writer:
    def __init__(self):
        self.bits: list[int] = []

    def u(self, n: int, v: int) -> None:
        self.bits += [(v >> (n - 1 - i)) & 1 for i in range(n)]

    def ue(self, v: int) -> None:
        n = (v + 1).bit_length()
        self.u(n - 1, 0)
        self.u(n, v + 1)

    def bytes(self) -> bytes:
        bits = self.bits + [0] * (-len(self.bits) % 8)
        return bytes(int("".join(map(str, bits[i:i + 8])), 2) for i in range(0, len(bits), 8))


def _unescaped(data: bytes) -> bytes:
    out, zeros = bytearray(), 0
    for b in data:
        if zeros >= 2 and b == 3:
            zeros = 0
            continue
        out.append(b)
        zeros = zeros + 1 if b == 0 else 0
    return bytes(out)


def _escaped(data: bytes) -> bytes:
    out, zeros = bytearray(), 0
    for b in data:
        if zeros >= 2 and b <= 3:
            out.append(3)
            zeros = 0
        out.append(b)
        zeros = zeros + 1 if b == 0 else 0
    return bytes(out)


def _sps_claiming(rbsp: bytes, width_mbs: int, height_mbs: int) -> bytes:
    """The SPS ``rbsp`` with its size set to ``width_mbs`` x ``height_mbs`` macroblocks, its cropping off."""
    r, w = _Reader(rbsp), _Writer()
    profile = r.u(8)
    w.u(8, profile)
    w.u(8, r.u(8))  # constraint flags
    w.u(8, r.u(8))  # level
    w.ue(r.ue())  # seq_parameter_set_id
    if profile in _CHROMA_PROFILES:
        chroma = r.ue()
        w.ue(chroma)
        if chroma == 3:
            w.u(1, r.u(1))
        w.ue(r.ue())  # bit depths
        w.ue(r.ue())
        w.u(1, r.u(1))
        assert r.u(1) == 0, "no scaling matrices (libx264's default)"
        w.u(1, 0)
    w.ue(r.ue())  # log2_max_frame_num_minus4
    poc = r.ue()
    assert poc in (0, 2), "libx264's picture order count types"
    w.ue(poc)
    if poc == 0:
        w.ue(r.ue())
    w.ue(r.ue())  # max_num_ref_frames
    w.u(1, r.u(1))  # gaps_in_frame_num_value_allowed_flag
    r.ue()
    r.ue()
    w.ue(width_mbs - 1)
    w.ue(height_mbs - 1)
    frame_mbs_only = r.u(1)
    w.u(1, frame_mbs_only)
    if not frame_mbs_only:
        w.u(1, r.u(1))
    w.u(1, r.u(1))  # direct_8x8_inference_flag
    if r.u(1):  # frame cropping: left out
        for _ in range(4):
            r.ue()
    w.u(1, 0)
    while r.at < len(rbsp) * 8:  # (its VUI and trailing bits as they were)
        w.u(1, r.u(1))
    return w.bytes()


def claiming(raw: bytes, width: int, height: int) -> bytes:
    """The bare H.264 stream ``raw`` with every SPS claiming ``width`` x ``height``."""
    units = raw.split(b"\x00\x00\x01")
    for i, unit in enumerate(units):
        if unit and unit[0] & 0x1F == 7:
            body = unit.rstrip(b"\x00")
            units[i] = bytes(body[:1]) + _escaped(_sps_claiming(_unescaped(body[1:]), width // 16, height // 16)) \
                + unit[len(body):]
    return b"\x00\x00\x01".join(units)


def remux(src: str, dst: str, fmt: str) -> None:
    # (FFmpeg's first look would decode frames of the size claimed: its decoders kept to small ones)
    with av.open(src, options={"max_pixels": str(64 * 64)}) as inp, av.open(dst, "w", format=fmt) as out:
        s = inp.streams.video[0]
        t = out.add_stream_from_template(s)
        for k, packet in enumerate(p for p in inp.demux(s) if p.size):
            packet.stream, packet.pts, packet.dts, packet.time_base = t, k, k, Fraction(1, 10)
            out.mux(packet)


def write_claiming(folder, width: int, height: int) -> dict[str, str]:
    """{extension: path} of the clip claiming ``width`` x ``height``, as .h264, .mkv and .ts in ``folder``."""
    paths = {"h264": f"{folder}/claims.h264"}
    with open(paths["h264"], "wb") as f:
        f.write(claiming(encode_raw(), width, height))
    for ext, fmt in (("mkv", "matroska"), ("ts", "mpegts")):
        paths[ext] = f"{folder}/claims.{ext}"
        remux(paths["h264"], paths[ext], fmt)
    return paths
