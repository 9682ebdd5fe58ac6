"""Closing the window's library (its writer) writes the videos' snapshot on the GUI thread, the
window already hidden: each row went through ``dataclasses.asdict``, which deep-copies every field
value (3,000 videos: ~60 ms of a ~85 ms write; 20,000: ~0.4 s). The rows are now written as lists
of their values, read back by the stamp's field names."""

from __future__ import annotations

import copy
import json

import pytest

from core.library import VideoLibrary, VideoRecord, snapshot


def _rows(n: int) -> list[VideoRecord]:
    return [VideoRecord(video_id=f"{i:016x}", path=f"/videos/event {i % 30}/clip {i}.mp4", root="/videos",
                        size=1000 + i, mtime=1.7e9 + i / 7, content_hash=f"h{i}", status="done", duration=80.0,
                        fps=1.0, frame_count=80, width=96, height=64, codec="mpeg4", model_id="m", epoch=1,
                        n_moments=20, indexed_at=1.7e9 + i, quick=i % 2 == 0, reader=14, error="é" * (i % 3))
            for i in range(n)]


@pytest.fixture
def empty_library(tmp_path):
    lib = VideoLibrary(tmp_path / "library")
    yield lib
    lib.close(optimize=False)


def _versions(lib) -> dict:
    return {name: lib._version(name) for name in snapshot.TABLES}


def test_a_snapshot_of_many_rows_copies_none_of_their_values(empty_library, monkeypatch):
    rows = _rows(2000)
    copied = []
    real = copy.deepcopy
    monkeypatch.setattr(copy, "deepcopy", lambda obj, *a, **k: (copied.append(1), real(obj, *a, **k))[1])
    snapshot.save(empty_library.root, rows, _versions(empty_library))
    monkeypatch.setattr(copy, "deepcopy", real)
    assert len(copied) == 0  # (asdict: 21 a row, 42,000)
    assert snapshot.load(empty_library.root) == rows  # read back as they were, in order


def test_a_row_of_another_width_makes_the_snapshot_unused(empty_library):
    rows = _rows(3)
    snapshot.save(empty_library.root, rows, _versions(empty_library))
    path = empty_library.root / snapshot.SNAPSHOT_FILE
    data = json.loads(path.read_text())
    assert snapshot.load(empty_library.root) == rows
    data["videos"][1] = data["videos"][1][:-1]  # (its reader left out: the default would be read in its place)
    path.write_text(json.dumps(data))
    assert snapshot.load(empty_library.root) is None
    data["videos"][1] = {"video_id": rows[1].video_id}  # (not a row of this format)
    path.write_text(json.dumps(data))
    assert snapshot.load(empty_library.root) is None
