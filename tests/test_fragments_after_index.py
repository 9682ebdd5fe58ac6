"""A fragmented MP4 whose index holds its first fragment's samples (FFmpeg's ``-movflags
frag_keyframe`` without ``empty_moov``, and other muxers' default layout: 'moov' with a sample table,
its 'mdat', then 'moof' + 'mdat' pairs) is as long as it plays: its first 'moof' starts where the
index's samples end, which is no late start (6a33cfb read a 5 s recording as 4 s, its last second
never indexed)."""

from __future__ import annotations

import pytest

from core.media import FrameSampler, probe
from core.moments import MomentSegmenter
from tests import test_fragmented_mp4 as fragmented
from tests.test_tracks import colour_at


@pytest.mark.parametrize("flags", ["frag_keyframe", "frag_keyframe+default_base_moof", "frag_keyframe+separate_moof"])
def test_a_fragmented_recording_whose_index_holds_its_first_fragment_is_read_whole(tmp_path, monkeypatch, flags):
    monkeypatch.setitem(fragmented.FRAGMENTED, "movflags", flags)
    path = fragmented.write_fragmented(tmp_path / "rec.mp4")
    assert probe(path).duration == pytest.approx(5.0, abs=0.01)
    moments = list(MomentSegmenter(window_s=1.0, frames_per_moment=2).segment(str(path), FrameSampler(size=16, skip="nonref")))
    assert moments[-1].end == pytest.approx(5.0, abs=0.11)
    for m in moments:
        assert fragmented.colours(m.frames) == [colour_at(t) for t in m.frame_times]
