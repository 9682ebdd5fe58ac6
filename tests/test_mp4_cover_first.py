"""Cover art a tagger put in an MP4's index before its tracks ('covr' in 'udta/meta/ilst' right after 'mvhd'):
FFmpeg makes the picture stream 0 as it reads it, so the video is stream 1, and the reader asked the header's
facts of the video (its edit list, its media's length, its samples) of the index's second track, or none, by
FFmpeg's stream index: a screen recording of B-frames at a varying rate so tagged read 2.58 s of 3.77 s, its
last still and last frame never indexed. Tracks are looked up by their 'tkhd' track_ID (FFmpeg's stream.id).
A cover picture is never the video indexed, in MP4 and in Matroska (an attachment), larger than it or not."""

from __future__ import annotations

import io
import struct

import pytest

av = pytest.importorskip("av")

from core import mp4_header, mp4_samples  # noqa: E402
from core.media import FrameSampler, probe  # noqa: E402
from core.mp4_header import cover_first  # noqa: E402
from tests.test_timestamp_restarts import number  # noqa: E402
from tests.test_vfr_mp4_end import END, TIMES, shown, write_vfr  # noqa: E402


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I4s", 8 + len(payload), kind) + payload


def jpeg(size: int = 300) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (size, size), (200, 10, 10)).save(buf, "JPEG")
    return buf.getvalue()


def with_cover(src, dst):
    """``src`` (an MP4 whose index is at its end: no media offset moves) with cover art in its index before
    its tracks, as a tagger writes it: 'udta' > 'meta' > 'ilst' > 'covr' right after 'mvhd'."""
    data, out, pos = open(src, "rb").read(), b"", 0
    while pos < len(data):
        size, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"moov":
            body = data[pos + 8:pos + size]
            mvhd = struct.unpack(">I", body[:4])[0]
            assert body[4:8] == b"mvhd" and pos + size == len(data)
            hdlr = _box(b"hdlr", b"\0" * 8 + b"mdir" + b"appl" + b"\0" * 9)
            ilst = _box(b"ilst", _box(b"covr", _box(b"data", struct.pack(">II", 13, 0) + jpeg())))
            body = body[:mvhd] + _box(b"udta", _box(b"meta", b"\0" * 4 + hdlr + ilst)) + body[mvhd:]
            out += _box(b"moov", body)
        else:
            out += data[pos:pos + size]
        pos += size
    open(dst, "wb").write(out)
    return dst


@pytest.mark.parametrize("edit_list", [True, False])
def test_a_screen_recording_with_cover_art_before_its_tracks_is_as_long_as_its_frames_show(tmp_path, edit_list):
    path = with_cover(write_vfr(tmp_path / "plain.mp4", TIMES, 2, edit_list), tmp_path / "tagged.mp4")
    with av.open(str(path)) as c:
        cover, video = c.streams.video
        assert cover.disposition & av.stream.Disposition.attached_pic and (video.index, video.id) == (1, 1)
    assert cover_first(path) and not cover_first(tmp_path / "plain.mp4")
    info = probe(path)
    assert (info.codec, info.width, info.height) == ("h264", 64, 48)
    assert info.duration == pytest.approx(END, abs=0.002)  # (2.58 s by the stream index)
    got = FrameSampler(size=None, skip="nonref").at_rate(str(path), 2.0, start=0.25)
    assert got.times.tolist()[-1] >= TIMES[-2] - 1e-3
    assert [number(f) for f in got.frames] == [shown(t) for t in got.times]


def test_the_header_facts_are_asked_by_track_id(tmp_path):
    path = with_cover(write_vfr(tmp_path / "plain.mp4", TIMES, 2), tmp_path / "tagged.mp4")
    assert mp4_header.shown_end(path, 1) == pytest.approx(END, abs=0.002) and mp4_header.samples_listed(path, 1)
    assert mp4_header.edits_end(path, 0) is None and not mp4_header.samples_listed(path, 0)  # (the cover: no track)
    bare = write_vfr(tmp_path / "bare.mp4", TIMES, 2, edit_list=False)
    assert mp4_samples.uneven(bare, 1) and mp4_samples.uneven(bare, 2)  # (no track 2: cannot say, so read to its end)


def _mux(path, fmt, cover):
    """2 s of a 64x48 H.264 video at 25 fps and a 300x300 cover picture, larger than the video: ``cover(out)``
    (which may give what muxes it once the video's stream is there)."""
    import numpy as np

    with av.open(str(path), "w", format=fmt) as out:
        then = cover(out)
        v = out.add_stream("libx264", rate=25)
        v.width, v.height, v.pix_fmt = 64, 48, "yuv420p"
        if callable(then):
            then()
        for n in range(50):
            f = av.VideoFrame.from_ndarray(np.full((48, 64, 3), n * 5, np.uint8), format="rgb24")
            f.pts = n
            out.mux(v.encode(f))
        out.mux(v.encode())
    return path


def _attached_picture(out):
    cov = out.add_stream("mjpeg", rate=1)
    cov.width, cov.height, cov.pix_fmt = 300, 300, "yuvj420p"
    cov.disposition = av.stream.Disposition.attached_pic

    def mux():
        packet = av.Packet(jpeg())
        packet.stream, packet.pts, packet.dts = cov, 0, 0
        out.mux(packet)
    return mux


@pytest.mark.parametrize("name,fmt,cover", [
    ("ffmpeg.mp4", "mp4", _attached_picture),  # (FFmpeg's muxer: 'covr' after the tracks)
    ("attached.mkv", "matroska", lambda out: out.add_attachment("cover.jpg", "image/jpeg", jpeg()))])
def test_a_cover_picture_is_never_the_video_indexed(tmp_path, name, fmt, cover):
    """(A guard: ``tracks.video_stream`` leaves out attached pictures; FFmpeg's own choice and the largest
    track's would be the cover.)"""
    path = _mux(tmp_path / name, fmt, cover)
    with av.open(str(path)) as c:
        assert any(s.disposition & av.stream.Disposition.attached_pic for s in c.streams.video)
    info = probe(path)
    assert (info.codec, info.width, info.height) == ("h264", 64, 48)
    assert info.duration == pytest.approx(2.0, abs=0.05) and info.frame_count == 50
