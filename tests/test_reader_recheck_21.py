"""Reader 21 tells the stills of a fragmented MP4 of B-frames from every fragment's samples (``core.sparse_rate.
stills`` from ``core.mp4_samples``' whole table): a segment-indexed one ('sidx': FFmpeg's dash+global_sidx, a DASH
download) whose stills come after its first fragments was read by 20 skipping B-frames, FFmpeg's index at open
listing only those fragments (32 of 210 samples), and a B-frame beginning a still left the frame before it for the
whole still (12 of the recording's sampled frames). A library of 20 checks its MP4/MOV files once: those whose
index lists every sample kept from it alone, never opened; a fragmented one opened and embedded again only where
its stills are told otherwise. Their thumbnails stand (``thumbs_since``)."""

from __future__ import annotations

from pathlib import Path

import pytest

av = pytest.importorskip("av")

from core.media import FrameSampler  # noqa: E402
from core.reader_recheck import steady_mp4  # noqa: E402
from core.video_info import READER  # noqa: E402
from tests.recheck_library import read_alike  # noqa: E402
from tests.remux import remux  # noqa: E402
from tests.test_timestamp_restarts import number  # noqa: E402
from tests.test_vfr_mp4_end import TIMES as SCREEN, write_vfr  # noqa: E402
from tests.test_vfr_mp4_stills import TIMES as STILLS, reads_skipping  # noqa: E402

SIDX = "dash+global_sidx"
# a second moving at 60 frames a second (the first fragment), then a recording of stills (210 frames, numbered
# apart by ``number``'s 8 bits)
LEAD = [k / 60 for k in range(60)]
TIMES = LEAD + [round(1.0 + t, 3) for t in STILLS]
WANTED = [1.25 + 0.5 * k for k in range(int((TIMES[-1] - 1.0) * 2))]  # (each a time in the stills' part)


def shown(t: float) -> int:
    return max(k for k, start in enumerate(TIMES) if start <= t + 1e-6)


def later_stills(path: Path) -> Path:
    """The recording of stills after a steady second, its fragments listed by a segment index."""
    return remux(write_vfr(path.with_suffix(".src.mp4"), TIMES, 2), path, movflags=SIDX)


def test_a_segment_indexed_recording_with_later_stills_is_decoded_whole(tmp_path):
    path = later_stills(tmp_path / "screen.mp4")
    with av.open(str(path)) as container:  # (FFmpeg's index at open: the first fragments' samples only)
        assert len(container.streams.video[0].index_entries) < len(TIMES) // 2
    assert not reads_skipping(path)
    got = FrameSampler(size=None, skip="nonref").frames_at(str(path), WANTED)
    assert [number(f) for f in got.frames] == [shown(t) for t in WANTED]  # (20: the frame before for 32 of 88)
    sampler = FrameSampler(size=None, skip="nonref")
    frames = list(sampler.iter_at_rate(sampler.open(str(path)), 2.0, start=0.25))  # (as indexing reads it)
    assert {shown(t) for t in WANTED} <= {number(f) for _, f in frames}  # (20: 12 stills' frames never indexed)


def test_a_library_of_20_opens_only_its_segment_indexed_mp4s_and_embeds_again_those_read_otherwise(tmp_path):
    path = later_stills(tmp_path / "sidx.mp4")
    assert not steady_mp4(str(path), 20) and not read_alike(path, 20)
    screen = write_vfr(tmp_path / "screen.mp4", SCREEN, 2)  # (stills, every sample in its index: 20 read it whole)
    assert steady_mp4(str(screen), 20) and read_alike(screen, 20)
    fragmented = remux(screen, tmp_path / "fragmented.mp4", movflags="frag_keyframe+empty_moov")  # (FFmpeg reads
    assert steady_mp4(str(fragmented), 20) and read_alike(fragmented, 20)  # every fragment at open: kept unopened,
    # tests/test_recheck_21_unindexed.py)
    assert not steady_mp4(str(screen), 22)  # (nothing to check)


@pytest.mark.slow
def test_a_library_of_reader_20_reads_again_its_segment_indexed_recording_and_keeps_the_rest(tmp_path):
    from tests.recheck_library import assert_kept, left_by
    from tests.test_cut_short import run, video

    folder = tmp_path / "videos"
    folder.mkdir()
    later_stills(folder / "sidx.mp4")
    folder.joinpath("sidx.src.mp4").rename(tmp_path / "src.mp4")
    screen = write_vfr(folder / "screen.mp4", SCREEN, 2)
    remux(screen, folder / "fragmented.mp4", movflags="frag_keyframe+empty_moov")
    left_by(tmp_path / "lib", folder, 20)
    before = {name: video(tmp_path / "lib", name) for name in ("screen.mp4", "fragmented.mp4")}
    events = run(tmp_path / "lib", folder)
    assert events[0].summary["recheck"] == 3
    assert [Path(e.current).name for e in events if e.kind == "file_done"] == ["sidx.mp4"]
    assert video(tmp_path / "lib", "sidx.mp4")[0].reader == READER
    assert_kept(tmp_path / "lib", before)  # (kept: moments, ids and length as 20 left them)
    assert run(tmp_path / "lib", folder)[0].summary["recheck"] == 0  # (once)
