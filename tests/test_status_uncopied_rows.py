"""The status read (``library_status``, and ``cli_status.no_results_text`` after a search that found
nothing) reads the library's video rows without copying them: at 20,000 videos copying every row
was half of the status read the window does every 5 s. The rows are the library's cache's, so the
read must leave them as they were, a video whose moments are gone included (listed as waiting on a
copy of its row)."""

from __future__ import annotations

import copy
import os

from core.cli_status import no_results_text
from core.filters import Filters
from core.library import VideoLibrary, VideoRecord
from core.library.records import DONE
from core.library_status import library_status
from tests.test_status_many_folders import fill


def _library(tmp_path, n: int = 60) -> tuple[str, str]:
    folder = str(tmp_path / "videos")
    fill(tmp_path / "lib", {folder: [os.path.join(folder, f"clip {i}.mp4") for i in range(n)]})
    return folder, str(tmp_path / "lib")


def test_a_status_read_copies_no_video_row(tmp_path, monkeypatch):
    folder, root = _library(tmp_path)
    with VideoLibrary(root, read_only=True) as lib:
        lib.video_table.view()  # (the table read once: its rows are made here, not by the status)
        made = []
        real = VideoRecord.__init__
        monkeypatch.setattr(VideoRecord, "__init__", lambda self, *a, **k: made.append(1) or real(self, *a, **k))
        status = library_status(lib)
        said = no_results_text(lib, Filters(folder=os.path.join(folder, "elsewhere")))
    assert status.videos == 60 and status.moments == 60 and status.folders[0].files == 60
    assert "None of the library's 60 indexed videos passes --folder" in said
    assert len(made) == 0, f"{len(made)} video rows copied for a status read of 60 videos"


def test_a_status_read_leaves_the_library_rows_as_they_were(tmp_path, monkeypatch):
    folder, root = _library(tmp_path, 5)
    with VideoLibrary(root, read_only=True) as lib:
        before = copy.deepcopy(list(lib.video_table.view().values()))
        gone = before[2].video_id
        monkeypatch.setattr(lib.moment_table, "lost_videos", lambda: {gone})  # (its moments lost)
        status = library_status(lib)
        said = no_results_text(lib)
        after = list(lib.video_table.view().values())
        again = lib.video_table.get(gone)
    assert (status.videos, status.pending, status.lost) == (4, 1, 1)
    assert said == "1 video is waiting to be indexed: `seekframe index` does it.", said
    assert after == before and again.status == DONE and again.n_moments == 1
