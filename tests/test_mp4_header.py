"""Files the decoder cannot use are reported with what is really wrong, read from the MP4 header
(issue 10, point 12): audio only, a zero timescale, no index, instead of "damaged or incomplete"
or "truncated"."""

from __future__ import annotations

import struct

import pytest

from core.errors import MediaError
from core.media import FrameSampler, probe
from core.mp4_header import diagnose
from tests.videos import Segment, write_video


def box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def full(kind: bytes, payload: bytes) -> bytes:
    return box(kind, b"\x00\x00\x00\x00" + payload)


def trak(handler: bytes, timescale: int = 1000) -> bytes:
    mdhd = full(b"mdhd", struct.pack(">IIII", 0, 0, timescale, 1000) + b"\x00" * 4)
    hdlr = full(b"hdlr", b"\x00" * 4 + handler + b"\x00" * 12 + b"h\x00")
    return box(b"trak", full(b"tkhd", b"\x00" * 80) + box(b"mdia", mdhd + hdlr + box(b"minf", b"")))


FTYP = box(b"ftyp", b"isom\x00\x00\x02\x00isomiso2mp41")
MVHD = full(b"mvhd", b"\x00" * 96)


def test_audio_only_mp4_says_it_has_no_video_track(tmp_path):
    path = tmp_path / "song.mp4"
    path.write_bytes(FTYP + box(b"moov", MVHD + trak(b"soun")) + box(b"mdat", b"\x00" * 4000))
    with pytest.raises(MediaError, match=r"^.*song.mp4: not a video: an audio file \(no video track, audio only\)"):
        probe(path)


def test_media_data_without_an_index_is_an_incomplete_recording(tmp_path):
    path = tmp_path / "cut.mp4"
    path.write_bytes(FTYP + box(b"mdat", b"\x00" * 4000))
    with pytest.raises(MediaError, match=r"index \(.moov. box\) is missing"):
        probe(path)


def test_a_zero_timescale_is_named_not_called_truncated(tmp_path):
    good = tmp_path / "v.mp4"
    write_video(good, [Segment(3.0, "red", "blue")], fps=10)
    data = bytearray(good.read_bytes())
    i = data.find(b"mdhd")
    at = i + 4 + (20 if data[i + 4] == 1 else 12)
    assert struct.unpack(">I", data[at:at + 4])[0] > 0
    data[at:at + 4] = b"\x00\x00\x00\x00"
    bad = tmp_path / "zero.mp4"
    bad.write_bytes(bytes(data))
    with pytest.raises(MediaError, match="timescale is 0"):
        probe(bad)
    with pytest.raises(MediaError, match="timescale is 0"):
        FrameSampler(size=32).uniform(str(bad), 4)
    assert diagnose(good) is None and probe(good).duration == pytest.approx(3.0, abs=0.2)


def test_a_cut_index_and_hostile_sizes_do_not_hang_or_raise(tmp_path):
    cut = tmp_path / "cut-moov.mp4"
    whole = FTYP + box(b"moov", MVHD + trak(b"vide"))
    cut.write_bytes(whole[:-20])
    assert "truncated" in diagnose(cut)
    huge = tmp_path / "huge.mp4"  # a box claiming 2^64-1 bytes, and a zero-size loop
    huge.write_bytes(FTYP + struct.pack(">I4sQ", 1, b"moov", 2**64 - 1) + b"\x00" * 64)
    assert diagnose(huge) in (None,) or isinstance(diagnose(huge), str)
    loop = tmp_path / "loop.mp4"
    loop.write_bytes(FTYP + struct.pack(">I4s", 4, b"moov") * 10)
    assert diagnose(loop) is None
    assert diagnose(tmp_path / "absent.mp4") is None


def test_not_an_mp4_is_left_to_the_other_reasons(tmp_path):
    text = tmp_path / "notes.mp4"
    text.write_text("hello")
    assert diagnose(text) is None
    with pytest.raises(MediaError) as raised:
        probe(text)
    from core.unopenable import TEXT_FILE

    assert str(raised.value) == f"{text}: {TEXT_FILE}"  # the text-file words (7f5c30d), not the MP4 header's


def test_the_index_is_parsed_once_per_file_version(tmp_path, monkeypatch):
    """(The probe of one open asks edits_end, shown_end and samples_listed: each parsed the index again.)"""
    from core import mp4_header

    parses = []
    tracks = mp4_header._tracks
    monkeypatch.setattr(mp4_header, "_tracks", lambda *a: parses.append(a[1:]) or tracks(*a))
    path = tmp_path / "clip.mp4"
    path.write_bytes(FTYP + box(b"moov", MVHD + trak(b"vide")) + box(b"mdat", b"\x00" * 16))
    asked = [mp4_header.edits_end(path, 0), mp4_header.shown_end(path, 0), mp4_header.samples_listed(path, 0),
             mp4_header.protection_reason(path, 0)]
    assert asked == [None, None, False, None] and len(parses) == 1
    stsz = box(b"stbl", full(b"stsz", struct.pack(">II", 0, 5) + b"\x00" * 20))
    listed = trak(b"vide").replace(box(b"minf", b""), box(b"minf", stsz))
    path.write_bytes(FTYP + box(b"moov", MVHD + listed) + box(b"mdat", b"\x00" * 24))  # (written again, 5 samples)
    assert mp4_header.samples_listed(path, 0) and mp4_header.edits_end(path, 0) is None and len(parses) == 2
    path.unlink()
    assert mp4_header.samples_listed(path, 0) is False and len(parses) == 2  # (gone: none, nothing kept)
