"""A file moved to where a folder linked into another library folder lists it under two names
(``A/sub/lib`` a link to ``B/sub``: ``B/sub/red.mp4`` and ``A/sub/lib/red.mp4``, one file), the
folders then re-scanned one at a time. A whole re-scan gives the moved video's id, its moments and
notes, to the file's own name (``scan_links.unlinked_first``); a re-scan of A alone gave it to the
link's name (B's name not walked), B's own run then made its name a copy: removing the link later
removed the video with its notes. Both now agree: the id goes to the file's own name in B."""

from __future__ import annotations

import os
import shutil
import sys

import pytest

from tests.test_moved_id_not_through_link import _ids, _linked, _run
from tests.videos import Segment, write_video

pytestmark = [pytest.mark.skipif(sys.platform == "win32", reason="links need privileges on Windows"),
              pytest.mark.slow]


@pytest.mark.parametrize("order", ["A then B", "B then A"])
def test_one_folder_rescans_give_the_moved_id_to_the_name_through_no_link(tmp_path, order):
    a, b, lib, vid = _linked(tmp_path)
    shutil.move(a / "red.mp4", b / "sub" / "red.mp4")
    for folder in ([a, b] if order == "A then B" else [b, a]):
        _run(lib, folder)
    ids = _ids(lib)
    assert str(a / "red.mp4") not in ids
    assert ids[str(b / "sub" / "red.mp4")] == vid  # (old, A first: the id at A/sub/lib/red.mp4)
    assert ids[str(a / "sub" / "lib" / "red.mp4")] != vid  # (a copy of it)
    os.unlink(a / "sub" / "lib")  # (the link removed: the video stays, its own name)
    _run(lib, a)
    assert _ids(lib) == {str(b / "sub" / "red.mp4"): vid}


def _from_c(tmp_path):
    a, b, c, lib = tmp_path / "A", tmp_path / "B", tmp_path / "C", tmp_path / "lib"
    write_video(c / "red.mp4", [Segment(2, "red")], seed=1)
    (b / "sub").mkdir(parents=True)
    (a / "sub").mkdir(parents=True)
    os.symlink(b / "sub", a / "sub" / "lib")
    _run(lib, a, b, c)
    vid = _ids(lib)[str(c / "red.mp4")]
    shutil.move(c / "red.mp4", b / "sub" / "red.mp4")
    return a, b, c, lib, vid


@pytest.mark.parametrize("first", ["C alone", "A and B"])
def test_a_video_moved_from_a_folder_not_looked_at_goes_to_the_name_through_no_link(tmp_path, first):
    """Moved from C, a folder the run does not look at (its file known gone: ``KeptElsewhere.moved_twin``),
    or kept by its content after C's re-scan alone (``KeptElsewhere.take``): the run of A and B took the
    names in the order walked, the link's first (old: the id at A/sub/lib/red.mp4)."""
    a, b, c, lib, vid = _from_c(tmp_path)
    if first == "C alone":
        _run(lib, c)  # (its video kept by its content: the library has folders C's run does not look at)
    _run(lib, a, b)
    ids = _ids(lib)
    assert ids[str(b / "sub" / "red.mp4")] == vid
    assert ids[str(a / "sub" / "lib" / "red.mp4")] != vid


@pytest.mark.parametrize("first", ["C alone", "nothing"])
def test_a_one_folder_rescan_through_the_link_gives_a_video_moved_from_elsewhere_to_its_own_name(tmp_path, first):
    a, b, c, lib, vid = _from_c(tmp_path)
    if first == "C alone":
        _run(lib, c)
    _run(lib, a)
    _run(lib, b)
    ids = _ids(lib)
    assert ids[str(b / "sub" / "red.mp4")] == vid
    assert ids[str(a / "sub" / "lib" / "red.mp4")] != vid
