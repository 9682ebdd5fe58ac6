"""``tests.fresh_writer.written_fresh``: the clips whose exact stream shape reader tests depend on (the
VOB and TS with sound of test_ps_stray_first_stamp, test_ps_stray_first_pts and the delay and
shared-stamp clips) are the same bytes whatever this process, an xdist worker, wrote before. Written in
this process instead, as they were, such a loop saw other bytes in 3 runs of 3 (s52, load 11)."""

from __future__ import annotations

import hashlib

import pytest

from tests.fresh_writer import written_fresh
from tests.test_ps_joined_seek import write_ps
from tests.test_tracks import write


WITH_SOUND = "tests.test_ps_stray_first_stamp:write_with_sound"


def _md5(path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()


@pytest.mark.slow  # (6 fresh processes, each importing the reader: 9 s)
def test_a_clip_written_fresh_is_the_same_bytes_after_other_clips(tmp_path):
    got = []
    for k in range(3):  # (other clips before each, with sound and without, as other tests write them)
        write(tmp_path / f"other{k}.mkv", 2.0 + k, audio_s=2.0 + k)
        write_ps(tmp_path / f"other{k}.vob", "libx264", 2.0 + k)
        got.append([_md5(written_fresh(WITH_SOUND, tmp_path / f"{k}.{ext}", fmt, shared=False))
                    for fmt, ext in (("vob", "vob"), ("mpegts", "ts"))])
    assert got[0] == got[1] == got[2]
