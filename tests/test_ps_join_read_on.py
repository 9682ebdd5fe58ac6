"""A reader that reads on across the join of MPEG-PS clips joined byte for byte (DVD VOBs, camcorder
clips: ``cat``) from a walk to the first part's last keyframe (frames a few apart, ``auto``'s read
on: thumbnails and an index's samples near a join).

The walk to that keyframe reads on past it into the next part, to see that no later keyframe
comes, and the decoder's start at it (``av_reader``, a ``timeline.Restart``) set the timeline's
``read`` (the part of the last packet the demuxer gave with a byte position, ``Timeline.note``) back
to the first part while the demuxer was in the second: the second part's packets without a
position read after those were taken for the first part's and dropped as a part's stray last ones
(``Timeline.hand``). The second part's frames then came with some missing (MPEG-2: its B-frames,
20.04 s given as 20.0) and one a group back (20.12 s for 20.44 s)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_ps_joined_seek import PART_S, frames, write_joined

JOIN = float(PART_S)
TIMES = [JOIN - 0.04, JOIN + 0.04, JOIN + 0.12, JOIN + 0.24, JOIN + 0.44]  # (a frame before the join, then on)


@pytest.fixture(scope="module", params=[("mpeg2video", 2), ("standard", 2), ("mpeg2video", 0), ("libx264", 2)],
                ids=["mpeg2-bf2", "mpeg2-standard-bf2", "mpeg2-bf0", "h264-bf2"])
def joined(request, tmp_path_factory) -> Path:
    codec, bf = request.param
    return write_joined(tmp_path_factory.mktemp("ps_join_read_on") / f"{codec}-bf{bf}.vob", codec, bf=bf)


def test_frames_read_on_across_the_join_are_the_sequential_reads(joined):
    want = frames("sequential", joined, TIMES)
    got = frames("auto", joined, TIMES)  # (the first time walked to, the rest read on: frames apart)
    assert [g[0] for g in got] == [w[0] for w in want]
    assert got == want
