"""H.264's loop filter is skipped only for a model whose config tolerates it, and only on a file
whose keyframes lie close enough together (``core.decode_modes.skips_loop_filter``): elsewhere
every frame stays exactly the filtered one."""

from __future__ import annotations

from fractions import Fraction
from types import SimpleNamespace

import numpy as np
import pytest

import core.decode_modes as M
from core.decode_pool import DecodeSpec
from core.encoders import Encoder
from core.encoders.registry import canonical_config, normalize_config
from core.errors import ModelError
from core.indexer import IndexOptions, decode_spec
from core.media import FrameSampler
from tests.test_decode_modes import write_clip

DEMO = "core/resources/models/demo"
REAL = "core/resources/models/real"


def fake_stream(keys, duration=None, start=0, codec="h264", tb=Fraction(1, 1000)):
    entries = [SimpleNamespace(timestamp=k, is_keyframe=True, is_discard=False) for k in keys]
    return SimpleNamespace(index_entries=entries, time_base=tb, duration=duration, start_time=start,
                           codec_context=SimpleNamespace(name=codec))


def test_the_longest_group_of_pictures_counts_the_tail_after_the_last_keyframe():
    assert M.max_keyframe_gap_s(fake_stream([0, 2000, 4000])) == 2.0
    assert M.max_keyframe_gap_s(fake_stream([0, 2000, 4000], duration=10000)) == 6.0  # the tail
    assert M.max_keyframe_gap_s(fake_stream([500, 2500], duration=3000, start=500)) == 2.0
    assert M.max_keyframe_gap_s(fake_stream([0])) is None  # one keyframe listed: unknown
    assert M.max_keyframe_gap_s(fake_stream([])) is None


def test_only_h264_with_short_groups_and_a_tolerant_model_skips_it():
    short = fake_stream([0, 1000, 2000], duration=3000)
    assert M.skips_loop_filter(short, 5.0)
    assert not M.skips_loop_filter(short, 0.0)  # a model that never said it tolerates it
    assert not M.skips_loop_filter(short, 0.5)  # groups longer than the model's tolerance
    assert not M.skips_loop_filter(fake_stream([0, 1000], duration=2000, codec="hevc"), 5.0)  # not measured
    assert not M.skips_loop_filter(fake_stream([0]), 5.0)  # no index at open (Matroska)


def frames(path, gop_s: float) -> np.ndarray:
    sampler = FrameSampler(size=None, skip="nonref", threads=1, loop_filter_gop_s=gop_s)
    return sampler.frames_at(str(path), np.arange(0.2, 5.8, 0.5)).frames


@pytest.mark.parametrize("gop", [30, 60])  # 1 s and 2 s groups of pictures
def test_a_file_with_short_groups_decodes_without_the_filter_for_a_tolerant_model(tmp_path, gop):
    path = tmp_path / "short.mp4"
    write_clip(path, seconds=6.0, gop=gop)
    filtered, loose = frames(path, 0.0), frames(path, 5.0)
    assert filtered.shape == loose.shape
    diff = np.abs(filtered.astype(int) - loose.astype(int))
    assert diff.max() > 0  # the filter really was off
    assert diff.mean() < 8  # and the frames are still those frames


def test_a_file_with_long_groups_keeps_every_frame_filtered(tmp_path):
    path = tmp_path / "long.mp4"
    write_clip(path, seconds=6.0, gop=180)  # one 6 s group: longer than the tolerance
    assert np.array_equal(frames(path, 5.0), frames(path, 0.0))


def test_the_tolerance_goes_from_the_model_config_to_the_decode_processes():
    demo, real = Encoder.load(DEMO), Encoder.load(REAL)
    assert decode_spec(demo, IndexOptions()).loop_filter_gop_s == 5.0
    assert decode_spec(real, IndexOptions()).loop_filter_gop_s == 0.0  # its vectors move (cosine 0.71)
    sampler = DecodeSpec(loop_filter_gop_s=5.0).sampler()
    assert sampler.loop_filter_gop_s == 5.0
    with pytest.raises(ValueError):
        FrameSampler(loop_filter_gop_s=-1.0)


def test_the_decode_key_is_checked_and_is_not_part_of_the_model_id():
    cfg = Encoder.load(DEMO).model.to_config()
    assert cfg["decode"] == {"skip_loop_filter_max_gop_s": 5.0}
    without = {k: v for k, v in cfg.items() if k != "decode"}
    assert canonical_config(normalize_config(without)) == canonical_config(normalize_config(cfg))
    for bad in ({"skip_loop_filter_max_gop_s": "5"}, {"loop_filter": True}, [5.0],
                {"skip_loop_filter_max_gop_s": 600}):
        with pytest.raises(ModelError):
            normalize_config({**without, "decode": bad})
