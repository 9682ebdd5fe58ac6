"""Reader 12 times an MPEG-PS's video as its muxer stamped it: MPEG-1/2 keyframes FFmpeg timed a frame or
more off (core.ps_clock) and H.264 whose frames share a PES and its one timestamp, which reader 11 counted
(core.untimed_keys), wrongly where the decoder skipped frames (indexing's ``nonref``, core.skip_times): an
H.264 PS with B-frames indexed by reader 11 had frames stamped up to 0.8 s from their time (14 of 119
times a tenth of a second apart off by more than half a second), keyframes only up to 10.6 s.

A library indexed by reader 11 checks its MPEG-PS files again at its next run, embeds again those whose
frames reader 11 counted, keeps the others (MPEG-2 off by a frame or three: within media.MOVED_S), leaves
other formats (an MP4) be; the PS files' thumbnails are made again. Its MPEG-TS files too, whose frames
without a timestamp reader 11 counted as well (tests/test_reader_recheck_12_ts.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

av = pytest.importorskip("av")

from core.media import FrameSampler, reads_as_by  # noqa: E402
from core.thumbnails import thumbnail  # noqa: E402
from core.video_info import READER, REREAD_12, frames_since  # noqa: E402
from tests.test_skip_times import write as write_h264_ps  # noqa: E402
from tests.test_thumbnail_reader10 import _cached_by_reader_9, _colour, _write  # noqa: E402
from tests.test_timestamp_restarts import write_ts  # noqa: E402


def test_the_mpeg_ps_and_ts_extensions_are_read_by_12_and_no_other():
    assert READER >= 12 and REREAD_12 == {".mpg", ".mpeg", ".m2p", ".vob", ".mod", ".vro",  # (PS)
                                          ".ts", ".mts", ".m2ts", ".m2t", ".tod", ".trp", ".tp"}  # (TS)
    for name in ("a.vob", "A.VOB", "b.mpg", "c.mpeg", "d.m2p", "e.mod", "VIDEO_RM.VRO", "a.ts", "a.tod", "00001.MTS",
                 "a.m2ts", "a.TRP"):
        assert frames_since(name) >= 12, name  # (13 since: core.sparse_rate)
    for name, since in [("a.ogv", 11), ("a.dav", 15),  # (.dav: 15 since, core.zero_bytes)
                        ("a.m2v", 4), ("a.mp4", 22), ("a.h264", 6)]:  # (.mp4: 17, then 20 and 21 since,
        # core.mp4_samples; 22 since, core.mp4_end's and core.mp4_cut's ends: reader_recheck.ends_otherwise_by_21)
        assert frames_since(name) == since, name


def test_a_library_of_reader_11_reads_again_the_ps_whose_frames_it_counted_and_keeps_the_rest(tmp_path):
    from tests.recheck_library import left_by
    from tests.test_cut_short import run, video
    from tests.test_tracks import write

    folder = tmp_path / "videos"
    folder.mkdir()
    write_h264_ps(folder / "camcorder.vob", 2)  # (H.264, B-frames, most frames without a timestamp)
    _write(folder / "dvd.mpg", "vob")  # (MPEG-2 in a PS: every frame timed)
    write_ts(folder / "plain.ts", [n % 256 for n in range(100)])
    write(folder / "clip.mp4", 3.0)
    left_by(tmp_path / "lib", folder, 11)  # (as reader 11 left them)
    events = run(tmp_path / "lib", folder)
    assert events[0].summary["recheck"] == 4  # (the two PS files, the TS, and the MP4 by its index alone: 17's)
    assert [Path(e.current).name for e in events if e.kind == "file_done"] == ["camcorder.vob"]
    for name in ("camcorder.vob", "dvd.mpg"):
        rec, moments = video(tmp_path / "lib", name)
        assert rec.reader == READER and moments, name
    assert video(tmp_path / "lib", "plain.ts")[0].reader == READER  # (checked, kept: every frame timed)
    assert video(tmp_path / "lib", "clip.mp4")[0].reader == READER  # (its steady sample table: kept, never opened)
    assert run(tmp_path / "lib", folder)[0].summary["recheck"] == 0  # (once)


def test_the_recheck_tells_a_counted_h264_ps_from_a_timed_mpeg2_one(tmp_path):
    h264 = write_h264_ps(tmp_path / "camcorder.vob", 0)
    mpeg2 = tmp_path / "dvd.mpg"
    _write(mpeg2, "vob")
    for path, by_11 in [(h264, False), (mpeg2, True)]:
        for skip in ("none", "nonref"):
            reader = FrameSampler(size=None, skip=skip)._open(str(path))
            try:
                assert reads_as_by(reader, 11) is by_11, (path.name, skip)
                assert reads_as_by(reader, 12)
            finally:
                reader.close()


def test_thumbnails_reader_11_cached_of_ps_and_ts_files_are_made_again_an_mp4_s_stands(tmp_path):
    for name, fmt, codec, again in [("rec.mpg", "mpeg", "mpeg2video", True), ("rec.vob", "vob", "mpeg2video", True),
                                    ("rec.ts", "mpegts", "mpeg2video", True), ("rec.mp4", "mp4", "mpeg4", False)]:
        path = tmp_path / name
        _write(path, fmt, codec)
        cached = _cached_by_reader_9(path, 2.5, 64, tmp_path / "thumbs", since=11 if name != "rec.mp4" else 4)
        got = thumbnail(path, 2.5, 64, tmp_path / "thumbs")
        assert (str(got) != cached) is again, name
        assert _colour(got) == 2 or not again
