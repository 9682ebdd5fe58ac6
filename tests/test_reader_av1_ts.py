"""AV1 inside an MPEG-TS (a private stream, type 0x06, with an 'AV01' registration descriptor, as
AOM's carriage spec has it): FFmpeg's MPEG-TS reader hands it on as data, and the file was failed
as having "no video stream". It now says its video is AV1 in an MPEG-TS, and how to read it."""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

from core.errors import MediaError
from core.media import probe
from core.tracks import NO_VIDEO_STREAM
from tests.test_tracks import picture

AV1_DESCRIPTORS = bytes([0x05, 4]) + b"AV01" + bytes([0x80, 4, 0x81, 0x00, 0x0C, 0x00])  # (registration, av1_video)


def crc32_mpeg2(data: bytes) -> int:
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte << 24
        for _ in range(8):
            crc = (crc << 1 ^ 0x04C11DB7 if crc & 0x80000000 else crc << 1) & 0xFFFFFFFF
    return crc


def with_descriptors(data: bytes, descriptors: bytes) -> bytes:
    """The TS ``data`` with ``descriptors`` as its program map table's first stream's ES info."""
    out = bytearray(data)
    for at in range(0, len(out), 188):
        p = out[at:at + 188]
        if p[1] & 0x40 and p[4] == 0 and p[5] == 0x02:  # (a program map section starting in this packet)
            body = bytearray(p[5:8 + ((p[6] & 0x0F) << 8 | p[7]) - 4])
            first = 12 + ((body[10] & 0x0F) << 8 | body[11])  # (after the program's info)
            # (FFmpeg's muxer writes AV1 as a private stream, with no descriptor)
            assert body[first] == 0x06 and body[first + 3:first + 5] == b"\xf0\x00"
            body[first + 3:first + 5] = bytes([0xF0, len(descriptors)])
            body[first + 5:first + 5] = descriptors
            length = len(body) + 4 - 3
            body[1:3] = bytes([0xB0 | length >> 8, length & 0xFF])
            packet = bytes(p[:5]) + bytes(body) + crc32_mpeg2(bytes(body)).to_bytes(4, "big")
            out[at:at + 188] = packet + b"\xff" * (188 - len(packet))
    return bytes(out)


def write_av1_ts(path: Path, sound: bool = False) -> Path:
    """2 s of AV1 (SVT-AV1) in an MPEG-TS, as FFmpeg's muxer writes it (no registration
    descriptor), with ``sound`` (AAC) after it."""
    try:
        av.codec.Codec("libsvtav1", "w")
    except ValueError:  # (UnknownCodecError; PyAV's wheels carry it; a build without it cannot write the case)
        pytest.skip("no AV1 encoder (libsvtav1) in this PyAV")
    with av.open(str(path), "w", format="mpegts") as out:
        video = out.add_stream("libsvtav1", rate=10)
        video.width, video.height, video.pix_fmt = 64, 64, "yuv420p"
        audio = out.add_stream("aac", rate=48000) if sound else None
        sent = 0
        for i in range(20):
            while audio is not None and sent * 1024 <= i * 4800:
                frame = av.AudioFrame.from_ndarray(np.zeros((1, 1024), np.float32), format="fltp", layout="mono")
                frame.sample_rate, frame.pts, frame.time_base = 48000, sent * 1024, Fraction(1, 48000)
                out.mux(audio.encode(frame))
                sent += 1
            frame = av.VideoFrame.from_ndarray(picture(i / 10, (64, 64)), format="rgb24")
            frame.pts, frame.time_base = i, Fraction(1, 10)
            out.mux(video.encode(frame))
        out.mux(video.encode())
        if audio is not None:
            out.mux(audio.encode())
    return path


@pytest.fixture(scope="module")
def av1_ts(tmp_path_factory) -> Path:
    return write_av1_ts(tmp_path_factory.mktemp("av1") / "plain.ts")


def as_m2ts(data: bytes) -> bytes:
    """A Blu-ray/AVCHD transport stream: each 188-byte packet after a 4-byte time code."""
    return b"".join(bytes(4) + data[at:at + 188] for at in range(0, len(data), 188))


@pytest.mark.parametrize("name", ["av1.ts", "av1.m2ts"])
def test_av1_in_an_mpeg_ts_says_so(av1_ts, tmp_path, name):
    path = tmp_path / name
    data = with_descriptors(av1_ts.read_bytes(), AV1_DESCRIPTORS)
    path.write_bytes(as_m2ts(data) if name.endswith("m2ts") else data)
    with av.open(str(path)) as c:  # (so the case is this one: FFmpeg finds no video in it)
        assert not c.streams.video and len(c.streams) == 1
    with pytest.raises(MediaError, match=r"AV1 inside an MPEG-TS.*remux it into MP4 or MKV"):
        probe(path)


def test_a_private_stream_of_no_av1_registration_is_still_no_video(av1_ts, tmp_path):
    """(its tables do not say AV1: no guess that it is)"""
    for name, descriptors in (("none.ts", b""), ("other.ts", bytes([0x05, 4]) + b"KLVA")):
        path = tmp_path / name
        path.write_bytes(with_descriptors(av1_ts.read_bytes(), descriptors))
        with pytest.raises(MediaError, match=re.escape(NO_VIDEO_STREAM) + "$"):
            probe(path)


def sectioned(packet: bytes, body: bytes) -> bytes:
    """``packet``'s header and pointer field, then the section ``body`` with its length and CRC."""
    body = bytearray(body)
    length = len(body) + 4 - 3
    body[1:3] = bytes([0xB0 | length >> 8, length & 0xFF])
    out = bytes(packet[:5]) + bytes(body) + crc32_mpeg2(bytes(body)).to_bytes(4, "big")
    return out + b"\xff" * (188 - len(out))


def test_av1_in_a_second_program_says_so(av1_ts, tmp_path):
    """Two programs (a broadcast's channels): the first's table lists the stream with no AV1
    descriptor, the second's with it. Only the first program's table was read."""
    plain, tagged = av1_ts.read_bytes(), with_descriptors(av1_ts.read_bytes(), AV1_DESCRIPTORS)
    out = bytearray()
    for at in range(0, len(plain), 188):
        p = plain[at:at + 188]
        if p[1] & 0x40 and p[4] == 0 and p[5] == 0x00:  # (the program association table: a second program)
            end = 8 + ((p[6] & 0x0F) << 8 | p[7]) - 4
            p = sectioned(p, p[5:end] + b"\x00\x02\xf0\x01")  # (program 2, its table on PID 0x1001)
        out += p
        if p[1] & 0x40 and p[4] == 0 and p[5] == 0x02:  # (program 1's table, then program 2's)
            second = bytearray(tagged[at:at + 188])
            second[1:3] = bytes([0x40 | 0x10, 0x01])
            end = 8 + ((second[6] & 0x0F) << 8 | second[7]) - 4
            body = bytearray(second[5:end])
            body[3:5] = b"\x00\x02"
            out += sectioned(second, body)
    path = tmp_path / "two programs.ts"
    path.write_bytes(bytes(out))
    with av.open(str(path)) as c:  # (still no video)
        assert not c.streams.video
    with pytest.raises(MediaError, match=r"AV1 inside an MPEG-TS"):
        probe(path)


def test_av1_with_sound_in_an_mpeg_ts_says_so_not_that_it_is_sound(tmp_path):
    """With its sound, it was failed as "not a video: an audio file": its AV1 FFmpeg read as data."""
    plain = write_av1_ts(tmp_path / "plain.ts", sound=True)
    path = tmp_path / "av1 and sound.ts"
    path.write_bytes(with_descriptors(plain.read_bytes(), AV1_DESCRIPTORS))
    with av.open(str(path)) as c:  # (so the case is this one: FFmpeg finds sound and no video)
        assert c.streams.audio and not c.streams.video
    with pytest.raises(MediaError, match=r"AV1 inside an MPEG-TS"):
        probe(path)
