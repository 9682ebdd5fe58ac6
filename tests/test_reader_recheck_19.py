"""Reader 19 reads a clip of 2-3 frames in MPEG-PS/TS clips joined byte for byte as a part of its own
(``part_cuts.restarted``), where 18 ran it into the next clip: the short clip's frames and every later one
2-3 frames early (``tests/test_ps_restart_short.py``). A library of 18 or older checks its MPEG-TS/PS files
once: one with such a part is embedded again, the others (joined clips without one, a 0.6 s part 15 already
cut) kept with their moments and ids; their thumbnails are made again (``thumbs_since``)."""

from __future__ import annotations

from pathlib import Path

import pytest

av = pytest.importorskip("av")

from core.video_info import READER, frames_since, thumbs_since  # noqa: E402
from tests.recheck_library import read_alike  # noqa: E402
from tests.test_ps_restart_short import joined  # noqa: E402


def test_ts_and_ps_files_are_read_by_19_their_thumbnails_made_again():
    assert READER >= 19
    for name in ("a.ts", "a.mts", "a.m2ts", "a.vob", "a.mpg", "A.MOD", "a.vro", "a.tp"):
        assert frames_since(name) == thumbs_since(name) == 19, name
    assert frames_since("a.mkv") == frames_since("a.flv") == 18 and thumbs_since("a.mkv") == 13
    assert frames_since("a.mp4") == 22 and frames_since("a.dav") == 15


@pytest.mark.parametrize("codec,bf", [("mpeg2video", 2), ("libx264", 0)])
def test_a_clip_of_3_frames_between_others_is_read_again_plain_joins_kept(tmp_path, codec, bf):
    short, _ = joined(tmp_path / "short", codec, bf, (6.0, 0.12, 6.0))
    assert not read_alike(short, 18) and not read_alike(short, 15) and read_alike(short, 19)
    plain, _ = joined(tmp_path / "plain", codec, bf, (6.0, 6.0))
    assert read_alike(plain, 18)
    cut, _ = joined(tmp_path / "cut", codec, bf, (6.0, 0.6, 6.0))  # (a part since 15 or 16)
    assert read_alike(cut, 18)


@pytest.mark.slow
def test_a_library_of_reader_18_reads_again_the_joined_clips_with_a_short_one_and_keeps_the_rest(tmp_path):
    from tests.recheck_library import assert_kept, left_by
    from tests.test_cut_short import run, video

    folder = tmp_path / "videos"
    folder.mkdir()
    for name, order in (("short.vob", (6.0, 0.08, 6.0)), ("plain.vob", (6.0, 6.0))):
        path, _ = joined(tmp_path / name, "mpeg2video", 2, order)
        path.rename(folder / name)
    left_by(tmp_path / "lib", folder, 18, {"short.vob": 12.0})  # (as 18 left it: 12.0 s long)
    before = {"plain.vob": video(tmp_path / "lib", "plain.vob")}
    events = run(tmp_path / "lib", folder)
    assert events[0].summary["recheck"] == 2
    assert [Path(e.current).name for e in events if e.kind == "file_done"] == ["short.vob"]
    rec, moments = video(tmp_path / "lib", "short.vob")
    assert rec.reader == READER and rec.duration == pytest.approx(12.08, abs=1e-3)
    assert moments[-1].end == pytest.approx(12.08, abs=1e-3)
    assert_kept(tmp_path / "lib", before)  # (kept: its moments, ids and length as 18 left them)
    assert run(tmp_path / "lib", folder)[0].summary["recheck"] == 0  # (once)
