"""A path given to index that is no file to read (a named pipe, a device named as a video) came out
of a run as one of its failures: ``IndexEvent.failed`` held ("fifo.mp4", "skipped: a named pipe,
..."), and `seekframe index`, the window's messages and its indexing panel each parsed the
"skipped: " prefix out again to say it apart. Now a run's events carry such paths in their own
``skipped`` field (why, without the prefix), never in ``failed``; what the library records of
failures (its status, which `--retry-failed` and the window's list read) holds none of them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from core import service
from core.indexer import IndexOptions, MomentIndexer
from core.library import VideoLibrary
from tests.fakes import ColourMeanEncoder
from tests.videos import Segment, write_broken_video, write_video

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes (POSIX)")

PIPE = "a named pipe, not a video file (only regular files are read)"


def _run(lib_dir, roots, **options) -> list:
    with VideoLibrary(lib_dir) as lib:
        opts = IndexOptions(two_pass=False, **options)
        return list(MomentIndexer(lib, ColourMeanEncoder(), opts).run([str(r) for r in roots]))


def test_a_pipe_given_to_index_is_the_run_s_skipped_not_its_failed(tmp_path):
    videos = tmp_path / "videos"
    write_video(videos / "red.mp4", [Segment(2, "red")], seed=1)
    write_broken_video(videos / "text.mp4")
    odd = tmp_path / "odd"
    odd.mkdir()
    os.mkfifo(odd / "fifo.mp4")
    fifo = str(odd / "fifo.mp4")

    events = _run(tmp_path / "lib", [odd / "fifo.mp4", videos])
    first, last = events[0], events[-1]
    assert first.kind == "scanned" and last.kind == "finished"
    for ev in (first, last):  # (every event: the run so far)
        assert ev.skipped == [(fifo, PIPE)], ev.skipped
        assert [Path(p).name for p, _ in ev.failed] == (["text.mp4"] if ev is last else []), ev.failed
        assert not any("skipped" in r for _, r in ev.failed), ev.failed

    with VideoLibrary(tmp_path / "lib") as lib:  # (the library's records of failures: the file that failed)
        st = service.library_status(lib)
        assert [Path(p).name for p, _ in st.failed] == ["text.mp4"], st.failed
        assert all(v.path != fifo for v in lib.video_table.all())
        assert fifo not in lib.meta.settings.folders

    again = _run(tmp_path / "lib", [odd / "fifo.mp4", videos], reindex_failed=True)  # (`--retry-failed`)
    assert again[-1].skipped == [(fifo, PIPE)] and [Path(p).name for p, _ in again[-1].failed] == ["text.mp4"]
