"""``VideoRecord.copy``, the copy every reader of the videos table gets (``VideoTable.all``, a snapshot's
``all``): equal to the row, of its own (a change to it leaves the table's row as it was), every field kept."""

from __future__ import annotations

from dataclasses import fields, replace

from core.library.records import VideoRecord


def test_a_copy_is_the_row_and_its_own():
    row = VideoRecord("0123456789abcdef", "/v/a.mp4", "/v", 10, 1.5, "h" * 16, status="done", error="e",
                      duration=3.0, fps=25.0, frame_count=75, width=64, height=48, codec="h264", model_id="m-1",
                      epoch=2, n_moments=3, offline=True, indexed_at=9.0, quick=True, reader=21)
    copy = row.copy()
    assert copy == row == replace(row) and copy is not row and type(copy) is VideoRecord
    assert [getattr(copy, f.name) for f in fields(VideoRecord)] == [getattr(row, f.name) for f in fields(VideoRecord)]
    copy.offline, copy.size = False, 11
    assert row.offline is True and row.size == 10
