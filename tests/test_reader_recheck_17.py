"""Reader 17 reads an MP4/MOV of B-frames at a varying rate (a screen recording) as long as its frames are
shown (16: FFmpeg's length of its decoding times, 3.77 s read 2.58 s) and decodes whole one whose stills hold
5% of its time (16 skipped the B-frame beginning a still). A library of 16 or older checks its MP4/MOV files
once: those whose sample table says their moments cannot move by more than media.MOVED_S (a phone's
steady-rate clip, B-frames or not) are kept from their index alone, never opened by FFmpeg; the others are
opened, and embedded again where 17 reads them longer by more than MOVED_S or decodes them whole. Kept
files keep their moments, ids and thumbnails (``thumbs_since``)."""

from __future__ import annotations

from pathlib import Path

import pytest

av = pytest.importorskip("av")

from core import mp4_samples  # noqa: E402
from core.media import MOVED_S, FrameSampler, reads_as_by  # noqa: E402
from core.reader_recheck import steady_mp4  # noqa: E402
from core.sparse_rate import STILL_S  # noqa: E402
from core.video_info import READER, frames_since, thumbs_since  # noqa: E402
from tests.remux import remux  # noqa: E402
from tests.test_tracks import write  # noqa: E402
from tests.test_vfr_mp4_end import END, TIMES, write_vfr  # noqa: E402
from tests.test_vfr_mp4_stills import TIMES as STILLS  # noqa: E402

SHARED = sorted(Path("/work/shared/videos").glob("*.mp4"))


def test_mp4_and_mov_files_are_read_by_17_their_thumbnails_stand():
    assert READER >= 17
    for name in ("a.mp4", "A.MOV", "a.m4v", "a.3gp", "a.f4v"):
        assert frames_since(name) == 22 and thumbs_since(name) == 4, name  # (4: the key 16 gave them; 20, 21: recheck_20, _21)
    assert thumbs_since("a.vob") == 19 and thumbs_since("a.mkv") == 13  # (18 reads them otherwise: recheck_18; 19 TS/PS)


def _check(path, old=16):
    reader = FrameSampler(size=None, skip="nonref")._open(str(path))
    try:
        return reads_as_by(reader, old), reader.info.duration
    finally:
        reader.close()


@pytest.mark.parametrize("edit_list", [True, False])
def test_a_screen_recording_16_read_short_is_read_again(tmp_path, edit_list):
    path = write_vfr(tmp_path / "screen.mp4", TIMES, 2, edit_list)
    assert not mp4_samples.steady(path, STILL_S, MOVED_S) and not steady_mp4(str(path), 16)
    assert _check(path) == (False, pytest.approx(END, abs=0.002))
    assert _check(path, 17)[0]


def test_a_recording_of_stills_16_skipped_is_read_again(tmp_path):
    path = write_vfr(tmp_path / "stills.mp4", STILLS)
    assert not steady_mp4(str(path), 16) and _check(path)[0] is False


@pytest.mark.parametrize("bf", [0, 2])
def test_a_steady_mp4_is_kept_by_its_index_alone(tmp_path, bf):
    path = write(tmp_path / "phone.mp4", 3.0, fps=30, options={"bf": str(bf)})
    assert steady_mp4(path, 16) and steady_mp4(path, 4) and _check(path)[0]  # (opened: read alike too)
    assert not steady_mp4(path, 3) and not steady_mp4(path, 22)  # (3: turned video; 22: nothing to check)
    assert steady_mp4(path, 17)  # (checked again by 20: tests/test_reader_recheck_20.py, kept so too)
    vfr = write_vfr(tmp_path / "vfr.mp4", TIMES, 0)  # (a varying rate without B-frames: its frames in order)
    assert steady_mp4(str(vfr), 16) and _check(vfr)[0]
    assert not steady_mp4(str(tmp_path / "phone.mkv"), 16)  # (no MP4: checked as its reader says)


@pytest.mark.parametrize("path", SHARED, ids=lambda p: p.name)
def test_the_sample_clips_are_kept_by_their_index_alone(path):
    assert steady_mp4(str(path), 16) and _check(path)[0]


def test_a_truncated_index_is_opened_a_fragmented_one_read_from_its_fragments(tmp_path):
    path = Path(write(tmp_path / "phone.mp4", 3.0, fps=30, options={"bf": "2"}))
    data = path.read_bytes()
    moov = data.index(b"moov") - 4
    (tmp_path / "cut.mp4").write_bytes(data[:moov + 64])
    assert not steady_mp4(str(tmp_path / "cut.mp4"), 16)
    remux(path, tmp_path / "frag.mp4", movflags="frag_keyframe+empty_moov")
    assert not mp4_samples._video_tables(tmp_path / "frag.mp4")[0]["index"][0][:, 0].sum()
    assert steady_mp4(str(tmp_path / "frag.mp4"), 16)  # (its index lists no sample; its fragments say it is steady:
    # tests/test_recheck_17_fragments.py)


@pytest.mark.slow
def test_a_library_of_reader_16_reads_again_the_screen_recording_and_keeps_its_phone_clips(tmp_path):
    from tests.recheck_library import assert_kept, left_by
    from tests.test_cut_short import run, video

    folder = tmp_path / "videos"
    folder.mkdir()
    write_vfr(folder / "screen.mp4", TIMES)
    write(folder / "phone.mp4", 6.0, fps=30, options={"bf": "2"})
    write(folder / "plain.mov", 6.0, fps=30)
    write(folder / "clip.mkv", 3.0)
    left_by(tmp_path / "lib", folder, 16, {"screen.mp4": 2.58})  # (as reader 16 left them: the recording 2.58 s long)
    before = {name: video(tmp_path / "lib", name) for name in ("phone.mp4", "plain.mov", "clip.mkv")}
    events = run(tmp_path / "lib", folder)
    assert events[0].summary["recheck"] == 4  # (the MP4s, the MOV, and the MKV checked by 18 and kept)
    assert [Path(e.current).name for e in events if e.kind == "file_done"] == ["screen.mp4"]
    rec, moments = video(tmp_path / "lib", "screen.mp4")
    assert rec.reader == READER and rec.duration == pytest.approx(END, abs=0.002)
    assert moments[-1].end == pytest.approx(END, abs=0.002)
    assert_kept(tmp_path / "lib", before)  # (kept: their moments, ids and length as 16 left them)
    assert run(tmp_path / "lib", folder)[0].summary["recheck"] == 0  # (once)
