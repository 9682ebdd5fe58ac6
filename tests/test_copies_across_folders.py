"""A copy of a video the library already holds, in a folder indexed on its own (a clip copied from
~/Videos into a folder for an edit, then that folder indexed; a subfolder named alone): its
moments are the known video's, copied, not embedded again."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np

from core.indexer import IndexOptions, MomentIndexer
from core.library import VideoLibrary
from core.library.records import DONE
from tests.fakes import ColourMeanEncoder
from tests.videos import Segment, write_video


def run(lib_path, *folders) -> list:
    with VideoLibrary(lib_path) as lib:
        return list(MomentIndexer(lib, ColourMeanEncoder(), IndexOptions(two_pass=False)).run([str(f) for f in folders]))


def moments(lib_path) -> dict:
    with VideoLibrary(lib_path, read_only=True) as lib:
        return {v.path: (v, lib.moment_table.of(v.video_id)) for v in lib.video_table.all()}


def test_a_copy_in_another_folder_indexed_alone_is_copied_not_embedded(tmp_path):
    videos, edit = tmp_path / "Videos", tmp_path / "edit"
    write_video(videos / "beach.mp4", [Segment(3, "yellow"), Segment(3, "blue")], seed=1)
    edit.mkdir()
    lib = tmp_path / "lib"
    run(lib, videos)
    shutil.copy2(videos / "beach.mp4", edit / "beach take 2.mp4")

    events = run(lib, edit)
    assert not [e.current for e in events if e.kind == "file_started"]  # nothing decoded
    assert events[0].summary["copied"] == 1 and events[-1].kind == "finished"
    held = moments(lib)
    (src, ms), (copy, cs) = held[str(videos / "beach.mp4")], held[str(edit / "beach take 2.mp4")]
    assert copy.status == DONE and copy.root == str(edit) and copy.video_id != src.video_id
    assert len(cs) == len(ms) > 0 and np.allclose([m.vector for m in cs], [m.vector for m in ms])
    assert [(m.start, m.end) for m in cs] == [(m.start, m.end) for m in ms]


def test_a_quick_video_elsewhere_lends_nothing(tmp_path):
    """A video whose full pass is still due is no twin to copy (its moments are keyframes only)."""
    videos, edit = tmp_path / "Videos", tmp_path / "edit"
    write_video(videos / "a.mp4", [Segment(3, "red")], seed=1)
    edit.mkdir()
    lib = tmp_path / "lib"
    with VideoLibrary(lib) as library:  # the quick pass only: a run cut between its passes
        indexer = MomentIndexer(library, ColourMeanEncoder(), IndexOptions(two_pass=True))
        for e in indexer.run([str(videos)]):
            if e.kind == "pass_started":
                indexer.cancel()
    assert moments(lib)[str(videos / "a.mp4")][0].quick
    shutil.copy2(videos / "a.mp4", edit / "a.mp4")
    events = run(lib, edit)
    assert [Path(e.current).name for e in events if e.kind == "file_started"] == ["a.mp4"]
    assert not moments(lib)[str(edit / "a.mp4")][0].quick
