"""An MPEG-TS whose frames mostly come without a timestamp (a PES stamped every 30 frames, 1.2 s at
25 fps: past the standard's 0.7 s, as some recorders write) was taken for a slideshow by the look at
its first packets (``core.sparse_rate``, b1c5b38), which counted only the stamped ones: every frame of
it was decoded when indexing, and reader 13's recheck embedded again such a file a reader-12 library
held. The packets without a timestamp between the stamped ones now count as the frames they are."""

from __future__ import annotations

import pytest

pytest.importorskip("av")

from core import sparse_rate  # noqa: E402
from core.media import SPARSE_FPS, FrameSampler, reads_as_by  # noqa: E402
from tests.test_reader_recheck_12_ts import unstamp, write  # noqa: E402


@pytest.mark.parametrize("keep_every", [12, 30])
def test_a_ts_stamped_every_so_many_frames_is_no_slideshow(tmp_path, keep_every):
    untimed = unstamp(write(tmp_path / "stamped.ts"), tmp_path / "untimed.ts", keep_every=keep_every)
    reader = FrameSampler(size=None, skip="nonref").open(str(untimed))  # (indexing's)
    try:
        assert reader.info.fps == 25
        assert sparse_rate.sparser(reader, SPARSE_FPS) is False
        assert reads_as_by(reader, 12)  # (a reader-12 library keeps it)
    finally:
        reader.close()
