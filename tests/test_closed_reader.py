"""A reader closed (``frames_at`` closes the one it is handed) and asked again: PyAV's stream of a closed
container is FFmpeg's freed memory, whose index read 1928653216 or any number, so ``sparse_rate.sparser``
and ``untimed_keys.counted_by_11`` answered by chance (0519a0b: 4 of 80 runs). The stream's index is kept
as a plain value at open (``FrameReader.index``), so those checks answer from it, the same every time, and
anything else asked of a closed reader's stream fails plainly (``ValueError``), never by chance."""

from __future__ import annotations

import pytest

av = pytest.importorskip("av")

from core import sparse_rate, untimed_keys  # noqa: E402
from core.media import FrameSampler  # noqa: E402
from tests.test_claimed_rate_odd_tags import write_latin1_language_ts  # noqa: E402
from tests.test_tracks import write  # noqa: E402


def _closed(path):
    reader = FrameSampler(size=None, skip="nonref").open(str(path))
    open_answers = (reader.index, sparse_rate.sparser(reader, 30.0), untimed_keys.counted_by_11(reader))
    reader.close()
    return reader, open_answers


def test_a_closed_readers_checks_answer_as_the_open_one_did_every_time(tmp_path):
    for path in (write(tmp_path / "clip.mkv", 3.0, fps=10), write_latin1_language_ts(tmp_path / "clip.ts")):
        reader, open_answers = _closed(path)
        assert open_answers[1] is True  # (10 fps asked against 30: the check read the file's packets)
        for _ in range(50):
            assert (reader.index, sparse_rate.sparser(reader, 30.0), untimed_keys.counted_by_11(reader)) == open_answers


def test_a_closed_readers_stream_fails_plainly(tmp_path):
    reader, _ = _closed(write(tmp_path / "clip.mp4", 1.0))
    for _ in range(50):
        with pytest.raises(ValueError, match="closed"):
            reader.stream.index
