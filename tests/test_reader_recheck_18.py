"""Reader 18 decodes whole a screen recording with B-frames and stills in Matroska, FLV or MPEG-TS/PS (17
skipped the B-frame beginning a still: ``sparse_rate.stills`` from its first packets) and starts an MPEG-PS/TS
whose first PES is stamped far off in its PTS alone at its first frame (17 read such a 20 s clip 0.04 s long:
``part_cuts.pts_strays``). A library of 17 or older checks those files once: these two kinds are embedded
again, the others (a steady MKV, a plain VOB, a slideshow 13 already decoded whole) kept with their moments
and ids; their thumbnails stand (``thumbs_since``)."""

from __future__ import annotations

from pathlib import Path

import pytest

av = pytest.importorskip("av")

from core.video_info import READER, frames_since, thumbs_since  # noqa: E402
from tests.recheck_library import read_alike  # noqa: E402
from tests.test_ps_joined_seek import write_ps  # noqa: E402
from tests.test_ps_stray_first_stamp import STRAY_60, _stray_start  # noqa: E402
from tests.test_reader_sparse_claimed import write as write_slides  # noqa: E402
from tests.test_vfr_claimed_stills import write as write_claimed  # noqa: E402
from tests.test_vfr_mp4_stills import TIMES as STILLS  # noqa: E402

STEADY = [k / 60 for k in range(300)]


def test_mkv_flv_ts_and_ps_files_are_read_by_18_their_thumbnails_stand():
    assert READER >= 18
    for name in ("a.mkv", "A.MKV", "a.webm", "a.mk3d", "a.flv"):
        assert frames_since(name) == 18, name
    for name in ("a.ts", "a.mts", "a.m2ts", "a.vob", "a.mpg", "a.tp"):
        assert frames_since(name) == 19, name  # (18, then 19: tests/test_reader_recheck_19.py)
    assert thumbs_since("a.mkv") == thumbs_since("a.flv") == 13 and thumbs_since("a.vob") == thumbs_since("a.ts") == 19
    assert frames_since("a.mp4") == 22 and frames_since("a.dav") == 15 and frames_since("a.avi") < 13


@pytest.mark.parametrize("fmt,ext", [("matroska", "mkv"), ("mpegts", "ts")])
def test_a_screen_recording_17_skipped_is_read_again_a_steady_one_kept(tmp_path, fmt, ext):
    assert not read_alike(write_claimed(tmp_path / f"screen.{ext}", STILLS, fmt), 17)
    assert read_alike(tmp_path / f"screen.{ext}", 18)
    assert read_alike(write_claimed(tmp_path / f"steady.{ext}", STEADY, fmt), 17)


def test_a_slideshow_decoded_whole_since_13_is_kept(tmp_path):
    path = write_slides(tmp_path / "slides.mkv", "matroska")
    assert read_alike(path, 17) and read_alike(path, 13)


def test_a_clip_whose_first_pts_alone_is_stray_is_read_again_a_plain_one_kept(tmp_path):
    clean = write_ps(tmp_path / "clean.vob", "libx264", 6.0, bf=2)
    stray = _stray_start(clean, tmp_path / "stray.vob", STRAY_60, dts=False)
    assert not read_alike(stray, 17) and not read_alike(stray, 15) and read_alike(stray, 18)
    assert read_alike(clean, 17)


@pytest.mark.slow
def test_a_library_of_reader_17_reads_again_the_recording_and_the_stray_clip_and_keeps_the_rest(tmp_path):
    from tests.recheck_library import assert_kept, left_by
    from tests.test_cut_short import run, video

    folder = tmp_path / "videos"
    folder.mkdir()
    write_claimed(folder / "screen.mkv", STILLS, "matroska")
    write_claimed(folder / "steady.mkv", STEADY, "matroska")
    clean = write_ps(tmp_path / "clean.vob", "libx264", 6.0, bf=2)
    _stray_start(clean, folder / "stray.vob", STRAY_60, dts=False)
    write_ps(folder / "plain.vob", "libx264", 6.0, bf=2)
    left_by(tmp_path / "lib", folder, 17, {"stray.vob": 0.04})  # (as reader 17 left them: the stray clip 0.04 s long)
    before = {name: video(tmp_path / "lib", name) for name in ("steady.mkv", "plain.vob")}
    events = run(tmp_path / "lib", folder)
    assert events[0].summary["recheck"] == 4
    assert sorted(Path(e.current).name for e in events if e.kind == "file_done") == ["screen.mkv", "stray.vob"]
    rec, moments = video(tmp_path / "lib", "stray.vob")
    assert rec.reader == READER and rec.duration == pytest.approx(6.0, abs=0.05)
    assert moments[0].start == 0.0 and moments[-1].end == pytest.approx(6.0, abs=0.05)
    assert video(tmp_path / "lib", "screen.mkv")[0].reader == READER
    assert_kept(tmp_path / "lib", before)  # (kept: their moments, ids and length as 17 left them)
    assert run(tmp_path / "lib", folder)[0].summary["recheck"] == 0  # (once)
