"""A DVR recording into a preallocated (sparse) file, indexed while it records: its size stays,
its data grows. Its content hash (size, 1 MiB at its start, middle and end) stayed the same until
the recording reached the middle, so the next index took it for touched only and kept the length
it read first; the hash now holds where the file's first hole begins."""

from __future__ import annotations

import time

import pytest

from core import zero_bytes
from core.library import VideoLibrary
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.test_decode_modes import write_clip


@pytest.mark.slow  # (160 s of frames indexed twice: about 7 s)
def test_a_recording_growing_in_a_preallocated_file_is_read_again(tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    clip = tmp_path / "a.h264"
    write_clip(clip, seconds=2.0, gop=10, fmt="h264")
    part = clip.read_bytes()
    n = -(-(3 << 19) // len(part))  # (past the hash's first 1 MiB: growth after it went unseen)
    videos, lib = tmp_path / "dvr", tmp_path / "lib"
    videos.mkdir()
    rec = videos / "ch01.h264"
    with open(rec, "wb") as f:
        f.truncate(1 << 30)  # (a DVR sets the file's size first)
        f.write(part * n)
    if zero_bytes.data_end(rec) is None:
        pytest.skip("this file system keeps no holes")
    assert run_cli(capsys, "index", videos, "--library", lib)[0] == 0
    with VideoLibrary(lib, read_only=True) as library:
        (first,) = library.video_table.all()
    time.sleep(0.02)
    with open(rec, "r+b") as f:  # the recording goes on: its start as it was, more frames
        f.seek(len(part) * n)
        f.write(part * n)
    assert run_cli(capsys, "index", videos, "--library", lib)[0] == 0
    with VideoLibrary(lib, read_only=True) as library:
        (video,) = library.video_table.all()
    assert first.duration > 2.0
    assert video.duration == pytest.approx(2 * first.duration, rel=0.02), (first.duration, video.duration)  # (it kept the first)
