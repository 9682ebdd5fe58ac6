"""An MP4 track whose 'ctts' or 'stts' box lists no entries (a crafted or damaged file) is judged by
``never_held`` as ``steady`` judges it, not raised as ValueError ("unexpected error" for the file):
the s53 reader review's finding."""

import numpy as np
import pytest

from core import mp4_samples

TRACK = {"timescale": 90000}
RUNS = np.array([[10, 3000]], np.int64)  # (ten samples of 1/30 s)
NONE = np.zeros((0, 2), np.int64)


@pytest.mark.parametrize("stts, ctts, held", [
    (RUNS, NONE, True),  # (no composition offsets listed: no spread)
    (NONE, NONE, True),  # (no sample durations either)
    (np.array([[1, 90000]], np.int64), NONE, False),  # (a sample of a whole second: a still)
])
def test_a_track_whose_tables_list_no_entries_is_judged_not_raised(monkeypatch, stts, ctts, held):
    monkeypatch.setattr(mp4_samples, "_video_samples", lambda path: [(TRACK, stts, ctts)])
    assert mp4_samples.never_held("x.mp4", 0.5) is held
