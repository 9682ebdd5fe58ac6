"""A library an earlier version stopped during its quick pass (format 2's keyframes-only moments) holds
videos of an earlier reader that are not indexed whole yet: the next `seekframe index` indexes them
whole (``core.sync``: a quick video is to index, never rechecked), so `seekframe status` must not also
count them 'To check: N videos indexed by an earlier version … checks them and embeds again those it now
reads otherwise' (the s54 audit: 5e0ba2f's index killed after 2 quick commits; its status said both to
check and 2 with quick moments only, and the run then indexed 9, checked none)."""

from __future__ import annotations

import numpy as np

from core.library import VideoLibrary
from core.library.records import MomentRecord, VideoRecord
from core.library_status import library_status


def test_quick_videos_of_an_earlier_reader_are_not_counted_to_check(tmp_path):
    with VideoLibrary(tmp_path / "lib") as lib:
        lib.bind_model("tiny-000000000001", "/models/tiny", 4)
        v = np.array([1, 0, 0, 0], np.float32)
        for i, quick in enumerate((True, True, False)):
            rec = VideoRecord(f"{i:016x}", f"/media/clip{i}.mp4", "/media", 10 + i, 1.7e9, f"h{i}", quick=quick)
            lib.moment_table.commit([(rec, [MomentRecord(rec.video_id, 0, 0, 0.0, 4.0, 2.0, v)])])
        lib.video_table.set_reader([f"{i:016x}" for i in range(3)], 0)  # (as format 2 reads: reader 0)
        st = library_status(lib)
    assert st.to_check == 1  # the whole one; the 2 quick ones are indexed whole by the next run
