"""A file moved to where a folder linked into another library folder lists it under two names
(``A/sub/lib`` a link to ``B/sub``: ``B/sub/red.mp4`` and ``A/sub/lib/red.mp4``, one file). The
moved video's id, with its moments and notes, went to whichever name came first, here the link's
(s53 S, seed 337): removing the link later removed the video with its notes. A whole re-scan now
gives it to the file's own name, the link's name a copy of it."""

from __future__ import annotations

import os
import shutil
import sys

import pytest

from core.indexer import IndexOptions, MomentIndexer
from core.library import VideoLibrary
from core.scan_links import through_link
from tests.fakes import ColourMeanEncoder
from tests.videos import Segment, write_video

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="links need privileges on Windows")


def _run(lib, *folders):
    with VideoLibrary(str(lib)) as library:
        list(MomentIndexer(library, ColourMeanEncoder(), IndexOptions(two_pass=False)).run([str(f) for f in folders]))


def _ids(lib) -> dict[str, str]:
    with VideoLibrary(str(lib), read_only=True) as library:
        return {v.path: v.video_id for v in library.video_table.all()}


def _linked(tmp_path):
    """A/red.mp4 indexed, A/sub/lib a link to B/sub: (A, B, the library, red's id)."""
    a, b, lib = tmp_path / "A", tmp_path / "B", tmp_path / "lib"
    write_video(a / "red.mp4", [Segment(2, "red")], seed=1)
    (b / "sub").mkdir(parents=True)
    (a / "sub").mkdir()
    os.symlink(b / "sub", a / "sub" / "lib")
    _run(lib, a, b)
    return a, b, lib, _ids(lib)[str(a / "red.mp4")]


def test_a_whole_rescan_gives_the_moved_id_to_the_name_through_no_link(tmp_path):
    a, b, lib, vid = _linked(tmp_path)
    shutil.move(a / "red.mp4", b / "sub" / "red.mp4")
    _run(lib)  # (the whole library: A's walk lists A/sub/lib/red.mp4 too)
    ids = _ids(lib)
    assert str(a / "red.mp4") not in ids
    assert ids[str(b / "sub" / "red.mp4")] == vid  # (old: the id at A/sub/lib/red.mp4)
    assert ids[str(a / "sub" / "lib" / "red.mp4")] != vid  # (a copy of it)


def test_through_link(tmp_path):
    a = tmp_path / "A"
    (a / "sub").mkdir(parents=True)
    (tmp_path / "B").mkdir()
    os.symlink(tmp_path / "B", a / "sub" / "lib")
    (a / "x.mp4").write_bytes(b"x")
    os.symlink(a / "x.mp4", a / "y.mp4")
    assert through_link(str(a / "sub" / "lib" / "z.mp4"), str(a))
    assert through_link(str(a / "y.mp4"), str(a))
    assert not through_link(str(a / "x.mp4"), str(a))
    assert not through_link(str(a / "sub" / "x.mp4"), str(a))
