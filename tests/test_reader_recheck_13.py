"""Reader 13 decodes whole a slideshow whose container only claims a usual rate (Matroska, FLV: 30 frames
a second; core.sparse_rate), whose B-frames 12 skipped indexing (each a slide), and reads an MPEG-TS/PS
slideshow from its start again from the file's start where FFmpeg's seek lands past it (12 lost the slides
before the landing), and reads an FLV whose clock starts again part-way through both parts (12: the first). A library indexed by reader 12 checks its Matroska, FLV, MPEG-TS and -PS files again
at its next run, embeds again the slideshows and the FLV, keeps the others, and leaves an MP4 be."""

from __future__ import annotations

from pathlib import Path

import pytest

av = pytest.importorskip("av")

from core.media import FrameSampler, reads_as_by  # noqa: E402
from core.video_info import READER, frames_since  # noqa: E402
from tests.test_reader_sparse_claimed import write as write_claimed  # noqa: E402
from tests.test_reader_sparse_ts import write as write_ts_slides  # noqa: E402
from tests.test_reader_flv_restart import write as write_appended  # noqa: E402


def test_matroska_flv_ts_and_ps_files_are_read_by_13():
    assert READER >= 13
    for name in ("a.mkv", "A.MKV", "a.webm", "a.mk3d", "a.flv", "a.ts", "a.mts", "a.vob", "a.mpg"):
        assert frames_since(name) >= 13, name  # (TS and PS: 15 since)
    for name in ("a.avi", "a.wmv"):
        assert frames_since(name) < 13, name
    for name in ("a.mp4", "a.mov", "a.f4v"):  # (17, then 20 and 21 since: core.mp4_samples, core.mp4_header.cover_first)
        assert frames_since(name) == 22, name


def test_a_library_of_reader_12_reads_again_the_slideshows_and_keeps_the_rest(tmp_path):
    from tests.recheck_library import left_by
    from tests.test_cut_short import run, video
    from tests.test_tracks import write

    folder = tmp_path / "videos"
    folder.mkdir()
    write_claimed(folder / "slides.mkv", "matroska")  # (said to be 30 fps: 12 skipped its B-frames)
    write_ts_slides(folder / "slides.ts")  # (12 lost its first 8 slides)
    write_claimed(folder / "clip.mkv", "matroska", step_ms=33, count=90)  # (30 fps: read as 12 read it)
    write_appended(folder / "appended.flv")  # (its clock starts again: 12 read its first part only)
    write(folder / "clip.mp4", 3.0)
    left_by(tmp_path / "lib", folder, 12)  # (as reader 12 left them)
    events = run(tmp_path / "lib", folder)
    assert events[0].summary["recheck"] == 5  # (the MKVs, the TS, the FLV, and the MP4 by its index alone: 17's)
    assert sorted(Path(e.current).name for e in events if e.kind == "file_done") == [
        "appended.flv", "slides.mkv", "slides.ts"]
    assert video(tmp_path / "lib", "appended.flv")[0].duration == pytest.approx(10.0, abs=0.05)
    for name in ("slides.mkv", "slides.ts", "clip.mkv", "appended.flv"):
        rec, moments = video(tmp_path / "lib", name)
        assert rec.reader == READER and moments, name
    assert video(tmp_path / "lib", "clip.mp4")[0].reader == READER  # (its steady sample table: kept, never opened)
    assert run(tmp_path / "lib", folder)[0].summary["recheck"] == 0  # (once)


def test_the_recheck_tells_a_slideshow_and_a_restarting_flv_from_a_video(tmp_path):
    slides = write_claimed(tmp_path / "slides.flv", "flv")
    clip = write_claimed(tmp_path / "clip.flv", "flv", step_ms=33, count=90)
    appended = write_appended(tmp_path / "appended.flv")
    for path, by_12 in [(slides, False), (clip, True), (appended, False)]:
        reader = FrameSampler(size=None, skip="nonref")._open(str(path))
        try:
            assert reads_as_by(reader, 12) is by_12, path.name
            assert reads_as_by(reader, 13)
        finally:
            reader.close()
