"""AVI stores no presentation times: one chunk per frame, in decoding order. FFmpeg's guesses for a
stream with B-frames (H.264 or HEVC from a DVR, a camera or an x264 encode; MPEG-4 ASP from
DivX/XviD) put its frames out of order (H.264: frame 2 before frame 1) or a frame late, so the
sampler returned the wrong frames near each wanted time, and times that went backwards. Frames are
now timed as players show them: the k-th frame at k frame periods from the file's start."""

from __future__ import annotations

from fractions import Fraction

import av
import numpy as np
import pytest

from core.media import FrameSampler, probe

W, H, BITS, FPS = 160, 48, 8, 25


def coded(i: int) -> np.ndarray:
    """A frame that tells its own index: ``BITS`` stripes, white for a 1."""
    rgb = np.full((H, W, 3), 16, np.uint8)
    for b in range(BITS):
        if i >> b & 1:
            rgb[:, b * W // BITS:(b + 1) * W // BITS] = 235
    return rgb


def index_of(rgb: np.ndarray) -> int:
    stripes = rgb[:, :, 1].astype(float).reshape(rgb.shape[0], BITS, -1)[:, :, 4:-4].mean(axis=(0, 2))
    return sum(1 << b for b, v in enumerate(stripes) if v > 128)


def write_avi(path, codec: str, options: dict, frames: int = 75):
    with av.open(str(path), "w", format="avi") as out:
        video = out.add_stream(codec, rate=FPS)
        video.width, video.height, video.pix_fmt = W, H, "yuv420p"
        video.options = options
        for i in range(frames):
            frame = av.VideoFrame.from_ndarray(coded(i), format="rgb24")
            frame.pts, frame.time_base = i, Fraction(1, FPS)
            out.mux(video.encode(frame))
        out.mux(video.encode())
    return path


KINDS = {
    "x264 with B-frames": ("libx264", {"bf": "2", "g": "25", "qp": "10"}),
    "x264 without": ("libx264", {"bf": "0", "g": "25", "qp": "10"}),
    "DivX/XviD with B-frames": ("mpeg4", {"bf": "2", "g": "25", "qscale": "2", "vtag": "XVID"}),
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_frame_at_its_place(tmp_path, kind):
    path = write_avi(tmp_path / "clip.avi", *KINDS[kind])
    assert probe(path).duration == pytest.approx(3.0, abs=0.01)
    wanted = [i / FPS + 0.02 for i in range(75)]
    got = FrameSampler(size=None).frames_at(path, wanted)
    assert [index_of(f) for f in got.frames] == list(range(75))
    assert np.allclose(got.times, np.arange(75) / FPS)


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("skip", ["nonref", "nonkey"])
def test_frames_skipped_by_choice_keep_the_others_times(tmp_path, kind, skip):
    path = write_avi(tmp_path / "clip.avi", *KINDS[kind])
    got = list(FrameSampler(size=None, skip=skip).iter_at_rate(path, 5.0))
    times = [t for t, _ in got]
    assert times == sorted(times) and len(got) >= 3
    for t, frame in got:
        assert t == pytest.approx(index_of(frame) / FPS, abs=1e-6)


def _vop_type(chunk: bytes) -> str:
    at = chunk.find(b"\x00\x00\x01\xb6")  # (a VOP's start code, then its coding type's 2 bits)
    return "IPBS"[chunk[at + 4] >> 6]


def _n_vop(increment: int) -> bytes:
    """A VOP not coded (DivX's placeholder for a B-frame packed into the chunk before): a P-VOP's
    header, its time (5 bits: a time increment resolution of 25) and vop_coded 0, then stuffing."""
    bits = "01" + "0" + "1" + format(increment % FPS, "05b") + "1" + "0"
    bits += "0" + "1" * ((8 - (len(bits) + 1) % 8) % 8)
    return b"\x00\x00\x01\xb6" + int(bits, 2).to_bytes(len(bits) // 8, "big")


def write_packed(path, frames: int = 50):
    """A DivX 5 AVI with 'packed B-frames': each B-frame in the chunk of the P-frame decoded
    before it, a placeholder in its own, and user data saying so (DivX503b1393p)."""
    import re

    chunks = []
    with av.open(str(path), "w", format="avi") as plain:  # (encoded once, its packets kept)
        video = plain.add_stream("mpeg4", rate=FPS)
        video.width, video.height, video.pix_fmt, video.options = W, H, "yuv420p", {"bf": "1", "g": "25", "qscale": "2"}
        for i in range(frames):
            frame = av.VideoFrame.from_ndarray(coded(i), format="rgb24")
            frame.pts, frame.time_base = i, Fraction(1, FPS)
            for packet in video.encode(frame):
                chunks.append(bytes(packet))
                plain.mux(packet)
        for packet in video.encode():
            chunks.append(bytes(packet))
            plain.mux(packet)
    chunks[0] = re.sub(rb"\x00\x00\x01\xb2Lavc[^\x00]*", b"\x00\x00\x01\xb2DivX503b1393p", chunks[0])
    packed, i = [chunks[0]], 1
    while i < len(chunks):
        if _vop_type(chunks[i]) == "P" and i + 1 < len(chunks) and _vop_type(chunks[i + 1]) == "B":
            packed += [chunks[i] + chunks[i + 1], _n_vop(i + 1)]
            i += 2
        else:
            packed.append(chunks[i])
            i += 1
    with av.open(str(path), "r") as template, av.open(str(path) + ".avi", "w") as out:
        stream = out.add_stream_from_template(template.streams.video[0])
        for k, chunk in enumerate(packed):
            packet = av.Packet(chunk)
            packet.pts = packet.dts = k
            packet.time_base, packet.stream, packet.is_keyframe = Fraction(1, FPS), stream, _vop_type(chunk) == "I"
            out.mux(packet)
    return str(path) + ".avi"


def test_a_divx_avi_with_packed_b_frames_is_read_frame_by_frame(tmp_path):
    """FFmpeg decodes the packed B-frames, each in its place, but timed them with the P-frame's
    guess: every other frame was returned twice and the one between never (0, 0, 2, 2, 4...)."""
    path = write_packed(tmp_path / "divx.avi")
    got = FrameSampler(size=None).frames_at(path, [i / FPS + 0.02 for i in range(50)])
    assert [index_of(f) for f in got.frames] == list(range(50))
    assert np.allclose(got.times, np.arange(50) / FPS)


@pytest.mark.parametrize("kind", ["x264 with B-frames", "packed"])
def test_the_indexers_skipping_reads_an_avis_b_frames_at_their_own_times(tmp_path, kind):
    """Skipping the frames no other refers to (the indexer's way) skipped the B-frames, whose guessed
    times then went to the frames after them: each a frame early, the frame returned for a time
    one shown after it. An AVI with B-frames is decoded whole (a sampler's indexing of it)."""
    path = write_packed(tmp_path / "divx.avi") if kind == "packed" else write_avi(tmp_path / "x264.avi", *KINDS[kind])
    wanted = [i / FPS + 0.02 for i in range(50)]
    for sampler in (FrameSampler(size=None, skip="nonref"),):
        for reading in (path, sampler.open(path)):  # (through a path, and through the indexer's one open)
            got = sampler.frames_at(reading, wanted)
            assert [index_of(f) for f in got.frames] == list(range(50))
            assert np.allclose(got.times, np.arange(50) / FPS)
