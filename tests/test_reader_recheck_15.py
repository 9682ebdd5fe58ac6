"""Reader 15 reads a very short clip in MPEG-PS/TS clips joined byte for byte (a clip stopped at once: 0.6 s
of H.264, one or two packets timed) as a part of its own, first, last or between two others, where 14 took
it for stray timestamps or ran it into the next part: its frames timed as another part's and every later
part a clip's length early (core.part_cuts); and a Dahua .dav with a hole after it as without the hole
(core.zero_bytes.data_end). Reader 14 was released: a library indexed by it checks its MPEG-TS, -PS and
.dav files once at its next run, embeds again those 14 read otherwise by more than media.MOVED_S
(Timeline.moved_by_14; a .dav recorded shorter than it reads), keeps the others with their moments, ids
and notes, and leaves a Matroska file be."""

from __future__ import annotations

from pathlib import Path

import pytest

av = pytest.importorskip("av")

from core.media import FrameSampler, reads_as_by  # noqa: E402
from core.video_info import READER, frames_since  # noqa: E402
from tests.test_dhav import write_dav  # noqa: E402
from tests.test_ps_joined_seek import write_ps  # noqa: E402
from tests.test_zero_bytes import sparse  # noqa: E402

LONG_S, SHORT_S = 6.0, 0.6


def test_ts_ps_and_dvr_files_are_read_by_15():
    assert READER >= 15
    for name in ("a.ts", "a.mts", "a.m2ts", "a.vob", "a.mpg", "A.MOD", "a.vro", "a.tp", "a.dav", "A.DAV"):
        assert frames_since(name) >= 15, name  # (TS and PS: 16 since, tests/test_reader_recheck_16.py)
    assert frames_since("a.dav") == frames_since("A.DAV") == 15
    for name in ("a.mkv", "a.flv"):
        assert frames_since(name) == 18, name  # (13, then 18: core.sparse_rate.stills)
    assert frames_since("a.ogv") == 11  # (every packet of a chained Ogg timed: no short run, read alike)
    assert frames_since("a.mp4") == 22  # (core.mp4_samples, core.mp4_header.cover_first)


def joined(path: Path, seconds: tuple[float, ...], bf: int = 0) -> Path:
    """H.264 VOBs of ``seconds`` each, each its clock from 0, joined byte for byte (``cat``)."""
    parts = [write_ps(path.with_suffix(f".{k}.part"), "libx264", s, shade=40 * k, bf=bf) for k, s in enumerate(seconds)]
    path.write_bytes(b"".join(p.read_bytes() for p in parts))
    for p in parts:
        p.unlink()
    return path


def dav_with_a_hole(path: Path, frames: int = 20) -> Path:
    """A Dahua recording (10 frames a second) in a preallocated file: 64 MB of hole after its data."""
    src = write_dav(path.with_suffix(".src"), list(range(frames)))
    data = src.read_bytes()
    src.unlink()
    return sparse(path, len(data) + (64 << 20), data=data)


@pytest.mark.parametrize(("seconds", "by_14"), [((SHORT_S, LONG_S, LONG_S), False), ((LONG_S, SHORT_S, LONG_S), False),
                                                ((LONG_S, LONG_S), True)], ids=["short-first", "short-middle", "plain"])
def test_the_recheck_tells_the_joined_files_14_read_otherwise(tmp_path, seconds, by_14):
    """14 took the short clip for strays (its parts a clip's length off: read again); two 6 s clips it
    read alike (kept). 13, which had no short part either, reads the short ones again too."""
    reader = FrameSampler(size=None, skip="nonref")._open(str(joined(tmp_path / "joined.vob", seconds)))
    try:
        assert len(reader.timeline.segments) == len(seconds)
        assert reads_as_by(reader, 14) is by_14
        assert reads_as_by(reader, 15)
        if not by_14:
            assert not reads_as_by(reader, 13)
    finally:
        reader.close()


def ts_part(path: Path, seconds: float, shade: int) -> Path:
    """``seconds`` of H.264 in an MPEG-TS stamped every 12th PES (as the standard allows)."""
    from fractions import Fraction

    from tests.test_reader_recheck_12_ts import FPS, SIZE, picture, unstamp

    whole = path.with_suffix(".whole")
    with av.open(str(whole), "w", format="mpegts") as out:
        s = out.add_stream("libx264", rate=FPS)
        s.width, s.height, s.pix_fmt = SIZE[0], SIZE[1], "yuv420p"
        s.codec_context.time_base = Fraction(1, FPS)
        s.options = {"g": str(FPS), "sc_threshold": "0", "bf": "0", "preset": "veryfast"}
        for i in range(round(seconds * FPS)):
            f = av.VideoFrame.from_ndarray(picture(i, SIZE, 5, shade), format="rgb24")
            f.pts, f.time_base = i, Fraction(1, FPS)
            out.mux(s.encode(f))
        out.mux(s.encode())
    unstamp(whole, path)
    whole.unlink()
    return path


@pytest.mark.parametrize(("seconds", "by_14"), [((LONG_S, SHORT_S, LONG_S), False), ((LONG_S, LONG_S), True)],
                         ids=["short-middle", "plain"])
def test_the_recheck_tells_the_joined_mpeg_ts_files_14_read_otherwise(tmp_path, seconds, by_14):
    """An MPEG-TS whose PES are stamped every dozen frames: a 0.6 s clip has a timed packet or two, as
    in a PS; 14 took it for strays. So TS files are checked again too."""
    parts = [ts_part(tmp_path / f"p{k}.ts", s, 40 * k) for k, s in enumerate(seconds)]
    path = tmp_path / "joined.ts"
    path.write_bytes(b"".join(p.read_bytes() for p in parts))
    reader = FrameSampler(size=None, skip="nonref")._open(str(path))
    try:
        assert len(reader.timeline.segments) == len(seconds)
        assert reader.info.duration == pytest.approx(sum(seconds), abs=0.05)
        assert reads_as_by(reader, 14) is by_14 and reads_as_by(reader, 15)
    finally:
        reader.close()


@pytest.mark.parametrize("bf", [0, 2])
def test_a_part_after_a_stray_stamp_that_14_ended_2_frames_late_is_kept(tmp_path, bf):
    """A PES stamped 3 hours on inside a 20 s part: with B-frames 14 ended the run after it by that
    P-frame's delay, 2 frames late (``part_ends``): the second part 0.08 s late, under MOVED_S: kept."""
    from core.media import MOVED_S
    from tests.test_ps_short_part import stamped
    from tests.test_stray_packet_length import HOURS_3, _shift

    parts = [write_ps(tmp_path / f"p{k}.vob", "libx264", s, shade=40 * k, bf=bf) for k, s in enumerate((20.0, LONG_S))]
    first = bytearray(parts[0].read_bytes())
    heads = stamped(first)
    _shift(first, heads[len(heads) // 2], HOURS_3, dts=True)
    stray = tmp_path / "stray.vob"
    stray.write_bytes(bytes(first) + parts[1].read_bytes())
    reader = FrameSampler(size=None, skip="nonref")._open(str(stray))
    try:
        assert len(reader.timeline.segments) == 2
        assert (0 < reader.timeline.moved_by_14 < MOVED_S) if bf else reader.timeline.moved_by_14 == 0
        assert reads_as_by(reader, 14)
    finally:
        reader.close()


def test_a_dvr_recording_with_a_hole_is_read_again_only_where_14_recorded_it_shorter(tmp_path):
    """14 read such a file's length from a chunk's date or decoded it to its end (as long as its frames,
    or longer than 15 reads it: kept); one it recorded shorter than it reads by more than MOVED_S lost
    its last frames: read again. A length alone does not make a Matroska file read again."""
    reader = FrameSampler(size=None, skip="nonref")._open(str(dav_with_a_hole(tmp_path / "rec.dav")))
    try:
        now = reader.info.duration
        assert reads_as_by(reader, 14, now) and reads_as_by(reader, 14, now + 1.0) and reads_as_by(reader, 14)
        assert reads_as_by(reader, 14, now - 0.4)
        assert not reads_as_by(reader, 14, now - 0.6) and not reads_as_by(reader, 11, now - 0.6)
        assert reads_as_by(reader, 15, now - 0.6)
    finally:
        reader.close()
    from tests.test_tracks import write

    reader = FrameSampler(size=None, skip="nonref")._open(str(write(tmp_path / "clip.mkv", 3.0)))
    try:
        assert reads_as_by(reader, 14, 1.0)
    finally:
        reader.close()


@pytest.mark.slow
def test_a_library_of_reader_14_reads_again_the_files_with_a_short_part_and_keeps_the_rest(tmp_path):
    from tests.recheck_library import assert_kept, left_by
    from tests.test_cut_short import run, video
    from tests.test_tracks import write

    folder = tmp_path / "videos"
    folder.mkdir()
    joined(folder / "first.vob", (SHORT_S, LONG_S, LONG_S))  # (14: every part 0.6 s early, 12.0 s long)
    joined(folder / "middle.vob", (LONG_S, SHORT_S, LONG_S))  # (14: the last part 0.6 s early)
    write_ps(folder / "plain.vob", "libx264", LONG_S, bf=0)
    dav_with_a_hole(folder / "rec.dav")  # (20 frames, 2.0 s: 14 decoded it to its end)
    write(folder / "clip.mkv", 3.0)
    left_by(tmp_path / "lib", folder, 14, {"first.vob": 12.0, "middle.vob": 12.0, "rec.dav": 2.0})  # (as reader 14 left them)
    before = {name: video(tmp_path / "lib", name) for name in ("plain.vob", "rec.dav", "clip.mkv")}
    events = run(tmp_path / "lib", folder)
    assert events[0].summary["recheck"] == 5  # (the VOBs, the DVR file, and the MKV checked by 18 and kept)
    assert sorted(Path(e.current).name for e in events if e.kind == "file_done") == ["first.vob", "middle.vob"]
    for name in ("first.vob", "middle.vob"):
        rec, moments = video(tmp_path / "lib", name)
        assert rec.reader == READER and moments, name
        assert rec.duration == pytest.approx(SHORT_S + 2 * LONG_S, abs=0.05), name
        assert moments[-1].end == pytest.approx(SHORT_S + 2 * LONG_S, abs=0.05), name
    assert_kept(tmp_path / "lib", before)  # (kept: their moments, ids and length as 14 left them)
    assert run(tmp_path / "lib", folder)[0].summary["recheck"] == 0  # (once)
