"""Reader 11 times files whose clock may jump (MPEG-TS and -PS, Ogg, Dahua DVR) anew: a dropout
narrower than 4 times the spacing of the 64 clock samples gets a timeline (reader 10 timed the frames
after it by order), and a stray packet stamped hours on no longer stretches the length (a 20 s VOB
indexed by reader 10 as 3 hours long). A library indexed by reader 10 checks those files again at its
next run, embeds again the ones reader 10 read otherwise, keeps the others, and leaves other formats
(an MP4) be; their thumbnails are made again."""

from __future__ import annotations

from pathlib import Path

import pytest

av = pytest.importorskip("av")

from core.media import FrameSampler, reads_as_by  # noqa: E402
from core.thumbnails import thumbnail  # noqa: E402
from core.video_info import READER, frames_since, thumbs_since  # noqa: E402
from tests.test_stray_packet_length import HOURS_3, _heads, _shift, _vob  # noqa: E402
from tests.test_thumbnail_reader10 import _cached_by_reader_9, _colour, _write  # noqa: E402
from tests.test_timestamp_restarts import write_ts  # noqa: E402


def test_a_library_of_reader_10_checks_its_mpeg_files_again_and_no_mp4(tmp_path):
    from tests.recheck_library import left_by
    from tests.test_cut_short import run, video
    from tests.test_tracks import write

    folder = tmp_path / "videos"
    folder.mkdir()
    vob = _vob(folder / "dvd.vob")
    data = bytearray(vob.read_bytes())
    _shift(data, _heads(data)[-1], HOURS_3)  # (its last packet stamped 3 hours on)
    vob.write_bytes(bytes(data))
    write_ts(folder / "plain.ts", [n % 256 for n in range(100)])
    write(folder / "clip.mp4", 3.0)
    left_by(tmp_path / "lib", folder, 10, {"dvd.vob": 10820.0})  # as reader 10 left them: the VOB 3 hours long
    events = run(tmp_path / "lib", folder)
    assert events[0].summary["recheck"] == 3  # (the VOB, the TS and clip.mp4: 17's, by its index alone)
    assert [Path(e.current).name for e in events if e.kind == "file_done"] == ["dvd.vob"]
    rec, moments = video(tmp_path / "lib", "dvd.vob")
    assert rec.reader == READER >= 11 and rec.duration == pytest.approx(19.95, abs=0.11)
    assert moments[-1].end == pytest.approx(rec.duration)  # (was 0:16.0-3:00:20.0)
    assert video(tmp_path / "lib", "plain.ts")[0].reader == READER  # (checked, kept)
    assert video(tmp_path / "lib", "clip.mp4")[0].reader == READER  # (its steady sample table: kept, never opened)
    assert run(tmp_path / "lib", folder)[0].summary["recheck"] == 0  # (once)


@pytest.mark.slow
def test_a_dropout_reader_10_did_not_see_is_read_again_one_it_saw_is_kept(tmp_path):
    from tests.test_timeline_dropout import AT, JUMP, SECONDS, cut_out

    whole = write_ts(tmp_path / "whole.ts", range((SECONDS + JUMP) * 10), gop=10)
    dropout = cut_out(whole, tmp_path / "dropout.ts", AT, JUMP)  # (12 s at 100 s of 300: under 4 samples' spacing)
    plain = write_ts(tmp_path / "plain.ts", [n % 256 for n in range(200)])
    jump = tmp_path / "jump.ts"  # (a minute on half-way through 20 s: reader 10's samples saw it)
    data = bytearray(plain.read_bytes())
    for head in _heads(data)[100:]:
        _shift(data, head, 60 * 90000, dts=True)
    jump.write_bytes(bytes(data))
    for path, by_10 in [(dropout, False), (jump, True), (whole, True)]:
        reader = FrameSampler(size=None)._open(path)
        try:
            assert (reader.timeline is not None) == (path != whole)
            assert reads_as_by(reader, 10) is by_10, path.name
            assert reads_as_by(reader, 11)
        finally:
            reader.close()


def test_thumbnails_reader_10_cached_of_mpeg_files_are_made_again_an_mp4_s_stand(tmp_path):
    assert 11 <= frames_since("rec.dav") <= frames_since("rec.ts") == frames_since("rec.vob")  # (DVR: 15 since; TS, PS: 16)
    assert thumbs_since("rec.mp4") < 10 and frames_since("rec.h264") < 10  # (an MP4's: 17 read its frames alike)
    for name, fmt, codec, again in [("rec.ts", "mpegts", "mpeg2video", True), ("rec.mpg", "mpeg", "mpeg2video", True),
                                    ("rec.mp4", "mp4", "mpeg4", False)]:
        path = tmp_path / name
        _write(path, fmt, codec)
        cached = _cached_by_reader_9(path, 2.5, 64, tmp_path / "thumbs", since=10 if again else 4)  # (reader 10's key)
        got = thumbnail(path, 2.5, 64, tmp_path / "thumbs")
        assert (str(got) != cached) is again and (_colour(got) == 2 or not again)
