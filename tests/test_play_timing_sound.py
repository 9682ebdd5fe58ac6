"""``core.play_timing``: whether a video shown through the engine's frames (which play without
sound) has sound at all is read from its container in the worker that decides, so the preview
says "No sound" only of a file that loses some."""

from __future__ import annotations

import pytest

pytest.importorskip("av")

from core.play_timing import engine_reads, engine_timed  # noqa: E402
from tests.test_ogg_chain import chain  # noqa: E402
from tests.test_timestamp_restarts import write_ts  # noqa: E402


def test_an_engine_timed_video_says_whether_its_file_has_sound(tmp_path):
    loud = engine_timed(chain(tmp_path, "loud.ogv", [range(30), range(100, 120)], sound=True))
    silent = engine_timed(chain(tmp_path, "silent.ogv", [range(30), range(100, 120)], sound=False))
    raw = engine_timed(write_ts(tmp_path / "raw.h264", range(50), fmt="h264"))
    assert loud is not None and loud.sound
    assert silent is not None and not silent.sound
    assert raw is not None and not raw.sound


def test_a_video_read_after_the_player_failed_says_whether_it_has_sound(tmp_path):
    assert engine_reads(chain(tmp_path, "loud.ogv", [range(30)], sound=True)).sound
    assert not engine_reads(write_ts(tmp_path / "plain.mp4", range(30), fmt="mp4")).sound
