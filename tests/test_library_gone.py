"""A library folder moved, renamed or deleted (or its drive unplugged) while a writer has it open:
nothing more is written where it was. LanceDB makes the folders it writes into, so an index run
went on writing a stray half library (``db/moments.lance``, ``library.json``) at the old path,
which then stood in the way of putting the real one back."""

from __future__ import annotations

import os
import shutil

import pytest

from core.encoders import Encoder
from core.errors import LibraryGoneError
from core.indexer import IndexOptions, MomentIndexer
from core.library import VideoLibrary
from tests.models import save_tiny_model
from tests.videos import COLORS, Segment, write_video


def _videos(folder, n=5):
    for i, colour in enumerate(list(COLORS)[:n]):
        write_video(folder / f"clip{i}.mp4", [Segment(2.0, colour)], size=(64, 48), seed=i)
    return folder


@pytest.mark.parametrize("how", ["renamed", "deleted"])
def test_an_index_run_stops_writing_when_its_library_folder_goes(tmp_path, how):
    videos, lib_path, moved = _videos(tmp_path / "videos"), tmp_path / "lib", tmp_path / "moved"
    encoder = Encoder.load(save_tiny_model(tmp_path / "model"))
    done = 0
    with pytest.raises(LibraryGoneError) as info:
        with VideoLibrary(lib_path) as lib:
            for ev in MomentIndexer(lib, encoder, IndexOptions(two_pass=False, commit_videos=1)).run([str(videos)]):
                done += ev.kind == "file_done"
                if done == 2 and ev.kind == "file_done":
                    os.rename(lib_path, moved) if how == "renamed" else shutil.rmtree(lib_path)
    assert str(lib_path) in str(info.value) and "Nothing more was written" in str(info.value)
    assert not lib_path.exists(), sorted(map(str, lib_path.rglob("*")))  # no stray library made there
    if how == "renamed":  # the library where it is now holds what was written before, whole
        with VideoLibrary(moved) as lib:
            vids = lib.video_table.all()
            assert sum(v.status == "done" for v in vids) == 2
            assert all(len(lib.moment_table.of(v.video_id)) == v.n_moments for v in vids)


def test_a_folder_made_anew_at_the_path_is_not_the_library(tmp_path):
    lib_path = tmp_path / "lib"
    lib = VideoLibrary(lib_path)
    os.rename(lib_path, tmp_path / "moved")
    lib_path.mkdir()  # (another folder at the same path: a drive mounted again elsewhere, a user's mkdir)
    with pytest.raises(LibraryGoneError):
        lib.update_settings(window=8.0)
    lib.close()  # (no optimize, no snapshot written into the new folder)
    assert list(lib_path.iterdir()) == []
