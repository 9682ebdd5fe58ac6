"""A Ray worker's failure reaches the driver with its kind (``core.errors.Reason``), and the driver
acts on the kind, never on the words (``core.cluster._unseen``): rewording 'file not found' must not
silently turn a worker without the share into videos recorded failed for good. No Ray needed: a
worker's rows are made in this process."""

from __future__ import annotations

import pickle

import pytest

from core.cluster import _decode_rows, _unseen
from core.errors import NOT_FOUND, MediaError, Reason, SeekframeError
from core.indexer import IndexOptions, decode_spec
from core.library.records import VideoRecord
from tests.fakes import ColourMeanEncoder
from tests.ray_faults import unmounted_reworded
from tests.videos import Segment, write_video


def test_a_reworded_not_found_on_a_worker_still_stops_the_run(tmp_path):
    clip = tmp_path / "unmounted.mp4"
    write_video(clip, [Segment(2.0, "blue")], fps=10)
    spec = decode_spec(ColourMeanEncoder(), IndexOptions())
    rows = list(_decode_rows({"video_id": "v1", "path": str(clip)}, spec, fn=unmounted_reworded))
    failed = rows[-1]
    assert failed["kind"] == "failed" and failed["reason"] == "there is no file at this path"
    assert failed["error"] == NOT_FOUND
    st = clip.stat()
    rec = VideoRecord("v1", str(clip), str(tmp_path), st.st_size, st.st_mtime, "")
    with pytest.raises(SeekframeError, match="could not find .*unmounted.mp4 .*no file at this path.*same paths"):
        _unseen(rec, failed["reason"], failed["error"], failed["node"])
    _unseen(rec, "file not found", "", failed["node"])  # the words alone, no kind: a file's failure


def test_a_reason_keeps_its_kind_across_a_pipe_and_reads_as_its_words():
    reason = MediaError("/v/a.mp4", "file not found", kind=NOT_FOUND).reason
    back = pickle.loads(pickle.dumps(reason))
    assert back == "file not found" and back.kind == NOT_FOUND and str(back) == "file not found"
    assert MediaError("/v/a.mp4", "damaged").reason == "damaged" and not isinstance(
        MediaError("/v/a.mp4", "damaged").reason, Reason)
