"""benchmarks/writer_lease.py measures what it says: each lap lets the lock go, takes it back,
has another writer commit a video, takes it back again, and the search then sees that video."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
wl = pytest.importorskip("writer_lease")


def test_the_benchmark_times_each_step_on_a_library_another_writer_changed(tmp_path, monkeypatch, capsys):
    from core.library import VideoLibrary

    monkeypatch.setattr(wl, "OUT", tmp_path)
    taken = []
    real_take = VideoLibrary.take_writer

    def take(self):
        real_take(self)
        taken.append(len(self.video_table.all()))

    monkeypatch.setattr(VideoLibrary, "take_writer", take)
    monkeypatch.setattr(sys, "argv", ["writer_lease.py", "--videos", "5", "--moments-per-video", "2", "--runs", "2"])
    assert wl.main() == 0
    result = json.loads((tmp_path / "writer_lease.json").read_text())
    assert result["moments"] == 10 and [r["step"] for r in result["rows"]][2] == "take back after another process wrote"
    assert all(r["ms"] > 0 for r in result["rows"])
    assert taken == [5, 6, 6, 7]  # (each take back after another writer's video sees it)
    assert "| take back, nothing changed meanwhile |" in (tmp_path / "writer_lease.md").read_text()
