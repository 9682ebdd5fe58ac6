"""Reader 16 starts an MPEG-PS/TS whose first PES are stamped far off at its first frame (reader 15 started
it at the stray stamps: a single 20 s clip 0.04 s long, joined clips hours long) and ends a short MPEG-2
clip with B-frames between others where it ends (15: a frame late, every later frame 0.04 s late). Reader
15 was released: a library indexed by it checks its MPEG-TS and -PS files once, embeds again those 15 read
otherwise by more than media.MOVED_S (``core.reader_recheck.moved_by_15``: every file of the first kind; a
short MPEG-2 clip's 0.04 s is kept), and keeps the others with their moments, ids and notes."""

from __future__ import annotations

from pathlib import Path

import pytest

av = pytest.importorskip("av")

from core.media import MOVED_S, FrameSampler, reads_as_by  # noqa: E402
from core.reader_recheck import moved_by_15  # noqa: E402
from core.video_info import READER, frames_since  # noqa: E402
from tests.test_ps_joined_seek import write_ps  # noqa: E402
from tests.test_ps_stray_first_stamp import STRAY_60, _stray_start  # noqa: E402


def test_ts_and_ps_files_are_read_by_16_dvr_files_by_15():
    assert READER >= 16
    for name in ("a.ts", "a.mts", "a.m2ts", "a.vob", "a.mpg", "A.MOD", "a.vro", "a.tp"):
        assert frames_since(name) == 19, name  # (16, then 18 and 19: tests/test_reader_recheck_18.py, _19.py)
    assert frames_since("a.dav") == 15
    for name in ("a.mkv", "a.flv"):
        assert frames_since(name) == 18, name
    assert frames_since("a.mp4") == 22  # (core.mp4_samples, core.mp4_header.cover_first)


def _joined(path: Path, codec: str, seconds: tuple[float, ...], bf: int) -> Path:
    parts = [write_ps(path.with_suffix(f".{k}.part"), codec, s, shade=40 * k, bf=bf) for k, s in enumerate(seconds)]
    path.write_bytes(b"".join(p.read_bytes() for p in parts))
    for p in parts:
        p.unlink()
    return path


def _checked(path: Path):
    reader = FrameSampler(size=None, skip="nonref")._open(str(path))
    try:
        return moved_by_15(reader), [reads_as_by(reader, old) for old in (13, 14, 15, 16)]
    finally:
        reader.close()


def test_a_clip_whose_first_stamps_are_stray_is_read_again(tmp_path):
    clean = write_ps(tmp_path / "clean.vob", "libx264", 6.0, bf=0)
    moved, by = _checked(_stray_start(clean, tmp_path / "stray.vob", STRAY_60))
    assert moved == float("inf") and by == [False, False, False, True]
    assert _checked(clean) == (0.0, [True, True, True, True])


@pytest.mark.parametrize(("seconds", "bf", "late"), [((6.0, 0.6, 6.0), 2, True), ((0.6, 6.0, 6.0), 2, True),
                                                     ((6.0, 6.0), 2, False), ((6.0, 0.6, 6.0), 0, False)])
def test_a_short_mpeg2_part_15_ended_a_frame_late_is_kept(tmp_path, seconds, bf, late):
    """15 put the parts after it 0.04 s late: under MOVED_S, kept (a dozen such clips in one file would not be)."""
    moved, by = _checked(_joined(tmp_path / "joined.vob", "mpeg2video", seconds, bf))
    assert moved == (pytest.approx(0.04, abs=1e-6) if late else 0.0)
    assert moved < MOVED_S and by[2:] == [True, True]


def test_the_recheck_scans_as_the_reader_scans(tmp_path, monkeypatch):
    """``moved_by_15`` scans the file again as 15 did: with the reader's other video streams and its read
    bound, as the reader's own scan (it had neither: a file that stopped answering held the recheck for
    120 s a read, and its ``av.ExitError`` was no ``DecodeTimeout``)."""
    from core import timeline

    real, asked = timeline._scan, []

    def scanned(*args, **kw):
        asked.append((args, kw))
        return real(*args, **kw)

    monkeypatch.setattr(timeline, "_scan", scanned)
    reader = FrameSampler(size=None, skip="nonref", timeout_s=7.0)._open(
        str(_joined(tmp_path / "joined.vob", "mpeg2video", (6.0, 0.6, 6.0), 2)))
    try:
        asked.clear()  # (the reader's own scan, at its open)
        assert moved_by_15(reader) == pytest.approx(0.04, abs=1e-6)
        assert len(asked) == 1
        args, kw = asked[0]
        assert args[:4] == (reader.path, reader.index, reader.tb, reader.origin) and kw == {"alone": False}
        assert list(args[5]) == list(reader.also) and args[6] == reader.budget.timeout_s == 7.0
    finally:
        reader.close()


@pytest.mark.slow
def test_a_library_of_reader_15_reads_again_the_clip_with_stray_first_stamps_and_keeps_the_rest(tmp_path):
    from tests.recheck_library import assert_kept, left_by
    from tests.test_cut_short import run, video
    from tests.test_tracks import write

    folder = tmp_path / "videos"
    folder.mkdir()
    clean = write_ps(tmp_path / "clean.vob", "libx264", 6.0, bf=0)
    _stray_start(clean, folder / "stray.vob", STRAY_60)
    _joined(folder / "short.vob", "mpeg2video", (6.0, 0.6, 6.0), 2)
    write_ps(folder / "plain.vob", "libx264", 6.0, bf=0)
    write(folder / "clip.mkv", 3.0)
    left_by(tmp_path / "lib", folder, 15, {"stray.vob": 0.04})  # (as reader 15 left them: the stray clip 0.04 s long)
    before = {name: video(tmp_path / "lib", name) for name in ("short.vob", "plain.vob", "clip.mkv")}
    events = run(tmp_path / "lib", folder)
    assert events[0].summary["recheck"] == 4  # (the VOBs, and the MKV checked by 18 and kept: it reads as 15 read it)
    assert [Path(e.current).name for e in events if e.kind == "file_done"] == ["stray.vob"]
    rec, moments = video(tmp_path / "lib", "stray.vob")
    assert rec.reader == READER and rec.duration == pytest.approx(6.0, abs=0.05)
    assert moments[0].start == 0.0 and moments[-1].end == pytest.approx(6.0, abs=0.05)
    assert_kept(tmp_path / "lib", before)  # (kept: their moments, ids and length as 15 left them)
    assert run(tmp_path / "lib", folder)[0].summary["recheck"] == 0  # (once)


def test_an_mpeg_ts_15_recorded_hours_long_is_read_again(tmp_path, monkeypatch):
    """15 read the length of an MPEG-TS of no header rate from freed memory (bf5ea13): 257449 s, 1e9 s.
    Recorded so, it is read again; recorded as long as it is, kept. (A screen recording: its stills' B-frames,
    which readers before 18 skipped, are read again whatever its length, ``test_vfr_claimed_stills``.)"""
    from core import sparse_rate
    from tests.test_vfr_ts_probe import write_vfr_ts

    reader = FrameSampler(size=None, skip="nonref")._open(str(write_vfr_ts(tmp_path / "screen.ts")))
    try:
        now = reader.info.duration
        assert not reads_as_by(reader, 15, now) and not reads_as_by(reader, 17, now)  # (its stills)
        monkeypatch.setattr(sparse_rate, "stills", lambda reader: False)  # (the length alone)
        assert not reads_as_by(reader, 15, 1e9) and not reads_as_by(reader, 15, 257449.4)
        assert reads_as_by(reader, 15, now) and reads_as_by(reader, 15) and reads_as_by(reader, 16, 1e9)
    finally:
        reader.close()
