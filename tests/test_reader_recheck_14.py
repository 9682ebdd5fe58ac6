"""Reader 14 reads MPEG-TS/PS clips joined byte for byte whose frames mostly come without a timestamp
(H.264: small frames share a PES) with each later part where it starts: 13 ended a part at its last
timed packet plus the step between timed packets (~1 s), the second of two joined H.264 clips 0.88 s
late without B-frames, 0.28 s with (core.part_ends). A library indexed by 13 checks its MPEG-TS and -PS
files again at its next run, embeds again those whose parts 13 put more than media.MOVED_S off, keeps
the others, and leaves a Matroska file be."""

from __future__ import annotations

from pathlib import Path

import pytest

av = pytest.importorskip("av")

from core.media import FrameSampler, reads_as_by  # noqa: E402
from core.video_info import READER, frames_since  # noqa: E402
from tests.test_ps_joined_seek import PART_S, write_joined  # noqa: E402


def test_ts_and_ps_files_are_read_by_14():
    assert READER >= 14
    for name in ("a.ts", "a.mts", "a.m2ts", "a.vob", "a.mpg", "A.MOD", "a.vro", "a.tp"):
        assert frames_since(name) >= 14, name  # (15 since: core.part_cuts, tests/test_reader_recheck_15.py)
    for name in ("a.mkv", "a.flv"):
        assert frames_since(name) == 18, name  # (13, then 18: core.sparse_rate.stills)
    assert frames_since("a.mp4") == 22  # (core.mp4_samples, core.mp4_header.cover_first)


@pytest.mark.parametrize(("codec", "bf", "by_13"), [("libx264", 0, False), ("libx264", 2, True), ("mpeg2video", 2, True)],
                         ids=["h264-bf0", "h264-bf2", "mpeg2"])
def test_the_recheck_tells_the_joined_files_13_put_off_by_more_than_half_a_second(tmp_path, codec, bf, by_13):
    """Without B-frames 13 put the second part 0.88 s late: read again; with, 0.28 s: kept (as other
    rechecks keep times off by no more); MPEG-2, every frame timed: read alike."""
    path = write_joined(tmp_path / f"{codec}-bf{bf}.vob", codec, bf=bf)
    reader = FrameSampler(size=None, skip="nonref")._open(str(path))
    try:
        assert reads_as_by(reader, 13) is by_13
        assert reads_as_by(reader, 14)
    finally:
        reader.close()


def test_a_library_of_reader_13_reads_again_the_joined_file_13_put_late_and_keeps_the_rest(tmp_path):
    from tests.recheck_library import left_by
    from tests.test_cut_short import run, video
    from tests.test_tracks import write

    folder = tmp_path / "videos"
    folder.mkdir()
    write_joined(folder / "late.vob", "libx264", bf=0)  # (13: its second part 0.88 s late)
    write_joined(folder / "steady.vob", "mpeg2video", bf=2)  # (every frame timed: read as 13 read it)
    write(folder / "clip.mkv", 3.0)
    for part in folder.glob("*.[01].vob"):  # (the parts write_joined joined)
        part.unlink()
    left_by(tmp_path / "lib", folder, 13)  # (as reader 13 left them)
    events = run(tmp_path / "lib", folder)
    assert events[0].summary["recheck"] == 3  # (the two VOBs, and the MKV checked by 18 and kept: it reads as 13 read it)
    assert [Path(e.current).name for e in events if e.kind == "file_done"] == ["late.vob"]
    rec, moments = video(tmp_path / "lib", "late.vob")
    assert rec.reader == READER and moments and rec.duration == pytest.approx(2 * PART_S, abs=0.05)
    assert video(tmp_path / "lib", "steady.vob")[0].reader == READER
    assert video(tmp_path / "lib", "clip.mkv")[0].reader == READER  # (checked once, kept: not embedded again)
    assert run(tmp_path / "lib", folder)[0].summary["recheck"] == 0  # (once)
