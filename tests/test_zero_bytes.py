"""Files of only zero bytes (a DVR's preallocated file, a copy or recording stopped by a crash; sparse
when made by ``truncate``) are told at once with that reason: FFmpeg's readers of a bare H.264 stream
and of a Dahua DVR file looked for a first frame through the whole file (20 GB: 1.5 to 3 minutes),
and a bare stream's gave up with "decoding took longer than 20 s". Files with frames after or
before a block of zeros, holes or written zeros, are still read."""

from __future__ import annotations

import os
import threading
import time
from dataclasses import replace

import pytest

from core import zero_bytes
from core.errors import MediaError
from core.media import FrameSampler, probe
from tests.test_decode_modes import write_clip
from tests.test_dhav import write_dav
from tests.test_tracks import write


def reason(path, timeout_s: float = 20.0) -> str:
    with pytest.raises(MediaError) as e:
        probe(path, timeout_s=timeout_s)
    return e.value.reason


def sparse(path, size: int, at: int = 0, data: bytes = b""):
    """A file of ``size`` bytes, a hole but for ``data`` written at ``at``."""
    with open(path, "wb") as f:
        f.truncate(size)
        if data:
            f.seek(at)
            f.write(data)
    return path


@pytest.mark.parametrize("name", ["rec.dav", "rec.h264", "rec.264", "rec.hevc", "rec.mp4", "rec.ts", "rec.mpg"])
def test_a_sparse_file_of_zeros_is_told_at_once(tmp_path, name, monkeypatch):
    path = sparse(tmp_path / name, 4 << 30)  # (truncate -s 4G; FFmpeg read the bare stream's and DVR's to the end)
    read, me = [], threading.get_ident()  # the bytes read by Python in this thread meanwhile

    def counted(real):
        def call(fd, *args):
            data = real(fd, *args)
            if threading.get_ident() == me:  # (not another thread's: pytest-xdist's channel)
                read.append(len(data))
            return data
        return call

    monkeypatch.setattr(os, "pread", counted(os.pread))
    monkeypatch.setattr(os, "read", counted(os.read))
    started = time.monotonic()
    assert reason(path, timeout_s=60.0) == zero_bytes.ONLY_ZEROS  # (was: "decoding took longer than ...")
    assert time.monotonic() - started < 10  # (FFmpeg's look through it: the decoding's bound, a minute)
    # told from the file system's map of its data, its holes not read (were they read as written
    # zeros, the first GB and 64 places: seconds, which a loaded machine's wall clock cannot tell)
    assert sum(read) <= zero_bytes.WINDOW, sum(read)


def test_written_zeros_are_read_up_to_a_bound_then_at_places(tmp_path, monkeypatch):
    monkeypatch.setattr(zero_bytes, "LEAD", 1 << 20)
    monkeypatch.setattr(zero_bytes, "WINDOW", 4096)
    path = tmp_path / "rec.dav"
    path.write_bytes(bytes(8 << 20))
    assert zero_bytes.only_zeros(path)
    assert reason(path) == zero_bytes.ONLY_ZEROS
    for at in (0, 5000, (1 << 20) - 1, (1 << 20) + (7 << 20) // 2 + 100, (8 << 20) - 1):  # (the lead, a place, the end)
        data = bytearray(8 << 20)
        data[at] = 1
        path.write_bytes(bytes(data))
        assert not zero_bytes.only_zeros(path), at


def test_data_after_a_hole_is_found(tmp_path):
    path = sparse(tmp_path / "rec.dav", 3 << 30, at=(2 << 30) + 12345, data=b"DHAV")
    assert not zero_bytes.only_zeros(path)
    with open(path, "rb") as f:
        assert zero_bytes.extents(f.fileno(), 3 << 30)[0][0] <= (2 << 30) + 12345


def test_an_empty_or_unreadable_file_is_left_to_its_own_reason(tmp_path):
    (tmp_path / "empty.dav").write_bytes(b"")
    assert not zero_bytes.only_zeros(tmp_path / "empty.dav")
    assert not zero_bytes.only_zeros(tmp_path / "gone.dav")
    assert reason(tmp_path / "empty.dav") == "empty file"


@pytest.mark.parametrize("hole", [False, True])
def test_a_dvr_file_whose_start_was_never_written_is_still_read(tmp_path, hole):
    frames = write_dav(tmp_path / "src.dav", list(range(30))).read_bytes()
    path = tmp_path / "rec.dav"
    if hole:  # (a preallocated file's unwritten start: 100 MB of hole)
        sparse(path, (100 << 20) + len(frames), at=100 << 20, data=frames)
    else:  # (its header block zeroed: 1 MB written)
        path.write_bytes(bytes(1 << 20) + frames)
    assert not zero_bytes.only_zeros(path)
    assert probe(path).duration == pytest.approx(2.0, abs=0.15)


def test_a_bare_stream_after_zeros_or_before_them_is_still_read(tmp_path):
    src = tmp_path / "src.h264"
    write_clip(src, seconds=2.0, gop=10, fmt="h264")
    frames = src.read_bytes()
    after = tmp_path / "after.h264"
    after.write_bytes(bytes(256 << 10) + frames)
    before = tmp_path / "before.h264"
    before.write_bytes(frames + bytes(1 << 20))
    for path in (after, before):
        assert not zero_bytes.only_zeros(path)
        assert probe(path).duration == probe(src).duration, path.name


def test_a_video_with_zeros_at_both_ends_is_not_said_to_hold_only_zeros(tmp_path):
    """FFmpeg cannot open a Matroska file whose header was zeroed; zeros at its end too (a
    preallocated file) made it "holds only zero bytes" though its clusters are there."""
    whole = write(tmp_path / "whole.mkv", 2.0)
    data = open(whole, "rb").read() * 10
    path = tmp_path / "VID_0003.mkv"
    path.write_bytes(bytes(4096) + data[4096:] + bytes(8192))
    assert reason(path).startswith("the file begins with zero bytes where a video's header is")


@pytest.mark.parametrize("ext, hole", [("h264", 4 << 30), ("dav", 64 << 20), ("mpg", 64 << 20)])
def test_a_recording_that_a_hole_ends_is_read_up_to_its_data(tmp_path, ext, hole):
    """A preallocated file a recording stopped in: FFmpeg looked for more frames through the hole
    (a bare H.264 stream: 12 s a GB, past the 3 s given here; a DVR file read its hole's length)."""
    src = tmp_path / f"src.{ext}"
    if ext == "dav":
        write_dav(src, list(range(30)))
    else:
        write_clip(src, seconds=2.0, gop=10, fmt={"h264": "h264", "mpg": "mpeg"}[ext])
    path = sparse(tmp_path / f"rec.{ext}", src.stat().st_size + hole, data=src.read_bytes())
    if zero_bytes.data_end(path) is None:
        pytest.skip("this file system keeps no holes")
    assert zero_bytes.data_end(path) < path.stat().st_size and zero_bytes.data_end(src) is None
    assert probe(path, timeout_s=3.0) == replace(probe(src), path=str(path))
    want, got = FrameSampler(32).at_rate(src, 4.0), FrameSampler(32).at_rate(path, 4.0)
    assert list(got.times) == list(want.times) and len(got.times) >= 6


@pytest.mark.parametrize("ext", ["dav", "mpg"])
def test_a_dvr_recording_with_a_large_hole_after_it_is_read_quickly(tmp_path, ext):
    """A DVR's preallocated file holding a few seconds: the timeline's look at the file's clock
    sampled the whole size (most samples in the hole: undecided), then searched the hole for
    frames (a 20 GB file failed after minutes); both now stop where the data ends."""
    src = tmp_path / f"src.{ext}"
    if ext == "dav":
        write_dav(src, list(range(30)))
    else:
        write_clip(src, seconds=2.0, gop=10, fmt="mpeg")
    path = sparse(tmp_path / f"rec.{ext}", src.stat().st_size + (8 << 30), data=src.read_bytes())
    if zero_bytes.data_end(path) is None:
        pytest.skip("this file system keeps no holes")
    assert probe(path, timeout_s=20.0) == replace(probe(src), path=str(path))
    want, got = FrameSampler(32).at_rate(src, 4.0), FrameSampler(32).at_rate(path, 4.0)
    assert list(got.times) == list(want.times) and len(got.times) >= 6


def test_a_dvr_recording_reads_as_long_with_a_hole_after_it_wherever_its_data_ends_in_a_block(tmp_path):
    """FFmpeg's Dahua reader takes a file's length from its last chunk's date, looking back for that
    chunk's end mark from the file's end in steps of 9 bytes. Read up to where the data's block ended
    (zeros after the data), it missed the mark or met an earlier chunk's, by where the data ended in its
    block: the same recording read 1.0, 2.0 or 3.0 s with a hole after it (the encoder's bytes, and so
    that place, differed from run to run on a loaded machine: test_a_dvr_recording_with_a_large_hole_
    after_it_is_read_quickly failed now and then). The reader now stops at the last byte of data."""
    lengths = []
    for n in range(24, 40):  # (recordings of other lengths: their data ends at other places in a block)
        src = write_dav(tmp_path / f"src{n}.dav", list(range(n)))
        path = sparse(tmp_path / f"rec{n}.dav", src.stat().st_size + (64 << 20), data=src.read_bytes())
        if zero_bytes.data_end(path) is None:
            pytest.skip("this file system keeps no holes")
        assert zero_bytes.data_end(path) == src.stat().st_size
        assert probe(path, timeout_s=20.0) == replace(probe(src), path=str(path)), n
        lengths.append(src.stat().st_size % 4096 % 9)
    assert len(set(lengths)) > 3  # (the end mark at several places of the 9-byte steps)


def test_a_dvr_recordings_data_ends_after_its_last_chunk_however_large(tmp_path):
    """A last chunk larger than the bytes looked at before the hole (a 4K keyframe): its end mark points
    back past them; the data ends after it, not after the chunk before it."""
    import struct

    src = write_dav(tmp_path / "src.dav", list(range(10)))
    head = bytes([0xFD, 0, 0, 0]) + src.read_bytes()[8:24]  # (a keyframe chunk's header as the first one's)
    body = bytes(range(256)) * 400  # (100 KB)
    data = src.read_bytes() + b"DHAV" + head + body + b"dhav" + struct.pack("<I", 24 + len(body) + 8)
    path = sparse(tmp_path / "rec.dav", len(data) + (64 << 20), data=data)
    if zero_bytes.data_end(path) is None:
        pytest.skip("this file system keeps no holes")
    assert zero_bytes.data_end(path) == len(data)


@pytest.mark.parametrize("ext", ["dav", "mpg", "h264"])
def test_the_preview_plays_a_recording_that_a_hole_ends_on_the_engines_frames(tmp_path, ext):
    """The preview's look (``play_timing.engine_timed``) opened the whole file: 8 s a GB of hole
    before a DVR file previewed, and for .dav and .mpg it then left the file to Qt's player, which
    searches the hole too. It reads to the data now, and has the engine's frames played."""
    from core import play_timing

    src = tmp_path / f"src.{ext}"
    if ext == "dav":
        write_dav(src, list(range(30)))
    else:
        write_clip(src, seconds=2.0, gop=10, fmt={"h264": "h264", "mpg": "mpeg"}[ext])
    path = sparse(tmp_path / f"rec.{ext}", src.stat().st_size + (4 << 30), data=src.read_bytes())
    if zero_bytes.data_end(path) is None:
        pytest.skip("this file system keeps no holes")
    got = play_timing.engine_timed(path)
    assert got is not None, "left to a plain player, which searches the hole"
    assert abs(got.duration - probe(src).duration) < 0.05
    plain = play_timing.engine_timed(src)  # (the same frames without the hole: as before)
    assert plain is None or plain.why == play_timing.RAW


def test_frames_after_70_mb_of_written_zeros_are_read(tmp_path):
    """A card image whose zeroed area before its frames is longer than the 64 MB once read
    whole: the frames fell between the places sampled, and the file was refused as holding only
    zero bytes."""
    src = tmp_path / "src.h264"
    write_clip(src, seconds=2.0, gop=10, fmt="h264")
    path = tmp_path / "card.h264"
    with open(path, "wb") as f:
        f.write(bytes(70 << 20))
        f.write(src.read_bytes())
        f.write(bytes(20 << 20))
    assert not zero_bytes.only_zeros(path)
