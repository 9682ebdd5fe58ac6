"""A status read after any change (each commit of a run, a folder removed) reads the library's
video rows again, and they were made by one pyarrow ``to_pylist`` call: C++ holding the GIL
throughout, 70-130 ms at 20,000 videos (s55 G audit), which the window's GUI thread waited behind
at every such read. The rows are now made ``schema.ROWS_A_PART`` at a time, the same rows."""

from __future__ import annotations

from core.library import schema as S
from tests.test_snapshot_rows_uncopied import _rows


def test_the_rows_are_made_in_parts_and_the_same(monkeypatch):
    rows = _rows(2 * S.ROWS_A_PART + 3)
    table = S.videos_to_arrow(rows)
    made, real = [], S._part_rows  # (pyarrow's types cannot be patched: the one place that makes rows)
    monkeypatch.setattr(S, "_part_rows", lambda part: (made.append(part.num_rows), real(part))[1])
    assert S.videos_from_arrow(table) == rows
    assert made == [S.ROWS_A_PART, S.ROWS_A_PART, 3]  # (the old code: one to_pylist of all 4,003)
    assert S.videos_from_arrow(table.slice(0, 0)) == []
