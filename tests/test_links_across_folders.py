"""The same file reached from two library folders (a hard link, a link to a file or to a folder
outside both): each folder lists it under its own path, whichever folders a run looks at.
The scan used to list a file (and a folder) once per run across all the folders it walked, so
`seekframe index B` and a full `seekframe index` took turns: one copied the video's moments to
B's path, the next removed B's path again (and `--folder B` found it only every other run)."""

from __future__ import annotations

import os
import sys

import numpy as np
import pytest

from core.indexer import IndexOptions, MomentIndexer
from core.library import VideoLibrary
from core.scan import scan
from tests.fakes import ColourMeanEncoder
from tests.videos import Segment, write_video

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="links need privileges on Windows")


def run(lib_path, *folders) -> list:
    with VideoLibrary(lib_path) as lib:
        return list(MomentIndexer(lib, ColourMeanEncoder(), IndexOptions(two_pass=False)).run([str(f) for f in folders]))


def held(lib_path) -> dict:
    """{path: (status, offline, [(start, end, vector bytes)])}"""
    with VideoLibrary(lib_path, read_only=True) as lib:
        return {v.path: (v.status, v.offline, [(m.start, m.end, np.asarray(m.vector).tobytes())
                                               for m in lib.moment_table.of(v.video_id)])
                for v in lib.video_table.all()}


@pytest.fixture
def folders(tmp_path):
    a, b, shared = tmp_path / "A", tmp_path / "B", tmp_path / "shared"
    write_video(a / "hard.mp4", [Segment(2, "red")], seed=1)
    b.mkdir()
    os.link(a / "hard.mp4", b / "hard.mp4")  # one file, two names
    write_video(b / "real.mp4", [Segment(2, "blue")], seed=2)
    os.symlink(b / "real.mp4", a / "link.mp4")  # A's name for B's file
    write_video(shared / "both.mp4", [Segment(2, "green")], seed=3)
    os.symlink(shared, a / "shared")  # a folder outside both, reached from each
    os.symlink(shared, b / "shared")
    return a, b


def test_each_folder_lists_the_files_it_reaches_whatever_else_is_scanned(folders):
    a, b = folders
    alone = {str(r): sorted(scan([str(r)]).files) for r in (a, b)}
    together = sorted(scan([str(a), str(b)]).files)
    assert together == sorted(alone[str(a)] + alone[str(b)])
    assert alone[str(a)] == sorted(str(a / n) for n in ("hard.mp4", "link.mp4", "shared/both.mp4"))
    assert alone[str(b)] == sorted(str(b / n) for n in ("hard.mp4", "real.mp4", "shared/both.mp4"))
    assert sorted(scan([str(b), str(a)]).files) == together  # (in either order)


def test_indexing_one_folder_or_all_never_flips_which_paths_are_listed(tmp_path, folders):
    a, b = folders
    lib = tmp_path / "lib"
    first = run(lib, a, b)
    assert first[-1].kind == "finished"
    want = held(lib)
    assert sorted(want) == sorted([str(a / "hard.mp4"), str(a / "link.mp4"), str(a / "shared" / "both.mp4"),
                                   str(b / "hard.mp4"), str(b / "real.mp4"), str(b / "shared" / "both.mp4")])
    assert all(status == "done" and not offline and moments for status, offline, moments in want.values())
    for folders_run in ((b,), (), (b,), (a,), ()):  # B alone, all, B again, A alone, all
        events = run(lib, *folders_run)
        assert events[-1].kind == "finished", folders_run
        assert not [e.current for e in events if e.kind == "file_started"], folders_run  # nothing embedded
        summary = events[0].summary
        assert (summary["copied"], summary["deleted"], summary["moved"]) == (0, 0, 0), (folders_run, summary)
        assert held(lib) == want, folders_run


def test_a_library_folder_inside_another_lists_the_same_paths_alone_or_with_it(tmp_path):
    """``seekframe index Videos/2024`` once ``Videos`` is a library folder makes it one of its own:
    a hard link between the two (one file, two names the user sees) and a link in ``Videos`` to a
    file in ``2024`` were listed by whichever walk reached them first, so indexing ``Videos``
    alone, ``2024`` alone or both took turns removing and copying one of the names."""
    top, sub, lib = tmp_path / "Videos", tmp_path / "Videos" / "2024", tmp_path / "lib"
    write_video(sub / "y.mp4", [Segment(2, "red")], seed=1)
    os.link(sub / "y.mp4", top / "x.mp4")
    write_video(sub / "a.mp4", [Segment(2, "blue")], seed=2)
    os.symlink(sub / "a.mp4", top / "alias.mp4")  # (its target is listed under its own name)
    write_video(top / "same" / "one.mp4", [Segment(2, "green")], seed=3)
    os.link(top / "same" / "one.mp4", top / "same" / "two.mp4")  # two names in one folder: both listed
    run(lib, top)
    run(lib, sub)
    want = held(lib)
    assert sorted(os.path.relpath(p, top) for p in want) == ["2024/a.mp4", "2024/y.mp4", "same/one.mp4",
                                                            "same/two.mp4", "x.mp4"]
    for folders_run in ((), (top,), (sub,), (), (sub, top)):
        events = run(lib, *folders_run)
        assert not [e.current for e in events if e.kind == "file_started"], folders_run
        summary = events[0].summary
        assert (summary["copied"], summary["deleted"], summary["moved"]) == (0, 0, 0), (folders_run, summary)
        assert held(lib) == want, folders_run
