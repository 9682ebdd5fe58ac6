"""A file deleted (or moved away) after the scan listed it and before the run fingerprinted it
(the minutes a large folder's hashing takes, a user tidying up meanwhile) is gone, not a file that
failed: no failure is reported for it (the run's exit code would say some files failed), nothing
is recorded, and the other files are indexed."""

from __future__ import annotations

import os
from pathlib import Path

from core import indexer as indexer_module
from core.indexer import IndexOptions, MomentIndexer
from core.library import VideoLibrary
from tests.fakes import ColourMeanEncoder
from tests.videos import Segment, write_video


def test_a_file_deleted_between_the_scan_and_its_fingerprint_is_no_failure(tmp_path, monkeypatch):
    folder = tmp_path / "videos"
    write_video(folder / "keep.mp4", [Segment(2, "red")], seed=1)
    write_video(folder / "tidied.mp4", [Segment(2, "blue")], seed=2)
    real_scan = indexer_module.scan

    def scan_then_delete(*args, **kwargs):
        found = real_scan(*args, **kwargs)
        os.unlink(folder / "tidied.mp4")
        return found

    monkeypatch.setattr(indexer_module, "scan", scan_then_delete)
    with VideoLibrary(tmp_path / "lib") as lib:
        events = list(MomentIndexer(lib, ColourMeanEncoder(), IndexOptions(two_pass=False)).run([str(folder)]))
        names = sorted(Path(v.path).name for v in lib.video_table.all())
    assert events[-1].kind == "finished" and events[-1].failed == []
    assert names == ["keep.mp4"]
