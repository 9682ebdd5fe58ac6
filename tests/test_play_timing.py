"""``core.play_timing.engine_timed``: the videos whose frames the engine times otherwise than a plain
player (FFmpeg as it opens the file, as Qt's player does) are told apart, the others are not."""

from __future__ import annotations

import pytest

pytest.importorskip("av")

from core import play_timing  # noqa: E402
from core.play_timing import engine_timed  # noqa: E402
from tests import test_avi_reorder as avi  # noqa: E402
from tests.test_dhav import write_dav  # noqa: E402
from tests.test_fragmented_mp4 import top_boxes, write_fragmented  # noqa: E402
from tests import test_reader_flv_restart as flv_restart  # noqa: E402
from tests.test_ogg_chain import chain  # noqa: E402
from tests.test_timestamp_restarts import write_ts  # noqa: E402


def joined(tmp_path, name, **kw):
    path = tmp_path / name
    path.write_bytes(write_ts(tmp_path / f"a-{name}", range(50), **{k: v[0] for k, v in kw.items()}).read_bytes()
                     + write_ts(tmp_path / f"b-{name}", range(100, 140), **{k: v[1] for k, v in kw.items()}).read_bytes())
    return path


def stray_first(tmp_path):
    """A 6 s VOB whose first PES is stamped 60 s on (a recorder's clock glitch at its start)."""
    from tests.test_ps_joined_seek import write_ps
    from tests.test_ps_stray_first_stamp import STRAY_60, _stray_start

    return _stray_start(write_ps(tmp_path / "clean.vob", "libx264", 6.0, bf=0), tmp_path / "stray.vob", STRAY_60)


def test_videos_the_engine_times_otherwise_are_told_with_why_and_their_engine_length(tmp_path):
    fragmented = write_fragmented(tmp_path / "whole.mp4").read_bytes()
    fourth = [end for kind, _, end in top_boxes(fragmented) if kind == b"moof"][3]
    (tmp_path / "stopped.mp4").write_bytes(fragmented[: fourth - 4])
    cases = {
        joined(tmp_path, "joined.ts"): (play_timing.JOINED, 9.0),
        joined(tmp_path, "pids.ts", pid=(0x100, 0x200)): (play_timing.JOINED, 9.0),
        joined(tmp_path, "joined.mpg", fmt=("mpeg", "mpeg"), codec=("mpeg2video", "mpeg2video")): (play_timing.JOINED, 9.0),
        write_dav(tmp_path / "motion.dav", range(100), jump_at=50, jump_s=120): (play_timing.JOINED, 10.0),
        chain(tmp_path, "chain.ogv", [range(30), range(100, 120)], sound=False): (play_timing.CHAINED, 5.0),
        chain(tmp_path, "chain-sound.ogv", [range(30), range(100, 120)], sound=True): (play_timing.CHAINED, 5.0),
        write_ts(tmp_path / "raw.h264", range(50), fmt="h264"): (play_timing.RAW, 2.0),  # (25 fps: no timestamps)
        avi.write_avi(tmp_path / "b.avi", *avi.KINDS["x264 with B-frames"]): (play_timing.AVI_REORDER, 3.0),
        avi.write_avi(tmp_path / "xvid.avi", *avi.KINDS["DivX/XviD with B-frames"]): (play_timing.AVI_REORDER, 3.0),
        tmp_path / "stopped.mp4": (play_timing.FRAGMENTS, 3.0),
        flv_restart.write(tmp_path / "appended.flv"): (play_timing.JOINED, 10.0),  # (its clock starts again)
        stray_first(tmp_path): (play_timing.STRAY_START, 6.0),  # (FFmpeg: 0.04 s long, from 60 s)
    }
    for path, (why, seconds) in cases.items():
        got = engine_timed(path)
        assert got is not None and got.why == why, (path.name, got)
        assert got.duration == pytest.approx(seconds, abs=0.35), path.name
        assert got.width > 0 and got.height > 0 and got.fps > 0


def test_videos_a_plain_player_shows_as_the_engine_are_not(tmp_path):
    plain = [write_ts(tmp_path / "plain.mp4", range(30), fmt="mp4"), write_ts(tmp_path / "one.ts", range(30)),
             write_fragmented(tmp_path / "whole.mp4"), write_dav(tmp_path / "steady.dav", range(30)),
             avi.write_avi(tmp_path / "no-b.avi", *avi.KINDS["x264 without"]),
             chain(tmp_path, "one.ogv", [range(30)], sound=True), write_ts(tmp_path / "one.flv", range(30), fmt="flv")]
    for path in plain:
        assert engine_timed(path) is None, path.name
    (tmp_path / "text.mp4").write_text("no video")
    assert engine_timed(tmp_path / "text.mp4") is None  # (the player says why it cannot play it)
    assert engine_timed(tmp_path / "gone.ts") is None
