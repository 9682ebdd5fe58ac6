"""Byte-identical copies of an indexed video get its moments without decoding (core.sync)."""

from __future__ import annotations

import shutil

import numpy as np

from core.indexer import IndexOptions, MomentIndexer
from core.library import VideoLibrary
from core.library.moments import MomentTable
from tests.fakes import ColourMeanEncoder
from tests.videos import Segment, write_video


def index(lib_path, folder, encoder, options=None):
    with VideoLibrary(lib_path) as lib:
        events = list(MomentIndexer(lib, encoder, options or IndexOptions()).run([str(folder)]))
    return next(e for e in events if e.kind == "scanned")


def test_the_copies_of_a_run_are_committed_together_with_the_source_moments(tmp_path, monkeypatch):
    folder, lib_path, encoder = tmp_path / "videos", tmp_path / "lib", ColourMeanEncoder()
    folder.mkdir()
    write_video(folder / "red.mp4", [Segment(3, "red"), Segment(3, "blue")])
    index(lib_path, folder, encoder)
    for name in ("copy 1.mp4", "copy 2.mp4", "copy 3.mp4"):
        shutil.copy(folder / "red.mp4", folder / name)
    batches, real = [], MomentTable.commit

    def spy(self, items):
        batches.append(sorted(r.path.rsplit("/", 1)[1] for r, _ in items))
        return real(self, items)

    monkeypatch.setattr(MomentTable, "commit", spy)
    embedded = encoder.embedded
    assert index(lib_path, folder, encoder).summary["copied"] == 3
    # one commit: the three copies become visible at once, whole, or (a crash) none does
    assert batches == [["copy 1.mp4", "copy 2.mp4", "copy 3.mp4"]] and encoder.embedded == embedded
    with VideoLibrary(lib_path, read_only=True) as lib:
        by_name = {v.path.rsplit("/", 1)[1]: v for v in lib.video_table.all()}
        source = lib.moment_table.of(by_name["red.mp4"].video_id)
        assert len(source) >= 2
        for name in ("copy 1.mp4", "copy 2.mp4", "copy 3.mp4"):
            video = by_name[name]
            assert video.status == "done" and video.duration == by_name["red.mp4"].duration
            moments = lib.moment_table.of(video.video_id)
            assert [m.video_id for m in moments] == [video.video_id] * len(source)
            assert [(m.start, m.end) for m in moments] == [(m.start, m.end) for m in source]
            np.testing.assert_array_equal(np.stack([m.vector for m in moments]),
                                          np.stack([m.vector for m in source]))


def test_many_copies_are_committed_in_bounded_batches_and_all_land(tmp_path, monkeypatch):
    """A backup folder of indexed videos is all copies: their moments (vectors included) are
    committed in batches as the indexer's are, never all held in memory for one commit."""
    folder, lib_path, encoder = tmp_path / "videos", tmp_path / "lib", ColourMeanEncoder()
    folder.mkdir()
    write_video(folder / "red.mp4", [Segment(3, "red"), Segment(3, "blue")])
    index(lib_path, folder, encoder)
    names = [f"copy {i}.mp4" for i in range(5)]
    for name in names:
        shutil.copy(folder / "red.mp4", folder / name)
    sizes, real = [], MomentTable.commit

    def spy(self, items):
        sizes.append(len(items))
        return real(self, items)

    monkeypatch.setattr(MomentTable, "commit", spy)
    assert index(lib_path, folder, encoder, IndexOptions(commit_videos=2)).summary["copied"] == 5
    assert sizes == [2, 2, 1]
    with VideoLibrary(lib_path, read_only=True) as lib:
        by_name = {v.path.rsplit("/", 1)[1]: v for v in lib.video_table.all()}
        n_source = len(lib.moment_table.of(by_name["red.mp4"].video_id))
        assert all(by_name[n].status == "done" and len(lib.moment_table.of(by_name[n].video_id)) == n_source
                   for n in names)
