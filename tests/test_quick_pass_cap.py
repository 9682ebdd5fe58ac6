"""The quick pass gives a long file a bounded first look (issue 12, point 2: "searchable first"):
it cut every file into the full pass's 4 s windows, one frame each, so a 2-hour file took ~1,800
quick moments before its full pass began and a folder of long files (a wedding, a lecture series,
dashcam days) was not searchable within seconds. Past ``QUICK_MAX_MOMENTS`` windows its quick
windows are whole multiples of the full pass's, at most that many, spread over the whole file;
the full pass replaces them as before."""

from __future__ import annotations

import math

import pytest

from core.decode_pool import DecodeSpec, decode_file
from core.encoders import Encoder
from core.index_passes import QUICK_MAX_MOMENTS, quick_spec
from core.indexer import IndexOptions, MomentIndexer
from core.library import VideoLibrary
from core.moments import MomentSegmenter
from tests.test_decode_modes import write_clip
from tests.videos import Segment, write_video

LONG_S = 1000.0  # past 150 windows of 4 s: 250 full moments


def write_long_clip(path, seconds: float = LONG_S):
    """A long clip made cheap: 1 fps, 32 px, a keyframe every 4 s (~0.3 s to write), in a new folder."""
    path.parent.mkdir()
    write_clip(path, seconds=seconds, fps=1.0, gop=4, bframes=0, size=(32, 32))
    return path


@pytest.fixture(scope="module")
def long_clip(tmp_path_factory):
    return write_long_clip(tmp_path_factory.mktemp("long") / "videos" / "a_long.mp4")


def assert_tiled(moments, duration: float, window_s: float = 4.0):
    assert moments[0].start == 0.0 and moments[-1].end == pytest.approx(duration)
    for a, b in zip(moments, moments[1:]):
        assert a.end == b.start
    for m in moments[:-1]:  # whole windows of the full pass's: a quick moment is k of its moments
        k = (m.end - m.start) / window_s
        assert k == pytest.approx(round(k)) and round(k) >= 1, (m.start, m.end)


@pytest.mark.parametrize("shot_cuts", [False, True])
def test_a_long_file_gets_at_most_the_cap_of_quick_moments_over_its_whole_length(long_clip, shot_cuts):
    _, moments = decode_file(str(long_clip), quick_spec(DecodeSpec(size=32, frames_per_moment=4, shot_cuts=shot_cuts)))
    moments = list(moments)
    assert len(moments) <= QUICK_MAX_MOMENTS, len(moments)  # (was 250: one a 4 s window)
    assert len(moments) == math.ceil(LONG_S / 8)  # 8 s windows: the least multiple of 4 s within the cap
    assert_tiled(moments, LONG_S)
    for m in moments:  # one frame each, at its true time, at its window's middle (a keyframe there)
        assert m.frames.shape[0] == 1 and m.start <= m.frame_times[0] < m.end
        assert m.frame_times[0] == m.thumb_time == (m.start + m.end) / 2


def test_the_full_pass_keeps_its_windows(long_clip):
    _, moments = decode_file(str(long_clip), DecodeSpec(size=32, frames_per_moment=4))
    assert [(m.start, m.end) for m in moments] == [(4.0 * i, 4.0 * i + 4) for i in range(250)]


def test_the_window_for_a_length():
    seg = MomentSegmenter(window_s=4.0, one_frame=True, max_moments=150)
    assert [seg.window_for(d) for d in (0.0, 40.0, 600.0, 600.5, 1000.0, 1200.0, 7200.0, 7201.0)] == \
        [4.0, 4.0, 4.0, 8.0, 8.0, 8.0, 48.0, 52.0]
    assert seg.window_for(float("nan")) == 4.0 and seg.window_for(float("inf")) == 4.0
    assert MomentSegmenter(window_s=4.0).window_for(7200.0) == 4.0  # no cap: the full pass's
    for d in (600.5, 1000.0, 7200.0, 7201.0, 36000.0):
        assert math.ceil(d / seg.window_for(d) - 1e-9) <= 150


def test_a_folder_is_searchable_before_its_long_files_full_pass(tmp_path, long_clip, colour_model):
    """A long file beside short ones, the long one first in the walk: when the full pass starts,
    every file is searchable through its quick moments, the long one's at most the cap and over its
    whole length; the full pass then replaces them with its 250."""
    folder = long_clip.parent
    for i, colour in enumerate(("red", "blue", "yellow")):
        write_video(tmp_path / "short" / f"b_{colour}.mp4", [Segment(6, colour)], size=(64, 48), seed=i)
    encoder = Encoder.load(colour_model)
    roots = [str(folder), str(tmp_path / "short")]
    seen = []
    with VideoLibrary(tmp_path / "lib") as lib:
        for ev in MomentIndexer(lib, encoder, IndexOptions(two_pass=True)).run(roots):
            if ev.kind == "pass_started":
                videos = lib.video_table.all()
                seen = [(v.path, v.quick, v.n_moments) for v in videos]
                long_id = next(v.video_id for v in videos if v.path == str(long_clip))
                quick = sorted(lib.moment_table.of(long_id), key=lambda m: m.start)
        assert len(seen) == 4 and all(q and n > 0 for _, q, n in seen), seen
        assert len(quick) <= QUICK_MAX_MOMENTS, len(quick)  # (was 250)
        assert_tiled(quick, LONG_S)
        done = {v.path: v for v in lib.video_table.all()}
        assert not any(v.quick for v in done.values())
        assert done[str(long_clip)].n_moments == 250
        full = sorted(lib.moment_table.of(long_id), key=lambda m: m.start)
        assert [(m.start, m.end) for m in full] == [(4.0 * i, 4.0 * i + 4) for i in range(250)]
